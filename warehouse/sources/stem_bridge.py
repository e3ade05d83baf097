"""BLS's OES STEM occupation list (100 codes, 2010 SOC) bridged to 2018 SOC: the generator of the curated file.

    python -m warehouse.sources.stem_bridge ../shared/data/reference        # rewrites warehouse/curated/stem_occupations.csv

BLS publishes its STEM definition only in 2010 SOC (`bls-oes-stem-2010soc/STEM_Occupations.xlsx`). The bridge
follows O*NET's own crosswalks, code by code:

    2010 SOC code -> every O*NET-SOC 2010 code under it (.00 and its specialties)
                  -> O*NET-SOC 2019 code (`2010_to_2019_Crosswalk.csv`)
                  -> 2018 SOC code, the first seven characters (`2019_to_SOC_Crosswalk.csv`)

Each 2018 code reached gets one row with every path that reached it. A row is a *split* when a STEM 2010 code
reaches more than one 2018 code, a *merge* when the 2018 code is also reached from another 2010 code (STEM or
not). A 2018 code reached from STEM codes only is kept: each of its parts was STEM. A code that any non-STEM 2010
code also reaches needs a decision in DECISIONS below (kept or dropped, and why); the generator fails without
one, so a new crosswalk cannot slip a mixed code in unreviewed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from warehouse.config import PACKAGE_DIR

STEM_XLSX = Path("bls-oes-stem-2010soc") / "STEM_Occupations.xlsx"
CROSSWALK_2010 = Path("onet-crosswalks") / "2010_to_2019_Crosswalk.csv"
CROSSWALK_2019 = Path("onet-crosswalks") / "2019_to_SOC_Crosswalk.csv"
CURATED_CSV = PACKAGE_DIR / "curated" / "stem_occupations.csv"
COLUMNS = ["soc_code", "soc_title", "is_stem_occupation", "bls_2010_codes", "change", "bridge", "note"]

# 2018 codes that a non-STEM 2010 code also reaches: (keep?, why). Reviewed by hand against the SOC 2018 titles.
DECISIONS: dict[str, tuple[bool, str]] = {
    "13-1082": (False, "Project Management Specialists is a business occupation (13-); only the O*NET specialty "
                "IT Project Managers came from 15-1199, and it now sits under 15-1299, which is kept"),
    "13-1161": (False, "Market Research Analysts and Marketing Specialists is a business occupation (13-); only "
                "the O*NET specialty Search Marketing Strategists came from 15-1199"),
    "15-1299": (True, "Computer Occupations, All Other is the 2018 successor of STEM 15-1199 (web administrators, "
                "GIS technologists, systems engineers, IT project managers); 43-9011 Computer Operators merged into it"),
    "15-2099": (True, "Mathematical Science Occupations, All Other succeeds STEM 15-2091 and 15-2099; from "
                "43-9111 only the O*NET specialty Bioinformatics Technicians came in"),
    "17-3029": (True, "Engineering Technologists and Technicians, All Other succeeds STEM 17-3029; military "
                "55-3017 Radar and Sonar Technicians merged into it"),
    "19-1029": (True, "Biological Scientists, All Other succeeds STEM 19-1029; O*NET's Biologists (19-1020.01, "
                "a specialty of the 2010 broad group) merged into it"),
}  # fmt: skip


@dataclass(frozen=True)
class Reference:
    """The three reference files, read: STEM 2010 codes with titles, and the two O*NET crosswalks as rows."""

    stem: dict[str, str]  # 2010 SOC code -> title, in the file's order
    walk_2010: list[dict[str, str]]
    walk_2019: list[dict[str, str]]
    sha256: dict[str, str]  # reference-relative path -> sha256 of the bytes read


def read_reference(folder: Path) -> Reference:
    """Read the files under `folder` (../shared/data/reference), checking the layout BLS and O*NET publish."""
    digests = {}
    raw = {}
    for relative in (STEM_XLSX, CROSSWALK_2010, CROSSWALK_2019):
        path = folder / relative
        if not path.is_file():
            raise FileNotFoundError(f"reference file missing: {path}")
        raw[relative] = path.read_bytes()
        digests[str(relative)] = hashlib.sha256(raw[relative]).hexdigest()
    sheet = pl.read_excel(
        io.BytesIO(raw[STEM_XLSX]), engine="calamine", sheet_name="STEM occupations list", has_header=False
    )
    rows = sheet.rows()
    if rows[1][:2] != ("OCC_CODE", "OCC_TITLE"):
        raise ValueError(f"{STEM_XLSX}: expected the header OCC_CODE, OCC_TITLE in row 2, found {rows[1]}")
    stem = {code.strip(): title.strip() for code, title, *_ in rows[2:] if code}
    if len(stem) != 100:
        raise ValueError(f"{STEM_XLSX}: expected the 100 occupations of the OES STEM definition, found {len(stem)}")

    def table(relative: Path, header: list[str]) -> list[dict[str, str]]:
        reader = csv.DictReader(io.StringIO(raw[relative].decode("utf-8-sig")))
        if reader.fieldnames != header:
            raise ValueError(f"{relative}: expected the header {header}, found {reader.fieldnames}")
        return list(reader)

    return Reference(
        stem=stem,
        walk_2010=table(CROSSWALK_2010, ["O*NET-SOC 2010 Code", "O*NET-SOC 2010 Title", "O*NET-SOC 2019 Code",
                                         "O*NET-SOC 2019 Title"]),
        walk_2019=table(CROSSWALK_2019, ["O*NET-SOC 2019 Code", "O*NET-SOC 2019 Title", "2018 SOC Code",
                                         "2018 SOC Title"]),
        sha256=digests,
    )  # fmt: skip


def bridge(ref: Reference) -> list[dict[str, str]]:
    """One row per 2018 SOC code the STEM list reaches (COLUMNS), sorted by code. Raises on an unreviewed merge."""
    to_2018 = {r["O*NET-SOC 2019 Code"]: (r["2018 SOC Code"], r["2018 SOC Title"]) for r in ref.walk_2019}
    paths: dict[str, list[str]] = defaultdict(list)  # 2018 code -> "2010 -> O*NET 2010 -> O*NET 2019 -> 2018"
    sources: dict[str, set[str]] = defaultdict(set)  # 2018 code -> every 2010 SOC code reaching it
    reached: dict[str, set[str]] = defaultdict(set)  # 2010 SOC code -> 2018 codes
    titles: dict[str, str] = {}
    for r in ref.walk_2010:
        onet_2010, onet_2019 = r["O*NET-SOC 2010 Code"], r["O*NET-SOC 2019 Code"]
        if onet_2019 not in to_2018:
            raise ValueError(f"{CROSSWALK_2010}: {onet_2019} is not in {CROSSWALK_2019}")
        soc_2010 = onet_2010[:7]
        soc_2018, titles[soc_2018] = to_2018[onet_2019]
        sources[soc_2018].add(soc_2010)
        reached[soc_2010].add(soc_2018)
        if soc_2010 in ref.stem:
            paths[soc_2018].append(f"{soc_2010} → {onet_2010} → {onet_2019} → {soc_2018}")
    missing = sorted(set(ref.stem) - set(reached))
    if missing:
        raise ValueError(f"{CROSSWALK_2010}: STEM 2010 codes with no O*NET-SOC 2010 code: {missing}")

    rows = []
    for code in sorted(paths):
        stem_sources = sorted(sources[code] & set(ref.stem))
        others = sorted(sources[code] - set(ref.stem))
        split = sorted(s for s in stem_sources if len(reached[s]) > 1)
        change = " and ".join(
            part
            for part, present in (
                (f"split of {', '.join(split)}", split),
                (f"merge of {', '.join(sorted(sources[code]))}", len(sources[code]) > 1),
            )
            if present
        )
        if others:
            if code not in DECISIONS:
                raise ValueError(
                    f"{code} {titles[code]} merges STEM {stem_sources} with non-STEM {others}: add a decision to "
                    "warehouse/sources/stem_bridge.py DECISIONS"
                )
            keep, note = DECISIONS[code]
        else:
            keep = True
            note = (
                "every 2010 code reaching it is a BLS STEM occupation" if change else "same code in 2010 and 2018 SOC"
            )
        rows.append(
            {
                "soc_code": code,
                "soc_title": titles[code],
                "is_stem_occupation": "true" if keep else "false",
                "bls_2010_codes": "; ".join(f"{s} {ref.stem[s]}" for s in stem_sources),
                "change": change or "unchanged",
                "bridge": "; ".join(sorted(set(paths[code]))),
                "note": note,
            }
        )
    stale = sorted(set(DECISIONS) - {r["soc_code"] for r in rows if r["change"] != "unchanged"})
    if stale:
        raise ValueError(f"DECISIONS for codes the bridge no longer meets as a merge: {stale}")
    return rows


def to_csv(rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> str:
    """The curated file's text: a header, then `rows`, LF line ends (the files are diffed in review)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(
            "usage: python -m warehouse.sources.stem_bridge REFERENCE_FOLDER   (../shared/data/reference)",
            file=sys.stderr,
        )
        return 2
    ref = read_reference(Path(argv[0]))
    rows = bridge(ref)
    CURATED_CSV.write_text(to_csv(rows), encoding="utf-8")
    kept = sum(r["is_stem_occupation"] == "true" for r in rows)
    print(f"wrote {CURATED_CSV}: {len(rows)} 2018 SOC codes reached, {kept} kept as STEM occupations")
    for name, digest in ref.sha256.items():
        print(f"  read {name} sha256 {digest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

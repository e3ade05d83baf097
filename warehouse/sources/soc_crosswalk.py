"""Retired 2010 SOC codes -> their 2018 SOC codes, from O*NET's crosswalks: the generator of the curated file.

    python -m warehouse.sources.soc_crosswalk ../shared/data/reference     # rewrites warehouse/curated/soc_2010_to_2018.csv

Same path as the STEM bridge (warehouse/sources/stem_bridge.py): 2010 SOC -> every O*NET-SOC 2010 code under it ->
O*NET-SOC 2019 -> 2018 SOC. Only 2010 codes that are not 2018 SOC detailed codes are kept: a code valid in both
means its 2018 occupation. `warehouse.products.codes` reads the file so pasted 2010 codes resolve, or list their candidates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from warehouse.config import PACKAGE_DIR
from warehouse.sources import stem_bridge
from warehouse.sources.stem_bridge import Reference, read_reference

CROSSWALK_CSV = PACKAGE_DIR / "curated" / "soc_2010_to_2018.csv"  # read by warehouse.products.codes

COLUMNS = ["soc_2010_code", "soc_2010_title", "soc_2018_code", "soc_2018_title"]


def retired_codes(ref: Reference) -> list[dict[str, str]]:
    """One row per (retired 2010 SOC code, 2018 SOC code it reaches), sorted."""
    to_2018 = {r["O*NET-SOC 2019 Code"]: (r["2018 SOC Code"], r["2018 SOC Title"]) for r in ref.walk_2019}
    current = {code for code, _ in to_2018.values()}
    titles: dict[str, str] = {}
    pairs: set[tuple[str, str, str]] = set()
    for r in sorted(ref.walk_2010, key=lambda r: r["O*NET-SOC 2010 Code"]):
        code = r["O*NET-SOC 2010 Code"][:7]
        if code in current:
            continue
        titles.setdefault(code, r["O*NET-SOC 2010 Title"])  # the .00 code's title sorts first where there is one
        pairs.add((code, *to_2018[r["O*NET-SOC 2019 Code"]]))
    return [
        dict(zip(COLUMNS, (code, titles[code], new, new_title), strict=True)) for code, new, new_title in sorted(pairs)
    ]


def to_csv(rows: list[dict[str, str]]) -> str:
    return stem_bridge.to_csv(rows, COLUMNS)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(
            "usage: python -m warehouse.sources.soc_crosswalk REFERENCE_FOLDER   (../shared/data/reference)",
            file=sys.stderr,
        )
        return 2
    rows = retired_codes(read_reference(Path(argv[0])))
    CROSSWALK_CSV.write_text(to_csv(rows), encoding="utf-8")
    print(f"wrote {CROSSWALK_CSV}: {len({r['soc_2010_code'] for r in rows})} retired 2010 SOC codes, {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

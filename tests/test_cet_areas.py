"""Checks on the curated SOC 2018 -> Critical and Emerging Technologies (CET, February 2024) mapping.

The CSV is the project's own judgement; these tests only guard its shape and that every SOC code is a
real 2018 SOC detailed code in the BLS definitions file.
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from transforms.core.priority import CET_AREAS

try:
    from tests.conftest import MIRROR
except ImportError:  # tests/ is not a package; compute the path the same way conftest.py does
    MIRROR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mirror"

REPO = Path(__file__).resolve().parents[1]
CSV_PATH = REPO / "warehouse" / "curated" / "cet_areas.csv"
SOC_DEFINITIONS = MIRROR / "www.bls.gov" / "soc" / "2018" / "soc_2018_definitions.xlsx"

HEADER = ["soc_code", "cet_area", "rationale"]

REQUIRED_PAIRS = {
    ("15-1221", "Artificial Intelligence"),
    ("15-1221", "Advanced Computing"),
    ("19-1042", "Biotechnologies"),
    ("17-2071", "Semiconductors and Microelectronics"),
    ("17-2071", "Clean Energy Generation and Storage"),
    # the gaps a review against O*NET's specialties closed
    ("15-1252", "Artificial Intelligence"),
    ("15-2041", "Artificial Intelligence"),
    ("19-2011", "Space Technologies and Systems"),
    ("19-2031", "Advanced Engineering Materials"),
    ("17-2141", "Highly Automated, Autonomous, and Uncrewed Systems, and Robotics"),
    ("17-2199", "Highly Automated, Autonomous, and Uncrewed Systems, and Robotics"),
    ("17-2199", "Semiconductors and Microelectronics"),
    ("17-2199", "Clean Energy Generation and Storage"),
}
# Stretches the review dropped: operating a machine that may be a robot is not robotics work, and a technician who
# runs test instruments for air and space vehicles does not work on hypersonics.
DROPPED_PAIRS = {
    ("51-4081", "Highly Automated, Autonomous, and Uncrewed Systems, and Robotics"),
    ("51-4122", "Highly Automated, Autonomous, and Uncrewed Systems, and Robotics"),
    ("51-9161", "Highly Automated, Autonomous, and Uncrewed Systems, and Robotics"),
    ("17-3021", "Hypersonics"),
}
ONET_OCCUPATIONS = MIRROR / "www.onetcenter.org" / "dl_files" / "database" / "db_30_1_text" / "Occupation Data.txt"


@pytest.fixture(scope="module")
def header_and_rows() -> tuple[list[str], list[dict[str, str]]]:
    with CSV_PATH.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows = [dict(zip(header, values, strict=True)) for values in reader]
    return header, rows


@pytest.fixture(scope="module")
def rows(header_and_rows: tuple[list[str], list[dict[str, str]]]) -> list[dict[str, str]]:
    return header_and_rows[1]


@pytest.fixture(scope="module")
def detailed_soc_codes() -> set[str]:
    if not SOC_DEFINITIONS.is_file():
        pytest.fail(f"real source file missing: {SOC_DEFINITIONS} (../shared/data must sit beside the checkout)")
    df = pl.read_excel(SOC_DEFINITIONS, engine="calamine", sheet_name="2018 SOC")
    assert {"SOC Group", "SOC Code"} <= set(df.columns), df.columns
    codes = set(df.filter(pl.col("SOC Group") == "Detailed")["SOC Code"].str.strip_chars().to_list())
    assert len(codes) == 867, len(codes)
    return codes


def test_header(header_and_rows: tuple[list[str], list[dict[str, str]]]) -> None:
    header, rows = header_and_rows
    assert header == HEADER
    assert rows, "no rows"


def test_soc_codes_are_detailed_2018_codes(rows: list[dict[str, str]], detailed_soc_codes: set[str]) -> None:
    unknown = sorted({r["soc_code"] for r in rows} - detailed_soc_codes)
    assert not unknown, f"not 2018 SOC detailed codes: {unknown}"


def test_cet_areas_are_the_18_official_names(rows: list[dict[str, str]]) -> None:
    used = {r["cet_area"] for r in rows}
    areas = set(CET_AREAS)
    assert len(areas) == 18
    assert used - areas == set(), f"unknown areas: {sorted(used - areas)}"
    assert areas - used == set(), f"areas without occupations: {sorted(areas - used)}"


def test_required_example_pairs(rows: list[dict[str, str]]) -> None:
    pairs = {(r["soc_code"], r["cet_area"]) for r in rows}
    assert pairs >= REQUIRED_PAIRS, sorted(REQUIRED_PAIRS - pairs)


def test_no_duplicate_pairs(rows: list[dict[str, str]]) -> None:
    pairs = [(r["soc_code"], r["cet_area"]) for r in rows]
    dupes = sorted({p for p in pairs if pairs.count(p) > 1})
    assert not dupes, dupes


def test_rationales(rows: list[dict[str, str]]) -> None:
    rationales = [r["rationale"] for r in rows]
    for r in rows:
        text = r["rationale"]
        assert text.strip(), f"empty rationale for {r['soc_code']} / {r['cet_area']}"
        assert text == text.strip(), f"stray whitespace in rationale for {r['soc_code']} / {r['cet_area']}"
        assert len(text) <= 200, f"rationale too long ({len(text)}) for {r['soc_code']} / {r['cet_area']}"
        assert "\n" not in text and "\r" not in text, f"multi-line rationale for {r['soc_code']}"
    repeated = sorted({t for t in rationales if rationales.count(t) > 1})
    assert not repeated, f"repeated rationales: {repeated}"


def test_stretches_stay_dropped(rows: list[dict[str, str]]) -> None:
    pairs = {(r["soc_code"], r["cet_area"]) for r in rows}
    assert pairs & DROPPED_PAIRS == set()


def test_all_other_rows_cite_real_onet_specialties_under_their_code(rows: list[dict[str, str]]) -> None:
    """An "All Other" code is mapped only through the O*NET specialties under it: each such row names at least one
    O*NET-SOC code under that SOC code, with its exact O*NET title."""
    if not ONET_OCCUPATIONS.is_file():
        pytest.fail(f"real source file missing: {ONET_OCCUPATIONS}")
    titles = dict(
        line.split("\t")[:2] for line in ONET_OCCUPATIONS.read_text(encoding="utf-8").splitlines()[1:] if line
    )
    import re

    all_other = [r for r in rows if r["soc_code"].endswith("9")]
    assert {r["soc_code"] for r in all_other} >= {"17-2199", "15-1299", "19-1029"}
    for r in all_other:
        cited = list(re.finditer(r"\d{2}-\d{4}\.\d{2}", r["rationale"]))
        assert cited, f"{r['soc_code']} / {r['cet_area']}: the rationale names no O*NET specialty"
        for found in cited:
            code, after = found.group(), r["rationale"][found.end() + 1 :]
            assert code.startswith(r["soc_code"] + "."), f"{code} is not under {r['soc_code']}"
            assert code in titles, f"{code} is not an O*NET-SOC code"
            assert after.startswith(titles[code]), f"{code} is titled {titles[code]!r} in O*NET: {after!r}"

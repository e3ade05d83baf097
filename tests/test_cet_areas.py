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
}


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

"""SOC 2018 structure and definitions, parsed from the real BLS workbooks and from copies with one change."""

from __future__ import annotations

import re

import polars as pl
import pytest

from tests.conftest import mirror_bytes
from tests.xlsx_edit import drop_row, edit_member, excel_row, insert_row, put_cell, replace_string
from transforms.errors import SourceFormatError
from transforms.raw.soc import (
    DEFINITIONS_SCHEMA,
    STRUCTURE_SCHEMA,
    parse_soc_definitions,
    parse_soc_structure,
    soc_release,
)

STRUCTURE = "soc_structure_2018.xlsx"
DEFINITIONS = "soc_2018_definitions.xlsx"
STRUCTURE_SHEET = "2018 Structure"
DEFINITIONS_SHEET = "2018 SOC"


@pytest.fixture(scope="module")
def structure_bytes() -> bytes:
    return mirror_bytes(f"www.bls.gov/soc/2018/{STRUCTURE}")


@pytest.fixture(scope="module")
def definitions_bytes() -> bytes:
    return mirror_bytes(f"www.bls.gov/soc/2018/{DEFINITIONS}")


@pytest.fixture(scope="module")
def structure(structure_bytes: bytes) -> pl.DataFrame:
    return parse_soc_structure(structure_bytes, STRUCTURE)


@pytest.fixture(scope="module")
def definitions(definitions_bytes: bytes) -> pl.DataFrame:
    return parse_soc_definitions(definitions_bytes, DEFINITIONS)


# --- structure: the real file ------------------------------------------------------------------------------------


def test_structure_counts_by_level(structure: pl.DataFrame) -> None:
    assert structure.schema == STRUCTURE_SCHEMA
    assert structure.height == 1447
    counts = dict(structure.group_by("level").len().iter_rows())
    assert counts == {"major": 23, "minor": 98, "broad": 459, "detailed": 867}
    assert structure["soc_code"].n_unique() == 1447


def test_computer_research_scientists_chain(structure: pl.DataFrame) -> None:
    by_code = {row["soc_code"]: row for row in structure.iter_rows(named=True)}
    assert by_code["15-1221"]["level"] == "detailed"
    assert by_code["15-1221"]["title"] == "Computer and Information Research Scientists"
    assert by_code["15-1221"]["parent_code"] == "15-1220"
    assert by_code["15-1220"]["level"] == "broad"
    assert by_code["15-1220"]["parent_code"] == "15-1200"
    assert by_code["15-1200"]["level"] == "minor"
    assert by_code["15-1200"]["parent_code"] == "15-0000"
    assert by_code["15-0000"]["level"] == "major"
    assert by_code["15-0000"]["parent_code"] is None
    assert by_code["15-1221"]["major_code"] == "15-0000"


def test_software_developers_title(structure: pl.DataFrame) -> None:
    row = structure.filter(pl.col("soc_code") == "15-1252")
    assert row.select("title", "level", "parent_code").rows() == [("Software Developers", "detailed", "15-1250")]


def test_parents_follow_the_sheet_not_only_the_digits(structure: pl.DataFrame) -> None:
    parent = dict(structure.select("soc_code", "parent_code").iter_rows())
    assert parent["11-3110"] == "11-3000"  # minor groups are NN-N000 or NN-NN00
    assert parent["29-1221"] == "29-1210"  # Physicians: the broad group's codes run on past 29-1218
    assert parent["29-1229"] == "29-1210"


def test_every_parent_is_a_code_one_level_up(structure: pl.DataFrame) -> None:
    up = {"minor": "major", "broad": "minor", "detailed": "broad"}
    level = dict(structure.select("soc_code", "level").iter_rows())
    pairs = structure.filter(pl.col("level") != "major").select("level", "parent_code").iter_rows()
    assert all(level.get(parent) == up[child_level] for child_level, parent in pairs)
    assert structure.filter(pl.col("level") == "major")["parent_code"].null_count() == 23


def test_release_from_sheet_names(structure_bytes: bytes, definitions_bytes: bytes) -> None:
    assert soc_release(structure_bytes, STRUCTURE) == "2018"
    assert soc_release(definitions_bytes, DEFINITIONS) == "2018"


# --- structure: a changed file raises, naming file, sheet and what was expected -------------------------------


STRUCTURE_HEADER_TEXT = "['Major Group', 'Minor Group', 'Broad Group', 'Detailed Occupation', (blank)]"
ONE_CODE = "expected exactly one code in columns A-D (major/minor/broad/detailed), found"


def test_header_moved_down_under_a_title_row(structure_bytes: bytes) -> None:
    moved = insert_row(
        structure_bytes, STRUCTURE_SHEET, 1, {"A": "2018 Standard Occupational Classification structure"}
    )
    with pytest.raises(SourceFormatError) as error:
        parse_soc_structure(moved, STRUCTURE)
    assert str(error.value) == (
        f"{STRUCTURE}: sheet '2018 Structure', row 1: expected the header {STRUCTURE_HEADER_TEXT}, found "
        "['2018 Standard Occupational Classification structure', (blank), (blank), (blank), (blank)]"
    )


def test_header_moved_down_under_an_empty_row(structure_bytes: bytes) -> None:
    moved = insert_row(structure_bytes, STRUCTURE_SHEET, 1, {})
    with pytest.raises(SourceFormatError, match=re.escape(f"{STRUCTURE}: sheet '2018 Structure', row 1: ")) as error:
        parse_soc_structure(moved, STRUCTURE)
    assert STRUCTURE_HEADER_TEXT in str(error.value)


def test_renamed_header(structure_bytes: bytes) -> None:
    renamed = replace_string(structure_bytes, "Broad Group", "Broad Occupation")
    with pytest.raises(SourceFormatError) as error:
        parse_soc_structure(renamed, STRUCTURE)
    assert str(error.value) == (
        f"{STRUCTURE}: sheet '2018 Structure', row 1: expected the header {STRUCTURE_HEADER_TEXT}, found "
        "['Major Group', 'Minor Group', 'Broad Occupation', 'Detailed Occupation', (blank)]"
    )


def test_renamed_sheet(structure_bytes: bytes) -> None:
    renamed = edit_member(structure_bytes, "xl/workbook.xml", lambda xml: xml.replace("2018 Structure", "Structure"))
    with pytest.raises(SourceFormatError) as error:
        parse_soc_structure(renamed, STRUCTURE)
    assert str(error.value) == (
        f"{STRUCTURE}: sheet names: expected exactly one sheet named like '2018 Structure', found sheets ['Structure']"
    )
    with pytest.raises(SourceFormatError) as error:
        soc_release(renamed, STRUCTURE)
    assert str(error.value) == (
        f"{STRUCTURE}: sheet names: expected exactly one sheet named like '2018 Structure' or '2018 SOC', "
        "found sheets ['Structure']"
    )


def test_code_in_the_wrong_level_column(structure_bytes: bytes) -> None:
    row = excel_row(structure_bytes, STRUCTURE_SHEET, "15-1221")
    moved = put_cell(put_cell(structure_bytes, STRUCTURE_SHEET, f"D{row}", None), STRUCTURE_SHEET, f"C{row}", "15-1221")
    with pytest.raises(SourceFormatError) as error:
        parse_soc_structure(moved, STRUCTURE)
    assert str(error.value) == (
        f"{STRUCTURE}: sheet '2018 Structure', row {row}: "
        "code 15-1221 has the form of a detailed code but sits in the broad column"
    )


@pytest.mark.parametrize(
    ("code", "column", "text", "message"),
    [
        ("15-1221", "D", "15-122", "expected a SOC code like 15-1252 in the detailed column, found '15-122'"),
        ("11-0000", "B", "11-1000", f"{ONE_CODE} major '11-0000', minor '11-1000'"),
        ("15-1252", "D", None, f"{ONE_CODE} none"),
        ("15-1252", "E", None, "code 15-1252 has no title in column E"),
        ("15-1252", "D", "15-1251", "expected codes in ascending order, found 15-1251 after 15-1251"),
    ],
    ids=["malformed code", "row with two codes", "row with no code", "code without title", "code repeated"],
)
def test_changed_cell(structure_bytes: bytes, code: str, column: str, text: str | None, message: str) -> None:
    """The cell in `column` of the row of `code` set to `text` (None: emptied)."""
    row = excel_row(structure_bytes, STRUCTURE_SHEET, code)
    changed = put_cell(structure_bytes, STRUCTURE_SHEET, f"{column}{row}", text)
    with pytest.raises(SourceFormatError) as error:
        parse_soc_structure(changed, STRUCTURE)
    assert str(error.value) == f"{STRUCTURE}: sheet '2018 Structure', row {row}: {message}"


@pytest.mark.parametrize(
    ("dropped", "message"),
    [
        # Without 15-1220, 15-1221 would sit under 15-1210; its digits say it cannot.
        ("15-1220", "detailed code 15-1221 has no broad parent above it (the nearest one in its group is 15-1210)"),
        ("15-1200", "broad code 15-1210 has no minor parent above it (its group has none)"),
        # 29-1221 may follow 29-1218 under 29-1210, but not 29-1217 (29-1218 gone): then its broad group is missing.
        ("29-1218", "detailed code 29-1221 has no broad parent above it (the nearest one in its group is 29-1210)"),
    ],
    ids=["missing broad parent", "missing minor parent", "physicians numbering only continues after 8"],
)
def test_row_dropped(structure_bytes: bytes, dropped: str, message: str) -> None:
    """The row of code `dropped` cleared: the error names the row below it."""
    row = excel_row(structure_bytes, STRUCTURE_SHEET, dropped)
    with pytest.raises(SourceFormatError) as error:
        parse_soc_structure(drop_row(structure_bytes, STRUCTURE_SHEET, row), STRUCTURE)
    assert str(error.value) == f"{STRUCTURE}: sheet '2018 Structure', row {row + 1}: {message}"


def test_codes_out_of_order(structure_bytes: bytes) -> None:
    row = excel_row(structure_bytes, STRUCTURE_SHEET, "15-1252")
    swapped = put_cell(structure_bytes, STRUCTURE_SHEET, f"D{row}", "15-1253")
    swapped = put_cell(swapped, STRUCTURE_SHEET, f"D{row + 1}", "15-1252")
    with pytest.raises(SourceFormatError) as error:
        parse_soc_structure(swapped, STRUCTURE)
    assert str(error.value) == (
        f"{STRUCTURE}: sheet '2018 Structure', row {row + 1}: "
        "expected codes in ascending order, found 15-1252 after 15-1253"
    )


def test_not_a_workbook() -> None:
    with pytest.raises(SourceFormatError, match=rf"^{re.escape(STRUCTURE)}: workbook: expected an xlsx workbook"):
        parse_soc_structure(b"Major Group,Minor Group\n", STRUCTURE)


# --- definitions: the real file ------------------------------------------------------------------------------------


def test_definitions_counts(definitions: pl.DataFrame) -> None:
    assert definitions.schema == DEFINITIONS_SCHEMA
    assert definitions.height == 1447
    counts = dict(definitions.group_by("soc_group").len().iter_rows())
    assert counts == {"Major": 23, "Minor": 98, "Broad": 459, "Detailed": 867}
    with_definition = definitions.filter(pl.col("definition").is_not_null())
    assert with_definition.height == 867
    assert set(with_definition["soc_group"]) == {"Detailed"}


def test_definition_of_computer_research_scientists(definitions: pl.DataFrame) -> None:
    row = definitions.filter(pl.col("soc_code") == "15-1221").row(0, named=True)
    assert row["title"] == "Computer and Information Research Scientists"
    assert row["definition"].startswith(
        "Conduct research into fundamental computer and information science as theorists, designers, or inventors."
    )


def test_definitions_match_structure(structure: pl.DataFrame, definitions: pl.DataFrame) -> None:
    joined = structure.join(definitions, on="soc_code", how="full", coalesce=True)
    assert joined.height == 1447
    assert (joined["title"] == joined["title_right"]).all()
    assert (joined["level"] == joined["soc_group"].str.to_lowercase()).all()


# --- definitions: a changed file raises ----------------------------------------------------------------------------


DEFINITIONS_HEADER_TEXT = "['SOC Group', 'SOC Code', 'SOC Title', 'SOC Definition']"


def test_definitions_renamed_header(definitions_bytes: bytes) -> None:
    renamed = replace_string(definitions_bytes, "SOC Definition", "Definition")
    with pytest.raises(SourceFormatError) as error:
        parse_soc_definitions(renamed, DEFINITIONS)
    assert str(error.value) == (
        f"{DEFINITIONS}: sheet '2018 SOC', row 1: expected the header {DEFINITIONS_HEADER_TEXT}, found "
        "['SOC Group', 'SOC Code', 'SOC Title', 'Definition']"
    )


def test_definitions_header_moved_down(definitions_bytes: bytes) -> None:
    moved = insert_row(definitions_bytes, DEFINITIONS_SHEET, 1, {"A": "2018 SOC Definitions"})
    with pytest.raises(SourceFormatError) as error:
        parse_soc_definitions(moved, DEFINITIONS)
    assert str(error.value) == (
        f"{DEFINITIONS}: sheet '2018 SOC', row 1: expected the header {DEFINITIONS_HEADER_TEXT}, found "
        "['2018 SOC Definitions', (blank), (blank), (blank)]"
    )


@pytest.mark.parametrize(
    ("column", "text", "message"),
    [
        ("D", None, "detailed code 15-1221 has no 'SOC Definition'"),
        ("A", "Occupation", "expected 'SOC Group' one of ('Major', 'Minor', 'Broad', 'Detailed'), found 'Occupation'"),
        ("A", "Broad", "code 15-1221 has the form of a detailed code but 'SOC Group' is 'Broad'"),
        ("B", "151221", "expected 'SOC Code' like 15-1252, found '151221'"),
    ],
    ids=["detailed code without definition", "unknown SOC group", "group does not fit code", "malformed code"],
)
def test_definitions_changed_cell(definitions_bytes: bytes, column: str, text: str | None, message: str) -> None:
    """The cell in `column` of the row of 15-1221 set to `text` (None: emptied)."""
    row = excel_row(definitions_bytes, DEFINITIONS_SHEET, "15-1221")
    changed = put_cell(definitions_bytes, DEFINITIONS_SHEET, f"{column}{row}", text)
    with pytest.raises(SourceFormatError) as error:
        parse_soc_definitions(changed, DEFINITIONS)
    assert str(error.value) == f"{DEFINITIONS}: sheet '2018 SOC', row {row}: {message}"


def test_definitions_repeated_code(definitions_bytes: bytes) -> None:
    row = excel_row(definitions_bytes, DEFINITIONS_SHEET, "15-1221")
    repeated = put_cell(definitions_bytes, DEFINITIONS_SHEET, f"B{row}", "15-1252")
    with pytest.raises(SourceFormatError) as error:
        parse_soc_definitions(repeated, DEFINITIONS)
    assert (
        str(error.value) == f"{DEFINITIONS}: sheet '2018 SOC': expected each soc_code once, found repeated ['15-1252']"
    )

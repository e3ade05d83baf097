"""NCES CIP 2020 ↔ SOC 2018 crosswalk and CIP 2020 code list, read from the real files in ../shared/data."""

from __future__ import annotations

import polars as pl
import pytest

from tests.conftest import mirror_bytes
from tests.xlsx_edit import SHARED_STRINGS, substitute
from transforms.errors import SourceFormatError
from transforms.raw.cip import (
    CIP_CODES_SCHEMA,
    CIP_SOC_SCHEMA,
    cip_release,
    parse_cip_codes,
    parse_cip_soc_crosswalk,
)

CROSSWALK = "CIP2020_SOC2018_Crosswalk.xlsx"
CODES = "CIPCode2020.csv"
# In the real workbook, sheet 'CIP-SOC' is xl/worksheets/sheet2.xml; all text cells are shared strings.
CIP_SOC_XML = "xl/worksheets/sheet2.xml"


@pytest.fixture(scope="module")
def crosswalk_bytes() -> bytes:
    return mirror_bytes(f"nces.ed.gov/ipeds/cipcode/Files/{CROSSWALK}")


@pytest.fixture(scope="module")
def codes_bytes() -> bytes:
    return mirror_bytes(f"nces.ed.gov/ipeds/cipcode/Files/{CODES}")


@pytest.fixture(scope="module")
def crosswalk(crosswalk_bytes: bytes) -> pl.DataFrame:
    return parse_cip_soc_crosswalk(crosswalk_bytes, CROSSWALK)


@pytest.fixture(scope="module")
def codes(codes_bytes: bytes) -> pl.DataFrame:
    return parse_cip_codes(codes_bytes, CODES)


def edit_csv(content: bytes, old: bytes, new: bytes) -> bytes:
    assert content.count(old) == 1, f"{old!r} must occur once"
    return content.replace(old, new)


# --- CIP-SOC crosswalk: real file -------------------------------------------------------------------------------


def test_crosswalk_counts(crosswalk: pl.DataFrame) -> None:
    assert crosswalk.schema == CIP_SOC_SCHEMA
    assert crosswalk.height == 6_097
    # 2,143 CIP codes and 868 SOC codes, each counting its 'NO MATCH' placeholder.
    assert crosswalk["cip_code"].n_unique() == 2_143
    assert crosswalk["soc_code"].n_unique() == 868
    assert crosswalk.filter(pl.col("soc_code") != "99-9999")["soc_code"].n_unique() == 867
    assert crosswalk.null_count().row(0) == (0, 0, 0, 0)


def test_crosswalk_codes_keep_their_leading_zero(crosswalk: pl.DataFrame) -> None:
    assert crosswalk.row(0) == ("01.0000", "Agriculture, General.", "19-1011", "Animal Scientists")
    assert crosswalk["cip_code"].str.contains(r"^\d{2}\.\d{4}$").all()
    assert crosswalk["soc_code"].str.contains(r"^\d{2}-\d{4}$").all()


def test_no_match_placeholders_kept(crosswalk: pl.DataFrame) -> None:
    no_occupation = crosswalk.filter(pl.col("soc_code") == "99-9999")
    assert no_occupation.height == 194
    assert no_occupation["soc_title"].unique().to_list() == ["NO MATCH"]
    assert ("01.0508", "Taxidermy/Taxidermist.", "99-9999", "NO MATCH") in no_occupation.rows()
    no_program = crosswalk.filter(pl.col("cip_code") == "99.9999")
    assert no_program.height == 180
    assert ("99.9999", "NO MATCH", "25-3041", "Tutors") in no_program.rows()


def test_computer_science_and_research_scientists(crosswalk: pl.DataFrame) -> None:
    research_scientists = crosswalk.filter(pl.col("soc_code") == "15-1221")
    assert research_scientists["soc_title"].unique().to_list() == ["Computer and Information Research Scientists"]
    assert research_scientists["cip_code"].to_list() == [
        "11.0101",
        "11.0102",
        "11.0103",
        "11.0104",
        "11.0199",
        "11.0401",
        "11.0701",
        "11.0804",
        "11.0902",
        "26.1103",
        "30.3101",
        "30.7001",
        "30.7099",
        "40.0512",
        "51.2706",
    ]
    computer_science = crosswalk.filter(pl.col("cip_code") == "11.0701")
    assert computer_science["cip_title"].unique().to_list() == ["Computer Science."]
    assert computer_science.height == 13
    assert {"15-1221", "15-1252", "15-2051", "25-1021"} <= set(computer_science["soc_code"])


def test_cip_release(crosswalk_bytes: bytes) -> None:
    assert cip_release(crosswalk_bytes, CROSSWALK) == "2020"


# --- CIP-SOC crosswalk: layout changes ----------------------------------------------------------------------------


def test_renamed_header(crosswalk_bytes: bytes) -> None:
    changed = substitute(crosswalk_bytes, SHARED_STRINGS, r"<t>CIP2020Code</t>", "<t>CIP Code</t>")
    with pytest.raises(SourceFormatError) as error:
        parse_cip_soc_crosswalk(changed, CROSSWALK)
    assert str(error.value) == (
        f"{CROSSWALK}: sheet 'CIP-SOC', row 1: expected header "
        "['CIP2020Code', 'CIP2020Title', 'SOC2018Code', 'SOC2018Title'], "
        "found ['CIP Code', 'CIP2020Title', 'SOC2018Code', 'SOC2018Title']"
    )
    with pytest.raises(SourceFormatError, match=r"row 1: expected headers 'CIP<year>Code' and 'SOC<year>Code'"):
        cip_release(changed, CROSSWALK)


def test_cip_code_without_leading_zero(crosswalk_bytes: bytes) -> None:
    changed = substitute(crosswalk_bytes, SHARED_STRINGS, r"<t>01\.0000</t>", "<t>1.0000</t>")
    with pytest.raises(SourceFormatError) as error:
        parse_cip_soc_crosswalk(changed, CROSSWALK)
    assert str(error.value) == (
        f"{CROSSWALK}: sheet 'CIP-SOC', column 'CIP2020Code', row 2: expected a CIP code 'NN.NNNN', "
        "found CIP2020Code='1.0000' (5 row(s) like this)"
    )


def test_cip_code_stored_as_a_number(crosswalk_bytes: bytes) -> None:
    """A code typed into Excel as a number loses its zero; it must fail, not be padded back by guesswork."""
    changed = substitute(crosswalk_bytes, CIP_SOC_XML, r'<c r="A2" t="s"><v>0</v></c>', '<c r="A2"><v>1.0101</v></c>')
    with pytest.raises(SourceFormatError, match=r"column 'CIP2020Code', row 2: .* found CIP2020Code='1\.0101' \(1 row"):
        parse_cip_soc_crosswalk(changed, CROSSWALK)


def test_blank_soc_title(crosswalk_bytes: bytes) -> None:
    changed = substitute(crosswalk_bytes, CIP_SOC_XML, r'<c r="D3" t="s"><v>\d+</v></c>', "")
    with pytest.raises(SourceFormatError) as error:
        parse_cip_soc_crosswalk(changed, CROSSWALK)
    assert str(error.value) == (
        f"{CROSSWALK}: sheet 'CIP-SOC', column 'SOC2018Title', row 3: expected a value (never blank), "
        "found SOC2018Title=None (1 row(s) like this)"
    )


def test_duplicate_match(crosswalk_bytes: bytes) -> None:
    # Row 3 (01.0000 -> 19-1012) gets row 2's SOC code cell, so 01.0000 -> 19-1011 appears twice.
    changed = substitute(crosswalk_bytes, CIP_SOC_XML, r'(<c r="C3" t="s"><v>)\d+(</v>)', r"\g<1>4283\g<2>")
    with pytest.raises(SourceFormatError) as error:
        parse_cip_soc_crosswalk(changed, CROSSWALK)
    assert str(error.value) == (
        f"{CROSSWALK}: sheet 'CIP-SOC', columns ['CIP2020Code', 'SOC2018Code'], row 2: expected each key once, "
        "found CIP2020Code='01.0000', SOC2018Code='19-1011' (2 row(s) like this)"
    )


def test_missing_sheet(crosswalk_bytes: bytes) -> None:
    changed = substitute(crosswalk_bytes, "xl/workbook.xml", r'name="CIP-SOC"', 'name="CIP to SOC"')
    with pytest.raises(
        SourceFormatError, match=r"sheet 'CIP-SOC': sheet not found; the workbook has \['File Guide', 'CIP to SOC'"
    ):
        parse_cip_soc_crosswalk(changed, CROSSWALK)


def test_empty_sheet(crosswalk_bytes: bytes) -> None:
    changed = substitute(crosswalk_bytes, CIP_SOC_XML, r"(?s)<sheetData>.*</sheetData>", "<sheetData/>")
    with pytest.raises(
        SourceFormatError, match=r"sheet 'CIP-SOC', row 1: expected header \['CIP2020Code', .*found \[\]$"
    ):
        parse_cip_soc_crosswalk(changed, CROSSWALK)
    with pytest.raises(SourceFormatError, match=r"sheet 'CIP-SOC', row 1: expected headers .*found \[\]$"):
        cip_release(changed, CROSSWALK)


def test_not_a_workbook() -> None:
    with pytest.raises(
        SourceFormatError, match=rf"^{CROSSWALK}: workbook: expected an xlsx workbook, could not open it"
    ):
        parse_cip_soc_crosswalk(b"<!DOCTYPE html><html><body>Not Found</body></html>", CROSSWALK)


# --- CIP 2020 codes: real file -----------------------------------------------------------------------------------


def test_codes_counts(codes: pl.DataFrame) -> None:
    assert codes.schema == CIP_CODES_SCHEMA
    assert codes.height == 2_848
    assert codes["cip_code"].n_unique() == 2_848
    assert dict(codes.group_by("cip_level").len().iter_rows()) == {2: 50, 4: 473, 6: 2_325}
    assert dict(codes.group_by("action").len().iter_rows()) == {
        "New": 544,
        "No substantive changes": 1_994,
        "Moved to": 149,
        "Moved from": 149,
        "Deleted": 12,
    }
    assert codes["text_change"].sum() == 225


def test_excel_quoting_undone(codes: pl.DataFrame) -> None:
    for column in codes.select(pl.col(pl.String)).columns:
        assert not codes[column].str.starts_with('="').any(), column
    assert codes.row(0, named=True)["cip_family"] == "01"
    assert codes["cip_code"].head(5).to_list() == ["01", "01.00", "01.0000", "01.01", "01.0101"]


def test_data_science(codes: pl.DataFrame) -> None:
    data_science = codes.filter(pl.col("cip_code").str.starts_with("30.70")).select(
        "cip_family", "cip_code", "cip_level", "action", "cip_title"
    )
    assert data_science.rows() == [
        ("30", "30.70", 4, "New", "Data Science."),
        ("30", "30.7001", 6, "New", "Data Science, General."),
        ("30", "30.7099", 6, "New", "Data Science, Other."),
    ]


def test_families_and_blank_optional_columns(codes: pl.DataFrame) -> None:
    engineering = codes.filter(pl.col("cip_code") == "14").row(0, named=True)
    assert engineering["cip_title"] == "ENGINEERING."
    assert engineering["cip_level"] == 2
    agriculture = codes.filter(pl.col("cip_code") == "01.0000").row(0, named=True)
    assert agriculture["cross_references"] == "14.0301 - Agricultural Engineering."
    assert agriculture["examples"] is None
    assert codes["cross_references"].null_count() == 2_434
    assert codes["examples"].null_count() == 2_368
    assert codes.drop("cross_references", "examples").null_count().sum_horizontal().item() == 0


def test_moved_codes(codes: pl.DataFrame) -> None:
    old = codes.filter(pl.col("cip_code") == "01.0309").row(0, named=True)
    assert (old["action"], old["cip_definition"]) == ("Moved from", "Moved from 01.0309 to 01.1004")
    assert codes.filter(pl.col("cip_code") == "01.1004")["action"].item() == "Moved to"


# --- CIP 2020 codes: layout changes ------------------------------------------------------------------------------


def test_codes_renamed_header(codes_bytes: bytes) -> None:
    changed = edit_csv(codes_bytes, b'"CIPCode"', b'"CIP Code"')
    with pytest.raises(SourceFormatError) as error:
        parse_cip_codes(changed, CODES)
    assert str(error.value) == (
        f"{CODES}: header row: expected columns ['CIPFamily', 'CIPCode', 'Action', 'TextChange', 'CIPTitle', "
        "'CIPDefinition', 'CrossReferences', 'Examples'], found ['CIPFamily', 'CIP Code', 'Action', 'TextChange', "
        "'CIPTitle', 'CIPDefinition', 'CrossReferences', 'Examples']"
    )


def test_codes_bad_code(codes_bytes: bytes) -> None:
    changed = edit_csv(codes_bytes, b'="01.0101"', b'="1.0101"')
    with pytest.raises(SourceFormatError) as error:
        parse_cip_codes(changed, CODES)
    assert str(error.value) == (
        f"{CODES}: column 'CIPCode', row 6: expected a CIP code 'NN', 'NN.NN' or 'NN.NNNN', "
        "found CIPCode='1.0101' (1 row(s) like this)"
    )


def test_codes_family_mismatch(codes_bytes: bytes) -> None:
    changed = edit_csv(codes_bytes, b'="01",="01.0101"', b'="02",="01.0101"')
    with pytest.raises(SourceFormatError) as error:
        parse_cip_codes(changed, CODES)
    assert str(error.value) == (
        f"{CODES}: column 'CIPCode', row 6: expected the code to start with its CIPFamily, "
        "found CIPFamily='02', CIPCode='01.0101' (1 row(s) like this)"
    )


def test_codes_unknown_action(codes_bytes: bytes) -> None:
    changed = edit_csv(codes_bytes, b'="30.7001","New"', b'="30.7001","Added"')
    with pytest.raises(
        SourceFormatError, match=r"column 'Action', row \d+: expected one of \['New', .*found Action='Added'"
    ):
        parse_cip_codes(changed, CODES)


def test_codes_blank_title(codes_bytes: bytes) -> None:
    changed = edit_csv(codes_bytes, b'"Data Science, General."', b'""')
    with pytest.raises(
        SourceFormatError, match=r"column 'CIPTitle', row \d+: expected a value \(never blank\), found CIPTitle=''"
    ):
        parse_cip_codes(changed, CODES)


def test_codes_not_a_csv() -> None:
    with pytest.raises(SourceFormatError, match=rf"^{CODES}: header row: expected columns \['CIPFamily'"):
        parse_cip_codes(b"<!DOCTYPE html>\n<html><body>Not Found</body></html>\n", CODES)

"""DHS STEM Designated Degree Program List (PDF), read from the real July 2024 list and small hand-made PDFs."""

from __future__ import annotations

import io

import polars as pl
import pytest
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from tests.conftest import mirror_bytes
from transforms.errors import SourceFormatError
from transforms.raw.cip import parse_cip_codes
from transforms.raw.stem import (
    STEM_CHECKED_SCHEMA,
    STEM_SCHEMA,
    check_stem_codes_in_cip,
    parse_stem_list,
    stem_list_release,
)

STEM_PDF = "stemList2024.pdf"
HEADER = ["DHS STEM Designated Degree Program List", "Last Updated: July 22, 2024", "CIP Code Title"]


@pytest.fixture(scope="module")
def stem_bytes() -> bytes:
    return mirror_bytes(f"www.ice.gov/doclib/sevis/pdf/{STEM_PDF}")


@pytest.fixture(scope="module")
def stem(stem_bytes: bytes) -> pl.DataFrame:
    return parse_stem_list(stem_bytes, STEM_PDF)


@pytest.fixture(scope="module")
def cip_codes() -> pl.DataFrame:
    return parse_cip_codes(mirror_bytes("nces.ed.gov/ipeds/cipcode/Files/CIPCode2020.csv"), "CIPCode2020.csv")


def text_pdf(*pages: list[str]) -> bytes:
    """A PDF whose pages hold the given lines of text, one text line each (no lines: a blank page)."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        if not lines:
            continue
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
        shown = "".join(f"({line.replace('(', '[').replace(')', ']')}) Tj T* " for line in lines)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 8 Tf 10 TL 40 760 Td {shown}ET".encode("latin-1"))
        page.replace_contents(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- the real July 2024 list --------------------------------------------------------------------------------------


def test_540_codes(stem: pl.DataFrame) -> None:
    assert stem.schema == STEM_SCHEMA
    assert stem.height == 540
    assert stem["cip_code"].n_unique() == 540
    assert stem["cip_code"].str.contains(r"^\d{2}\.\d{4}$").all()
    assert (stem["two_digit_series"] == stem["cip_code"].str.slice(0, 2)).all()
    assert stem["two_digit_series"].n_unique() == 22


def test_known_codes(stem: pl.DataFrame) -> None:
    titles = dict(stem.select("cip_code", "cip_title").iter_rows())
    assert titles["30.7001"] == "Data Science, General."
    assert titles["11.0701"] == "Computer Science."
    assert titles["14.1901"] == "Mechanical Engineering."
    assert stem.row(0) == ("01.0308", "Agroecology and Sustainable Agriculture.", "01")
    assert stem.row(-1) == ("52.1399", "Management Sciences and Quantitative Methods, Other.", "52")


def test_wrapped_titles(stem: pl.DataFrame) -> None:
    titles = dict(stem.select("cip_code", "cip_title").iter_rows())
    # Printed over two lines, and with the title on a line of its own after a blank line.
    assert titles["15.0407"] == "Mechatronics, Robotics, and Automation Engineering Technology/Technician."
    assert titles["01.1002"] == "Food Technology and Processing."
    # As printed, without CIP's final period.
    assert titles["30.4801"] == "Linguistics and Computer Science"


def test_release(stem_bytes: bytes) -> None:
    assert stem_list_release(stem_bytes, STEM_PDF) == "2024-07-22"


def test_codes_in_cip_2020(stem: pl.DataFrame, cip_codes: pl.DataFrame) -> None:
    checked = check_stem_codes_in_cip(stem, cip_codes, STEM_PDF)
    assert checked.schema == STEM_CHECKED_SCHEMA
    assert checked["in_cip_2020"].all()
    # The four wholly designated families are printed with their series, padded to NN.NNNN.
    assert dict(checked.group_by("cip_level").len().iter_rows()) == {6: 466, 4: 70, 2: 4}
    summaries = checked.filter(pl.col("cip_level") < 6)
    assert sorted(summaries["two_digit_series"].unique()) == ["14", "26", "27", "40"]
    levels = dict(checked.select("cip_code", "cip_level").iter_rows())
    assert (levels["14.0000"], levels["14.0100"], levels["14.0101"]) == (2, 4, 6)
    # Real 6-digit codes that end in zeros stay programs.
    assert (levels["15.0000"], levels["41.0000"]) == (6, 6)


def test_unknown_codes_flagged(stem: pl.DataFrame, cip_codes: pl.DataFrame) -> None:
    invented = pl.DataFrame(
        {
            "cip_code": ["11.0798", "14.9800"],
            "cip_title": ["Invented.", "INVENTED SERIES."],
            "two_digit_series": ["11", "14"],
        }
    )
    checked = check_stem_codes_in_cip(pl.concat([stem, invented]), cip_codes, STEM_PDF)
    unknown = checked.filter(~pl.col("in_cip_2020"))
    assert unknown.select("cip_code", "cip_level").rows() == [("11.0798", None), ("14.9800", None)]


def test_too_many_unknown_codes(stem: pl.DataFrame, cip_codes: pl.DataFrame) -> None:
    codes = [f"11.07{n}" for n in range(90, 96)]
    invented = pl.DataFrame({"cip_code": codes, "cip_title": ["Invented."] * 6, "two_digit_series": ["11"] * 6})
    with pytest.raises(SourceFormatError) as error:
        check_stem_codes_in_cip(pl.concat([stem, invented]), cip_codes, STEM_PDF)
    assert str(error.value) == (
        f"{STEM_PDF}: column 'cip_code': expected at most 5 codes missing from CIP 2020, found 6: {codes}"
    )


def test_retired_cip_code_is_unknown(cip_codes: pl.DataFrame) -> None:
    # 01.0309 moved to 01.1004 in CIP 2020: the old code is no longer a CIP 2020 program.
    stem = pl.DataFrame(
        {
            "cip_code": ["01.0309", "01.1004"],
            "cip_title": ["Viticulture and Enology."] * 2,
            "two_digit_series": ["01"] * 2,
        }
    )
    checked = check_stem_codes_in_cip(stem, cip_codes, STEM_PDF)
    assert checked["in_cip_2020"].to_list() == [False, True]


# --- files that are not the list -----------------------------------------------------------------------------------


def test_html_page_is_not_a_pdf() -> None:
    html = b"<!DOCTYPE html><html><head><title>Page Not Found | ICE</title></head></html>"
    for parse in (parse_stem_list, stem_list_release):
        with pytest.raises(SourceFormatError) as error:
            parse(html, STEM_PDF)
        assert str(error.value) == (
            f"{STEM_PDF}: file start: expected a PDF (bytes starting '%PDF-'), found {html[:40]!r}"
        )


def test_broken_pdf() -> None:
    with pytest.raises(SourceFormatError, match=rf"^{STEM_PDF}: file: expected a readable PDF"):
        parse_stem_list(b"%PDF-1.7\n%truncated download", STEM_PDF)


def test_blank_pdf_has_no_codes() -> None:
    blank = text_pdf([])
    with pytest.raises(SourceFormatError) as error:
        parse_stem_list(blank, STEM_PDF)
    assert str(error.value) == (
        f"{STEM_PDF}: table 'CIP Code Title': expected at least 400 rows 'NN NN.NNNN Title', found 0"
    )
    with pytest.raises(SourceFormatError) as error:
        stem_list_release(blank, STEM_PDF)
    assert str(error.value) == f"{STEM_PDF}: page 1: expected one 'Last Updated: <Month D, YYYY>' date, found none"


def test_too_few_codes() -> None:
    pdf = text_pdf([*HEADER, "01 01.0308 Agroecology and Sustainable Agriculture.", "11 11.0701 Computer Science."])
    with pytest.raises(SourceFormatError, match=r"expected at least 400 rows 'NN NN\.NNNN Title', found 2$"):
        parse_stem_list(pdf, STEM_PDF)


def test_series_does_not_match_code() -> None:
    pdf = text_pdf(HEADER, ["CIP Code Title", "01 01.0308 Agroecology.", "12 11.0701 Computer Science."])
    with pytest.raises(SourceFormatError) as error:
        parse_stem_list(pdf, STEM_PDF)
    assert str(error.value) == (
        f"{STEM_PDF}: page 2, code 11.0701: expected the series to be the code's first two digits, "
        "found 12 11.0701 'Computer Science.' (1 row(s) like this)"
    )


def test_code_listed_twice() -> None:
    pdf = text_pdf([*HEADER, "11 11.0701 Computer Science.", "11 11.0701 Computer Science."])
    with pytest.raises(SourceFormatError, match=r"page 1, code 11\.0701: expected each code once, .* \(2 row"):
        parse_stem_list(pdf, STEM_PDF)


def test_row_without_title() -> None:
    pdf = text_pdf([*HEADER, "11 11.0701"])
    with pytest.raises(SourceFormatError, match=r"page 1, code 11\.0701: expected a title, found 11 11\.0701 ''"):
        parse_stem_list(pdf, STEM_PDF)


def test_misread_row_is_not_taken_for_a_wrapped_title() -> None:
    pdf = text_pdf([*HEADER, "11 11.0701 Computer Science.", "11 11.701 Data Processing."])
    with pytest.raises(SourceFormatError) as error:
        parse_stem_list(pdf, STEM_PDF)
    assert str(error.value) == (
        f"{STEM_PDF}: page 1: expected a row 'NN NN.NNNN Title' or a title's wrap, found '11 11.701 Data Processing.'"
    )


def test_row_above_the_table_header() -> None:
    pdf = text_pdf(["11 11.0701 Computer Science.", *HEADER])
    with pytest.raises(SourceFormatError, match=r"page 1: expected rows only under 'CIP Code Title', found '11 11"):
        parse_stem_list(pdf, STEM_PDF)


def test_release_dates_disagree() -> None:
    pdf = text_pdf(["Last Updated: July 22, 2024", "Last Updated: May 10, 2022"])
    with pytest.raises(
        SourceFormatError, match=r"page 1: expected one 'Last Updated: .*found \['July 22, 2024', 'May 10, 2022'\]"
    ):
        stem_list_release(pdf, STEM_PDF)


def test_release_date_not_a_date() -> None:
    pdf = text_pdf(["Last Updated: Julember 22, 2024"])
    with pytest.raises(SourceFormatError, match=r"page 1: 'Last Updated' date 'Julember 22, 2024' is not a date"):
        stem_list_release(pdf, STEM_PDF)

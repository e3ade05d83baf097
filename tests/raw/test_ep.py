"""BLS Employment Projections tables 5.4 and 1.2, parsed from the real workbooks and from copies with one change."""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl
import pytest

from tests.conftest import mirror_bytes
from tests.xlsx_edit import SHARED_STRINGS, edit_member, excel_row, insert_row, put_cell, replace_string
from transforms.errors import SourceFormatError
from transforms.raw.ep import (
    EDUCATION_SCHEMA,
    OCCUPATION_SCHEMA,
    ep_education_year,
    ep_projection_period,
    parse_ep_education,
    parse_ep_occupation,
)

EDUCATION = "education.xlsx"
OCCUPATION = "occupation.xlsx"
TABLE_5_4 = "Table 5.4"
TABLE_1_2 = "Table 1.2"

# PROVENANCE.md, Caveats: EP codes that are aggregates of 2018 SOC detailed codes.
EP_AGGREGATE_CODES = [
    "13-1020",
    "13-2020",
    "21-1018",
    "25-2052",
    "25-9045",
    "29-2010",
    "31-1120",
    "39-7010",
    "47-4090",
    "51-2028",
    "51-2090",
    "53-1047",
]

EDUCATION_HEADER_TEXT = (
    "['2024 National Employment Matrix title', '2024 National Employment Matrix code', "
    "'Typical education needed for entry', 'Work experience in a related occupation', "
    "'Typical on-the-job training needed to attain competency in the occupation', "
    "'Related Occupational Outlook Handbook (OOH) content']"
)
OCCUPATION_HEADER_TEXT = (
    "['2024 National Employment Matrix title', '2024 National Employment Matrix code', 'Occupation type', "
    "'Employment, 2024', 'Employment, 2034', 'Employment distribution, percent, 2024', "
    "'Employment distribution, percent, 2034', 'Employment change, numeric, 2024–34', "
    "'Employment change, percent, 2024–34', 'Percent self employed, 2024', "
    "'Occupational openings, 2024–34 annual average', 'Median annual wage, dollars, 2024[1]', "
    "'Typical education needed for entry', 'Work experience in a related occupation', "
    "'Typical on-the-job training needed to attain competency in the occupation', "
    "'Related Occupational Outlook Handbook (OOH) content xlsx']"
)


@pytest.fixture(scope="module")
def education_bytes() -> bytes:
    return mirror_bytes(f"www.bls.gov/emp/ind-occ-matrix/{EDUCATION}")


@pytest.fixture(scope="module")
def occupation_bytes() -> bytes:
    return mirror_bytes(f"www.bls.gov/emp/ind-occ-matrix/{OCCUPATION}")


@pytest.fixture(scope="module")
def education(education_bytes: bytes) -> pl.DataFrame:
    return parse_ep_education(education_bytes, EDUCATION)


@pytest.fixture(scope="module")
def occupation(occupation_bytes: bytes) -> pl.DataFrame:
    return parse_ep_occupation(occupation_bytes, OCCUPATION)


def raises(parse: Callable[[bytes, str], object], content: bytes, file_name: str) -> str:
    """The message of the SourceFormatError `parse` raises on `content`."""
    with pytest.raises(SourceFormatError) as error:
        parse(content, file_name)
    return str(error.value)


# --- Table 5.4: the real file --------------------------------------------------------------------------------------


def test_education_rows(education: pl.DataFrame) -> None:
    assert education.schema == EDUCATION_SCHEMA
    assert education.height == 832
    assert education["ep_code"].n_unique() == 832
    assert education.null_count().row(0) == (0,) * len(EDUCATION_SCHEMA)
    assert not education["title"].str.starts_with("Source").any()


def test_education_spot_values(education: pl.DataFrame) -> None:
    label = dict(education.select("ep_code", "typical_education").iter_rows())
    assert label["15-1221"] == "Master's degree"
    assert label["29-1051"] == "Doctoral or professional degree"
    assert label["23-1011"] == "Doctoral or professional degree"
    titles = dict(education.select("ep_code", "title").iter_rows())
    assert titles["29-1051"] == "Pharmacists"
    assert titles["23-1011"] == "Lawyers"
    row = education.filter(pl.col("ep_code") == "11-9121").row(0, named=True)
    assert row == {
        "ep_code": "11-9121",
        "title": "Natural sciences managers",
        "typical_education": "Bachelor's degree",
        "work_experience": "5 years or more",
        "on_the_job_training": "None",
        "has_ooh_content": True,
    }


def test_education_counts_by_typical_education(education: pl.DataFrame) -> None:
    assert dict(education.group_by("typical_education").len().iter_rows()) == {
        "High school diploma or equivalent": 326,
        "Bachelor's degree": 178,
        "No formal educational credential": 109,
        "Doctoral or professional degree": 73,
        "Postsecondary nondegree award": 51,
        "Associate's degree": 48,
        "Master's degree": 40,
        "Some college, no degree": 7,
    }


def test_ep_aggregate_codes_present(education: pl.DataFrame, occupation: pl.DataFrame) -> None:
    assert set(EP_AGGREGATE_CODES) <= set(education["ep_code"])
    line_items = occupation.filter(pl.col("occupation_type") == "Line item")
    assert set(EP_AGGREGATE_CODES) <= set(line_items["ep_code"])


def test_education_year(education_bytes: bytes) -> None:
    assert ep_education_year(education_bytes, EDUCATION) == "2024"


# --- Table 5.4: a changed file raises --------------------------------------------------------------------------


def test_education_renamed_header(education_bytes: bytes) -> None:
    renamed = replace_string(education_bytes, "Work experience in a related occupation", "Work experience")
    assert raises(parse_ep_education, renamed, EDUCATION) == (
        f"{EDUCATION}: sheet '{TABLE_5_4}', row 2: expected the header {EDUCATION_HEADER_TEXT}, found "
        "['2024 National Employment Matrix title', '2024 National Employment Matrix code', "
        "'Typical education needed for entry', 'Work experience', "
        "'Typical on-the-job training needed to attain competency in the occupation', "
        "'Related Occupational Outlook Handbook (OOH) content']"
    )


def test_education_header_moved_down(education_bytes: bytes) -> None:
    moved = insert_row(education_bytes, TABLE_5_4, 2, {})
    assert raises(parse_ep_education, moved, EDUCATION) == (
        f"{EDUCATION}: sheet '{TABLE_5_4}', row 2: expected the header {EDUCATION_HEADER_TEXT}, found "
        "[(blank), (blank), (blank), (blank), (blank), (blank)]"
    )


def test_education_table_moved_down(education_bytes: bytes) -> None:
    moved = insert_row(education_bytes, TABLE_5_4, 1, {})
    assert raises(parse_ep_education, moved, EDUCATION) == (
        f"{EDUCATION}: sheet '{TABLE_5_4}', row 1 (title): expected 'Table 5.4 Education and training assignments "
        "by detailed occupation, YYYY', found ''"
    )


def test_education_occupation_row_after_the_source_line(education_bytes: bytes) -> None:
    source_row = excel_row(
        education_bytes, TABLE_5_4, "Source: Employment Projections program, U.S. Bureau of Labor Statistics"
    )
    extra = {"A": "Data scientists", "B": "15-2051", "C": "Bachelor's degree", "D": "None", "E": "None", "F": "—"}
    appended = insert_row(education_bytes, TABLE_5_4, source_row + 1, extra)
    assert raises(parse_ep_education, appended, EDUCATION) == (
        f"{EDUCATION}: sheet '{TABLE_5_4}', row {source_row + 1}: expected only note lines (text in column A alone) "
        f"after the one in row {source_row} ('Source: Employment Projections program, U.S. Bureau of Labor "
        "Statistics'), found an occupation row ['Data scientists', '15-2051', \"Bachelor's degree\", 'None', "
        "'None', '—']"
    )


def test_education_malformed_code(education_bytes: bytes) -> None:
    row = excel_row(education_bytes, TABLE_5_4, "15-1221")
    broken = replace_string(education_bytes, "15-1221", "15-1221.00")
    assert raises(parse_ep_education, broken, EDUCATION) == (
        f"{EDUCATION}: sheet '{TABLE_5_4}', row {row}, column '2024 National Employment Matrix code': "
        "expected a code like 15-1252, found '15-1221.00'"
    )


def test_education_repeated_code(education_bytes: bytes) -> None:
    row = excel_row(education_bytes, TABLE_5_4, "15-1221")
    repeated = put_cell(education_bytes, TABLE_5_4, f"B{row + 1}", "15-1221")
    assert raises(parse_ep_education, repeated, EDUCATION) == (
        f"{EDUCATION}: sheet '{TABLE_5_4}', row {row}, column '2024 National Employment Matrix code': "
        "expected each code once, found '15-1221' (and 1 more row)"
    )


def test_education_unknown_label(education_bytes: bytes) -> None:
    row = excel_row(education_bytes, TABLE_5_4, "15-1221")
    changed = put_cell(education_bytes, TABLE_5_4, f"C{row}", "Master's degree or higher")
    message = raises(parse_ep_education, changed, EDUCATION)
    assert message.startswith(
        f"{EDUCATION}: sheet '{TABLE_5_4}', row {row}, column 'Typical education needed for entry': "
        "expected one of ['Doctoral or professional degree', \"Master's degree\", "
    )
    assert message.endswith('found "Master\'s degree or higher"')


def test_education_unavailable_label_not_accepted(education_bytes: bytes) -> None:
    row = excel_row(education_bytes, TABLE_5_4, "15-1221")
    changed = put_cell(education_bytes, TABLE_5_4, f"D{row}", "—")
    assert raises(parse_ep_education, changed, EDUCATION) == (
        f"{EDUCATION}: sheet '{TABLE_5_4}', row {row}, column 'Work experience in a related occupation': "
        "expected one of ['5 years or more', 'Less than 5 years', 'None'], found '—'"
    )


def test_education_missing_sheet(education_bytes: bytes) -> None:
    renamed = edit_member(education_bytes, "xl/workbook.xml", lambda xml: xml.replace('"Table 5.4"', '"Table 5.5"'))
    assert raises(parse_ep_education, renamed, EDUCATION) == (
        f"{EDUCATION}: sheet '{TABLE_5_4}': expected this sheet, found sheets "
        "['Index', 'Table 5.1', 'Table 5.2', 'Table 5.3', 'Table 5.5']"
    )


def test_not_a_workbook() -> None:
    message = raises(parse_ep_occupation, b"<html>Access Denied</html>", OCCUPATION)
    assert message.startswith(f"{OCCUPATION}: workbook: expected an xlsx workbook, could not open it: ")


# --- Table 1.2: the real file --------------------------------------------------------------------------------------


def test_occupation_rows(occupation: pl.DataFrame) -> None:
    assert occupation.schema == OCCUPATION_SCHEMA
    assert dict(occupation.group_by("occupation_type").len().iter_rows()) == {"Line item": 832, "Summary": 281}
    assert occupation["ep_code"].n_unique() == 1113
    required = [name for name in OCCUPATION_SCHEMA if name.startswith(("employment", "annual_openings"))]
    assert occupation.select(required).null_count().row(0) == (0,) * len(required)


def test_occupation_total_and_software_developers(occupation: pl.DataFrame) -> None:
    total = occupation.filter(pl.col("ep_code") == "00-0000").row(0, named=True)
    assert total["title"] == "Total, all occupations"
    assert (total["employment_base_thousands"], total["employment_projected_thousands"]) == (169956.1, 175167.9)
    assert total["median_annual_wage_dollars"] == 49500
    software = occupation.filter(pl.col("ep_code") == "15-1252").row(0, named=True)
    assert software == {
        "ep_code": "15-1252",
        "title": "Software developers",
        "occupation_type": "Line item",
        "employment_base_thousands": 1693.8,
        "employment_projected_thousands": 1961.4,
        "employment_distribution_base_percent": 1.0,
        "employment_distribution_projected_percent": 1.1,
        "employment_change_thousands": 267.7,
        "employment_change_percent": 15.8,
        "self_employed_base_percent": 1.6,
        "annual_openings_thousands": 115.2,
        "median_annual_wage_dollars": 133080,
        "median_annual_wage_marker": None,
        "typical_education": "Bachelor's degree",
        "work_experience": "None",
        "on_the_job_training": "None",
        "has_ooh_content": True,
    }


def test_occupation_wage_lower_bounds_and_gaps(occupation: pl.DataFrame) -> None:
    bounded = occupation.filter(pl.col("median_annual_wage_marker") == ">=")
    assert bounded.height == 19
    assert set(bounded["median_annual_wage_dollars"]) == {239200}
    assert "29-1211" in set(bounded["ep_code"])  # Anesthesiologists
    assert occupation["median_annual_wage_marker"].drop_nulls().unique().to_list() == [">="]
    missing = occupation.filter(pl.col("median_annual_wage_dollars").is_null())
    assert missing.height == 9
    assert "27-2011" in set(missing["ep_code"])  # Actors
    assert missing["median_annual_wage_marker"].null_count() == 9
    assert occupation["self_employed_base_percent"].null_count() == 219


def test_occupation_summary_rows_have_no_assignments(occupation: pl.DataFrame) -> None:
    assignments = ["typical_education", "work_experience", "on_the_job_training"]
    summary = occupation.filter(pl.col("occupation_type") == "Summary")
    line_items = occupation.filter(pl.col("occupation_type") == "Line item")
    assert summary.select(assignments).null_count().row(0) == (281, 281, 281)
    assert line_items.select(assignments).null_count().row(0) == (0, 0, 0)


def test_occupation_line_items_agree_with_table_5_4(education: pl.DataFrame, occupation: pl.DataFrame) -> None:
    columns = ["ep_code", "typical_education", "work_experience", "on_the_job_training"]
    line_items = occupation.filter(pl.col("occupation_type") == "Line item").select(columns).sort("ep_code")
    assert line_items.equals(education.select(columns).sort("ep_code"))


def test_projection_period(occupation_bytes: bytes) -> None:
    assert ep_projection_period(occupation_bytes, OCCUPATION, TABLE_1_2) == "2024-2034"  # "2024–2034"
    assert ep_projection_period(occupation_bytes, OCCUPATION, "Table 1.10") == "2024-2034"  # "projected 2024–34"
    assert ep_projection_period(occupation_bytes, OCCUPATION, "Table 1.1") == "2024-2034"  # "2024 and projected 2034"
    hyphen = put_cell(occupation_bytes, TABLE_1_2, "A1", "Table 1.2 Occupational projections, 2024-34, and more")
    assert ep_projection_period(hyphen, OCCUPATION, TABLE_1_2) == "2024-2034"


def test_projection_period_absent(education_bytes: bytes) -> None:
    with pytest.raises(SourceFormatError) as error:
        ep_projection_period(education_bytes, EDUCATION, TABLE_5_4)
    assert str(error.value) == (
        f"{EDUCATION}: sheet '{TABLE_5_4}', row 1 (title): expected a projection period such as '2024–34' or "
        "'2024 and projected 2034', found 'Table 5.4 Education and training assignments by detailed occupation, 2024'"
    )


def test_next_release_years_follow_the_title(occupation_bytes: bytes) -> None:
    """A 2025–35 table with the same layout parses: the expected header is built from the title's years."""

    def next_years(match: re.Match[str]) -> str:
        text = match[2]
        if not re.fullmatch(r"\d{2}-\d{4}", text):  # leave codes alone
            text = text.replace("2024", "2025").replace("2034", "2035").replace("–34", "–35")
        return f"<t{match[1]}>{text}</t>"

    shifted = edit_member(
        occupation_bytes, SHARED_STRINGS, lambda xml: re.sub(r"<t((?: [^>]*)?)>([^<]*)</t>", next_years, xml)
    )
    assert ep_projection_period(shifted, OCCUPATION, TABLE_1_2) == "2025-2035"
    assert parse_ep_occupation(shifted, OCCUPATION).height == 1113
    with pytest.raises(SourceFormatError, match=re.escape("row 2: expected the header ['2025 National Employment")):
        parse_ep_occupation(replace_string(shifted, "Employment, 2035", "Employment, 2034"), OCCUPATION)


# --- Table 1.2: a changed file raises --------------------------------------------------------------------------


def test_occupation_title_without_unit(occupation_bytes: bytes) -> None:
    title = "Table 1.2 Occupational projections, 2024–2034, and worker characteristics, 2024"
    changed = put_cell(occupation_bytes, TABLE_1_2, "A1", title)
    assert raises(parse_ep_occupation, changed, OCCUPATION) == (
        f"{OCCUPATION}: sheet '{TABLE_1_2}', row 1 (title): expected 'Table 1.2 Occupational projections, "
        "YYYY–YYYY, and worker characteristics, YYYY (Employment in thousands)', found "
        f"'{title}'"
    )


def test_occupation_characteristics_of_another_year(occupation_bytes: bytes) -> None:
    title = "Table 1.2 Occupational projections, 2024–2034, and worker characteristics, 2023 (Employment in thousands)"
    changed = put_cell(occupation_bytes, TABLE_1_2, "A1", title)
    assert raises(parse_ep_occupation, changed, OCCUPATION) == (
        f"{OCCUPATION}: sheet '{TABLE_1_2}', row 1 (title): expected worker characteristics of the base year 2024, "
        "found 2023"
    )


def test_occupation_renamed_header(occupation_bytes: bytes) -> None:
    renamed = replace_string(occupation_bytes, "Occupation type", "Type")
    message = raises(parse_ep_occupation, renamed, OCCUPATION)
    assert message.startswith(
        f"{OCCUPATION}: sheet '{TABLE_1_2}', row 2: expected the header {OCCUPATION_HEADER_TEXT}, found "
        "['2024 National Employment Matrix title', '2024 National Employment Matrix code', 'Type', "
    )


def test_occupation_header_moved_down(occupation_bytes: bytes) -> None:
    moved = insert_row(occupation_bytes, TABLE_1_2, 2, {"A": "(Employment in thousands)"})
    assert raises(parse_ep_occupation, moved, OCCUPATION) == (
        f"{OCCUPATION}: sheet '{TABLE_1_2}', row 2: expected the header {OCCUPATION_HEADER_TEXT}, found "
        "['(Employment in thousands)'" + ", (blank)" * 15 + "]"
    )


def test_occupation_line_item_without_education(occupation_bytes: bytes) -> None:
    row = excel_row(occupation_bytes, TABLE_1_2, "15-1252")
    changed = put_cell(occupation_bytes, TABLE_1_2, f"M{row}", "—")
    message = raises(parse_ep_occupation, changed, OCCUPATION)
    assert message.startswith(
        f"{OCCUPATION}: sheet '{TABLE_1_2}', row {row}, column 'Typical education needed for entry': "
        "expected one of ['Doctoral or professional degree', "
    )
    assert message.endswith("found '—'")


@pytest.mark.parametrize(
    ("code", "cell", "text", "column", "expected"),
    [
        ("29-1211", "L", "$239,200 or more", "Median annual wage, dollars, 2024[1]", 'dollars, ">=$N,NNN" or "—"'),
        ("15-1252", "L", "133080.5", "Median annual wage, dollars, 2024[1]", "whole dollars"),
        ("15-1252", "D", "—", "Employment, 2024", "a number"),
        ("15-1252", "C", "Detail", "Occupation type", "one of ['Line item', 'Summary']"),
        ("15-1252", "P", "See OOH", "Related Occupational Outlook Handbook (OOH) content xlsx", '"OOH Content" or "—"'),
    ],
    ids=["unreadable wage", "wage with cents", "employment unavailable", "unknown type", "unknown OOH marker"],
)
def test_occupation_changed_cell(
    occupation_bytes: bytes, code: str, cell: str, text: str, column: str, expected: str
) -> None:
    """The cell in column `cell` of the row of `code` set to `text`: the message names row, column and text."""
    row = excel_row(occupation_bytes, TABLE_1_2, code)
    changed = put_cell(occupation_bytes, TABLE_1_2, f"{cell}{row}", text)
    assert raises(parse_ep_occupation, changed, OCCUPATION) == (
        f"{OCCUPATION}: sheet '{TABLE_1_2}', row {row}, column '{column}': expected {expected}, found {text!r}"
    )

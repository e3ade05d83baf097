"""BLS Employment Projections (EP): education and training assignments, and occupational projections.

Files: `education.xlsx` (sheet 'Table 5.4') and `occupation.xlsx` (sheet 'Table 1.2') from
https://www.bls.gov/emp/ind-occ-matrix/. Both sheets have a title in row 1, the header in row 2, one row per
National Employment Matrix occupation, then note lines (footnotes, "Source: ..."). The years in the headers
follow the release, so the expected headers are built from the years in the sheet's title. BLS marks values it
does not publish with "—" ('Data is unavailable for values denoted with a "—"'); they become null, and anything
else that is not in the expected form raises.
"""

from __future__ import annotations

import re

import polars as pl

from transforms.errors import SourceFormatError
from transforms.raw.excel import Row, check_header, read_rows, sheet_names, stripped
from transforms.raw.frames import conform

EDUCATION_SHEET = "Table 5.4"
OCCUPATION_SHEET = "Table 1.2"

UNAVAILABLE = "—"
OCCUPATION_TYPES = ("Line item", "Summary")
# The assignment categories as BLS labels them, from the highest requirement to the lowest (BLS's own order).
TYPICAL_EDUCATION_LABELS = (
    "Doctoral or professional degree",
    "Master's degree",
    "Bachelor's degree",
    "Associate's degree",
    "Postsecondary nondegree award",
    "Some college, no degree",
    "High school diploma or equivalent",
    "No formal educational credential",
)
WORK_EXPERIENCE_LABELS = ("5 years or more", "Less than 5 years", "None")
ON_THE_JOB_TRAINING_LABELS = (
    "Internship/residency",
    "Apprenticeship",
    "Long-term on-the-job training",
    "Moderate-term on-the-job training",
    "Short-term on-the-job training",
    "None",
)
OOH_CONTENT = "OOH Content"

EDUCATION_SCHEMA = pl.Schema(
    {
        "ep_code": pl.String,
        "title": pl.String,
        "typical_education": pl.String,
        "work_experience": pl.String,
        "on_the_job_training": pl.String,
        "has_ooh_content": pl.Boolean,
    }
)

OCCUPATION_SCHEMA = pl.Schema(
    {
        "ep_code": pl.String,
        "title": pl.String,
        "occupation_type": pl.String,
        "employment_base_thousands": pl.Float64,
        "employment_projected_thousands": pl.Float64,
        "employment_distribution_base_percent": pl.Float64,
        "employment_distribution_projected_percent": pl.Float64,
        "employment_change_thousands": pl.Float64,
        "employment_change_percent": pl.Float64,
        "self_employed_base_percent": pl.Float64,
        "annual_openings_thousands": pl.Float64,
        "median_annual_wage_dollars": pl.Int64,
        "median_annual_wage_marker": pl.String,
        "typical_education": pl.String,
        "work_experience": pl.String,
        "on_the_job_training": pl.String,
        "has_ooh_content": pl.Boolean,
    }
)

_EDUCATION_TITLE = re.compile(r"Table 5\.4 Education and training assignments by detailed occupation, (\d{4})")
_OCCUPATION_TITLE = re.compile(
    r"Table 1\.2 Occupational projections, (?P<base>\d{4})[–-](?P<projected>\d{4}|\d{2}), "
    r"and worker characteristics, (?P<year>\d{4}) \(Employment in thousands\)"
)
# Projection periods in EP titles: "2024–2034", "2024–34", "2024-34", or "2024 and projected 2034".
_PERIOD = re.compile(r"\b(\d{4})\s*[–-]\s*(\d{4}|\d{2})\b|\b(\d{4}) and projected (\d{4})\b")
_EP_CODE = r"^\d{2}-\d{4}$"
_NUMBER = r"-?\d+(\.\d+)?([eE][-+]?\d+)?"
# A wage above the top of the OEWS wage range is published as a lower bound, e.g. ">=$239,200".
_WAGE_LOWER_BOUND = r">=\$(\d{1,3}(,\d{3})*)"


def ep_projection_period(content: bytes, file_name: str, sheet: str) -> str:
    """The projection period named in the title (row 1) of an EP projections sheet, as 'YYYY-YYYY'.

    'Table 1.2 Occupational projections, 2024–2034, ...' and 'Table 1.10 ..., projected 2024–34' give
    '2024-2034', as does 'Table 1.1 ..., 2024 and projected 2034'. The first year is the base year of the
    employment, wage and characteristics columns, the second the projected year. Pass a projections sheet: Table
    5.4's title names only its assignment year (see `ep_education_year`), and that raises.
    """
    title = _title(_read_sheet(content, file_name, sheet))
    match = _PERIOD.search(title)
    if match is None:
        raise SourceFormatError(
            file_name,
            f"sheet '{sheet}', row 1 (title)",
            f"expected a projection period such as '2024–34' or '2024 and projected 2034', found {title!r}",
        )
    base, projected = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return _normalized_period(base, projected, file_name, sheet)


def ep_education_year(content: bytes, file_name: str) -> str:
    """The year of the education and training assignments in `education.xlsx` ('2024'), from Table 5.4's title.

    It is the base year of the projections they belong to (the 2024 National Employment Matrix).
    """
    return _education_title_year(_read_sheet(content, file_name, EDUCATION_SHEET), file_name)


def parse_ep_education(content: bytes, file_name: str) -> pl.DataFrame:
    """Read `education.xlsx`, sheet 'Table 5.4': one row per detailed EP occupation and its entry requirements.

    The three assignments keep BLS's labels exactly ("Master's degree", "5 years or more", "None"; see the
    `*_LABELS` constants) and must be one of them. `ep_code` is the 2024 National Employment Matrix code as
    published: 2018 SOC with some aggregates (e.g. 13-1020). `has_ooh_content` says whether the row links to an
    Occupational Outlook Handbook profile ("OOH Content", else "—"). 2024: 832 rows.
    """
    rows = _read_sheet(content, file_name, EDUCATION_SHEET)
    year = _education_title_year(rows, file_name)
    header = (
        f"{year} National Employment Matrix title",
        f"{year} National Employment Matrix code",
        "Typical education needed for entry",
        "Work experience in a related occupation",
        "Typical on-the-job training needed to attain competency in the occupation",
        "Related Occupational Outlook Handbook (OOH) content",
    )
    table = _Table(rows, file_name, EDUCATION_SHEET, header)
    frame = pl.DataFrame(
        {
            "ep_code": table.code(1),
            "title": table.text(0),
            "typical_education": table.label(2, TYPICAL_EDUCATION_LABELS),
            "work_experience": table.label(3, WORK_EXPERIENCE_LABELS),
            "on_the_job_training": table.label(4, ON_THE_JOB_TRAINING_LABELS),
            "has_ooh_content": table.ooh_flag(5),
        }
    )
    return conform(frame, EDUCATION_SCHEMA)


def parse_ep_occupation(content: bytes, file_name: str) -> pl.DataFrame:
    """Read `occupation.xlsx`, sheet 'Table 1.2': one row per EP occupation, detailed ('Line item') or aggregate ('Summary').

    Columns are named by measure; the years they refer to are the release (`ep_projection_period`): *_base_* is
    the base year (2024), *_projected_* the projected year (2034), changes and openings span the period.
    Employment, its change and annual openings are in thousands, as the title says ("Employment in thousands";
    checked). `self_employed_base_percent` is null where BLS shows "—". `median_annual_wage_dollars` is the base
    year's median wage from OEWS; where BLS publishes only a lower bound (">=$239,200": the top of the OEWS wage
    range) it holds that bound and `median_annual_wage_marker` is ">="; both are null where BLS shows "—".
    The education, experience and training labels are as in Table 5.4; Summary rows have "—" there, which
    becomes null, and a Line item must have all three. Leading spaces that indent titles by level are dropped.
    2024: 832 Line item and 281 Summary rows.
    """
    rows = _read_sheet(content, file_name, OCCUPATION_SHEET)
    base, projected, span = _occupation_title_years(rows, file_name)
    header = (
        f"{base} National Employment Matrix title",
        f"{base} National Employment Matrix code",
        "Occupation type",
        f"Employment, {base}",
        f"Employment, {projected}",
        f"Employment distribution, percent, {base}",
        f"Employment distribution, percent, {projected}",
        f"Employment change, numeric, {span}",
        f"Employment change, percent, {span}",
        f"Percent self employed, {base}",
        f"Occupational openings, {span} annual average",
        f"Median annual wage, dollars, {base}[1]",
        "Typical education needed for entry",
        "Work experience in a related occupation",
        "Typical on-the-job training needed to attain competency in the occupation",
        "Related Occupational Outlook Handbook (OOH) content xlsx",
    )
    table = _Table(rows, file_name, OCCUPATION_SHEET, header)
    occupation_type = table.label(2, OCCUPATION_TYPES)
    summary = occupation_type == "Summary"
    wage, wage_marker = table.wage(11)
    frame = pl.DataFrame(
        {
            "ep_code": table.code(1),
            "title": table.text(0),
            "occupation_type": occupation_type,
            "employment_base_thousands": table.number(3),
            "employment_projected_thousands": table.number(4),
            "employment_distribution_base_percent": table.number(5),
            "employment_distribution_projected_percent": table.number(6),
            "employment_change_thousands": table.number(7),
            "employment_change_percent": table.number(8),
            "self_employed_base_percent": table.number(9, unavailable=True),
            "annual_openings_thousands": table.number(10),
            "median_annual_wage_dollars": wage,
            "median_annual_wage_marker": wage_marker,
            "typical_education": table.label(12, TYPICAL_EDUCATION_LABELS, optional=summary),
            "work_experience": table.label(13, WORK_EXPERIENCE_LABELS, optional=summary),
            "on_the_job_training": table.label(14, ON_THE_JOB_TRAINING_LABELS, optional=summary),
            "has_ooh_content": table.ooh_flag(15),
        }
    )
    return conform(frame, OCCUPATION_SCHEMA)


class _Table:
    """The occupation rows of an EP sheet (title row 1, header row 2), and checked conversions of its columns.

    Every conversion raises on the first row whose cell is not in the expected form, naming row and column.
    """

    def __init__(self, rows: list[Row], file_name: str, sheet: str, header: tuple[str, ...]) -> None:
        self.file_name = file_name
        self.sheet = sheet
        self.header = header
        check_header(rows, file_name, sheet, 2, header)
        data = _occupation_rows(rows, file_name, sheet)
        self.rows = pl.Series([row for row, _ in data], dtype=pl.Int64)
        self.cells = pl.DataFrame(
            [[stripped(cell) for cell in cells] for _, cells in data],
            schema=[f"c{i}" for i in range(len(header))],
            orient="row",
        )

    def text(self, column: int) -> pl.Series:
        values = self._column(column)
        self._require(values.is_not_null(), column, "a title", values)
        return values

    def code(self, column: int) -> pl.Series:
        values = self._column(column)
        self._require(values.str.contains(_EP_CODE).fill_null(False), column, "a code like 15-1252", values)
        self._require(~values.is_duplicated(), column, "each code once", values)
        return values

    def label(self, column: int, labels: tuple[str, ...], optional: pl.Series | None = None) -> pl.Series:
        """The label as published; "—" (null) is accepted only in the rows where `optional` is true."""
        values = self._column(column)
        ok = values.is_in(labels).fill_null(False)
        if optional is not None:
            ok = ok | ((values == UNAVAILABLE).fill_null(False) & optional)
        self._require(ok, column, f"one of {list(labels)}", values)
        return _null_where_unavailable(values)

    def number(self, column: int, *, unavailable: bool = False) -> pl.Series:
        """A number as published; "—" (null) is accepted only if `unavailable`."""
        values = self._column(column)
        ok = values.str.contains(f"^{_NUMBER}$").fill_null(False)
        if unavailable:
            ok = ok | (values == UNAVAILABLE).fill_null(False)
        self._require(ok, column, "a number" + (' or "—"' if unavailable else ""), values)
        return _null_where_unavailable(values).cast(pl.Float64)

    def wage(self, column: int) -> tuple[pl.Series, pl.Series]:
        """Whole dollars, with the marker ">=" where BLS gives only a lower bound; both null for "—"."""
        values = self._column(column)
        parsed = values.to_frame("value").select(
            exact=pl.col("value").str.extract(f"^({_NUMBER})$", 1).cast(pl.Float64),
            bound=pl.col("value").str.extract(f"^{_WAGE_LOWER_BOUND}$", 1).str.replace_all(",", "").cast(pl.Float64),
        )
        dollars = parsed.select(pl.coalesce("exact", "bound")).to_series()
        unavailable = (values == UNAVAILABLE).fill_null(False)
        self._require(dollars.is_not_null() | unavailable, column, 'dollars, ">=$N,NNN" or "—"', values)
        self._require((dollars.round(0) == dollars).fill_null(True), column, "whole dollars", values)
        marker = pl.Series([">=" if bound is not None else None for bound in parsed["bound"]], dtype=pl.String)
        return dollars.cast(pl.Int64), marker

    def ooh_flag(self, column: int) -> pl.Series:
        """True for a link to an Occupational Outlook Handbook profile ("OOH Content"), false for "—"."""
        values = self._column(column)
        ok = values.is_in([OOH_CONTENT, UNAVAILABLE]).fill_null(False)
        self._require(ok, column, f'"{OOH_CONTENT}" or "—"', values)
        return values == OOH_CONTENT

    def _column(self, column: int) -> pl.Series:
        return self.cells[f"c{column}"]

    def _require(self, ok: pl.Series, column: int, expected: str, values: pl.Series) -> None:
        bad = (~ok).arg_true()
        if bad.len():
            first = bad[0]
            more = {1: "", 2: " (and 1 more row)"}.get(bad.len(), f" (and {bad.len() - 1} more rows)")
            raise SourceFormatError(
                self.file_name,
                f"sheet '{self.sheet}', row {self.rows[first]}, column '{self.header[column]}'",
                f"expected {expected}, found {values[first]!r}{more}",
            )


def _read_sheet(content: bytes, file_name: str, sheet: str) -> list[Row]:
    """All rows of a sheet as text cells (see `read_rows`); list index i is Excel row i + 1."""
    names = sheet_names(content, file_name)
    if sheet not in names:
        raise SourceFormatError(file_name, f"sheet '{sheet}'", f"expected this sheet, found sheets {names}")
    return read_rows(content, file_name, sheet)


def _occupation_rows(rows: list[Row], file_name: str, sheet: str) -> list[tuple[int, Row]]:
    """The rows below the header up to the note lines, with their Excel row numbers.

    A note line (footnote, "Source: ...") fills only column A. Notes must all come after the occupations, so that
    leaving them out cannot drop an occupation; empty rows are skipped.
    """
    data: list[tuple[int, Row]] = []
    first_note: int | None = None
    for index, cells in enumerate(rows[2:], start=3):
        filled = [stripped(cell) is not None for cell in cells]
        if not any(filled):
            continue
        if not any(filled[1:]):
            first_note = first_note or index
            continue
        if first_note is not None:
            raise SourceFormatError(
                file_name,
                f"sheet '{sheet}', row {index}",
                f"expected only note lines (text in column A alone) after the one in row {first_note} "
                f"({rows[first_note - 1][0]!r}), found an occupation row {[c for c in cells if c is not None]}",
            )
        data.append((index, cells))
    if not data:
        raise SourceFormatError(file_name, f"sheet '{sheet}'", "expected occupation rows below the header in row 2")
    return data


def _null_where_unavailable(values: pl.Series) -> pl.Series:
    return values.to_frame().select(pl.when(pl.col(values.name) != UNAVAILABLE).then(pl.col(values.name))).to_series()


def _title(rows: list[Row]) -> str:
    return (stripped(rows[0][0]) if rows and rows[0] else None) or ""


def _education_title_year(rows: list[Row], file_name: str) -> str:
    title = _title(rows)
    match = _EDUCATION_TITLE.fullmatch(title)
    if match is None:
        raise SourceFormatError(
            file_name,
            f"sheet '{EDUCATION_SHEET}', row 1 (title)",
            f"expected 'Table 5.4 Education and training assignments by detailed occupation, YYYY', found {title!r}",
        )
    return match.group(1)


def _occupation_title_years(rows: list[Row], file_name: str) -> tuple[str, str, str]:
    """Base year, projected year and the span as the headers write it ('2024', '2034', '2024–34')."""
    title = _title(rows)
    where = f"sheet '{OCCUPATION_SHEET}', row 1 (title)"
    match = _OCCUPATION_TITLE.fullmatch(title)
    if match is None:
        raise SourceFormatError(
            file_name,
            where,
            "expected 'Table 1.2 Occupational projections, YYYY–YYYY, and worker characteristics, YYYY "
            f"(Employment in thousands)', found {title!r}",
        )
    period = _normalized_period(match.group("base"), match.group("projected"), file_name, OCCUPATION_SHEET)
    base, projected = period.split("-")
    if match.group("year") != base:
        raise SourceFormatError(
            file_name, where, f"expected worker characteristics of the base year {base}, found {match.group('year')}"
        )
    return base, projected, f"{base}–{projected[2:]}"


def _normalized_period(base: str, projected: str, file_name: str, sheet: str) -> str:
    """'2024', '34' -> '2024-2034'; a two-digit projected year is in the base year's century or the next."""
    start = int(base)
    end = int(projected) if len(projected) == 4 else start - start % 100 + int(projected)
    if end <= start:
        end += 100 if len(projected) == 2 else 0
    if end <= start:
        raise SourceFormatError(
            file_name, f"sheet '{sheet}', row 1 (title)", f"expected a projected year after {base}, found {projected}"
        )
    return f"{start}-{end}"

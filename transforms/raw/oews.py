"""BLS OEWS (Occupational Employment and Wage Statistics) time.series flat files, download.bls.gov/pub/time.series/oe/.

Every file is tab-separated text with a header row. BLS pads some fields with spaces (the series id to 30
characters, values right-aligned in 12); the padding is stripped. The data file's series id packs the codes of
the mapping files: 'OE' + seasonal ('U') + area type (N/S/M) + area (7) + industry (6) + occupation (6) +
datatype (2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from transforms.errors import SourceFormatError
from transforms.raw.frames import conform

DATA_HEADER = ("series_id", "year", "period", "value", "footnote_codes")
AREA_HEADER = ("state_code", "area_code", "areatype_code", "area_name")
INDUSTRY_HEADER = ("industry_code", "industry_name", "display_level", "selectable", "sort_sequence")
OCCUPATION_HEADER = (
    "occupation_code",
    "occupation_name",
    "occupation_description",
    "display_level",
    "selectable",
    "sort_sequence",
)
DATATYPE_HEADER = ("datatype_code", "datatype_name")
FOOTNOTE_HEADER = ("footnote_code", "footnote_text")
RELEASE_HEADER = ("release_date", "description")

# What is stored of a data row. The series id is not: it is exactly 'OEU' + the five codes below (the parser
# checks that, and that seasonal is 'U' and period 'A01'), and storing 25 more characters on each of 6 million
# rows would double the load's cost (DuckDB's cost grows with every text column). The year and period live in
# oe.release as well.
OEWS_DATA_SCHEMA = pl.Schema(
    {
        "areatype_code": pl.String,
        "area_code": pl.String,
        "industry_code": pl.String,
        "occupation_code": pl.String,
        "datatype_code": pl.String,
        "year": pl.Int64,
        "value": pl.Float64,
        "value_marker": pl.String,
        "footnote_codes": pl.String,
    }
)
# The same, text as Categorical: what the build parses the data file to (see parse_oews_data's `compact`).
OEWS_DATA_COMPACT_SCHEMA = pl.Schema(
    {name: pl.Categorical() if dtype == pl.String else dtype for name, dtype in OEWS_DATA_SCHEMA.items()}
)
OEWS_AREA_SCHEMA = pl.Schema(
    {"state_code": pl.String, "area_code": pl.String, "areatype_code": pl.String, "area_name": pl.String}
)
OEWS_INDUSTRY_SCHEMA = pl.Schema(
    {
        "industry_code": pl.String,
        "industry_name": pl.String,
        "display_level": pl.Int64,
        "selectable": pl.Boolean,
        "sort_sequence": pl.Int64,
    }
)
OEWS_OCCUPATION_SCHEMA = pl.Schema(
    {
        "occupation_code": pl.String,
        "soc_code": pl.String,
        "occupation_name": pl.String,
        "occupation_description": pl.String,
        "display_level": pl.Int64,
        "selectable": pl.Boolean,
        "sort_sequence": pl.Int64,
    }
)
OEWS_DATATYPE_SCHEMA = pl.Schema({"datatype_code": pl.String, "datatype_name": pl.String})
OEWS_FOOTNOTE_SCHEMA = pl.Schema({"footnote_code": pl.String, "footnote_text": pl.String})
OEWS_RELEASE_SCHEMA = pl.Schema({"release": pl.String, "year": pl.Int64, "period": pl.String, "description": pl.String})

# 'OE' + seasonal 'U' (OEWS is never seasonally adjusted) + area type + area + industry + occupation + datatype.
# Industry codes are NAICS-based and may hold letters or dashes ('11--12', '3250A1', '99-100').
_SERIES_ID = r"^OEU[NSM][0-9]{7}[0-9]{2}[0-9A-Z-]{4}[0-9]{6}[0-9]{2}$"
_SERIES_ID_TEXT = (
    "a 25-character series id: 'OEU' + area type (N, S or M) + area (7 digits) + industry (6) "
    "+ occupation (6 digits) + datatype (2 digits)"
)
# BLS writes a symbol where it publishes no number: '-' (not released), and in other OEWS products '*', '**',
# '#' or '~'. Anything longer or containing letters or digits is a layout change, not a marker.
DATA_PERIOD = "A01"  # OEWS estimates are annual: the only period a data row may have
_MARKER = r"^[^\w\s]{1,3}$"
_FOOTNOTE_CODES = r"^[0-9]+(,[0-9]+)*$"
_RELEASE = re.compile(r"^([0-9]{4})(A[0-9]{2})$")
_TEXT = r"\S"


@dataclass(frozen=True)
class _Check:
    """A rule every row must meet: `bad`, on the parsed columns, is true on a row that breaks it.

    `column` is the published column the rule is about, quoted (as published) in the error message.
    """

    column: str
    bad: pl.Expr
    expected: str


# Checked on the parsed frame rather than the raw text: the value and footnote rules then only look at the
# few rows that hold a marker or a footnote, and a year that is not a number has already become null.
_DATA_CHECKS = (
    _Check("series_id", ~pl.col("series_id").str.contains(_SERIES_ID), _SERIES_ID_TEXT),
    # A year that was not a number is null here, and null must count as bad.
    _Check("year", ~pl.col("year").is_between(1000, 9999).fill_null(False), "a four-digit year"),
    _Check("period", pl.col("period") != DATA_PERIOD, f"the annual period {DATA_PERIOD!r}"),
    _Check(
        "value",
        ~pl.col("value_marker").str.contains(_MARKER) | pl.col("value").is_nan() | pl.col("value").is_infinite(),
        "a number, or a short marker of 1-3 symbols such as '-', '*' or '#'",
    ),
    _Check(
        "footnote_codes",
        ~pl.col("footnote_codes").str.contains(_FOOTNOTE_CODES),
        "nothing, or footnote codes such as '4' or '4,5'",
    ),
)


def _data_columns() -> dict[str, pl.Expr]:
    """The output columns, as expressions on the raw text columns.

    Series ids are padded on the right and values on the left, always with spaces: stripping just that side
    of just those columns is several times cheaper than a general whitespace strip of every field, and any
    other padding still fails a check below instead of slipping through.
    """
    series_id = pl.col("series_id").str.strip_chars_end(" ")
    value = pl.col("value").str.strip_chars_start(" ")
    number = value.cast(pl.Float64, strict=False)
    footnotes = pl.col("footnote_codes")
    return {
        "series_id": series_id,
        "seasonal": series_id.str.slice(2, 1),
        "areatype_code": series_id.str.slice(3, 1),
        "area_code": series_id.str.slice(4, 7),
        "industry_code": series_id.str.slice(11, 6),
        "occupation_code": series_id.str.slice(17, 6),
        "datatype_code": series_id.str.slice(23, 2),
        "year": pl.col("year").cast(pl.Int64, strict=False),
        "period": pl.col("period"),
        "value": number,
        # Keep the published symbol where there is no number, so '-' and e.g. '#' stay distinguishable.
        "value_marker": pl.when(number.is_null()).then(value),
        "footnote_codes": pl.when(footnotes != "").then(footnotes),
    }


def parse_oews_data(content: bytes, file_name: str, *, compact: bool = False) -> pl.DataFrame:
    """oe.data.0.Current (or any oe.data.* file): one row per published estimate (series and year).

    The series id is split into its codes; `value` is null exactly where BLS published a marker instead of a
    number, and `value_marker` then holds that marker ('-': estimate not released). Built for the 6-million-row
    full file: one streaming Polars pass (the raw text columns are never held whole), then vectorised checks.

    `compact` gives the text columns as Categorical instead of String (`OEWS_DATA_COMPACT_SCHEMA`), cast inside
    the streaming pass: a Polars string costs 16 bytes a row however short, a Categorical 4, so the full file's
    frame takes ~0.3 GB instead of ~0.9 GB. The build parses it so; `write_table` stores Categorical as VARCHAR.
    """
    scan = _scan(content, file_name, DATA_HEADER)
    # The checks run inside the streaming pass, on every parsed column; only the stored columns and a flag per
    # row leave it, so the series id is never held for all rows.
    flagged = pl.any_horizontal(check.bad.fill_null(False) for check in _DATA_CHECKS).alias("_bad")
    schema = OEWS_DATA_COMPACT_SCHEMA if compact else OEWS_DATA_SCHEMA
    try:
        frame = (
            scan.with_columns(**_data_columns())
            .select(*(pl.col(name).cast(dtype) for name, dtype in schema.items()), flagged)
            .collect(engine="streaming")
        )
    except pl.exceptions.ComputeError as error:
        raise _unreadable(content, file_name, len(DATA_HEADER), error) from error
    _check_field_count(content, file_name, len(DATA_HEADER), frame.height)
    bad_rows = frame.get_column("_bad").arg_true()
    if bad_rows.len():
        raise _row_error(scan, bad_rows[0], file_name)
    return conform(frame.drop("_bad"), schema)


def parse_oews_area(content: bytes, file_name: str) -> pl.DataFrame:
    """oe.area: one row per OEWS area (the nation, a state or territory, a metropolitan or nonmetropolitan area)."""
    frame = _read_table(content, file_name, AREA_HEADER)
    _check_format(frame, file_name, "state_code", r"^[0-9]{2}$", "a two-digit state code")
    _check_format(frame, file_name, "area_code", r"^[0-9]{7}$", "a seven-digit area code")
    _check_format(frame, file_name, "areatype_code", r"^[NSM]$", "area type N, S or M")
    _check_format(frame, file_name, "area_name", _TEXT, "an area name")
    _check_unique(frame, file_name, "area_code")
    return conform(frame, OEWS_AREA_SCHEMA)


def parse_oews_industry(content: bytes, file_name: str) -> pl.DataFrame:
    """oe.industry: one row per OEWS industry (cross-industry totals, NAICS sectors and industry groups)."""
    frame = _read_table(content, file_name, INDUSTRY_HEADER)
    _check_format(frame, file_name, "industry_code", r"^[0-9]{2}[0-9A-Z-]{4}$", "a six-character industry code")
    _check_format(frame, file_name, "industry_name", _TEXT, "an industry name")
    _check_unique(frame, file_name, "industry_code")
    return conform(_with_display_columns(frame, file_name), OEWS_INDUSTRY_SCHEMA)


def parse_oews_occupation(content: bytes, file_name: str) -> pl.DataFrame:
    """oe.occupation: one row per OEWS occupation code, with its 2018 SOC form ('151252' -> '15-1252').

    OEWS writes SOC codes without the dash; '000000' (All Occupations) becomes '00-0000'. Descriptions are
    mostly empty as published; empty ones are null.
    """
    frame = _read_table(content, file_name, OCCUPATION_HEADER)
    _check_format(frame, file_name, "occupation_code", r"^[0-9]{6}$", "a six-digit occupation code")
    _check_format(frame, file_name, "occupation_name", _TEXT, "an occupation name")
    _check_unique(frame, file_name, "occupation_code")
    code = pl.col("occupation_code")
    frame = frame.with_columns(
        soc_code=pl.concat_str(code.str.slice(0, 2), pl.lit("-"), code.str.slice(2, 4)),
        occupation_description=pl.when(pl.col("occupation_description") != "").then(pl.col("occupation_description")),
    )
    return conform(_with_display_columns(frame, file_name), OEWS_OCCUPATION_SCHEMA)


def parse_oews_datatype(content: bytes, file_name: str) -> pl.DataFrame:
    """oe.datatype: one row per estimate type (01 Employment ... 17 Location Quotient)."""
    frame = _read_table(content, file_name, DATATYPE_HEADER)
    _check_format(frame, file_name, "datatype_code", r"^[0-9]{2}$", "a two-digit datatype code")
    _check_format(frame, file_name, "datatype_name", _TEXT, "a datatype name")
    _check_unique(frame, file_name, "datatype_code")
    return conform(frame, OEWS_DATATYPE_SCHEMA)


def parse_oews_footnote(content: bytes, file_name: str) -> pl.DataFrame:
    """oe.footnote: one row per footnote code used in the data file's footnote_codes."""
    frame = _read_table(content, file_name, FOOTNOTE_HEADER)
    _check_format(frame, file_name, "footnote_code", r"^[0-9]+$", "a numeric footnote code")
    _check_format(frame, file_name, "footnote_text", _TEXT, "a footnote text")
    _check_unique(frame, file_name, "footnote_code")
    return conform(frame, OEWS_FOOTNOTE_SCHEMA)


def parse_oews_release(content: bytes, file_name: str) -> pl.DataFrame:
    """oe.release: one row per release, e.g. '2025A01', 'May 2025'.

    BLS heads the code's column 'release_date', but it holds a year and a period code, so the output calls it
    `release` and splits it into `year` and `period`.
    """
    frame = _read_table(content, file_name, RELEASE_HEADER)
    _check_format(frame, file_name, "release_date", _RELEASE.pattern, "a release code such as '2025A01'")
    _check_format(frame, file_name, "description", _TEXT, "a description such as 'May 2025'")
    code = pl.col("release_date")
    frame = frame.select(
        release=code,
        year=code.str.slice(0, 4).cast(pl.Int64),
        period=code.str.slice(4, 3),
        description=pl.col("description"),
    )
    return conform(frame, OEWS_RELEASE_SCHEMA)


def oews_release(release_content: bytes, file_name: str) -> str:
    """The release code oe.release names, as published (e.g. '2025A01', the May 2025 estimates)."""
    frame = parse_oews_release(release_content, file_name)
    if frame.height != 1:
        raise SourceFormatError(file_name, "rows", f"expected exactly one release, found {frame.height}")
    return frame.item(0, "release")


def check_release_matches_data(release: str, data_frame: pl.DataFrame, file_name: str) -> None:
    """Raise unless every row of a parsed data file (`file_name`) is for the year and period `release` names."""
    match = _RELEASE.match(release)
    if not match:
        raise SourceFormatError("oe.release", "column 'release_date'", f"expected e.g. '2025A01', got {release!r}")
    year, period = int(match[1]), match[2]
    found_years = sorted(data_frame.get_column("year").unique().to_list())
    if found_years != [year]:
        held = ", ".join(str(found) for found in found_years) or "no rows"
        raise SourceFormatError(
            file_name, "column 'year'", f"oe.release names {year} ({release}) but {file_name} holds year {held}"
        )
    if period != DATA_PERIOD:  # parse_oews_data accepts only the annual period
        raise SourceFormatError(
            file_name,
            "column 'period'",
            f"oe.release names period {period} ({release}) but {file_name} holds period {DATA_PERIOD}",
        )


def _check_header(content: bytes, file_name: str, header: tuple[str, ...]) -> None:
    end = content.find(b"\n")
    first_line = content[: end if end >= 0 else len(content)]
    found = tuple(name.strip() for name in first_line.decode("utf-8", errors="replace").split("\t"))
    if found == header:
        return
    for index, (expected_name, found_name) in enumerate(zip(header, found, strict=False), start=1):
        if expected_name != found_name:
            raise SourceFormatError(
                file_name, f"header (line 1), column {index}", f"expected {expected_name!r}, found {found_name!r}"
            )
    raise SourceFormatError(
        file_name, "header (line 1)", f"expected {len(header)} columns {list(header)}, found {list(found)}"
    )


def _scan(content: bytes, file_name: str, header: tuple[str, ...]) -> pl.LazyFrame:
    """The rows after the verified header, every field as published text (quoting off: BLS never quotes)."""
    _check_header(content, file_name, header)
    return pl.scan_csv(
        content,
        has_header=False,
        skip_lines=1,
        separator="\t",
        quote_char=None,
        schema=pl.Schema({name: pl.String for name in header}),
        empty_string_is_null=False,
    )


def _read_table(content: bytes, file_name: str, header: tuple[str, ...]) -> pl.DataFrame:
    """A small mapping file: every field stripped text, every line checked to have all its fields."""
    scan = _scan(content, file_name, header)
    try:
        frame = scan.select(pl.col(header).str.strip_chars()).collect()
    except pl.exceptions.ComputeError as error:
        raise _unreadable(content, file_name, len(header), error) from error
    _check_field_count(content, file_name, len(header), frame.height)
    return frame


def _check_field_count(content: bytes, file_name: str, width: int, rows: int) -> None:
    """Polars fills a short line with empty fields, so count tabs: every line (header too) has width - 1.

    Polars already refused lines with too many fields, so a total of (width - 1) tabs per line means no line
    is short either. Only when the total is off are lines looked at one by one.
    """
    if content.count(b"\t") != (width - 1) * (rows + 1):
        raise _field_count_error(content, file_name, width)


def _field_count_error(content: bytes, file_name: str, width: int) -> SourceFormatError:
    lines = content.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        fields = line.count(b"\t") + 1
        if fields != width:
            return SourceFormatError(
                file_name, f"line {number}", f"expected {width} tab-separated fields, found {fields}"
            )
    return SourceFormatError(file_name, "file", f"expected {width} tab-separated fields on every line")


def _unreadable(content: bytes, file_name: str, width: int, error: Exception) -> SourceFormatError:
    """Polars could not read the text: name the first line with the wrong number of fields, if there is one."""
    found = _field_count_error(content, file_name, width)
    if found.where != "file":
        return found
    return SourceFormatError(file_name, "file", f"expected tab-separated UTF-8 text, Polars says: {error}")


def _row_error(scan: pl.LazyFrame, index: int, file_name: str) -> SourceFormatError:
    """The error for data row `index` (0-based), which broke a check: its line, column and published text."""
    row = scan.slice(index, 1).with_columns(**_data_columns()).collect()
    for check in _DATA_CHECKS:
        if row.select(check.bad.fill_null(False)).item():
            published = scan.slice(index, 1).collect().item(0, check.column)
            return SourceFormatError(
                file_name,
                f"line {index + 2}, column {check.column!r}",
                f"expected {check.expected}, found {published.strip()!r}",
            )
    raise AssertionError(f"row {index} was flagged but breaks no check")


def _check_format(frame: pl.DataFrame, file_name: str, column: str, pattern: str, expected: str) -> None:
    bad = frame.get_column(column).str.contains(pattern).not_().arg_true()
    if bad.len():
        index = bad[0]
        raise SourceFormatError(
            file_name,
            f"line {index + 2}, column {column!r}",
            f"expected {expected}, found {frame.item(index, column)!r}",
        )


def _check_unique(frame: pl.DataFrame, file_name: str, column: str) -> None:
    repeats = frame.get_column(column).is_first_distinct().not_().arg_true()
    if repeats.len():
        index = repeats[0]
        raise SourceFormatError(
            file_name,
            f"line {index + 2}, column {column!r}",
            f"expected each code once, found {frame.item(index, column)!r} again",
        )


def _with_display_columns(frame: pl.DataFrame, file_name: str) -> pl.DataFrame:
    """display_level and sort_sequence as integers, selectable ('T'/'F') as a boolean."""
    _check_format(frame, file_name, "display_level", r"^[0-9]+$", "a display level such as 0 or 3")
    _check_format(frame, file_name, "selectable", r"^[TF]$", "'T' or 'F'")
    _check_format(frame, file_name, "sort_sequence", r"^[0-9]+$", "a sort sequence number")
    return frame.with_columns(
        pl.col("display_level", "sort_sequence").cast(pl.Int64),
        selectable=pl.col("selectable") == "T",
    )

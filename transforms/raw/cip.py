"""NCES's CIP 2020 files: the CIP 2020 ↔ SOC 2018 crosswalk (xlsx) and the CIP 2020 code list (csv).

CIP-SOC crosswalk: https://nces.ed.gov/ipeds/cipcode/Files/CIP2020_SOC2018_Crosswalk.xlsx
CIP 2020 codes:    https://nces.ed.gov/ipeds/cipcode/Files/CIPCode2020.csv
"""

from __future__ import annotations

import io
import re

import polars as pl

from transforms.errors import SourceFormatError
from transforms.raw.excel import sheet_names
from transforms.raw.frames import conform

CIP_SOC_SHEET = "CIP-SOC"
CIP_SOC_HEADER = ("CIP2020Code", "CIP2020Title", "SOC2018Code", "SOC2018Title")
CIP_SOC_SCHEMA = pl.Schema(
    {"cip_code": pl.String, "cip_title": pl.String, "soc_code": pl.String, "soc_title": pl.String}
)

CIP_CODES_HEADER = (
    "CIPFamily",
    "CIPCode",
    "Action",
    "TextChange",
    "CIPTitle",
    "CIPDefinition",
    "CrossReferences",
    "Examples",
)
CIP_CODES_SCHEMA = pl.Schema(
    {
        "cip_family": pl.String,
        "cip_code": pl.String,
        "cip_level": pl.Int64,
        "action": pl.String,
        "text_change": pl.Boolean,
        "cip_title": pl.String,
        "cip_definition": pl.String,
        "cross_references": pl.String,
        "examples": pl.String,
    }
)

# What changed for a code between CIP 2010 and CIP 2020. A 'Moved from' row is the old (2010) code of a program
# that moved; its 'Moved to' row is the new 2020 code. 'Deleted' and 'Moved from' codes are not valid 2020 codes,
# so downstream code relies on knowing every action: a new one must be looked at, not guessed.
CIP_ACTIONS = ("New", "No substantive changes", "Moved to", "Moved from", "Deleted")
RETIRED_CIP_ACTIONS = ("Moved from", "Deleted")

CIP_CODE_PATTERN = r"^\d{2}\.\d{4}$"
SOC_CODE_PATTERN = r"^\d{2}-\d{4}$"
_CIP_FAMILY_PATTERN = r"^\d{2}$"
_CIP_ANY_LEVEL_PATTERN = r"^\d{2}(\.\d{2}(\d{2})?)?$"
# Code length -> CIP level in digits: '01' (family), '01.01' (series), '01.0101' (detailed program).
_CIP_LEVEL_BY_LENGTH = {2: 2, 5: 4, 7: 6}
# NCES writes every code as an Excel formula, ="01.0101", so that Excel keeps the leading zero.
_EXCEL_TEXT_QUOTING = r'(?s)^="(.*)"$'
_CIP_SOC_YEARS = re.compile(r"^CIP(\d{4})Code$"), re.compile(r"^SOC(\d{4})Code$")


def parse_cip_soc_crosswalk(content: bytes, file_name: str) -> pl.DataFrame:
    """Sheet 'CIP-SOC' of CIP2020_SOC2018_Crosswalk.xlsx: one row per (CIP 2020 code, SOC 2018 code) match.

    Placeholder rows are kept as published: SOC '99-9999' 'NO MATCH' marks a CIP program with no occupation, and
    CIP '99.9999' 'NO MATCH' an occupation with no program.
    """
    where = f"sheet '{CIP_SOC_SHEET}'"
    rows = _read_sheet(content, file_name, CIP_SOC_SHEET)
    _check_header_row(rows, CIP_SOC_HEADER, file_name, where)
    cells = [column for column in rows.columns if column != "excel_row"]
    frame = rows.slice(1).rename(dict(zip(cells, CIP_SOC_HEADER, strict=True)))
    _check_filled(frame, list(CIP_SOC_HEADER), file_name, where)
    _check_pattern(frame, "CIP2020Code", CIP_CODE_PATTERN, "a CIP code 'NN.NNNN'", file_name, where)
    _check_pattern(frame, "SOC2018Code", SOC_CODE_PATTERN, "a SOC code 'NN-NNNN'", file_name, where)
    _check_unique(frame, ["CIP2020Code", "SOC2018Code"], file_name, where)
    frame = frame.select(CIP_SOC_HEADER).rename(dict(zip(CIP_SOC_HEADER, CIP_SOC_SCHEMA.names(), strict=True)))
    return conform(frame, CIP_SOC_SCHEMA)


def cip_release(content: bytes, file_name: str) -> str:
    """The CIP edition of CIP2020_SOC2018_Crosswalk.xlsx, read from its 'CIP-SOC' header ('CIP2020Code' -> '2020').

    The 'File Guide' sheet carries no date or version, so the header's edition years are the only release marks
    in the file. Both the CIP and the SOC edition must be named there; the release is the CIP edition.
    """
    where = f"sheet '{CIP_SOC_SHEET}', row 1"
    rows = _read_sheet(content, file_name, CIP_SOC_SHEET).drop("excel_row")
    header = rows.row(0) if rows.height else ()
    cip_year, soc_year = (
        next((m[1] for cell in header if isinstance(cell, str) and (m := pattern.match(cell.strip()))), None)
        for pattern in _CIP_SOC_YEARS
    )
    if cip_year is None or soc_year is None:
        raise SourceFormatError(
            file_name, where, f"expected headers 'CIP<year>Code' and 'SOC<year>Code', found {list(header)}"
        )
    return cip_year


def parse_cip_codes(content: bytes, file_name: str) -> pl.DataFrame:
    """CIPCode2020.csv: one row per CIP 2020 code at every level (2-digit family, 4-digit series, 6-digit program).

    NCES's ="..." Excel quoting is undone on every column. `cip_level` is 2, 4 or 6. Rows for retired 2010 codes
    ('Moved from', 'Deleted') are kept as published. `cross_references` and `examples` are null where NCES left
    them blank (most codes have neither); every other column is always filled.
    """
    frame = _read_csv(content, file_name)
    if tuple(frame.columns) != CIP_CODES_HEADER:
        raise SourceFormatError(
            file_name, "header row", f"expected columns {list(CIP_CODES_HEADER)}, found {frame.columns}"
        )
    frame = frame.with_columns(pl.all().str.replace(_EXCEL_TEXT_QUOTING, "${1}"))
    _check_filled(frame, list(CIP_CODES_HEADER[:6]), file_name, "")
    _check_pattern(frame, "CIPFamily", _CIP_FAMILY_PATTERN, "a CIP family 'NN'", file_name, "")
    _check_pattern(frame, "CIPCode", _CIP_ANY_LEVEL_PATTERN, "a CIP code 'NN', 'NN.NN' or 'NN.NNNN'", file_name, "")
    _check_where(
        frame,
        pl.col("CIPCode").str.slice(0, 2) != pl.col("CIPFamily"),
        "column 'CIPCode'",
        "the code to start with its CIPFamily",
        file_name,
        show=["CIPFamily", "CIPCode"],
    )
    _check_unique(frame, ["CIPCode"], file_name, "")
    _check_in(frame, "Action", CIP_ACTIONS, file_name)
    _check_in(frame, "TextChange", ("yes", "no"), file_name)
    frame = frame.select(
        pl.col("CIPFamily").alias("cip_family"),
        pl.col("CIPCode").alias("cip_code"),
        pl.col("CIPCode").str.len_chars().replace_strict(_CIP_LEVEL_BY_LENGTH).alias("cip_level"),
        pl.col("Action").alias("action"),
        (pl.col("TextChange") == "yes").alias("text_change"),
        pl.col("CIPTitle").alias("cip_title"),
        pl.col("CIPDefinition").alias("cip_definition"),
        pl.col("CrossReferences").replace("", None).alias("cross_references"),
        pl.col("Examples").replace("", None).alias("examples"),
    )
    return conform(frame, CIP_CODES_SCHEMA)


def _read_sheet(content: bytes, file_name: str, sheet: str) -> pl.DataFrame:
    """Every cell of one sheet as text (no header), with an `excel_row` column numbering the rows for messages.

    calamine starts a sheet at its first non-empty row, so `excel_row` counts that row as 1: it is the Excel row
    number when the header sits in row 1, as in NCES's sheet. Empty rows are dropped only after numbering.
    Cells are read as text so a code stored as a number shows up as '1.0101' and fails the code check, instead
    of being silently reformatted.
    """
    sheets = sheet_names(content, file_name)
    if sheet not in sheets:
        raise SourceFormatError(file_name, f"sheet '{sheet}'", f"sheet not found; the workbook has {sheets}")
    rows = pl.read_excel(
        io.BytesIO(content),
        engine="calamine",
        sheet_name=sheet,
        has_header=False,
        infer_schema_length=0,
        drop_empty_rows=False,
        drop_empty_cols=False,
        raise_if_empty=False,
    )
    cells = rows.columns
    return rows.with_row_index("excel_row", offset=1).filter(~pl.all_horizontal(pl.col(cells).is_null()))


def _read_csv(content: bytes, file_name: str) -> pl.DataFrame:
    """A CSV with a header row, every field as text. An unquoted empty field comes back null, "" stays ""."""
    try:
        return pl.read_csv(io.BytesIO(content), infer_schema=False, has_header=True)
    except pl.exceptions.PolarsError as error:
        raise SourceFormatError(file_name, "file", f"expected a UTF-8 CSV with a header row: {error}") from error


def _check_header_row(rows: pl.DataFrame, expected: tuple[str, ...], file_name: str, where: str) -> None:
    """The first non-empty row must be exactly `expected`, with no other columns."""
    found = [None if cell is None else cell.strip() for cell in rows.drop("excel_row").row(0)] if rows.height else []
    if found != list(expected):
        raise SourceFormatError(file_name, f"{where}, row 1", f"expected header {list(expected)}, found {found}")


def _row_label(frame: pl.DataFrame, index: int) -> str:
    """'row N': the Excel row for sheets, the data row counted from 2 (the header is row 1) for CSV files."""
    return f"row {frame['excel_row'][index]}" if "excel_row" in frame.columns else f"row {index + 2}"


def _check_where(frame: pl.DataFrame, bad: pl.Expr, where: str, expected: str, file_name: str, show: list[str]) -> None:
    """Raise naming the first row where `bad` holds, how many rows it holds in, and that row's `show` values."""
    hits = frame.with_row_index("_index").filter(bad)
    if hits.height:
        first = hits.row(0, named=True)
        values = ", ".join(f"{name}={first[name]!r}" for name in show)
        label = _row_label(frame, first["_index"])
        prefix = f"{where}, {label}" if where else label
        raise SourceFormatError(
            file_name, prefix, f"expected {expected}, found {values} ({hits.height} row(s) like this)"
        )


def _check_filled(frame: pl.DataFrame, columns: list[str], file_name: str, sheet: str) -> None:
    """Columns the publisher always fills must have no null or blank cell. `sheet` is '' for a CSV file."""
    for column in columns:
        blank = pl.col(column).is_null() | (pl.col(column).str.strip_chars() == "")
        where = ", ".join(part for part in (sheet, f"column '{column}'") if part)
        _check_where(frame, blank, where, "a value (never blank)", file_name, show=[column])


def _check_pattern(frame: pl.DataFrame, column: str, pattern: str, expected: str, file_name: str, sheet: str) -> None:
    where = ", ".join(part for part in (sheet, f"column '{column}'") if part)
    _check_where(frame, ~pl.col(column).str.contains(pattern), where, expected, file_name, show=[column])


def _check_in(frame: pl.DataFrame, column: str, allowed: tuple[str, ...], file_name: str) -> None:
    bad = ~pl.col(column).is_in(list(allowed))
    _check_where(frame, bad, f"column '{column}'", f"one of {list(allowed)}", file_name, show=[column])


def _check_unique(frame: pl.DataFrame, key: list[str], file_name: str, sheet: str) -> None:
    where = ", ".join(part for part in (sheet, f"columns {key}") if part)
    _check_where(frame, pl.struct(key).is_duplicated(), where, "each key once", file_name, show=key)

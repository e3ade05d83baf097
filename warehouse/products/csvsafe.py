"""CSV cells a spreadsheet will not run as formulas (CSV injection, OWASP's rule).

Excel, LibreOffice and Google Sheets treat a cell that begins with `=`, `+`, `-` or `@` as a formula (and a leading
tab or carriage return can hide one), so `=HYPERLINK(...)` in a publisher's title would run in an analyst's
spreadsheet. OWASP's rule: prefix such a cell with a single quote, which spreadsheets show as text and do not
evaluate. Only text cells are changed: a negative number in a numeric column stays a number. Nor is text that
starts with `+` or `-` and has nothing after but digits, spaces and `().,+-`: a roster's phone numbers
('+49 30 1234-5678'), signed figures ('-5') and dashes for 'none' are written back as they were read. With no
letter, `:`, `!`, `|`, `"`, `&` or `^` such a cell can name no function, cell, range, sheet or program; what is
given up is display, not safety: a spreadsheet may show '+1-555-0100' as the sum -654 or a spaced number as an
error, as it would have shown the roster it came from. Parquet output is written exactly as stored.

https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import re

import polars as pl

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = r"^[=+\-@\t\r]"  # the same characters, for Polars
_FIGURE = re.compile(r"[+\-][0-9 ().,+\-]*")  # a phone number, a signed figure, a dash: left as it is
_FIGURE_PATTERN = f"^{_FIGURE.pattern}$"  # the same, for Polars (whose $ is the end, where Python's allows a \n)


def safe_cell(value: object) -> object:
    """`value`, with a leading `'` if it is text a spreadsheet would read as a formula; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _FIGURE.fullmatch(value):
        return "'" + value
    return value


def safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with `safe_cell` applied to every text column (other columns are left exactly as they are)."""
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(_FORMULA_PATTERN) & ~pl.col(name).str.contains(_FIGURE_PATTERN))
        .then("'" + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )

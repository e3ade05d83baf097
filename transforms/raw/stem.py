"""DHS STEM Designated Degree Program List (PDF): https://www.ice.gov/doclib/sevis/pdf/stemList2024.pdf

The list has no machine-readable table: each page's text (pypdf) holds a header 'CIP Code Title' and then one
line per code, 'NN NN.NNNN Title' (two-digit series, 2020 CIP code, CIP title). A long title wraps onto the
next line(s). Besides 6-digit programs the table prints the four wholly designated families (14, 26, 27, 40) and
their 4-digit series, padded to six digits: '14 14.0000 ENGINEERING.', '14 14.0100 Engineering, General.'.
"""

from __future__ import annotations

import io
import re
from datetime import datetime

import polars as pl
import pypdf

from transforms.errors import SourceFormatError
from transforms.raw.cip import RETIRED_CIP_ACTIONS
from transforms.raw.frames import conform

STEM_SCHEMA = pl.Schema({"cip_code": pl.String, "cip_title": pl.String, "two_digit_series": pl.String})
STEM_CHECKED_SCHEMA = pl.Schema({**STEM_SCHEMA, "cip_level": pl.Int64, "in_cip_2020": pl.Boolean})

# The July 2024 list prints 540 codes and DHS updates it by adding programs. Fewer than 400 means the text
# extraction lost pages or the row layout changed, not that DHS dropped a quarter of the list at once.
MIN_STEM_CODES = 400
# A few codes of a new list may be newer than our CIP edition (e.g. a CIP revision published after it); more than
# this means the CIP edition or the parsing is wrong.
MAX_UNKNOWN_STEM_CODES = 5

_TABLE_HEADER = "CIP Code Title"
_ROW = re.compile(r"^(\d{2}) (\d{2}\.\d{4})(?:\s+(.*))?$")
# A wrapped title line never starts with a digit or holds a decimal number: such a line is a row we misread.
_NOT_A_WRAP = re.compile(r"^\d|\d\.\d")
# Running header and footer lines printed on every page, which pypdf may place anywhere in the page's text.
_PAGE_FURNITURE = re.compile(
    r"^(Homeland Security Investigations|National Security Division|Student and Exchange Visitor Program"
    r"|Last updated: .*|\d+ \| P a g e)$"
)
_LAST_UPDATED = re.compile(r"Last Updated:\s*([A-Z][a-z]+ \d{1,2}, \d{4})", re.IGNORECASE)


def parse_stem_list(content: bytes, file_name: str) -> pl.DataFrame:
    """The DHS STEM list PDF (every page): one row per code printed in its table, in the published 'NN.NNNN' form.

    Most rows are 6-digit programs; a padded family or series row ('14.0000', '14.0100') looks the same, and only
    CIP 2020 can tell them apart ('15.0000' is a real program): `check_stem_codes_in_cip` adds the level.
    `cip_title` is the title as printed, wrapped lines joined; `two_digit_series` is the list's first column.
    """
    rows: list[dict[str, str | int]] = []
    for page_number, text in enumerate(_page_texts(content, file_name), start=1):
        _read_page(text, page_number, rows, file_name)
    frame = pl.DataFrame(rows, schema={"page": pl.Int64, "two_digit_series": pl.String, **STEM_SCHEMA})
    _check_rows(frame, file_name)
    if frame.height < MIN_STEM_CODES:
        raise SourceFormatError(
            file_name,
            f"table '{_TABLE_HEADER}'",
            f"expected at least {MIN_STEM_CODES} rows 'NN NN.NNNN Title', found {frame.height}",
        )
    return conform(frame.select(STEM_SCHEMA.names()), STEM_SCHEMA)


def stem_list_release(content: bytes, file_name: str) -> str:
    """The list's 'Last Updated: July 22, 2024' date on page 1, as an ISO date ('2024-07-22')."""
    # Only page 1's text: extracting every page (pypdf, pure Python) took about as long as the whole parse.
    first_page = _page_texts(content, file_name, pages=1)[0]
    dates = sorted(set(_LAST_UPDATED.findall(first_page)))
    if len(dates) != 1:
        raise SourceFormatError(
            file_name, "page 1", f"expected one 'Last Updated: <Month D, YYYY>' date, found {dates or 'none'}"
        )
    try:
        return datetime.strptime(dates[0], "%B %d, %Y").date().isoformat()
    except ValueError as error:
        raise SourceFormatError(file_name, "page 1", f"'Last Updated' date {dates[0]!r} is not a date") from error


def check_stem_codes_in_cip(stem: pl.DataFrame, cip_codes: pl.DataFrame, file_name: str) -> pl.DataFrame:
    """The STEM list (`parse_stem_list`) with the CIP 2020 level of each printed code and whether it has one.

    `cip_codes` is `transforms.raw.cip.parse_cip_codes`'s frame; codes retired in 2020 ('Moved from', 'Deleted')
    do not count. A printed code is first looked up as a 6-digit program; failing that 'NN.0000' is read as the
    family 'NN' and 'NN.NN00' as the series 'NN.NN' (the list prints those padded). `cip_level` is 6, 2 or 4
    accordingly and null, with `in_cip_2020` false, for a code CIP 2020 does not have. Raises, naming the codes,
    if more than MAX_UNKNOWN_STEM_CODES are unknown.
    """
    current = cip_codes.filter(~pl.col("action").is_in(RETIRED_CIP_ACTIONS))

    def codes_at(level: int) -> pl.Series:
        return current.filter(pl.col("cip_level") == level).get_column("cip_code").implode()

    code = pl.col("cip_code")
    level = pl.coalesce(
        pl.when(code.is_in(codes_at(6))).then(6),
        pl.when(code.str.ends_with("0000") & code.str.slice(0, 2).is_in(codes_at(2))).then(2),
        pl.when(code.str.ends_with("00") & code.str.slice(0, 5).is_in(codes_at(4))).then(4),
    )
    checked = stem.with_columns(level.alias("cip_level")).with_columns(
        pl.col("cip_level").is_not_null().alias("in_cip_2020")
    )
    unknown = checked.filter(~pl.col("in_cip_2020")).get_column("cip_code").to_list()
    if len(unknown) > MAX_UNKNOWN_STEM_CODES:
        raise SourceFormatError(
            file_name,
            "column 'cip_code'",
            f"expected at most {MAX_UNKNOWN_STEM_CODES} codes missing from CIP 2020, found {len(unknown)}: {unknown}",
        )
    return conform(checked, STEM_CHECKED_SCHEMA)


def _page_texts(content: bytes, file_name: str, pages: int | None = None) -> list[str]:
    """The extracted text of every page (or of the first `pages`). The bytes must be a PDF: a server's HTML error
    page is not one."""
    if content.lstrip()[:5] != b"%PDF-":
        raise SourceFormatError(
            file_name, "file start", f"expected a PDF (bytes starting '%PDF-'), found {content[:40]!r}"
        )
    try:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages[:pages]]
    except pypdf.errors.PdfReadError as error:
        raise SourceFormatError(file_name, "file", f"expected a readable PDF: {error}") from error


def _read_page(text: str, page_number: int, rows: list[dict[str, str | int]], file_name: str) -> None:
    """Append the page's table rows to `rows`; a line that is not a row continues the previous row's title."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not _PAGE_FURNITURE.match(line)]
    start = lines.index(_TABLE_HEADER) + 1 if _TABLE_HEADER in lines else len(lines)
    for line in lines[:start]:
        if _ROW.match(line):
            raise SourceFormatError(
                file_name, f"page {page_number}", f"expected rows only under '{_TABLE_HEADER}', found {line!r}"
            )
    for line in lines[start:]:
        if match := _ROW.match(line):
            rows.append(
                {"page": page_number, "two_digit_series": match[1], "cip_code": match[2], "cip_title": match[3] or ""}
            )
        elif _NOT_A_WRAP.search(line) or not rows:
            raise SourceFormatError(
                file_name, f"page {page_number}", f"expected a row 'NN NN.NNNN Title' or a title's wrap, found {line!r}"
            )
        else:
            rows[-1]["cip_title"] = _join_wrapped(str(rows[-1]["cip_title"]), line)


def _join_wrapped(title: str, line: str) -> str:
    """Join a title's wrapped line; Word wraps 'Engineering-Related' after the hyphen, so no space there."""
    if not title or title.endswith("-"):
        return title + line
    return f"{title} {line}"


def _check_rows(frame: pl.DataFrame, file_name: str) -> None:
    """Every row has a title, a series that is its code's first two digits, and a code listed once."""
    problems = {
        "a title": pl.col("cip_title").str.strip_chars() == "",
        "the series to be the code's first two digits": pl.col("two_digit_series")
        != pl.col("cip_code").str.slice(0, 2),
        "each code once": pl.col("cip_code").is_duplicated(),
    }
    for expected, bad in problems.items():
        hits = frame.filter(bad)
        if hits.height:
            first = hits.row(0, named=True)
            raise SourceFormatError(
                file_name,
                f"page {first['page']}, code {first['cip_code']}",
                f"expected {expected}, found {first['two_digit_series']} {first['cip_code']} {first['cip_title']!r}"
                f" ({hits.height} row(s) like this)",
            )

"""Code a whole roster at once: each row's job title and/or duties -> its three best 2018 SOC codes.

A roster is a CSV (UTF-8; separated by commas, semicolons or tabs, whichever its header uses) or Excel (.xlsx) file
with a header row. The title and duties columns are named by the
caller or found from the header (TITLE_HEADERS, DUTIES_HEADERS, compared without case, spaces or punctuation).
Each row is searched as `socwh search` would search it (warehouse.products.search.search) and written back with its own
columns first, then for each of the three best codes: code, title, score, confidence, why it matched, and the NIW
figures an attorney weighs (advanced degree, priority field, STEM); and a note: why a row has no code, or how its
title was read where the search corrected or translated it, and why a first code has low confidence. Identical queries are searched once.

Every problem with the file is a RosterError naming the file, and the column or row where it applies.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.products import search as finder
from warehouse.products.csvsafe import safe_cell

TITLE_HEADERS = ("title", "jobtitle", "positiontitle", "position", "jobname", "role", "occupation", "job")
DUTIES_HEADERS = (
    "duties",
    "jobduties",
    "dutiesdescription",
    "description",
    "jobdescription",
    "responsibilities",
    "tasks",
    "summary",
)
TOP = 3
# One result's columns, repeated for each of the TOP codes (suffix _1, _2, _3).
RESULT_COLUMNS = (
    "soc_code",
    "soc_title",
    "score",
    "confidence",
    "why",
    "requires_advanced_degree",
    "is_priority_field",
    "is_stem",
    "cet_areas",
)
SUFFIXES = (".csv", ".xlsx")
MEDIA_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Excel saves "CSV" with semicolons where the decimal mark is a comma (most of Europe and Latin America)
SEPARATORS = (",", ";", "\t")
BATCH = 100  # rows searched together: big enough to share the passes over the index, small for a lively bar


class RosterError(ValueError):
    pass


@dataclass(frozen=True)
class Roster:
    path: Path
    header: list[str]
    rows: list[dict[str, str]]
    title_column: str | None
    duties_column: str | None
    separator: str | None = None  # a CSV's, as found from its header (SEPARATORS); None for a workbook


def _key(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _suffix(path: Path, role: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise RosterError(f"{path}: the {role} must be a .csv or .xlsx file, not {suffix or 'a file without a suffix'}")
    return suffix


def _read_csv(path: Path, data: bytes) -> tuple[list[str], list[list[str]], str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RosterError(
            f"{path}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the roster as 'CSV UTF-8' or as .xlsx"
        ) from None
    separator = _separator(text)
    # strict: a quote that opens a cell and is never closed where CSV expects would otherwise swallow the rows after
    # it into one cell, silently
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    table, start = [], 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                table.append(row)
            start = reader.line_num + 1
    except csv.Error as error:
        if "field limit" in str(error):  # a cell over csv's field size limit (128 KiB), e.g. not a roster
            raise RosterError(f"{path}: line {reader.line_num} is not CSV a roster can hold ({error})") from None
        raise RosterError(
            f"{path}: row {len(table) + 1} (from line {start}) has a quote that CSV cannot close ({error}, at line "
            f"{reader.line_num}); a cell holding quotes must be quoted whole, with each quote inside doubled, as a "
            "spreadsheet saves it"
        ) from None
    if not table:
        raise RosterError(f"{path}: the file is empty; expected a header row naming a title or duties column")
    return [h.strip() for h in table[0]], table[1:], separator


def _separator(text: str) -> str:
    """The header line's commonest of SEPARATORS; a comma if it has none (a one-column roster) or on a tie."""
    header = text.split("\n", 1)[0]
    return max(SEPARATORS, key=header.count)


def _read_xlsx(path: Path, data: bytes) -> tuple[list[str], list[list[str]], None]:
    import fastexcel

    try:
        sheet = fastexcel.read_excel(data).load_sheet(0, header_row=None, dtypes="string")
    except Exception as error:  # fastexcel raises its own error types for a file that is not a workbook
        raise RosterError(f"{path}: not a readable .xlsx workbook ({str(error).splitlines()[0]})") from None
    frame = sheet.to_polars()
    table = [["" if v is None else str(v) for v in row] for row in frame.iter_rows()]
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise RosterError(f"{path}: the first sheet is empty; expected a header row naming a title or duties column")
    return [h.strip() for h in table[0]], table[1:], None


def _column(path: Path, header: list[str], asked: str | None, known: tuple[str, ...], role: str) -> str | None:
    if asked is not None:
        if asked not in header:
            raise RosterError(f"{path}: no column {asked!r} (the {role} column you named); the header has {header}")
        return asked
    keys = {_key(h): h for h in reversed(header) if h}
    return next((keys[k] for k in known if k in keys), None)


def read_roster(path: Path, title_column: str | None = None, duties_column: str | None = None) -> Roster:
    """The roster at `path`, with its title and duties columns (named, or detected from the header)."""
    path = Path(path)
    _suffix(path, "roster")  # a wrong suffix is named before a missing file
    if not path.is_file():
        raise RosterError(f"{path}: no such file")
    return parse_roster(path, path.read_bytes(), title_column, duties_column)


def parse_roster(path: Path, data: bytes, title_column: str | None = None, duties_column: str | None = None) -> Roster:
    """The roster in `data`, the bytes of the file `path` (which every message names): an upload to `socwh serve`
    is read by the same rules as a file `socwh code` reads, and fails with the same messages."""
    path = Path(path)
    suffix = _suffix(path, "roster")
    header, table, separator = (_read_csv if suffix == ".csv" else _read_xlsx)(path, data)
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise RosterError(f"{path}: the header names column(s) {duplicates} more than once")
    title = _column(path, header, title_column, TITLE_HEADERS, "title")
    duties = _column(path, header, duties_column, DUTIES_HEADERS, "duties")
    if title is None and duties is None:
        raise RosterError(
            f"{path}: found no title or duties column in the header {header}; "
            "name them with --title-column and/or --duties-column"
        )
    rows = []
    for number, cells in enumerate(table, 2):  # row 1 is the header
        if len(cells) > len(header):
            raise RosterError(f"{path}: row {number} has {len(cells)} cells but the header names {len(header)} columns")
        rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True)))
    return Roster(path, header, rows, title, duties, separator)


def _why(result: dict) -> str:
    """'O*NET task: <text> [matched: a, b]' for each matched text, then the generic words that were down-weighted."""
    parts = [f"{m['field']}: {m['text']} [matched: {', '.join(m['terms'])}]" for m in result["matched"]]
    explain = result.get("explain") or {}
    if explain.get("phrases"):
        parts.append("phrases: " + ", ".join(explain["phrases"]))
    if explain.get("generic"):
        parts.append("down-weighted: " + ", ".join(explain["generic"]))
    if result.get("meaning"):
        parts.append(f"close in meaning: {result['meaning']:.2f}")
    return " | ".join(parts)


def _cells(results: list[dict]) -> dict[str, object]:
    out: dict[str, object] = {}
    for rank in range(1, TOP + 1):
        r = results[rank - 1] if rank <= len(results) else None
        values = {
            "soc_code": r and r["soc_code"],
            "soc_title": r and r["title"],
            "score": r and r["score"],
            "confidence": r and r.get("confidence"),
            "why": r and _why(r),
            "requires_advanced_degree": r and r["requires_advanced_degree"],
            "is_priority_field": r and r["is_priority_field"],
            "is_stem": r and r["is_stem"],
            "cet_areas": r and ("; ".join(r["cet_areas"]) if isinstance(r["cet_areas"], list) else r["cet_areas"]),
        }
        out.update({f"{name}_{rank}": value for name, value in values.items()})
    return out


def code_rows(
    con: duckdb.DuckDBPyConnection, roster: Roster, progress: Callable[[int], None] | None = None
) -> Iterator[dict[str, object]]:
    """Each roster row with its TOP codes' columns (and a `note` where the row could not be coded). Rows are
    searched BATCH at a time (warehouse.products.search.search_many: a few passes over the index per batch, not per row);
    `progress(n)` is told after each batch how many rows it finished. A title or duties text repeated anywhere in
    the roster is scored once (one memo for all batches)."""
    memo: dict = {}
    for first in range(0, len(roster.rows), BATCH):
        chunk = roster.rows[first : first + BATCH]
        asked = [_request(roster, row) for row in chunk]
        unique = sorted({a for a in asked if a != ("", "")})
        answers = dict(
            zip(unique, finder.search_many(con, [(t or None, d or None) for t, d in unique], TOP, memo), strict=True)
        )
        for row, request in zip(chunk, asked, strict=True):
            results = answers.get(request, [])
            yield {**row, **_cells(results), "note": _note(request, results)}
        if progress is not None:
            progress(len(chunk))


def _note(request: tuple[str, str], results: list[dict]) -> str:
    """Why a row has no code; or how its title was read, where the search spelled out, corrected or translated it (a reader
    checks 'Ingeniero de software' read as 'software engineer' before trusting the codes), and why its first code
    has low confidence."""
    if request == ("", ""):
        return "no title or duties in this row"
    if not results:
        return "no SOC code matched"
    first, read = results[0], results[0]["explain"]["title_read_as"]
    notes = [f"title read as {read!r}"] if read and read != " ".join(finder.words(request[0])) else []
    if first["confidence"] == "low":
        notes.append(f"low confidence: {first['confidence_why']}")
    return "; ".join(notes)


def _request(roster: Roster, row: dict[str, str]) -> tuple[str, str]:
    title = (row.get(roster.title_column) or "").strip() if roster.title_column else ""
    duties = (row.get(roster.duties_column) or "").strip() if roster.duties_column else ""
    return title, duties


def output_columns(roster: Roster) -> list[str]:
    coded = [f"{name}_{rank}" for rank in range(1, TOP + 1) for name in RESULT_COLUMNS]
    return [*roster.header, *coded, "note"]


def write_coded(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    """Write the coded rows as .csv (UTF-8) or .xlsx, to a temporary file renamed into place when complete."""
    path = Path(path)
    suffix = _suffix(path, "output")
    partial = path.with_name(path.name + ".partial")
    try:
        if suffix == ".csv":
            with partial.open("w", newline="", encoding="utf-8") as f:
                writer = csv.DictWriter(f, columns, lineterminator="\n")
                writer.writeheader()
                # OWASP's rule, as every CSV the project writes: a roster cell typed '=…' stays text in a spreadsheet
                writer.writerows({k: safe_cell(_plain(v)) for k, v in row.items()} for row in rows)
        else:
            import xlsxwriter

            book = xlsxwriter.Workbook(str(partial), {"strings_to_formulas": False, "strings_to_urls": False})
            sheet = book.add_worksheet("coded")
            bold = book.add_format({"bold": True})
            sheet.write_row(0, 0, columns, bold)
            for number, row in enumerate(rows, 1):
                sheet.write_row(number, 0, [_plain(row.get(c)) for c in columns])
            sheet.freeze_panes(1, 0)
            book.close()
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def coded_bytes(suffix: str, columns: list[str], rows: list[dict[str, object]]) -> bytes:
    """The coded roster as write_coded writes it to a `suffix` file, as bytes (an upload answered by a download)."""
    with tempfile.TemporaryDirectory(prefix="socwh-coded-") as folder:
        path = Path(folder) / f"coded{suffix}"
        write_coded(path, columns, rows)
        return path.read_bytes()


def _plain(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value

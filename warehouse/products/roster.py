"""Code a whole roster at once: each row's job title and/or duties -> its three best 2018 SOC codes.

A roster is a CSV (UTF-8, or the encoding named; UTF-16 with its byte-order mark; separated by commas, semicolons
or tabs, whichever its header uses) or a sheet of an Excel (.xlsx) workbook (the first, or the one named), with a
header row: the first filled row, or a row under a title line or two (the first of the first HEADER_SEARCH filled
rows naming a title or duties column, or the columns named), or under a group row over merged cells. Rows are
numbered in messages as the spreadsheet numbers them. The title and duties columns are named by the caller or found
from the header (TITLE_HEADERS, DUTIES_HEADERS, compared without case, accents, spaces or punctuation, a plural as
its singular). Each row is searched as `socwh search` would search it
(warehouse.products.search.search) and written back with its own columns first, as they were (a workbook's numbers,
dates and booleans too; a blank row stays in its place), then for each of the three best codes: code, title, score,
why it matched, and the NIW figures an attorney weighs (advanced degree, priority field, STEM), with the first
code's confidence; and a note: why a row has no code, how its title was read where the search spelled it out,
corrected or translated it, and why a first code has low confidence. A CSV is written back separated and marked as
it was read (a CSV read in another encoding is written back as UTF-8 with a byte-order mark). Identical queries
are searched once.

Every problem with the file is a RosterError naming the file (and sheet), and the column or row where it applies;
so is a roster that already has a column the coded file writes, which would otherwise be overwritten, and one whose
title or duties column's name the header repeats. A column with no header but filled cells is named by its place,
'(column 4, no header)', and so is a later column of a name the header repeats, 'Notes (column 6)'.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.products import search as finder
from warehouse.products.csvsafe import safe_cell

# Header names, compared as _key writes them (lowercase letters only, accents stripped; a plural as its singular):
# English, and the Spanish, Portuguese, French, German and Italian an international roster uses.
TITLE_HEADERS = (
    "title",
    "jobtitle",
    "positiontitle",
    "position",
    "jobname",
    "businesstitle",  # Workday's
    "currenttitle",
    "currentjobtitle",
    "titleofposition",
    "positionname",
    "jobrole",
    "role",
    "occupation",
    "job",
    "designation",
    "puesto",
    "cargo",
    "titulo",
    "titulodelpuesto",
    "intituledeposte",
    "intituleduposte",
    "poste",
    "titre",
    "stellenbezeichnung",
    "berufsbezeichnung",
    "jobbezeichnung",
    "mansione",
    "qualifica",
)
DUTIES_HEADERS = (
    "duties",
    "jobduties",
    "dutiesdescription",
    "description",
    "jobdescription",
    "responsibilities",
    "keyresponsibilities",
    "mainduties",
    "dutiesandresponsibilities",
    "responsibilitiesandduties",
    "jobresponsibilities",
    "positiondescription",
    "roledescription",
    "jobsummary",
    "positionsummary",
    "tasks",
    "summary",
    "funciones",
    "tareas",
    "descripcion",
    "descripciondelpuesto",
    "atribuicoes",
    "atividades",
    "descricao",
    "missions",
    "taches",
    "descriptiondestaches",
    "descriptionduposte",
    "aufgaben",
    "tatigkeiten",
    "taetigkeiten",
    "stellenbeschreibung",
    "mansioni",
    "compiti",
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
FIRST_ONLY = ("confidence",)  # the search marks the first code's confidence only
SUFFIXES = (".csv", ".xlsx")
MEDIA_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Excel saves "CSV" with semicolons where the decimal mark is a comma (most of Europe and Latin America)
SEPARATORS = (",", ";", "\t")
# filled rows searched for the header: a title line or two above it ('ACME Corp: roster, Q3 2026') is common
HEADER_SEARCH = 10
NO_REQUEST = "no title or duties in this row"  # the note of a row with neither
XLSX_CELL_CHARS = 32_767  # Excel's limit on a cell's text
BATCH = 100  # rows searched together: big enough to share the passes over the index, small for a lively bar


class RosterError(ValueError):
    pass


@dataclass(frozen=True)
class Roster:
    path: Path
    header: list[str]
    # each row's cells by column: text, or for a workbook the cell's own value (a number, date or boolean is written
    # back as one); the title and duties columns are always text
    rows: list[dict[str, object]]
    title_column: str | None
    duties_column: str | None
    separator: str | None = None  # a CSV's, as found from its header (SEPARATORS); None for a workbook
    # a CSV written back with a UTF-8 byte-order mark: one read with a mark (Excel's 'CSV UTF-8'), or in another
    # encoding (a spreadsheet then opens the UTF-8 written back as UTF-8, not as its own code page)
    bom: bool = False
    encoding: str = "utf-8"  # a CSV's, as read
    header_row: int = 1  # the header's row number in the file or sheet, as a spreadsheet numbers its rows
    above: tuple[str, ...] = ()  # the filled rows above the header (a title line), as text: not coded
    sheet: str | None = None  # a workbook's sheet read
    sheets: tuple[str, ...] = ()  # all of a workbook's sheets, in order

    @property
    def blank_rows(self) -> int:
        """Rows with no cell filled: kept, so the coded file's rows line up with the roster's."""
        return sum(not any(str(v).strip() for v in row.values()) for row in self.rows)


@dataclass(frozen=True)
class _Asked:
    """How the caller asked for the roster to be read: the columns, sheet and encoding it named (None: found)."""

    title_column: str | None = None
    duties_column: str | None = None
    sheet: str | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class _Table:
    # every row of the file or sheet from its row 1 (a blank row as one), its cells as text: row n is rows[n - 1]
    rows: list[list[str]]
    # a workbook's rows from a given index on, as the workbook types them (None where it cannot, or for a CSV)
    typed: Callable[[int], list[tuple[object, ...]] | None] = lambda start: None
    separator: str | None = None
    bom: bool = False
    encoding: str = "utf-8"
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    where: str = ""  # ' (sheet 'Roster')' for a workbook: messages name the sheet read


def _key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", plain)


def _suffix(path: Path, role: str) -> str:
    if path.is_dir():
        raise RosterError(f"{path}: the {role} must be a .csv or .xlsx file, not a folder")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise RosterError(f"{path}: the {role} must be a .csv or .xlsx file, not {suffix or 'a file without a suffix'}")
    return suffix


def _filled(row: list[str]) -> bool:
    return any(cell.strip() for cell in row)


_MARKS = (("utf-8", codecs.BOM_UTF8), ("utf-16", codecs.BOM_UTF16_LE), ("utf-16", codecs.BOM_UTF16_BE))


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str, bool]:
    """The CSV's text, the encoding it was read in (Python's name for it) and whether it is written back with a
    UTF-8 byte-order mark: where it had one, or was in another encoding. UTF-8 unless `encoding` is named; UTF-16
    with its byte-order mark (Excel's 'Unicode Text') is recognised by the mark."""
    marked = next((name for name, bom in _MARKS if data.startswith(bom)), None)
    if encoding is None:
        encoding = "utf-16" if marked == "utf-16" else None
    try:
        codec = codecs.lookup(encoding or "utf-8").name
    except (LookupError, ValueError):  # no such codec, or a name no codec could have ('a\x00b')
        raise RosterError(f"{path}: no text encoding {encoding!r} (expected one such as utf-8 or cp1252)") from None
    if marked is not None and not codec.startswith(marked):  # the mark is certain; a named encoding is a guess
        raise RosterError(
            f"{path}: the file starts with a {marked.upper()} byte-order mark, so it is {marked.upper()} text, not "
            f"{encoding}; leave out the encoding"
        )
    try:
        text = data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        where = f"byte 0x{data[error.start]:02x} at offset {error.start}, line {line}"
        if encoding is not None:
            raise RosterError(f"{path}: not {encoding} text ({where})") from None
        raise RosterError(
            f"{path}: not UTF-8 text ({where}); save the roster as 'CSV UTF-8' or as .xlsx, or name its encoding "
            "(--encoding cp1252 for Excel's 'CSV (Comma delimited)' on Windows)"
        ) from None
    except (LookupError, ValueError):  # no such codec, or one that is not of text ('rot13', 'base64')
        raise RosterError(f"{path}: no text encoding {encoding!r} (expected one such as utf-8 or cp1252)") from None
    return text, codec, data.startswith(codecs.BOM_UTF8) or codec != "utf-8"


def _read_csv(path: Path, data: bytes, asked: _Asked) -> _Table:
    if asked.sheet is not None:
        raise RosterError(f"{path}: a CSV has no sheets; a sheet ({asked.sheet!r}) is named only for an .xlsx workbook")
    text, encoding, bom = _decode(path, data, asked.encoding)
    separator = _separator(text, asked)
    # strict: a quote that opens a cell and is never closed where CSV expects would otherwise swallow the rows after
    # it into one cell, silently
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    rows: list[list[str]] = []
    start = 1
    try:
        for row in reader:
            rows.append(row)
            start = reader.line_num + 1
    except csv.Error as error:
        if "field limit" in str(error):  # a cell over csv's field size limit (128 KiB), e.g. not a roster
            raise RosterError(f"{path}: line {reader.line_num} is not CSV a roster can hold ({error})") from None
        raise RosterError(
            f"{path}: row {len(rows) + 1} (from line {start}) has a quote that CSV cannot close ({error}, at line "
            f"{reader.line_num}); a cell holding quotes must be quoted whole, with each quote inside doubled, as a "
            "spreadsheet saves it"
        ) from None
    return _Table(rows, separator=separator, bom=bom, encoding=encoding)


def _separator(text: str, asked: _Asked) -> str:
    """The header line's commonest of SEPARATORS (a comma if it has none, a one-column roster, or on a tie). The
    header line is the first of the first HEADER_SEARCH filled lines that, split by one of SEPARATORS, has the
    columns _header_index looks for; else the first filled line. A title line above the header ('ACME Corp, Q3')
    and commas inside a semicolon-separated row's cells do not decide it."""
    lines = [line for line in text.splitlines() if line.strip()][:HEADER_SEARCH]
    for line in lines:
        for separator in sorted(SEPARATORS, key=line.count, reverse=True):
            cells = next(csv.reader([line], delimiter=separator), [])
            if _is_header(cells, asked):
                return separator
    return max(SEPARATORS, key=lines[0].count) if lines else ","


def _read_xlsx(path: Path, data: bytes, asked: _Asked) -> _Table:
    import fastexcel

    if asked.encoding is not None:
        raise RosterError(f"{path}: a workbook's text has no encoding to name ({asked.encoding!r} is for a CSV)")
    try:
        book = fastexcel.read_excel(data)
    except Exception as error:  # fastexcel raises its own error types for a file that is not a workbook
        raise RosterError(f"{path}: not a readable .xlsx workbook ({str(error).splitlines()[0]})") from None
    names = tuple(book.sheet_names)
    index = _sheet_index(path, names, asked.sheet)
    where = f" (sheet {names[index]!r}{', the first' if asked.sheet is None else ''})"
    try:
        # skip_rows=0: from the sheet's row 1, as a spreadsheet numbers rows (by default fastexcel starts at the
        # first filled row, and a row number in a message would not be the one the reader sees)
        text = book.load_sheet(index, header_row=None, skip_rows=0, dtypes="string").to_polars()
    except Exception as error:
        raise RosterError(f"{path}{where}: the sheet cannot be read ({str(error).splitlines()[0]})") from None
    rows = [["" if v is None else str(v) for v in row] for row in text.iter_rows()]

    def typed(start: int) -> list[tuple[object, ...]] | None:
        # the rows from `start` on as the workbook types them, one type per column (a column of mixed cells is
        # text): numbers, dates and booleans go back into the coded workbook as what they were, not as text
        try:
            return list(book.load_sheet(index, header_row=None, skip_rows=start).to_polars().iter_rows())
        except Exception:  # a column fastexcel cannot type: the cells go back as text, as they were read
            return None

    return _Table(rows, typed, sheet=names[index], sheets=names, where=where)


def _sheet_index(path: Path, names: tuple[str, ...], sheet: str | None) -> int:
    """The sheet named `sheet` (its name, in any case, or its number from 1); the first if none is named."""
    if sheet is None:
        return 0
    alike = [i for i, name in enumerate(names) if name == sheet] or [
        i for i, name in enumerate(names) if name.casefold() == sheet.strip().casefold()
    ]
    if len(alike) == 1:
        return alike[0]
    if sheet.strip().isdecimal() and 1 <= int(sheet) <= len(names):  # not '²', a digit int() cannot read
        return int(sheet) - 1
    raise RosterError(
        f"{path}: no sheet {sheet!r}; the workbook has sheets {list(names)} (name one, or its number, from 1 to "
        f"{len(names)})"
    )


def _other_sheets(table: _Table, asked: _Asked) -> str:
    """For a message about the first sheet, where the workbook has others: which, and how to name one."""
    others = [name for name in table.sheets if name != table.sheet]
    return (
        f", or name another sheet with --sheet ({', '.join(map(repr, others))})" if others and not asked.sheet else ""
    )


EXCEL_DAY_0 = (datetime.date(1899, 12, 30), datetime.date(1899, 12, 31))  # serial 0 as readers date it


def _cell(value: object, text: str) -> object:
    """A workbook cell's value, as written back: a date at midnight as a date, a time on Excel's day 0 as a time
    of day (calamine dates a cell that holds only a time 1899-12-31, which Excel shows as 1900-01-00); the text
    where the typed reading has nothing (never a silent blank)."""
    if value is None:
        return text
    if isinstance(value, datetime.datetime) and value.date() in EXCEL_DAY_0:
        return value.time()
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _named(header: list[str], asked: str) -> str | None:
    """The header's column named `asked`: as typed, or the one column alike but for case, spaces and punctuation."""
    if asked in header:
        return asked
    alike = [h for h in header if _key(h) == _key(asked)]  # 'job title' for 'Job Title'
    return alike[0] if len(alike) == 1 else None


def _found(header: list[str], known: tuple[str, ...]) -> str | None:
    keys: dict[str, str] = {}
    for h in reversed(header):
        if h:
            keys[_key(h)] = keys[_key(h).removesuffix("s")] = h  # 'Job Title(s)', 'Responsibilities'
    return next((keys[k] for k in known if k in keys), None)


def _column(place: str, header: list[str], asked: str | None, known: tuple[str, ...], role: str) -> str | None:
    if asked is None:
        return _found(header, known)
    named = _named(header, asked)
    if named is None:
        raise RosterError(f"{place}: no column {asked!r} (the {role} column you named); the header has {header}")
    return named


def _header_names(cells: list[str], used: set[int] | None = None) -> list[str]:
    """A header row's column names. A column with no name but filled cells (`used`: their places; None: any) is named
    by its place, '(column 4, no header)': unnamed, its cells would be written into another unnamed column's. A
    repeated name is kept by its first column and a later one is named by its place too, 'Notes (column 6)', or its
    cells would be written into the first's."""
    names = [
        c.strip() or (f"(column {j + 1}, no header)" if used is None or j in used else "") for j, c in enumerate(cells)
    ]
    first = {h: names.index(h) for h in names if h}
    return [f"{h} (column {j + 1})" if h and first[h] != j else h for j, h in enumerate(names)]


def _is_header(cells: list[str], asked: _Asked) -> bool:
    """Whether `cells` are a header: with the columns named, or (none named) a title or duties column."""
    header = _header_names(cells)
    named = [name for name in (asked.title_column, asked.duties_column) if name is not None]
    if named:
        return all(_named(header, name) for name in named)
    return bool(_found(header, TITLE_HEADERS) or _found(header, DUTIES_HEADERS))


def _header_index(rows: list[list[str]], asked: _Asked) -> int | None:
    """The header's index in `rows`: the first of the first HEADER_SEARCH filled rows that _is_header, or the row
    under it where it is a group row over merged cells ('Employee | | Position |': _groups); else the first filled
    row (whose header the error then names). None for a file with no filled row."""
    filled = [i for i, row in enumerate(rows) if _filled(row)]
    header = next((i for i in filled[:HEADER_SEARCH] if _is_header(rows[i], asked)), None)
    if header is None:
        return filled[0] if filled else None
    while header + 1 in filled[:HEADER_SEARCH] and _groups(rows[header], rows[header + 1], asked):
        header += 1
    return header


def _groups(upper: list[str], lower: list[str], asked: _Asked) -> bool:
    """Whether `upper` is a group row over the header `lower`: `lower` is a header too, and `upper` has fewer filled
    cells, each over a filled one (a merged cell is filled in its first column only). A data row under a header
    ('A. Rivera | Chemist | Role') is not: its cells fill the header's columns."""
    above = {j for j, cell in enumerate(upper) if cell.strip()}
    below = {j for j, cell in enumerate(lower) if cell.strip()}
    return len(above) < len(below) and above <= below and _is_header(lower, asked)


def check_output(out: Path, roster: Path) -> None:
    """Refuse, before any coding, an output the coded roster cannot be written to, or one that would overwrite the
    roster itself."""
    out = Path(out)
    _suffix(out, "output")
    if out.resolve() == Path(roster).resolve():
        raise RosterError(f"{out}: this is the roster itself; write the coded roster to another file")
    if not out.parent.is_dir():
        raise RosterError(f"{out}: no folder {str(out.parent)!r} to write the coded roster in")


def read_roster(
    path: Path,
    title_column: str | None = None,
    duties_column: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
) -> Roster:
    """The roster at `path`, with its title and duties columns (named, or detected from the header)."""
    path = Path(path)
    _suffix(path, "roster")  # a wrong suffix is named before a missing file
    if not path.is_file():
        raise RosterError(f"{path}: no such file")
    return parse_roster(path, path.read_bytes(), title_column, duties_column, sheet, encoding)


def parse_roster(
    path: Path,
    data: bytes,
    title_column: str | None = None,
    duties_column: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
) -> Roster:
    """The roster in `data`, the bytes of the file `path` (which every message names): an upload to `socwh serve`
    is read by the same rules as a file `socwh code` reads, and fails with the same messages. `sheet` names a
    workbook's sheet (default: the first), `encoding` a CSV's (default: UTF-8)."""
    path = Path(path)
    suffix = _suffix(path, "roster")
    asked = _Asked(title_column, duties_column, sheet, encoding)
    table = (_read_csv if suffix == ".csv" else _read_xlsx)(path, data, asked)
    place = f"{path}{table.where}"
    at = _header_index(table.rows, asked)
    if at is None:
        empty = "the sheet is empty" if table.sheet is not None else "the file is empty"
        raise RosterError(f"{place}: {empty}; expected a header row naming a title or duties column")
    # the rows under the header to the last filled one: a blank row between them is kept (it is a row of the
    # roster), blank rows after the last are not
    last = max(i for i, row in enumerate(table.rows) if _filled(row))
    cells = table.rows[at + 1 : last + 1]
    header = _header_names(table.rows[at], {j for row in cells for j, cell in enumerate(row) if cell.strip()})
    clashing = sorted({h for h in header if h and header.count(h) > 1})  # 'Notes, Notes, Notes (column 2)'
    if clashing:
        raise RosterError(f"{place}: the header (row {at + 1}) names column(s) {clashing} more than once; rename them")
    clash = [c for c in _coded_columns() if c in header]
    if clash:
        raise RosterError(
            f"{place}: the roster already has column(s) {clash}, which the coded file writes; rename them (or, for a "
            "coded roster, code the roster it came from)"
        )
    title = _column(place, header, title_column, TITLE_HEADERS, "title")
    duties = _column(place, header, duties_column, DUTIES_HEADERS, "duties")
    for role, name, asked_for in (("title", title, title_column), ("duties", duties, duties_column)):
        # found, not named, in a header with another column of that name (or alike: 'Job Title', 'job title'): which?
        alike = [j for j, h in enumerate(header) if name is not None and _key(table.rows[at][j]) == _key(name)]
        if len(alike) > 1 and asked_for is None:
            forms = " or ".join(
                repr(header[j]) if header[j].endswith(f"(column {j + 1})") else f"{header[j]!r} (column {j + 1})"
                for j in alike
            )
            raise RosterError(
                f"{place}: the header (row {at + 1}) names the {role} column in columns "
                f"{' and '.join(str(j + 1) for j in alike)}; which is it? Rename one, or name it with --{role}-column: "
                f"{forms}"
            )
    if title is None and duties is None:
        raise RosterError(
            f"{place}: found no title or duties column in the header {header} (row {at + 1}, the first filled row); "
            f"name them with --title-column and/or --duties-column{_other_sheets(table, asked)}"
        )
    typed = table.typed(at + 1) if cells else None
    values = (
        [[_cell(v, t) for v, t in zip(row, texts, strict=False)] for row, texts in zip(typed, cells, strict=False)]
        if typed is not None and len(typed) >= len(cells)
        else None
    )
    rows: list[dict[str, object]] = []
    for index, row_cells in enumerate(cells):
        number = at + index + 2  # as the file or sheet numbers its rows
        if len(row_cells) > len(header):
            raise RosterError(
                f"{place}: row {number} has {len(row_cells)} cells but the header (row {at + 1}) names "
                f"{len(header)} columns"
            )
        padding = [""] * (len(header) - len(row_cells))
        row: dict[str, object] = dict(zip(header, row_cells + padding, strict=True))
        if values is not None:
            row |= {h: v for h, v in zip(header, values[index] + padding, strict=False) if h not in (title, duties)}
        rows.append(row)
    above = tuple(", ".join(c.strip() for c in row if c.strip()) for row in table.rows[:at] if _filled(row))
    return Roster(
        path,
        header,
        rows,
        title,
        duties,
        table.separator,
        table.bom,
        table.encoding,
        at + 1,
        above,
        table.sheet,
        table.sheets,
    )


def _why(result: dict) -> str:
    """'O*NET task: <text> [matched: a, b]' for each matched text, then how the query was read (the phrases, the
    generic words down-weighted, the jargon also looked for: the same in each of a row's cells, so that each says
    all of why), its closeness in meaning and any scaling."""
    parts = [f"{m['field']}: {m['text']} [matched: {', '.join(m['terms'])}]" for m in result["matched"]]
    parts.extend(finder.reading(result.get("explain") or {}))
    if result.get("meaning"):
        parts.append(f"close in meaning: {result['meaning']:.2f}")
    parts.extend(f"score {scale}" for scale in result["scaled"])
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
            "requires_advanced_degree": r and _yes_no(r["requires_advanced_degree"]),
            "is_priority_field": r and _yes_no(r["is_priority_field"]),
            "is_stem": r and _yes_no(r["is_stem"]),
            "cet_areas": r and ("; ".join(r["cet_areas"]) if isinstance(r["cet_areas"], list) else r["cet_areas"]),
        }
        out.update({f"{name}_{rank}": value for name, value in values.items() if _kept(name, rank)})
    return out


def _kept(name: str, rank: int) -> bool:
    return rank == 1 or name not in FIRST_ONLY


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
        return NO_REQUEST
    if not results:
        return "no SOC code matched"
    first, read = results[0], results[0]["explain"]["title_read_as"]
    notes = [f"title read as {read!r}"] if read and read != " ".join(finder.words(request[0])) else []
    if first["confidence"] == "low":
        notes.append(f"low confidence: {first['confidence_why']}")
    return "; ".join(notes)


def _request(roster: Roster, row: dict[str, object]) -> tuple[str, str]:
    title = str(row.get(roster.title_column) or "").strip() if roster.title_column else ""
    duties = str(row.get(roster.duties_column) or "").strip() if roster.duties_column else ""
    return title, duties


def _coded_columns() -> list[str]:
    ranked = [f"{name}_{rank}" for rank in range(1, TOP + 1) for name in RESULT_COLUMNS if _kept(name, rank)]
    return [*ranked, "note"]


def output_columns(roster: Roster) -> list[str]:
    return [*roster.header, *_coded_columns()]


def write_coded(path: Path, columns: list[str], rows: list[dict[str, object]], like: Roster | None = None) -> None:
    """Write the coded rows as .csv or .xlsx, to a temporary file renamed into place when complete. A CSV is UTF-8,
    separated and marked (byte-order mark) as the roster `like` was, so the spreadsheet that saved the roster opens
    it the same way; comma-separated without a mark otherwise."""
    path = Path(path)
    suffix = _suffix(path, "output")
    partial = path.with_name(path.name + ".partial")
    separator = (like.separator if like else None) or ","
    try:
        if suffix == ".csv":
            encoding = "utf-8-sig" if like is not None and like.bom else "utf-8"
            with partial.open("w", newline="", encoding=encoding) as f:
                writer = csv.DictWriter(f, columns, delimiter=separator, lineterminator="\n")
                writer.writeheader()
                # OWASP's rule, as every CSV the project writes: a roster cell typed '=…' stays text in a spreadsheet
                writer.writerows({k: safe_cell(_plain(v)) for k, v in row.items()} for row in rows)
        else:
            import xlsxwriter

            options = {"strings_to_formulas": False, "strings_to_urls": False, "default_date_format": "yyyy-mm-dd"}
            book = xlsxwriter.Workbook(str(partial), options)
            sheet = book.add_worksheet("coded")
            bold = book.add_format({"bold": True})
            sheet.write_row(0, 0, columns, bold)
            stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
            clock = book.add_format({"num_format": "hh:mm:ss"})
            for number, row in enumerate(rows, 1):
                cells = [_plain(row.get(c)) for c in columns]
                for column, value in zip(columns, cells, strict=True):
                    if isinstance(value, str) and len(value) > XLSX_CELL_CHARS:  # xlsxwriter would cut it and drop
                        raise RosterError(  # the rest of the row
                            f"{path}: row {number + 1}, column {column!r} holds {len(value):,} characters; an .xlsx "
                            f"cell holds at most {XLSX_CELL_CHARS:,}: write the coded roster as .csv"
                        )
                sheet.write_row(number, 0, cells)
                # a date keeps its time, a time shows no date (the default format shows dates only)
                for place, value in enumerate(cells):
                    if isinstance(value, datetime.datetime | datetime.time):
                        sheet.write_datetime(
                            number, place, value, stamp if isinstance(value, datetime.datetime) else clock
                        )
            sheet.freeze_panes(1, 0)
            book.close()
        partial.replace(path)
    except OSError as error:  # a folder that does not exist or cannot be written, a full disk
        raise RosterError(f"{path}: cannot write the coded roster ({error.strerror or error})") from None
    finally:
        partial.unlink(missing_ok=True)


def coded_bytes(suffix: str, columns: list[str], rows: list[dict[str, object]], like: Roster | None = None) -> bytes:
    """The coded roster as write_coded writes it to a `suffix` file, as bytes (an upload answered by a download)."""
    with tempfile.TemporaryDirectory(prefix="socwh-coded-") as folder:
        path = Path(folder) / f"coded{suffix}"
        write_coded(path, columns, rows, like)
        return path.read_bytes()


def _yes_no(flag: bool | None) -> str | None:
    return None if flag is None else "yes" if flag else "no"


def _plain(value: object) -> object:
    return "" if value is None else value

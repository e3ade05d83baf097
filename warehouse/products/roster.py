"""Code a whole roster at once: each row's job title and/or duties -> its three best 2018 SOC codes.

A roster is a CSV (UTF-8; separated by commas, semicolons or tabs, whichever its header uses) or the first sheet of
an Excel (.xlsx) workbook, with a header row (its first filled row). The title and duties columns are named by the
caller or found from the header (TITLE_HEADERS, DUTIES_HEADERS, compared without case, accents, spaces or
punctuation, a plural as its singular). Each row is searched as `socwh search` would search it
(warehouse.products.search.search) and written back with its own columns first, as they were (a workbook's numbers,
dates and booleans too; a blank row stays in its place), then for each of the three best codes: code, title, score,
why it matched, and the NIW figures an attorney weighs (advanced degree, priority field, STEM), with the first
code's confidence; and a note: why a row has no code, how its title was read where the search spelled it out,
corrected or translated it, and why a first code has low confidence. A CSV is written back separated and marked as
it was read. Identical queries are searched once.

Every problem with the file is a RosterError naming the file (and sheet), and the column or row where it applies;
so is a roster that already has a column the coded file writes, which would otherwise be overwritten.
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
    bom: bool = False  # a CSV that starts with a UTF-8 byte-order mark (Excel's 'CSV UTF-8'): written back with one

    @property
    def blank_rows(self) -> int:
        """Rows with no cell filled: kept, so the coded file's rows line up with the roster's."""
        return sum(not any(str(v).strip() for v in row.values()) for row in self.rows)


@dataclass(frozen=True)
class _Table:
    header: list[str]
    cells: list[list[str]]  # each row's cells as text
    values: list[list[object]] | None = None  # each row's cells as the workbook holds them, where they differ
    separator: str | None = None
    bom: bool = False
    where: str = ""  # ' (sheet 'Roster')' for a workbook: messages name the sheet read


def _key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z]", "", plain)


def _suffix(path: Path, role: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise RosterError(f"{path}: the {role} must be a .csv or .xlsx file, not {suffix or 'a file without a suffix'}")
    return suffix


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    """`rows` from the first filled row (the header) to the last filled one: a blank row between them is kept (it
    is a row of the roster), blank lines before the header and after the last row are not."""
    filled = [i for i, row in enumerate(rows) if any(cell.strip() for cell in row)]
    return rows[filled[0] : filled[-1] + 1] if filled else []


def _read_csv(path: Path, data: bytes) -> _Table:
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
    table: list[list[str]] = []
    start = 1
    try:
        for row in reader:
            table.append(row)
            start = reader.line_num + 1
    except csv.Error as error:
        if "field limit" in str(error):  # a cell over csv's field size limit (128 KiB), e.g. not a roster
            raise RosterError(f"{path}: line {reader.line_num} is not CSV a roster can hold ({error})") from None
        first = next((i for i, row in enumerate(table) if any(cell.strip() for cell in row)), len(table))
        row_number = len(table) - first + 1  # as parse_roster numbers rows: the header is row 1
        raise RosterError(
            f"{path}: row {row_number} (from line {start}) has a quote that CSV cannot close ({error}, at line "
            f"{reader.line_num}); a cell holding quotes must be quoted whole, with each quote inside doubled, as a "
            "spreadsheet saves it"
        ) from None
    table = _trimmed(table)
    if not table:
        raise RosterError(f"{path}: the file is empty; expected a header row naming a title or duties column")
    return _Table([h.strip() for h in table[0]], table[1:], None, separator, data.startswith(codecs.BOM_UTF8))


def _separator(text: str) -> str:
    """The header line's commonest of SEPARATORS; a comma if it has none (a one-column roster) or on a tie."""
    header = text.split("\n", 1)[0]
    return max(SEPARATORS, key=header.count)


def _read_xlsx(path: Path, data: bytes) -> _Table:
    import fastexcel

    try:
        book = fastexcel.read_excel(data)
        sheet = book.load_sheet(0, header_row=None, dtypes="string")
    except Exception as error:  # fastexcel raises its own error types for a file that is not a workbook
        raise RosterError(f"{path}: not a readable .xlsx workbook ({str(error).splitlines()[0]})") from None
    where = f" (sheet {sheet.name!r}, the first)"
    every = [["" if v is None else str(v) for v in row] for row in sheet.to_polars().iter_rows()]
    first = next((i for i, row in enumerate(every) if any(cell.strip() for cell in row)), None)
    table = _trimmed(every)
    if first is None:
        raise RosterError(f"{path}{where}: the sheet is empty; expected a header row naming a title or duties column")
    cells = table[1:]
    # the same rows as the workbook types them, one type per column (a column of mixed cells is text): numbers,
    # dates and booleans go back into the coded workbook as what they were, not as text
    try:
        typed = book.load_sheet(0, header_row=None, skip_rows=first + 1).to_polars() if cells else None
    except Exception:  # a column fastexcel cannot type: the cells go back as text, as they were read
        typed = None
    values = None
    if typed is not None and typed.height >= len(cells):
        values = [
            [_cell(value, text) for value, text in zip(row, texts, strict=False)]
            for row, texts in zip(typed.iter_rows(), cells, strict=False)
        ]
    return _Table([h.strip() for h in table[0]], cells, values, where=where)


def _cell(value: object, text: str) -> object:
    """A workbook cell's value, as written back: a date at midnight as a date; the text where the typed reading
    has nothing (never a silent blank)."""
    if value is None:
        return text
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _column(place: str, header: list[str], asked: str | None, known: tuple[str, ...], role: str) -> str | None:
    if asked is not None:
        if asked in header:
            return asked
        alike = [h for h in header if _key(h) == _key(asked)]  # 'job title' for 'Job Title'
        if len(alike) == 1:
            return alike[0]
        raise RosterError(f"{place}: no column {asked!r} (the {role} column you named); the header has {header}")
    keys: dict[str, str] = {}
    for h in reversed(header):
        if h:
            keys[_key(h)] = keys[_key(h).removesuffix("s")] = h  # 'Job Title(s)', 'Responsibilities'
    return next((keys[k] for k in known if k in keys), None)


def check_output(out: Path, roster: Path) -> None:
    """Refuse, before any coding, an output the coded roster cannot be written to, or one that would overwrite the
    roster itself."""
    out = Path(out)
    _suffix(out, "output")
    if out.resolve() == Path(roster).resolve():
        raise RosterError(f"{out}: this is the roster itself; write the coded roster to another file")
    if not out.parent.is_dir():
        raise RosterError(f"{out}: no folder {str(out.parent)!r} to write the coded roster in")


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
    table = (_read_csv if suffix == ".csv" else _read_xlsx)(path, data)
    header, place = table.header, f"{path}{table.where}"
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise RosterError(f"{place}: the header names column(s) {duplicates} more than once")
    clash = [c for c in _coded_columns() if c in header]
    if clash:
        raise RosterError(
            f"{place}: the roster already has column(s) {clash}, which the coded file writes; rename them (or, for a "
            "coded roster, code the roster it came from)"
        )
    title = _column(place, header, title_column, TITLE_HEADERS, "title")
    duties = _column(place, header, duties_column, DUTIES_HEADERS, "duties")
    if title is None and duties is None:
        raise RosterError(
            f"{place}: found no title or duties column in the header {header} (the first filled row); "
            "name them with --title-column and/or --duties-column"
        )
    rows: list[dict[str, object]] = []
    for index, cells in enumerate(table.cells):
        number = index + 2  # row 1 is the header
        if len(cells) > len(header):
            raise RosterError(
                f"{place}: row {number} has {len(cells)} cells but the header names {len(header)} columns"
            )
        padding = [""] * (len(header) - len(cells))
        row: dict[str, object] = dict(zip(header, cells + padding, strict=True))
        if table.values is not None:
            row |= {
                h: v for h, v in zip(header, table.values[index] + padding, strict=False) if h not in (title, duties)
            }
        rows.append(row)
    return Roster(path, header, rows, title, duties, table.separator, table.bom)


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
        return "no title or duties in this row"
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
            for number, row in enumerate(rows, 1):
                sheet.write_row(number, 0, [_plain(row.get(c)) for c in columns])
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

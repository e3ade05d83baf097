"""Reading publishers' xlsx workbooks as text, and checking a header row, the same way in every Excel parser."""

from __future__ import annotations

import io

import fastexcel
import polars as pl

from transforms.errors import SourceFormatError

Row = tuple[str | None, ...]


def sheet_names(content: bytes, file_name: str) -> list[str]:
    """The workbook's sheet names; bytes that are not a workbook (e.g. a server's HTML error page) raise."""
    try:
        return fastexcel.read_excel(content).sheet_names
    except fastexcel.FastExcelError as exc:  # every fastexcel error type derives from it
        raise SourceFormatError(file_name, "workbook", f"expected an xlsx workbook, could not open it: {exc}") from exc


def read_rows(content: bytes, file_name: str, sheet: str) -> list[Row]:
    """All rows of a sheet as text cells; list index i is Excel row i + 1.

    Everything is read as text so calamine never guesses a type and nulls what does not fit it (numbers come back
    in their shortest exact form, e.g. '169956.1'). skip_rows=0 keeps leading empty rows, which calamine
    otherwise drops, so that a header or table that moved down is noticed.
    """
    frame = pl.read_excel(
        io.BytesIO(content),
        engine="calamine",
        sheet_name=sheet,
        has_header=False,
        read_options={"header_row": None, "skip_rows": 0},
        infer_schema_length=0,
        drop_empty_rows=False,
        drop_empty_cols=False,
        raise_if_empty=False,
    )
    if not all(dtype == pl.String for dtype in frame.dtypes):
        raise SourceFormatError(file_name, f"sheet '{sheet}'", f"expected every cell read as text, got {frame.schema}")
    # Cells that only carry formatting can widen the sheet by empty columns; they hold nothing to check.
    filled = [name for name in frame.columns if frame[name].str.strip_chars().str.len_chars().fill_null(0).max()]
    width = frame.columns.index(filled[-1]) + 1 if filled else 0
    return frame.select(frame.columns[:width]).rows()


def check_header(rows: list[Row], file_name: str, sheet: str, excel_row: int, expected: Row) -> None:
    """Excel row `excel_row` must hold exactly `expected`, cell by cell (None: a blank cell), and nothing more."""
    found = tuple(stripped(cell) for cell in rows[excel_row - 1]) if len(rows) >= excel_row else ()
    if found != expected:
        raise SourceFormatError(
            file_name,
            f"sheet '{sheet}', row {excel_row}",
            f"expected the header {_show(expected)}, found {_show(found)}",
        )


def stripped(cell: str | None) -> str | None:
    """The cell's text without surrounding white space; None for an empty or blank cell."""
    if cell is None:
        return None
    text = cell.strip()
    return text or None


def _show(header: Row) -> str:
    return "[" + ", ".join("(blank)" if cell is None else repr(cell) for cell in header) + "]"

"""Editing a real xlsx workbook in memory: the publisher's own file with one change, for the failure-path tests.

An xlsx file is a zip of XML members; each helper rewrites one member and returns the bytes of the new workbook.
Cells written here are inline strings, so they show their text whatever the shared-strings table holds.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from xml.sax.saxutils import escape

import polars as pl

SHARED_STRINGS = "xl/sharedStrings.xml"


def edit_member(content: bytes, member: str, edit: Callable[[str], str]) -> bytes:
    """The workbook with the text of one zip member passed through `edit`, which must change it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                changed = edit(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), f"edit changed nothing in {member}"
                data = changed.encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def substitute(content: bytes, member: str, pattern: str, replacement: str) -> bytes:
    """The workbook with one regex substitution in one XML member (which must match exactly once)."""

    def edit(xml: str) -> str:
        text, count = re.subn(pattern, replacement, xml)
        assert count == 1, f"{pattern!r} matched {count} times in {member}"
        return text

    return edit_member(content, member, edit)


def sheet_member(content: bytes, sheet: str) -> str:
    """The zip member holding a sheet, found through the workbook's relationships."""
    with zipfile.ZipFile(io.BytesIO(content)) as workbook:
        sheets = workbook.read("xl/workbook.xml").decode()
        rels = workbook.read("xl/_rels/workbook.xml.rels").decode()
    rel_id = re.search(rf'<sheet name="{re.escape(sheet)}" [^>]*r:id="(\w+)"', sheets)[1]
    return "xl/" + re.search(rf'Id="{rel_id}" [^>]*Target="([^"]+)"', rels)[1]


def replace_string(content: bytes, old: str, new: str) -> bytes:
    """Change one shared string (a header or a code), which every cell showing it then shows."""

    def edit(xml: str) -> str:
        assert xml.count(f"<t>{escape(old)}</t>") == 1, old
        return xml.replace(f"<t>{escape(old)}</t>", f"<t>{escape(new)}</t>")

    return edit_member(content, SHARED_STRINGS, edit)


def insert_row(content: bytes, sheet: str, at: int, values: dict[str, str]) -> bytes:
    """Insert a row at Excel row `at` (rows below move down by one), with text cells {column letter: text}."""

    def moved(row: str) -> int:
        return int(row) + 1 if int(row) >= at else int(row)

    def edit(xml: str) -> str:
        xml = re.sub(r'<row r="(\d+)"', lambda m: f'<row r="{moved(m[1])}"', xml)
        xml = re.sub(r'<c r="([A-Z]+)(\d+)"', lambda m: f'<c r="{m[1]}{moved(m[2])}"', xml)
        cells = "".join(_text_cell(f"{column}{at}", text) for column, text in sorted(values.items()))
        new_row = f'<row r="{at}">{cells}</row>'
        if f'<row r="{at + 1}"' in xml:
            return xml.replace(f'<row r="{at + 1}"', f'{new_row}<row r="{at + 1}"', 1)
        return xml.replace("</sheetData>", f"{new_row}</sheetData>", 1)

    return edit_member(content, sheet_member(content, sheet), edit)


def put_cell(content: bytes, sheet: str, ref: str, text: str | None) -> bytes:
    """Set a cell to a text (None: empty it), keeping the row's cells in column order."""
    column, row = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()

    def edit(xml: str) -> str:
        row_xml = re.search(rf'<row r="{row}"[^>]*>(.*?)</row>', xml)
        cells = {m[1]: m[0] for m in re.finditer(r'<c r="([A-Z]+)\d+"(?:[^>]*/>|[^>]*>.*?</c>)', row_xml[1])}
        if text is None:
            cells.pop(column)
        else:
            cells[column] = _text_cell(ref, text)
        new_cells = "".join(cells[c] for c in sorted(cells, key=lambda c: (len(c), c)))
        return xml[: row_xml.start(1)] + new_cells + xml[row_xml.end(1) :]

    return edit_member(content, sheet_member(content, sheet), edit)


def drop_row(content: bytes, sheet: str, row: int) -> bytes:
    """Clear a whole row (its cells go; the rows below keep their numbers)."""
    return edit_member(
        content, sheet_member(content, sheet), lambda xml: re.sub(rf'<row r="{row}"[^>]*>.*?</row>', "", xml, count=1)
    )


def excel_row(content: bytes, sheet: str, value: str) -> int:
    """The Excel row number of the one cell holding `value` in a sheet."""
    frame = pl.read_excel(
        io.BytesIO(content),
        sheet_name=sheet,
        has_header=False,
        read_options={"header_row": None, "skip_rows": 0},
        infer_schema_length=0,
        drop_empty_rows=False,
    )
    hits = [index + 1 for index, cells in enumerate(frame.rows()) if value in cells]
    assert len(hits) == 1, (value, hits)
    return hits[0]


def _text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'

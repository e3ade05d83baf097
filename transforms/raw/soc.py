"""BLS Standard Occupational Classification (SOC) 2018: the code structure and the definitions.

Files: `soc_structure_2018.xlsx` (sheet '2018 Structure') and `soc_2018_definitions.xlsx` (sheet '2018 SOC'), both
from https://www.bls.gov/soc/2018/. The SOC revision year is part of each sheet's name, so `soc_release` reads it
from there and the parsers open the sheet of that revision.
"""

from __future__ import annotations

import re

import polars as pl

from transforms.errors import SourceFormatError
from transforms.raw.excel import Row, check_header, read_rows, sheet_names, stripped
from transforms.raw.frames import conform

LEVELS = ("major", "minor", "broad", "detailed")

STRUCTURE_SCHEMA = pl.Schema(
    {
        "soc_code": pl.String,
        "title": pl.String,
        "level": pl.String,
        "parent_code": pl.String,
        "major_code": pl.String,
    }
)

DEFINITIONS_SCHEMA = pl.Schema(
    {
        "soc_code": pl.String,
        "soc_group": pl.String,
        "title": pl.String,
        "definition": pl.String,
    }
)

# Row 1 of the structure sheet: one code column per level (A-D); the title column E has no header.
STRUCTURE_HEADER: Row = (
    "Major Group",
    "Minor Group",
    "Broad Group",
    "Detailed Occupation",
    None,
)
DEFINITIONS_HEADER: Row = ("SOC Group", "SOC Code", "SOC Title", "SOC Definition")
SOC_GROUPS = ("Major", "Minor", "Broad", "Detailed")

# Sheet names carry the SOC revision year; the value is an example name for error messages.
_STRUCTURE_SHEET = {re.compile(r"(\d{4}) Structure"): "2018 Structure"}
_DEFINITIONS_SHEET = {re.compile(r"(\d{4}) SOC"): "2018 SOC"}
_SOC_CODE = re.compile(r"\d{2}-\d{4}")


def soc_release(content: bytes, file_name: str) -> str:
    """The SOC revision year ('2018') from the sheet name of either SOC workbook ('2018 Structure' or '2018 SOC')."""
    return _revision_sheet(content, file_name, _STRUCTURE_SHEET | _DEFINITIONS_SHEET)[0]


def parse_soc_structure(content: bytes, file_name: str) -> pl.DataFrame:
    """Read `soc_structure_2018.xlsx`, sheet '2018 Structure': one row per SOC code of every level.

    In the sheet each code sits in the column of its level (A major, B minor, C broad, D detailed) and its title in
    column E. `level` comes from that column and must agree with the code's own form (NN-0000 major, NN-NN00
    minor such as 11-3000 or 15-1200, NN-NNN0 broad, else detailed). `parent_code` is the nearest code of the level above
    the row, and the code must extend it (see `_parent_code`), so a missing or misplaced parent raises. 2018:
    23/98/459/867 codes.
    """
    sheet = _revision_sheet(content, file_name, _STRUCTURE_SHEET)[1]
    rows = read_rows(content, file_name, sheet)
    check_header(rows, file_name, sheet, 1, STRUCTURE_HEADER)

    records = []
    nearest: dict[str, str] = {}  # per level, the last code seen since its parent's row
    previous_code = ""
    for excel_row, cells in _body_rows(rows):
        code, level = _code_and_level(cells, file_name, sheet, excel_row)
        where = f"sheet '{sheet}', row {excel_row}"
        if code <= previous_code:
            # Ascending order is what makes "the nearest code above" the parent; it also rules out repeats.
            raise SourceFormatError(
                file_name, where, f"expected codes in ascending order, found {code} after {previous_code}"
            )
        title = stripped(cells[4])
        if title is None:
            raise SourceFormatError(file_name, where, f"code {code} has no title in column E")
        parent = _parent_code(code, level, nearest)
        if level != "major" and parent is None:
            parent_level = LEVELS[LEVELS.index(level) - 1]
            candidate = nearest.get(parent_level)
            found = f"the nearest one in its group is {candidate}" if candidate else "its group has none"
            raise SourceFormatError(
                file_name, where, f"{level} code {code} has no {parent_level} parent above it ({found})"
            )
        nearest[level] = code
        for deeper in LEVELS[LEVELS.index(level) + 1 :]:
            nearest.pop(deeper, None)
        previous_code = code
        records.append((code, title, level, parent, code[:3] + "0000"))

    return conform(pl.DataFrame(records, schema=STRUCTURE_SCHEMA, orient="row"), STRUCTURE_SCHEMA)


def parse_soc_definitions(content: bytes, file_name: str) -> pl.DataFrame:
    """Read `soc_2018_definitions.xlsx`, sheet '2018 SOC': one row per SOC code of every level, with its definition.

    `soc_group` is the published level label ('Major', 'Minor', 'Broad', 'Detailed'). BLS defines only detailed
    occupations; the other levels' definition cells are empty and become null. A detailed code without a
    definition raises. 2018: 1,447 rows, 867 of them detailed.
    """
    sheet = _revision_sheet(content, file_name, _DEFINITIONS_SHEET)[1]
    rows = read_rows(content, file_name, sheet)
    check_header(rows, file_name, sheet, 1, DEFINITIONS_HEADER)

    records = []
    for excel_row, cells in _body_rows(rows):
        group, code, title, definition = (stripped(cell) for cell in cells[:4])
        where = f"sheet '{sheet}', row {excel_row}"
        if group not in SOC_GROUPS:
            raise SourceFormatError(file_name, where, f"expected 'SOC Group' one of {SOC_GROUPS}, found {group!r}")
        if code is None or not _SOC_CODE.fullmatch(code):
            raise SourceFormatError(file_name, where, f"expected 'SOC Code' like 15-1252, found {code!r}")
        if _level_of(code) != group.lower():
            raise SourceFormatError(
                file_name, where, f"code {code} has the form of a {_level_of(code)} code but 'SOC Group' is {group!r}"
            )
        if title is None:
            raise SourceFormatError(file_name, where, f"code {code} has no 'SOC Title'")
        if group == "Detailed" and definition is None:
            raise SourceFormatError(file_name, where, f"detailed code {code} has no 'SOC Definition'")
        records.append((code, group, title, definition))

    frame = pl.DataFrame(records, schema=DEFINITIONS_SCHEMA, orient="row")
    _check_unique(frame, "soc_code", file_name, f"sheet '{sheet}'")
    return conform(frame, DEFINITIONS_SCHEMA)


def _revision_sheet(content: bytes, file_name: str, patterns: dict[re.Pattern[str], str]) -> tuple[str, str]:
    """The revision year and name of the one sheet whose name fits one of `patterns` (e.g. '2018 Structure')."""
    names = sheet_names(content, file_name)
    matches = [(m.group(1), name) for name in names for pattern in patterns if (m := pattern.fullmatch(name))]
    if len(matches) != 1:
        raise SourceFormatError(
            file_name,
            "sheet names",
            f"expected exactly one sheet named like {' or '.join(map(repr, patterns.values()))}, found sheets {names}",
        )
    return matches[0]


def _body_rows(rows: list[Row]) -> list[tuple[int, Row]]:
    """The rows below the header with their Excel row numbers, leaving out rows with no cell filled."""
    return [
        (index + 1, cells)
        for index, cells in enumerate(rows)
        if index > 0 and any(stripped(cell) is not None for cell in cells)
    ]


def _code_and_level(cells: Row, file_name: str, sheet: str, excel_row: int) -> tuple[str, str]:
    """The row's one code and the level of the column it sits in; the code's own form must show the same level."""
    where = f"sheet '{sheet}', row {excel_row}"
    filled = [(LEVELS[i], code) for i, cell in enumerate(cells[:4]) if (code := stripped(cell)) is not None]
    if len(filled) != 1:
        found = ", ".join(f"{level} {code!r}" for level, code in filled) or "none"
        raise SourceFormatError(
            file_name, where, f"expected exactly one code in columns A-D (major/minor/broad/detailed), found {found}"
        )
    level, code = filled[0]
    if not _SOC_CODE.fullmatch(code):
        raise SourceFormatError(
            file_name, where, f"expected a SOC code like 15-1252 in the {level} column, found {code!r}"
        )
    if _level_of(code) != level:
        raise SourceFormatError(
            file_name, where, f"code {code} has the form of a {_level_of(code)} code but sits in the {level} column"
        )
    return code, level


def _level_of(code: str) -> str:
    if code[3:] == "0000":
        return "major"
    if code[5:] == "00":
        return "minor"
    if code[6] == "0":
        return "broad"
    return "detailed"


def _parent_code(code: str, level: str, nearest: dict[str, str]) -> str | None:
    """The parent of a code: the nearest code of the level above it in its group, if the code fits under it.

    The digits alone do not name the parent: broad 11-3110 belongs to minor 11-3000 but broad 15-1210 to minor
    15-1200, so the sheet's order decides and the code is checked against it. A minor extends its major's two
    digits, a broad its minor's code without the trailing zeros, and a detailed code is its broad group's code
    with the last digit set, 15-1221 -> 15-1220, except where a broad group runs out of digits (below).
    """
    if level == "major":
        return None
    parent = nearest.get(LEVELS[LEVELS.index(level) - 1])
    if parent is None:
        return None
    if level == "minor":
        fits = parent == code[:3] + "0000"
    elif level == "broad":
        fits = code.startswith(parent.rstrip("0"))
    else:
        fits = parent == code[:6] + "0" or _continues_full_broad_group(code, parent, nearest.get("detailed"))
    return parent if fits else None


def _continues_full_broad_group(code: str, parent: str, previous: str | None) -> bool:
    """Whether a detailed code continues its broad group's numbering into the next tens.

    SOC numbers a broad group's detailed occupations 1-8 and keeps 9 for "All Other"; broad group 29-1210
    Physicians has more, so after 29-1218 come 29-1221 ... 29-1229. Only that pattern is accepted: the previous
    detailed code of the group ends in 8 and this one is in the next tens, or the previous one is already there.
    A detailed code whose own broad group (e.g. 15-1220) is missing from the sheet does not fit it.
    """
    if previous is None or code[:5] != parent[:5]:
        return False
    return previous[:6] == code[:6] or (previous[6] == "8" and int(code[5]) == int(previous[5]) + 1)


def _check_unique(frame: pl.DataFrame, column: str, file_name: str, where: str) -> None:
    duplicated = frame.filter(pl.col(column).is_duplicated())[column].unique().sort().to_list()
    if duplicated:
        raise SourceFormatError(file_name, where, f"expected each {column} once, found repeated {duplicated[:10]}")

"""`socwh code ROSTER --out CODED`: code a roster of jobs (titles and/or duties) to 2018 SOC codes at once.

Exit codes: 0 when the coded file was written; 2 for a malformed roster (no such column, empty file, wrong
encoding, not a .csv or .xlsx) or a missing warehouse, with a message naming the file and the column or row.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from warehouse.cli.common import DbOption, err, fail, published

if TYPE_CHECKING:
    from warehouse.products.roster import Roster


def code(
    roster: Annotated[
        Path,
        typer.Argument(help="The roster: a .csv (UTF-8; commas, semicolons or tabs) or .xlsx file with a header row."),
    ],
    out: Annotated[Path, typer.Option("--out", help="Where to write the coded roster (.csv or .xlsx).")],
    title_column: Annotated[
        str | None, typer.Option(help="The column holding job titles (default: found from the header).")
    ] = None,
    duties_column: Annotated[
        str | None, typer.Option(help="The column holding duties (default: found from the header).")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="A workbook's sheet to code: its name or number (default: the first).")
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(help="A CSV's text encoding, e.g. cp1252 for Excel's 'CSV (Comma delimited)' (default: UTF-8)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write each roster row's three best SOC codes, with titles, scores, why they matched and the NIW flags."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from warehouse.products import roster as rosters
    from warehouse.products.search import SearchError

    try:
        table = rosters.read_roster(roster, title_column, duties_column, sheet, encoding)
        rosters.check_output(out, roster)  # a wrong output is an error before the work, not after
        used = ", ".join(
            f"{role} column {name!r}"
            for role, name in (("title", table.title_column), ("duties", table.duties_column))
            if name
        )
        separated = {";": " (separated by semicolons)", "\t": " (separated by tabs)"}.get(table.separator or ",", "")
        blank = f", {table.blank_rows:,} of them blank" if table.blank_rows else ""
        err.print(f"{roster}{_where(table)}: {_rows(len(table.rows))}{separated}{blank}; coding by {used}")
        if table.above:
            lines = "; ".join(repr(line[:60]) for line in table.above[:3])
            err.print(
                f"the header is row {table.header_row}; the row(s) above it are neither coded nor written back: {lines}"
            )
        for role, name in (("title", table.title_column), ("duties", table.duties_column)):
            if name is None:
                err.print(f"found no {role} column in the header {table.header}; name one with --{role}-column")
        with (
            published(db, SearchError) as con,
            Progress(TextColumn("coding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err) as bar,
        ):
            task = bar.add_task("coding", total=len(table.rows))
            rows = list(rosters.code_rows(con, table, progress=lambda n: bar.advance(task, n)))
        rosters.write_coded(out, rosters.output_columns(table), rows, like=table)
    except rosters.RosterError as error:
        raise fail(str(error)) from None
    low = sum(r.get("confidence_1") == "low" for r in rows)
    # a row with a title or duties and no code at all: the note says why
    uncoded = sum(not r.get("soc_code_1") and r["note"] != rosters.NO_REQUEST for r in rows)
    missed = f", {uncoded:,} with no code (see the note)" if uncoded else ""
    err.print(
        f"wrote {out}: {_rows(len(rows))}{missed}, {low:,} with a low-confidence first code (check those by hand)"
    )


def _where(table: Roster) -> str:
    """Which sheet was read, where a workbook has several; which encoding, where a CSV was not UTF-8."""
    if len(table.sheets) > 1:
        names = ", ".join(repr(name) for name in table.sheets)
        return f" (sheet {table.sheet!r}, one of {len(table.sheets)}: {names}; --sheet names another)"
    if table.encoding != "utf-8":
        return f" (read as {table.encoding}; written back as UTF-8 with a byte-order mark)"
    return ""


def _rows(n: int) -> str:
    return f"{n:,} row{'' if n == 1 else 's'}"


def register(app: typer.Typer) -> None:
    app.command()(code)

"""`socwh evidence` and `socwh dashboard`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from warehouse.cli.common import DbOption, check_choice, console, err, fail, published, published_path

# "\\[" keeps rich from reading "[env: ...]" as markup and dropping it from --help


def evidence(
    soc_code: Annotated[str, typer.Argument(help="A 2018 SOC code, e.g. 15-1221 (15-1221.00 or a 2010 code works).")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="The file to write, used exactly as given: FILE.pdf (printed by headless Chromium) or FILE.html.",
        ),
    ],
    paper: Annotated[str, typer.Option("--paper", help="Page size to lay out for: letter or a4.")] = "letter",
    case_reference: Annotated[
        str | None,
        typer.Option("--case-ref", help="A case reference to print on the sheet, e.g. a client file number."),
    ] = None,
    no_cet: Annotated[
        bool, typer.Option("--no-cet", help="Leave out the CET areas (the project's own judgement, not official).")
    ] = False,
    db: DbOption = None,
    area: Annotated[
        str | None, typer.Option("--area", help="Add a state or metro area (code, postal abbreviation or name).")
    ] = None,
) -> None:
    """Write a printable evidence sheet (PDF or HTML) for one occupation, every figure with its source."""
    from warehouse.products import areas, queries
    from warehouse.products import evidence as sheet
    from warehouse.products.pdf import PdfError

    check_choice("--paper", paper, sheet.PAPERS)
    if not out.parent.is_dir():
        raise fail(f"cannot write {out}: the folder {out.parent} does not exist")
    from warehouse.products.codes import reading_notes

    for note in reading_notes(soc_code):
        err.print(f"[dim]{note}[/]")
    try:
        with published(db, queries.UnknownCode, areas.AreaError, PdfError) as con:
            sheet.write_evidence(
                con, soc_code, out, paper=paper, case_reference=case_reference, include_cet=not no_cet, area=area
            )
    except OSError as error:  # writing OUT; a missing warehouse (also an OSError) is already a message above
        raise fail(f"cannot write {out}: {error.strerror or error}") from None
    console.print(f"wrote {out}")


def dashboard(
    port: Annotated[int, typer.Option("--port", help="TCP port to listen on.")] = 8765,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    db: DbOption = None,
) -> None:
    """Serve a read-only web dashboard over the warehouse: search, compare and filter the NIW candidates."""
    from warehouse.products.dashboard import make_server

    db_path = published_path(db)
    try:
        server = make_server(host, port, db_path)
    except OSError as error:
        raise fail(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    console.print(
        f"Dashboard on http://{host}:{server.server_port}/ over {db_path} (read-only). Ctrl-C stops it.",
        soft_wrap=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command()(evidence)
    app.command()(dashboard)

"""`socwh`: build the warehouse and query it."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from warehouse.cli.bounds import DeadlineOption, MinRateOption, download_limits_env, optional_wait_value, parse_wait
from warehouse.cli.common import (
    CacheOption,
    ContactOption,
    DbOption,
    MirrorOption,
    check_choice,
    console,
    err,
    load_settings,
    published,
)
from warehouse.store.lock import EXIT_LOCKED

app = typer.Typer(add_completion=False, help="The SOC occupational-data warehouse.")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        print(f"socwh {version('soc-warehouse')}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """The SOC occupational-data warehouse."""
    if ctx.invoked_subcommand is None:  # `socwh` alone: the help, and success (it is not an error to ask)
        print(ctx.get_help())
        raise typer.Exit()


@app.command()
def build(
    db: DbOption = None,
    cache: CacheOption = None,
    mirror: MirrorOption = None,
    contact: ContactOption = None,
    onet_release: Annotated[
        str | None, typer.Option(help="O*NET release, e.g. 30.1 \\[env: SOC_WAREHOUSE_ONET_RELEASE].")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Build even when no source file and no code changed since the last publish.")
    ] = False,
    wait: Annotated[
        str | None,
        typer.Option(
            "--wait",
            metavar="[SECONDS]",
            help="If another build is writing this warehouse, wait for it (at most SECONDS) instead of exiting with "
            f"code {EXIT_LOCKED}.",
        ),
    ] = None,
    download_deadline: DeadlineOption = None,
    min_rate: MinRateOption = None,
) -> None:
    """Download every source, load and check it, and publish the warehouse (all through Dagster, in-process)."""
    from orchestration.build_run import (
        run_build,  # Dagster takes a second to import: only for the commands that need it
    )
    from warehouse.store.lock import BuildLocked

    settings = load_settings(db_path=db, cache_dir=cache, mirror=mirror, contact=contact, onet_release=onet_release)
    os.environ.update(settings.as_env())  # the Dagster resources read their configuration through EnvVar
    os.environ.update(download_limits_env(download_deadline, min_rate))
    try:
        outcome = run_build(settings, force=force, wait=parse_wait(wait))
    except BuildLocked as error:
        err.print(str(error))
        raise typer.Exit(EXIT_LOCKED) from None
    for note in outcome.notes:
        console.print(f"[yellow]note:[/] {note}")
    if outcome.nothing_new:
        console.print(
            f"{outcome.nothing_new}: the published warehouse {settings.db_path} is current (--force rebuilds)."
        )
        return
    table = Table(title="Sources", title_justify="left")
    for column in ("source", "file", "release", "rows", "bytes", "fetched"):
        table.add_column(column, justify="right" if column in ("rows", "bytes") else "left", overflow="fold")
    for row in outcome.files:
        rows = "" if row["rows"] is None else f"{row['rows']:,}"
        table.add_row(row["source"], row["file"], row["release"], rows, f"{row['bytes']:,}", row["status"])
    console.print(table)
    if outcome.reports is not None:
        console.print(f"Validation reports (JSON and Great Expectations Data Docs): {outcome.reports}")
    if not outcome.success:
        cause = f": {outcome.cause}" if outcome.cause else ""
        err.print(f"[bold red]Build failed{cause}[/]; the published warehouse was not changed.")
        for failure in outcome.failures:
            err.print(f"[red]✗[/] {failure}")
        raise typer.Exit(1)
    console.print(f"Published [bold]{settings.db_path}[/] in {outcome.seconds:.1f} s.")


@app.command()
def sql(
    query: Annotated[str | None, typer.Argument(help="A query to run; without one, an interactive shell.")] = None,
    db: DbOption = None,
    allow_files: Annotated[
        bool, typer.Option("--allow-files", help="Let queries read and write other files (COPY, read_csv, ...).")
    ] = False,
) -> None:
    """Query the warehouse read-only: run QUERY, or start an interactive DuckDB shell. Other files are off limits
    unless --allow-files."""
    from warehouse.cli.sql import run_sql

    run_sql(load_settings(db_path=db).db_path, query, allow_files=allow_files, shell=_shell)


def _shell(con) -> None:
    from warehouse.cli.sql import one_line

    err.print("Read-only DuckDB shell on the warehouse. End a statement with ';'. Ctrl-D quits.")
    buffer = ""
    while True:
        try:
            line = input("socwh> " if not buffer else "   ..> ")
        except EOFError:
            print(file=sys.stderr)
            return
        buffer += line + "\n"
        if buffer.strip().endswith(";"):
            try:
                relation = con.sql(buffer)
                if relation is not None:
                    print(relation)
            except Exception as error:  # the shell survives a bad query, as DuckDB's own does
                err.print(one_line(error), style="red", markup=False)
            buffer = ""


@app.command()
def show(
    soc_code: Annotated[str, typer.Argument(help="A 2018 SOC code, e.g. 15-1221 (15-1221.00 or a 2010 code works).")],
    db: DbOption = None,
    area: Annotated[
        str | None, typer.Option("--area", help="A state or metro area (code, postal abbreviation or name).")
    ] = None,
) -> None:
    """One occupation's full profile: each flag with its evidence, O*NET education, wages, and the sources."""
    from warehouse.products import areas, queries
    from warehouse.products.codes import reading_notes
    from warehouse.products.show import render_profile

    for note in reading_notes(soc_code):
        err.print(f"[dim]{note}[/]")
    with published(db, queries.UnknownCode, areas.AreaError) as con:
        row = queries.occupation(con, soc_code)
        distribution = queries.education_distribution(con, row["onet_codes"] or [])
        comparison = areas.area_comparison(con, soc_code, area) if area else None
        console.print(render_profile(row, distribution, queries.sources(con)))
        if comparison:
            console.print(areas.render_comparison(comparison))


@app.command()
def export(
    folder: Annotated[Path, typer.Argument(help="Folder to write one file per public view into.")],
    format: Annotated[str, typer.Option("--format", metavar="[parquet|csv]", help="parquet or csv.")] = "parquet",
    db: DbOption = None,
) -> None:
    """Write every public view to FOLDER (Parquet or CSV), for dashboards and spreadsheets."""
    from warehouse.products import queries

    check_choice("--format", format, ("parquet", "csv"))
    with published(db) as con:
        for path in queries.export(con, folder, format):
            console.print(f"wrote {path}")


# Commands that live in their own modules (each keeps its heavy imports inside its command functions).
_COMMAND_MODULES = (
    "warehouse.cli.search_compare",
    "warehouse.cli.evidence",
    "warehouse.cli.history",
    "warehouse.cli.degree",
    "warehouse.cli.code",
    "warehouse.cli.areas",
    "warehouse.cli.serve",
)
for _module in _COMMAND_MODULES:
    __import__(_module, fromlist=["register"]).register(app)


sys.argv[1:] = optional_wait_value(sys.argv[1:])  # `socwh build --wait` without SECONDS (see cli_bounds)

if __name__ == "__main__":
    app()

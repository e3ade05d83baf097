"""`socwh mcp`, `socwh serve`, `socwh ui`: the ways in besides the command line (assistants, programs, Dagster)."""

from __future__ import annotations

import contextlib
from typing import Annotated

import typer

from warehouse.cli.common import (  # one declaration per option
    CacheOption,
    ContactOption,
    DbOption,
    MirrorOption,
    err,
    load_settings,
    published_path,
)
from warehouse.config import SQL_MAX_SECONDS

# "\\[" keeps rich from reading "[env: ...]" as markup and dropping it from --help
HostOption = Annotated[str, typer.Option("--host", help="Address to listen on (loopback unless you mean otherwise).")]


def mcp(
    http: Annotated[
        int | None, typer.Option("--http", metavar="PORT", help="Serve streamable HTTP on PORT instead of stdio.")
    ] = None,
    host: HostOption = "127.0.0.1",
    db: DbOption = None,
    sql_seconds: Annotated[
        float,
        typer.Option(
            "--sql-seconds", min=0.1, max=3600, help="Stop a query_sql query after this many seconds (0.1-3600)."
        ),
    ] = SQL_MAX_SECONDS,
) -> None:
    """Run a Model Context Protocol server for AI assistants: on stdio, or streamable HTTP with --http PORT."""
    from warehouse.products.mcp_server import serve

    db_path = published_path(db)
    if http is not None:
        err.print(f"MCP server (streamable HTTP) on http://{host}:{http}/mcp over {db_path}. Ctrl-C stops it.")
    with contextlib.suppress(KeyboardInterrupt):
        serve(db_path, http, host, sql_seconds)


def serve(
    port: Annotated[int, typer.Option("--port", help="TCP port to listen on.")] = 8765,
    host: HostOption = "127.0.0.1",
    db: DbOption = None,
) -> None:
    """Serve the JSON API (/api/..., /openapi.json, /docs) and the dashboard (/) on one port, read-only."""
    import uvicorn

    from warehouse.products.api import create_app

    db_path = published_path(db)
    err.print(f"Dashboard on http://{host}:{port}/, JSON API on /api, docs on /docs, over {db_path}. Ctrl-C stops it.")
    uvicorn.run(create_app(db_path), host=host, port=port, log_level="warning")


def ui(
    port: Annotated[int, typer.Option("--port", help="TCP port for the Dagster UI.")] = 3000,
    host: HostOption = "127.0.0.1",
    db: DbOption = None,
    cache: CacheOption = None,
    mirror: MirrorOption = None,
    contact: ContactOption = None,
) -> None:
    """Start the Dagster UI (`dagster dev`) on the instance `socwh build` records to, with the same settings.

    Its "Materialize all" then builds exactly as `socwh build` would. Ctrl-C or SIGTERM stops it and its children.
    """
    from orchestration.ui import run_dagster_dev

    settings = load_settings(db_path=db, cache_dir=cache, mirror=mirror, contact=contact)
    err.print(f"Dagster UI on http://{host}:{port}/ for {settings.db_path}. Ctrl-C stops it.")
    raise typer.Exit(run_dagster_dev(settings, host, port))


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command()(mcp)
    app.command()(serve)
    app.command()(ui)

"""What every `socwh` command shares: the console, the error exit, settings, and the options several commands take.

Its own module so that command modules can import it while `warehouse.cli` imports them (run as `python -m
warehouse.cli`, the CLI module is `__main__`, and a command module importing `warehouse.cli` would load it twice)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from warehouse.config import Settings

console = Console()
err = Console(stderr=True, soft_wrap=True)  # error messages name files: never break them across lines

# "\\[" keeps rich from reading "[env: ...]" as markup and dropping it from --help
DbOption = Annotated[Path | None, typer.Option("--db", help="The DuckDB warehouse file \\[env: SOC_WAREHOUSE_DB].")]
CacheOption = Annotated[Path | None, typer.Option(help="Downloaded files \\[env: SOC_WAREHOUSE_CACHE].")]
MirrorOption = Annotated[
    str | None,
    typer.Option(help="A local folder or http(s) base URL laid out HOST/PATH \\[env: SOC_WAREHOUSE_MIRROR]."),
]
ContactOption = Annotated[
    str | None, typer.Option(help="Your e-mail, sent in the User-Agent \\[env: SOC_WAREHOUSE_CONTACT].")
]


def load_settings(**overrides: object) -> Settings:
    return Settings.from_env().with_overrides(**overrides)


def fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/] {message}")
    return typer.Exit(2)

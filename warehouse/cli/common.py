"""What every `socwh` command shares: the console, the error exit, settings, and the options several commands take.

Its own module so that command modules can import it while `warehouse.cli` imports them (run as `python -m
warehouse.cli`, the CLI module is `__main__`, and a command module importing `warehouse.cli` would load it twice)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from warehouse.config import Settings

if TYPE_CHECKING:
    import duckdb

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


def check_choice(option: str, value: str, choices: Iterable[str]) -> None:
    """An option that takes one of a few words: anything else is an error naming the option and the words."""
    choices = tuple(choices)
    if value not in choices:
        raise fail(f"{option} must be one of {', '.join(choices)}, not {value!r}")


def published_path(db: Path | None) -> Path:
    """The published warehouse's path, for a server that opens it itself: a missing file is an error now, not later."""
    db_path = load_settings(db_path=db).db_path
    if not Path(db_path).is_file():
        raise fail(f"no warehouse at {db_path}: build it first with `socwh build`")
    return db_path


@contextmanager
def published(db: Path | None, *user_errors: type[Exception]) -> Iterator[duckdb.DuckDBPyConnection]:
    """The published warehouse, open read-only, for a command that reads it.

    A missing or unreadable warehouse, or one of the command's `user_errors` (an unknown code, an unknown area, ...),
    ends the command with its one-line message and exit status 2 rather than a traceback.
    """
    from warehouse.store.read import WarehouseMissing, open_readonly

    try:
        with open_readonly(load_settings(db_path=db).db_path) as con:
            yield con
    except (WarehouseMissing, *user_errors) as error:
        raise fail(str(error)) from None

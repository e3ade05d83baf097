"""The warehouse's SQL (DDL and the public views) and the package files that shape a build, read as package data.

`sql/` sits at the top of the checkout. The wheel carries it inside the package as `warehouse/sql`
(pyproject.toml's `force-include`), so an installed package reads it through `importlib.resources`; an editable
install (the checkout, `uv sync`) has no `warehouse/sql` and reads the checkout's `sql/` beside the package.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

CODE_PACKAGES = ("orchestration", "transforms", "warehouse")
PACKAGED_SQL = "sql"  # the folder's name inside the `warehouse` package of a wheel


def sql_folder() -> Traversable:
    """The SQL folder: `warehouse/sql` in an installed wheel, else the checkout's `sql/` (editable install)."""
    package = resources.files("warehouse")
    packaged = package / PACKAGED_SQL
    if packaged.is_dir():
        return packaged
    checkout = Path(str(package)).parent / "sql"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"no SQL folder: neither {packaged} (a wheel) nor {checkout} (a checkout) exists")


def read_sql(relative: str) -> str:
    """The text of one SQL file, by its path inside the SQL folder ('ddl/meta.sql')."""
    return sql_folder().joinpath(*relative.split("/")).read_text(encoding="utf-8")


def view_files() -> list[Traversable]:
    """The public views' files (`views/*.sql`), in file-name order: the order they are created in."""
    views = sql_folder() / "views"
    return sorted((entry for entry in views.iterdir() if entry.name.endswith(".sql")), key=lambda entry: entry.name)


def _walk(folder: Traversable, name: str, skip: frozenset[str]) -> Iterator[tuple[str, Traversable]]:
    for entry in folder.iterdir():
        path = f"{name}/{entry.name}"
        if entry.is_dir():
            if entry.name not in {"__pycache__", "data"} and path not in skip:
                yield from _walk(entry, path, skip)
        else:
            yield path, entry


def code_files(suffixes: tuple[str, ...]) -> list[tuple[str, Traversable]]:
    """(name, file) of each file ending in one of `suffixes` in the installed packages and the SQL, sorted by name.

    Names are the same in a checkout and in an installed wheel (`warehouse/config.py`, `sql/views/10_occupations.sql`):
    the wheel's `warehouse/sql` is named `sql/`, as in the checkout. A folder named `data` is skipped (the default data
    folder sat inside the package in older checkouts), and so is `__pycache__`."""
    skip = frozenset({f"warehouse/{PACKAGED_SQL}"})
    files = [item for package in CODE_PACKAGES for item in _walk(resources.files(package), package, skip)]
    files += _walk(sql_folder(), "sql", skip)
    return sorted(((name, file) for name, file in files if name.endswith(suffixes)), key=lambda item: item[0])

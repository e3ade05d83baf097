"""Read-only access to the published warehouse: what analysts, the CLI and dashboards use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb


class WarehouseMissing(FileNotFoundError):
    pass


@contextmanager
def open_readonly(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection: it never blocks a build (which writes a separate file) and cannot change anything."""
    if not Path(db_path).is_file():
        raise WarehouseMissing(f"no warehouse at {db_path}: build it first with `socwh build`")
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        yield con
    finally:
        con.close()

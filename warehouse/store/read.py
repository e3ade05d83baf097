"""Read-only access to the published warehouse: what analysts, the CLI and dashboards use."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.store import recovery


class WarehouseMissing(FileNotFoundError):
    pass


class WarehouseUnreadable(WarehouseMissing):
    """The file is there but DuckDB cannot read it (corrupt or truncated): as unusable as a missing one."""


@contextmanager
def open_readonly(db_path: Path, *, files: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection: it never blocks a build (which writes a separate file) and cannot change anything.

    `files=False` also closes DuckDB's access to every other file and URL (`enable_external_access=false`): no
    COPY TO, no read_csv('/etc/passwd'), no extensions loaded."""
    con = connect_readonly(db_path, files=files)
    try:
        yield con
    finally:
        con.close()


def connect_readonly(db_path: Path, *, files: bool = True) -> duckdb.DuckDBPyConnection:
    """The connection `open_readonly` yields, for a caller that keeps it open (and closes it)."""
    if not Path(db_path).is_file():
        raise WarehouseMissing(f"no warehouse at {db_path}: build it first with `socwh build`")
    try:
        if files:
            return duckdb.connect(str(db_path), read_only=True)
        return _sandboxed(db_path)
    except duckdb.Error as error:
        if recovery.is_corruption(error):
            raise WarehouseUnreadable(recovery.unreadable_message(db_path)) from None
        raise


def _sandboxed(db_path: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse ATTACHed read-only to an in-memory database, then every other file and URL closed off.

    Not `duckdb.connect(path, config=...)`: DuckDB refuses a second connection to a file already open in the same
    process with another configuration (a dashboard, a test session), while an ATTACH is its own instance. Once
    set to false at run time, external access cannot be turned back on by a query."""
    con = duckdb.connect(":memory:")
    literal = str(db_path).replace("'", "''")
    try:
        con.execute(f"ATTACH '{literal}' AS warehouse (READ_ONLY)")
        con.execute("USE warehouse")
        con.execute("SET enable_external_access = false")
    except duckdb.Error:
        con.close()
        raise
    return con


class SharedReader:
    """One read-only connection to the published file, shared by a server's request threads, a cursor each.

    Opening the 28 MB warehouse costs 25-100 ms, a cursor of an open connection well under 1 ms: under a burst of
    clients the opens alone would saturate the CPU. Each request still reads the file as published at that moment:
    when a build renames a new file into place (another inode, size or mtime), the next request opens it, and
    requests already running finish on the old one (their cursors keep it open).

    The file is ATTACHed to an in-memory database rather than opened with `duckdb.connect(path)`: DuckDB caches
    instances by path, so while any cursor of the old file lived, connecting to the path again would return the old
    file's instance."""

    _ALIAS = "warehouse"

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._guard = threading.Lock()
        self._identity: tuple[int, int, int, int] | None = None
        self._con: duckdb.DuckDBPyConnection | None = None

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        try:
            stat = os.stat(self.db_path)
        except FileNotFoundError:
            raise WarehouseMissing(f"no warehouse at {self.db_path}: build it first with `socwh build`") from None
        identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        with self._guard:
            if identity != self._identity or self._con is None:
                self._con, self._identity = self._open(), identity
            cursor = self._con.cursor()
        try:
            cursor.execute(f"USE {self._ALIAS}")  # each cursor starts in the in-memory database
            yield cursor
        finally:
            cursor.close()

    def _open(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(":memory:")
        literal = str(self.db_path).replace("'", "''")
        try:
            con.execute(f"ATTACH '{literal}' AS {self._ALIAS} (READ_ONLY)")
        except duckdb.Error as error:
            con.close()
            if recovery.is_corruption(error):
                raise WarehouseUnreadable(recovery.unreadable_message(self.db_path)) from None
            raise
        return con

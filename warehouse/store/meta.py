"""What a warehouse database says about its tables: whether one exists, its row count, the publisher's files a raw
table was loaded from and the O*NET release a build loaded (meta.source_files, written by publish.record_provenance).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the base table 'schema.name' exists (views do not count)."""
    schema, name = table.split(".")
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?", [schema, name]
    ).fetchone()
    return found[0] > 0


def row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # names from the table registry


def published_row_count(published: Path, table: str) -> int | None:
    """The row count of `table` in the published warehouse, or None when there is none to compare with."""
    if not published.is_file():
        return None
    stat = published.stat()
    return _published_row_counts(str(published), stat.st_mtime_ns, stat.st_ino, stat.st_size).get(table)


@lru_cache(maxsize=1)
def _published_row_counts(path: str, _mtime_ns: int, _inode: int, _size: int) -> dict[str, int]:
    """Every base table's row count, from one connection: each of a build's 35 checks asks, and opening the file
    costs about 25 ms. The key (time, inode, size) changes with each publish, so a count is never stale."""
    with duckdb.connect(path, read_only=True) as con:
        tables = con.execute("SELECT schema_name || '.' || table_name FROM duckdb_tables()").fetchall()
        return {table: row_count(con, table) for (table,) in tables}


def loaded_files(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The publisher's files a raw table was parsed from (empty for derived tables)."""
    if not has_table(con, "meta.source_files"):
        return []
    rows = con.execute(
        "SELECT file FROM meta.source_files WHERE table_name = ? AND rows_loaded IS NOT NULL ORDER BY file", [table]
    ).fetchall()
    return [file for (file,) in rows]


def loaded_release(con: duckdb.DuckDBPyConnection, source: str) -> str | None:
    """The release of `source` the database's tables were loaded from (None before any of them is written)."""
    if not has_table(con, "meta.source_files"):
        return None
    return con.execute("SELECT max(release) FROM meta.source_files WHERE source = ?", [source]).fetchone()[0]

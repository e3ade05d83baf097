"""The release history's storage: this build's releases and figures, merged with the published warehouse's history
(transforms.core.history decides what is kept) and written into the build file's history tables.

The previous warehouse is only read, and if it cannot be read the build fails rather than publish a warehouse
without history. A warehouse published before the history tables existed is recorded from its own occupations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from transforms.core import history
from warehouse.store import publish

_OCCUPATIONS = f"SELECT soc_code, title, {', '.join(history.FIGURES + history.RELEASE_COLUMNS)} FROM main.occupations"
_SOURCE_FILES = "SELECT source, release, url, retrieved_at FROM meta.source_files"


@dataclass(frozen=True)
class History:
    snapshot: pl.DataFrame  # this build's release set, its key figures per SOC code
    snapshots: pl.DataFrame  # history.occupation_snapshots as written: every release set so far
    releases: pl.DataFrame  # history.releases as written: every source release so far


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Whether the table or view exists."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [schema, table]
    ).fetchone()
    return found[0] > 0


def previous_history(path: Path, warn: Callable[[str], None]) -> tuple[pl.DataFrame | None, pl.DataFrame | None]:
    """The published warehouse's history tables (read-only), or a snapshot of it when it predates them; `warn`
    is told when a warehouse of an older layout holds nothing to keep."""
    if not path.is_file():
        return None, None
    con = duckdb.connect(str(path), read_only=True)
    try:
        if _has_table(con, "history", "occupation_snapshots") and _has_table(con, "history", "releases"):
            return (
                con.execute("SELECT * FROM history.occupation_snapshots").pl(),
                con.execute("SELECT * FROM history.releases").pl(),
            )
        if not (_has_table(con, "meta", "source_files") and _has_table(con, "main", "occupations")):
            return None, None
        published_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        try:
            files = con.execute(_SOURCE_FILES).pl()
            return (
                history.occupation_snapshot(con.execute(_OCCUPATIONS).pl(), files, published_at),
                history.releases_loaded(files, published_at),
            )
        except (duckdb.Error, history.HistoryError) as error:  # a warehouse of an older layout: nothing to keep
            warn(f"{path} holds no history and its occupations cannot be recorded ({error}): starting afresh")
            return None, None
    finally:
        con.close()


def record_history(build: Path, published: Path, loaded_at: datetime, warn: Callable[[str], None]) -> History:
    """Write the history tables of the build file `build`: the published warehouse's history carried over, plus
    this build's releases and figures (read from its `main.occupations` and `meta.source_files`)."""
    with publish.connect(build) as con:
        files = con.execute(_SOURCE_FILES).pl()
        snapshot = history.occupation_snapshot(con.execute(_OCCUPATIONS).pl(), files, loaded_at)
    previous_snapshots, previous_releases = previous_history(published, warn)
    snapshots = history.carry_over(previous_snapshots, snapshot, history.SNAPSHOT_KEY)
    releases = history.carry_over(previous_releases, history.releases_loaded(files, loaded_at), history.RELEASE_KEY)
    with publish.connect(build) as con:
        con.execute("BEGIN")
        # The tables (and their types) are created by sql/views/40_history.sql, with the views over them.
        for table, frame in (("history.occupation_snapshots", snapshots), ("history.releases", releases)):
            arrow = frame.to_arrow()  # noqa: F841 - DuckDB finds the local by name (replacement scan)
            con.execute(f"DELETE FROM {table}")
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM arrow")
        con.execute("COMMIT")
    return History(snapshot, snapshots, releases)

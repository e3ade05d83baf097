"""Recovering from faults outside the sources: an unreadable published warehouse, and a full disk.

- A published file that DuckDB cannot read (a few bytes overwritten, truncated) is recognised by readers, which say
  so in one line, and by `socwh build`, which moves it aside as `<db>.corrupt-<timestamp>` (kept for inspection)
  and builds as if nothing were published: its release history cannot be read, so it is lost, and the warning says
  so.
- A full disk anywhere in a build ends it with "no space left on <path>"; the build file, its WAL, the run's
  reports and any half-written copy are removed, so the disk is not left full, and the published file stays.
"""

from __future__ import annotations

import errno
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb

UNREADABLE = "{db} is not a readable DuckDB file (corrupt or truncated?): rebuild it with `socwh build --force`"
# What a build reads of the published warehouse: its provenance, its history, the figures it snapshots.
_PROBES = (
    "SELECT * FROM meta.source_files",
    "SELECT * FROM history.occupation_snapshots",
    "SELECT * FROM history.releases",
    "SELECT * FROM main.occupations",
)


def unreadable_message(db_path: Path) -> str:
    return UNREADABLE.format(db=db_path)


def is_corruption(error: BaseException) -> bool:
    """Whether a DuckDB error means the file's bytes are damaged (not a lock held by a writer, not a bad query)."""
    damaged = (duckdb.IOException, duckdb.SerializationException, duckdb.InternalException, duckdb.FatalException)
    return isinstance(error, damaged) and "Could not set lock" not in str(error)


def probe(db_path: Path) -> str | None:
    """None when the build can read what it needs of `db_path`; else DuckDB's reason (first line)."""
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            for query in _PROBES:
                try:
                    con.execute(query).fetchall()
                except duckdb.CatalogException:
                    continue  # an older layout without this table: the build copes
    except duckdb.Error as error:
        if not is_corruption(error):
            raise
        return str(error).splitlines()[0]
    return None


def set_aside_unreadable(db_path: Path) -> tuple[Path, str] | None:
    """If the published warehouse exists and cannot be read, rename it `<db>.corrupt-<UTC timestamp>` and return
    (that path, DuckDB's reason); None when there is nothing to set aside. Call it holding the build lock."""
    if not db_path.is_file() or (reason := probe(db_path)) is None:
        return None
    aside = db_path.with_name(f"{db_path.name}.corrupt-{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
    db_path.rename(aside)
    for wal in (db_path.with_name(db_path.name + ".wal"),):
        wal.unlink(missing_ok=True)
    return aside, reason


# -- a full disk -------------------------------------------------------------------------------------------------

_NO_SPACE = re.compile(r"No space left on device|Errno 28|ENOSPC|disk is full", re.IGNORECASE)
_QUOTED_PATH = re.compile(r"""["'](/[^"']+)["']""")


def no_space_path(messages: list[str], default: Path) -> Path | None:
    """The path a full-disk failure names (DuckDB and Python both quote it), `default` when none is named; None
    when no message is about a full disk."""
    for message in messages:
        if _NO_SPACE.search(message):
            found = _QUOTED_PATH.search(message)
            return Path(found[1]).parent if found else default
    return None


def is_no_space(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno == errno.ENOSPC


def remove_build_leftovers(build_file: Path, reports: Path | None, published: Path) -> None:
    """Free what a failed build wrote: the build file and its WAL, the run's reports, half-written copies."""
    for path in (build_file, build_file.with_name(build_file.name + ".wal")):
        path.unlink(missing_ok=True)
    if reports is not None and reports.is_dir():
        shutil.rmtree(reports, ignore_errors=True)
    for leftover in published.parent.glob(f".{published.name}.*.publishing"):
        leftover.unlink(missing_ok=True)

"""The build database and publishing it.

Assets write into a build file beside the published warehouse (`<name>.build.duckdb`). Only when every asset of a
build has succeeded does `publish` copy it to a temporary file in the same folder and rename that over the
published file: analysts reading the old file keep reading it (they hold the old inode) and never see a half-built
warehouse, and a failed or killed build leaves the last good warehouse in place.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.config import REPO_ROOT
from warehouse.download import Fetched

SQL_DIR = REPO_ROOT / "sql"


def build_path(db_path: Path) -> Path:
    """Where a build writes before publishing: beside the published file, so the final rename is atomic."""
    return db_path.with_name(db_path.stem + ".build.duckdb")


@contextmanager
def connect(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        yield con
    finally:
        con.close()


def run_sql_file(con: duckdb.DuckDBPyConnection, relative: str) -> None:
    con.execute((SQL_DIR / relative).read_text())


def record_provenance(
    con: duckdb.DuckDBPyConnection,
    table: str,
    source: str,
    release: str,
    files: Iterable[tuple[Fetched, int | None]],
) -> None:
    """Replace `table`'s provenance rows: each file it was built from, with the rows that file put into it."""
    run_sql_file(con, "ddl/meta.sql")
    con.execute("DELETE FROM meta.source_files WHERE table_name = ?", [table])
    for fetched, rows in files:
        con.execute(
            "INSERT INTO meta.source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                table,
                source,
                fetched.path.name,
                fetched.url,
                release,
                fetched.bytes,
                fetched.sha256,
                fetched.etag,
                fetched.last_modified,
                fetched.retrieved_at,
                rows,
            ],
        )


# What decides a warehouse's content besides its source files: a build whose code differs rebuilds even when no
# source changed.
CODE_FOLDERS = ("sql", "transforms", "orchestration", "warehouse")
CODE_SUFFIXES = (".py", ".sql", ".csv")


def code_fingerprint() -> str:
    """sha256 over the code and curated data that shape the warehouse (file paths and contents)."""
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted((REPO_ROOT / folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file() and "data" not in path.relative_to(REPO_ROOT).parts:
                digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def publish(build: Path, published: Path) -> None:
    """Atomically replace `published` with a copy of `build`, stamped with the code that built it."""
    with connect(build) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS meta")
        con.execute(
            "CREATE OR REPLACE TABLE meta.build AS SELECT ?::VARCHAR AS code_fingerprint, now() AS published_at",
            [code_fingerprint()],
        )
        con.execute("CHECKPOINT")
    tmp = published.with_name(f".{published.name}.{os.getpid()}.publishing")
    try:
        with build.open("rb") as src, tmp.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 22)
            dst.flush()
            os.fsync(dst.fileno())
        _test_pause("publish", tmp)
        os.replace(tmp, published)
    finally:
        tmp.unlink(missing_ok=True)
    directory = os.open(published.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # make the rename itself durable
    finally:
        os.close(directory)
    _test_pause("published", published)


def _test_pause(point: str, at: Path) -> None:
    """Tests only: with SOC_WAREHOUSE_TEST_PAUSE_AT=`point`, write `<at>.paused` and wait there (at most 10 min)
    until a test kills the build or removes the marker, so a kill lands at exactly this point, not by luck."""
    if os.environ.get("SOC_WAREHOUSE_TEST_PAUSE_AT") != point:
        return
    marker = at.with_name(at.name + ".paused")
    marker.write_text(str(os.getpid()))
    deadline = time.monotonic() + 600
    while marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


def reports_folder(db_path: Path, run_id: str) -> Path:
    """Where a build's validation reports go: beside the warehouse, one folder per Dagster run."""
    return db_path.parent / "reports" / run_id


def remove_stale_publishing_files(published: Path) -> None:
    """Temporary copies left by a publish that was killed (never mistaken for the warehouse: they are renamed last)."""
    for leftover in published.parent.glob(f".{published.name}.*.publishing"):
        leftover.unlink(missing_ok=True)

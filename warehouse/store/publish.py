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
import polars as pl

from warehouse.sources.download import Fetched
from warehouse.store.db import write_table
from warehouse.store.sql_files import code_files, read_sql, view_files


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
    con.execute(read_sql(relative))


def create_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create the public views (schema main) from `sql/views/*.sql`, in file order: the names of the views there are."""
    for file in view_files():
        con.execute(file.read_text(encoding="utf-8"))
    return [row[0] for row in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal ORDER BY 1"
    ).fetchall()]  # fmt: skip


def record_provenance(
    con: duckdb.DuckDBPyConnection,
    table: str,
    source: str,
    release: str,
    files: Iterable[tuple[Fetched, int | None]],
) -> None:
    """Replace `table`'s provenance rows: each file it was built from, with the rows that file put into it."""
    from warehouse.sources.citations import release_name

    run_sql_file(con, "ddl/meta.sql")
    con.execute("DELETE FROM meta.source_files WHERE table_name = ?", [table])
    files = list(files)
    name = release_name(source, [fetched for fetched, _ in files])
    for fetched, rows in files:
        con.execute(
            "INSERT INTO meta.source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                fetched.read_from,
                name,
            ],
        )


def write(
    build: Path,
    table: str,
    frame: pl.DataFrame,
    provenance: tuple[str, str, list[tuple[Fetched, int | None]]] | None = None,
) -> None:
    """Replace `table` in the build file with `frame`, in one transaction; a raw table also records (source,
    release, files) it was parsed from."""
    with connect(build) as con:
        con.execute("BEGIN")
        write_table(con, table, frame)
        if provenance is not None:
            record_provenance(con, table, *provenance)
        con.execute("COMMIT")


# What decides a warehouse's content besides its source files: a build whose code differs rebuilds even when no
# source changed.
CODE_SUFFIXES = (".py", ".sql", ".csv")


def code_fingerprint() -> str:
    """sha256 over the code and curated data that shape the warehouse (file names and contents), read from the
    installed packages (orchestration, transforms, warehouse) and the SQL: the same in a checkout and in a wheel."""
    digest = hashlib.sha256()
    for name, file in code_files(CODE_SUFFIXES):
        digest.update(name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


class NotThisRunsBuild(RuntimeError):
    """The build file is missing, or was written by another run: publishing it could publish another build's tables."""


def start_build_file(build: Path, run_id: str) -> None:
    """Make `build` this run's: keep it if it already carries `run_id` (a step of the same run), else replace it by a
    new file stamped with `run_id` in `meta.build_run`. Call it holding the build lock (warehouse.store.lock): a build
    file without that run's id is then a leftover of a dead build, never another live build's."""
    if build_run_id(build) == run_id:
        return
    for stale in (build, build.with_name(build.name + ".wal")):
        stale.unlink(missing_ok=True)
    with connect(build) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS meta")
        con.execute("CREATE TABLE meta.build_run AS SELECT ?::VARCHAR AS run_id, now() AS started_at", [run_id])


def build_run_id(build: Path) -> str | None:
    """The run id stamped in a build file (None: no file, or no stamp)."""
    if not build.is_file():
        return None
    with connect(build) as con:
        try:
            return con.execute("SELECT run_id FROM meta.build_run").fetchone()[0]
        except duckdb.CatalogException:
            return None


def publish(build: Path, published: Path, run_id: str | None = None) -> None:
    """Atomically replace `published` with a copy of `build`, stamped with the code that built it. Call it holding the
    build lock (warehouse.store.lock): copies that an earlier, killed publish left are removed first.

    With `run_id`, first check that `build` is the file this run wrote (its `meta.build_run` stamp): never connect to
    a missing build file (DuckDB would create an empty one) nor publish one another run replaced."""
    if run_id is not None and (stamp := build_run_id(build)) != run_id:
        found = "is missing" if not build.is_file() else f"carries run {stamp or 'none'}"
        raise NotThisRunsBuild(f"not publishing {build}: it {found}, not this run ({run_id})")
    with connect(build) as con:
        con.execute("CREATE SCHEMA IF NOT EXISTS meta")
        con.execute(
            "CREATE OR REPLACE TABLE meta.build AS SELECT ?::VARCHAR AS code_fingerprint, now() AS published_at",
            [code_fingerprint()],
        )
        con.execute("CHECKPOINT")
    _remove_stale_publishing_files(published)
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


def _remove_stale_publishing_files(published: Path) -> None:
    """Temporary copies left by a publish that was killed (never mistaken for the warehouse: they are renamed last)."""
    for leftover in published.parent.glob(f".{published.name}.*.publishing"):
        leftover.unlink(missing_ok=True)

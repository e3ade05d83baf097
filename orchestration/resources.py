"""Dagster resources: the source files (downloader + catalog) and the build database."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import duckdb
import polars as pl
from dagster import ConfigurableResource, InitResourceContext
from pydantic import PrivateAttr

from warehouse.config import user_agent
from warehouse.sources import catalog
from warehouse.sources.download import Downloader, Fetched
from warehouse.store import lock, meta
from warehouse.store import publish as build
from warehouse.store.db import read_parts, read_table, read_table_compact


class _Progress:
    """Download progress on stderr: a line when a file starts, every few seconds for big files, and when done."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}

    def __call__(self, url: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        name = url.rsplit("/", 1)[-1]
        finished = total is not None and done >= total
        if url not in self._last:
            self._last[url] = now
            print(f"  downloading {url}", file=sys.stderr, flush=True)
        elif finished or now - self._last[url] >= 3:
            self._last[url] = now
            of = f" of {total / 1e6:,.1f} MB" if total else ""
            print(f"    {name}: {done / 1e6:,.1f} MB{of}", file=sys.stderr, flush=True)


class SourceFiles(ConfigurableResource):
    """The publishers' files, fetched into the cache (from the publishers or a mirror) as the catalog lists them."""

    cache_dir: str
    mirror: str | None = None
    contact: str | None = None
    onet_release: str
    onet_found: str | None = None  # a newer O*NET release discovery found, of a layout this code does not know
    retry_backoff: float = 1.0  # seconds before the first retry; doubles each time (tests make it tiny)

    _downloader: Downloader | None = PrivateAttr(default=None)
    _fetched: dict[str, Fetched] = PrivateAttr(default_factory=dict)

    @property
    def files(self) -> dict[str, catalog.SourceFile]:
        return catalog.source_files(self.onet_release)

    def fetch(self, key: str) -> Fetched:
        """The file 'source.name' (e.g. 'onet.job_zones'), fetched once per run."""
        if key not in self._fetched:
            if self._downloader is None:
                self._downloader = Downloader(
                    Path(self.cache_dir),
                    user_agent(self.contact),
                    self.mirror,
                    backoff=self.retry_backoff,
                    progress=_Progress(),
                )
            file = self.files[key]
            context = f"O*NET release {self.onet_release}" if file.source == "onet" else ""
            self._fetched[key] = self._downloader.fetch(file.url, file.kind, context=context, limits=file.limits)
        return self._fetched[key]


class BuildLock(ConfigurableResource):
    """A run's hold on the warehouse: the build lock (warehouse.store.lock) from the start of the run to its end, and a
    build file that is the run's own (stamped with the run id, which publish checks).

    The publish asset requires it, and the in-process executor initialises a run's resources before its first
    step, so the lock is taken before any asset writes. (Not on WarehouseDB: a resource with a teardown cannot be
    handed to a check invoked directly, as tests and `dagster asset check` do.)

    It also keeps one connection to the build file open for the run: DuckDB then keeps the database open in the
    process, so each step's own connection (WarehouseDB.connect, a few hundred a build) neither reloads the catalog
    nor checkpoints on closing: 11 ms a connection, 4-6 s a build. The publish step checkpoints before copying."""

    db_path: str

    _lock: AbstractContextManager | None = PrivateAttr(default=None)
    _open: duckdb.DuckDBPyConnection | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: InitResourceContext) -> None:
        if context.run_id is None:  # not a run
            return
        self._lock = lock.build_lock(Path(self.db_path))
        self._lock.__enter__()  # raises BuildLocked, naming the other build, if one is running
        build_file = build.build_path(Path(self.db_path))
        build.start_build_file(build_file, context.run_id)
        self._open = duckdb.connect(str(build_file))

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        if self._open is not None:
            self._open.close()  # the last connection: DuckDB checkpoints and closes the file
            self._open = None
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None


class WarehouseDB(ConfigurableResource):
    """The build database every asset writes to (one writer: assets run in one process, one after another)."""

    db_path: str

    @property
    def build_file(self) -> Path:
        return build.build_path(Path(self.db_path))

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with build.connect(self.build_file) as con:
            yield con

    def write(
        self,
        table: str,
        frame: pl.DataFrame,
        *,
        provenance: tuple[str, str, list[tuple[Fetched, int | None]]] | None = None,
    ) -> None:
        """Replace `table` with `frame`; a raw table also records (source, release, files) it was parsed from."""
        build.write(self.build_file, table, frame, provenance)

    def source_files(self, table: str) -> list[str]:
        """The publisher's files a raw table was parsed from (empty for derived tables)."""
        with self.connect() as con:
            return meta.loaded_files(con, table)

    def onet_release(self) -> str | None:
        """The O*NET release this build loaded (None before any O*NET table is written): the suites follow its
        contract."""
        with self.connect() as con:
            return meta.loaded_release(con, "onet")

    def rows(self, table: str) -> int:
        with self.connect() as con:
            return meta.row_count(con, table)

    def read_parts(
        self, table: str, columns: tuple[str, ...], parts: int, row_number: str | None = None
    ) -> Iterator[pl.DataFrame]:
        """The table in `parts` frames split by `columns`, read one at a time (warehouse.store.db.read_parts)."""
        with self.connect() as con:
            yield from read_parts(con, table, columns, parts, row_number)

    def read(self, table: str, *, compact_above: int | None = None) -> pl.DataFrame:
        """The whole table; with `compact_above`, a table of more rows than that has its text as Categorical."""
        with self.connect() as con:
            if compact_above is not None and meta.row_count(con, table) > compact_above:
                return read_table_compact(con, table)
            return read_table(con, table)

"""What a table's declaration holds: everything the build, its checks and the docs need to know about one table.

A raw table is read from a source's files by a parser; a derived table (core, search) is built from other tables
by a transform. Both carry their key columns, their expectations and what they are checked against. The Dagster
assets and asset checks (orchestration/) are made from these declarations: a fact about one table is written here,
once, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import polars as pl

from warehouse.tables.checks import Check

# The files a raw table is read from: {catalog key 'source.name': (bytes, file name)}.
Files = dict[str, tuple[bytes, str]]
Parse = Callable[[Files], pl.DataFrame]
# Reads a table of the build database ('raw.cip_codes'), for the cross-checks that need one.
Read = Callable[[str], pl.DataFrame]
# A check of a parsed frame against what the parser alone cannot see (another file, another table, the release):
# (frame, release, files, read) -> the frame, possibly with columns the check adds. Raises with a clear message.
CrossCheck = Callable[[pl.DataFrame, str, Files, Read], pl.DataFrame]
# Checks a source's files against the release they state: (configured O*NET release, stated release, files).
FilesCheck = Callable[[str, str, Files], None]


@dataclass(frozen=True, kw_only=True)
class Source:
    """How the build reads one source's release: the file it is stated in, and the reader of that file. The release
    is always read from the files themselves, never assumed. URLs and licenses live in warehouse/sources/catalog."""

    id: str
    release_file: str  # catalog key, 'source.name'
    read_release: Callable[[bytes, str], str]  # (bytes, file name) -> release
    check_files: FilesCheck | None = None  # run on every table's files before parsing


@dataclass(frozen=True)
class References:
    """The table a table's code columns are checked against (with `soc_code` and `level`), and per code column the
    codes that table does not hold but the column may: {code column: {code: label}}. See
    warehouse.quality.expectations.with_references."""

    table: str
    columns: Mapping[str, Mapping[str, str]]


@dataclass(frozen=True, kw_only=True)
class Table:
    name: str
    layer: Literal["raw", "core", "search"]
    description: str
    keys: tuple[str, ...] = ()  # the columns that identify a row: shown with the checked columns in bad-row samples
    expectations: tuple[Check, ...] = ()  # its Great Expectations suite; none: no asset check
    derived: Mapping[str, pl.Expr] = field(default_factory=dict)  # columns added before validation, then checked
    references: References | None = None
    # The table is too large to hold whole at the publisher's scale (raw.oews_data: 6 million rows): above
    # warehouse.store.db.PART_ROWS rows its check (a raw table) or its build from its first input (a derived table)
    # runs one part at a time, split by these columns, so rows equal in them are in one part. Only checks and
    # transforms that compare rows within such groups may be declared with parts.
    parts: tuple[str, ...] = ()

    @property
    def qualified(self) -> str:
        """'raw.onet_job_zones'."""
        return f"{self.layer}.{self.name}"


@dataclass(frozen=True, kw_only=True)
class RawTable(Table):
    """A table read from a source's files by a pure parser (transforms.raw)."""

    layer: Literal["raw"] = "raw"
    source: Source
    files: tuple[str, ...]  # catalog keys, 'source.name'
    parse: Parse
    cross_check: CrossCheck | None = None
    reads: tuple[str, ...] = ()  # the other raw tables (names) `cross_check` reads: built before this one


@dataclass(frozen=True, kw_only=True)
class DerivedTable(Table):
    """A table built from other tables by a pure transform (transforms.core)."""

    layer: Literal["core", "search"] = "core"
    inputs: tuple[str, ...]  # schema-qualified tables, passed to `build` in this order
    build: Callable[..., pl.DataFrame]
    indexed: bool = False  # build a full-text (BM25) index over its `text` column after writing it

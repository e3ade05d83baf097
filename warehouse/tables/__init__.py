"""The table registry: every raw, core and search table of the warehouse, each declared once.

A declaration (warehouse/tables/declare.py) holds the table's name, layer, source files or inputs, parser or
transform, key columns, cross-checks and references, expectations and description; a source's release rule is on
its `Source`. Dagster's assets and asset checks (orchestration/), the quality suites (warehouse/quality) and the
README's table list are derived from it. Adding a table is adding its declaration to raw.py, core.py or search.py.
"""

from __future__ import annotations

from warehouse.config import DEFAULT_ONET_RELEASE
from warehouse.tables.core import core_tables
from warehouse.tables.declare import DerivedTable, RawTable, References, Source, Table
from warehouse.tables.raw import SOURCES, raw_tables
from warehouse.tables.search import SEARCH_TABLES

__all__ = [
    "SEARCH_TABLES",
    "SOURCES",
    "DerivedTable",
    "RawTable",
    "References",
    "Source",
    "Table",
    "all_tables",
    "checked_tables",
    "core_tables",
    "find",
    "raw_tables",
]


def all_tables(onet_release: str | None = None) -> list[Table]:
    """Every table, raw then core then search, for `onet_release` (default: the release discovery starts from)."""
    release = onet_release or DEFAULT_ONET_RELEASE
    return [*raw_tables(release), *core_tables(release), *SEARCH_TABLES]


def checked_tables(onet_release: str | None = None) -> list[Table]:
    """The tables with expectations (every raw and core table): each gets a blocking asset check."""
    return [table for table in all_tables(onet_release) if table.expectations]


def find(qualified: str, onet_release: str | None = None) -> Table | None:
    """The declaration of 'layer.name' (e.g. 'raw.onet_job_zones'), or None."""
    return next((table for table in all_tables(onet_release) if table.qualified == qualified), None)

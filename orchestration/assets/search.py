"""The search layer: the title and duty documents `socwh search` ranks by (declared in warehouse/tables/search.py),
with their full-text (BM25) indexes.

The index is built here, in the build database, because the published warehouse is opened read-only: DuckDB's
`create_fts_index` writes tables (schema `fts_search_<table>`), which a reader cannot do. The published file
carries the index; readers only load the extension and query it (see warehouse/products/search.py).
"""

from dagster import AssetsDefinition

from orchestration.assets.core import build_derived_asset
from warehouse.tables import SEARCH_TABLES


def search_assets() -> list[AssetsDefinition]:
    return [build_derived_asset(table) for table in SEARCH_TABLES]

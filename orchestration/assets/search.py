"""The search layer: the title and duty documents `socwh search` ranks by, with their full-text (BM25) indexes.

The index is built here, in the build database, because the published warehouse is opened read-only: DuckDB's
`create_fts_index` writes tables (schema `fts_search_<table>`), which a reader cannot do. The published file
carries the index; readers only load the extension and query it (see warehouse/products/search.py).
"""

from dagster import AssetsDefinition

from orchestration.assets.core import CoreTable, build_derived_asset
from transforms.core import search

SEARCH_TABLES = [
    CoreTable("title_documents",
                ("core.soc_hierarchy", "core.onet_occupations", "raw.onet_alternate_titles",
                 "raw.onet_reported_titles"),
                search.title_documents,
                "Every title of each SOC code (SOC, O*NET, alternate, reported titles), with a BM25 index.",
                indexed=True),
    CoreTable("duty_documents", ("core.soc_hierarchy", "core.onet_occupations", "raw.onet_task_statements"),
                search.duty_documents,
                "Every description of each SOC code's work (SOC definition, O*NET description, tasks), with a "
                "BM25 index.",
                indexed=True),
    CoreTable("duty_profiles", ("search.duty_documents",), search.duty_profiles,
                "One document per SOC code with all its duty texts, with a BM25 index: what duties are ranked by.",
                indexed=True),
    CoreTable("title_terms", ("search.title_documents",), search.title_terms,
                "The words used in titles, to correct misspelt or foreign query words to the nearest one.",
                indexed=False),
]  # fmt: skip


def search_assets() -> list[AssetsDefinition]:
    return [build_derived_asset(table, schema="search") for table in SEARCH_TABLES]

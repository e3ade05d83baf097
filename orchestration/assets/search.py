"""The search layer: the title and duty documents `socwh search` ranks by, with their full-text (BM25) indexes.

The index is built here, in the build database, because the published warehouse is opened read-only: DuckDB's
`create_fts_index` writes tables (schema `fts_search_<table>`), which a reader cannot do. The published file
carries the index; readers only load the extension and query it (see warehouse/search.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, asset

from orchestration.resources import WarehouseDB
from orchestration.schema import table_schema
from transforms.core import search
from warehouse.search import create_index


@dataclass(frozen=True)
class SearchTable:
    name: str
    inputs: tuple[str, ...]  # schema-qualified tables, passed to `build` in this order
    build: Callable[..., pl.DataFrame]
    description: str
    indexed: bool  # build a full-text index over its `text` column


SEARCH_TABLES = [
    SearchTable("title_documents",
                ("core.soc_hierarchy", "core.onet_occupations", "raw.onet_alternate_titles",
                 "raw.onet_reported_titles"),
                search.title_documents,
                "Every title of each SOC code (SOC, O*NET, alternate, reported titles), with a BM25 index.",
                indexed=True),
    SearchTable("duty_documents", ("core.soc_hierarchy", "core.onet_occupations", "raw.onet_task_statements"),
                search.duty_documents,
                "Every description of each SOC code's work (SOC definition, O*NET description, tasks), with a "
                "BM25 index.",
                indexed=True),
    SearchTable("duty_profiles", ("search.duty_documents",), search.duty_profiles,
                "One document per SOC code with all its duty texts, with a BM25 index: what duties are ranked by.",
                indexed=True),
    SearchTable("title_terms", ("search.title_documents",), search.title_terms,
                "The words used in titles, to correct misspelt or foreign query words to the nearest one.",
                indexed=False),
]  # fmt: skip


def _key(table: str) -> AssetKey:
    return AssetKey(table.split("."))


def build_search_asset(table: SearchTable) -> AssetsDefinition:
    @asset(
        key=AssetKey(["search", table.name]),
        group_name="search",
        description=table.description,
        kinds={"polars", "duckdb"},
        deps=[_key(name) for name in table.inputs],
        metadata={"table": f"search.{table.name}"},
    )
    def _search(context: AssetExecutionContext, warehouse: WarehouseDB) -> MaterializeResult:
        frame = table.build(*(warehouse.read(name) for name in table.inputs))
        warehouse.write(f"search.{table.name}", frame)
        if table.indexed:
            with warehouse.connect() as con:
                create_index(con, f"search.{table.name}")
        context.log.info(f"search.{table.name}: {frame.height:,} rows{', indexed' if table.indexed else ''}")
        return MaterializeResult(
            metadata={"dagster/row_count": frame.height, "dagster/column_schema": table_schema(frame)}
        )

    return _search


def search_assets() -> list[AssetsDefinition]:
    return [build_search_asset(table) for table in SEARCH_TABLES]

"""The core layer: one asset per core table declared in warehouse/tables/core.py, built from raw (and curated)
tables by the declared pure transform (`transforms.core`)."""

import polars as pl
from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, asset

from orchestration.resources import WarehouseDB
from orchestration.ui_metadata import table_schema
from warehouse.config import DEFAULT_ONET_RELEASE
from warehouse.store.db import COMPACT_ROWS, PART_ROWS
from warehouse.store.search_index import create_index
from warehouse.tables import DerivedTable, core_tables


def _key(table: str) -> AssetKey:
    return AssetKey(table.split("."))


def build_derived_asset(table: DerivedTable) -> AssetsDefinition:
    """The asset that builds `layer.name` from its input tables (and its full-text index, if it has one)."""

    @asset(
        key=AssetKey([table.layer, table.name]),
        group_name=table.layer,
        description=table.description,
        kinds={"polars", "duckdb"},
        deps=[_key(name) for name in table.inputs],
        metadata={"table": table.qualified},
    )
    def _derived(context: AssetExecutionContext, warehouse: WarehouseDB) -> MaterializeResult:
        first, *others = table.inputs
        if table.parts and (rows := warehouse.rows(first)) > PART_ROWS:
            # The full OEWS release: the pivot of one part of the 6 million series rows at a time.
            rest = [warehouse.read(name) for name in others]
            parts = warehouse.read_parts(first, table.parts, -(-rows // PART_ROWS))
            frame = pl.concat([table.build(part, *rest) for part in parts])
        else:
            frame = table.build(*(warehouse.read(name, compact_above=COMPACT_ROWS) for name in table.inputs))
        warehouse.write(table.qualified, frame)
        if table.indexed:
            with warehouse.connect() as con:
                create_index(con, table.qualified)
        context.log.info(f"{table.qualified}: {frame.height:,} rows{', indexed' if table.indexed else ''}")
        return MaterializeResult(
            metadata={"dagster/row_count": frame.height, "dagster/column_schema": table_schema(frame)}
        )

    return _derived


def core_assets() -> list[AssetsDefinition]:
    # The assets do not depend on the O*NET release (only the suites' contract does): any release's declarations.
    return [build_derived_asset(table) for table in core_tables(DEFAULT_ONET_RELEASE)]

"""The published warehouse: the analysts' views, then the atomic publish of the build file."""

from pathlib import Path

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, asset

from orchestration.assets.history import HISTORY_KEYS
from orchestration.resources import BuildLock, WarehouseDB
from warehouse.store import publish as build


def published_assets(upstream: list[AssetKey]) -> list[AssetsDefinition]:
    @asset(
        key=AssetKey(["main", "views"]),
        group_name="published",
        deps=upstream,
        kinds={"duckdb", "sql"},
        description="The public views (schema main) analysts query, created from sql/views/*.sql in file order.",
    )
    def views(context: AssetExecutionContext, warehouse: WarehouseDB) -> MaterializeResult:
        with warehouse.connect() as con:
            names = build.create_views(con)
        context.log.info(f"created {len(names)} views: {', '.join(names)}")
        return MaterializeResult(metadata={"views": ", ".join(names)})

    @asset(
        key=AssetKey(["warehouse"]),
        group_name="published",
        deps=[views.key, *HISTORY_KEYS],
        kinds={"duckdb"},
        description="Publish: copy the build file over the analysts' warehouse atomically, once everything succeeded.",
    )
    def publish(context: AssetExecutionContext, warehouse: WarehouseDB, build_lock: BuildLock) -> MaterializeResult:
        # build_lock is not used here: requiring it makes every run hold the warehouse's lock from its start
        published = Path(warehouse.db_path)
        build.publish(warehouse.build_file, published, run_id=context.run_id)
        context.log.info(f"published {published}")
        return MaterializeResult(metadata={"path": str(published), "bytes": published.stat().st_size})

    return [views, publish]

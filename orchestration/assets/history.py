"""Release history: the published warehouse's history carried over, plus this build's releases and figures.

Runs after the views (it reads `main.occupations`, where the flags are computed) and before publish. The storage
work (reading the previous warehouse, migrating an old layout, replacing the tables) is warehouse.store.history's.
"""

from datetime import UTC, datetime
from pathlib import Path

from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from orchestration.resources import WarehouseDB
from transforms.core import history
from warehouse.store.history import record_history

VIEWS = AssetKey(["main", "views"])
SNAPSHOTS = AssetKey(["history", "occupation_snapshots"])
RELEASES = AssetKey(["history", "releases"])
HISTORY_KEYS = [SNAPSHOTS, RELEASES]


def history_assets() -> list:
    @multi_asset(
        name="history",
        specs=[
            AssetSpec(
                SNAPSHOTS,
                deps=[VIEWS],
                group_name="published",
                kinds={"polars", "duckdb"},
                description="Every release set loaded so far (the combination of source releases of a build), with "
                "its key figures per SOC code: Job Zone, education, employment, wage and the flags.",
            ),
            AssetSpec(
                RELEASES,
                deps=[VIEWS],
                group_name="published",
                kinds={"polars", "duckdb"},
                description="Every source release loaded so far, with when its files were retrieved and loaded.",
            ),
        ],
    )
    def history_tables(context: AssetExecutionContext, warehouse: WarehouseDB):
        recorded = record_history(warehouse.build_file, Path(warehouse.db_path), datetime.now(UTC), context.log.warning)
        snapshots, releases = recorded.snapshots, recorded.releases
        release_sets = snapshots["release_set"].unique().sort().to_list()
        current = recorded.snapshot["release_set"][0]
        context.log.info(f"history: {len(release_sets)} release set(s); this build: {current}")
        yield MaterializeResult(
            asset_key=SNAPSHOTS,
            metadata={"dagster/row_count": snapshots.height, "release_sets": len(release_sets), "current": current},
        )
        yield MaterializeResult(
            asset_key=RELEASES,
            metadata={
                "dagster/row_count": releases.height,
                "releases": ", ".join(f"{s} {r}" for s, r in releases.select(history.RELEASE_KEY).iter_rows()),
            },
        )

    return [history_tables]

"""Release history: the published warehouse's history carried over, plus this build's releases and figures.

Runs after the views (it reads `main.occupations`, where the flags are computed) and before publish. The previous
warehouse is only read, and if it cannot be read the build fails rather than publish a warehouse without history.
"""

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl
from dagster import AssetExecutionContext, AssetKey, AssetSpec, MaterializeResult, multi_asset

from orchestration.resources import WarehouseDB
from transforms.core import history

VIEWS = AssetKey(["main", "views"])
SNAPSHOTS = AssetKey(["history", "occupation_snapshots"])
RELEASES = AssetKey(["history", "releases"])
HISTORY_KEYS = [SNAPSHOTS, RELEASES]

_OCCUPATIONS = f"SELECT soc_code, title, {', '.join(history.FIGURES + history.RELEASE_COLUMNS)} FROM main.occupations"
_SOURCE_FILES = "SELECT source, release, url, retrieved_at FROM meta.source_files"


def _has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    """Whether the table or view exists."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?", [schema, table]
    ).fetchone()
    return found[0] > 0


def _previous(path: Path, log) -> tuple[pl.DataFrame | None, pl.DataFrame | None]:
    """The published warehouse's history tables (read-only), or a snapshot of it when it predates them."""
    if not path.is_file():
        return None, None
    con = duckdb.connect(str(path), read_only=True)
    try:
        if _has_table(con, "history", "occupation_snapshots") and _has_table(con, "history", "releases"):
            return (
                con.execute("SELECT * FROM history.occupation_snapshots").pl(),
                con.execute("SELECT * FROM history.releases").pl(),
            )
        if not (_has_table(con, "meta", "source_files") and _has_table(con, "main", "occupations")):
            return None, None
        published_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        try:
            files = con.execute(_SOURCE_FILES).pl()
            return (
                history.occupation_snapshot(con.execute(_OCCUPATIONS).pl(), files, published_at),
                history.releases_loaded(files, published_at),
            )
        except (duckdb.Error, history.HistoryError) as error:  # a warehouse of an older layout: nothing to keep
            log.warning(f"{path} holds no history and its occupations cannot be recorded ({error}): starting afresh")
            return None, None
    finally:
        con.close()


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
        loaded_at = datetime.now(UTC)
        with warehouse.connect() as con:
            files = con.execute(_SOURCE_FILES).pl()
            snapshot = history.occupation_snapshot(con.execute(_OCCUPATIONS).pl(), files, loaded_at)
        previous_snapshots, previous_releases = _previous(Path(warehouse.db_path), context.log)
        snapshots = history.carry_over(previous_snapshots, snapshot, history.SNAPSHOT_KEY)
        releases = history.carry_over(previous_releases, history.releases_loaded(files, loaded_at), history.RELEASE_KEY)
        with warehouse.connect() as con:
            con.execute("BEGIN")
            # The tables (and their types) are created by sql/views/40_history.sql, with the views over them.
            for table, frame in (("history.occupation_snapshots", snapshots), ("history.releases", releases)):
                arrow = frame.to_arrow()  # noqa: F841 - DuckDB finds the local by name (replacement scan)
                con.execute(f"DELETE FROM {table}")
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM arrow")
            con.execute("COMMIT")
        release_sets = snapshots["release_set"].unique().sort().to_list()
        current = snapshot["release_set"][0]
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

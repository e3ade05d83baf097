"""The Dagster code location: assets, checks and resources. It wires; transforms/ and warehouse/ do the work.

Configuration comes from SOC_WAREHOUSE_* environment variables (read through `EnvVar` where set, so the UI shows
which variable a value came from). Assets run in one process, one after another: DuckDB allows one writer per file.
"""

from __future__ import annotations

import os

from dagster import Definitions, EnvVar, in_process_executor

from orchestration.assets.core import core_assets
from orchestration.assets.history import history_assets
from orchestration.assets.onet_release import onet_release_assets
from orchestration.assets.published import published_assets
from orchestration.assets.raw import raw_assets
from orchestration.assets.search import search_assets
from orchestration.checks import expectation_checks
from orchestration.resources import BuildLock, SourceFiles, WarehouseDB
from orchestration.sensors import release_schedules, release_sensors
from warehouse.config import Settings


def _setting(variable: str, value: object) -> object:
    """EnvVar(variable) when the environment sets it, else the built-in default."""
    return EnvVar(variable) if os.environ.get(variable) else (None if value is None else str(value))


def build_definitions(settings: Settings | None = None) -> Definitions:
    settings = settings or Settings.from_env()
    tables = [*raw_assets(settings.onet_release), *onet_release_assets(), *core_assets(), *search_assets()]
    upstream = [key for a in tables for key in a.keys]
    resources = {
        "sources": SourceFiles(
            cache_dir=_setting("SOC_WAREHOUSE_CACHE", settings.cache_dir),
            mirror=_setting("SOC_WAREHOUSE_MIRROR", settings.mirror),
            contact=_setting("SOC_WAREHOUSE_CONTACT", settings.contact),
            onet_release=settings.onet_release,
            onet_found=settings.onet_found,
            retry_backoff=float(os.environ.get("SOC_WAREHOUSE_RETRY_BACKOFF", "1.0")),
        ),
        "warehouse": WarehouseDB(db_path=_setting("SOC_WAREHOUSE_DB", settings.db_path)),
        "build_lock": BuildLock(db_path=_setting("SOC_WAREHOUSE_DB", settings.db_path)),
    }
    return Definitions(
        assets=[*tables, *published_assets(upstream), *history_assets()],
        asset_checks=expectation_checks(),
        resources=resources,
        sensors=release_sensors(),
        schedules=release_schedules(),
        executor=in_process_executor,
    )


defs = build_definitions()

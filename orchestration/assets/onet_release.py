"""meta.onet_release and meta.onet_job_zone_frameworks: which O*NET release the build loaded, the Job Zone framework
it uses, and a newer release discovery found but could not load (its layout unknown), from transforms.raw.
onet_releases. The views read them: source_releases' note, release_changes' framework changes, `show`."""

import polars as pl
from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, asset

from orchestration.resources import SourceFiles, WarehouseDB
from transforms.raw import onet_releases
from warehouse.sources.polling import unknown_layout_notice

ONET_RELEASE = AssetKey(["meta", "onet_release"])


def onet_release_assets() -> list[AssetsDefinition]:
    @asset(
        key=ONET_RELEASE,
        group_name="raw",
        kinds={"duckdb"},
        description="The O*NET release loaded, its layout and Job Zone framework, and any newer release of an unknown "
        "layout discovery found (meta.onet_release); every layout's framework (meta.onet_job_zone_frameworks).",
    )
    def onet_release(context: AssetExecutionContext, sources: SourceFiles, warehouse: WarehouseDB) -> MaterializeResult:
        layout = onet_releases.layout_of(sources.onet_release)
        note = unknown_layout_notice(sources.onet_found, sources.onet_release)
        record = pl.DataFrame(
            {
                "release": [sources.onet_release],
                "layout": [layout.covers],
                "job_zone_framework": [layout.job_zones.name],
                "job_zones": [list(layout.job_zones.zones)],
                "newest_found": [sources.onet_found or sources.onet_release],
                "note": [note],
            },
            schema={"release": pl.String, "layout": pl.String, "job_zone_framework": pl.String,
                    "job_zones": pl.List(pl.Int64), "newest_found": pl.String, "note": pl.String},
        )  # fmt: skip
        frameworks = pl.DataFrame(
            onet_releases.job_zone_frameworks(),
            schema={"first_release": pl.String, "last_release": pl.String, "first_key": pl.Int64,
                    "last_key": pl.Int64, "job_zone_framework": pl.String, "job_zones": pl.List(pl.Int64)},
        )  # fmt: skip
        warehouse.write("meta.onet_release", record)
        warehouse.write("meta.onet_job_zone_frameworks", frameworks)
        if note:
            context.log.warning(note)
        return MaterializeResult(
            metadata={"release": sources.onet_release, "job_zone_framework": layout.job_zones.name, "note": note or ""}
        )

    return [onet_release]

"""The core layer: tables built from raw (and curated) tables by the pure transforms in `transforms.core`."""

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, asset

from orchestration.resources import WarehouseDB
from orchestration.ui_metadata import table_schema
from transforms.core import ep, oews, oews_aggregates, onet, priority, soc
from warehouse.config import PACKAGE_DIR
from warehouse.store.db import COMPACT_ROWS, PART_ROWS

CET_CSV = PACKAGE_DIR / "curated" / "cet_areas.csv"
STEM_CSV = PACKAGE_DIR / "curated" / "stem_occupations.csv"  # written by `python -m warehouse.sources.stem_bridge`


@dataclass(frozen=True)
class CoreTable:
    """A table derived from other tables by a pure transform; also used for the search layer's tables."""

    name: str
    inputs: tuple[str, ...]  # schema-qualified tables, passed to `build` in this order
    build: Callable[..., pl.DataFrame]
    description: str
    indexed: bool = False  # build a full-text (BM25) index over its `text` column after writing it
    # When the first input has more than PART_ROWS rows, `build` runs on it in parts split by these columns (the
    # other inputs whole) and the results are stacked: for a transform whose output rows each come from rows
    # equal in these columns (e.g. a pivot by them), the same table without the whole input in memory.
    parts: tuple[str, ...] = ()


def _cet_areas(hierarchy: pl.DataFrame) -> pl.DataFrame:
    curated = pl.read_csv(CET_CSV, schema={"soc_code": pl.String, "cet_area": pl.String, "rationale": pl.String})
    return priority.cet_areas(curated, hierarchy, CET_CSV.name)


def _stem_occupations(hierarchy: pl.DataFrame) -> pl.DataFrame:
    schema = dict.fromkeys(priority.STEM_OCCUPATION_COLUMNS, pl.String) | {"is_stem_occupation": pl.Boolean}
    return priority.stem_occupations(pl.read_csv(STEM_CSV, schema=schema), hierarchy, STEM_CSV.name)


CORE_TABLES = [
    CoreTable("soc_hierarchy", ("raw.soc_structure", "raw.soc_definitions"), soc.soc_hierarchy,
              "Every 2018 SOC code (major, minor, broad, detailed) with title, definition and parent groups."),
    CoreTable("onet_occupations", ("raw.onet_occupation_data",), onet.onet_occupations,
              "O*NET-SOC occupations with the 2018 SOC code they roll up to (the first seven characters)."),
    CoreTable("onet_education", ("raw.onet_education", "raw.onet_education_categories"),
              onet.education_distribution,
              "O*NET required-education distribution per occupation: category, label, percentage, is_advanced."),
    CoreTable("onet_job_zones", ("raw.onet_job_zones", "raw.onet_job_zone_reference"), onet.job_zones,
              "O*NET Job Zones with what each zone means."),
    CoreTable("onet_by_soc", ("core.onet_job_zones", "core.onet_education"), onet.onet_by_soc,
              "Per 2018 SOC code: Job Zone and share of respondents at master's or higher, with the O*NET codes used."),
    CoreTable("ep_by_soc", ("raw.ep_education", "core.soc_hierarchy"), ep.ep_by_soc,
              "BLS EP education, experience and training per 2018 SOC detailed code (EP aggregates applied to members)."),
    CoreTable("oews_estimates",
              ("raw.oews_data", "raw.oews_datatype", "raw.oews_area", "raw.oews_industry", "raw.oews_occupation",
               "raw.oews_footnote"),
              oews.oews_estimates,
              "OEWS estimates, one row per area x industry x occupation, the 17 measures as columns.",
              parts=tuple(oews.KEY)),
    CoreTable("oews_by_soc", ("core.oews_estimates", "core.soc_hierarchy"), oews_aggregates.oews_by_soc,
              "Per 2018 SOC detailed code: the OEWS code whose national figures it shows (an aggregate for members)."),
    CoreTable("stem_links", ("raw.cip_soc_crosswalk", "raw.dhs_stem_cip"), priority.stem_links,
              "SOC -> CIP programs (NCES crosswalk), each marked whether it is on the DHS STEM list."),
    CoreTable("cet_areas", ("core.soc_hierarchy",), _cet_areas,
              "Critical and Emerging Technologies areas per SOC code: the project's own curated judgement."),
    CoreTable("stem_occupations", ("core.soc_hierarchy",), _stem_occupations,
              "BLS's OES STEM occupation list (2010 SOC) bridged to 2018 SOC via O*NET's crosswalks, each path kept."),
]  # fmt: skip


def _key(table: str) -> AssetKey:
    return AssetKey(table.split("."))


def build_derived_asset(table: CoreTable, schema: str = "core") -> AssetsDefinition:
    """The asset that builds `schema.name` from its input tables (and its full-text index, if it has one)."""

    @asset(
        key=AssetKey([schema, table.name]),
        group_name=schema,
        description=table.description,
        kinds={"polars", "duckdb"},
        deps=[_key(name) for name in table.inputs],
        metadata={"table": f"{schema}.{table.name}"},
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
        warehouse.write(f"{schema}.{table.name}", frame)
        if table.indexed:
            from warehouse.store.search_index import create_index

            with warehouse.connect() as con:
                create_index(con, f"{schema}.{table.name}")
        context.log.info(f"{schema}.{table.name}: {frame.height:,} rows{', indexed' if table.indexed else ''}")
        return MaterializeResult(
            metadata={"dagster/row_count": frame.height, "dagster/column_schema": table_schema(frame)}
        )

    return _derived


def core_assets() -> list[AssetsDefinition]:
    return [build_derived_asset(table) for table in CORE_TABLES]

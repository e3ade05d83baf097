"""The raw layer: one asset per raw table declared in warehouse/tables/raw.py. Each downloads its publisher's
file(s), parses them with the declared parser, runs the declared cross-check, and writes one typed table
`raw.<name>` with a record of the bytes it came from."""

import polars as pl
from dagster import AssetExecutionContext, AssetKey, AssetsDefinition, MaterializeResult, MetadataValue, asset

from orchestration.resources import SourceFiles, WarehouseDB
from orchestration.source_release import source_release
from orchestration.ui_metadata import table_schema
from warehouse.tables import RawTable, raw_tables


def build_raw_asset(table: RawTable) -> AssetsDefinition:
    @asset(
        key=AssetKey(["raw", table.name]),
        group_name="raw",
        description=table.description,
        kinds={"polars", "duckdb"},
        deps=[AssetKey(["raw", name]) for name in table.reads],
        metadata={"source": table.source.id, "table": table.qualified},
    )
    def _raw(context: AssetExecutionContext, sources: SourceFiles, warehouse: WarehouseDB) -> MaterializeResult:
        release, release_file = source_release(sources, table.source)
        fetched = {key: sources.fetch(key) for key in table.files}
        files = {key: (f.read_bytes(), f.path.name) for key, f in fetched.items()}
        if table.source.check_files is not None:
            table.source.check_files(sources.onet_release, release, files)
        frame = table.parse(files)
        if table.cross_check is not None:
            frame = table.cross_check(frame, release, files, warehouse.read)
        files.clear()  # the file bytes are parsed: free them before the write (325 MB for the full OEWS file)
        provenance = [(f, frame.height if len(fetched) == 1 else None) for f in fetched.values()]
        if release_file.url not in {f.url for f in fetched.values()}:
            provenance.append((release_file, None))
        warehouse.write(table.qualified, frame, provenance=(table.source.id, release, provenance))
        context.log.info(
            f"{table.qualified}: {frame.height:,} rows from {', '.join(f.path.name for f in fetched.values())} ({release})"
        )
        return MaterializeResult(
            metadata={
                "dagster/row_count": frame.height,
                "dagster/column_schema": table_schema(frame.head(0).cast({pl.Categorical: pl.String})),  # as stored
                "source": table.source.id,
                "release": release,
                "files": MetadataValue.json(
                    [{"url": f.url, "bytes": f.bytes, "sha256": f.sha256, "status": f.status} for f in fetched.values()]
                ),
                "sha256": ", ".join(f.sha256 for f in fetched.values()),
                "url": MetadataValue.url(next(iter(fetched.values())).url),
            }
        )

    return _raw


def raw_assets(onet_release: str) -> list[AssetsDefinition]:
    return [build_raw_asset(table) for table in raw_tables(onet_release)]

"""Blocking data-quality checks: every table declared with expectations (warehouse/tables/) is validated by Great
Expectations before anything downstream of it runs, and a failure stops the publish.

Each check also compares the table's row count with the previously published warehouse (warn past ±10 %,
fail past ±25 %) and writes its validation report (JSON and GE Data Docs) under the run's reports folder, where
only the newest runs' folders are kept (warehouse.quality.report_retention).
"""

from pathlib import Path

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from orchestration.resources import WarehouseDB
from warehouse.quality import expectations, report_retention
from warehouse.store import meta
from warehouse.store.db import COMPACT_ROWS
from warehouse.store.publish import reports_folder
from warehouse.tables import Table, checked_tables


def build_check(declared: Table) -> AssetChecksDefinition:
    """The blocking check of a table declared with expectations (warehouse/tables/)."""
    table = declared.qualified
    references = (declared.references.table,) if declared.references else ()  # the SOC hierarchy codes must be in

    @asset_check(
        asset=AssetKey(table.split(".")),
        name="expectations",
        blocking=True,
        additional_deps=[AssetKey(name.split(".")) for name in references],  # built before the check reads them
        description=f"Great Expectations suite of {table}, and its row count against the published release.",
    )
    def _check(context: AssetCheckExecutionContext, warehouse: WarehouseDB) -> AssetCheckResult:
        from warehouse.quality import validation  # imports GE on first use

        tables = {name: warehouse.read(name) for name in references}
        partition = expectations.partition_key(table)
        if partition and (rows := warehouse.rows(table)) > validation.PART_ROWS:
            # The full OEWS release: every row checked, one part of about PART_ROWS rows in memory at a time.
            parts = warehouse.read_parts(table, partition, validation.part_count(rows), validation.ROW)
            checked = (expectations.with_references(table, part, tables) for part in parts)
            report = validation.validate_parts(table, checked, warehouse.onet_release())
        else:
            # Short codes as Categorical on a table of millions of rows: a third of the memory.
            frame = warehouse.read(table, compact_above=COMPACT_ROWS)
            checked = expectations.with_references(table, frame, tables)
            report = validation.validate(table, checked, warehouse.onet_release())
        count_status, count_message = expectations.row_count_change(
            table, meta.published_row_count(Path(warehouse.db_path), table), report.rows
        )
        # run_id of the op context: also set ("EPHEMERAL") when a test invokes the check directly
        run = reports_folder(Path(warehouse.db_path), context.op_execution_context.run_id)
        folder = run / table
        index = validation.write_reports([report], folder)
        # Here, not only in `socwh build`: runs that the UI, a sensor or a schedule start add report folders too.
        report_retention.prune(run.parent, report_retention.keep_count())
        problems = [failure.describe(table) for failure in report.failures]
        if count_status == "fail":
            problems.append(f"row count: {count_message}")
        if count_status == "warn":
            context.log.warning(f"row count: {count_message}")
        passed = not problems
        if problems and (files := warehouse.source_files(table)):
            # Name the publisher's file too: that is what a user can open and compare.
            problems.insert(0, f"{table} was loaded from {', '.join(files)}:")
        samples = [{"check": failure.check, "bad rows": failure.sample} for failure in report.failures]
        return AssetCheckResult(
            passed=passed,
            severity=AssetCheckSeverity.ERROR,
            description="\n".join(problems) if problems else report.summary(),
            metadata={
                "expectations": report.expectations,
                "failed": len(report.failures),
                "rows": report.rows,
                "row count": f"{count_status}: {count_message}",
                "bad rows (sample)": MetadataValue.json(samples),
                "report": MetadataValue.path(str(folder / f"{table}.json")),
                "data docs": MetadataValue.path(str(validation.data_docs_path(index))),
            },
        )

    return _check


def expectation_checks() -> list[AssetChecksDefinition]:
    return [build_check(table) for table in checked_tables()]

"""The data-quality suites of the warehouse tables, looked up in the table registry (warehouse/tables/), where each
table's expectations are declared with the table.

Each table has a list of `Check`s, Great Expectations expectation configurations (type + kwargs) that
`warehouse.quality.validation` turns into a GE suite and runs. They are plain data so that importing this module does not
import Great Expectations (3-5 s): Dagster's definitions load stays fast, and only processes that validate pay it.

Checks that no built-in expectation covers are expressed on derived columns (`derived_columns`) added to the
frame before validation: e.g. the sum of an occupation's education percentages is a window sum over the rows
of its (occupation, element, scale) group, checked with a plain `expect_column_values_to_be_between`, so a bad
sum reports the very rows that make it up.

Referential checks need another table: `reference_tables(table)` names it (the SOC hierarchy) and
`with_references(table, frame, references)` adds a `<column>_level` column per code column before validation,
the code's SOC level there ('major' ... 'detailed'), or the label of an explicitly listed allowance ('EP aggregate',
'OEWS aggregate'), or 'not in SOC 2018'. The suite then checks that column's values with a plain
`expect_column_values_to_be_in_set`, so a bad row is reported with its code. The suite itself does not depend
on the reference data: it stays plain, cacheable data, and its Data Docs are the same whatever the hierarchy.

`row_count_change` compares a table's row count with the previously published release's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import polars as pl

from warehouse import tables as registry
from warehouse.tables.checks import Check

__all__ = [
    "Check",
    "derived_columns",
    "key_columns",
    "reference_tables",
    "row_count_change",
    "suite_for",
    "tables",
    "with_references",
]

NOT_IN_SOC = "not in SOC 2018"  # the <column>_level of a code neither in the hierarchy nor allowed

# Row count change from the previously published release: warn past 10 %, fail past 25 %.
WARN_CHANGE = 0.10
FAIL_CHANGE = 0.25


def tables() -> list[str]:
    """Every table that has a suite, e.g. 'raw.onet_job_zones', 'core.oews_estimates'."""
    return [table.qualified for table in registry.checked_tables()]


def suite_for(table: str, onet_release: str | None = None) -> list[Check]:
    """The checks of `table` ('raw.<name>', 'core.<name>'); the O*NET tables' follow `onet_release`'s contract
    (default: the release discovery starts from). Raises KeyError for a table without a suite."""
    declared = registry.find(table, onet_release)
    if declared is None or not declared.expectations:
        raise KeyError(f"no expectation suite for table {table!r}; known: {', '.join(sorted(tables()))}")
    return list(declared.expectations)


def key_columns(table: str) -> tuple[str, ...]:
    """The columns that identify a row of `table`, shown with the checked columns in samples of bad rows."""
    declared = registry.find(table)
    return declared.keys if declared else ()


def partition_key(table: str) -> tuple[str, ...]:
    """The columns `table` may be checked in parts by (its declaration's `parts`; empty: only whole). Rows are
    compared only within groups that include them (warehouse.quality.validation.validate_parts)."""
    declared = registry.find(table)
    return declared.parts if declared else ()


def derived_columns(table: str) -> dict[str, pl.Expr]:
    """Columns to add to `table`'s frame before validating it (name -> Polars expression)."""
    declared = registry.find(table)
    return dict(declared.derived) if declared else {}


def _references(table: str) -> registry.References | None:
    declared = registry.find(table)
    return declared.references if declared else None


def reference_tables(table: str) -> tuple[str, ...]:
    """The tables `table`'s suite checks codes against: read them from the same database and pass them to
    `with_references`. Empty for a table without referential checks."""
    references = _references(table)
    return (references.table,) if references else ()


def with_references(table: str, frame: pl.DataFrame, references: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """`frame` with a `<column>_level` column per code column `table`'s suite checks against its reference table
    (`references` maps each of `reference_tables(table)` to its frame). Null where the code is null."""
    declared = _references(table)
    if declared is None:
        return frame
    name, allowances = declared.table, declared.columns
    if name not in references:
        raise KeyError(f"{table}: its suite checks codes against {name}; pass that table in `references`")
    reference = references[name]
    levels = dict(zip(reference["soc_code"].to_list(), reference["level"].to_list(), strict=True))
    return frame.with_columns(
        **{
            f"{column}_level": pl.when(pl.col(column).is_not_null()).then(
                pl.col(column).replace_strict(levels | allowance, default=NOT_IN_SOC, return_dtype=pl.String)
            )
            for column, allowance in allowances.items()
            if column in frame.columns  # else GE reports the level column missing, next to the column's own checks
        }
    )


def row_count_change(table: str, previous_rows: int | None, rows: int) -> tuple[Literal["pass", "warn", "fail"], str]:
    """Compare `rows` with the previously published release's count: warn past ±10 %, fail past ±25 %."""
    if previous_rows is None:
        return "pass", f"{table}: {rows:,} rows; no previous release to compare with"
    if previous_rows == 0:
        status = "pass" if rows == 0 else "fail"
        return status, f"{table}: {rows:,} rows, previous release {previous_rows:,} rows"
    change = (rows - previous_rows) / previous_rows
    status = "fail" if abs(change) > FAIL_CHANGE else "warn" if abs(change) > WARN_CHANGE else "pass"
    limit = {"fail": f", more than ±{FAIL_CHANGE:.0%}", "warn": f", more than ±{WARN_CHANGE:.0%}", "pass": ""}
    return status, f"{table}: {rows:,} rows, previous release {previous_rows:,} rows ({change:+.1%}){limit[status]}"

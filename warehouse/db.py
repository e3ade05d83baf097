"""DuckDB access: the one place that writes a Polars frame into a table and reads one back."""

from __future__ import annotations

import duckdb
import polars as pl


def write_table(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Create or replace `table` (schema-qualified, e.g. 'raw.soc_structure') with exactly `frame`'s rows and types."""
    schema, _, _ = table.rpartition(".")
    if schema:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    arrow = frame.to_arrow()  # noqa: F841 - DuckDB finds the local by name (replacement scan)
    con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM arrow")
    return frame.height


def read_table(con: duckdb.DuckDBPyConnection, table: str) -> pl.DataFrame:
    """The whole table as a Polars frame."""
    return con.execute(f"SELECT * FROM {table}").pl()

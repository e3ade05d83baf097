"""DuckDB access: the one place that writes a Polars frame into a table and reads one back."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import polars as pl


def write_table(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Create or replace `table` (schema-qualified, e.g. 'raw.soc_structure') with exactly `frame`'s rows and types."""
    schema, _, _ = table.rpartition(".")
    if schema:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    # The newest Arrow level hands Polars' string views to DuckDB as they are: the default converts every
    # string column to large_string, a full copy (about 0.8 GB more peak memory on the 6-million-row OEWS
    # file). Batches of DuckDB's row-group size (122,880 rows) suit its writer best.
    arrow = frame.to_arrow(compat_level=pl.CompatLevel.newest()).to_reader(max_chunksize=122_880)  # noqa: F841
    # A table is a set: every view and query orders explicitly. Not preserving the insertion order lets DuckDB
    # write row groups in parallel (the full OEWS load: 3.7 s instead of 5.0 s on 2 cores).
    con.execute("SET preserve_insertion_order = false")
    # Categorical (and Enum) columns, a big frame's compact text (transforms.raw.oews's `compact`), are stored as
    # VARCHAR, the type the same column has when the frame holds it as String.
    columns = ", ".join(
        f'"{name}"::VARCHAR AS "{name}"' if isinstance(dtype, pl.Categorical | pl.Enum) else f'"{name}"'
        for name, dtype in frame.schema.items()
    )
    try:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {columns or '*'} FROM arrow")
    finally:
        con.execute("RESET preserve_insertion_order")
    return frame.height


def read_table(con: duckdb.DuckDBPyConnection, table: str) -> pl.DataFrame:
    """The whole table as a Polars frame."""
    return con.execute(f"SELECT * FROM {table}").pl()


# Tables of more rows than this (the full OEWS release's raw.oews_data) are read by checks and transforms with
# their text as Categorical (`read_table_compact`).
COMPACT_ROWS = 1_000_000
# Tables of more rows than this are checked (and oews_estimates built) in parts of about this many rows, each read
# on its own (`read_parts`): the full OEWS release's 6 million rows are never in memory at once.
PART_ROWS = 1_000_000


def read_table_compact(con: duckdb.DuckDBPyConnection, table: str) -> pl.DataFrame:
    """The whole table with its text columns as Categorical, read in batches: for a big table's checks.

    A Polars string costs 16 bytes a row however short (a view), a Categorical 4: the full OEWS release's
    raw.oews_data (7 short-code text columns, 6 million rows) is ~0.8 GB as strings, ~0.3 GB this way.
    """
    reader = con.execute(f"SELECT * FROM {table}").to_arrow_reader(1_000_000)
    parts = [pl.from_arrow(batch).with_columns(pl.col(pl.String).cast(pl.Categorical)) for batch in reader]
    return pl.concat(parts) if parts else read_table(con, table)


def read_parts(
    con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], parts: int, row_number: str | None = None
) -> Iterator[pl.DataFrame]:
    """`table` in `parts` frames, read one at a time: the rows whose `columns` hash to each part, so rows equal in
    them are in the same part. With `row_number`, each part has that column too: the row's number in the table
    (DuckDB's rowid). Not sorted by it (an ORDER BY cost 1.4 s on the full OEWS release): what reads the parts in
    row order sorts by that column."""
    where = f"hash({', '.join(columns)}) % {parts}"
    number = f", rowid AS {row_number}" if row_number else ""
    for part in range(parts):
        yield con.execute(f"SELECT *{number} FROM {table} WHERE {where} = ?", [part]).pl()

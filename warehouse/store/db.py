"""DuckDB access: the one place that writes a Polars frame into a table and reads one back."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

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
    """`table` in about `parts` frames of about equal rows, read one at a time, rows equal in `columns` always in the
    same part. With `row_number`, each part has that column too: the row's number in the table (DuckDB's rowid).
    Not sorted by it (an ORDER BY cost 1.4 s on the full OEWS release): what reads the parts in row order sorts by
    that column.

    Each part is a range of the values of a leading few of `columns` (in sort order), cut where the row counts say:
    a comparison on a column or two, where a hash of all of `columns` per part scanned 40 % slower (the full OEWS
    release: 4 text columns, 7 parts, read twice a build). Rows with a null in those columns fall in no range:
    they come first, in parts of their own split by hash, so every row is in exactly one part."""
    number = f", rowid AS {row_number}" if row_number else ""
    select = f"SELECT *{number} FROM {table} WHERE"
    total = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    size = max(1, -(-total // max(1, parts)))
    lead, groups = _range_columns(con, table, columns, size)
    has_null = " OR ".join(f"{column} IS NULL" for column in lead)
    nulls = con.execute(f"SELECT count(*) FROM {table} WHERE {has_null}").fetchone()[0]
    null_parts = -(-nulls // size)
    queries = [
        (f"{select} ({has_null}) AND hash({', '.join(columns)}) % {null_parts} = ?", [part])
        for part in range(null_parts)
    ]
    ranges = _ranges(groups, parts)
    for low, high in ranges:
        where, parameters = _in_range(lead, low, high)
        queries.append((f"{select} {where}", parameters))
    if not queries:  # an empty table is one empty part
        queries.append((f"{select} false", []))
    yield from _read_ahead(con, queries)


def _read_ahead(con: duckdb.DuckDBPyConnection, queries: list[tuple[str, list]]) -> Iterator[pl.DataFrame]:
    """Each query's rows as a frame, the next one read by DuckDB in a thread while the caller works on this one.

    DuckDB releases the GIL while it scans, so on the full OEWS release the next part's read overlaps the Polars
    checks (or pivot) of this one instead of waiting for them; two parts are in memory at a time, not one. The
    thread has a cursor of its own (DuckDB's connections are not for concurrent use)."""
    with con.cursor() as cursor, ThreadPoolExecutor(1, thread_name_prefix="read_parts") as pool:

        def read(query: tuple[str, list]) -> pl.DataFrame:
            return cursor.execute(*query).pl()

        pending = pool.submit(read, queries[0])
        for following in [*queries[1:], None]:
            part = pending.result()
            if following is not None:
                pending = pool.submit(read, following)
            yield part
            del part


def _range_columns(
    con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...], size: int
) -> tuple[tuple[str, ...], list[tuple]]:
    """The fewest leading `columns` whose groups of equal values each hold at most `size` rows (else all of them),
    and those groups' (values..., rows) without nulls, in sort order."""
    for count in range(1, len(columns) + 1):
        lead = columns[:count]
        listed = ", ".join(lead)
        groups = con.execute(
            f"SELECT {listed}, count(*) FROM {table} WHERE {' AND '.join(f'{c} IS NOT NULL' for c in lead)} "
            f"GROUP BY ALL ORDER BY ALL"
        ).fetchall()
        if count == len(columns) or max((group[-1] for group in groups), default=0) <= size:
            return lead, groups
    raise AssertionError("unreachable")  # pragma: no cover


def _ranges(groups: list[tuple], parts: int) -> list[tuple[tuple, tuple]]:
    """(lowest, highest) values of each part: consecutive groups, cut where the running row count passes a part."""
    total = sum(group[-1] for group in groups)
    ranges: list[list] = []
    done = 0
    for *values, rows in groups:
        part = min(parts - 1, done * parts // total)
        if len(ranges) <= part:
            ranges.append([tuple(values), tuple(values)])
        ranges[-1][1] = tuple(values)
        done += rows
    return [(low, high) for low, high in ranges]


def _in_range(columns: tuple[str, ...], low: tuple, high: tuple) -> tuple[str, list]:
    """A WHERE clause for `low` <= (`columns`) <= `high` in sort order: equal leading columns as `=`, the first that
    differs as BETWEEN (both pruned by DuckDB's per-row-group min/max), the rest compared in order."""
    same = next((i for i, (a, b) in enumerate(zip(low, high, strict=True)) if a != b), len(columns))
    clauses = [f"{column} = ?" for column in columns[:same]]
    parameters: list = list(low[:same])
    if same < len(columns):
        clauses.append(f"{columns[same]} BETWEEN ? AND ?")
        parameters += [low[same], high[same]]
        for bound, strict in ((low, ">"), (high, "<")):
            clause, values = _compare(columns[same:], bound[same:], strict)
            clauses.append(clause)
            parameters += values
    return " AND ".join(clauses), parameters


def _compare(columns: tuple[str, ...], bound: tuple, strict: str) -> tuple[str, list]:
    """(`columns`) >= `bound` (`strict` '>') or <= (`strict` '<'), in sort order, spelt out: DuckDB compares rows of
    values only as structs, which it cannot prune row groups by."""
    first, *rest = columns
    if not rest:
        return f"{first} {strict}= ?", [bound[0]]
    inner, values = _compare(tuple(rest), bound[1:], strict)
    return f"({first} {strict} ? OR ({first} = ? AND {inner}))", [bound[0], bound[0], *values]

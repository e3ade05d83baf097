"""Read-only questions analysts ask of the published warehouse. Every value reaches DuckDB as a parameter."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from warehouse.products.codes import UnknownCode
from warehouse.products.codes import resolve as resolve_code
from warehouse.products.csvsafe import safe_frame

PUBLIC_VIEWS = (
    "occupations",
    "advanced_degree_occupations",
    "priority_field_occupations",
    "niw_candidates",
    "oews_estimates",
    "source_releases",
    "occupation_history",
    "release_changes",
)


def check_soc_code(code: str) -> str:
    """The 2018 SOC code a pasted code stands for (15-1221.00, an en dash, a retired 2010 code: warehouse.products.codes)."""
    return resolve_code(code).code


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def occupation(con: duckdb.DuckDBPyConnection, code: str) -> dict:
    """One row of `occupations`, or UnknownCode naming the code."""
    code = check_soc_code(code)
    found = rows(con, "SELECT * FROM occupations WHERE soc_code = ?", [code])
    if not found:
        raise UnknownCode(f"no 2018 SOC detailed occupation {code} in the warehouse")
    return found[0]


def education_distribution(con: duckdb.DuckDBPyConnection, onet_codes: list[str]) -> list[dict]:
    """The O*NET required-education distribution of the given O*NET codes, averaged when there are several."""
    return rows(
        con,
        """
        SELECT category, any_value(category_label) AS label, round(avg(pct), 2) AS pct, bool_or(is_advanced) AS is_advanced
        FROM core.onet_education
        WHERE list_contains(?, onet_soc_code)
        GROUP BY category
        ORDER BY category
        """,
        [onet_codes],
    )


def sources(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return rows(
        con,
        "SELECT source, file, release, release_name, url, read_from, from_mirror, retrieved_at, sha256 "
        "FROM source_releases",
    )


def export(con: duckdb.DuckDBPyConnection, folder: Path, fmt: str) -> list[Path]:
    """Write every public view to `folder` as Parquet or CSV (lists joined with '; ', structs as JSON in CSV)."""
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"export format must be parquet or csv, got {fmt!r}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for view in PUBLIC_VIEWS:
        frame = con.execute(f"SELECT * FROM main.{view}").pl()  # view names come from the constant above
        path = folder / f"{view}.{fmt}"
        if fmt == "parquet":
            frame.write_parquet(path)
        else:
            safe_frame(_flat(frame)).write_csv(path)  # formula-like text cells get a leading '
        written.append(path)
    return written


def _flat(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV has no lists or structs: lists of text become 'a; b', anything nested becomes JSON text."""
    columns = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.List) and dtype.inner in (pl.String, pl.Int64):
            columns.append(pl.col(name).cast(pl.List(pl.String)).list.join("; "))
        elif dtype.is_nested():
            columns.append(pl.col(name).map_elements(lambda v: None if v is None else _json(v), return_dtype=pl.String))
        else:
            columns.append(pl.col(name))
    return frame.select(columns)


def _json(value: object) -> str:
    import json

    return json.dumps(value.to_list() if isinstance(value, pl.Series) else value, default=str)

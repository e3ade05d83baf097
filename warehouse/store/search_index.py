"""The BM25 full-text indexes the search tables carry (DuckDB's FTS extension, from the pinned `duckdb-extension-fts`
package): created at build time inside the build file, so the published warehouse ships them and a read-only reader
only loads the extension (warehouse.products.search queries them)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb


def fts_extension() -> Path:
    """The FTS extension file shipped by the `duckdb-extension-fts` package (pinned to the DuckDB version)."""
    import duckdb_extension_fts

    folder = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    path = folder / "fts.duckdb_extension"
    if not path.is_file():
        raise FileNotFoundError(
            f"the DuckDB full-text search extension for DuckDB {duckdb.__version__} is missing: {path}"
        )
    return path


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load the FTS extension into `con`; works on a read-only connection (loading writes nothing)."""
    con.load_extension(str(fts_extension()))


def index_schema(table: str) -> str:
    return "fts_" + table.replace(".", "_")


def create_index(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Build the BM25 index over `table`.search_text (its text and phrase tokens; keyed by doc_id): Porter stems, English stop words, no accents."""
    if not re.fullmatch(r"[a-z_]+\.[a-z_]+", table):  # a PRAGMA takes no parameters: only our own table names
        raise ValueError(f"not a schema-qualified table name: {table!r}")
    load_fts(con)
    con.execute(
        f"PRAGMA create_fts_index('{table}', 'doc_id', 'search_text', stemmer='porter', stopwords='english', "
        "strip_accents=1, lower=1, overwrite=1)"
    )

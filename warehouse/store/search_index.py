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
    con.execute(IMPACTS_SQL.format(index=index_schema(table), table=table))


# Each (term, document) pair's BM25 contribution, exactly as the extension's match_bm25 macro computes it (k1 1.2,
# b 0.75, its base-10 log), stored beside the index: a query then sums the rows of its terms, where it used to count
# term frequencies from the raw postings (one row per occurrence) and join the dictionary, document lengths and
# statistics every time. Each row carries its document's SOC code, so a query limited to some codes (the matched
# tasks of a result) drops the others before summing. Sorted by term: a query's terms are a few blocks of the table.
IMPACTS_SQL = """
CREATE OR REPLACE TABLE {index}.impacts AS
WITH tf AS (SELECT docid, termid, count(*) AS tf FROM {index}.terms GROUP BY docid, termid)
SELECT d.term, x.name AS doc_id, t.soc_code,
       log((s.num_docs - d.df + 0.5) / (d.df + 0.5) + 1)
       * tf.tf * (1.2 + 1) / (tf.tf + 1.2 * (1 - 0.75 + 0.75 * x.len / s.avgdl)) AS impact
FROM tf
JOIN {index}.dict AS d USING (termid)
JOIN {index}.docs AS x USING (docid)
JOIN {table} AS t ON t.doc_id = x.name
CROSS JOIN {index}.stats AS s
ORDER BY d.term, x.name
"""

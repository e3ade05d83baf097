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


CENTROID_TABLE = "search.duty_centroids"

# Per SOC code, the mean of its duty documents' unit-length TF-IDF vectors, itself scaled to unit length: what the
# code's work is about as a whole, where BM25 over its profile can be swayed by one task that repeats a query word.
# The terms are the duty index's own (Porter stems, stop words removed, phrase tokens), so the search reads a query
# exactly as BM25 does. TF: 1 + ln(count); IDF: ln(documents / documents with the term). Weighting the SOC
# definition and O*NET description above the tasks (3x, 8x) was measured and did not help on the dev split.
CENTROID_SQL = """
CREATE OR REPLACE TABLE {centroids} AS
WITH n AS (SELECT num_docs::DOUBLE AS n FROM {index}.stats),
tf AS (SELECT docid, termid, count(*) AS tf FROM {index}.terms GROUP BY docid, termid),
weighted AS (
    SELECT tf.docid, d.term, (1 + ln(tf.tf)) * ln(n.n / d.df) AS w
    FROM tf JOIN {index}.dict AS d USING (termid) CROSS JOIN n
),
unit AS (
    SELECT docid, term, w / sqrt(sum(w * w) OVER (PARTITION BY docid)) AS w FROM weighted WHERE w > 0
),
summed AS (
    SELECT x.soc_code, u.term, sum(u.w) AS w
    FROM unit AS u JOIN {index}.docs AS d USING (docid) JOIN {table} AS x ON x.doc_id = d.name
    GROUP BY x.soc_code, u.term
)
SELECT soc_code, term, (w / sqrt(sum(w * w) OVER (PARTITION BY soc_code)))::FLOAT AS weight
FROM summed
ORDER BY term, soc_code
"""


def create_centroids(
    con: duckdb.DuckDBPyConnection, table: str = "search.duty_documents", centroids: str = CENTROID_TABLE
) -> None:
    """Build `centroids` (soc_code, term, weight) from `table`'s full-text index (create_index it first)."""
    for name in (table, centroids):
        if not re.fullmatch(r"[a-z_]+\.[a-z_]+", name):
            raise ValueError(f"not a schema-qualified table name: {name!r}")
    con.execute(CENTROID_SQL.format(centroids=centroids, index=index_schema(table), table=table))

"""Benchmark: which library should rank SOC codes for `socwh search`? DuckDB FTS, bm25s or rapidfuzz.

    uv run --frozen python bench/search_libraries.py [--db WAREHOUSE] [--repeat 3]

Reads the search documents of a built warehouse (`socwh build`; the `search` schema) and the cases in
tests/search_cases.csv (kind, query, accepted_codes). For each ranker it measures:
  build    seconds to build its index from the documents (DuckDB: the three FTS indexes in a fresh in-memory
           database; bm25s: tokenising and indexing the same documents; rapidfuzz: no index, 0)
  start    what a new process (the CLI) pays before its first answer: DuckDB imports, opens the warehouse
           read-only, loads the extension and queries the index it finds there (timed in a fresh interpreter);
           bm25s must rebuild its index, which is not in the warehouse; rapidfuzz reads the titles and tasks
  median   median milliseconds per query over every case (after one warm-up query), best of --repeat runs
  top-1 / top-3   share of cases whose first result, or one of the first three, is an accepted code
Rankers, all over the same documents (titles; one profile per code for duties) and the same per-code rule:
  duckdb-fts        BM25 from the warehouse's FTS index alone (Porter stems, English stop words)
  bm25s             BM25 from bm25s alone, same stems (DuckDB's Porter stemmer) and the same stop words
  rapidfuzz         fuzzy matching alone: token_sort_ratio against every title, token_set_ratio against tasks
  chosen            warehouse.products.search.search: DuckDB FTS + rapidfuzz corrections and re-scoring + the glossary
  chosen/bm25s      the same pipeline with bm25s doing the BM25 (is the pick about ranking or about operations?)
  chosen/no-glossary  the pipeline without the foreign-word glossary (does it earn its place?)
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import duckdb

from warehouse.config import Settings
from warehouse.products import search as finder
from warehouse.products.title_glossary import GLOSSARY
from warehouse.store.search_index import create_index

REPO = Path(__file__).resolve().parents[1]
CASES = REPO / "tests" / "search_cases.csv"
INDEXED = (finder.TITLE_TABLE, finder.PROFILE_TABLE, finder.DUTY_TABLE)


def load_cases() -> list[dict]:
    with CASES.open(newline="") as f:
        return [{**row, "accepted": set(row["accepted_codes"].split(";"))} for row in csv.DictReader(f)]


def documents(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return con.execute(f"SELECT doc_id, soc_code, field, text FROM {table} ORDER BY doc_id").fetchall()


def best_per_code(rows: list[tuple[str, float]]) -> list[str]:
    """Codes ordered by their best document's score (rows: (soc_code, score), any order)."""
    best: dict[str, float] = {}
    for code, score in rows:
        best[code] = max(best.get(code, float("-inf")), score)
    return sorted(best, key=lambda c: (-best[c], c))


# --- DuckDB FTS --------------------------------------------------------------------------------------------------


def duckdb_build(con: duckdb.DuckDBPyConnection) -> float:
    """Seconds to build the three FTS indexes from scratch in an in-memory database."""
    memory = duckdb.connect()
    memory.execute("CREATE SCHEMA search")
    for table in INDEXED:
        rows = con.execute(f"SELECT doc_id, soc_code, field, text, search_text FROM {table} ORDER BY doc_id").fetchall()
        memory.execute(
            f"CREATE TABLE {table} (doc_id BIGINT, soc_code VARCHAR, field VARCHAR, text VARCHAR, search_text VARCHAR)"
        )
        memory.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)", rows)
    start = time.perf_counter()
    for table in INDEXED:
        create_index(memory, table)
    seconds = time.perf_counter() - start
    memory.close()
    return seconds


def duckdb_ranker(con: duckdb.DuckDBPyConnection) -> Callable[[str, str], list[str]]:
    def rank(kind: str, query: str) -> list[str]:
        table = finder.TITLE_TABLE if kind == "title" else finder.PROFILE_TABLE
        return best_per_code([(row[1], row[-1]) for row in finder.bm25(con, table, query, 300)])

    return rank


# --- bm25s ---------------------------------------------------------------------------------------------------------


class Bm25s:
    """bm25s indexes of the same documents, tokenised like the FTS index: words, stop words out, Porter stems."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        import bm25s

        finder.load_fts(con)
        self.con = con
        self.stopwords = {w for (w,) in con.execute("SELECT sw FROM fts_search_title_documents.stopwords").fetchall()}
        tables = {table: documents(con, table) for table in INDEXED}
        self.stems: dict[str, str] = {}
        self.add_stems({w for rows in tables.values() for *_, text in rows for w in finder.words(text)})
        self.indexes = {}
        for table, rows in tables.items():
            retriever = bm25s.BM25(k1=1.2, b=0.75)
            retriever.index([self.tokens(text) for *_, text in rows], show_progress=False)
            self.indexes[table] = (retriever, rows)

    def add_stems(self, words: set[str]) -> None:
        """Porter stems from DuckDB's stemmer (the one the FTS index uses), in one query."""
        missing = sorted(w for w in words if w not in self.stems)
        if missing:
            sql = "SELECT w, stem(w, 'porter') FROM unnest($w::VARCHAR[]) t(w)"
            self.stems.update(self.con.execute(sql, {"w": missing}).fetchall())

    def tokens(self, text: str) -> list[str]:
        kept = [w for w in finder.words(text) if w not in self.stopwords]
        self.add_stems(set(kept))
        return [self.stems[w] for w in kept]

    def bm25(self, con, table, query, depth, *, codes=None, per_code=1_000_000) -> list[tuple]:
        """warehouse.products.search.bm25, answered by bm25s."""
        retriever, rows = self.indexes[table]
        scores = retriever.get_scores(self.tokens(query))
        order = sorted((i for i in scores.nonzero()[0]), key=lambda i: (-scores[i], rows[i][0]))
        found, taken = [], defaultdict(int)
        for i in order:
            doc_id, code, field, text = rows[i]
            if (codes is not None and code not in codes) or taken[code] >= per_code:
                continue
            taken[code] += 1
            found.append((doc_id, code, field, text, float(scores[i])))
            if len(found) == depth:
                break
        return found


def bm25s_ranker(index: Bm25s) -> Callable[[str, str], list[str]]:
    def rank(kind: str, query: str) -> list[str]:
        table = finder.TITLE_TABLE if kind == "title" else finder.PROFILE_TABLE
        return best_per_code([(row[1], row[-1]) for row in index.bm25(None, table, query, 300)])

    return rank


# --- rapidfuzz -------------------------------------------------------------------------------------------------------


def rapidfuzz_ranker(con: duckdb.DuckDBPyConnection) -> Callable[[str, str], list[str]]:
    from rapidfuzz import fuzz, process

    corpora = {
        "title": (documents(con, finder.TITLE_TABLE), fuzz.token_sort_ratio),
        "duties": (documents(con, finder.DUTY_TABLE), fuzz.token_set_ratio),
    }
    prepared = {kind: [" ".join(finder.words(text)) for *_, text in rows] for kind, (rows, _) in corpora.items()}

    def rank(kind: str, query: str) -> list[str]:
        rows, scorer = corpora[kind]
        found = process.extract(" ".join(finder.words(query)), prepared[kind], scorer=scorer, limit=300)
        return best_per_code([(rows[i][1], score) for _, score, i in found])

    return rank


# --- the chosen pipeline ------------------------------------------------------------------------------------------------


def chosen_ranker(con: duckdb.DuckDBPyConnection) -> Callable[[str, str], list[str]]:
    def rank(kind: str, query: str) -> list[str]:
        args = {"title": query} if kind == "title" else {"duties": query}
        return [r["soc_code"] for r in finder.search(con, **args, limit=10)]

    return rank


# --- measuring --------------------------------------------------------------------------------------------------------


def measure(rank: Callable[[str, str], list[str]], cases: list[dict], repeat: int) -> dict:
    rank("title", "warm up")
    best_median, results = float("inf"), {}
    for _ in range(repeat):
        seconds = []
        for case in cases:
            start = time.perf_counter()
            results[case["query"]] = rank(case["kind"], case["query"])
            seconds.append(time.perf_counter() - start)
        best_median = min(best_median, statistics.median(seconds))
    scores = {}
    for subset in ("title", "duties", "all"):
        chosen = [c for c in cases if subset in ("all", c["kind"])]
        top1 = sum(bool(results[c["query"]][:1]) and results[c["query"]][0] in c["accepted"] for c in chosen)
        top3 = sum(bool(set(results[c["query"]][:3]) & c["accepted"]) for c in chosen)
        scores[subset] = (top1 / len(chosen), top3 / len(chosen))
    return {"median_ms": best_median * 1000, **scores}


START = """
import sys, time
start = time.perf_counter()
import duckdb
from warehouse.products import search
con = duckdb.connect(sys.argv[1], read_only=True)
search.load_fts(con)
search.bm25(con, search.TITLE_TABLE, "engineer", 10)
print(time.perf_counter() - start)
"""


def duckdb_start(db: Path) -> float:
    """A new process's cost before its first DuckDB FTS answer (imports, open read-only, load the extension, query).

    Measured in a fresh interpreter: in this one, the first query has long been paid for (DuckDB's Python client
    imports pandas and numpy when it first binds a parameter, about half a second).
    """
    out = subprocess.run([sys.executable, "-c", START, str(db)], cwd=REPO, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Settings.from_env().db_path, help="a built warehouse")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cases = load_cases()
    con = duckdb.connect(str(args.db), read_only=True)
    finder.load_fts(con)
    print(f"{len(cases)} cases ({sum(c['kind'] == 'title' for c in cases)} titles, "
          f"{sum(c['kind'] == 'duties' for c in cases)} duties) from {CASES.relative_to(REPO)}; warehouse {args.db}")  # fmt: skip

    rows = []
    build = duckdb_build(con)
    start = duckdb_start(args.db)
    rows.append(("duckdb-fts", build, start, measure(duckdb_ranker(con), cases, args.repeat)))

    began = time.perf_counter()
    index = Bm25s(con)
    bm25s_build = time.perf_counter() - began
    rows.append(("bm25s", bm25s_build, bm25s_build, measure(bm25s_ranker(index), cases, args.repeat)))

    began = time.perf_counter()
    fuzzy = rapidfuzz_ranker(con)
    rows.append(("rapidfuzz", 0.0, time.perf_counter() - began, measure(fuzzy, cases, args.repeat)))

    rows.append(("chosen", build, start, measure(chosen_ranker(con), cases, args.repeat)))

    def bm25s_many(con, table, queries, depth, *, codes=None, per_code=1_000_000, downs=None, down_weight=1.0):
        # bm25s has no per-word weights: the generic-word cut is left out of this variant
        return [
            index.bm25(None, table, query, depth, codes=(codes or [None] * len(queries))[i], per_code=per_code)
            for i, query in enumerate(queries)
        ]

    original_bm25, original_glossary = finder.bm25_many, dict(GLOSSARY)
    try:
        finder.bm25_many = bm25s_many
        rows.append(("chosen/bm25s", bm25s_build, bm25s_build, measure(chosen_ranker(con), cases, args.repeat)))
        finder.bm25_many = original_bm25
        GLOSSARY.clear()  # the word glossary, the one dict the search and title_glossary read (phrases stay)
        rows.append(("chosen/no-glossary", build, start, measure(chosen_ranker(con), cases, args.repeat)))
    finally:
        finder.bm25_many = original_bm25
        GLOSSARY.update(original_glossary)

    columns = ("ranker", "build s", "start s", "median ms", "title t1/t3", "duties t1/t3", "all t1/t3")
    widths = (20, 8, 8, 10, 12, 13, 11)

    def line(cells) -> str:  # the first column left-aligned, the numbers right-aligned
        return " ".join(
            f"{c:<{w}}" if i == 0 else f"{c:>{w}}" for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    print(line(columns))
    print("-" * sum(w + 1 for w in widths))
    for name, built, started, m in rows:
        cells = [name, f"{built:.2f}", f"{started:.2f}", f"{m['median_ms']:.1f}"]
        print(line(cells + [f"{m[s][0]:.2f}/{m[s][1]:.2f}" for s in ("title", "duties", "all")]))


if __name__ == "__main__":
    main()

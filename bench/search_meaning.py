"""Ranker comparison for the meaning term of `socwh search` (issue 10): word vectors alone, and fused with BM25.

    uv run --frozen python bench/search_meaning.py --db WAREHOUSE [--split dev|heldout]

Takes each case's lexical scores from the search itself (search_many's memo: the per-code title or duty scores
before the meaning term), builds per-code vectors from the warehouse's search documents in several ways
(warehouse.sources.word_vectors), and re-ranks: vectors alone, a weighted sum (lexical + w x closeness, closeness 1 for the
closest code and 0 at the median), and reciprocal rank fusion (k 60). Prints top-1/top-3 per kind. Tune on `dev`
(the default); the held-out split is for reporting a candidate once. The query is embedded as the search embeds it
(warehouse.products.search.meaning_text). "all" is the vector search.code_vectors holds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from search_accuracy import load_cases  # noqa: E402

from transforms.core.search import unit  # noqa: E402
from warehouse.products import search as finder  # noqa: E402
from warehouse.sources.word_vectors import embed  # noqa: E402
from warehouse.store.read import open_readonly  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "heldout"), default="dev")
    args = parser.parse_args()
    with open_readonly(args.db) as con:
        finder.load_fts(con)
        names = dict(con.execute("SELECT soc_code, title FROM core.soc_hierarchy WHERE level = 'detailed'").fetchall())
        codes = sorted(names)
        row = {c: i for i, c in enumerate(codes)}
        residual = np.array([finder.RESIDUAL_FACTOR if names[c].endswith("All Other") else 1.0 for c in codes])

        def per_code(sql: str) -> np.ndarray:
            pairs = con.execute(sql).fetchall()
            out = np.zeros((len(codes), 256), np.float32)
            np.add.at(out, [row[c] for c, _ in pairs], embed([t for _, t in pairs]))
            return unit(out)

        docs = "SELECT soc_code, text FROM search."
        vectors = {
            "titles": per_code(docs + "title_documents"),
            "soc+onet titles": per_code(docs + "title_documents WHERE field IN ('soc_title', 'onet_title')"),
            "definitions": per_code(docs + "duty_documents WHERE field <> 'task'"),
            "tasks": per_code(docs + "duty_documents WHERE field = 'task'"),
            "duties": per_code(docs + "duty_documents"),
        }
        vectors["all"] = unit(vectors["titles"] + vectors["duties"])
        cases = [c for c in load_cases() if c["split"] == args.split]
        memo: dict = {}
        prepared = []
        for case in cases:
            title, duties = (case["query"], None) if case["kind"] == "title" else (None, case["query"])
            finder.search_many(con, [(title, duties)], 10, memo)
            if title:
                text, _ = memo["correct", title]
                lexical = memo["title", text][0]
            else:
                text = finder.spell_out(duties)
                lexical = memo["duties", text]
            scores = np.array([lexical.get(c, 0.0) for c in codes])
            prepared.append((case, scores, embed([finder.meaning_text(text)])[0]))

    def measure(kind: str, key: str, weight: float, mode: str) -> str:
        top1 = top3 = n = 0
        for case, lexical, query in prepared:
            if case["kind"] != kind:
                continue
            cosines = vectors[key] @ query
            if mode == "alone":
                score = cosines * residual
            elif mode == "sum":
                middle = np.median(cosines)
                closeness = np.clip((cosines - middle) / (cosines.max() - middle), 0, None)
                score = (lexical + weight * closeness) * residual * (lexical.max() > 0)
            else:  # reciprocal rank fusion
                lexical_rank = np.argsort(np.argsort(-lexical * residual))
                meaning_rank = np.argsort(np.argsort(-cosines))
                score = (lexical > 0) / (60 + lexical_rank) + weight / (60 + meaning_rank)
            found = [codes[i] for i in np.argsort(-score, kind="stable")[:3]]
            n += 1
            top1 += found[0] in case["accepted"]
            top3 += bool(set(found) & case["accepted"])
        return f"{top1 / n:.2f}/{top3 / n:.2f}"

    print(f"split: {args.split}; top-1/top-3")
    for kind, weights in (("title", (0.1, 0.2, 0.3, 0.5, 1.0)), ("duties", (0.5, 0.7, 1.0, 1.5, 2.0, 3.0))):
        print(f"{kind}: lexical alone {measure(kind, 'all', 0.0, 'sum')}")
        for key in vectors:
            sums = "  ".join(f"{w}: {measure(kind, key, w, 'sum')}" for w in weights)
            rrf = "  ".join(f"{w}: {measure(kind, key, w, 'rrf')}" for w in (0.5, 1.0))
            print(f"  {key:<16} alone {measure(kind, key, 0, 'alone')} | sum {sums} | rrf {rrf}")


if __name__ == "__main__":
    main()

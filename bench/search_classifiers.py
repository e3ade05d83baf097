"""Duty search against text classifiers trained on O*NET's own duty text (issue 10), each alone and added to it.

    uv run --frozen python bench/search_classifiers.py --db WAREHOUSE [--split dev|heldout]

Training never reads tests/search_cases.csv: every model learns from the warehouse's search.duty_documents (task
statements, O*NET descriptions, SOC definitions), each text labelled with its SOC code. Words are the index's: the
query as the search reads it (warehouse.products.search.Query: phrase tokens, THESAURUS wording), Porter stems.
  centroid  each code's mean TF-IDF vector (sublinear tf, L2 rows); a query scores its cosine to each centroid
  cnb       Complement Naive Bayes (Rennie et al. 2003) on the same TF-IDF: weights from each code's complement
  logit     multinomial logistic regression (scipy L-BFGS, L2), trained on the texts plus pseudo-paragraphs: 2-4 task
            statements of one code joined, as a petitioner's paragraph joins duties (--augment per code)
  level     not a classifier: the query's job zone predicted from O*NET's words (the mean Job Zone of the tasks that
            use each of its words, IDF-weighted), and each code's duty score times 1 + w x exp(-(its zone - the
            predicted one)^2 / 2): research verbs point to zones 4-5, install and repair to 2-3

Each model's score per code is rescaled as the search rescales meaning (1 for the best code, 0 at the median and
below) and added with weight w to the search's own duty score (lexical + meaning, before the "All Other" factor);
w = none is the model alone. Tune on `dev` (the default); the held-out split is for reporting a candidate once.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from search_accuracy import load_cases  # noqa: E402

from warehouse.products import search as finder  # noqa: E402
from warehouse.store.read import open_readonly  # noqa: E402

WEIGHTS = (None, 0.25, 0.5, 1.0, 2.0)


def rescale(scores: np.ndarray) -> np.ndarray:
    middle, top = np.median(scores, axis=-1, keepdims=True), scores.max(axis=-1, keepdims=True)
    return np.clip((scores - middle) / np.where(top > middle, top - middle, 1), 0, None)


class Vectorizer:
    """Bag of Porter stems of texts as the search reads them, and TF-IDF fitted on the training texts."""

    def __init__(self, con, texts: list[str]):
        self.con, self.vocab = con, {}
        counts = self.counts(texts, grow=True)
        df = np.asarray((counts > 0).sum(0)).ravel()
        self.idf = np.log((1 + counts.shape[0]) / (1 + df)) + 1

    def counts(self, texts: list[str], grow: bool = False) -> sparse.csr_matrix:
        tokens = [finder.words(finder.Query(t).text) for t in texts]
        stems = finder._stems(self.con, sorted({w for ws in tokens for w in ws}))
        rows, cols = [], []
        for i, ws in enumerate(tokens):
            for w in ws:
                stem = stems[w]
                if stem not in self.vocab and grow:
                    self.vocab[stem] = len(self.vocab)
                if stem in self.vocab:
                    rows.append(i)
                    cols.append(self.vocab[stem])
        shape = (len(texts), len(self.vocab))
        return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)

    def tfidf(self, texts: list[str]) -> sparse.csr_matrix:
        counts = self.counts(texts)
        counts.data = 1 + np.log(counts.data)
        weighted = counts @ sparse.diags(self.idf)
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(1)).ravel())
        return sparse.diags(1 / np.where(norms > 0, norms, 1)) @ weighted


def logit(x: sparse.csr_matrix, y: np.ndarray, classes: int, l2: float, iterations: int) -> np.ndarray:
    n, v = x.shape
    xt = x.T.tocsr()
    rows = np.arange(n)

    def loss(flat: np.ndarray):
        w = flat.reshape(v, classes)
        z = x @ w
        z -= z.max(1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(1, keepdims=True)
        value = -np.log(p[rows, y] + 1e-12).mean() + l2 / 2 * float((w * w).sum())
        p[rows, y] -= 1
        return value, np.asarray(xt @ p / n + l2 * w).ravel()

    fit = minimize(loss, np.zeros(v * classes), jac=True, method="L-BFGS-B", options={"maxiter": iterations})
    return fit.x.reshape(v, classes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "heldout"), default="dev")
    parser.add_argument("--augment", type=int, default=10, help="pseudo-paragraphs per code for the logit")
    parser.add_argument("--l2", type=float, default=1e-5)
    parser.add_argument("--iterations", type=int, default=200)
    args = parser.parse_args()
    cases = [c for c in load_cases() if c["split"] == args.split and c["kind"] == "duties"]
    with open_readonly(args.db) as con:
        finder.load_fts(con)
        names = dict(con.execute("SELECT soc_code, title FROM core.soc_hierarchy WHERE level = 'detailed'").fetchall())
        codes = sorted(names)
        row = {c: i for i, c in enumerate(codes)}
        docs = [(c, t) for c, t in con.execute("SELECT soc_code, text FROM search.duty_documents").fetchall()]
        zones = dict(con.execute("SELECT soc_code, job_zone FROM occupations WHERE job_zone IS NOT NULL").fetchall())
        texts = [finder.spell_out(c["query"]) for c in cases]
        memo: dict = {}
        finder.search_many(con, [(None, c["query"]) for c in cases], 10, memo)
        base = np.zeros((len(cases), len(codes)))
        for k, text in enumerate(texts):
            for part in ("duties", "meaning"):
                for code, value in memo[part, text].items():
                    base[k, row[code]] += value / 2
        residual = np.array([finder.RESIDUAL_FACTOR if names[c].endswith("All Other") else 1.0 for c in codes])

        start = time.perf_counter()
        vectorizer = Vectorizer(con, [t for _, t in docs])
        x = vectorizer.tfidf([t for _, t in docs])
        q = vectorizer.tfidf(texts)
        labels = sparse.csr_matrix(
            (np.ones(len(docs)), ([row[c] for c, _ in docs], np.arange(len(docs)))), shape=(len(codes), len(docs))
        )
        per_code = np.asarray((labels @ x).todense())
        models = {}
        centroids = per_code / np.maximum(np.linalg.norm(per_code, axis=1, keepdims=True), 1e-12)
        models["centroid"] = np.asarray(q @ centroids.T)
        complement = per_code.sum(0, keepdims=True) - per_code + 0.1
        weights = np.log(complement / complement.sum(1, keepdims=True))
        models["cnb"] = -np.asarray(q @ (weights / np.abs(weights).sum(1, keepdims=True)).T)
        print(f"vectors and centroid/cnb: {time.perf_counter() - start:.1f} s")

        start = time.perf_counter()
        rng = random.Random(0)
        by_code: dict[str, list[str]] = {}
        for code, text in docs:
            by_code.setdefault(code, []).append(text)
        paragraphs = [
            (code, " ".join(rng.sample(tasks, min(len(tasks), rng.randint(2, 4)))))
            for code, tasks in sorted(by_code.items())
            for _ in range(args.augment)
        ]
        train = docs + paragraphs
        w = logit(
            vectorizer.tfidf([t for _, t in train]),
            np.array([row[c] for c, _ in train]),
            len(codes),
            args.l2,
            args.iterations,
        )
        models["logit"] = np.asarray(q @ w)
        print(f"logit ({len(train):,} texts): {time.perf_counter() - start:.1f} s")

        results = {
            name: [(w, *top(fused(base, rescale(scores), w) * residual, codes, cases)) for w in WEIGHTS]
            for name, scores in models.items()
        }
        fit = level_fit(con, docs, zones, texts, codes)
        results["level"] = [(w, *top(base * (1 + w * fit) * residual, codes, cases)) for w in (0.05, 0.1, 0.2, 0.3)]

    baseline = top(base * residual, codes, cases)
    print(
        f"\n{args.split}: {len(cases)} duty paragraphs; the search today: top-1/top-3 {baseline[0]:.2f}/{baseline[1]:.2f}"
    )
    print("| model    | w    | top-1 | top-3 |")
    print("|----------|------|-------|-------|")
    for name, rows in results.items():
        for weight, top1, top3 in rows:
            shown = "none" if weight is None else f"{weight:g}"
            print(f"| {name:<8} | {shown:<4} | {top1:.2f}  | {top3:.2f}  |")


def fused(base: np.ndarray, extra: np.ndarray, weight: float | None) -> np.ndarray:
    """base + weight x extra, or extra alone when weight is None."""
    return extra if weight is None else base + weight * extra


def top(totals: np.ndarray, codes: list[str], cases: list[dict]) -> tuple[float, float]:
    """top-1 and top-3 share of the cases, each ranked by its row of totals."""
    top1 = top3 = 0
    for k, case in enumerate(cases):
        found = [codes[i] for i in np.argsort(-totals[k], kind="stable")[:3]]
        top1 += found[0] in case["accepted"]
        top3 += bool(set(found) & case["accepted"])
    return top1 / len(cases), top3 / len(cases)


def level_fit(con, docs, zones, texts, codes) -> np.ndarray:
    """Per (query, code): exp(-(the code's Job Zone - the query's predicted zone)^2 / 2), 0.5 for a code with none."""
    rated = [(c, t) for c, t in docs if c in zones]
    tokens = [set(finder.words(t)) for _, t in rated]
    stems = finder._stems(con, sorted({w for ws in tokens for w in ws} | {w for t in texts for w in finder.words(t)}))
    total: dict[str, float] = {}
    count: dict[str, int] = {}
    for (code, _), ws in zip(rated, tokens, strict=True):
        for stem in {stems[w] for w in ws}:
            total[stem] = total.get(stem, 0) + zones[code]
            count[stem] = count.get(stem, 0) + 1
    prior = sum(zones[c] for c, _ in rated) / len(rated)

    def predicted(text: str) -> float:
        # each word's mean zone, shrunk to the prior by 5 pseudo-tasks, weighted by its IDF
        pairs = [
            (np.log(len(rated) / count[s]), (total[s] + 5 * prior) / (count[s] + 5))
            for s in {stems[w] for w in finder.words(text)}
            if s in count
        ]
        weight = sum(p[0] for p in pairs)
        return sum(a * b for a, b in pairs) / weight if weight else prior

    zone = np.array([zones.get(c, np.nan) for c in codes])
    levels = np.array([predicted(t) for t in texts])[:, None]
    return np.where(np.isnan(zone), 0.5, np.exp(-((zone - levels) ** 2) / 2))


if __name__ == "__main__":
    main()

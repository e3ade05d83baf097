"""A learned ranker for `socwh search` (issue 10), trained on O*NET's own text, against today's ranker.

    uv run --frozen python bench/search_ranker.py --db WAREHOUSE [--split dev|heldout] [--queries N] [--seed S]
        [--keep SHARE] [--power P] [--l2 L]

Training never reads tests/search_cases.csv. Its queries come from the warehouse's search documents:
  titles  an alternate or reported title of a code -> that code. The title itself is left out of the index's
          answers (its document is dropped from BM25's rows) and out of its code's meaning vector, so the query is
          a title the ranker has not seen, as a user's is.
  duties  2-4 task statements of one code, joined -> that code. Those tasks are left out the same way: dropped from
          the per-task BM25 rows and from the code's meaning vector. (The per-code profile BM25 the search uses
          contains them and cannot be recomputed without them, so the duty features use per-task BM25 instead.)
Per (query, candidate code), over the union of the top CANDIDATES codes by lexical score and by meaning, the
features are today's signals (below, FEATURES): BM25 of the title documents (best document, its rapidfuzz
ratio, how many of the code's titles were retrieved), BM25 of the tasks (best, sum of the best three) and of the
definitions, the meaning closeness and cosine, rank positions, and priors (log employment, "All Other").
The model is a conditional logit (softmax over a query's candidates, L2-penalised), fitted with scipy's L-BFGS:
numpy and scipy are already installed, so no new dependency. One model per kind.

Then it scores the chosen split of tests/search_cases.csv with the same features (nothing left out) and prints
top-1/top-3 with 95% Wilson intervals next to today's search on the same cases. Tune on `dev` (the default); the
held-out split is for reporting a finished candidate once.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from search_accuracy import load_cases, wilson  # noqa: E402

from transforms.core.search import unit  # noqa: E402
from warehouse.products import search as finder  # noqa: E402
from warehouse.sources.word_vectors import embed  # noqa: E402
from warehouse.store.read import open_readonly  # noqa: E402

CANDIDATES = 40  # codes taken by each of lexical score and meaning
TITLE_FEATURES = ["title", "title_bm25", "title_fuzzy", "title_breadth", "profile"]
DUTY_FEATURES = ["task_max", "task_sum3", "definition", "duty_title"]
COMMON = ["meaning", "cosine_gap", "lex_rank", "meaning_rank", "employment", "all_other"]


def relative(scores: dict[str, float]) -> dict[str, float]:
    top = max(scores.values(), default=0.0)
    return {c: v / top for c, v in scores.items()} if top > 0 else {}


class Warehouse:
    """What the features need from the warehouse: the codes, per-document vectors (to rebuild a code's meaning
    vector without some documents) and priors."""

    def __init__(self, con):
        self.con = con
        finder.load_fts(con)
        names = dict(con.execute("SELECT soc_code, title FROM core.soc_hierarchy WHERE level = 'detailed'").fetchall())
        self.codes = sorted(names)
        self.row = {c: i for i, c in enumerate(self.codes)}
        self.all_other = {c for c, t in names.items() if t.endswith("All Other")}
        employment = dict(con.execute("SELECT soc_code, employment FROM occupations").fetchall())
        self.employment = {c: math.log1p(employment.get(c) or 0) / 16 for c in self.codes}
        self.docs = {}
        self.sums = {}
        for kind, table in (("title", finder.TITLE_TABLE), ("duties", finder.DUTY_TABLE)):
            rows = con.execute(f"SELECT doc_id, soc_code, field, text FROM {table} ORDER BY doc_id").fetchall()
            vectors = embed([r[3] for r in rows])
            self.docs[kind] = {r[0]: (r[1], r[2], r[3], vectors[i]) for i, r in enumerate(rows)}
            summed = np.zeros((len(self.codes), vectors.shape[1]), np.float32)
            np.add.at(summed, [self.row[r[1]] for r in rows], vectors)
            self.sums[kind] = summed
        self.vectors = unit(unit(self.sums["title"]) + unit(self.sums["duties"]))
        stored = con.execute(f"SELECT soc_code, vector FROM {finder.VECTORS_TABLE}").pl()
        check = stored["vector"].to_numpy()[[self.row[c] for c in stored["soc_code"]]]
        ordered = np.zeros_like(self.vectors)
        ordered[[self.row[c] for c in stored["soc_code"]]] = check
        print(f"rebuilt code vectors vs search.code_vectors: max diff {np.abs(ordered - self.vectors).max():.1e}")

    def vectors_without(self, kind: str, doc_ids: list[int]) -> np.ndarray:
        """The code vectors with these documents (all of one code) left out of that code's vector."""
        if not doc_ids:
            return self.vectors
        code = self.docs[kind][doc_ids[0]][0]
        i = self.row[code]
        sums = {k: self.sums[k][i].copy() for k in self.sums}
        for d in doc_ids:
            sums[kind] -= self.docs[kind][d][3]
        out = self.vectors.copy()
        out[i] = unit(unit(sums["title"]) + unit(sums["duties"]))
        return out


def features(
    wh: Warehouse, kind: str, texts: list[str], leave_out: list[list[int]], names: list[str]
) -> list[tuple[list, np.ndarray]]:
    """Per query: its candidate codes and their feature rows (columns: the kind's features, then COMMON)."""
    from rapidfuzz import fuzz

    con = wh.con
    queries = [finder.Query(t) for t in texts]
    lexical_parts: list[dict[str, dict[str, float]]] = []
    if kind == "title":
        title_rows = finder.query_bm25(con, finder.TITLE_TABLE, queries, finder.TITLE_DEPTH + 10)
        profile_rows = finder.query_bm25(con, finder.PROFILE_TABLE, queries, finder.PROFILE_DEPTH)
        for text, rows, prows, out in zip(texts, title_rows, profile_rows, leave_out, strict=True):
            rows = [r for r in rows if r[0] not in set(out)][: finder.TITLE_DEPTH]
            score, _ = finder.rank_titles(text, rows)
            top = rows[0][-1] if rows else 1.0
            bm, fz, count = defaultdict(float), defaultdict(float), defaultdict(int)
            for _, code, _, doc, value in rows:
                bm[code] = max(bm[code], value / top)
                fz[code] = max(fz[code], fuzz.token_sort_ratio(text, " ".join(finder.words(doc))) / 100)
                count[code] += 1
            lexical_parts.append(
                {
                    "title": score,
                    "title_bm25": dict(bm),
                    "title_fuzzy": dict(fz),
                    "title_breadth": {c: math.log1p(n) / 5 for c, n in count.items()},
                    "profile": relative({r[1]: r[-1] for r in prows}),
                }
            )
        main = "title"
    else:
        duty_rows = finder.query_bm25(con, finder.DUTY_TABLE, queries, 3000, per_code=8)
        title_rows = finder.query_bm25(con, finder.TITLE_TABLE, queries, finder.TITLE_DEPTH, per_code=1)
        profile_rows = finder.query_bm25(con, finder.PROFILE_TABLE, queries, finder.PROFILE_DEPTH)
        for rows, trows, prows, out in zip(duty_rows, title_rows, profile_rows, leave_out, strict=True):
            tasks, definition = defaultdict(list), defaultdict(float)
            for doc_id, code, field, _, value in rows:
                if doc_id in set(out):
                    continue
                if field == "task":
                    tasks[code].append(value)
                else:
                    definition[code] = max(definition[code], value)
            task_max = relative({c: max(v) for c, v in tasks.items()})
            task_sum3 = relative({c: sum(sorted(v, reverse=True)[:3]) for c, v in tasks.items()})
            definition = relative(dict(definition))
            duty_title = relative({r[1]: r[-1] for r in trows})
            lexical = defaultdict(float)
            for part, w in ((task_sum3, 1.0), (definition, 0.5), (duty_title, 0.5)):
                for c, v in part.items():
                    lexical[c] += w * v
            lexical_parts.append(
                {
                    "task_max": task_max,
                    "task_sum3": task_sum3,
                    "definition": definition,
                    "duty_title": duty_title,
                    "lexical": relative(dict(lexical)),
                    # contains a training query's own tasks (the profile cannot be rebuilt without them)
                    "profile": relative({r[1]: r[-1] for r in prows}),
                }
            )
        main = "lexical"
    query_vectors = embed([finder.meaning_text(t) for t in texts])
    out = []
    for parts, qv, left in zip(lexical_parts, query_vectors, leave_out, strict=True):
        doc_kind = "title" if kind == "title" else "duties"
        cosines = wh.vectors_without(doc_kind, left) @ qv
        middle, top = float(np.median(cosines)), float(cosines.max())
        closeness = np.clip((cosines - middle) / (top - middle), 0, None) if top > middle else np.zeros_like(cosines)
        lex = parts[main]
        if not lex:
            out.append(([], np.zeros((0, len(names)))))
            continue
        by_lex = sorted(lex, key=lambda c: -lex[c])
        lex_rank = {c: i for i, c in enumerate(by_lex)}
        order = np.argsort(-cosines)
        meaning_rank = {wh.codes[i]: r for r, i in enumerate(order)}
        cands = list(dict.fromkeys(by_lex[:CANDIDATES] + [wh.codes[i] for i in order[:CANDIDATES]]))
        rows = []
        for c in cands:
            i = wh.row[c]
            values = [parts[f].get(c, 0.0) for f in names[: len(names) - len(COMMON)]]
            values += [
                float(closeness[i]),
                float(cosines[i] - top),
                math.log1p(lex_rank.get(c, 500)) / 6,
                math.log1p(meaning_rank[c]) / 6,
                wh.employment[c],
                float(c in wh.all_other),
            ]
            rows.append(values)
        out.append((cands, np.array(rows)))
    return out


def fit(groups: list[tuple[np.ndarray, int]], l2: float) -> np.ndarray:
    """Conditional logit: weights maximising the log-probability of each query's true candidate (index given)
    under a softmax of X @ w over its candidates, minus l2 * |w|^2."""
    dim = groups[0][0].shape[1]
    X = np.concatenate([x for x, _ in groups])
    starts = np.cumsum([0] + [len(x) for x, _ in groups])
    truth = np.array([s + t for (_, t), s in zip(groups, starts[:-1], strict=True)])
    seg = np.repeat(np.arange(len(groups)), [len(x) for x, _ in groups])

    def loss(w):
        s = X @ w
        peak = np.maximum.reduceat(s, starts[:-1])
        e = np.exp(s - peak[seg])
        z = np.add.reduceat(e, starts[:-1])
        p = e / z[seg]
        value = -(s[truth] - peak - np.log(z)).sum() / len(groups) + l2 * w @ w
        grad = (X.T @ p - X[truth].sum(0)) / len(groups) + 2 * l2 * w
        return value, grad

    return minimize(loss, np.zeros(dim), jac=True, method="L-BFGS-B").x


def training_queries(
    wh: Warehouse,
    kind: str,
    n: int,
    rng: random.Random,
    keep: float = 0.0,
    power: float = 0.0,
    dropout: float = 0.0,
    task_count: tuple[int, int] = (2, 4),
) -> list[tuple[str, str, list[int]]]:
    """(query text, its code, documents left out) drawn from the warehouse's own documents, a code drawn with
    probability proportional to its employment to the power `power` (0: every code alike; users ask about common
    jobs more often)."""

    def weight(code: str) -> float:
        return math.exp(power * 16 * wh.employment[code]) if power else 1.0

    if kind == "title":
        pool = defaultdict(list)
        for d, v in wh.docs["title"].items():
            if v[1] in ("alternate_title", "reported_title"):
                pool[v[0]].append(d)
        codes = sorted(pool)
        out = []
        for code in rng.choices(codes, [weight(c) for c in codes], k=n):
            d = rng.choice(pool[code])
            # a share `keep` of them stays in the index: users often type a title O*NET lists as it is
            out.append((wh.docs["title"][d][2], code, [] if rng.random() < keep else [d]))
        return out
    tasks = defaultdict(list)
    for d, v in wh.docs["duties"].items():
        if v[1] == "task":
            tasks[v[0]].append(d)
    codes = sorted(c for c, ds in tasks.items() if len(ds) >= task_count[1] + 2)
    out = []
    for code in rng.choices(codes, [weight(c) for c in codes], k=n):
        chosen = rng.sample(tasks[code], rng.randint(*task_count))
        text = " ".join(wh.docs["duties"][d][2] for d in chosen)
        if dropout:
            # petitioners do not copy O*NET's tasks: drop a share of the words, the gist stays
            text = " ".join(w for w in text.split() if rng.random() >= dropout)
        out.append((text, code, chosen))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "heldout"), default="dev")
    parser.add_argument("--queries", type=int, default=1500, help="training queries per kind")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--power", type=float, default=0.5, help="codes drawn by employment ** power")
    parser.add_argument(
        "--alpha", type=float, nargs="+", default=[0.0], help="weights of today's score in blends (0: learned alone)"
    )
    parser.add_argument("--dropout", type=float, default=0.0, help="share of a duty query's words dropped")
    parser.add_argument("--duty-profile", action="store_true", help="add the (leaky) profile BM25 to duties")
    parser.add_argument("--tasks", type=int, nargs=2, default=[2, 4], help="tasks per duty query: least, most")
    parser.add_argument("--keep", type=float, default=0.5, help="share of training titles left in the index")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = [c for c in load_cases() if c["split"] == args.split]
    with open_readonly(args.db) as con:
        start = time.perf_counter()
        wh = Warehouse(con)
        print(f"document vectors: {time.perf_counter() - start:.1f} s")
        for kind in ("title", "duties"):
            names = (TITLE_FEATURES if kind == "title" else DUTY_FEATURES + ["profile"] * args.duty_profile) + COMMON
            start = time.perf_counter()
            train = training_queries(
                wh, kind, args.queries, rng, args.keep, args.power, args.dropout, tuple(args.tasks)
            )
            texts = [finder.spell_out(t) for t, _, _ in train]
            if kind == "title":
                texts = [finder.correct_title(con, t)[0] for t in texts]
            feats = features(wh, kind, texts, [left for _, _, left in train], names)
            groups = []
            for (cands, X), (_, code, _) in zip(feats, train, strict=True):
                if code in cands:
                    groups.append((X, cands.index(code)))
            w = fit(groups, args.l2)
            print(
                f"\n{kind}: {len(groups)}/{len(train)} training queries with the code among the candidates; "
                f"features and fit {time.perf_counter() - start:.1f} s"
            )
            print("  weights: " + ", ".join(f"{n} {v:+.2f}" for n, v in zip(names, w, strict=True)))
            train_hits = [int(np.argmax(X @ w) == t) for X, t in groups]
            print(f"  training top-1 (in-sample): {np.mean(train_hits):.2f}")

            mine = [c for c in cases if c["kind"] == kind]
            today, today_scores = [], []
            for c in mine:
                results = finder.search(con, **{kind: c["query"]}, limit=finder.MAX_LIMIT)
                today.append([r["soc_code"] for r in results])
                today_scores.append({r["soc_code"]: r["score"] for r in results})
            texts = [finder.spell_out(c["query"]) for c in mine]
            if kind == "title":
                texts = [finder.correct_title(con, t)[0] for t in texts]
            start = time.perf_counter()
            scored = features(wh, kind, texts, [[] for _ in mine], names)
            took = (time.perf_counter() - start) * 1000 / len(mine)
            print(f"  learned ranker's features: {took:.0f} ms per case (all the split's cases in one batch)")
            rankings = {"today": today}
            # blend: the learned probability (softmax over the candidates) + alpha x today's score (0-1)
            for alpha in args.alpha:
                label = "learned" if alpha == 0 else f"blend {alpha:g}"
                rankings[label] = []
                for (cands, X), mine_today in zip(scored, today_scores, strict=True):
                    if not cands:
                        rankings[label].append([])
                        continue
                    logit = X @ w
                    p = np.exp(logit - logit.max())
                    p = p / p.sum() + alpha * np.array([mine_today.get(c, 0.0) for c in cands])
                    rankings[label].append([cands[i] for i in np.argsort(-p, kind="stable")[:3]])
            n = len(mine)
            base = [bool(f) and f[0] in c["accepted"] for f, c in zip(today, mine, strict=True)]
            for label, found_all in rankings.items():
                hits = [bool(f) and f[0] in c["accepted"] for f, c in zip(found_all, mine, strict=True)]
                t1 = sum(hits)
                t3 = sum(bool(set(f[:3]) & c["accepted"]) for f, c in zip(found_all, mine, strict=True))
                ci1, ci3 = wilson(t1, n), wilson(t3, n)
                gained = sum(h and not b for h, b in zip(hits, base, strict=True))
                lost = sum(b and not h for h, b in zip(hits, base, strict=True))
                print(
                    f"  {args.split} {label:<9} n {n}: top-1 {t1 / n:.2f} ({ci1[0]:.2f}-{ci1[1]:.2f})  "
                    f"top-3 {t3 / n:.2f} ({ci3[0]:.2f}-{ci3[1]:.2f})  top-1 vs today: +{gained} -{lost}"
                )


if __name__ == "__main__":
    main()

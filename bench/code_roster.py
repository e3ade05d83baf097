"""Benchmark: `socwh code` on a 1,000-row roster (issue 10 asks for under 30 s on this machine).

    uv run --frozen python bench/code_roster.py [--db WAREHOUSE] [--rows 1000] [--mode both|title|duties]

The roster is made from tests/search_cases.csv: row i pairs the i-th title with the (7 i)-th duty paragraph, so
every (title, duties) pair and every duties text is distinct (no duties text is scored once for several rows). Its
135 titles repeat, about 7 times each in 1,000 rows, as a real roster's titles do: `socwh code` scores a repeated
title once (search_many's memo); `--mode duties` measures the case with nothing repeated. It is written as CSV, then coded end to end by the command's own code (read,
search each row, write CSV), in this process, against a read-only warehouse. Reference, in the same run: the same
rows searched one by one with warehouse.products.search.search and nothing else (the first --reference-rows of them, 100 by
default, scaled to all rows), so the ratio is what batching saves.
Reported: seconds for all rows, rows per second, median ms per row (per batch of 100, divided), and the ratio to the reference.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from warehouse.products import roster as rosters  # noqa: E402
from warehouse.products import search as finder  # noqa: E402


def make_roster(path: Path, rows: int, mode: str) -> None:
    with (REPO / "tests" / "search_cases.csv").open(newline="") as f:
        cases = list(csv.DictReader(f))
    titles = [c["query"] for c in cases if c["kind"] == "title"]
    duties = [c["query"] for c in cases if c["kind"] == "duties"]
    header = ["id"] + (["Job Title"] if mode != "duties" else []) + (["Job Duties"] if mode != "title" else [])
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for i in range(rows):
            # the n-th repeat of a title or paragraph gets " (n)"-free variants by suffixing a team name
            team = f" team {i // len(titles)}" if i >= len(titles) else ""
            row = [str(i)]
            if mode != "duties":
                row.append(titles[i % len(titles)])
            if mode != "title":
                row.append(duties[(7 * i) % len(duties)] + team)
            writer.writerow(row)


def main() -> None:
    from warehouse.config import Settings
    from warehouse.store.read import open_readonly

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--mode", choices=("both", "title", "duties"), default="both")
    parser.add_argument("--reference-rows", type=int, default=100)
    args = parser.parse_args()
    db = args.db or Settings.from_env().db_path
    with tempfile.TemporaryDirectory() as tmp, open_readonly(db) as con:
        roster_path = Path(tmp) / "roster.csv"
        make_roster(roster_path, args.rows, args.mode)
        finder.search(con, title="warm up", duties="warm up")
        per_row: list[float] = []
        start = time.perf_counter()
        roster = rosters.read_roster(roster_path)
        last = time.perf_counter()

        def tick(rows: int) -> None:
            nonlocal last
            now = time.perf_counter()
            per_row.append((now - last) * 1000 / rows)
            last = now

        rows = list(rosters.code_rows(con, roster, progress=tick))
        rosters.write_coded(Path(tmp) / "coded.csv", rosters.output_columns(roster), rows)
        coded = time.perf_counter() - start

        start = time.perf_counter()
        sample = roster.rows[: args.reference_rows]
        for row in sample:
            title = row.get(roster.title_column or "", "") or None
            duties = row.get(roster.duties_column or "", "") or None
            finder.search(con, title=title, duties=duties, limit=rosters.TOP)
        reference = (time.perf_counter() - start) * len(roster.rows) / len(sample)
    print(f"roster: {args.rows:,} distinct rows, {args.mode}; warehouse {db}")
    print("| run                            | seconds | rows/s | median ms/row | ratio |")
    print("|--------------------------------|--------:|-------:|--------------:|------:|")
    print(
        f"| socwh code (read, code, write) | {coded:7.1f} | {args.rows / coded:6.1f} | "
        f"{statistics.median(per_row):13.1f} | {coded / reference:5.2f} |"
    )
    print(f"| reference: search() row by row | {reference:7.1f} | {args.rows / reference:6.1f} | {'':13} |  1.00 |")
    print(f"target: 1,000 rows in < 30 s -> {'met' if coded * 1000 / args.rows < 30 else 'NOT met'}")


if __name__ == "__main__":
    main()

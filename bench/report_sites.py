"""What one Data Docs site per build saves over a site per table: time and disk, side by side in one run.

    uv run --frozen python bench/report_sites.py WAREHOUSE.duckdb [--repeat 3]

Validates every table with a suite (warehouse.quality.expectations) as the build's checks do, from a built warehouse, then
writes the reports both ways into a scratch folder: a site per table (`write_reports` per table, what every build
did before) and the JSON per table with one site over all of them (what `socwh build` does now). Medians of
`--repeat` runs; validation itself is not timed (it is the same either way).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from warehouse.quality import expectations
from warehouse.quality.validation import collect_data_docs, validate, write_data_docs, write_reports


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with duckdb.connect(str(args.warehouse), read_only=True) as con:
        reports = []
        for table in expectations.tables():
            frame = con.execute(f"SELECT * FROM {table}").pl()  # names from the suites
            references = {
                name: con.execute(f"SELECT * FROM {name}").pl() for name in expectations.reference_tables(table)
            }
            reports.append(validate(table, expectations.with_references(table, frame, references)))
    per_table, one_site, sizes = [], [], {}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as scratch:
            root = Path(scratch)
            started = time.perf_counter()
            for report in reports:
                write_reports([report], root / "per_table" / report.table)
            per_table.append(time.perf_counter() - started)
            started = time.perf_counter()
            with collect_data_docs() as collected:
                for report in reports:
                    write_reports([report], root / "one_site" / report.table)
            write_data_docs(collected, root / "one_site" / "data_docs")
            one_site.append(time.perf_counter() - started)
            sizes = {name: _size(root / name) for name in ("per_table", "one_site")}
    a, b = statistics.median(per_table), statistics.median(one_site)
    print(f"{len(reports)} tables, median of {args.repeat}:")
    print(f"  a site per table (before): {a:6.1f} s  {sizes['per_table'] / 1e6:6.1f} MB")
    print(f"  one site per build (now):  {b:6.1f} s  {sizes['one_site'] / 1e6:6.1f} MB")
    print(f"  ratio: {a / b:.1f}x faster, {sizes['per_table'] / sizes['one_site']:.1f}x smaller")


if __name__ == "__main__":
    main()

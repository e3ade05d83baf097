"""Benchmark: load the full May 2025 OEWS data file (6,023,970 rows) into a fresh DuckDB file.

    uv run --frozen python bench/oews_load.py [--repeat 5]

Compares, alternating, N times each:
  ours       read the bytes, transforms.raw.oews.parse_oews_data, warehouse.store.db.write_table('raw.oews_data')
  reference  DuckDB's own CREATE TABLE t AS SELECT * FROM read_csv(path, delim='\\t', header=true)

Each load runs in a fresh Python process so its peak RSS is its own (os.wait4 gives that child's rusage).
Wall time is measured inside the child around the load only (not interpreter start-up or imports); peak RSS is
the whole child's. The reference does less: it keeps the padded series id and the value as text and splits
nothing, so it is a floor, not an equivalent load.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FULL_FILE = REPO.parent / "shared" / "data" / "large" / "oews-2025-full" / "oe.data.0.Current.gz"
EXPECTED_ROWS = 6_023_970


def load_ours(data_path: Path, db_path: Path) -> dict[str, float]:
    import duckdb

    from transforms.raw.oews import parse_oews_data
    from warehouse.store.db import write_table

    start = time.perf_counter()
    frame = parse_oews_data(data_path.read_bytes(), data_path.name)  # the bytes are freed once parsed
    parsed = time.perf_counter()
    con = duckdb.connect(str(db_path))
    rows = write_table(con, "raw.oews_data", frame)
    con.close()
    end = time.perf_counter()
    return {"wall": end - start, "parse": parsed - start, "write": end - parsed, "rows": rows}


def load_reference(data_path: Path, db_path: Path) -> dict[str, float]:
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect(str(db_path))
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{data_path}', delim='\t', header=true)")
    (rows,) = con.execute("SELECT count(*) FROM t").fetchone()
    con.close()
    return {"wall": time.perf_counter() - start, "rows": rows}


LOADS = {"ours": load_ours, "reference": load_reference}


def run_child(kind: str, data_path: Path, work_dir: Path) -> dict[str, float]:
    """One load in a fresh interpreter; its own timings plus its peak RSS and CPU time from the kernel."""
    db_path = work_dir / f"{kind}.duckdb"
    db_path.unlink(missing_ok=True)
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, str(data_path), str(db_path)], stdout=subprocess.PIPE
    )
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    db_path.unlink(missing_ok=True)
    if child.returncode != 0:
        raise SystemExit(f"{kind} load failed with exit code {child.returncode}")
    result = json.loads(output)
    if result["rows"] != EXPECTED_ROWS:
        raise SystemExit(f"{kind} load wrote {result['rows']} rows, expected {EXPECTED_ROWS}")
    result["peak_rss_mb"] = usage.ru_maxrss / 1024  # Linux reports kilobytes
    result["cpu"] = usage.ru_utime + usage.ru_stime
    return result


def decompress(source: Path, work_dir: Path) -> Path:
    target = work_dir / "oe.data.0.Current"
    with gzip.open(source, "rb") as compressed, target.open("wb") as plain:
        shutil.copyfileobj(compressed, plain, length=16 * 2**20)
    return target


def report(results: dict[str, list[dict[str, float]]]) -> None:
    def median(kind: str, key: str) -> float:
        return statistics.median(run[key] for run in results[kind])

    print(f"\n{'load':<10} {'runs':>4} {'wall s (median)':>16} {'cpu s (median)':>15} {'peak RSS MB (max)':>18}")
    for kind, runs in results.items():
        peak = max(run["peak_rss_mb"] for run in runs)
        print(f"{kind:<10} {len(runs):>4} {median(kind, 'wall'):>16.2f} {median(kind, 'cpu'):>15.2f} {peak:>18.0f}")
    print(f"\nours: parse {median('ours', 'parse'):.2f} s + write_table {median('ours', 'write'):.2f} s (medians)")
    print(f"all wall times: { {kind: [round(run['wall'], 2) for run in runs] for kind, runs in results.items()} }")
    print(f"ratio ours/reference (median wall): {median('ours', 'wall') / median('reference', 'wall'):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="loads of each kind (default 5)")
    parser.add_argument("--source", type=Path, default=FULL_FILE, help="the gzipped oe.data.0.Current")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "DATA", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, data_path, db_path = args.child
        print(json.dumps(LOADS[kind](Path(data_path), Path(db_path))))
        return
    with tempfile.TemporaryDirectory(prefix="oews_bench_") as temp:
        work_dir = Path(temp)
        data_path = decompress(args.source, work_dir)
        print(f"{data_path.stat().st_size / 1e6:.0f} MB decompressed; {os.cpu_count()} CPUs; {args.repeat} runs each")
        results: dict[str, list[dict[str, float]]] = {kind: [] for kind in LOADS}
        for index in range(args.repeat):
            for kind in LOADS:
                run = run_child(kind, data_path, work_dir)
                results[kind].append(run)
                print(f"run {index + 1} {kind:<9} wall {run['wall']:.2f} s, peak RSS {run['peak_rss_mb']:.0f} MB")
        report(results)


if __name__ == "__main__":
    main()

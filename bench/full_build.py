"""Benchmark: the whole build at the publisher's scale (the full 6,023,970-row OEWS data file), beside the floor.

    uv run --frozen python bench/full_build.py [--repeat 1]

Builds from a mirror assembled in a temporary folder by `warehouse.sources.full_mirror` (../shared/data/mirror with the
full OEWS data file decompressed in place of its national extract), alternating, N times each:
  build   `socwh build --force` as a user runs it (run_build in a fresh process, fresh cache and database)
  floor   DuckDB's own CREATE TABLE AS read_csv of the same data file, plus the parse of every small source file
          (every raw table's parser but OEWS data's): the least any build of these files can do

Each runs in a fresh Python process, so its peak RSS is its own (os.wait4 gives that child's rusage); wall time
is the child's whole life, interpreter start-up and imports included (what a user waits for). The build's time
per stage comes from Dagster's step events plus timers wrapped around the downloader and the table writer:
  download  SourceFiles.fetch (the mirror copy into the cache; checksums)
  parse     raw asset steps minus their download and load
  load      WarehouseDB.write of raw tables (Polars frame into DuckDB)
  check     the asset-check steps (Great Expectations suites, every row)
  core      core and search asset steps
  publish   published steps (views, release history, the atomic copy)
  other     the rest of the child's wall: imports, Dagster's planning, start-up
and the peak RSS sampled inside each of the steps holding the most memory.
The machine is shared: the load average is printed before and after; quote medians of several runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STAGES = ("download", "parse", "load", "check", "core", "publish", "other")


def child_build(mirror: Path, work: Path) -> dict:
    """One `socwh build --force` in this process, with per-stage timers."""
    started = time.perf_counter()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from dagster import JobDefinition

    from orchestration.build_run import run_build
    from orchestration.resources import SourceFiles, WarehouseDB
    from warehouse.config import Settings

    timers: dict[str, float] = defaultdict(float)
    samples: list[tuple[float, float]] = []  # (time, RSS MB) every 50 ms: which step holds the peak

    def sample() -> None:
        import psutil

        process = psutil.Process()
        while True:
            samples.append((time.time(), process.memory_info().rss / 2**20))
            time.sleep(0.05)

    threading.Thread(target=sample, daemon=True).start()

    def timed(stage_of, method):
        def wrapper(self, *args, **kwargs):
            begun = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                timers[stage_of(args)] += time.perf_counter() - begun

        return wrapper

    SourceFiles.fetch = timed(lambda args: "download", SourceFiles.fetch)
    WarehouseDB.write = timed(lambda args: "load" if args[0].startswith("raw.") else "write_other", WarehouseDB.write)
    results = []
    execute = JobDefinition.execute_in_process

    def capture(self, *args, **kwargs):
        result = execute(self, *args, **kwargs)
        results.extend(kwargs["instance"].all_logs(result.run_id))  # entries with timestamps, unlike result's events
        return result

    JobDefinition.execute_in_process = capture
    settings = Settings.from_env({}).with_overrides(
        db_path=work / "soc.duckdb", cache_dir=work / "cache", mirror=str(mirror)
    )
    os.environ.update(settings.as_env())
    outcome = run_build(settings, force=True)
    steps: dict[str, float] = defaultdict(float)
    begun: dict[str, float] = {}
    step_peaks: dict[str, float] = {}
    for entry in results:
        event = entry.dagster_event
        if event is None:
            continue
        if event.event_type_value == "STEP_START":
            begun[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            started_at = begun.pop(event.step_key)
            steps[event.step_key] += entry.timestamp - started_at
            inside = [rss for at, rss in samples if started_at <= at <= entry.timestamp]
            step_peaks[event.step_key] = max(inside, default=0.0)
    grouped: dict[str, float] = defaultdict(float)
    for key, seconds in steps.items():
        if "expectations" in key:
            grouped["check"] += seconds
        elif key.startswith("raw__"):
            grouped["raw"] += seconds
        elif key.startswith(("core__", "search__")):
            grouped["core"] += seconds
        else:
            grouped["publish"] += seconds
    stages = {
        "download": timers["download"],
        "parse": grouped["raw"] - timers["download"] - timers["load"],
        "load": timers["load"],
        "check": grouped["check"],
        "core": grouped["core"],
        "publish": grouped["publish"],
    }
    import duckdb

    if not outcome.success:
        return {"success": False, "failures": outcome.failures}
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        rows = con.execute("SELECT count(*) FROM raw.oews_data").fetchone()[0]
    return {
        "success": outcome.success,
        "failures": outcome.failures,
        "rows": rows,
        "stages": stages,
        "in_process": time.perf_counter() - started,
        "steps": dict(sorted(steps.items(), key=lambda item: -item[1])[:8]),
        "step_peaks": dict(sorted(step_peaks.items(), key=lambda item: -item[1])[:6]),
    }


def child_floor(mirror: Path, work: Path) -> dict:
    """DuckDB's read_csv of the full data file into a fresh database, and the parse of every small source file."""
    import duckdb

    from warehouse.config import DEFAULT_ONET_RELEASE
    from warehouse.sources import catalog
    from warehouse.sources.download import Downloader
    from warehouse.sources.full_mirror import OEWS_DATA_PATH
    from warehouse.tables import raw_tables

    begun = time.perf_counter()
    data = mirror / OEWS_DATA_PATH
    with duckdb.connect(str(work / "floor.duckdb")) as con:
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{data}', delim='\t', header=true)")
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
    loaded = time.perf_counter()
    locate = Downloader(work / "unused", "bench", str(mirror)).source_location
    files = catalog.source_files(DEFAULT_ONET_RELEASE)
    for table in raw_tables(DEFAULT_ONET_RELEASE):
        if table.name == "oews_data":
            continue
        paths = {key: locate(files[key].url) for key in table.files}
        table.parse({key: (path.read_bytes(), path.name) for key, path in paths.items()})
    return {"success": True, "rows": rows, "read_csv": loaded - begun, "small_parse": time.perf_counter() - loaded}


CHILDREN = {"build": child_build, "floor": child_floor}


def run_child(kind: str, mirror: Path, root: Path, index: int) -> dict:
    work = root / f"{kind}{index}"
    work.mkdir()
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, str(mirror), str(work)], stdout=subprocess.PIPE, cwd=REPO
    )
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    subprocess.run(["rm", "-rf", str(work)], check=True)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{kind} child failed with status {status}")
    result = json.loads(output.decode().strip().splitlines()[-1])
    if not result["success"]:
        raise SystemExit(f"{kind} failed: {result.get('failures')}")
    result |= {"wall": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime}
    if "stages" in result:
        result["stages"]["other"] = wall - sum(result["stages"].values())
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (default 1; a build takes ~1 min)")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "MIRROR", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, mirror, work = args.child
        print(json.dumps(CHILDREN[kind](Path(mirror), Path(work)), default=str))
        return
    from warehouse.sources.full_mirror import FULL_OEWS_ROWS, assemble

    with tempfile.TemporaryDirectory(prefix="full_build_bench_") as temp:
        root = Path(temp)
        shared = REPO.parent / "shared" / "data"
        mirror = assemble(
            root / "mirror", shared / "mirror", shared / "large" / "oews-2025-full" / "oe.data.0.Current.gz"
        )
        print(f"{os.cpu_count()} CPUs; load average before: {os.getloadavg()}; {args.repeat} run(s) each")
        runs: dict[str, list[dict]] = {kind: [] for kind in CHILDREN}
        for index in range(args.repeat):
            for kind in CHILDREN:
                run = run_child(kind, mirror, root, index)
                if run["rows"] != FULL_OEWS_ROWS:
                    raise SystemExit(f"{kind}: {run['rows']:,} OEWS rows loaded, expected {FULL_OEWS_ROWS:,}")
                runs[kind].append(run)
                detail = ", ".join(f"{k} {v:.1f}" for k, v in run.get("stages", {}).items())
                print(f"run {index + 1} {kind:<5} wall {run['wall']:.1f} s, cpu {run['cpu']:.1f} s, "
                      f"peak RSS {run['peak_rss_mb']:.0f} MB  {detail}")  # fmt: skip
                if "steps" in run:
                    print(f"    slowest steps (s): {', '.join(f'{k} {v:.1f}' for k, v in run['steps'].items())}")
                    print(
                        f"    peak RSS in step (MB): {', '.join(f'{k} {v:.0f}' for k, v in run['step_peaks'].items())}"
                    )
        print(f"load average after: {os.getloadavg()}")

    def median(kind: str, get) -> float:
        return statistics.median(get(run) for run in runs[kind])

    print(f"\n{'':<7}{'wall s':>8}{'cpu s':>8}{'peak RSS MB':>13}   (medians; peak: max)")
    for kind in CHILDREN:
        peak = max(run["peak_rss_mb"] for run in runs[kind])
        print(
            f"{kind:<7}{median(kind, lambda r: r['wall']):>8.1f}{median(kind, lambda r: r['cpu']):>8.1f}{peak:>13.0f}"
        )
    print("build stages (s): " + ", ".join(f"{s} {median('build', lambda r, s=s: r['stages'][s]):.1f}" for s in STAGES))
    print(f"floor: read_csv {median('floor', lambda r: r['read_csv']):.1f} s + small sources' parse "
          f"{median('floor', lambda r: r['small_parse']):.1f} s")  # fmt: skip
    ratio = median("build", lambda r: r["wall"]) / median("floor", lambda r: r["wall"])
    print(f"ratio build/floor (median wall): {ratio:.2f}; targets: peak <= 1,536 MB, wall <= 40 s")


if __name__ == "__main__":
    main()

"""Benchmark: a full `socwh build` against a `socwh build` with nothing new, from an HTTP mirror on 127.0.0.1.

    uv run --frozen python bench/noop_build.py [--repeat 3]

One run, alternating, N times each:
  full    a fresh warehouse and cache: every file downloaded from the mirror, every asset built, published
  no-op   the same command again: every request answers 304 (If-Modified-Since), nothing downloaded or rebuilt

The mirror is ../shared/data/mirror served by Python's http.server in this process (it sends Last-Modified and
answers conditional requests with 304). Each build is `python -m warehouse.cli build` in a fresh process, timed
wall to wall (interpreter start-up and imports included: what a user waits for). No O*NET release is pinned, so
each build also asks the mirror for the next O*NET release folders (404 here: 30.1 is the newest).

A no-op build counts only if it exited 0, left the published file untouched (same inode and mtime) and the
server answered none of its requests with 200 (nothing downloaded).
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MIRROR = REPO.parent / "shared" / "data" / "mirror"


class Mirror:
    """http.server over the mirror folder, counting the responses by status."""

    def __init__(self, root: Path) -> None:
        self.statuses: list[int] = []
        mirror = self

        class Handler(SimpleHTTPRequestHandler):
            def log_request(self, code="-", size="-"):
                mirror.statuses.append(int(code))

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def take(self) -> dict[int, int]:
        counts = {status: self.statuses.count(status) for status in sorted(set(self.statuses))}
        self.statuses.clear()
        return counts


def build(mirror: Mirror, work: Path) -> tuple[float, str, dict[int, int]]:
    """One `socwh build` in a fresh process: (wall seconds, its output, the responses the mirror gave it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOC_WAREHOUSE_")}
    command = [
        sys.executable, "-m", "warehouse.cli", "build",
        "--mirror", mirror.url,
        "--db", str(work / "soc.duckdb"),
        "--cache", str(work / "cache"),
        "--contact", "bench@example.org",
    ]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env | {"COLUMNS": "200"}, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds, done.stdout, mirror.take()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="full and no-op builds each (default 3)")
    args = parser.parse_args()
    if not MIRROR.is_dir():
        raise SystemExit(f"no mirror at {MIRROR} (../shared/data must sit beside the checkout)")
    mirror = Mirror(MIRROR)
    full, noop = [], []
    for round_ in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory(prefix="noop-bench-") as tmp:
            work = Path(tmp)
            seconds, _, responses = build(mirror, work)
            full.append(seconds)
            print(f"round {round_}: full  {seconds:6.2f} s   responses {responses}")
            published = work / "soc.duckdb"
            before = (published.stat().st_ino, published.stat().st_mtime_ns)
            seconds, output, responses = build(mirror, work)
            after = (published.stat().st_ino, published.stat().st_mtime_ns)
            if after != before or responses.get(200):
                raise SystemExit(f"not a no-op: published file changed={after != before}, responses {responses}")
            said = next((line.strip() for line in output.splitlines() if "nothing new" in line), "(no message)")
            noop.append(seconds)
            print(f"round {round_}: no-op {seconds:6.2f} s   responses {responses}   {said}")
    full_median, noop_median = statistics.median(full), statistics.median(noop)
    print(f"\nfull build   median {full_median:6.2f} s   (n={len(full)}: {', '.join(f'{s:.2f}' for s in full)})")
    print(f"no-op build  median {noop_median:6.2f} s   (n={len(noop)}: {', '.join(f'{s:.2f}' for s in noop)})")
    print(f"ratio        {noop_median / full_median:.1%} of a full build (the goal: under 10%)")


if __name__ == "__main__":
    main()

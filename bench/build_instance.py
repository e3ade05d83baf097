"""What recording a build on the persistent Dagster instance costs, side by side with Dagster's ephemeral one.

    uv run --frozen python bench/build_instance.py [--builds 2]

Each round builds from ../shared/data/mirror (warm cache, `force`) twice in fresh processes, the order alternating
between rounds: once as
`socwh build` does (a persistent instance beside the warehouse: SQLite run, event and schedule storage, captured
compute logs) and once with `DagsterInstance.ephemeral()` swapped in (what builds used before). Medians and their
ratio are printed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MIRROR = REPO.parent / "shared" / "data" / "mirror"
CHILD = """
import sys
from pathlib import Path
from dagster import DagsterInstance
from warehouse.config import Settings
from orchestration.build_run import run_build
if sys.argv[2] == "ephemeral":
    DagsterInstance.from_config = staticmethod(lambda *a, **k: DagsterInstance.ephemeral())
root = Path(sys.argv[1])
s = Settings(root / "w.duckdb", root / "cache", sys.argv[3], "bench@example.org", "30.1")
assert run_build(s, force=True).success
"""


def timed(root: Path, kind: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", CHILD, str(root), kind, str(MIRROR)], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--builds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        timed(root, "ephemeral")  # warm the cache: every later build reads the same files
        times: dict[str, list[float]] = {"persistent": [], "ephemeral": []}
        for round_ in range(args.builds):
            # Alternate which goes first: on a shared machine the load drifts, and the first of a pair pays for it.
            for kind in ("persistent", "ephemeral")[:: 1 if round_ % 2 else -1]:
                times[kind].append(timed(root, kind))
                print(f"{kind:>10}: {times[kind][-1]:6.1f} s", flush=True)
    persistent, ephemeral = (statistics.median(times[k]) for k in ("persistent", "ephemeral"))
    print(f"median persistent {persistent:.1f} s, ephemeral {ephemeral:.1f} s, ratio {persistent / ephemeral:.2f}")


if __name__ == "__main__":
    main()

"""How long a full build from the local mirror takes, and how fast the analysts' questions are answered.

    uv run --frozen python bench/build_and_query.py [--builds 3] [--queries 50]

Builds: `socwh build --force` from ../shared/data/mirror (national OEWS), each in a fresh process, medians
reported (target: under 60 s on 2 cores). Queries: in one process with the warehouse open read-only, the work
behind `socwh show 15-1221` (profile row, education distribution, sources, rendering) and a query of
`niw_candidates`, timed without interpreter start-up (target: under 100 ms each). The reference is a plain
`SELECT count(*) FROM occupations`, to show the floor of a query on this machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MIRROR = REPO.parent / "shared" / "data" / "mirror"


def timed_build(root: Path, cache: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "warehouse.cli", "build", "--force", "--mirror", str(MIRROR),
         "--db", str(root / "soc.duckdb"), "--cache", str(cache)],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - started


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from rich.console import Console

    from warehouse.products import queries
    from warehouse.products.show import render_profile
    from warehouse.store.read import open_readonly

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        builds = [timed_build(root, root / "cache") for _ in range(args.builds)]
        print(f"full build from the local mirror: median {statistics.median(builds):.1f} s over {len(builds)} "
              f"({', '.join(f'{b:.1f}' for b in builds)}); target < 60 s")  # fmt: skip

        with open_readonly(root / "soc.duckdb") as con:
            console = Console(file=StringIO(), width=120)

            def show() -> None:
                row = queries.occupation(con, "15-1221")
                console.print(
                    render_profile(row, queries.education_distribution(con, row["onet_codes"]), queries.sources(con))
                )

            def niw() -> None:
                con.execute("SELECT * FROM niw_candidates").fetchall()

            def floor() -> None:
                con.execute("SELECT count(*) FROM occupations").fetchall()

            show()  # warm the connection once, as a CLI call would have after opening it
            for name, fn in (
                ("socwh show 15-1221", show),
                ("SELECT * FROM niw_candidates", niw),
                ("count(*) floor", floor),
            ):
                print(f"{name:32s} median {timed(fn, args.queries):7.1f} ms over {args.queries}; target < 100 ms")


if __name__ == "__main__":
    main()

"""What compiling GE's Data Docs templates once per process saves: one-table sites, written as a run that the
Dagster UI, a sensor or a schedule starts writes them (a check per table, a site per check).

    uv run --frozen python bench/data_docs.py [--sites 12] [--repeat 3]

Each round writes `--sites` one-table sites (the real O*NET 30.1 Job Zones from ../shared/data, validated once) in
two fresh processes, the order alternating: once as the code stands (warehouse.quality.gx shares one Jinja
bytecode cache among GE's views) and once with GE's own views (each compiles the templates again). Only the
writing is timed, not the imports. Medians and their ratio are printed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHILD = """
import sys, tempfile, time
from pathlib import Path
from transforms.raw import onet
from warehouse.quality import gx, validation
if sys.argv[2] == "ge":
    gx.DefaultJinjaView.__init__ = gx.GE_VIEW_INIT  # GE's own: a new Environment, templates compiled again
path = Path(sys.argv[3]) / "www.onetcenter.org/dl_files/database/db_30_1_text/Job Zones.txt"
report = validation.validate("raw.onet_job_zones", onet.parse_job_zones(path.read_bytes(), path.name), "30.1")
with tempfile.TemporaryDirectory() as folder:
    started = time.perf_counter()
    for n in range(int(sys.argv[1])):
        validation.write_reports([report], Path(folder) / str(n))
    print(time.perf_counter() - started)
"""


def timed(sites: int, kind: str) -> float:
    mirror = REPO.parent / "shared" / "data" / "mirror"
    done = subprocess.run([sys.executable, "-c", CHILD, str(sites), kind, str(mirror)], cwd=REPO,
                          capture_output=True, text=True, check=True)  # fmt: skip
    return float(done.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"cached": [], "ge": []}
    for round_ in range(args.repeat):
        for kind in ("cached", "ge")[:: 1 if round_ % 2 else -1]:  # the first of a pair pays for a drifting load
            times[kind].append(timed(args.sites, kind))
            print(f"{kind:>6}: {args.sites} sites in {times[kind][-1]:5.2f} s", flush=True)
    cached, ge = (statistics.median(times[k]) for k in ("cached", "ge"))
    print(f"median: shared template cache {cached:.2f} s, GE's own views {ge:.2f} s, ratio {ge / cached:.2f}")


if __name__ == "__main__":
    main()

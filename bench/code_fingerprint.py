"""Benchmark: the code fingerprint (warehouse.store.publish.code_fingerprint, run by every `socwh build` before it
decides there is nothing new) from the installed packages' files, beside the walk of the repository root it
replaced (the reference, kept here).

    uv run --frozen python bench/code_fingerprint.py [--repeat 21]

Both hash the same kinds of files (.py, .sql, .csv); they name them alike but sort them differently, so their
digests differ. Medians of --repeat runs, in this process (files in the page cache after the first run).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def repo_walk() -> str:
    """The reference: the fingerprint as computed before the wheel, by walking folders of the checkout."""
    digest = hashlib.sha256()
    for folder in ("sql", "transforms", "orchestration", "warehouse"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.suffix in (".py", ".sql", ".csv") and path.is_file() and "data" not in path.relative_to(REPO).parts:
                digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    from warehouse.store.publish import code_fingerprint
    from warehouse.store.sql_files import code_files

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()
    print(f"{len(code_files(('.py', '.sql', '.csv')))} files fingerprinted")
    for name, function in (("repo walk (reference)", repo_walk), ("package files", code_fingerprint)):
        seconds = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            function()
            seconds.append(time.perf_counter() - started)
        print(f"{name:22} median {statistics.median(seconds) * 1000:6.1f} ms over {args.repeat} runs")


if __name__ == "__main__":
    main()

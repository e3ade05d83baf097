"""How many builds' validation reports are kept: the newest N run folders under `reports/` (default 5).

Each build writes its reports into `reports/<run id>/` beside the warehouse; without a limit they grow by every
build (about 134 MB each, mostly Data Docs, with the full OEWS file). `SOC_WAREHOUSE_KEEP_REPORTS` sets N.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

KEEP_ENV = "SOC_WAREHOUSE_KEEP_REPORTS"
DEFAULT_KEEP = 5


def keep_count(env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    value = env.get(KEEP_ENV) or str(DEFAULT_KEEP)
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{KEEP_ENV} must be a whole number of builds, at least 1; got {value!r}")
    return int(value)


def prune(reports_root: Path, keep: int) -> list[Path]:
    """Remove all but the `keep` newest run folders in `reports_root` (by modification time); return those removed."""
    if not reports_root.is_dir():
        return []
    runs = sorted((p for p in reports_root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = runs[keep:]
    for folder in removed:
        shutil.rmtree(folder, ignore_errors=True)
    return removed

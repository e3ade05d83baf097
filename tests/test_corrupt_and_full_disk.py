"""Faults outside the sources: an unreadable published warehouse, and a disk that fills up during a build.

Real files, real `socwh` processes: a warehouse with its header overwritten and one cut in half; a build whose
warehouse folder is a 40 MB tmpfs that cannot hold the build file (skipped, with the reason, where mounting is not
allowed).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import MIRROR, REPO, copy_session_build, old_report_runs
from warehouse.quality import report_retention
from warehouse.store import recovery

MESSAGE = "{db} is not a readable DuckDB file (corrupt or truncated?): rebuild it with `socwh build --force`"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _occupations(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM occupations").fetchone()[0]


def socwh(env: dict, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warehouse.cli", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _overwrite_header(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.seek(8)
        handle.write(b"\xff" * 16)  # a few bytes of the file header


def _truncate(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


DAMAGE = {"corrupted": _overwrite_header, "truncated": _truncate}


def _environment(root: Path, cache: Path) -> dict[str, str]:
    """Where socwh finds the warehouse (root/soc.duckdb) and its download cache: never the session build's own,
    which other tests read while these build."""
    return {
        "SOC_WAREHOUSE_DB": str(root / "soc.duckdb"),
        "SOC_WAREHOUSE_CACHE": str(cache),
        "SOC_WAREHOUSE_MIRROR": str(MIRROR),
        "SOC_WAREHOUSE_CONTACT": "ci@example.org",
        "SOC_WAREHOUSE_ONET_RELEASE": "30.1",
    }


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_read_commands_say_the_file_is_unreadable_in_one_line(built_warehouse, tmp_path, damage):
    settings, _ = built_warehouse
    db = tmp_path / "soc.duckdb"
    shutil.copy(settings.db_path, db)
    DAMAGE[damage](db)
    env = _environment(tmp_path, tmp_path / "cache")
    expected = MESSAGE.format(db=db)
    show = socwh(env, "show", "15-1221")
    assert show.returncode == 2 and show.stderr.splitlines() == [f"error: {expected}"], show.stderr
    query = socwh(env, "sql", "SELECT count(*) FROM occupations")
    assert query.returncode == 1 and query.stderr.splitlines() == [expected], query.stderr
    assert recovery.probe(db) is not None


@pytest.mark.slow  # a whole build
def test_build_sets_an_unreadable_warehouse_aside_and_publishes_a_good_one(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    db = tmp_path / "soc.duckdb"
    copy_session_build(settings, db, tmp_path / "cache")
    _truncate(db)
    damaged = _sha256(db)
    # six reports of earlier builds, oldest first: with this build's, the newest five stay
    old_report_runs(tmp_path / "reports", 6)
    result = socwh(_environment(tmp_path, tmp_path / "cache"), "build")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    aside = list(tmp_path.glob("soc.duckdb.corrupt-*"))
    assert len(aside) == 1 and _sha256(aside[0]) == damaged  # kept as it was, for inspection
    warning = next(line for line in result.stderr.splitlines() if line.startswith("warning:"))
    assert warning.startswith(f"warning: {MESSAGE.format(db=db)} (IO Error: ")
    assert warning.endswith(
        f"Moved it aside to {aside[0]} and building as if nothing were published: its release history is lost."
    )
    print(f"\n[corrupt] exit {result.returncode}: {warning}")
    assert f"Published {db}" in result.stdout.replace("\n", "")
    assert _occupations(db) == 867
    with duckdb.connect(str(db), read_only=True) as con:  # history starts afresh: one release set
        assert con.execute("SELECT count(DISTINCT release_set) FROM history.occupation_snapshots").fetchone() == (1,)
    runs = {p.name for p in (tmp_path / "reports").iterdir()}
    assert len(runs) == report_retention.DEFAULT_KEEP
    (new,) = runs - {f"old-run-{n}" for n in range(2, 6)}  # the two oldest were removed, this build's added
    # one Data Docs site for the whole build, listing every table, not a site per table
    run = tmp_path / "reports" / new
    assert [p.relative_to(run) for p in run.rglob("data_docs")] == [Path("data_docs")]
    index = json.loads((run / "index.json").read_text())
    assert len(index["tables"]) >= 30 and {t["data_docs"] for t in index["tables"]} == {"data_docs/index.html"}
    site = (run / "data_docs" / "index.html").read_text()
    assert all(t["table"] in site for t in index["tables"])


def test_prune_keeps_the_newest_runs(tmp_path):
    old_report_runs(tmp_path, 4)
    removed = report_retention.prune(tmp_path, 2)
    assert sorted(p.name for p in removed) == ["old-run-0", "old-run-1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old-run-2", "old-run-3"]
    assert report_retention.keep_count({report_retention.KEEP_ENV: "3"}) == 3
    with pytest.raises(ValueError, match="SOC_WAREHOUSE_KEEP_REPORTS must be a whole number of builds"):
        report_retention.keep_count({report_retention.KEEP_ENV: "0"})


@pytest.fixture
def small_disk(built_warehouse, tmp_path):
    """A tmpfs one and a half times the published warehouse: room for it, not for a build file beside it. (Sized from
    the file: the same tables take 40-43 MB as DuckDB happens to lay them out, so a fixed 40 MB disk failed to take
    the warehouse at all.)"""
    mount = tmp_path / "disk"
    mount.mkdir()
    size = -(-built_warehouse[0].db_path.stat().st_size * 3 // 2 // 2**20)  # MiB, rounded up
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}): the full-disk test needs root")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.slow  # a whole build until the disk fills
def test_a_full_disk_fails_the_build_cleanly_and_keeps_the_warehouse(built_warehouse, small_disk, tmp_path):
    settings, _ = built_warehouse
    db = small_disk / "soc.duckdb"
    copy_session_build(settings, db, tmp_path / "cache")
    before = _sha256(db)
    used_before = shutil.disk_usage(small_disk).used
    # The Dagster instance that records builds (DAGSTER_HOME) lives on another disk here: this test is about the
    # warehouse's own folder filling up.
    environment = _environment(small_disk, tmp_path / "cache") | {"DAGSTER_HOME": str(tmp_path / "dagster_home")}
    result = socwh(environment, "build", "--force")
    output = result.stdout + result.stderr
    first = next((line for line in result.stderr.splitlines() if line.startswith("Build failed")), "")
    print(f"\n[full disk] exit {result.returncode}: {first}")
    assert result.returncode == 1, output
    assert first == f"Build failed: no space left on {small_disk}; the published warehouse was not changed.", output
    assert "Traceback" not in output
    # no build file, WAL, half-written copy or reports left behind (the empty reports folder may stay)
    left = sorted(str(p.relative_to(small_disk)) for p in small_disk.rglob("*") if p.name != "reports")
    assert left == ["soc.duckdb", "soc.duckdb.lock"], left
    assert shutil.disk_usage(small_disk).used <= used_before + 1_000_000
    assert _sha256(db) == before and _occupations(db) == 867

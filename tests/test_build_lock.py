"""One build at a time per warehouse: two real `socwh build` processes on one warehouse.

The first build holds `<db>.lock` (flock). A second exits at once with exit code 75 and says who holds it; with
`--wait SECONDS` it waits that long first; with a bare `--wait` it waits until the lock is free. Killing the first
build releases the lock (the kernel does), its half-built file is never published, and the published warehouse is
byte-identical throughout. Publish refuses a build file another run wrote, and sensors skip while the lock is held.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import MIRROR, REPO, copy_session_build
from warehouse.store import lock
from warehouse.store import publish as build

HOLD_LOCK = """
import fcntl, json, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
os.write(fd, json.dumps({"pid": os.getpid(), "started_at": "2026-01-01T00:00:00+00:00"}).encode())
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _occupations(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM occupations").fetchone()[0]


@pytest.fixture
def published(built_warehouse, tmp_path):
    """A copy of the real warehouse, with the environment to build it again from the local mirror."""
    settings, _ = built_warehouse
    db = tmp_path / "soc.duckdb"
    copy_session_build(settings, db, tmp_path / "cache")
    env = {
        **os.environ,
        "SOC_WAREHOUSE_DB": str(db),
        "SOC_WAREHOUSE_CACHE": str(tmp_path / "cache"),
        "SOC_WAREHOUSE_MIRROR": str(MIRROR),
        "SOC_WAREHOUSE_CONTACT": "ci@example.org",
        "SOC_WAREHOUSE_ONET_RELEASE": "30.1",
    }
    return env, db


def socwh(env: dict, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warehouse.cli", *args], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting {seconds:g} s for {what}")
        time.sleep(0.2)


@pytest.mark.slow  # a build held mid-way
def test_a_second_build_exits_at_once_and_waits_only_when_asked(published, tmp_path):
    env, db = published
    before = _sha256(db)
    first_log = (tmp_path / "first.log").open("w")
    # The first build holds the lock until it is killed: it waits before its publish's rename
    # (warehouse.store.publish._test_pause). Left to run, it finished while the second and third `socwh build` were
    # still starting on a loaded machine (under coverage), and the third then built instead of waiting.
    first = subprocess.Popen(
        [sys.executable, "-m", "warehouse.cli", "build", "--force"], cwd=REPO,
        env={**env, "SOC_WAREHOUSE_TEST_PAUSE_AT": "publish"}, stdout=first_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_for(lambda: f'"pid": {first.pid}' in lock.lock_path(db).read_text(errors="replace")
                  if lock.lock_path(db).exists() else False, 120, "the first build to take the lock")  # fmt: skip
        build_file = build.build_path(db)
        _wait_for(build_file.exists, 300, "the first build to start writing its build file")
        inode = build_file.stat().st_ino

        started = time.monotonic()
        second = socwh(env, "build", "--force")
        took = time.monotonic() - started
        assert second.returncode == lock.EXIT_LOCKED == 75, second.stdout + second.stderr
        message = second.stderr.strip()
        assert re.fullmatch(
            rf"another build \(PID {first.pid}, started at \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00\) is writing "
            rf"{re.escape(str(db))}; wait for it or use --wait",
            message,
        ), message
        print(f"\n[lock] second build: exit {second.returncode} in {took:.1f} s: {message}")
        assert first.poll() is None, "the first build must still be running"
        assert build_file.stat().st_ino == inode  # the second build did not delete the first one's file

        started = time.monotonic()
        waited = socwh(env, "build", "--force", "--wait", "2")
        assert waited.returncode == 75, waited.stdout + waited.stderr
        assert time.monotonic() - started >= 2
        assert waited.stderr.strip().endswith("wait for it or use --wait (waited 2 s)"), waited.stderr
        assert build_file.stat().st_ino == inode
    finally:
        first.send_signal(signal.SIGKILL)  # killed mid-build: the kernel releases its lock
        first.wait(timeout=30)
        first_log.close()
    assert not lock.is_held_elsewhere(db)
    assert _sha256(db) == before and _occupations(db) == 867
    # the lock is free again: a build now goes ahead (and finds nothing new to build)
    after = socwh(env, "build", "--wait", "5")
    assert after.returncode == 0, after.stdout + after.stderr
    assert "nothing new" in after.stdout
    assert _sha256(db) == before


def test_a_bare_wait_waits_for_the_lock_to_be_released(published):
    env, db = published
    before = _sha256(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock.lock_path(db)), "3"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert lock.is_held_elsewhere(db)
        assert lock.holder(db) == f"PID {holder.pid}, started at 2026-01-01T00:00:00+00:00"
        started = time.monotonic()
        result = socwh(env, "build", "--wait")
        took = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nothing new" in result.stdout
    assert took >= 2.5  # it waited for the holder, which held the lock for 3 s
    assert _sha256(db) == before and _occupations(db) == 867


def test_publish_refuses_a_build_file_this_run_did_not_write(published, tmp_path):
    _, db = published
    before = _sha256(db)
    build_file = tmp_path / "soc.build.duckdb"
    build.start_build_file(build_file, "run-a")
    assert build.build_run_id(build_file) == "run-a"
    with pytest.raises(build.NotThisRunsBuild) as caught:
        build.publish(build_file, db, run_id="run-b")
    assert str(caught.value) == f"not publishing {build_file}: it carries run run-a, not this run (run-b)"
    build_file.unlink()
    with pytest.raises(build.NotThisRunsBuild) as caught:
        build.publish(build_file, db, run_id="run-b")
    assert str(caught.value) == f"not publishing {build_file}: it is missing, not this run (run-b)"
    assert not build_file.exists()  # DuckDB was never asked to open it (it would have created an empty one)
    assert _sha256(db) == before and _occupations(db) == 867


def test_sensors_and_the_schedule_skip_while_a_build_holds_the_lock(published, tmp_path):
    from dagster import build_schedule_context, build_sensor_context, instance_for_test

    from orchestration.resources import SourceFiles, WarehouseDB
    from orchestration.sensors import release_sensors, weekly_release_check

    _, db = published
    res = {
        "sources": SourceFiles(cache_dir=str(tmp_path / "cache"), mirror=str(MIRROR), onet_release="30.1"),
        "warehouse": WarehouseDB(db_path=str(db)),
    }
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock.lock_path(db)), "60"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        expected = (
            f"another build (PID {holder.pid}, started at 2026-01-01T00:00:00+00:00) is writing {db}: "
            "polling again at the next tick"
        )
        with instance_for_test() as instance:
            sensor = release_sensors()[0]
            with build_sensor_context(instance=instance, resources=res, sensor_name=sensor.name) as context:
                result = sensor.evaluate_tick(context)
            assert result.run_requests == [] and result.skip_message == expected
            with build_schedule_context(instance=instance, resources=res) as context:
                result = weekly_release_check.evaluate_tick(context)
            assert result.run_requests == [] and result.skip_message == expected
    finally:
        holder.kill()
        holder.wait()

"""Killed builds and concurrent readers: the published warehouse is never harmed, and never blocks anyone.

Each build runs as `socwh build` in its own process against a real HTTP server over ../shared/data/mirror.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import duckdb
import pytest

from tests.conftest import MIRROR, REPO


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(MIRROR)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = tmp_path_factory.mktemp("killed")
    yield {
        **os.environ,
        "SOC_WAREHOUSE_DB": str(root / "soc.duckdb"),
        "SOC_WAREHOUSE_CACHE": str(root / "cache"),
        "SOC_WAREHOUSE_MIRROR": f"http://127.0.0.1:{server.server_address[1]}",
        "SOC_WAREHOUSE_CONTACT": "ci@example.org",
        "SOC_WAREHOUSE_ONET_RELEASE": "30.1",
    }
    server.shutdown()


def build(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "warehouse.cli", "build", "--force"],  # always a real build
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_queryable(path: Path) -> None:
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM occupations").fetchone() == (867,)
        assert con.execute("SELECT job_zone FROM occupations WHERE soc_code = '15-1221'").fetchone() == (5,)


def assert_cache_is_honest(cache: Path) -> None:
    """Every cached file that has a record matches it; anything unfinished is a dot-file ending in .part."""
    for meta in cache.rglob("*.meta.json"):
        record = json.loads(meta.read_text())
        data = meta.with_name(meta.name.removesuffix(".meta.json"))
        if data.exists():
            assert hashlib.sha256(data.read_bytes()).hexdigest() == record["sha256"], data
    for path in cache.rglob("*"):
        if path.is_file() and not path.name.endswith(".meta.json") and path.name.startswith("."):
            assert path.name.endswith(".part"), path


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.001)
    return False


@pytest.fixture(scope="module")
def good(env):
    process = build(env)
    out, _ = process.communicate(timeout=300)
    assert process.returncode == 0, out
    return Path(env["SOC_WAREHOUSE_DB"])


def _downloading(env):
    cache = Path(env["SOC_WAREHOUSE_CACHE"])
    return lambda: any(cache.rglob(".*.part"))


def _loading(env):
    building = Path(env["SOC_WAREHOUSE_DB"]).with_name("soc.build.duckdb")
    return lambda: building.exists() and building.stat().st_size > 1_000_000


def _publishing(env):
    folder = Path(env["SOC_WAREHOUSE_DB"]).parent
    return lambda: any(folder.glob(".soc.duckdb.*.publishing"))


@pytest.mark.parametrize("phase", ["download", "load", "publish"])
@pytest.mark.parametrize("attempt", range(3))
def test_sigkill_leaves_the_last_good_warehouse(env, good, phase, attempt):
    published = good
    before = sha256(published)
    if phase == "download":  # an empty cache, so the build has to download everything again
        for path in Path(env["SOC_WAREHOUSE_CACHE"]).rglob("*"):
            if path.is_file():
                path.unlink()
    reached = {"download": _downloading, "load": _loading, "publish": _publishing}[phase](env)
    process = build(env)
    try:
        caught = wait_for(reached, timeout=120)
        if phase != "publish":
            time.sleep(0.05 * attempt)  # a few different points inside the phase
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    # Killed before the rename: the old file, byte for byte. Killed just after: the new one, equally whole.
    if caught and process.returncode == -signal.SIGKILL and phase != "publish":
        assert sha256(published) == before
    assert_queryable(published)
    assert_cache_is_honest(Path(env["SOC_WAREHOUSE_CACHE"]))
    again = build(env)
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0, out
    assert_queryable(published)
    assert not list(published.parent.glob(".soc.duckdb.*.publishing"))


READER = """
import duckdb, json, sys, time
path, stop = sys.argv[1], sys.argv[2]
import os
queries = failures = 0
longest = 0.0
errors = []
while not os.path.exists(stop):
    started = time.perf_counter()
    try:
        with duckdb.connect(path, read_only=True) as con:
            assert con.execute("SELECT count(*) FROM occupations").fetchone()[0] == 867
            con.execute("SELECT * FROM niw_candidates LIMIT 20").fetchall()
        queries += 1
    except Exception as error:
        failures += 1
        errors.append(str(error)[:200])
    longest = max(longest, time.perf_counter() - started)
print(json.dumps({"queries": queries, "failures": failures, "longest_s": longest, "errors": errors[:5]}))
"""


def test_readers_are_never_blocked_or_broken_by_a_build(env, good, tmp_path):
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(good), str(stop)], stdout=subprocess.PIPE, text=True)
    process = build(env)
    out, _ = process.communicate(timeout=300)
    stop.touch()
    report = json.loads(reader.communicate(timeout=60)[0])
    assert process.returncode == 0, out
    print(f"\nreaders during a build: {report}")
    assert report["failures"] == 0, report["errors"]
    assert report["queries"] > 20

"""Killed builds and concurrent readers: the published warehouse is never harmed, and never blocks anyone.

Each build runs as `socwh build` in its own process against a real HTTP server over ../shared/data/mirror.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import duckdb
import pytest

from tests.conftest import MIRROR, REPO, copy_session_build, sha256

pytestmark = pytest.mark.slow  # killed builds, and the builds after them


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """The mirror, served slowly when `SLOW` is set: each file's body stops halfway for a moment, so a download
    can be killed while its `.part` file is being written, not by luck."""

    def copyfile(self, source, outputfile) -> None:
        if not SLOW.is_set():
            return super().copyfile(source, outputfile)
        data = source.read()
        outputfile.write(data[: len(data) // 2])
        outputfile.flush()
        time.sleep(0.5)
        outputfile.write(data[len(data) // 2 :])

    def log_message(self, *args: object) -> None:
        pass


SLOW = threading.Event()


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


def wait_for(predicate, timeout: float, every: float = 0.001) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


@pytest.fixture(scope="module")
def good(env, built_warehouse):
    """The last good warehouse: the session's, copied with its download cache."""
    settings, _ = built_warehouse
    published = Path(env["SOC_WAREHOUSE_DB"])
    copy_session_build(settings, published, Path(env["SOC_WAREHOUSE_CACHE"]))
    return published


def _downloading(env):
    cache = Path(env["SOC_WAREHOUSE_CACHE"])
    return lambda: any(cache.rglob(".*.part"))


def _loading(env):
    folder = Path(env["SOC_WAREHOUSE_DB"]).parent
    building = folder / "soc.build.duckdb"
    # Writing the build file, and not yet copying it for the publish.
    return lambda: building.exists() and building.stat().st_size > 1_000_000 and not _publishing_files(folder)


def _publishing_files(folder: Path) -> list[Path]:
    return list(folder.glob(".soc.duckdb.*.publishing"))


def _paused(folder: Path) -> list[Path]:
    return list(folder.glob("*.paused"))  # pathlib's * matches dot-files too


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL  # the kill landed: the build had not finished on its own


def rebuild_and_check(env: dict[str, str], published: Path) -> None:
    """After a kill, the next build succeeds and leaves nothing of the killed one behind."""
    again = build(env)
    out, _ = again.communicate(timeout=900)  # generous: the machine may be shared and busy
    assert again.returncode == 0, out
    assert_queryable(published)
    assert not _publishing_files(published.parent)


# Each build here costs ~20 s on an idle machine and 40-60 s on two busy workers, so the kills come in a row, in one
# test: each next build starts from what the previous kill left and must get past it (a killed download's `.part`
# files, a killed load's build file, a killed publish's copy), and only the last one is let finish. The publish is
# killed in the publish step alone (`_kill_in_the_publish`). Ten builds became six (2026-12-04), then three.


def _kill_in(env: dict[str, str], published: Path, phase: str) -> None:
    """Start a build and kill it as soon as it is seen in `phase`: downloading (an empty cache, served slowly) or
    loading (writing its build file)."""
    if phase == "download":  # an empty cache, so the build has to download everything again, slowly
        for path in Path(env["SOC_WAREHOUSE_CACHE"]).rglob("*"):
            if path.is_file():
                path.unlink()
        SLOW.set()
    # A finished build leaves its build file beside the warehouse: removed here, so that the one the load phase
    # waits for is this build's own (the build would remove it too, but only after its start-up).
    for stale in published.parent.glob("soc.build.duckdb*"):
        stale.unlink()
    reached = {"download": _downloading, "load": _loading}[phase](env)
    process = build(env)
    try:
        # Killed as soon as the phase is seen: three kills per phase, 50 ms apart, landed in the same state (the
        # first .part file, or the first tables of the build file), so one each is kept.
        assert wait_for(reached, timeout=600), f"the build never reached the {phase} phase"
        assert reached(), f"the build left the {phase} phase before the kill"
        kill(process)
    finally:
        SLOW.clear()
        if process.poll() is None:
            process.kill()


PUBLISH = """
import sys
from pathlib import Path
from warehouse.store.lock import build_lock
from warehouse.store.publish import publish
with build_lock(Path(sys.argv[2])):
    publish(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def _kill_in_the_publish(env: dict[str, str], published: Path, ready: Path, moment: str) -> None:
    """The build's publish step (warehouse.store.publish.publish, under the build lock, as the `warehouse` asset
    runs it) publishes `ready`, a finished build file, from a process of its own; it waits at an exact point
    (SOC_WAREHOUSE_TEST_PAUSE_AT) and is killed there. Not a whole build each time: what a kill can break here is
    the copy and the rename, and the builds around these kills run the whole pipeline."""
    folder = published.parent
    before = sha256(published)
    pause_at = "published" if moment == "after the rename" else "publish"
    process = subprocess.Popen(
        [sys.executable, "-c", PUBLISH, str(ready), str(published)],
        cwd=REPO,
        env={**env, "SOC_WAREHOUSE_TEST_PAUSE_AT": pause_at},
    )
    try:
        assert wait_for(lambda: _paused(folder), timeout=900, every=0.05), "the publish never reached its pause"
        (marker,) = _paused(folder)
        if moment == "after the rename":
            assert marker == folder / "soc.duckdb.paused"
            new = sha256(published)
            assert new != before and not _publishing_files(folder)  # renamed: the copy is the published file
        else:
            # Only this publish's copy: a copy a killed publish left was cleared before this one was made.
            (copy,) = _publishing_files(folder)
            assert marker == copy.with_name(copy.name + ".paused")
            new = sha256(copy)  # the whole new warehouse, copied and fsynced, not yet renamed
            assert new != before and sha256(published) == before
            if moment == "racing the rename":
                marker.unlink()  # released: the publish notices within 0.05 s, then renames
                time.sleep(0.05)  # so the kill lands just before or just after os.replace
        kill(process)
    finally:
        if process.poll() is None:
            process.kill()
    for leftover in _paused(folder):
        leftover.unlink()
    expected = {"before the rename": {before}, "racing the rename": {before, new}, "after the rename": {new}}
    assert sha256(published) in expected[moment], moment
    assert_queryable(published)


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
    time.sleep(0.1)  # a reader every 0.1 s, not a core's worth of them competing with the build it watches
print(json.dumps({"queries": queries, "failures": failures, "longest_s": longest, "errors": errors[:5]}))
"""


def test_sigkill_at_each_phase_of_a_build_leaves_the_last_good_warehouse_and_readers_never_wait(env, good, tmp_path):
    """Five kills in a row, each next step taking over what the last one left: a build killed while downloading (into
    an emptied cache), one killed while loading, then the publish step killed after its rename, racing it and before
    it (the kill that leaves a stale copy). The build that finally succeeds must get past the killed load's build file
    and the publish's copy; it runs beside a reader that is never blocked or broken."""
    published = good
    before = sha256(published)
    for phase in ("download", "load"):
        _kill_in(env, published, phase)
        # Killed before the publish: the old file, byte for byte.
        assert sha256(published) == before, phase
        assert_queryable(published)
        assert_cache_is_honest(Path(env["SOC_WAREHOUSE_CACHE"]))
    ready = tmp_path / "ready.duckdb"  # a finished build file: the good warehouse (each publish stamps it anew)
    shutil.copy2(published, ready)
    for moment in ("after the rename", "racing the rename", "before the rename"):
        _kill_in_the_publish(env, published, ready, moment)
    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published), str(stop)], stdout=subprocess.PIPE, text=True
    )
    try:
        rebuild_and_check(env, published)
    finally:
        stop.touch()
    report = json.loads(reader.communicate(timeout=60)[0])
    print(f"\nreaders during a build: {report}")
    assert report["failures"] == 0, report["errors"]
    assert report["queries"] > 20
    # A reader that waited for the build would wait its whole length (a minute); a query alone takes ~0.1 s.
    # 5 s leaves room for a busy, shared 2-core machine: on 2026-12-05 the longest query beside the build took 2.1
    # and 2.2 s in two suite runs (none failed, none waited), over the 2 s bound this test had before.
    assert report["longest_s"] < 5.0, report

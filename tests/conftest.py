"""Shared test helpers: where the real source files are (../shared/data beside the checkout)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pickle
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
MIRROR = SHARED_DATA / "mirror"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Debian's Chromium, run headless as root on a machine with no network beyond loopback.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# rich's Console, made when warehouse.cli.common is imported, fixes its width for good if COLUMNS is set then (a
# shell may export it; xdist workers have inherited COLUMNS=80), whatever COLUMNS a test later gives CliRunner:
# tables wrapped mid-phrase. Without them the width follows COLUMNS at each call.
for _variable in ("COLUMNS", "LINES"):
    os.environ.pop(_variable, None)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist's: absent with -p no:xdist
def pytest_xdist_make_scheduler(config, log):
    """xdist's loadscope scheduling with a file as the unit of work, in the order pytest_collection_modifyitems
    leaves (`--no-loadscope-reorder`): a file's module fixtures (a build, a server, a browser) start once.

    Even the files whose every test runs a build of its own (test_failure_safety, test_interrupted_builds) run whole
    on one worker: spread over both, each worker built the file's good warehouse first, a whole build more, on a
    suite whose two workers are busy throughout.

    Not `--dist loadgroup` with xdist_group marks: xdist 3.8 adds the group to `item._nodeid`, which pytest 9.2 no
    longer reads, so every test became its own unit and a file's tests ran on both workers, each starting the file's
    server or browser (seen in a timeline of the fast tier: both workers in tests/test_dashboard.py at once).
    Upstream: pytest-dev/pytest-xdist#1386 (open; the fix, #1388, not released as of xdist 3.8.0). Only for the
    default `--dist loadscope` (addopts): another --dist given on the command line is xdist's own."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerPerFile(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return nodeid.split("::", 1)[0]

    return OneWorkerPerFile(config, log)


def pytest_collection_modifyitems(config, items):
    """Files in the order they are best run: first those that need no shared warehouse (it is building in the
    background meanwhile, see `_session_build_started_early`), then those that read it; in each part the files with
    slow tests first, so that no long file is left for last. Within a file, the tests keep their order."""

    def file_of(item) -> str:
        return item.nodeid.split("::", 1)[0]

    reads, slow = set(), set()
    for item in items:
        if "built_warehouse" in getattr(item, "fixturenames", ()):
            reads.add(file_of(item))
        if item.get_closest_marker("slow"):
            slow.add(file_of(item))
    first_seen = {file: index for index, file in reversed(list(enumerate(map(file_of, items))))}
    items.sort(key=lambda item: (file_of(item) in reads, file_of(item) not in slow, first_seen[file_of(item)]))


def mirror_bytes(host_path: str) -> bytes:
    """The bytes of a real publisher file from ../shared/data/mirror, e.g. 'www.bls.gov/soc/2018/soc_structure_2018.xlsx'."""
    path = MIRROR / host_path
    if not path.is_file():
        pytest.fail(f"real source file missing: {path} (../shared/data must sit beside the checkout)")
    return path.read_bytes()


@pytest.fixture(autouse=True, scope="session")
def _default_data_folder_elsewhere(tmp_path_factory):
    """The default data folder (warehouse.config.default_data_dir, under XDG_DATA_HOME) in a temporary folder, for
    this process and the commands it starts: no test reads or writes the user's own warehouse."""
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg_data_home"))


def shared_tmp(tmp_path_factory) -> Path:
    """The session's temporary folder, shared by every pytest-xdist worker (each worker has its own below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _session_build_folder(tmp_path_factory) -> Path:
    root = shared_tmp(tmp_path_factory) / "warehouse"
    root.mkdir(exist_ok=True)
    return root


def session_build_settings(root: Path):
    """Where the session's shared warehouse is built, from the local mirror."""
    from warehouse.config import Settings

    return Settings(
        db_path=root / "soc_warehouse.duckdb",
        cache_dir=root / "cache",
        mirror=str(MIRROR),
        contact="ci@example.org",
        onet_release="30.1",
    )


def build_session_warehouse(root: Path) -> None:
    """Build the session's warehouse into `root` and leave outcome.pickle there (or failed.txt, saying why).

    The caller holds `root`'s lock (warehouse.lock) until this returns; run by tests/session_build.py."""
    from orchestration.build_run import run_build

    settings = session_build_settings(root)
    outcome = run_build(settings)
    if not outcome.success:
        (root / "failed.txt").write_text("the session build failed:\n" + "\n".join(outcome.failures))
        return
    (root / "outcome.pickle").write_bytes(pickle.dumps((settings, outcome)))


YIELD_TO_THE_BUILD = 10  # the niceness of a test process while the session build runs


def _yield_to_the_build(lock: Path) -> None:
    """Let the session build have the CPU it needs: it is the critical path of every test that reads the warehouse.

    This process (and what it starts meanwhile) runs at niceness +10 until the builder releases `lock`; then a
    thread sets every thread of it and of its children back to 0 (Linux keeps a niceness per thread, and the
    thread pools of DuckDB and Polars started meanwhile). Measured on the fast tier: beside two workers at the same
    priority the build took 33 s and the workers waited ~17 s for it in all. Lowering the niceness again needs
    root (or an RLIMIT_NICE): without it the tests stay at +10, which only matters beside other work on the machine.
    """
    os.nice(YIELD_TO_THE_BUILD)
    tests = os.getpid()

    def stop_yielding() -> None:
        import psutil

        with lock.open("r") as held:
            fcntl.flock(held, fcntl.LOCK_SH)  # waits for the builder to exit; released at once
        with contextlib.suppress(psutil.Error):
            for process in [psutil.Process(tests), *psutil.Process(tests).children(recursive=True)]:
                for thread in process.threads():
                    with contextlib.suppress(OSError):  # gone, or not allowed
                        os.setpriority(os.PRIO_PROCESS, thread.id, 0)

    threading.Thread(target=stop_yielding, name="stop-yielding-to-the-build", daemon=True).start()


SESSION_BUILD_MAX_SECONDS = 900  # generous: a build takes 20-40 s on this machine, busy or not


@pytest.fixture(scope="session", autouse=True)
def _session_build_started_early(request, tmp_path_factory, _default_data_folder_elsewhere):
    """Start the shared build in the background as the session starts, if any selected test reads it.

    The tests that need no warehouse (parsers, checks, downloads: they come first, see pytest_collection_modifyitems)
    run meanwhile, instead of every worker waiting ~20 s at its first test that asks for `built_warehouse`. The
    builder process inherits the lock (warehouse.lock) that `built_warehouse` waits on, so nobody reads a
    half-built file and nobody builds twice. At the end of the session the builder is waited for, or stopped if
    the session stopped early (-x, --maxfail, Ctrl-C): it never outlives pytest."""
    if not any("built_warehouse" in getattr(item, "fixturenames", ()) for item in request.session.items):
        yield
        return
    root = _session_build_folder(tmp_path_factory)
    builder = None
    with (root / "warehouse.lock").open("w") as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pass  # another worker's builder has it
        else:
            if not (root / "build.log").exists():
                with (root / "build.log").open("wb") as log:
                    builder = subprocess.Popen(
                        [sys.executable, str(Path(__file__).with_name("session_build.py")), str(root)],
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        pass_fds=(held.fileno(),),  # the lock goes with the open file: held until the builder exits
                        cwd=REPO,
                    )
    _yield_to_the_build(root / "warehouse.lock")
    yield
    if builder is not None:
        if not (request.session.shouldfail or request.session.shouldstop):
            with contextlib.suppress(subprocess.TimeoutExpired):
                builder.wait(timeout=SESSION_BUILD_MAX_SECONDS)
        stop_server(builder)  # returns at once if it has ended; else SIGTERM (then SIGKILL)


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory):
    """A real warehouse, built once per test session through Dagster from the local mirror: (settings, outcome).

    Usually already building in the background (`_session_build_started_early`): this waits for it, at most
    SESSION_BUILD_MAX_SECONDS. Under pytest-xdist every worker waits on the same lock and reads the same files."""
    root = _session_build_folder(tmp_path_factory)
    log = root / "build.log"

    def said() -> str:
        return log.read_text()[-4000:] if log.exists() else "(no build.log: the build ran in a test process)"

    with (root / "warehouse.lock").open("w") as held:
        deadline = time.monotonic() + SESSION_BUILD_MAX_SECONDS
        while True:
            try:
                fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.fail(f"the session build took over {SESSION_BUILD_MAX_SECONDS} s:\n{said()}")
                time.sleep(0.2)
        started = log.exists() or (root / "outcome.pickle").exists() or (root / "failed.txt").exists()
        if not started:  # nobody started it in the background: build here, in this process
            build_session_warehouse(root)
        if (failed := root / "failed.txt").exists():
            pytest.fail(f"{failed.read_text()}\n{said()}")
        if not (root / "outcome.pickle").exists():  # the builder died without a word (killed, out of memory)
            pytest.fail(f"the background session build ended without a result:\n{said()}")
        return pickle.loads((root / "outcome.pickle").read_bytes())


@pytest.fixture(scope="session")
def warehouse_db(built_warehouse):
    """A read-only connection to the built warehouse."""
    import duckdb

    settings, _ = built_warehouse
    con = duckdb.connect(str(settings.db_path), read_only=True)
    yield con
    con.close()


def flat(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces: how a test reads a message the terminal wrapped."""
    return " ".join(text.split())


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def copy_session_build(settings, db: Path, cache: Path) -> None:
    """The session's warehouse and download cache copied to `db` and `cache`, for a test that builds over them,
    breaks a build or kills one. Modification times are kept, so a server over the same mirror answers the cache's
    conditional requests with 304, as it would for a build of this folder's own."""
    shutil.copy2(settings.db_path, db)
    shutil.copytree(settings.cache_dir, cache, copy_function=shutil.copy2)


def old_report_runs(reports: Path, count: int) -> list[Path]:
    """`count` report folders of earlier runs in `reports` (old-run-0 … ), oldest first, each an index.json and its
    modification time seconds apart, an hour ago: what report retention sorts by."""
    runs = [reports / f"old-run-{n}" for n in range(count)]
    for n, folder in enumerate(runs):
        folder.mkdir(parents=True)
        (folder / "index.json").write_text("{}")
        os.utime(folder, (time.time() - 3600 + n, time.time() - 3600 + n))
    return runs


@pytest.fixture
def writable_copy(built_warehouse, tmp_path):
    """A fresh copy of the built warehouse and its sha256, for code to run on a connection that *could* write:
    a test opens it read-write, runs hostile input through, closes it, and checks the sha256 is unchanged (a
    read-only connection would only ever fail by raising). Opening and closing DuckDB writes nothing by itself."""
    settings, _ = built_warehouse
    copy = tmp_path / "writable.duckdb"
    shutil.copyfile(settings.db_path, copy)
    return copy, sha256(copy)


def stop_server(process: subprocess.Popen, timeout: float = 15) -> None:
    """Stop a server (or the session's builder) the test started: SIGTERM, and SIGKILL if it has not exited within
    `timeout` (on a loaded machine a server can take longer than that to shut down; it must not outlive the test)."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


SOCWH = Path(sys.executable).with_name("socwh")  # the console script the README documents


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def socwh_serve(built_warehouse, tmp_path_factory):
    """`socwh serve` (the JSON API and the dashboard on one port) over the shared warehouse, started once, as a user
    starts it: its base URL. It must leave the warehouse file as it found it."""
    db = built_warehouse[0].db_path
    before = sha256(db)
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [SOCWH, "serve", "--port", str(port), "--db", str(db)], stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, log.read_text()
        try:
            urllib.request.urlopen(url + "/openapi.json", timeout=2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, f"socwh serve did not answer within 60 s:\n{log.read_text()}"
            time.sleep(0.2)
    yield url
    stop_server(process)
    assert sha256(db) == before, "socwh serve changed the warehouse file"

"""The release sensors and the weekly schedule, evaluated with Dagster's test utilities against real HTTP servers
on 127.0.0.1 that serve a copy of ../shared/data/mirror, compared with the real warehouse of the test session."""

from __future__ import annotations

import functools
import hashlib
import json
import shutil
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from dagster import (
    DagsterRun,
    DagsterRunStatus,
    build_schedule_context,
    build_sensor_context,
    instance_for_test,
    validate_run_config,
)

from orchestration.resources import SourceFiles, WarehouseDB
from orchestration.sensors import (
    MAX_BACKOFF_SECONDS,
    POLL_SECONDS,
    WEEKLY_CRON,
    release_schedules,
    release_sensors,
    weekly_release_check,
)
from tests.conftest import MIRROR, copy_session_build
from transforms.raw import onet_releases
from warehouse.config import Settings
from warehouse.sources import catalog

ONET_DB = "www.onetcenter.org/dl_files/database"
OE_RELEASE = "download.bls.gov/pub/time.series/oe/oe.release"
SENSORS = {s.name: s for s in release_sensors()}


class MirrorServer:
    """A real HTTP server over a folder laid out HOST/PATH (Python's own: Last-Modified, If-Modified-Since → 304).

    `log` records (method, path, status) of every request; `fail[path] = (status, headers)` answers that instead.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.log: list[tuple[str, str, int]] = []
        self.fail: dict[str, tuple[int, dict[str, str]]] = {}
        server = self

        class Handler(SimpleHTTPRequestHandler):
            def send_head(self):
                if self.path in server.fail:
                    status, headers = server.fail[self.path]
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                return super().send_head()

            def log_request(self, code="-", size="-"):
                server.log.append((self.command, self.path, int(code)))

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        # serve_forever looks for shutdown() every poll_interval: 0.5 s by default, paid at every test's close.
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def paths(self, status: int | None = None) -> list[str]:
        return [path for _, path, code in self.log if status is None or code == status]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def copy_mirror(dest: Path) -> Path:
    """A copy of the real mirror; copy2 keeps the files' mtimes, so the copy serves the same Last-Modified."""
    shutil.copytree(MIRROR, dest, copy_function=shutil.copy2)
    return dest


def publish_onet_release(mirror: Path, release: str, *, readme_only: bool = False) -> None:
    """Make `mirror` hold O*NET `release`: 30.1's files (or only its Read Me) under the new folder and number."""
    source = mirror / ONET_DB / onet_releases.release_folder("30.1")
    dest = mirror / ONET_DB / onet_releases.release_folder(release)
    dest.mkdir()
    for file in [source / "Read Me.txt"] if readme_only else source.iterdir():
        shutil.copy2(file, dest / file.name)
    readme = dest / "Read Me.txt"
    readme.write_bytes(readme.read_bytes().replace(b"O*NET 30.1 Database", f"O*NET {release} Database".encode()))


def publish_oews_release(mirror: Path) -> None:
    path = mirror / OE_RELEASE
    path.write_bytes(path.read_bytes().replace(b"2025A01\tMay 2025", b"2026A01\tMay 2026"))


@pytest.fixture
def mirror(tmp_path):
    server = MirrorServer(copy_mirror(tmp_path / "mirror"))
    yield server
    server.close()


@pytest.fixture
def unpinned(monkeypatch):
    """No O*NET release pinned: the sensors look for newer releases."""
    monkeypatch.delenv("SOC_WAREHOUSE_ONET_RELEASE", raising=False)


def resources(settings: Settings, mirror_location: str, db_path: Path | None = None) -> dict:
    return {
        "sources": SourceFiles(cache_dir=str(settings.cache_dir), mirror=mirror_location, onet_release="30.1"),
        "warehouse": WarehouseDB(db_path=str(db_path or settings.db_path)),
    }


def tick(name: str, instance, res: dict, cursor: str | None = None):
    # Closed here, inside the instance's scope: a context left to the garbage collector would later reset Dagster's
    # current-instance context variable to an instance already disposed of.
    with build_sensor_context(instance=instance, resources=res, cursor=cursor, sensor_name=name) as context:
        return SENSORS[name].evaluate_tick(context)


def weekly_tick(instance, res: dict):
    with build_schedule_context(instance=instance, resources=res) as context:
        return weekly_release_check.evaluate_tick(context)


def test_definitions_hold_a_sensor_per_source_and_the_weekly_schedule_all_targeting_every_asset():
    from orchestration.definitions import defs

    every_asset = defs.resolve_implicit_global_asset_job_def().asset_layer.selected_asset_keys
    assert {s.name for s in defs.sensors} == {f"{source}_release_sensor" for source in catalog.SOURCES}
    assert [s.name for s in defs.schedules] == ["weekly_release_check"]
    for automation in [*defs.sensors, *defs.schedules]:
        job = defs.resolve_job_def(automation.job_name)
        assert job.asset_layer.selected_asset_keys == every_asset
    assert {key.to_user_string() for key in every_asset} >= {"history/occupation_snapshots", "warehouse"}
    assert {s.minimum_interval_seconds for s in defs.sensors} == {POLL_SECONDS}
    assert release_schedules()[0].cron_schedule == WEEKLY_CRON == "0 6 * * 1"


def test_sensors_ask_each_file_once_and_request_a_build_only_after_the_mirror_changes(
    built_warehouse, mirror, unpinned
):
    """End to end: a real warehouse, a real HTTP mirror whose files change between two sensor evaluations."""
    settings, _ = built_warehouse
    res = resources(settings, mirror.url)
    with instance_for_test() as instance:
        first = {name: tick(name, instance, res) for name in SENSORS}
        for name, result in first.items():
            assert result.run_requests == [] and result.skip_message.startswith("nothing new"), name
        # One conditional GET per file, every one answered 304; O*NET's next folders were asked for their Read Me.
        files = [urlpath(f.url) for f in catalog.source_files("30.1").values()]
        readmes = [f"/{ONET_DB}/db_31_0_text/Read%20Me.txt", f"/{ONET_DB}/db_30_2_text/Read%20Me.txt"]
        assert sorted(mirror.paths(304)) == sorted(files)
        assert sorted(mirror.paths(404)) == sorted(readmes)
        assert len(mirror.log) == len(files) + 2
        onet_cursor = json.loads(first["onet_release_sensor"].cursor)
        assert onet_cursor["release"] == "30.1" and onet_cursor["failures"] == 0 and onet_cursor["requested"] is None
        assert len(onet_cursor["files"]) == 11

        publish_onet_release(mirror.root, "30.2")
        publish_oews_release(mirror.root)
        mirror.log.clear()
        second = {name: tick(name, instance, res, first[name].cursor) for name in SENSORS}

    assert {name for name, result in second.items() if result.run_requests} == {
        "onet_release_sensor",
        "oews_release_sensor",
    }
    (onet_run,) = second["onet_release_sensor"].run_requests
    assert onet_run.tags["soc_warehouse/onet_release"] == "30.2"
    assert onet_run.tags["soc_warehouse/changes"] == "O*NET 30.2: the warehouse holds 30.1"
    # The run builds 30.2 with the code location's other settings (Dagster takes a resource's config whole).
    job = defs_job("onet_release_sensor")
    config = validate_run_config(job, onet_run.run_config)["resources"]["sources"]["config"]
    assert config["onet_release"] == "30.2"
    assert (config["cache_dir"], config["mirror"]) == (str(settings.cache_dir), mirror.url)
    (oews_run,) = second["oews_release_sensor"].run_requests
    assert oews_run.tags["soc_warehouse/changes"] == "OEWS release 2025A01 → 2026A01"
    assert oews_run.run_config == {}  # the code location already builds O*NET 30.1, the release held
    cursor = json.loads(second["oews_release_sensor"].cursor)
    assert cursor["requested"]["run_key"] == oews_run.run_key
    assert cursor["requested"]["changes"] == ["OEWS release 2025A01 → 2026A01"]
    # The same change seen again gives the same run key: Dagster starts one run for it, not one per tick.
    with instance_for_test() as instance:
        again = tick("oews_release_sensor", instance, res, second["oews_release_sensor"].cursor)
    assert again.run_requests[0].run_key == oews_run.run_key


def defs_job(sensor_name: str):
    from orchestration.definitions import defs

    return defs.resolve_job_def(defs.resolve_sensor_def(sensor_name).job_name)


def urlpath(url: str) -> str:
    return "/" + url.split("://", 1)[1]


def test_an_error_backs_the_source_off_and_the_cursor_says_until_when(built_warehouse, mirror, unpinned):
    settings, _ = built_warehouse
    res = resources(settings, mirror.url)
    stem = urlpath(catalog.source_files("30.1")["stem.list"].url)
    mirror.fail[stem] = (503, {"Retry-After": "60"})
    with instance_for_test() as instance:
        before = time.time()
        failed = tick("stem_release_sensor", instance, res)
        cursor = json.loads(failed.cursor)
        assert failed.run_requests == []
        assert "stemList2024.pdf: HTTP 503 Service Unavailable" in failed.skip_message
        assert "backing off until" in failed.skip_message and "(failure 1)" in failed.skip_message
        assert cursor["failures"] == 1 and "HTTP 503" in cursor["last_error"]
        assert before + 2 * POLL_SECONDS <= cursor["retry_at"] <= time.time() + 2 * POLL_SECONDS
        assert mirror.log == [("GET", stem, 503)]

        # While backing off, a tick asks nothing at all.
        waiting = tick("stem_release_sensor", instance, res, failed.cursor)
        assert waiting.skip_message.startswith("backing off after 1 failed poll(s) until")
        assert len(mirror.log) == 1

        # When the time has come, it asks again; a second failure doubles the wait, and Retry-After can lengthen it.
        mirror.fail[stem] = (429, {"Retry-After": str(30 * 24 * 3600)})
        due = json.dumps(cursor | {"retry_at": time.time() - 1})
        second = tick("stem_release_sensor", instance, res, due)
        cursor = json.loads(second.cursor)
        assert cursor["failures"] == 2 and "HTTP 429" in cursor["last_error"]
        assert cursor["retry_at"] >= time.time() + 30 * 24 * 3600 - 5 > time.time() + MAX_BACKOFF_SECONDS

        # Healed: the poll succeeds and the failures are forgotten.
        del mirror.fail[stem]
        healed = tick("stem_release_sensor", instance, res, json.dumps(cursor | {"retry_at": time.time() - 1}))
    cursor = json.loads(healed.cursor)
    assert healed.skip_message == "nothing new in stem (1 file asked, 1 request)"
    assert (cursor["failures"], cursor["retry_at"], cursor["last_error"]) == (0, None, None)


def test_without_a_published_warehouse_a_build_of_the_newest_onet_release_is_requested_at_once(
    built_warehouse, mirror, tmp_path, unpinned
):
    settings, _ = built_warehouse
    publish_onet_release(mirror.root, "30.2")
    with instance_for_test() as instance:
        result = tick("soc_release_sensor", instance, resources(settings, mirror.url, tmp_path / "none.duckdb"))
    (request,) = result.run_requests
    assert request.tags["soc_warehouse/changes"] == "no published warehouse yet"
    assert request.tags["soc_warehouse/onet_release"] == "30.2"
    # No data file was asked about: only O*NET's next release folders, to know which release to build.
    # (31.0 is asked once, though it is a candidate after 30.1 and after 30.2.)
    assert [path.split("/")[-2] for path in mirror.paths()] == ["db_31_0_text", "db_30_2_text", "db_30_3_text"]


def test_nothing_is_asked_or_requested_while_a_build_is_running(built_warehouse, mirror, unpinned):
    settings, _ = built_warehouse
    publish_oews_release(mirror.root)
    with instance_for_test() as instance:
        run = instance.add_run(DagsterRun(job_name="__ASSET_JOB", status=DagsterRunStatus.STARTED))
        result = tick("oews_release_sensor", instance, resources(settings, mirror.url))
        schedule = weekly_tick(instance, resources(settings, mirror.url))
    assert result.skip_message == f"a build is running (run {run.run_id}): polling again at the next tick"
    assert result.cursor is None
    assert schedule.skip_message == f"a build is running (run {run.run_id})"
    assert mirror.log == []


def test_a_pinned_onet_release_is_not_probed_for_newer_ones(built_warehouse, mirror, monkeypatch):
    settings, _ = built_warehouse
    monkeypatch.setenv("SOC_WAREHOUSE_ONET_RELEASE", "30.1")
    publish_onet_release(mirror.root, "30.2")
    with instance_for_test() as instance:
        result = tick("onet_release_sensor", instance, resources(settings, mirror.url))
    assert result.skip_message == "nothing new in onet (11 files asked, 11 requests)"
    assert not [path for path in mirror.paths() if "db_30_2" in path or "db_31_0" in path]


def test_a_release_with_another_file_layout_asks_for_a_reload_instead_of_a_doomed_run(
    built_warehouse, mirror, unpinned
):
    settings, _ = built_warehouse
    publish_onet_release(mirror.root, "30.2", readme_only=True)
    publish_onet_release(mirror.root, "30.3", readme_only=True)  # 30.3 splits the education files
    with instance_for_test() as instance:
        result = tick("onet_release_sensor", instance, resources(settings, mirror.url))
    assert result.run_requests == []
    assert result.skip_message == (
        "O*NET 30.3 uses another file layout than the 30.1 this code location was loaded for: set "
        "SOC_WAREHOUSE_ONET_RELEASE=30.3 and reload the code location (or run `socwh build`)"
    )
    assert json.loads(result.cursor)["release"] == "30.3"
    # Walked up one folder at a time: 31.0 and 30.2 from 30.1, then 31.0 (already known) and 30.3, then 31.0, 30.4.
    probed = [path.split("/")[-2] for path in mirror.paths() if path.endswith("Read%20Me.txt")]
    assert probed == ["db_31_0_text", "db_30_2_text", "db_30_3_text", "db_30_4_text"]


def test_the_weekly_schedule_builds_only_when_something_is_new(built_warehouse, mirror, unpinned):
    settings, _ = built_warehouse
    res = resources(settings, mirror.url)
    with instance_for_test() as instance:
        quiet = weekly_tick(instance, res)
        assert quiet.run_requests == [] and quiet.skip_message == "nothing new (27 requests)"
        publish_oews_release(mirror.root)
        busy = weekly_tick(instance, res)
    (request,) = busy.run_requests
    assert request.tags["soc_warehouse/trigger"] == "weekly schedule"
    assert request.tags["soc_warehouse/changes"] == "oews: OEWS release 2025A01 → 2026A01"


def test_a_local_mirror_is_compared_by_sha256(built_warehouse, tmp_path, unpinned):
    settings, _ = built_warehouse
    local = copy_mirror(tmp_path / "mirror")
    res = resources(settings, str(local))
    with instance_for_test() as instance:
        same = tick("cip_release_sensor", instance, res)
        assert same.skip_message == "nothing new in cip (2 files asked, 2 requests)"
        codes = local / "nces.ed.gov/ipeds/cipcode/Files/CIPCode2020.csv"
        codes.write_bytes(codes.read_bytes() + b"\r\n")
        changed = tick("cip_release_sensor", instance, res, same.cursor)
        # The cursor remembers the new copy's size, mtime and sha256: the next tick does not re-read it, and still
        # compares that sha256 with the warehouse's (the change stands until a build publishes it).
        again = tick("cip_release_sensor", instance, res, changed.cursor)
    (request,) = changed.run_requests
    assert request.tags["soc_warehouse/changes"].startswith("CIPCode2020.csv: sha256 ")
    seen = json.loads(changed.cursor)["files"][catalog.source_files("30.1")["cip.codes"].url]
    assert (seen["size"], seen["mtime_ns"]) == (codes.stat().st_size, codes.stat().st_mtime_ns)
    assert again.run_requests[0].run_key == request.run_key


def test_a_build_with_nothing_new_asks_with_conditional_requests_and_downloads_nothing(
    built_warehouse, mirror, tmp_path
):
    """`socwh build` against an HTTP mirror of the same files: every request answers 304, Dagster never starts."""
    import subprocess

    settings, _ = built_warehouse
    db = tmp_path / "soc.duckdb"
    cache = tmp_path / "cache"
    copy_session_build(settings, db, cache)
    before = (db.stat().st_mtime_ns, db.stat().st_ino)
    code = (
        "import json, sys; from pathlib import Path; from warehouse.config import Settings; "
        "from orchestration.build_run import run_build; "
        f"s = Settings(Path({str(db)!r}), Path({str(cache)!r}), {mirror.url!r}, None, '30.1', True); "
        "o = run_build(s); print(json.dumps([o.nothing_new, 'dagster' in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    message, imported_dagster = json.loads(done.stdout.splitlines()[-1])
    assert message.startswith("nothing new: 25 files unchanged since ")
    assert imported_dagster is False
    assert mirror.paths(200) == []
    assert len(mirror.paths(304)) == 25
    assert (db.stat().st_mtime_ns, db.stat().st_ino) == before


def test_a_poll_compares_etags_and_falls_back_to_the_bytes_when_a_server_gives_no_validator(httpserver, tmp_path):
    """Publishers send ETags (Python's http.server does not): one request per file, whatever the server does."""
    import hashlib

    from werkzeug import Response

    from warehouse.sources import polling as releases
    from warehouse.sources.download import Downloader

    body = b"release_date\tdescription\r\n2025A01\tMay 2025\r\n"
    seen_headers = []

    def etag_server(request):
        seen_headers.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(body, headers={"ETag": '"v2"'})

    httpserver.expect_request("/download.bls.gov/pub/time.series/oe/oe.release").respond_with_handler(etag_server)
    httpserver.expect_request("/download.bls.gov/pub/time.series/oe/oe.area").respond_with_data(body)
    poller = releases.Poller(Downloader(tmp_path, "test", httpserver.url_for("/")))
    url = "https://download.bls.gov/pub/time.series/oe/"
    sha = hashlib.sha256(body).hexdigest()

    same = poller.check(url + "oe.release", releases.FileState(url + "oe.release", "x", etag='"v1"'))
    assert (same.changed, same.why) == (False, "unchanged (HTTP 304)")
    moved = poller.check(url + "oe.release", releases.FileState(url + "oe.release", "x", etag='"v0"'), want_body=True)
    assert (moved.changed, moved.why, moved.state.etag, moved.body) == (True, 'ETag "v0" → "v2"', '"v2"', body)
    assert seen_headers == ['"v1"', '"v0"']
    # No ETag, no Last-Modified: the bytes decide.
    unchanged = poller.check(url + "oe.area", releases.FileState(url + "oe.area", sha))
    assert (unchanged.changed, unchanged.state.sha256) == (False, sha)
    changed = poller.check(url + "oe.area", releases.FileState(url + "oe.area", "0" * 64))
    assert changed.changed and changed.why == f"sha256 000000000000… → {sha[:12]}…"
    assert poller.requests == 4 and len(httpserver.log) == 4


STEM_URL = catalog.source_files("30.1")["stem.list"].url
CORRUPT_CURSORS = {
    "not JSON": "{not json",
    "JSON of another shape": "[]",
    "an older top-level layout": json.dumps({"etag": '"abc"', "last_checked": "2025-01-01T00:00:00Z"}),
    "files as a list": json.dumps({"files": [STEM_URL]}),
    "an older file-state layout": json.dumps({"files": {STEM_URL: {"sha": "abc", "modified": "yesterday"}}}),
    "retry_at as text": json.dumps({"failures": 1, "retry_at": "tomorrow"}),
}


@pytest.mark.parametrize("text", CORRUPT_CURSORS.values(), ids=CORRUPT_CURSORS.keys())
def test_a_corrupt_or_older_cursor_starts_afresh(text):
    from orchestration.sensors import Cursor

    cursor = Cursor.loads(text)
    assert cursor == Cursor()
    assert cursor.seen() == {} and cursor.retry_at is None and cursor.failures == 0


@pytest.mark.parametrize("name", ["not JSON", "an older file-state layout", "retry_at as text"])
def test_a_sensor_with_a_corrupt_cursor_polls_and_writes_a_valid_one(built_warehouse, mirror, unpinned, name):
    settings, _ = built_warehouse
    with instance_for_test() as instance:
        result = tick("stem_release_sensor", instance, resources(settings, mirror.url), CORRUPT_CURSORS[name])
    assert result.run_requests == []
    assert result.skip_message == "nothing new in stem (1 file asked, 1 request)"
    assert mirror.log == [("GET", urlpath(STEM_URL), 304)]  # asked once, conditionally, as with no cursor
    cursor = json.loads(result.cursor)
    assert (cursor["failures"], cursor["retry_at"], cursor["last_error"]) == (0, None, None)
    assert list(cursor["files"]) == [STEM_URL]
    assert (
        cursor["files"][STEM_URL]["sha256"] == hashlib.sha256((MIRROR / urlpath(STEM_URL)[1:]).read_bytes()).hexdigest()
    )


@pytest.mark.parametrize(
    ("retry_after", "low", "high"),
    [("90", 90, 90), ("soon", None, None), ("in a while", None, None), ("http-date 600 s ahead", 598, 600)],
)
def test_a_poll_reads_retry_after_as_seconds_or_an_http_date_and_ignores_nonsense(
    httpserver, tmp_path, retry_after, low, high
):
    import email.utils
    from datetime import UTC, datetime, timedelta

    from warehouse.sources import polling as releases
    from warehouse.sources.download import Downloader

    if retry_after.startswith("http-date"):
        retry_after = email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=600), usegmt=True)
    httpserver.expect_request("/download.bls.gov/pub/time.series/oe/oe.release").respond_with_data(
        "busy", status=503, headers={"Retry-After": retry_after}
    )
    poller = releases.Poller(Downloader(tmp_path, "test", httpserver.url_for("/")))
    url = "https://download.bls.gov/pub/time.series/oe/oe.release"
    with pytest.raises(releases.PollError, match=r"oe\.release: HTTP 503") as raised:
        poller.check(url, releases.FileState(url, "x", etag='"v1"'))
    if low is None:
        assert raised.value.retry_after is None  # the sensor's own backoff applies
    else:
        assert low <= raised.value.retry_after <= high

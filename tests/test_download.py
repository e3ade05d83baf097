"""The download path, against real HTTP servers on 127.0.0.1: the shared mirror, and pytest-httpserver for faults."""

from __future__ import annotations

import email.utils
import hashlib
import http.server
import json
import socket
import threading
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest

from tests.conftest import MIRROR
from warehouse.config import user_agent
from warehouse.sources.download import MAX_RETRY_AFTER, Downloader, DownloadError

SOC_URL = "https://www.bls.gov/soc/2018/soc_structure_2018.xlsx"
OE_RELEASE_URL = "https://download.bls.gov/pub/time.series/oe/oe.release"
JOB_ZONES_URL = "https://www.onetcenter.org/dl_files/database/db_30_1_text/Job%20Zones.txt"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="module")
def mirror_server():
    """A real static HTTP server over ../shared/data/mirror (it answers If-Modified-Since with 304)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(MIRROR)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make(tmp_path: Path, mirror: str | None, **kwargs) -> Downloader:
    kwargs.setdefault("sleep", Sleeps())
    return Downloader(tmp_path / "cache", user_agent("analyst@example.org"), mirror, **kwargs)


def test_downloads_real_file_from_mirror_server_then_answers_304(tmp_path, mirror_server):
    downloader = make(tmp_path, mirror_server)
    first = downloader.fetch(SOC_URL, "xlsx")
    real = (MIRROR / "www.bls.gov/soc/2018/soc_structure_2018.xlsx").read_bytes()
    assert first.status == "downloaded"
    assert first.read_bytes() == real
    assert first.sha256 == hashlib.sha256(real).hexdigest()
    assert first.bytes == 51_700
    assert first.path == tmp_path / "cache/www.bls.gov/soc/2018/soc_structure_2018.xlsx"
    assert first.last_modified  # the server's Last-Modified is kept for the next conditional request
    # where the bytes really came from: the mirror server, not the publisher's URL recorded beside it
    assert first.url == SOC_URL
    assert first.read_from == f"{mirror_server}/www.bls.gov/soc/2018/soc_structure_2018.xlsx"
    assert json.loads(first.path.with_name(first.path.name + ".meta.json").read_text())["read_from"] == first.read_from

    second = make(tmp_path, mirror_server).fetch(SOC_URL, "xlsx")
    assert second.status == "unchanged"
    assert second.sha256 == first.sha256
    assert second.retrieved_at == first.retrieved_at


def test_percent_encoded_onet_name_maps_to_the_mirror_file(tmp_path, mirror_server):
    fetched = make(tmp_path, mirror_server).fetch(JOB_ZONES_URL, "text")
    assert fetched.path.name == "Job Zones.txt"
    assert fetched.bytes == 28_126


def test_local_folder_mirror_copies_then_reports_unchanged(tmp_path):
    downloader = make(tmp_path, str(MIRROR))
    copied = downloader.fetch(OE_RELEASE_URL, "text")
    assert copied.status == "downloaded"
    assert copied.read_from == str(MIRROR / "download.bls.gov/pub/time.series/oe/oe.release")
    again = make(tmp_path, str(MIRROR)).fetch(OE_RELEASE_URL, "text")
    assert again.status == "unchanged"
    assert again.read_bytes() == (MIRROR / "download.bls.gov/pub/time.series/oe/oe.release").read_bytes()


def test_user_agent_names_project_and_contact(tmp_path, httpserver):
    httpserver.expect_request("/download.bls.gov/pub/time.series/oe/oe.release").respond_with_data("x\n")
    make(tmp_path, httpserver.url_for("/")).fetch(OE_RELEASE_URL, "text")
    sent = httpserver.log[0][0].headers["User-Agent"]
    assert "soc-warehouse" in sent
    assert "analyst@example.org" in sent


def test_403_explains_the_contact_setting(tmp_path, httpserver):
    httpserver.expect_request("/download.bls.gov/pub/time.series/oe/oe.release").respond_with_data(
        "Access Denied", status=403
    )
    with pytest.raises(DownloadError, match=r"refused this client \(HTTP 403 Forbidden\).*SOC_WAREHOUSE_CONTACT"):
        make(tmp_path, httpserver.url_for("/")).fetch(OE_RELEASE_URL, "text")
    assert len(httpserver.log) == 1  # a refusal is not retried


def test_404_names_url_and_release(tmp_path, httpserver):
    url = "https://www.onetcenter.org/dl_files/database/db_30_2_text/Read%20Me.txt"
    httpserver.expect_request("/www.onetcenter.org/dl_files/database/db_30_2_text/Read Me.txt").respond_with_data(
        "Not Found", status=404
    )
    with pytest.raises(DownloadError) as caught:
        make(tmp_path, httpserver.url_for("/")).fetch(url, "text", context="O*NET release 30.2")
    message = str(caught.value)
    assert "/www.onetcenter.org/dl_files/database/db_30_2_text/Read%20Me.txt" in message
    assert "not found (HTTP 404) for O*NET release 30.2" in message


def test_429_then_200_honours_retry_after(tmp_path, httpserver):
    path = "/download.bls.gov/pub/time.series/oe/oe.release"
    httpserver.expect_ordered_request(path).respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_ordered_request(path).respond_with_data("release\tdescription\n")
    sleeps = Sleeps()
    fetched = make(tmp_path, httpserver.url_for("/"), sleep=sleeps).fetch(OE_RELEASE_URL, "text")
    assert fetched.read_bytes() == b"release\tdescription\n"
    assert sleeps == [7.0]


def http_date(seconds_from_now: float) -> str:
    return email.utils.format_datetime(datetime.now(UTC) + timedelta(seconds=seconds_from_now), usegmt=True)


@pytest.mark.parametrize(
    ("retry_after", "low", "high"),
    [
        (lambda: http_date(30), 28.0, 30.0),  # an HTTP-date 30 s ahead (whole seconds: 29-30 s from now)
        (lambda: http_date(30).replace("GMT", "-0000"), 28.0, 30.0),  # RFC 5322's "UTC, no local time"
        (lambda: http_date(-3600), 0.0, 0.0),  # a date already past: retry at once
        (lambda: http_date(3 * 3600), 120.0, 120.0),  # capped at 120 s
        (lambda: "86400", 120.0, 120.0),  # a day in seconds, capped too
        (lambda: "-5", 0.0, 0.0),
    ],
    ids=["date 30 s ahead", "date -0000", "date in the past", "date 3 h ahead", "86400 seconds", "negative seconds"],
)
def test_retry_after_as_an_http_date_or_seconds_is_honoured_up_to_120_s(tmp_path, httpserver, retry_after, low, high):
    path = "/download.bls.gov/pub/time.series/oe/oe.release"
    httpserver.expect_ordered_request(path).respond_with_data(
        "busy", status=503, headers={"Retry-After": retry_after()}
    )
    httpserver.expect_ordered_request(path).respond_with_data("release\tdescription\n")
    sleeps = Sleeps()  # the wait is recorded, not slept
    fetched = make(tmp_path, httpserver.url_for("/"), sleep=sleeps).fetch(OE_RELEASE_URL, "text")
    assert fetched.read_bytes() == b"release\tdescription\n"
    assert len(sleeps) == 1 and low <= sleeps[0] <= high, sleeps
    assert MAX_RETRY_AFTER == 120.0


def test_an_unreadable_retry_after_falls_back_to_backoff(tmp_path, httpserver):
    path = "/download.bls.gov/pub/time.series/oe/oe.release"
    for value in ("soon", "Wed, 99 Foo 2026 99:99:99 GMT"):
        httpserver.expect_ordered_request(path).respond_with_data("busy", status=429, headers={"Retry-After": value})
    httpserver.expect_ordered_request(path).respond_with_data("ok\n")
    sleeps = Sleeps()
    fetched = make(tmp_path, httpserver.url_for("/"), sleep=sleeps, backoff=0.5).fetch(OE_RELEASE_URL, "text")
    assert fetched.status == "downloaded"
    assert sleeps == [0.5, 1.0]


def test_500_three_times_then_200_backs_off_exponentially(tmp_path, httpserver):
    path = "/download.bls.gov/pub/time.series/oe/oe.release"
    for _ in range(3):
        httpserver.expect_ordered_request(path).respond_with_data("oops", status=500)
    httpserver.expect_ordered_request(path).respond_with_data("ok\n")
    sleeps = Sleeps()
    fetched = make(tmp_path, httpserver.url_for("/"), sleep=sleeps, backoff=0.5).fetch(OE_RELEASE_URL, "text")
    assert fetched.status == "downloaded"
    assert sleeps == [0.5, 1.0, 2.0]


def test_500_forever_gives_up_with_the_last_status(tmp_path, httpserver):
    httpserver.expect_request("/download.bls.gov/pub/time.series/oe/oe.release").respond_with_data("x", status=503)
    with pytest.raises(DownloadError, match=r"oe\.release: gave up after 3 attempts; last problem: HTTP 503"):
        make(tmp_path, httpserver.url_for("/"), attempts=3).fetch(OE_RELEASE_URL, "text")


@pytest.fixture
def truncating_server():
    """A raw HTTP server on 127.0.0.1 that promises 1,000 bytes, sends 400 and closes the connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    served = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/plain\r\n\r\n" + b"x" * 400
                )
                served.append(1)

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", served
    listener.close()


def test_truncated_body_is_retried_then_reported_and_leaves_no_file(tmp_path, truncating_server):
    base, served = truncating_server
    downloader = make(tmp_path, base, attempts=2)
    with pytest.raises(
        DownloadError,
        match=r"gave up after 2 attempts; last problem: truncated: .* 1000 bytes .*400 bytes read",
    ):
        downloader.fetch(OE_RELEASE_URL, "text")
    assert len(served) == 2
    folder = downloader.cache_path(OE_RELEASE_URL).parent
    assert list(folder.iterdir()) == []  # no partial file, no .part left behind


def test_html_page_instead_of_data_is_refused(tmp_path, httpserver):
    httpserver.expect_request("/www.bls.gov/soc/2018/soc_structure_2018.xlsx").respond_with_data(
        "<!DOCTYPE html><html><body>Access Denied</body></html>", content_type="text/html"
    )
    with pytest.raises(DownloadError, match=r"soc_structure_2018\.xlsx: got an HTML page where a xlsx file"):
        make(tmp_path, httpserver.url_for("/")).fetch(SOC_URL, "xlsx")
    assert not make(tmp_path, None).cache_path(SOC_URL).exists()


def test_empty_body_is_refused(tmp_path, httpserver):
    httpserver.expect_request("/download.bls.gov/pub/time.series/oe/oe.release").respond_with_data(b"")
    with pytest.raises(DownloadError, match=r"oe\.release: the file is empty"):
        make(tmp_path, httpserver.url_for("/")).fetch(OE_RELEASE_URL, "text")


def test_304_with_etag_keeps_the_cached_file(tmp_path, httpserver):
    path = "/download.bls.gov/pub/time.series/oe/oe.release"
    httpserver.expect_ordered_request(path).respond_with_data("v1\n", headers={"ETag": '"abc"'})
    httpserver.expect_ordered_request(path, headers={"If-None-Match": '"abc"'}).respond_with_data("", status=304)
    first = make(tmp_path, httpserver.url_for("/")).fetch(OE_RELEASE_URL, "text")
    second = make(tmp_path, httpserver.url_for("/")).fetch(OE_RELEASE_URL, "text")
    assert (first.status, second.status) == ("downloaded", "unchanged")
    assert second.etag == '"abc"'
    assert second.read_bytes() == b"v1\n"


def test_corrupted_cache_file_is_not_trusted(tmp_path, httpserver):
    path = "/download.bls.gov/pub/time.series/oe/oe.release"
    httpserver.expect_request(path).respond_with_data("v1\n", headers={"ETag": '"abc"'})
    first = make(tmp_path, httpserver.url_for("/")).fetch(OE_RELEASE_URL, "text")
    first.path.write_bytes(b"v")  # e.g. a partial write by some other tool
    second = make(tmp_path, httpserver.url_for("/")).fetch(OE_RELEASE_URL, "text")
    assert second.status == "downloaded"
    assert "If-None-Match" not in httpserver.log[-1][0].headers  # no conditional request on a bad cache
    assert second.read_bytes() == b"v1\n"


@pytest.mark.parametrize("evil", ["../../etc/passwd", "/..%2F..%2Fsecret"])
def test_mirror_path_cannot_escape_the_mirror_root(tmp_path, evil):
    with pytest.raises(DownloadError, match="it would leave"):
        make(tmp_path, str(MIRROR)).fetch(f"https://www.bls.gov/{evil}", "text")


def test_mirror_symlink_pointing_outside_is_refused(tmp_path):
    mirror = tmp_path / "mirror"
    (mirror / "www.bls.gov").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("secret")
    (mirror / "www.bls.gov" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(DownloadError, match=r"resolves outside .*mirror \(a symlink\?\)"):
        make(tmp_path, str(mirror)).fetch("https://www.bls.gov/leak.txt", "text")


def test_unresolvable_host_fails_at_once_and_suggests_a_mirror(tmp_path):
    sleeps = Sleeps()
    downloader = make(tmp_path, "http://no-such-host.invalid", sleep=sleeps)
    with pytest.raises(DownloadError, match=r"cannot resolve no-such-host\.invalid \(no network\?\).*--mirror"):
        downloader.fetch(OE_RELEASE_URL, "text")
    assert sleeps == []  # not retried

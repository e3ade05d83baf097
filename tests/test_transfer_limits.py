"""Every download and poll is bounded (warehouse.sources.transfer), against misbehaving servers on 127.0.0.1.

A slow-loris server (headers, then one byte a second) and oversized bodies (a Content-Length of 3 GB; an endless
chunked stream) must each stop within the configured bounds, with a message naming the file, the bytes received
and the time taken. The limits are set small (a 2 s deadline, 1 s grace) so the tests are quick.
"""

from __future__ import annotations

import time

import pytest

from tests.conftest import MIRROR, copy_session_build
from tests.loris import MisbehavingServer, mirror_with_faults
from warehouse.config import Settings, user_agent
from warehouse.sources import catalog, transfer
from warehouse.sources import polling as releases
from warehouse.sources.download import Downloader, DownloadError
from warehouse.sources.polling import Poller, PollError

DATATYPE = catalog.source_files("30.1")["oews.datatype"]


def downloader(tmp_path, base: str) -> Downloader:
    return Downloader(tmp_path / "cache", user_agent("ci@example.org"), base, attempts=3, sleep=lambda s: None)


def test_the_catalog_bounds_every_file_and_sizes_its_deadline():
    files = catalog.source_files("30.1")
    assert all(f.max_bytes > 0 for f in files.values())
    assert files["oews.datatype"].max_bytes == 64_000  # 510 bytes served today
    assert files["oews.data"].max_bytes == 1_500_000_000  # the full file: 360 MB
    assert files["oews.datatype"].limits.deadline == pytest.approx(60.064)
    assert files["oews.data"].limits.deadline == pytest.approx(1560.0)
    env = {transfer.DEADLINE_ENV: "5", transfer.MIN_RATE_ENV: "0"}
    assert transfer.Limits.for_size(64_000, env) == transfer.Limits(64_000, 5.0, None, transfer.DEFAULT_GRACE)


def test_a_slow_loris_download_stops_at_its_deadline(tmp_path):
    limits = transfer.Limits(max_bytes=DATATYPE.max_bytes, deadline=2.0, min_rate=None)
    with MisbehavingServer("slow", interval=0.5) as server:
        started = time.monotonic()
        with pytest.raises(DownloadError) as caught:
            downloader(tmp_path, server.base).fetch(DATATYPE.url, "text", limits=limits)
        took = time.monotonic() - started
        assert server.record.requests == 1  # not retried: another attempt would be as slow
    message = str(caught.value)
    assert message.startswith(f"{DATATYPE.url}: too slow: received "), message
    assert "past the deadline of 2 s for this file" in message
    received = int(message.split("received ")[1].split(" bytes")[0])
    seconds = float(message.split(" bytes in ")[1].split(" s")[0])
    assert 2 <= received <= 6 and 2.0 <= seconds < 2.5, message
    assert took < 3.5
    assert not list((tmp_path / "cache").rglob("*.part")) and not list((tmp_path / "cache").rglob("oe.datatype"))


def test_a_trickle_below_the_minimum_rate_stops_after_the_grace_period(tmp_path):
    limits = transfer.Limits(max_bytes=DATATYPE.max_bytes, deadline=60.0, min_rate=100.0, grace=1.0)
    with MisbehavingServer("slow", interval=0.5) as server:
        started = time.monotonic()
        with pytest.raises(DownloadError) as caught:
            downloader(tmp_path, server.base).fetch(DATATYPE.url, "text", limits=limits)
        assert time.monotonic() - started < 2.5
    message = str(caught.value)
    assert message.startswith(f"{DATATYPE.url}: too slow: received "), message
    assert "bytes/s), below the minimum of 100 bytes/s (SOC_WAREHOUSE_MIN_RATE or --min-rate sets it)" in message


def test_a_content_length_past_the_maximum_is_refused_before_the_body(tmp_path):
    with MisbehavingServer("huge_declared") as server:
        started = time.monotonic()
        with pytest.raises(DownloadError) as caught:
            downloader(tmp_path, server.base).fetch(DATATYPE.url, "text", limits=DATATYPE.limits)
        assert time.monotonic() - started < 1.0
        time.sleep(0.3)
        assert server.record.requests == 1
        assert server.record.sent <= 64 * 1024  # what the socket buffers took before the client hung up
    assert str(caught.value) == (
        f"{DATATYPE.url}: the server announces 3,000,000,000 bytes (Content-Length), more than the 64,000 bytes this "
        "file may have: refused without reading it"
    )
    assert not list((tmp_path / "cache").rglob("*.part"))


def test_an_endless_chunked_body_stops_at_the_maximum(tmp_path):
    with MisbehavingServer("huge_chunked") as server:
        with pytest.raises(DownloadError) as caught:
            downloader(tmp_path, server.base).fetch(DATATYPE.url, "text", limits=DATATYPE.limits)
        time.sleep(0.3)
        assert server.record.hung_up_after, "the client kept reading"
    message = str(caught.value)
    assert message.startswith(
        f"{DATATYPE.url}: the body is larger than the 64,000 bytes this file may have: stopped after receiving "
    ), message
    received = int(message.split("after receiving ")[1].split(" bytes")[0].replace(",", ""))
    assert 64_000 < received <= 64_000 + (1 << 20)  # one read past the cap at most, never the stream
    assert not list((tmp_path / "cache").rglob("*.part"))


def test_a_sensor_poll_of_a_slow_loris_server_is_bounded_too(tmp_path, monkeypatch):
    monkeypatch.setenv(transfer.DEADLINE_ENV, "1.5")
    monkeypatch.setenv(transfer.MIN_RATE_ENV, "0")
    with MisbehavingServer("slow", interval=0.5) as server:
        poller = Poller(downloader(tmp_path, server.base), timeout=30)
        started = time.monotonic()
        with pytest.raises(PollError) as caught:
            poller.check(DATATYPE.url, None, want_body=True)
        assert time.monotonic() - started < 3.0
    assert str(caught.value).startswith(f"{DATATYPE.url}: too slow: received "), caught.value
    assert "past the deadline of 1.5 s" in str(caught.value)


OE = "/download.bls.gov/pub/time.series/oe"


def test_the_check_for_anything_new_gives_up_on_a_slow_file_at_its_deadline(built_warehouse, tmp_path, monkeypatch):
    """`socwh build` first asks the mirror whether any file changed; a trickling file ends that question at the
    file's deadline, and the build goes on (a whole build against slow and oversized files: test_failure_safety)."""
    settings, _ = built_warehouse
    copy_session_build(settings, tmp_path / "soc.duckdb", tmp_path / "cache")
    server = mirror_with_faults(str(MIRROR), slow={f"{OE}/oe.datatype"}, huge=set())
    monkeypatch.setenv(transfer.DEADLINE_ENV, "2")
    asked = Settings(tmp_path / "soc.duckdb", tmp_path / "cache", f"http://127.0.0.1:{server.server_address[1]}",
                     "ci@example.org", "30.1")  # fmt: skip
    try:
        started = time.monotonic()
        assert releases.nothing_new(asked) is None
        took = time.monotonic() - started
    finally:
        server.shutdown()
    assert 2.0 <= took < 5.0  # it reached the slow file, and waited for it no longer than its deadline

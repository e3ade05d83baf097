"""Fault injection: a publisher serves a broken file; the build must fail loudly and harm nothing.

A real HTTP server on 127.0.0.1 serves a copy of ../shared/data/mirror. A good build publishes a warehouse; then,
for each fault, one file of the copy is broken, `socwh build` runs as a user would run it, and the test checks
that it exits non-zero, names the file and what was wrong, and leaves the published warehouse byte-identical and
queryable.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import shutil
import socket
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest

from tests.conftest import MIRROR, REPO
from tests.xlsx_edit import insert_row

pytestmark = pytest.mark.slow  # a real `socwh build` per fault (~30 s each)

ONET = "www.onetcenter.org/dl_files/database/db_30_1_text"
OE = "download.bls.gov/pub/time.series/oe"
EP = "www.bls.gov/emp/ind-occ-matrix"


class _FaultyHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the mirror copy; paths in `reset_paths` get half their body, then a TCP reset."""

    reset_paths: ClassVar[set[str]] = set()

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path in self.reset_paths:
            body = Path(self.translate_path(self.path)).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            # SO_LINGER 0 makes close() send RST: the client sees "connection reset by peer" mid-body.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        super().do_GET()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """(mirror copy, base URL, handler class): a real server over a copy of the mirror that tests may break."""
    root = tmp_path_factory.mktemp("faulty")
    mirror = root / "mirror"
    shutil.copytree(MIRROR, mirror)
    handler = type("Handler", (_FaultyHandler,), {"reset_paths": set()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(mirror)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield mirror, f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()


def socwh(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warehouse.cli", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def published(site, tmp_path_factory):
    """A good warehouse built from the served mirror: (environment for socwh, published file)."""
    _, base, _ = site
    root = tmp_path_factory.mktemp("published")
    env = {
        "SOC_WAREHOUSE_DB": str(root / "soc.duckdb"),
        "SOC_WAREHOUSE_CACHE": str(root / "cache"),
        "SOC_WAREHOUSE_MIRROR": base,
        "SOC_WAREHOUSE_CONTACT": "ci@example.org",
        "SOC_WAREHOUSE_ONET_RELEASE": "30.1",
        "SOC_WAREHOUSE_RETRY_BACKOFF": "0.01",
    }
    result = socwh(env, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return env, root / "soc.duckdb"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _replace_line(path: Path, old: bytes, new: bytes) -> None:
    content = path.read_bytes()
    assert old in content
    path.write_bytes(content.replace(old, new, 1))


def _truncate(path: Path) -> None:
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2 + 7])  # mid-line, as a dropped connection would leave it


def _extra_column(path: Path) -> None:
    lines = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join(line + b"\tExtra" if line else line for line in lines))


def _duplicate_rows(path: Path) -> None:
    content = path.read_bytes()
    newline = b"\r\n" if b"\r\n" in content else b"\n"  # O*NET writes CRLF, BLS LF
    header, _, body = content.partition(newline)
    path.write_bytes(header + newline + body + body)


def _html(path: Path) -> None:
    path.write_bytes(b"<!DOCTYPE html>\n<html><head><title>Access Denied</title></head><body>Denied</body></html>\n")


def _header_moved(path: Path) -> None:
    path.write_bytes(insert_row(path.read_bytes(), "Table 5.4", 2, {"A": "Note: see the technical documentation"}))


# (id, file under the mirror, how it is broken, what the message must say besides the file name)
FAULTS: list[tuple[str, str, Callable[[Path], None], str]] = [
    ("truncated", f"{ONET}/Job Zones.txt", _truncate, "Job Zones.txt"),
    ("empty", f"{OE}/oe.release", lambda p: p.write_bytes(b""), "the file is empty"),
    ("html-200", "www.bls.gov/soc/2018/soc_structure_2018.xlsx", _html, "got an HTML page"),
    (
        "renamed-column",
        f"{ONET}/Job Zones.txt",
        lambda p: _replace_line(p, b"O*NET-SOC Code\tJob Zone\t", b"O*NET-SOC Code\tJobZone\t"),
        "Job Zone",
    ),
    ("extra-column", f"{ONET}/Job Zones.txt", _extra_column, "Extra"),
    ("xlsx-header-moved", f"{EP}/education.xlsx", _header_moved, "Table 5.4"),
    (
        "release-year",
        f"{OE}/oe.release",
        lambda p: p.write_bytes(b"release_date\tdescription\n2024A01\tMay 2024\n"),
        "2024",
    ),
    (
        "non-utf8",
        f"{ONET}/Occupation Data.txt",
        lambda p: _replace_line(p, b"Chief Executives", b"Chief Ex\xe9cutives"),
        "UTF-8",
    ),
    ("duplicated-rows", f"{ONET}/Job Zones.txt", _duplicate_rows, "found a second row"),
    ("duplicated-oews-rows", f"{OE}/oe.data.0.Current", _duplicate_rows, "expect_compound_columns_to_be_unique"),
]


@pytest.mark.parametrize(("name", "file", "breaks", "says"), FAULTS, ids=[f[0] for f in FAULTS])
def test_broken_file_fails_the_build_and_keeps_the_warehouse(site, published, name, file, breaks, says):
    mirror, _, _ = site
    env, warehouse = published
    before = _sha256(warehouse)
    target = mirror / file
    original = target.read_bytes()
    try:
        breaks(target)
        result = socwh(env, "build")
    finally:
        target.write_bytes(original)
    output = result.stdout + result.stderr
    said = [line for line in output.splitlines() if line.startswith("✗")]
    print(f"\n[{name}] exit {result.returncode}: " + " | ".join(said))  # the fault table of the closing note
    assert result.returncode != 0, output
    assert "Build failed" in output
    assert Path(file).name in output, output
    assert says in output, output
    assert _sha256(warehouse) == before
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM occupations").fetchone() == (867,)


def test_connection_reset_halfway_fails_after_retries(site, published):
    _, _, handler = site
    env, warehouse = published
    before = _sha256(warehouse)
    path = f"/{OE}/oe.data.0.Current"
    handler.reset_paths.add(path)
    try:
        result = socwh(env, "build")
    finally:
        handler.reset_paths.discard(path)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "oe.data.0.Current" in output
    assert "gave up after 5 attempts" in output and "truncated" in output, output
    assert _sha256(warehouse) == before
    cache = Path(env["SOC_WAREHOUSE_CACHE"]) / OE
    assert not list(cache.glob("*.part")) and not list(cache.glob(".*.part"))
    # the cached copy is still the good one from the first build, and a repaired server builds again
    assert socwh(env, "build").returncode == 0

"""Fault injection: a publisher serves a broken file; the build must fail loudly and harm nothing.

A real HTTP server on 127.0.0.1 serves a copy of ../shared/data/mirror. A copy of the session's good warehouse
stands for the published one. For each group of faults, one file of the copy per fault is broken (or served
broken: its connection reset halfway, a trickle, a 3 GB Content-Length), `socwh build` runs as a user would run it,
and the test checks that it exits 1, names each file and what was wrong, and leaves the published warehouse
byte-identical and queryable.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
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

from tests.conftest import MIRROR, REPO, copy_session_build
from tests.loris import MirrorWithFaults
from tests.xlsx_edit import insert_row

pytestmark = pytest.mark.slow  # a real `socwh build` per group of faults (~30 s each)

DEADLINE = 5  # seconds a file's download may take (--download-deadline), for the slow server's file
ONET = "www.onetcenter.org/dl_files/database/db_30_1_text"
OE = "download.bls.gov/pub/time.series/oe"
EP = "www.bls.gov/emp/ind-occ-matrix"


class _FaultyHandler(MirrorWithFaults):
    """Serves the mirror copy; paths in `reset_paths` get half their body, then a TCP reset; `slow` paths trickle
    and `huge` paths announce 3 GB (MirrorWithFaults)."""

    reset_paths: ClassVar[set[str]] = set()

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
    handler = type("Handler", (_FaultyHandler,), {"reset_paths": set(), "slow": set(), "huge": set()})
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
def published(site, built_warehouse, tmp_path_factory):
    """The session's good warehouse and its download cache, copied: (environment for socwh, published file). A
    build here downloads only the files a test broke."""
    _, base, _ = site
    settings, _ = built_warehouse
    root = tmp_path_factory.mktemp("published")
    copy_session_build(settings, root / "soc.duckdb", root / "cache")
    env = {
        "SOC_WAREHOUSE_DB": str(root / "soc.duckdb"),
        "SOC_WAREHOUSE_CACHE": str(root / "cache"),
        "SOC_WAREHOUSE_MIRROR": base,
        "SOC_WAREHOUSE_CONTACT": "ci@example.org",
        "SOC_WAREHOUSE_ONET_RELEASE": "30.1",
        "SOC_WAREHOUSE_RETRY_BACKOFF": "0.01",
    }
    return env, root / "soc.duckdb"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cache_entry(cache: Path, file: str) -> tuple[bytes, str]:
    """A file of the download cache (stored under the URL's host and path, as the mirror is) and its record."""
    return (cache / file).read_bytes(), (cache / f"{file}.meta.json").read_text()


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


# (id, file under the mirror, how it is broken: an edit of the file, or how the server serves it ("reset": half the
# body, then a TCP reset; "slow": one byte a second; "huge": a Content-Length of 3 GB), what the message must say
# besides the file name, whitespace folded)
FAULTS: list[tuple[str, str, Callable[[Path], None] | str, str]] = [
    ("truncated", f"{ONET}/Task Statements.txt", _truncate, "expected 7 tab-separated fields"),
    ("empty", f"{OE}/oe.industry", lambda p: p.write_bytes(b""), "the file is empty"),
    ("html-200", "www.bls.gov/soc/2018/soc_structure_2018.xlsx", _html, "got an HTML page"),
    (
        "renamed-column",
        f"{ONET}/Job Zones.txt",
        lambda p: _replace_line(p, b"O*NET-SOC Code\tJob Zone\t", b"O*NET-SOC Code\tJobZone\t"),
        "Job Zone",
    ),
    ("extra-column", f"{ONET}/Sample of Reported Titles.txt", _extra_column, "Extra"),
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
    # Not broken files but broken servers: a TCP reset halfway on every attempt, a trickle, an absurd size.
    ("connection-reset", f"{OE}/oe.area", "reset", "gave up after 5 attempts"),
    ("slow", f"{OE}/oe.datatype", "slow", f"past the deadline of {DEADLINE} s for this file"),
    (
        "huge",
        f"{OE}/oe.footnote",
        "huge",
        "the server announces 3,000,000,000 bytes (Content-Length), more than the 64,000 bytes this file may have: "
        "refused without reading it",
    ),
]


# Faults broken together in one build: each in a file of its own that no other fault of the group needs, so none
# hides another. Two builds, not thirteen: a build reports every failure at once, so each fault must still have its
# own failure, naming its file and what was wrong. What keeps them apart: Job Zones.txt is broken two ways (its
# header, its rows), oe.data.0.Current holds a duplicated row that a mismatched oe.release would hide (the release
# cross-check fails the table first).
GROUPS = [
    (
        "truncated",
        "empty",
        "html-200",
        "xlsx-header-moved",
        "non-utf8",
        "renamed-column",
        "extra-column",
        "release-year",
    ),
    ("duplicated-rows", "duplicated-oews-rows", "connection-reset", "slow", "huge"),
]
assert sorted(name for group in GROUPS for name in group) == sorted(f[0] for f in FAULTS)  # each fault, once


def _failures(output: str) -> list[str]:
    """The build's failures as it prints them: each starts with a '✗' line; a check's runs on over more lines."""
    return ["✗" + block for block in output.split("\n✗")[1:]]


@pytest.mark.parametrize("group", GROUPS, ids=["+".join(group) for group in GROUPS])
def test_broken_files_fail_the_build_each_named_and_keep_the_warehouse(site, published, group):
    mirror, _, handler = site
    env, warehouse = published
    before = _sha256(warehouse)
    faults = [fault for fault in FAULTS if fault[0] in group]
    assert len({file for _, file, _, _ in faults}) == len(faults)
    originals = {file: (mirror / file).read_bytes() for _, file, breaks, _ in faults if callable(breaks)}
    served = {
        kind: {f"/{file}" for _, file, breaks, _ in faults if breaks == kind} for kind in ("reset", "slow", "huge")
    }
    resets = served["reset"]
    cache = Path(env["SOC_WAREHOUSE_CACHE"])
    cached = {file: _cache_entry(cache, file) for _, file, breaks, _ in faults if breaks == "reset"}
    # the default deadline is a minute and more; the trickle is stopped sooner, as a user could
    deadline = ["--download-deadline", str(DEADLINE)] if served["slow"] else []
    try:
        for _, file, breaks, _ in faults:
            if callable(breaks):
                breaks(mirror / file)
        handler.reset_paths.update(served["reset"])
        handler.slow.update(served["slow"])
        handler.huge.update(served["huge"])
        result = socwh(env, "build", *deadline)
    finally:
        handler.reset_paths.difference_update(served["reset"])
        handler.slow.difference_update(served["slow"])
        handler.huge.difference_update(served["huge"])
        for file, original in originals.items():
            (mirror / file).write_bytes(original)
    output = result.stdout + result.stderr
    failures = [" ".join(failure.split()) for failure in _failures(output)]
    print("\n" + "\n".join(failures))  # the fault table of the closing note
    assert result.returncode == 1, output
    assert "Build failed; the published warehouse was not changed." in output
    for name, file, _, says in faults:
        assert any(Path(file).name in failure and says in failure for failure in failures), (name, output)
    if served["slow"]:  # stopped at the deadline, not after a minute
        flat = " ".join(output.split())
        assert re.search(rf"oe\.datatype: too slow: received \d+ bytes in {DEADLINE}\.\d s, past", flat), output
    assert _sha256(warehouse) == before
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM occupations").fetchone() == (867,)
    if resets:
        assert "truncated" in output, output  # why each attempt failed
        assert not list((cache / OE).glob("*.part")) and not list((cache / OE).glob(".*.part"))
        # The cached copy and its record are the good ones the session's build left, byte for byte: the next build
        # asks the repaired server for what it already has. (A build after a killed download, .part files and all,
        # is tests/test_interrupted_builds.py's.)
        for file, entry in cached.items():
            assert _cache_entry(cache, file) == entry, file
            assert hashlib.sha256(entry[0]).hexdigest() == json.loads(entry[1])["sha256"] == _sha256(MIRROR / file)

"""Misbehaving HTTP servers on 127.0.0.1, written on raw sockets: what a real slow or oversized server sends.

- `slow`: the headers at once, then one byte every `interval` seconds (a slow-loris body).
- `huge_declared`: a Content-Length of `declared` bytes, then an endless trickle (the client must refuse it by the
  header alone).
- `huge_chunked`: no Content-Length, an endless chunked stream of 16 kB chunks.
Each server records how many body bytes it managed to send and when the client hung up.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from typing import ClassVar


@dataclass
class Record:
    sent: int = 0
    requests: int = 0
    hung_up_after: list[float] = field(default_factory=list)  # seconds from the request to the client's hang-up


class MisbehavingServer:
    def __init__(self, mode: str, *, interval: float = 1.0, declared: int = 3_000_000_000) -> None:
        self.mode, self.interval, self.declared = mode, interval, declared
        self.record = Record()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def close(self) -> None:
        self._stop.set()
        self._sock.close()

    def __enter__(self) -> MisbehavingServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        started = time.monotonic()
        try:
            conn.recv(65536)  # the request (small: one GET)
            self.record.requests += 1
            if self.mode == "slow":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 510\r\n\r\n")
                while not self._stop.is_set():
                    conn.sendall(b"x")
                    self.record.sent += 1
                    time.sleep(self.interval)
            elif self.mode == "huge_declared":
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                    + f"Content-Length: {self.declared}\r\n\r\n".encode()
                )
                while not self._stop.is_set():
                    conn.sendall(b"series_id\tvalue\n" * 64)
                    self.record.sent += 1024
                    time.sleep(0.05)
            elif self.mode == "huge_chunked":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
                chunk = b"datatype_code\tdatatype_name\n" * 580  # 16 kB
                while not self._stop.is_set():
                    conn.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    self.record.sent += len(chunk)
        except OSError:  # the client hung up: what a bounded client must do
            self.record.hung_up_after.append(time.monotonic() - started)
        finally:
            conn.close()


class MirrorWithFaults(http.server.SimpleHTTPRequestHandler):
    """Serves a mirror folder; `slow` paths dribble one byte a second after their headers, `huge` paths announce
    3 GB. Subclass with the two sets (see `mirror_with_faults`)."""

    slow: ClassVar[set[str]] = set()
    huge: ClassVar[set[str]] = set()

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path not in self.slow | self.huge:
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "3000000000" if self.path in self.huge else "510")
        self.end_headers()
        try:
            while True:
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(1.0)
        except OSError:  # the client hung up
            self.close_connection = True


def mirror_with_faults(folder: str, slow: set[str], huge: set[str]) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (MirrorWithFaults,), {"slow": slow, "huge": huge})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=folder))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

"""Bounds on every transfer: an overall deadline per file, a minimum transfer rate, and a maximum size.

`requests`' read timeout restarts on every byte, so a server that sends one byte every ten seconds would hold a
download (and the build, and a sensor's poll) forever; a body far larger than the file can be would fill the disk
and the parser's memory. Every download and poll therefore reads through a `Watch`:

- the deadline: the whole body must arrive within `deadline` seconds (default: a minute plus the file's maximum
  size at 1 MB/s, from the catalog; `SOC_WAREHOUSE_DOWNLOAD_DEADLINE` or `--download-deadline` overrides it);
- the minimum rate: after `grace` seconds, the average rate must stay at or above `min_rate` bytes per second
  (default 10 kB/s after 30 s; `SOC_WAREHOUSE_MIN_RATE` / `--min-rate`, `SOC_WAREHOUSE_RATE_GRACE`);
- the size cap: a Content-Length past the file's maximum is refused before the body is read, and a body that
  grows past it while streaming stops at once (the catalog gives each file its range).

A watchdog thread checks the clock a few times a second and shuts the socket down when a bound is passed, so a read
blocked on a silent server returns at once. The error names the file, the bytes received and the time taken.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import requests
from urllib3.exceptions import HTTPError as Urllib3Error

DEADLINE_ENV = "SOC_WAREHOUSE_DOWNLOAD_DEADLINE"
MIN_RATE_ENV = "SOC_WAREHOUSE_MIN_RATE"
GRACE_ENV = "SOC_WAREHOUSE_RATE_GRACE"
DEFAULT_MIN_RATE = 10_000.0  # bytes per second: far below any working link, far above a trickle
DEFAULT_GRACE = 30.0  # seconds before the rate is judged (a slow start, a server building the file)
BASE_DEADLINE = 60.0
DEADLINE_RATE = 1_000_000.0  # the default deadline lets the largest allowed body arrive at 1 MB/s, plus a minute
UNSIZED_DEADLINE = 3600.0  # a transfer whose size the catalog does not bound
_TICK = 0.1


class LimitExceeded(Exception):
    """A bound was passed. The message says which, with the bytes received and the time taken (no URL: the
    caller prefixes it)."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int | None = None
    deadline: float | None = UNSIZED_DEADLINE
    min_rate: float | None = DEFAULT_MIN_RATE
    grace: float = DEFAULT_GRACE

    @classmethod
    def for_size(cls, max_bytes: int | None, env: Mapping[str, str] | None = None) -> Limits:
        """The bounds of a file of at most `max_bytes` (None: unknown), with the environment's overrides."""
        env = os.environ if env is None else env
        deadline = _number(env, DEADLINE_ENV)
        if deadline is None:
            deadline = UNSIZED_DEADLINE if max_bytes is None else BASE_DEADLINE + max_bytes / DEADLINE_RATE
        min_rate = _number(env, MIN_RATE_ENV)
        grace = _number(env, GRACE_ENV)
        return cls(
            max_bytes=max_bytes,
            deadline=deadline or None,  # 0 turns a bound off
            min_rate=(DEFAULT_MIN_RATE if min_rate is None else min_rate) or None,
            grace=DEFAULT_GRACE if grace is None else grace,
        )


def _number(env: Mapping[str, str], name: str) -> float | None:
    value = env.get(name)
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return number


def limits_env(deadline: float | None, min_rate: float | None) -> dict[str, str]:
    """The environment variables carrying command-line bounds to the Dagster resources (which read the env)."""
    env = {}
    if deadline is not None:
        env[DEADLINE_ENV] = f"{deadline:g}"
    if min_rate is not None:
        env[MIN_RATE_ENV] = f"{min_rate:g}"
    return env


def check_declared(limits: Limits, content_length: str | None) -> None:
    """Refuse a response whose Content-Length is past the maximum, before reading any of it."""
    if limits.max_bytes is None or not content_length or not content_length.isdigit():
        return
    if int(content_length) > limits.max_bytes:
        raise LimitExceeded(
            f"the server announces {int(content_length):,} bytes (Content-Length), more than the "
            f"{limits.max_bytes:,} bytes this file may have: refused without reading it"
        )


class Watch:
    """Counts the bytes of one transfer and enforces `limits` on it; `abort` unblocks a read in progress."""

    def __init__(self, limits: Limits, abort: Callable[[], None]) -> None:
        self.limits = limits
        self.abort = abort
        self.received = 0
        self.started = time.monotonic()
        self.problem: str | None = None
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Watch:
        if self.limits.deadline or self.limits.min_rate:
            self._thread = threading.Thread(target=self._watch, name="transfer-watch", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def add(self, size: int) -> None:
        """Count `size` more bytes; past the maximum, stop."""
        self.received += size
        limit = self.limits.max_bytes
        if limit is not None and self.received > limit:
            raise LimitExceeded(
                f"the body is larger than the {limit:,} bytes this file may have: stopped after receiving "
                f"{self.received:,} bytes in {self.elapsed:.1f} s"
            )

    def check(self) -> None:
        """Raise the bound the watchdog found passed, if any (call it when a read ends, normally or not)."""
        if self.problem is not None:
            raise LimitExceeded(self.problem)

    def _watch(self) -> None:
        limits = self.limits
        while not self._done.wait(_TICK):
            elapsed = self.elapsed
            if limits.deadline and elapsed > limits.deadline:
                self.problem = (
                    f"too slow: received {self.received:,} bytes in {elapsed:.1f} s, past the deadline of "
                    f"{limits.deadline:g} s for this file ({DEADLINE_ENV} or --download-deadline sets it)"
                )
            elif limits.min_rate and elapsed > limits.grace and self.received < limits.min_rate * elapsed:
                self.problem = (
                    f"too slow: received {self.received:,} bytes in {elapsed:.1f} s "
                    f"({self.received / elapsed:,.0f} bytes/s), below the minimum of {limits.min_rate:,.0f} bytes/s "
                    f"({MIN_RATE_ENV} or --min-rate sets it)"
                )
            if self.problem is not None:
                self.abort()
                return


def shutdown(response: requests.Response) -> Callable[[], None]:
    """A function that shuts the response's socket down (from another thread), so a blocked read returns."""

    def _shutdown() -> None:
        try:
            response.raw.shutdown()
        except (AttributeError, OSError, RuntimeError, ValueError):
            response.close()

    return _shutdown


def chunks(response: requests.Response, watch: Watch, size: int = 1 << 20) -> Iterator[bytes]:
    """The body as it arrives (whatever each read returns, up to `size`), counted by `watch`.

    `iter_content` would block until a whole chunk arrived; `read1` returns what is there, so the count (and the
    rate judged from it) is exact. A bound the watchdog found passed wins over the broken read it caused.
    """
    raw = response.raw
    try:
        while True:
            chunk = raw.read1(size, decode_content=True)
            watch.check()
            if not chunk:
                return
            watch.add(len(chunk))
            yield chunk
    except (Urllib3Error, OSError) as error:
        watch.check()
        raise requests.ConnectionError(error) from error

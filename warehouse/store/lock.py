"""One build at a time per warehouse: an exclusive `flock` on `<db>.lock`.

Whoever writes the build file beside a warehouse (`socwh build`, a Dagster run started by a sensor or the schedule)
holds this lock for the whole build. The kernel releases it when the holder's process ends, however it ends, so a
killed build never leaves a stale lock behind: the lock file itself may stay, and means nothing without a holder.
The holder writes its PID and start time into the file, for the message the next build shows.

The lock is re-entrant within a process: `socwh build` takes it, and the Dagster run it starts in the same process
takes it again without blocking itself.
"""

from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

# `socwh build` exits with this when another build holds the lock (EX_TEMPFAIL in sysexits.h: try again later).
EXIT_LOCKED = 75
_POLL_SECONDS = 0.2

_held: dict[Path, tuple[int, int]] = {}  # lock path -> (open file descriptor, how many times taken) in this process
_guard = threading.Lock()


class BuildLocked(RuntimeError):
    """Another process is building this warehouse. The message says who, since when, and what to do."""


def lock_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".lock")


def holder(db_path: Path) -> str:
    """'PID n, started at t' of the build holding the lock, as its lock file records it."""
    try:
        info = json.loads(lock_path(db_path).read_text() or "{}")
    except (OSError, ValueError):
        info = {}
    return f"PID {info.get('pid', '?')}, started at {info.get('started_at', '?')}"


def is_held_elsewhere(db_path: Path) -> bool:
    """Whether another process holds the lock right now (for sensors, which skip rather than wait)."""
    path = lock_path(db_path)
    with _guard:
        if path in _held:
            return False
    if not path.exists():
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases the lock if this probe got it
    return False


@contextmanager
def build_lock(db_path: Path, wait: float | None = 0) -> Iterator[None]:
    """Hold the build lock of `db_path`. `wait`: 0 fails at once, a number of seconds waits that long, None waits
    for as long as it takes. Raises BuildLocked naming the holder when the lock is not got in time."""
    path = lock_path(db_path)
    with _guard:
        if path in _held:  # this process already builds this warehouse
            fd, count = _held[path]
            _held[path] = (fd, count + 1)
            acquired = False
        else:
            acquired = True
    if acquired:
        fd = _acquire(path, Path(db_path), wait)
        with _guard:
            _held[path] = (fd, 1)
    try:
        yield
    finally:
        with _guard:
            fd, count = _held[path]
            if count > 1:
                _held[path] = (fd, count - 1)
            else:
                del _held[path]
                os.close(fd)  # releases the flock


def _acquire(path: Path, db_path: Path, wait: float | None) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = None if wait is None else time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if deadline is not None and time.monotonic() >= deadline:
                os.close(fd)
                waited = f" (waited {wait:g} s)" if wait else ""
                raise BuildLocked(
                    f"another build ({holder(db_path)}) is writing {db_path}; wait for it or use --wait{waited}"
                ) from None
            time.sleep(_POLL_SECONDS)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps({"pid": os.getpid(), "started_at": started}).encode(), 0)
    return fd

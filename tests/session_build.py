"""The session's shared warehouse, built in a process of its own (started by tests/conftest.py at session start).

    python tests/session_build.py ROOT

It inherits ROOT/warehouse.lock already locked (the same open file as its starter's): the lock is released when
this process exits, and only then do the tests waiting in `built_warehouse` read ROOT/outcome.pickle (or
ROOT/failed.txt).
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `tests` as a package, as pytest imports it


def _exit_with_the_session(parent: int) -> None:
    """End this process if pytest's process ends first (killed, so its teardown never ran)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


if __name__ == "__main__":
    root = Path(sys.argv[1])
    threading.Thread(target=_exit_with_the_session, args=(os.getppid(),), daemon=True).start()
    try:
        from tests.conftest import build_session_warehouse

        build_session_warehouse(root)
    except BaseException:
        (root / "failed.txt").write_text("the session build raised:\n" + traceback.format_exc())
        raise

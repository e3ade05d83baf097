"""`socwh ui`: `dagster dev` on the shared instance, with the build's settings, stopped cleanly.

`dagster dev` starts a webserver, a daemon and a code server. Started from a script it inherits the script's
signal dispositions: a shell that runs the script in the background sets SIGINT to "ignore", and `dagster dev`
then sits through SIGINT and SIGTERM alike (measured: still running 40 s later). So it starts here with SIGINT
and SIGTERM reset to their defaults, in a session of its own; on Ctrl-C or SIGTERM this process passes SIGTERM
on, gives it GRACE seconds to stop its children, and then kills whatever of that session is left.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

from orchestration.instance import dagster_home
from warehouse.config import Settings

GRACE = 30  # seconds dagster dev gets to stop its webserver, daemon and code server
CODE_LOCATION = "orchestration.definitions"  # the module workspace.yaml names


def ui_environment(settings: Settings) -> dict[str, str]:
    """The environment of the UI's processes: the build's SOC_WAREHOUSE_* settings and the shared DAGSTER_HOME."""
    return {
        **os.environ,
        **settings.as_env(),
        "DAGSTER_HOME": str(dagster_home(settings)),
        "GX_ANALYTICS_ENABLED": "false",
    }


def _default_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class _Stop(Exception):
    pass


def _raise_stop(signum, frame) -> None:
    raise _Stop


def run_dagster_dev(settings: Settings, host: str, port: int) -> int:
    """Run `dagster dev` until it exits or this process is asked to stop; its exit code (0 when stopped)."""
    dagster = Path(sys.executable).with_name("dagster")
    env = ui_environment(settings)
    home = env["DAGSTER_HOME"]
    command = [str(dagster), "dev", "-m", CODE_LOCATION, "-a", "defs", "-d", home, "-h", host, "-p", str(port)]
    process = subprocess.Popen(command, cwd=home, env=env, preexec_fn=_default_signals, start_new_session=True)
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        return process.wait()
    except (KeyboardInterrupt, _Stop):
        return _stop(process)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop(process: subprocess.Popen) -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave the children behind
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(GRACE)
    except subprocess.TimeoutExpired:
        print(f"dagster dev did not stop within {GRACE} s: killing it", file=sys.stderr)
    with contextlib.suppress(ProcessLookupError):  # whatever of its session is left (it started the session)
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return 0

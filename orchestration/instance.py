"""The persistent Dagster instance that `socwh build`, `socwh ui` and the Dagster UI share.

Every build records its run, its materializations (rows, release, sha256) and its check results here, so the UI
shows them: `DAGSTER_HOME` when set, else a `dagster_home` folder beside the warehouse file. Its `dagster.yaml`
(written once, yours to edit afterwards) queues UI-launched runs one at a time, because DuckDB allows one writer
per file, and turns Dagster's telemetry off.

The UI's own runs ("Materialize all") read the same SOC_WAREHOUSE_* settings as `socwh build`, from the
environment: `socwh ui` exports them (from its options or the environment) before it starts `dagster dev`.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from warehouse.config import Settings

if TYPE_CHECKING:
    from dagster import DagsterInstance

DAGSTER_YAML = """\
# Written by soc-warehouse (orchestration/instance.py); edit freely, it is not rewritten.
# One run at a time: DuckDB allows one writer per file, and every run writes the warehouse's build file.
run_queue:
  max_concurrent_runs: 1
telemetry:
  enabled: false
# All events in one SQLite file rather than one file per run. Recording a build here costs about a quarter more
# time than an ephemeral instance with either layout (bench/build_instance.py); see the README.
event_log_storage:
  module: dagster._core.storage.event_log
  class: ConsolidatedSqliteEventLogStorage
  config:
    base_dir: {events}
"""


def dagster_home(settings: Settings, env: dict[str, str] | None = None) -> Path:
    """DAGSTER_HOME if set, else `dagster_home` beside the warehouse; created with its dagster.yaml if missing."""
    env = os.environ if env is None else env
    home = Path(env.get("DAGSTER_HOME") or Path(settings.db_path).resolve().with_name("dagster_home")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML.format(events=json.dumps(str(home / "event_logs"))))  # JSON is YAML
    return home


@contextmanager
def event_log_held_open(instance: DagsterInstance) -> Iterator[None]:
    """Within, one idle connection to the instance's SQLite event log (the consolidated one dagster.yaml names) stays
    open; any other storage is left alone.

    Dagster opens and closes a connection for each of a build's ~450 events. When the last connection to a WAL
    database closes, SQLite checkpoints the log into the file and deletes it: every event did that (about 2 s of a
    full-scale build). With this one open, closing theirs is cheap; SQLite checkpoints once, when it closes."""
    from dagster._core.storage.event_log import ConsolidatedSqliteEventLogStorage

    storage = instance.event_log_storage
    if not isinstance(storage, ConsolidatedSqliteEventLogStorage):
        yield
        return
    held = sqlite3.connect(storage.get_db_path())
    try:
        # Opens the file's log and keeps no transaction. Only a saving: whatever stops it (a full disk) is for
        # Dagster's own event writes to report.
        with suppress(sqlite3.Error):
            held.execute("SELECT count(*) FROM sqlite_master").fetchone()
        yield
    finally:
        held.close()

"""Running the whole build in-process through Dagster, and summarising what it did."""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from orchestration.instance import dagster_home, event_log_held_open
from transforms.raw import onet_releases
from warehouse.config import Settings
from warehouse.quality import validation
from warehouse.sources import polling as releases
from warehouse.store import lock, recovery
from warehouse.store import publish as build


@dataclass
class BuildOutcome:
    success: bool
    seconds: float
    files: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    reports: Path | None = None  # the run's validation reports (index.json, and each table's JSON and Data Docs)
    nothing_new: str | None = None  # set when the build was skipped: "nothing new: N files unchanged since ..."
    notes: list[str] = field(default_factory=list)  # what the summary must say besides the files (e.g. O*NET ahead)
    cause: str | None = None  # one cause that explains every failure, e.g. "no space left on /data"


def run_build(settings: Settings, *, force: bool = False, wait: float | None = 0) -> BuildOutcome:
    """`_run_build` holding the warehouse's build lock: raises lock.BuildLocked if another build holds it past
    `wait` seconds (None: wait as long as it takes)."""
    with lock.build_lock(settings.db_path, wait):
        try:
            return _run_build(settings, force=force)
        except OSError as error:  # a full disk outside the Dagster run (the cache, the pre-build check)
            if not recovery.is_no_space(error):
                raise
            recovery.remove_build_leftovers(build.build_path(settings.db_path), None, settings.db_path)
            full = Path(error.filename).parent if error.filename else settings.db_path.parent
            return BuildOutcome(False, 0.0, failures=[str(error)], cause=f"no space left on {full}")


def _run_build(settings: Settings, *, force: bool = False) -> BuildOutcome:
    """Materialize every asset (checks included) in this process; publish happens only if all of them succeed.

    Unless `force`, first check whether any source changed since the published build (without importing Dagster,
    which alone takes a second): if none did, return at once with `nothing_new` set and the warehouse untouched.
    """
    started = time.monotonic()
    if (aside := recovery.set_aside_unreadable(settings.db_path)) is not None:
        print(
            f"warning: {recovery.unreadable_message(settings.db_path)} ({aside[1]}). Moved it aside to {aside[0]} "
            "and building as if nothing were published: its release history is lost.",
            file=sys.stderr,
        )
    try:
        settings = releases.resolve_onet_release(settings)  # unpinned: the newest O*NET release of a known layout
    except (onet_releases.UnknownOnetRelease, onet_releases.LayoutError) as error:
        return BuildOutcome(False, time.monotonic() - started, failures=[str(error)])
    notes = [note] if (note := releases.unknown_layout_notice(settings.onet_found, settings.onet_release)) else []
    if not force and (unchanged := releases.nothing_new(settings)) is not None:
        return BuildOutcome(True, time.monotonic() - started, nothing_new=unchanged.message, notes=notes)
    from dagster import DagsterInstance

    from orchestration.definitions import build_definitions

    # A fresh build file each time, so no table of an earlier build can be published by this one.
    build_file = build.build_path(settings.db_path)
    for stale in (build_file, build_file.with_name(build_file.name + ".wal")):
        stale.unlink(missing_ok=True)
    defs = build_definitions(settings)
    job = defs.resolve_implicit_global_asset_job_def()
    # The persistent instance the Dagster UI reads: every build's run, materializations and checks show there.
    with (
        DagsterInstance.from_config(str(dagster_home(settings))) as instance,
        event_log_held_open(instance),
        validation.collect_data_docs() as checked,
        validation.warmed_up(),
    ):
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            # Failures are summarised by `socwh build` itself: Dagster's own console log would repeat them with stacks.
            run_config={"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}},
        )
    outcome = BuildOutcome(result.success, time.monotonic() - started, notes=notes)
    for event in result.get_asset_materialization_events():
        materialization = event.materialization
        metadata = {key: value.value for key, value in materialization.metadata.items()}
        if "files" not in metadata:
            continue
        for file in metadata["files"]:
            outcome.files.append(
                {
                    "source": metadata.get("source", materialization.asset_key.path[0]),
                    "file": unquote(file["url"].rsplit("/", 1)[-1]),
                    "release": metadata["release"],
                    "rows": metadata.get("dagster/row_count"),
                    "bytes": file["bytes"],
                    "status": file["status"],
                }
            )
    failed_steps: dict[str, list[str]] = {}  # message -> the steps that failed with it
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            cause = error.cause or error
            if cause.cls_name == "DagsterAssetCheckFailedError":
                continue  # the check's own evaluation, below, says what failed
            failed_steps.setdefault(cause.message.strip(), []).append(event.step_key)
        elif event.event_type_value == "ASSET_CHECK_EVALUATION" and not event.asset_check_evaluation_data.passed:
            check = event.asset_check_evaluation_data
            outcome.failures.append(f"check {check.asset_check_key.to_user_string()}: {check.description or ''}")
    # One broken file fails every asset that reads it (all OEWS tables read oe.release): say it once.
    outcome.failures += [f"{', '.join(steps)}: {message}" for message, steps in failed_steps.items()]
    folder = build.reports_folder(settings.db_path, result.run_id)
    full = None if outcome.success else recovery.no_space_path(outcome.failures, settings.db_path.parent)
    if full is None:
        try:
            if checked:  # one Data Docs site for every table the checks validated
                validation.write_data_docs(checked, folder / "data_docs")
            outcome.reports = _index_reports(folder)
        except OSError as error:
            if not recovery.is_no_space(error):
                raise
            full = recovery.no_space_path([str(error)], settings.db_path.parent)
            if outcome.success:  # already published: keep it, drop the reports that did not fit
                print(f"warning: the validation reports did not fit ({error}): removed them", file=sys.stderr)
                recovery.remove_build_leftovers(build_file, folder, settings.db_path)
                outcome.reports, full = None, None
            else:
                outcome.failures.append(str(error))
    if full is not None:  # a full disk explains the failure: free what this build wrote
        recovery.remove_build_leftovers(build_file, folder, settings.db_path)
        outcome.cause, outcome.reports = f"no space left on {full}", None
    return outcome


def _index_reports(folder: Path) -> Path | None:
    """One index.json over the per-table reports the checks wrote (each check writes its own folder)."""
    tables = sorted(folder.glob("*/index.json")) if folder.is_dir() else []
    if not tables:
        return None
    entries = []
    for index in tables:
        data = json.loads(index.read_text())
        for table in data["tables"]:
            entries.append(
                table
                | {
                    "report": f"{index.parent.name}/{table['report']}",
                    "data_docs": os.path.normpath(f"{index.parent.name}/{data['data_docs']}"),
                }
            )
    summary = {"success": all(entry["success"] for entry in entries), "tables": entries}
    (folder / "index.json").write_text(json.dumps(summary, indent=2))
    return folder

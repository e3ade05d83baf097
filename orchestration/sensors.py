"""Sensors and schedules that notice new releases and start a build.

One sensor per source polls its publisher every six hours (warehouse/sources/polling.py does the asking: one cheap
request per file, compared with what the published warehouse holds). A run starts only when something changed: a
new ETag, Last-Modified or sha256, a new OEWS `oe.release`, or a newer O*NET release. An error backs the source
off (12 h, doubling, at most a week, longer when the server sends Retry-After). The weekly schedule is the
fallback: it asks every source once and builds if anything is new (so a failed run is retried within a week).

Each sensor's cursor (shown in the Dagster UI) is JSON: when it last polled, what it saw per URL, the source's
release, failures and when polling resumes, and the last run it requested with the reasons. A run starts at most
once per change: its run_key is derived from what changed, and nothing is requested while a build is running.
Both start STOPPED: turn them on in the UI (Automation) or with `dagster sensor start` / `dagster schedule start`.
"""

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dagster import (
    AssetSelection,
    DagsterInstance,
    DagsterRunStatus,
    RunRequest,
    RunsFilter,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SensorDefinition,
    SensorEvaluationContext,
    SkipReason,
    schedule,
    sensor,
)

from orchestration.resources import SourceFiles, WarehouseDB
from transforms.raw import onet
from warehouse.config import Settings
from warehouse.sources import polling as releases
from warehouse.sources.catalog import SOURCES
from warehouse.store import lock

POLL_SECONDS = 6 * 3600
MAX_BACKOFF_SECONDS = 7 * 24 * 3600
WEEKLY_CRON = "0 6 * * 1"  # Mondays 06:00 UTC
# Every asset, checks included: the run the implicit asset job would make.
BUILD = AssetSelection.all()
_BUSY = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
    DagsterRunStatus.CANCELING,
]


@dataclass
class Cursor:
    """A source sensor's memory between ticks (serialised as the sensor's cursor)."""

    polled_at: str | None = None
    release: str | None = None
    files: dict[str, dict] = field(default_factory=dict)  # url -> FileState fields (sha256, etag, ...)
    failures: int = 0
    retry_at: float | None = None  # epoch seconds: no request before then
    last_error: str | None = None
    requested: dict | None = None  # {"run_key", "at", "changes"} of the last run requested
    notice: str | None = None  # O*NET: a newer release seen whose layout this code does not know

    @classmethod
    def loads(cls, text: str | None) -> "Cursor":
        if not text:
            return cls()
        try:
            cursor = cls(**json.loads(text))
            cursor.seen()  # each file's state in today's FileState layout too
            if not isinstance(cursor.failures, int) or not isinstance(cursor.retry_at, int | float | None):
                raise TypeError("failures or retry_at of another type")
        except (TypeError, ValueError, AttributeError):
            return cls()  # a corrupt cursor, or one of an older layout: start afresh (the next poll rebuilds it)
        return cursor

    def dumps(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    def seen(self) -> dict[str, releases.FileState]:
        return {url: releases.FileState(url, **state) for url, state in self.files.items()}


def release_sensors() -> list[SensorDefinition]:
    return [_source_sensor(source) for source in SOURCES]


def release_schedules() -> list[ScheduleDefinition]:
    return [weekly_release_check]


def sensor_name(source: str) -> str:
    return f"{source}_release_sensor"


def _source_sensor(source: str) -> SensorDefinition:
    title = SOURCES[source].title

    @sensor(
        name=sensor_name(source),
        target=BUILD,
        minimum_interval_seconds=POLL_SECONDS,
        description=f"Polls {title} for new files or a new release; builds the warehouse when something changed.",
    )
    def _sensor(context: SensorEvaluationContext, sources: SourceFiles, warehouse: WarehouseDB):
        cursor = Cursor.loads(context.cursor)
        if busy := _running_build(context.instance):
            return SkipReason(f"a build is running (run {busy}): polling again at the next tick")
        now = time.time()
        if cursor.retry_at and now < cursor.retry_at:
            return SkipReason(
                f"backing off after {cursor.failures} failed poll(s) until {_iso(cursor.retry_at)}: {cursor.last_error}"
            )
        settings = _settings(sources, warehouse)
        if locked := _locked(settings):
            return SkipReason(locked)
        try:
            published = releases.read_published(settings.db_path)
            poll = releases.poll_source(
                releases.Poller.for_settings(settings),
                source,
                published,
                onet_release=settings.onet_release,
                discover_onet=settings.discover_onet_release,
                seen=cursor.seen(),
            )
        except releases.PollError as error:
            cursor.failures += 1
            wait = max(min(POLL_SECONDS * 2**cursor.failures, MAX_BACKOFF_SECONDS), error.retry_after or 0)
            cursor.retry_at, cursor.last_error, cursor.polled_at = now + wait, str(error), _iso(now)
            context.update_cursor(cursor.dumps())
            return SkipReason(f"{error}: backing off until {_iso(cursor.retry_at)} (failure {cursor.failures})")
        except releases.PublishedUnreadable as error:
            return SkipReason(str(error))
        cursor.polled_at, cursor.release, cursor.notice = _iso(now), poll.release, poll.notice
        if poll.notice:  # shown in the tick's log and, below, in its skip reason: nothing of it can be loaded
            context.log.warning(poll.notice)
        cursor.failures, cursor.retry_at, cursor.last_error = 0, None, None
        if poll.seen:  # (empty when a new O*NET release made asking about the held one's files pointless)
            cursor.files = {url: _state_fields(state) for url, state in poll.seen.items()}
        if not poll.changes:
            context.update_cursor(cursor.dumps())
            asked = f"{_count(len(poll.seen), 'file')} asked, {_count(poll.requests, 'request')}"
            notice = f"; {poll.notice}" if poll.notice else ""
            return SkipReason(f"nothing new in {source} ({asked}){notice}")
        release = _onet_release_to_build(settings, published, poll if source == "onet" else None)
        if problem := _layout_problem(sources.onet_release, release):
            context.update_cursor(cursor.dumps())
            return SkipReason(problem)
        found = poll.newest if source == "onet" and poll.notice else None
        request = _run_request(
            f"{source} sensor", poll.changes, release, sources, run_key=_run_key(source, poll), onet_found=found
        )
        cursor.requested = {"run_key": request.run_key, "at": _iso(now), "changes": poll.changes}
        context.update_cursor(cursor.dumps())
        context.log.info(f"{source}: {'; '.join(poll.changes)}")
        return request

    return _sensor


@schedule(
    name="weekly_release_check",
    cron_schedule=WEEKLY_CRON,
    execution_timezone="UTC",
    target=BUILD,
    description="Weekly fallback: asks every source once and builds the warehouse if anything is new (or the last "
    "build failed to publish it).",
)
def weekly_release_check(context: ScheduleEvaluationContext, sources: SourceFiles, warehouse: WarehouseDB):
    if busy := _running_build(context.instance):
        return SkipReason(f"a build is running (run {busy})")
    settings = _settings(sources, warehouse)
    if locked := _locked(settings):
        return SkipReason(locked)
    try:
        published = releases.read_published(settings.db_path)
    except releases.PublishedUnreadable as error:
        return SkipReason(str(error))
    poller = releases.Poller.for_settings(settings)
    changes, errors, onet_poll = [], [], None
    for source in SOURCES:
        try:
            poll = releases.poll_source(
                poller,
                source,
                published,
                onet_release=settings.onet_release,
                discover_onet=settings.discover_onet_release,
            )
        except releases.PollError as error:
            errors.append(str(error))
            continue
        changes += [f"{source}: {change}" for change in poll.changes]
        onet_poll = poll if source == "onet" else onet_poll
        if published is None:
            break  # nothing to compare with: one reason is enough
    if not changes:
        if errors:
            return SkipReason(f"nothing new where asked; could not ask: {'; '.join(errors)}")
        return SkipReason(f"nothing new ({_count(poller.requests, 'request')})")
    release = _onet_release_to_build(settings, published, onet_poll)
    if problem := _layout_problem(sources.onet_release, release):
        return SkipReason(problem)
    found = onet_poll.newest if onet_poll is not None and onet_poll.notice else None
    return _run_request("weekly schedule", changes, release, sources, onet_found=found)


# -- helpers -----------------------------------------------------------------------------------------------------


def _settings(sources: SourceFiles, warehouse: WarehouseDB) -> Settings:
    """The code location's settings, from its resources; whether O*NET is pinned comes from the environment."""
    return Settings(
        db_path=Path(warehouse.db_path),
        cache_dir=Path(sources.cache_dir),
        mirror=sources.mirror,
        contact=sources.contact,
        onet_release=sources.onet_release,
        discover_onet_release=Settings.from_env().discover_onet_release,
    )


def _locked(settings: Settings) -> str | None:
    """Why not to poll now: a build started outside this instance (`socwh build`) holds the warehouse's lock."""
    if not lock.is_held_elsewhere(settings.db_path):
        return None
    db = settings.db_path
    return f"another build ({lock.holder(db)}) is writing {db}: polling again at the next tick"


def _running_build(instance: DagsterInstance) -> str | None:
    """The id of a run that is queued or running, if any: two builds must never write the build file at once."""
    runs = instance.get_run_records(filters=RunsFilter(statuses=_BUSY), limit=1)
    return runs[0].dagster_run.run_id if runs else None


def _onet_release_to_build(
    settings: Settings, published: releases.Published | None, onet_poll: releases.SourcePoll | None
) -> str:
    """Pinned: that release. Else the newest the O*NET poll found, or the one the warehouse holds, or the newest."""
    if not settings.discover_onet_release:
        return settings.onet_release
    if onet_poll is not None and onet_poll.release:
        return onet_poll.release
    if published is not None and "onet" in published.releases:
        return published.releases["onet"]
    return releases.resolve_onet_release(settings).onet_release


def _layout_problem(loaded: str, release: str) -> str | None:
    """The code location's assets read the files of one O*NET layout; a release of other files needs them rebuilt."""
    if onet.onet_files(loaded) == onet.onet_files(release):
        return None
    return (
        f"O*NET {release} uses another file layout than the {loaded} this code location was loaded for: set "
        f"SOC_WAREHOUSE_ONET_RELEASE={release} and reload the code location (or run `socwh build`)"
    )


def _run_request(
    trigger: str,
    changes: list[str],
    onet_release: str,
    sources: SourceFiles,
    run_key: str | None = None,
    onet_found: str | None = None,
) -> RunRequest:
    summary = "; ".join(changes)
    run_config = {}
    if onet_release != sources.onet_release or onet_found != sources.onet_found:
        # The code location's SourceFiles was configured for the release known when it loaded. Dagster replaces a
        # resource's config as a whole, so the run gets all of it, with the release to build.
        config = {name: getattr(sources, name) for name in type(sources).model_fields}
        config = {name: value for name, value in config.items() if value is not None} | {"onet_release": onet_release}
        if onet_found is not None:  # recorded by the build (meta.onet_release): a newer release it cannot load
            config["onet_found"] = onet_found
        else:
            config.pop("onet_found", None)
        run_config = {"resources": {"sources": {"config": config}}}
    return RunRequest(
        run_key=run_key,
        run_config=run_config,
        tags={
            "soc_warehouse/trigger": trigger,
            "soc_warehouse/onet_release": onet_release,
            "soc_warehouse/changes": summary if len(summary) <= 200 else summary[:199] + "…",
        },
    )


def _run_key(source: str, poll: releases.SourcePoll) -> str:
    """The same change seen on two ticks gives the same key, so Dagster starts one run for it."""
    seen = {url: _state_fields(state) for url, state in sorted(poll.seen.items())}
    digest = hashlib.sha256(json.dumps([poll.changes, seen, poll.release], sort_keys=True).encode()).hexdigest()
    return f"{source}-{digest[:16]}"


def _state_fields(state: releases.FileState) -> dict:
    fields = asdict(state)
    del fields["url"]
    return fields


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")

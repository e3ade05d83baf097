"""Noticing new releases: what the published warehouse was built from, and whether the publishers hold anything newer.

Used by the Dagster sensors and schedule (orchestration/sensors.py) and by `socwh build` before it starts Dagster,
so nothing here imports Dagster. Requests go through the downloader's session, User-Agent and mirror mapping.

- The published warehouse's `meta.source_files` says which bytes it holds: sha256, ETag and Last-Modified per URL.
- A poll asks each file once, cheaply: a conditional GET (304 when unchanged) that is closed before the body unless
  the server gives no validator to compare, or a sha256 of the mirror's copy (skipped while size and mtime hold).
  It never retries: an error ends the source's poll and the caller backs off.
- A newer O*NET release is found by asking for the next release folders' `Read Me.txt` (x+1.0, then x.y+1) from
  the newest known release upward; offline, a mirror folder simply lists the releases it holds.
"""

from __future__ import annotations

import email.utils
import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import requests

from transforms.errors import SourceFormatError
from transforms.raw import oews, onet, onet_releases
from warehouse.config import DEFAULT_ONET_RELEASE, Settings, user_agent
from warehouse.sources import catalog, transfer
from warehouse.sources.download import RETRYABLE_STATUS, Downloader, DownloadError, retry_after
from warehouse.store import publish as build

READ_ME = "Read Me.txt"
MAX_BODY = 1 << 20  # the most a poll reads of a file it must hash or parse (oe.release, Read Me.txt are tiny)
_RELEASE_DIR = re.compile(r"^db_(\d+)_(\d+)_text$")


# -- what the published warehouse holds ------------------------------------------------------------------------


@dataclass(frozen=True)
class FileState:
    """What is known of one file's bytes: its sha256 and the validators its server gave (any may be unknown)."""

    url: str
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    size: int | None = None  # a mirror copy's size and mtime: while both hold, its sha256 needs no re-reading
    mtime_ns: int | None = None


@dataclass(frozen=True)
class Published:
    path: Path
    published_at: datetime
    files: dict[str, FileState]  # by URL
    releases: dict[str, str]  # by source
    code_fingerprint: str | None = None  # of the code that built it (warehouse.store.publish.code_fingerprint)


class PublishedUnreadable(RuntimeError):
    """The published warehouse exists but cannot be read (locked by a writer, or not a DuckDB file)."""


def read_published(db_path: Path) -> Published | None:
    """What the published warehouse at `db_path` was built from, or None when there is none (or it records nothing)."""
    if not Path(db_path).is_file():
        return None
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as error:
        raise PublishedUnreadable(f"cannot read the published warehouse {db_path}: {error}") from None
    try:
        rows = con.execute(
            "SELECT DISTINCT source, url, release, sha256, etag, last_modified FROM meta.source_files"
        ).fetchall()
        try:
            (fingerprint,) = con.execute("SELECT code_fingerprint FROM meta.build").fetchone()
        except duckdb.CatalogException:  # published before builds were stamped: treat its code as different
            fingerprint = None
    except duckdb.CatalogException:  # a warehouse that records no provenance: treat it as holding nothing
        return None
    finally:
        con.close()
    if not rows:
        return None
    return Published(
        path=Path(db_path),
        published_at=datetime.fromtimestamp(Path(db_path).stat().st_mtime, UTC),
        files={url: FileState(url, sha, etag, modified) for _, url, _, sha, etag, modified in rows},
        releases={source: release for source, _, release, *_ in rows},
        code_fingerprint=fingerprint,
    )


# -- O*NET releases ----------------------------------------------------------------------------------------------


def later_onet_release(a: str, b: str) -> str:
    return max(a, b, key=onet_releases.release_key)


# -- polling -----------------------------------------------------------------------------------------------------


class PollError(Exception):
    """A file could not be asked about (connection error, HTTP error, not in the mirror). Back off and try later."""

    def __init__(self, url: str, problem: str, retry_after: float | None = None, *, missing: bool = False) -> None:
        self.url = url
        self.problem = problem
        self.retry_after = retry_after  # seconds, when the server said (Retry-After)
        self.missing = missing  # HTTP 404/410, or no such file in the mirror
        super().__init__(f"{url}: {problem}")


@dataclass(frozen=True)
class Check:
    """One file, asked once: whether it differs from what the warehouse holds, and why."""

    url: str
    changed: bool
    state: FileState  # what is there now, as far as the poll learned
    why: str
    body: bytes | None = None  # read only when the poll had to (no validators) or was asked to (want_body)


class Poller:
    """Asks a publisher, or the mirror standing in for it, about files: one request per file per poll, no retries."""

    def __init__(self, downloader: Downloader, timeout: float = 30.0) -> None:
        self.downloader = downloader
        self.timeout = timeout
        self.requests = 0  # HTTP requests and mirror reads made, for the caller's record
        self._readmes: dict[str, bool] = {}

    @classmethod
    def for_settings(cls, settings: Settings, timeout: float = 30.0) -> Poller:
        return cls(Downloader(settings.cache_dir, user_agent(settings.contact), settings.mirror), timeout)

    @property
    def local_mirror(self) -> Path | None:
        mirror = self.downloader.mirror
        return Path(mirror) if mirror and not mirror.startswith(("http://", "https://")) else None

    def check(
        self, url: str, known: FileState | None, *, want_body: bool = False, seen: FileState | None = None
    ) -> Check:
        """Has `url` changed since `known` (None: the warehouse does not hold it)? `seen`: what the last poll saw."""
        try:
            location = self.downloader.source_location(url)
        except DownloadError as error:
            raise PollError(url, str(error)) from None
        if isinstance(location, Path):
            return self._check_local(url, location, known, want_body, seen)
        return self._check_http(url, location, known, want_body)

    def _check_local(
        self, url: str, path: Path, known: FileState | None, want_body: bool, seen: FileState | None
    ) -> Check:
        self.requests += 1
        if not path.is_file():
            raise PollError(url, f"not in the mirror (no file {path})", missing=True)
        stat = path.stat()
        if seen and seen.sha256 and (seen.size, seen.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            sha = seen.sha256  # the same copy the last poll hashed: no need to read it again
        else:
            sha = _sha256_file(path)
        state = FileState(url, sha, size=stat.st_size, mtime_ns=stat.st_mtime_ns)
        body = path.read_bytes()[:MAX_BODY] if want_body else None
        if known is None or known.sha256 is None:
            return Check(url, True, state, "not in the published warehouse", body)
        if sha == known.sha256:
            return Check(url, False, state, "same sha256")
        return Check(url, True, state, f"sha256 {known.sha256[:12]}… → {sha[:12]}…", body)

    def _check_http(self, url: str, request_url: str, known: FileState | None, want_body: bool) -> Check:
        headers = {}
        if known and known.etag:
            headers["If-None-Match"] = known.etag
        if known and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        self.requests += 1
        try:
            response = self.downloader.session.get(request_url, headers=headers, stream=True, timeout=self.timeout)
        except (requests.ConnectionError, requests.Timeout) as error:
            raise PollError(url, f"{type(error).__name__}: {error}") from None
        with response:
            if response.status_code == 304 and known is not None:
                return Check(url, False, known, "unchanged (HTTP 304)")
            if response.status_code != 200:
                missing = response.status_code in (404, 410)
                raise PollError(url, _http_problem(response), _retry_after(response), missing=missing)
            etag, modified = response.headers.get("ETag"), response.headers.get("Last-Modified")
            state = FileState(url, None, etag, modified)
            if known is None:
                why, changed = "not in the published warehouse", True
            elif etag and known.etag:
                changed, why = etag != known.etag, f"ETag {known.etag} → {etag}"
            elif modified and known.last_modified:
                changed, why = (
                    _moved(modified, known.last_modified),
                    f"Last-Modified {known.last_modified} → {modified}",
                )
            else:
                changed, why = None, ""  # nothing to compare but the bytes themselves
            body = None
            if changed is None or (changed and want_body):
                body = _read_body(response, url)
            if changed is None:
                sha = hashlib.sha256(body).hexdigest()
                state = replace(state, sha256=sha)
                changed = sha != known.sha256
                why = f"sha256 {(known.sha256 or '?')[:12]}… → {sha[:12]}…"
            if not changed:
                return Check(url, False, state, "unchanged (same validators)")
            return Check(url, True, state, why, body)

    def onet_release_exists(self, release: str) -> bool:
        """Whether O*NET has published `release`: its Read Me.txt is there and names it (asked once per poll)."""
        if release not in self._readmes:
            url = catalog.onet_url(release, READ_ME)
            try:
                found = self.check(url, None, want_body=True)
            except PollError as error:
                if not error.missing:
                    raise
                found = None
            self._readmes[release] = found is not None and _names_release(found.body or b"", release)
        return self._readmes[release]

    def mirror_onet_releases(self) -> list[str]:
        """The O*NET releases a local mirror folder holds (a release folder with its Read Me.txt), oldest first."""
        readme = self.downloader.source_location(catalog.onet_url("0.0", READ_ME))
        database = Path(readme).parent.parent
        found = []
        for folder in database.glob("db_*_text") if database.is_dir() else ():
            match = _RELEASE_DIR.match(folder.name)
            if match and (folder / READ_ME).is_file():
                found.append(f"{int(match[1])}.{int(match[2])}")
        return sorted(found, key=onet_releases.release_key)

    def onet_release_to_load(self, start: str = DEFAULT_ONET_RELEASE) -> tuple[str, str]:
        """(the newest release found whose layout this code knows, the newest release found). They differ when O*NET
        published a release of a layout `transforms.raw.onet_releases` does not declare: it is never guessed at."""
        newest = self.newest_onet_release(start)
        if onet_releases.is_known(newest):
            return newest, newest
        if self.local_mirror is not None:
            known = [r for r in self.mirror_onet_releases() if onet_releases.is_known(r)]
            return (known[-1] if known else start), newest
        # Probing follows x+1.0 first, so it may have passed known releases by: ask for them, newest first.
        for candidate in onet_releases.known_releases_after(start):
            if onet_releases.release_key(candidate) < onet_releases.release_key(newest) and self.onet_release_exists(
                candidate
            ):
                return candidate, newest
        return start, newest

    def newest_onet_release(self, start: str = DEFAULT_ONET_RELEASE) -> str:
        """The newest O*NET release: a local mirror's newest folder, else probed upward from `start`."""
        if self.local_mirror is not None:
            held = self.mirror_onet_releases()
            return held[-1] if held else start
        current = start
        while True:
            newer = next((r for r in onet_releases.next_releases(current) if self.onet_release_exists(r)), None)
            if newer is None:
                return current
            current = newer


def _names_release(readme: bytes, release: str) -> bool:
    try:
        return onet.parse_readme_release(readme, READ_ME)[0] == release
    except SourceFormatError:  # a page served where the Read Me should be (a soft 404) is not a release
        return False


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _read_body(response: requests.Response, url: str) -> bytes:
    """The body's first MAX_BODY bytes, within the deadline and minimum rate of a download (warehouse.sources.transfer)."""
    body = b""
    limits = transfer.Limits.for_size(MAX_BODY)
    try:
        with transfer.Watch(replace(limits, max_bytes=None), transfer.shutdown(response)) as watch:
            for chunk in transfer.chunks(response, watch, 1 << 16):
                body += chunk
                if len(body) > MAX_BODY:
                    break
    except transfer.LimitExceeded as error:
        raise PollError(url, str(error)) from None
    except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as error:
        raise PollError(url, f"the connection broke while reading ({error})") from None
    return body


def _moved(new: str, old: str) -> bool:
    """Whether Last-Modified moved (compared as dates when both parse; a server may reformat the same instant)."""
    try:
        return email.utils.parsedate_to_datetime(new) != email.utils.parsedate_to_datetime(old)
    except (TypeError, ValueError):
        return new != old


def _http_problem(response: requests.Response) -> str:
    if response.status_code == 403:
        return "HTTP 403 Forbidden (download.bls.gov refuses a User-Agent without a contact: set SOC_WAREHOUSE_CONTACT)"
    return f"HTTP {response.status_code} {response.reason}"


def _retry_after(response: requests.Response) -> float | None:
    return retry_after(response) if response.status_code in RETRYABLE_STATUS else None


# -- one source, polled ------------------------------------------------------------------------------------------


@dataclass
class SourcePoll:
    """What one poll of a source found: the reasons to build (none: nothing new), and what it saw."""

    source: str
    changes: list[str] = field(default_factory=list)
    seen: dict[str, FileState] = field(default_factory=dict)  # by URL
    release: str | None = None  # the source's release as the poll knows it (O*NET: the newest of a known layout)
    requests: int = 0
    notice: str | None = None  # O*NET: a newer release found whose layout this code does not know
    newest: str | None = None  # O*NET: the newest release found (of a known layout or not)


def source_files(source: str, onet_release: str) -> list[catalog.SourceFile]:
    return [f for f in catalog.source_files(onet_release).values() if f.source == source]


def poll_source(
    poller: Poller,
    source: str,
    published: Published | None,
    *,
    onet_release: str,
    discover_onet: bool,
    seen: dict[str, FileState] | None = None,
) -> SourcePoll:
    """Ask about every file of `source` once and compare with the published warehouse.

    `onet_release` is the pinned release, or where discovery starts (`discover_onet`). `seen` is what the last poll
    saw (a mirror copy's size and mtime spare re-hashing it). Raises PollError on the first file that cannot be
    asked about: the caller backs off rather than asking the rest.
    """
    seen = seen or {}
    result = SourcePoll(source)
    before = poller.requests
    if published is None:
        result.changes.append("no published warehouse yet")
        return result
    held = published.releases.get(source)
    result.release = held
    if source == "onet":
        # Discovery starts from the newer of the configured and the held release: fewer folders to ask about.
        start = later_onet_release(onet_release, held) if held else onet_release
        release, newest = poller.onet_release_to_load(start) if discover_onet else (onet_release, onet_release)
        result.release = release
        result.notice, result.newest = unknown_layout_notice(newest, release), newest
        if held != release:
            pinned = "" if discover_onet else " (pinned)"
            result.changes.append(f"O*NET {release}{pinned}: the warehouse holds {held or 'no O*NET release'}")
            result.requests = poller.requests - before
            return result  # a build of another release fetches everything anyway
    files = source_files(source, result.release if source == "onet" else onet_release)
    for file in files:
        is_release_file = source == "oews" and file.name == "release"
        check = poller.check(
            file.url, published.files.get(file.url), want_body=is_release_file, seen=seen.get(file.url)
        )
        result.seen[file.url] = check.state
        if not check.changed:
            continue
        name = file.url.rsplit("/", 1)[-1]
        if is_release_file and check.body is not None:
            result.changes.append(_oews_release_change(check.body, name, held) or f"{name}: {check.why}")
        else:
            result.changes.append(f"{name}: {check.why}")
    result.requests = poller.requests - before
    return result


def _oews_release_change(body: bytes, name: str, held: str | None) -> str | None:
    try:
        release = oews.oews_release(body, name)
    except SourceFormatError as error:
        return f"{name} changed and cannot be read: {error}"
    return f"OEWS release {held} → {release}" if release != held else None


# -- a build with nothing new ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NothingNew:
    files: int
    published_at: datetime

    @property
    def message(self) -> str:
        return f"nothing new: {self.files} files unchanged since {self.published_at:%Y-%m-%d %H:%M:%S} UTC"


def unknown_layout_notice(newest: str | None, loaded: str) -> str | None:
    """What a build or poll says when O*NET published a release of a layout this code does not know."""
    if newest is None or newest == loaded:
        return None
    return f"O*NET {newest} found but its layout is not known to this version; loaded {loaded}"


def resolve_onet_release(settings: Settings) -> Settings:
    """The settings with the O*NET release to build: the pinned one (which must be of a known layout), or the newest
    one found of a known layout (`onet_found` then names a newer release of an unknown layout, if there is one).
    Raises UnknownOnetRelease for a pinned release no layout covers, LayoutError for a mirror folder of a known
    release that lacks one of its files."""
    if not settings.discover_onet_release:
        onet_releases.layout_of(settings.onet_release)
        return settings
    poller = Poller.for_settings(settings)
    try:
        release, newest = poller.onet_release_to_load(DEFAULT_ONET_RELEASE)
    except PollError:
        # The build itself fetches the default release and reports a problem with the publisher properly.
        release, newest = DEFAULT_ONET_RELEASE, DEFAULT_ONET_RELEASE
    if poller.local_mirror is not None:  # a folder of a known release must hold that release's files
        readme = Path(poller.downloader.source_location(catalog.onet_url(release, READ_ME)))
        onet_releases.check_files(release, {path.name for path in readme.parent.iterdir()})
    return replace(settings, onet_release=release, onet_found=newest if newest != release else None)


def nothing_new(settings: Settings) -> NothingNew | None:
    """NothingNew when every file the build would read has the bytes the published warehouse was built from.

    Each file goes through the downloader as a build would: a conditional request answered 304, or a mirror copy
    whose sha256 equals the cached one, downloads nothing. A file that did change is then in the cache for the
    build. Returns None at the first difference, or when a file cannot be fetched (the build reports that).
    """
    try:
        published = read_published(settings.db_path)
    except PublishedUnreadable:
        return None  # the build reports it (its history step reads the published warehouse too)
    if published is None or published.code_fingerprint != build.code_fingerprint():
        return None  # nothing published yet, or built by other code: rebuild
    files = list(catalog.source_files(settings.onet_release).values())
    if {f.url for f in files} != set(published.files):
        return None
    # One attempt per file: a file that cannot be fetched ends the check, and the build retries it with backoff.
    downloader = Downloader(settings.cache_dir, user_agent(settings.contact), settings.mirror, attempts=1)
    for file in files:
        try:
            fetched = downloader.fetch(file.url, file.kind, limits=file.limits)
        except DownloadError:
            return None
        if fetched.sha256 != published.files[file.url].sha256:
            return None
    return NothingNew(len(files), published.published_at)

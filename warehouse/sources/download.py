"""Downloading publishers' files into a local cache, safely and politely.

- A User-Agent that names the project and a contact (download.bls.gov answers 403 otherwise).
- Retries with exponential backoff on connection errors, timeouts, 429 and 5xx, honouring Retry-After.
- Conditional requests (If-None-Match / If-Modified-Since): an unchanged file is not downloaded again.
- Streamed to a temporary file beside its destination, checked (length, not empty, the format expected, not an HTML
  error page), hashed, then renamed into place: an interrupted download never leaves a partial file where a
  complete one is expected.
- A mirror (a local folder or an http(s) base URL laid out HOST/PATH) replaces the publishers for offline builds.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests
from urllib3.exceptions import NameResolutionError

from warehouse.sources import transfer

RETRYABLE_STATUS = {429, 500, 502, 503, 504}
MAX_RETRY_AFTER = 120.0
CHUNK = 1 << 20

# The first bytes each kind of file must start with; HTML served where data was expected is caught separately.
MAGIC = {"xlsx": (b"PK\x03\x04",), "pdf": (b"%PDF-",)}

Progress = Callable[[str, int, int | None], None]


class DownloadError(RuntimeError):
    """A file could not be fetched, or what came back is not the file. The message says which URL and why."""


@dataclass(frozen=True)
class Fetched:
    """A file in the cache and where its bytes came from."""

    url: str
    path: Path
    bytes: int
    sha256: str
    etag: str | None
    last_modified: str | None
    retrieved_at: str
    status: str  # "downloaded" | "unchanged"
    # Where the bytes were actually read from: the publisher's URL, a mirror's URL, or a local mirror file. Then
    # last_modified is the publisher's only when read_from is the publisher's URL (a mirror's, or a file's mtime,
    # otherwise: still the right validator for asking that same mirror again).
    read_from: str | None = None

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


def check_content(head: bytes, kind: str, url: str, content_type: str | None = None) -> None:
    """Refuse bytes that cannot be the file asked for: empty, an HTML page, or the wrong magic number."""
    if not head:
        raise DownloadError(f"{url}: the file is empty (0 bytes)")
    start = head.lstrip()[:256].lower()
    is_html = start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        content_type is not None and content_type.split(";")[0].strip().lower() == "text/html"
    )
    if is_html:
        raise DownloadError(
            f"{url}: got an HTML page where a {kind} file was expected "
            "(an error or 'Access Denied' page served as data?)"
        )
    for magic in MAGIC.get(kind, ()):
        if not head.startswith(magic):
            raise DownloadError(f"{url}: does not look like a {kind} file (it starts with {head[:8]!r})")


def retry_after(response: requests.Response) -> float | None:
    """The server's Retry-After, in seconds from now (never negative): a number of seconds or an HTTP-date; None
    when it sent none or something that is neither."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        when = when if when.tzinfo else when.replace(tzinfo=UTC)  # '-0000' parses to a naive (UTC) time
        return max((when - datetime.now(UTC)).total_seconds(), 0.0)


def _wait_before_retry(response: requests.Response | None, attempt: int, backoff: float) -> float:
    """Seconds to wait before the next attempt: Retry-After when the server sends it, else exponential backoff."""
    said = retry_after(response) if response is not None else None
    return backoff * (2**attempt) if said is None else min(said, MAX_RETRY_AFTER)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _atomic_copy_into(source: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part", delete=False) as tmp:
        with source.open("rb") as handle:
            shutil.copyfileobj(handle, tmp, CHUNK)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, dest)


class Downloader:
    """Fetches URLs into `cache_dir/HOST/PATH`, from the publisher or from a mirror of the same layout."""

    def __init__(
        self,
        cache_dir: Path,
        user_agent: str,
        mirror: str | None = None,
        *,
        attempts: int = 5,
        backoff: float = 1.0,
        timeout: float = 60.0,
        progress: Progress | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.mirror = mirror
        self.attempts = attempts
        self.backoff = backoff
        self.timeout = timeout
        self.progress = progress
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent

    # -- where things are -------------------------------------------------------------------------------------

    def cache_path(self, url: str) -> Path:
        parts = urlsplit(url)
        return _inside(self.cache_dir, parts.netloc, unquote(parts.path), what="cache path")

    def source_location(self, url: str) -> str | Path:
        """The URL to request, or the local file to copy, for a publisher's URL under the configured mirror."""
        if not self.mirror:
            return url
        parts = urlsplit(url)
        if self.mirror.startswith(("http://", "https://")):
            return f"{self.mirror.rstrip('/')}/{parts.netloc}{parts.path}"
        return _inside(Path(self.mirror), parts.netloc, unquote(parts.path), what="mirror path")

    # -- fetching ---------------------------------------------------------------------------------------------

    def fetch(self, url: str, kind: str, *, context: str = "", limits: transfer.Limits | None = None) -> Fetched:
        """Make sure the cache holds the current bytes of `url`; `context` (e.g. 'O*NET release 30.2') goes into a 404.

        `limits` bounds the transfer (deadline, minimum rate, maximum size: warehouse.sources.transfer); by default a
        deadline and minimum rate from the environment, and no size cap."""
        limits = limits or transfer.Limits.for_size(None)
        dest = self.cache_path(url)
        for leftover in dest.parent.glob(f".{dest.name}.*.part"):  # from a download that was killed
            leftover.unlink(missing_ok=True)
        location = self.source_location(url)
        if isinstance(location, Path):
            return self._copy_local(url, location, dest, kind, limits)
        return self._download(url, location, dest, kind, context, limits)

    def _copy_local(self, url: str, source: Path, dest: Path, kind: str, limits: transfer.Limits) -> Fetched:
        if not source.is_file():
            raise DownloadError(f"{url}: not in the mirror (no file {source})")
        if limits.max_bytes is not None and source.stat().st_size > limits.max_bytes:
            raise DownloadError(
                f"{url}: the mirror's copy {source} has {source.stat().st_size:,} bytes, more than the "
                f"{limits.max_bytes:,} this file may have"
            )
        with source.open("rb") as handle:
            check_content(handle.read(4096), kind, str(source))
        sha = _sha256(source)
        cached = self._cached(url, dest)
        if cached is not None and cached.sha256 == sha:
            return _with_status(cached, "unchanged")
        _atomic_copy_into(source, dest)
        stat = source.stat()
        last_modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        fetched = Fetched(
            url, dest, stat.st_size, sha, None, last_modified, _now(), "downloaded", read_from=str(source)
        )
        self._write_meta(fetched)
        if self.progress:
            self.progress(url, stat.st_size, stat.st_size)
        return fetched

    def _download(
        self, url: str, request_url: str, dest: Path, kind: str, context: str, limits: transfer.Limits
    ) -> Fetched:
        cached = self._cached(url, dest)
        headers = {}
        if cached is not None:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        last_problem = ""
        for attempt in range(self.attempts):
            response = None
            try:
                response = self.session.get(request_url, headers=headers, stream=True, timeout=self.timeout)
                if response.status_code == 304 and cached is not None:
                    response.close()
                    return _with_status(cached, "unchanged")
                if response.status_code in RETRYABLE_STATUS:
                    last_problem = f"HTTP {response.status_code} {response.reason}"
                    response.close()
                elif response.status_code != 200:
                    response.close()
                    raise DownloadError(_refusal(url, request_url, response, context))
                else:
                    return self._stream_to_cache(url, response, dest, kind, limits)
            except (requests.ConnectionError, requests.Timeout) as error:
                if _unresolvable(error):  # no DNS (offline): retrying for a minute per file helps nobody
                    host = urlsplit(request_url).netloc
                    raise DownloadError(
                        f"{url}: cannot resolve {host} (no network?). To build offline, use a mirror: "
                        "--mirror ../shared/data/mirror or SOC_WAREHOUSE_MIRROR"
                    ) from None
                last_problem = f"{type(error).__name__}: {error}"
            except _Truncated as error:
                last_problem = str(error)
            except transfer.LimitExceeded as error:  # another attempt would take as long, or be as large
                raise DownloadError(f"{url}: {error}") from None
            if attempt + 1 < self.attempts:
                self.sleep(_wait_before_retry(response, attempt, self.backoff))
        raise DownloadError(f"{url}: gave up after {self.attempts} attempts; last problem: {last_problem}")

    def _stream_to_cache(
        self, url: str, response: requests.Response, dest: Path, kind: str, limits: transfer.Limits
    ) -> Fetched:
        expected = response.headers.get("Content-Length")
        try:
            transfer.check_declared(limits, expected)
        except transfer.LimitExceeded:
            response.close()  # without reading the body
            raise
        total = int(expected) if expected and expected.isdigit() else None
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        tmp = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed into place
            dir=dest.parent, prefix=f".{dest.name}.", suffix=".part", delete=False
        )
        try:
            with tmp, response, transfer.Watch(limits, transfer.shutdown(response)) as watch:
                head_checked = False
                try:
                    for chunk in transfer.chunks(response, watch, CHUNK):
                        if not head_checked:
                            check_content(chunk, kind, url, response.headers.get("Content-Type"))
                            head_checked = True
                        tmp.write(chunk)
                        digest.update(chunk)
                        size += len(chunk)
                        if self.progress:
                            self.progress(url, size, total)
                except (requests.exceptions.ChunkedEncodingError, requests.ConnectionError) as error:
                    raise _Truncated(
                        f"truncated: the connection broke before all {total or '?'} bytes arrived ({error})"
                    ) from error
                if not head_checked:
                    check_content(b"", kind, url)
                if total is not None and size != total:
                    raise _Truncated(f"truncated: received {size:,} of {total:,} bytes (Content-Length)")
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp.name, dest)
        finally:
            Path(tmp.name).unlink(missing_ok=True)
        fetched = Fetched(
            url,
            dest,
            size,
            digest.hexdigest(),
            response.headers.get("ETag"),
            response.headers.get("Last-Modified"),
            _now(),
            "downloaded",
            read_from=response.url or url,
        )
        self._write_meta(fetched)
        return fetched

    # -- the cache's record of each file ----------------------------------------------------------------------

    @staticmethod
    def _meta_path(dest: Path) -> Path:
        return dest.with_name(dest.name + ".meta.json")

    def _cached(self, url: str, dest: Path) -> Fetched | None:
        """The cache's record of `url`, if the file is there and still has the bytes the record says."""
        meta_path = self._meta_path(dest)
        if not (dest.is_file() and meta_path.is_file()):
            return None
        try:
            meta = json.loads(meta_path.read_text())
            record = Fetched(**{**meta, "path": dest})
        except (ValueError, TypeError):
            return None
        if record.url != url or record.bytes != dest.stat().st_size or _sha256(dest) != record.sha256:
            return None
        return record

    def _write_meta(self, fetched: Fetched) -> None:
        meta = asdict(fetched) | {"path": str(fetched.path), "status": "downloaded"}
        meta_path = self._meta_path(fetched.path)
        tmp = meta_path.with_name(meta_path.name + ".part")
        tmp.write_text(json.dumps(meta, indent=1))
        os.replace(tmp, meta_path)


def _unresolvable(error: Exception) -> bool:
    """Whether a connection error was the host name not resolving (urllib3 wraps it a few levels deep)."""
    seen: Exception | None = error
    while seen is not None:
        if isinstance(seen, NameResolutionError):
            return True
        seen = getattr(seen, "reason", None) or (
            seen.args[0] if seen.args and isinstance(seen.args[0], Exception) else None
        )
    return False


class _Truncated(Exception):
    """The body ended early; worth another attempt."""


def _with_status(record: Fetched, status: str) -> Fetched:
    return Fetched(**{**asdict(record), "path": record.path, "status": status})


def _inside(root: Path, host: str, path: str, *, what: str) -> Path:
    """root/host/path, refusing anything that would land outside root ('..', absolute parts, symlinks out)."""
    relative = Path(host) / path.lstrip("/")
    if not host or relative.is_absolute() or ".." in relative.parts:
        raise DownloadError(f"refusing {what} {relative}: it would leave {root}")
    full = root / relative
    resolved_root = root.resolve()
    if not full.resolve().is_relative_to(resolved_root):
        raise DownloadError(f"refusing {what} {full}: it resolves outside {resolved_root} (a symlink?)")
    return full


def _refusal(url: str, request_url: str, response: requests.Response, context: str) -> str:
    where = request_url if request_url == url else f"{request_url} (mirror of {url})"
    if response.status_code == 403:
        return (
            f"{where}: the server refused this client (HTTP 403 Forbidden). download.bls.gov refuses clients "
            "whose User-Agent does not name a contact: set SOC_WAREHOUSE_CONTACT (or --contact) to your e-mail "
            f"address. User-Agent sent: {response.request.headers.get('User-Agent')!r}"
        )
    if response.status_code == 404:
        asked = f" for {context}" if context else ""
        return f"{where}: not found (HTTP 404){asked}. Is the release right, and does the publisher still use this URL?"
    return f"{where}: HTTP {response.status_code} {response.reason}"

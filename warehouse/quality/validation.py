"""Run the tables' Great Expectations suites (`warehouse.quality.expectations`) on Polars frames, and write the reports.

A build runs every suite in Polars (`validation_polars`: GE's expectation types evaluated as Polars expressions,
returning GE's own result objects). GE's own engine, the reference it is tested against, runs on `frame.to_pandas()`
through its pandas data source (GE's SQL expectations fail on DuckDB through duckdb-engine). One in-memory
(ephemeral) GE context per process, created on first use, holds a batch definition per table; results are not stored
in it. Great Expectations is imported on first use (3-5 s), not with this module.

Rows of a failed row-level expectation are identified by GE's `partial_unexpected_index_list`: the pandas frame
keeps Polars' row order with a default RangeIndex, so an index is a row number of the (derived-column) frame.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from warehouse.quality.expectations import Check, derived_columns, key_columns, partition_key, suite_for
from warehouse.quality.validation_polars import ROW  # the row-number column of a part
from warehouse.store.db import PART_ROWS

if TYPE_CHECKING:
    import pandas as pd
    from great_expectations.core import ExpectationSuite, ExpectationSuiteValidationResult
    from great_expectations.core.expectation_validation_result import ExpectationValidationResult
    from great_expectations.data_context import AbstractDataContext

SAMPLE_ROWS = 5
# The engine that runs a suite. "polars" (warehouse.quality.validation_polars) in a build: GE on the full OEWS
# release's 6 million rows needed ~5 GB and a minute, and on the ~35 small tables 6-7 s of CPU a build where Polars
# takes under 1 s, with the same results. "pandas", GE's own engine, stays the reference:
# tests/test_validation_pandas.py runs every validation test on it, so the two engines cannot drift apart. Even
# then, a table of more than REFERENCE_MAX_ROWS rows goes to Polars (what GE's engine could not hold).
ENGINE: Literal["polars", "pandas"] = "polars"
REFERENCE_MAX_ROWS = 100_000
# SUMMARY gives counts and the first `partial_unexpected_count` bad rows' indexes, without COMPLETE's full lists.
_RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_ROWS}
_DATA_SOURCE = "warehouse"
_DOCS_SITE = "warehouse"
_LOCK = threading.Lock()  # one GE context per process; GE's objects are not documented as thread-safe


@dataclass(frozen=True)
class Failure:
    """One failed expectation. Row-level expectations fill the counts and `sample` (up to 5 bad rows: their key
    columns and the checked columns); table-level ones fill `observed_value` or the `missing`/`unexpected`
    values of a set."""

    expectation: str  # GE's type, e.g. 'expect_column_values_to_be_between'
    check: str  # with its arguments, e.g. 'expect_column_values_to_be_between(job_zone, 1, 5)'
    columns: list[str]
    observed_value: Any = None
    unexpected_count: int | None = None
    element_count: int | None = None
    unexpected_percent: float | None = None
    missing_values: list[Any] | None = None
    unexpected_values: list[Any] | None = None
    exception: str | None = None
    sample: list[dict[str, Any]] = field(default_factory=list)

    def describe(self, table: str) -> str:
        """One line, e.g. "raw.onet_job_zones: expect_column_values_to_be_between(job_zone, 1, 5) failed: 1 of
        923 rows (0.1%), e.g. {'onet_soc_code': '15-1221.00', 'job_zone': 7}"."""
        head = f"{table}: {self.check}"
        if self.exception is not None:
            return f"{head} could not run: {self.exception}"
        if self.element_count is not None:
            text = f"{head} failed: {self.unexpected_count:,} of {self.element_count:,} rows"
            text += f" ({_percent(self.unexpected_percent)})"
            return text + (f", e.g. {self.sample[0]}" if self.sample else "")
        found = [
            f"{label} {values}"
            for label, values in (("missing", self.missing_values), ("unexpected", self.unexpected_values))
            if values
        ]
        return f"{head} failed: {'; '.join(found) or f'observed {self.observed_value!r}'}"


@dataclass
class ValidationReport:
    """The outcome of one table's suite. `result` is GE's own result (for Data Docs); it is not in `to_json()`."""

    table: str
    success: bool
    rows: int
    expectations: int
    failures: list[Failure]
    seconds: float
    result: ExpectationSuiteValidationResult | None = field(default=None, repr=False, compare=False)
    onet_release: str | None = None  # the O*NET release whose contract the suite followed

    def to_json(self) -> str:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("failures", "result")}
        data["failures"] = [asdict(failure) for failure in self.failures]
        return json.dumps(data, indent=2, default=str)

    def summary(self) -> str:
        if self.success:
            return f"{self.table}: all {self.expectations} expectations passed on {self.rows:,} rows"
        return "\n".join(failure.describe(self.table) for failure in self.failures)


def validate(table: str, frame: pl.DataFrame, onet_release: str | None = None) -> ValidationReport:
    """Run `table`'s suite ('raw.<name>') on `frame` with Great Expectations (O*NET suites: `onet_release`'s)."""
    if partition_key(table) and frame.height > PART_ROWS:  # as the build checks it: in parts (see validate_parts)
        return validate_parts(table, _split(table, frame), onet_release)
    started = time.perf_counter()
    checks = suite_for(table, onet_release)
    frame = _with_derived_columns(table, frame)
    if ENGINE == "polars" or frame.height > REFERENCE_MAX_ROWS:  # every row checked, by Polars (see there)
        from warehouse.quality.validation_polars import validate_suite

        result, samples = validate_suite(_cached_suite(table, onet_release), checks, frame, key_columns(table))
    else:
        data = frame.to_pandas()
        with _LOCK:
            result = _validator(table, data).validate_expectation_suite(_cached_suite(table, onet_release))
        samples = None
    failed = sorted((r for r in result.results if not r.success), key=_check_index)
    failures = [_failure(checks[_check_index(r)], r, frame, table, samples) for r in failed]
    return _report(table, result, frame.height, checks, failures, started, onet_release)


def validate_parts(table: str, parts: Iterable[pl.DataFrame], onet_release: str | None = None) -> ValidationReport:
    """`validate` of a table too big to hold whole (the full OEWS release's raw.oews_data): every row checked by
    Polars, one part at a time, with the same report as `validate` of the whole table would give.

    `parts` split the table by the values of `partition_key(table)` (rows equal in them in one part), each part
    with a `ROW` column of its rows' numbers in the whole table: the order bad rows are sampled in. The checks
    that compare rows (uniqueness, derived columns over groups) group by those columns, so each part is checked
    on its own and the counts added up (warehouse.quality.validation_polars.validate_parts).
    """
    from warehouse.quality.validation_polars import validate_parts as run_parts

    started = time.perf_counter()
    checks = suite_for(table, onet_release)
    derived = (_with_derived_columns(table, part) for part in parts)
    result, samples, rows = run_parts(
        _cached_suite(table, onet_release), checks, derived, key_columns(table), partition_key(table)
    )
    failed = sorted((r for r in result.results if not r.success), key=_check_index)
    failures = [_failure(checks[_check_index(r)], r, None, table, samples) for r in failed]
    return _report(table, result, rows, checks, failures, started, onet_release)


def part_count(rows: int) -> int:
    """How many parts a table of `rows` rows is checked in: parts of at most PART_ROWS rows (about)."""
    return max(1, -(-rows // PART_ROWS))


def part_of(columns: tuple[str, ...], parts: int) -> pl.Expr:
    """The part (0 .. parts - 1) a row falls in: by a hash of its values in `columns`."""
    return (pl.struct(columns).hash(seed=0) % parts).cast(pl.Int64)


def _split(table: str, frame: pl.DataFrame) -> list[pl.DataFrame]:
    """`frame` as `validate_parts` takes it: split by `partition_key(table)`, each part numbering its rows."""
    parts = part_count(frame.height)
    numbered = frame.with_row_index(ROW).with_columns(_part=part_of(partition_key(table), parts))
    return [numbered.filter(pl.col("_part") == part).drop("_part") for part in range(parts)]


def _report(
    table: str,
    result: ExpectationSuiteValidationResult,
    rows: int,
    checks: list[Check],
    failures: list[Failure],
    started: float,
    onet_release: str | None,
) -> ValidationReport:
    return ValidationReport(
        table=table,
        success=bool(result.success),
        rows=rows,
        expectations=len(checks),
        failures=failures,
        seconds=round(time.perf_counter() - started, 3),
        result=result,
        onet_release=onet_release,
    )


# While `socwh build` runs (collect_data_docs), the checks leave Data Docs out and hand their results here: the build
# then renders one site for all its tables. A site per table cost 2.5 s and 4 MB of copied assets each, 32 times.
_collected: list[ValidationReport] | None = None


@contextmanager
def collect_data_docs() -> Iterator[list[ValidationReport]]:
    """Within, `write_reports` writes no Data Docs and collects the reports instead (`write_data_docs` them once)."""
    global _collected
    previous, _collected = _collected, []
    try:
        yield _collected
    finally:
        _collected = previous


def write_data_docs(reports: list[ValidationReport], site: Path) -> Path:
    """One Data Docs site of all `reports` in `site`; returns its index.html."""
    return _write_data_docs([r for r in reports if r.result is not None], site)


def data_docs_path(index: Path) -> Path:
    """The Data Docs page of the reports an index.json (of `write_reports`) lists."""
    return (index.parent / json.loads(index.read_text())["data_docs"]).resolve()


def write_reports(reports: list[ValidationReport], folder: Path) -> Path:
    """Write `<table>.json` per report, `index.json` listing them, and GE's HTML Data Docs of the validations
    in `folder/data_docs/` (index.html); while collecting (collect_data_docs), the site is the run's, one folder up.
    Returns the path of index.json."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = []
    for report in reports:
        path = folder / f"{report.table}.json"
        path.write_text(report.to_json())
        tables.append(
            {
                "table": report.table,
                "success": report.success,
                "rows": report.rows,
                "failures": len(report.failures),
                "report": path.name,
            }
        )
    if _collected is not None:
        _collected.extend(reports)
        docs = folder.parent / "data_docs" / "index.html"
    else:
        docs = _write_data_docs([r for r in reports if r.result is not None], folder / "data_docs")
    index = folder / "index.json"
    index.write_text(
        json.dumps(
            {
                "success": all(report.success for report in reports),
                "tables": tables,
                "data_docs": os.path.relpath(docs, folder),
            },
            indent=2,
        )
    )
    return index


def _with_derived_columns(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    try:
        return frame.with_columns(**derived_columns(table))
    except pl.exceptions.ColumnNotFoundError:
        return frame  # GE then reports the derived column as missing, next to the checks of the missing inputs


def _failure(
    check: Check,
    outcome: ExpectationValidationResult,
    frame: pl.DataFrame | None,
    table: str,
    samples: dict[int, list[dict[str, Any]]] | None,
) -> Failure:
    """The failure of `outcome`: its sample rows from `samples` (the Polars engine's, by check index) or `frame`."""
    from warehouse.quality import gx

    result = gx.convert_to_json_serializable(outcome.result or {})
    row_level = "element_count" in result
    if samples is not None:
        sample = samples.get(_check_index(outcome), [])
    else:
        sample = _sample(frame, table, check, result.get("partial_unexpected_index_list") or [])
    return Failure(
        expectation=check.type,
        check=check.describe(),
        columns=check.columns,
        observed_value=result.get("observed_value"),
        unexpected_count=result.get("unexpected_count") if row_level else None,
        element_count=result.get("element_count"),
        unexpected_percent=result.get("unexpected_percent"),
        missing_values=result.get("partial_missing_list"),
        unexpected_values=None if row_level else result.get("partial_unexpected_list"),
        exception=_exception_message(outcome.exception_info or {}),
        sample=sample,
    )


def _exception_message(info: dict[str, Any]) -> str | None:
    """The message of an exception GE caught: `info` is one {raised_exception, exception_message, ...} or, when
    a metric failed, a dict of them by metric."""
    for entry in [info, *info.values()]:
        if isinstance(entry, dict) and entry.get("raised_exception"):
            return entry.get("exception_message")
    return None


def _sample(frame: pl.DataFrame, table: str, check: Check, indexes: list[int]) -> list[dict[str, Any]]:
    """The first bad rows: their key columns and the checked columns, as in the frame."""
    columns = [c for c in dict.fromkeys([*key_columns(table), *check.columns]) if c in frame.columns]
    return frame.select(columns)[indexes[:SAMPLE_ROWS]].to_dicts() if columns and indexes else []


def _percent(value: float | None) -> str:
    if value is None:
        return "?%"
    return "<0.1%" if 0 < value < 0.1 else f"{value:.1f}%"


def _check_index(outcome: ExpectationValidationResult) -> int:
    return outcome.expectation_config.meta["check"]


# --- Great Expectations objects (created on first use; GE itself comes through warehouse.quality.gx) ---


@functools.cache
def _context() -> AbstractDataContext:
    from warehouse.quality import gx

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = gx.ProgressBarsConfig(globally=False)
    context.data_sources.add_pandas(_DATA_SOURCE)
    return context


@contextmanager
def warmed_up() -> Iterator[None]:
    """Within, Great Expectations is imported in a background thread.

    That start-up costs 3-8 s (mostly the import), all of it in the build's first check, where nothing else runs.
    Started with the build instead, it overlaps the raw steps, which leave a core idle (one-threaded parses,
    Dagster's event log waiting on SQLite). On leaving, the thread is joined: it never outlives the build.
    """
    thread = threading.Thread(target=_warm_up, name="great-expectations-start-up")
    thread.start()
    try:
        yield
    finally:
        thread.join()


def _warm_up() -> None:
    with _LOCK:
        # Only the import: a build's checks (the Polars engine) need GE's objects, not its context, whose 0.5 s of
        # CPU only GE's own pandas engine (the tests' reference) spends, on first use.
        from warehouse.quality import gx  # noqa: F401


@functools.cache
def _batch_definition(table: str):
    asset = _context().data_sources.get(_DATA_SOURCE).add_dataframe_asset(table)
    return asset.add_batch_definition_whole_dataframe("whole table")


def _validator(table: str, data: pd.DataFrame):
    """GE's validator of `data` as the whole-frame batch of `table`'s asset.

    What `ValidationDefinition.run` uses, without storing the result in the context. (`batch_definition
    .get_batch(...).validate(...)` loads the batch twice, and each load fingerprints every row: +25 % on the
    6-million-row OEWS frame.)
    """
    from warehouse.quality import gx

    return gx.Validator(_batch_definition(table), batch_parameters={"dataframe": data}, result_format=_RESULT_FORMAT)


def _suite(table: str, onet_release: str | None = None) -> ExpectationSuite:
    """A new GE suite of `table`'s checks; each expectation's meta['check'] is its index in `suite_for(table)`.

    Both engines' paths ask for the suite before they run it."""
    from warehouse.quality import gx

    expectations = [
        gx.ExpectationConfiguration(type=check.type, kwargs=check.kwargs, meta={"check": index}).to_domain_obj()
        for index, check in enumerate(suite_for(table, onet_release))
    ]
    return gx.ExpectationSuite(name=table, expectations=expectations)


_cached_suite = functools.cache(_suite)


def _write_data_docs(reports: list[ValidationReport], site: Path) -> Path:
    """Build GE's Data Docs of the reports' results in `site`, through a throwaway file-backed context (Data
    Docs are rendered from a context's stores). Returns the site's index.html."""
    from warehouse.quality import gx

    if site.exists():
        shutil.rmtree(site)  # the site lists only this run's results; drop pages of earlier runs
    run_id = gx.RunIdentifier(run_name="validation", run_time=datetime.now(UTC))
    with _LOCK, tempfile.TemporaryDirectory() as root:
        context = gx.get_context(mode="file", project_root_dir=root)  # also becomes GE's "current" context
        context.add_data_docs_site(
            site_name=_DOCS_SITE,
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
        for table, release in dict.fromkeys((report.table, report.onet_release) for report in reports):
            context.suites.add(_suite(table, release))
        for report in reports:
            report.result.meta |= {"run_id": run_id, "validation_time": run_id.run_time}  # shown on the page
            key = gx.ValidationResultIdentifier(gx.ExpectationSuiteIdentifier(name=report.table), run_id, report.table)
            context.validation_results_store.set(key, report.result)
        context.build_data_docs(site_names=[_DOCS_SITE])
        # Not the throwaway one, whose folder is about to go: the ephemeral one if GE's pandas engine made it, else
        # none (a build's Polars checks need no context: creating one here would cost 0.5 s of CPU for nothing).
        gx.set_context(_context() if _context.cache_info().currsize else None)
    return site / "index.html"

"""Great Expectations suites run by Polars: every table's suite in a build.

GE validates a pandas copy of the frame. On the full OEWS release (6,023,970 rows in raw.oews_data) that copy
holds every string as a Python object and GE's metrics copy columns again: the check alone peaked near 5 GB and
took a minute; on the ~35 small tables GE took 6-7 s of CPU a build, Polars under 1 s. So every table is checked
here instead (`validation.ENGINE`), with the same suite (`warehouse.quality.expectations`, GE's expectation types
and kwargs) evaluated as Polars expressions on every row, no sampling, and the outcome returned as GE's own result
objects: the failures, JSON reports and Data Docs are the same whichever engine ran. `tests/test_validation_pandas.py`
runs every validation test on GE's own engine too, so the two cannot drift apart.

Only the expectation types the suites use are implemented; another raises at once, naming it. Semantics follow
GE's pandas engine: missing values (null, or NaN in a float column) are skipped by row-level expectations
(except not-null); a row condition selects rows before an expectation; `!=` and NOT_IN keep rows whose value
is missing (as pandas compares NaN); the first 5 bad rows' numbers are reported, in frame order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from warehouse.quality.expectations import Check

if TYPE_CHECKING:
    from great_expectations.core import ExpectationSuite, ExpectationSuiteValidationResult

SAMPLE_ROWS = 5
ROW = "__row__"  # a part's column of row numbers in the whole table (see validate_parts)
_INDEX = ROW


def validate_suite(
    suite: ExpectationSuite, checks: list[Check], frame: pl.DataFrame, keys: tuple[str, ...] = ()
) -> tuple[ExpectationSuiteValidationResult, dict[int, list[dict[str, Any]]]]:
    """GE's result of `suite` (whose expectation i is `checks[i]`) on `frame`, computed with Polars, and the
    sample of bad rows of each failed row-level expectation i (`keys` and its columns, as `validation` shows)."""
    result, samples, _ = validate_parts(suite, checks, [frame.with_row_index(ROW)], keys)
    return result, samples


def validate_parts(
    suite: ExpectationSuite,
    checks: list[Check],
    parts: Iterable[pl.DataFrame],
    keys: tuple[str, ...] = (),
    partition: tuple[str, ...] = (),
) -> tuple[ExpectationSuiteValidationResult, dict[int, list[dict[str, Any]]], int]:
    """`validate_suite` of a table held one part at a time: its rows split into `parts` by the values of the
    `partition` columns (rows equal in them are in the same part), each part with a `ROW` column numbering its
    rows in the whole table (the order samples follow). Returns (result, samples, rows).

    Every expectation is measured on each part and the measures are added up: counts summed, distinct values
    united, the bad rows with the lowest row numbers kept. That is exact as long as no check compares rows of
    different parts: a uniqueness check must include the partition columns (checked here, or it raises), and a
    derived column computed over groups of rows must group by them (warehouse.quality.expectations.partition_key).
    """
    from warehouse.quality import gx

    for check in checks:
        if partition and _is_uniqueness(check) and not set(partition) <= set(check.columns):
            raise ValueError(f"{check.describe()} cannot be checked in parts split by {', '.join(partition)}")
    tallies: list[Any] = [None] * len(checks)
    rows = 0
    for part in parts:
        part = part.rechunk()  # once, not in every expectation's query
        rows += part.height
        indexed = part.lazy()
        for position, check in enumerate(checks):
            missing = [column for column in _columns(check) if column not in part.columns]
            if missing:
                tallies[position] = _missing_column(missing[0])
            elif not isinstance(tallies[position], _Outcome):
                measure, _ = _EVALUATE[_kind(check.type)]
                tallies[position] = measure(check, indexed, part, keys, tallies[position])
    results, samples = [], {}
    for position, (expectation, check, tally) in enumerate(zip(suite.expectations, checks, tallies, strict=True)):
        if tally is None:
            raise ValueError("validate_parts needs at least one part (an empty table is one empty part)")
        if isinstance(tally, _Outcome):
            outcome = tally.outcome
        else:
            _, finish = _EVALUATE[_kind(check.type)]
            outcome = finish(check, tally)
            if isinstance(tally, _MapTally):
                samples[position] = [sample for _, _, sample in tally.first]
        results.append(gx.ExpectationValidationResult(expectation_config=expectation.configuration, **outcome))
    successes = sum(result.success for result in results)
    result = gx.ExpectationSuiteValidationResult(
        success=successes == len(results),
        results=results,
        suite_name=suite.name,
        statistics={
            "evaluated_expectations": len(results),
            "successful_expectations": successes,
            "unsuccessful_expectations": len(results) - successes,
            "success_percent": 100 * successes / len(results) if results else None,
        },
        meta={"great_expectations_version": gx.VERSION, "engine": "polars"},
    )
    return result, samples, rows


@dataclass
class _Outcome:
    """An outcome decided by one part alone (a column missing from the table)."""

    outcome: dict[str, Any]


def _missing_column(column: str) -> _Outcome:
    return _Outcome(
        {
            "success": False,
            "result": {},
            "exception_info": {
                "raised_exception": True,
                "exception_message": f'Error: The column "{column}" in BatchData does not exist.',
                "exception_traceback": None,
            },
        }
    )


def _is_uniqueness(check: Check) -> bool:
    return check.type in ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique")


def _columns(check: Check) -> list[str]:
    condition = check.kwargs.get("row_condition")
    return [*check.columns, *(c["column"]["name"] for c in _comparisons(condition))] if condition else check.columns


def _comparisons(condition: dict[str, Any]) -> list[dict[str, Any]]:
    return condition["conditions"] if condition["type"] == "and" else [condition]


def _domain(check: Check) -> pl.Expr:
    """The rows the expectation applies to: its row condition, as GE's pandas engine evaluates it."""
    every_row = pl.col(_INDEX).is_not_null()  # a column of True (a bare literal would sum to 1)
    condition = check.kwargs.get("row_condition")
    if condition is None:
        return every_row
    selected = every_row
    for comparison in _comparisons(condition):
        column, operator, value = pl.col(comparison["column"]["name"]), comparison["operator"], comparison["parameter"]
        match operator:
            case "==":
                test = column.eq(value).fill_null(False)
            case "!=":
                test = column.ne_missing(value)
            case "<" | "<=" | ">" | ">=":
                compare = {"<": column.lt, "<=": column.le, ">": column.gt, ">=": column.ge}[operator]
                test = compare(value).fill_null(False)
            case "IN":
                test = column.is_in(value).fill_null(False)
            case "NOT_IN":
                test = column.is_in(value).not_().fill_null(True)
            case _:
                raise ValueError(f"{check.describe()}: row condition operator {operator!r} not supported")
        selected = selected & test
    return selected


def _missing(frame: pl.DataFrame, column: str) -> pl.Expr:
    """Missing as pandas sees it: null, or NaN in a float column."""
    expr = pl.col(column).is_null()
    return expr | pl.col(column).is_nan().fill_null(False) if frame.schema[column].is_float() else expr


# --- row-level (map) expectations: (missing, bad) masks; bad is looked at only on non-missing domain rows ---


def _map_masks(check: Check, frame: pl.DataFrame) -> tuple[pl.Expr, pl.Expr]:
    kwargs, kind = check.kwargs, check.type
    if kind == "expect_column_values_to_not_be_null":
        return pl.lit(False), _missing(frame, kwargs["column"])
    if kind == "expect_compound_columns_to_be_unique":
        columns = kwargs["column_list"]
        domain = _domain(check)  # rows outside the condition become all-missing, so they take no part
        missing = pl.all_horizontal(_missing(frame, c) for c in columns) | ~domain
        return missing, pl.struct(pl.when(domain).then(pl.col(c)) for c in columns).is_duplicated()
    if kind == "expect_column_pair_values_a_to_be_greater_than_b":
        a, b = pl.col(kwargs["column_A"]), pl.col(kwargs["column_B"])
        a_missing, b_missing = _missing(frame, kwargs["column_A"]), _missing(frame, kwargs["column_B"])
        ignore = kwargs.get("ignore_row_if", "both_values_are_missing")
        missing = {"both_values_are_missing": a_missing & b_missing, "either_value_is_missing": a_missing | b_missing,
                   "neither": pl.lit(False)}[ignore]  # fmt: skip
        greater = a.ge(b) if kwargs.get("or_equal") else a.gt(b)
        return missing, ~greater.fill_null(False)
    column = pl.col(kwargs["column"])
    missing = _missing(frame, kwargs["column"])
    match kind:
        case "expect_column_values_to_match_regex":
            # Text read as Categorical (a big table, warehouse.store.db.read_table_compact) is matched as text.
            texts = frame.get_column(kwargs["column"])
            if _repetitive(texts):
                # Codes repeated over many rows (the full OEWS release's area, industry and occupation codes: a few
                # hundred over 6 million rows): match each distinct text once, then find the rows holding a bad
                # one. Matching every row took 2.5 s a build. Both ways give the same rows.
                values = texts.unique().drop_nulls()
                bad_values = values.filter(~values.cast(pl.String).str.contains(kwargs["regex"]))
                return missing, column.is_in(bad_values.implode()).fill_null(False)
            return missing, ~column.cast(pl.String).str.contains(kwargs["regex"]).fill_null(False)
        case "expect_column_values_to_be_in_set":
            return missing, ~column.is_in(kwargs["value_set"]).fill_null(False)
        case "expect_column_values_to_be_unique":
            return missing, pl.when(_domain(check) & ~missing).then(column).is_duplicated()
        case "expect_column_values_to_be_between":
            lo, hi = kwargs.get("min_value"), kwargs.get("max_value")
            bad = pl.lit(False)
            if lo is not None:
                bad = bad | (column.le(lo) if kwargs.get("strict_min") else column.lt(lo))
            if hi is not None:
                bad = bad | (column.ge(hi) if kwargs.get("strict_max") else column.gt(hi))
            return missing, bad.fill_null(False)
    raise ValueError(f"{check.describe()}: expectation type {kind} is not implemented for Polars")  # pragma: no cover


def _repetitive(values: pl.Series) -> bool:
    """Whether a column holds few distinct values for its length, judged on its first 1,000 (a guess: it only
    chooses how a regex is matched, not what matches)."""
    return values.dtype == pl.Categorical or (values.len() > 1_000 and values.head(1_000).n_unique() <= 100)


@dataclass
class _MapTally:
    """A row-level expectation's counts so far, and its first bad rows: (row number, checked values, sample)."""

    element: int = 0
    missing: int = 0
    unexpected: int = 0
    first: list[tuple[int, Any, dict[str, Any]]] = field(default_factory=list)


def _map(
    check: Check, indexed: pl.LazyFrame, frame: pl.DataFrame, keys: tuple[str, ...], tally: _MapTally | None
) -> _MapTally:
    tally = tally or _MapTally()
    if frame.height == 0:
        return tally
    missing, bad = _map_masks(check, frame)
    domain = _domain(check)
    if check.type == "expect_compound_columns_to_be_unique":
        bad = _duplicated_rows(check, indexed, domain & ~missing)
    unexpected = domain & ~missing & bad
    counts = indexed.select(
        element=domain.sum(),
        missing=(domain & missing).sum(),
        unexpected=unexpected.sum(),
        first=pl.col(_INDEX).filter(unexpected).bottom_k(SAMPLE_ROWS).implode(),  # the lowest, in any row order
    ).collect()
    tally.element += counts.item(0, "element")
    tally.missing += counts.item(0, "missing")
    tally.unexpected += counts.item(0, "unexpected")
    numbers = counts.item(0, "first").to_list()
    if numbers:
        shown = [c for c in dict.fromkeys([*keys, *check.columns]) if c in frame.columns]
        bad_rows = frame.filter(pl.col(_INDEX).is_in(numbers)).sort(_INDEX)
        values = [row[0] if len(row) == 1 else list(row) for row in bad_rows.select(check.columns).rows()]
        samples = bad_rows.select(shown).to_dicts() if shown else [{}] * len(numbers)
        found = zip(bad_rows.get_column(_INDEX).to_list(), values, samples, strict=True)
        tally.first = sorted([*tally.first, *found], key=lambda row: row[0])[:SAMPLE_ROWS]
    return tally


def _map_outcome(check: Check, tally: _MapTally) -> dict[str, Any]:
    element, missing_count, unexpected_count = tally.element, tally.missing, tally.unexpected
    result: dict[str, Any] = {
        "element_count": element,
        "unexpected_count": unexpected_count,
        "partial_unexpected_list": [value for _, value, _ in tally.first],
        "partial_unexpected_index_list": [number for number, _, _ in tally.first],
    }
    if check.type == "expect_column_values_to_not_be_null":
        result["unexpected_percent"] = _percent(unexpected_count, element)
    else:
        nonmissing = element - missing_count
        result |= {
            "unexpected_percent": _percent(unexpected_count, nonmissing),
            "missing_count": missing_count,
            "missing_percent": _percent(missing_count, element),
            "unexpected_percent_total": _percent(unexpected_count, element),
            "unexpected_percent_nonmissing": _percent(unexpected_count, nonmissing),
        }
    return {"success": unexpected_count == 0, "result": result}


def _duplicated_rows(check: Check, indexed: pl.LazyFrame, kept: pl.Expr) -> pl.Expr:
    """Rows whose values in the check's columns occur on another kept row, as a mask.

    Duplicates of a struct of several columns over millions of rows build a row encoding of them all (+0.8 GB on
    the full OEWS release); a 64-bit hash per row does not. Rows sharing a hash are only candidates (hashes may
    collide): the exact comparison then runs on those few rows.
    """
    columns = check.kwargs["column_list"]
    hashed = pl.struct(columns).hash(seed=0)
    # Rows not kept hash to null, so a kept row's hash is compared with kept rows' only (a window over `kept`
    # did the same in three times the time).
    candidates = indexed.filter(kept & pl.when(kept).then(hashed).is_duplicated()).select(_INDEX, *columns).collect()
    exact = candidates.filter(pl.struct(columns).is_duplicated()).get_column(_INDEX)
    return pl.col(_INDEX).is_in(exact.implode())


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


# --- table-level (aggregate) expectations ---


def _row_count(check: Check, indexed: pl.LazyFrame, frame: pl.DataFrame, keys, tally: int | None) -> int:
    return (tally or 0) + (indexed.select(_domain(check).sum()).collect().item() if frame.height else 0)


def _row_count_outcome(check: Check, observed: int) -> dict[str, Any]:
    kwargs = check.kwargs
    if check.type == "expect_table_row_count_to_equal":
        success = observed == kwargs["value"]
    else:
        success = _within(observed, kwargs.get("min_value"), kwargs.get("max_value"))
    return {"success": success, "result": {"observed_value": observed}}


def _within(value: float, lo: float | None, hi: float | None) -> bool:
    return (lo is None or value >= lo) and (hi is None or value <= hi)


def _distinct(check: Check, indexed: pl.LazyFrame, frame: pl.DataFrame, keys, tally: set | None) -> set:
    tally = tally if tally is not None else set()
    if frame.height:
        column = check.kwargs["column"]
        kept = _domain(check) & ~_missing(frame, column)
        tally |= set(indexed.select(pl.col(column).filter(kept).unique()).collect().to_series().to_list())
    return tally


def _distinct_set_outcome(check: Check, distinct: set) -> dict[str, Any]:
    observed = sorted(distinct)
    expected = check.kwargs["value_set"]
    missing = [value for value in expected if value not in set(observed)]
    result: dict[str, Any] = {
        "observed_value": observed,
        "missing_count": len(missing),
        "partial_missing_list": missing,
    }
    if check.type == "expect_column_distinct_values_to_equal_set":
        unexpected = [value for value in observed if value not in set(expected)]
        result |= {"unexpected_count": len(unexpected), "partial_unexpected_list": unexpected}
        return {"success": not missing and not unexpected, "result": result}
    return {"success": not missing, "result": result}


def _unique_count_outcome(check: Check, distinct: set) -> dict[str, Any]:
    observed = len(distinct)
    success = _within(observed, check.kwargs.get("min_value"), check.kwargs.get("max_value"))
    return {"success": success, "result": {"observed_value": observed}}


# expectation type -> (measure of one part, added to the tally of the parts before it; the outcome of the tally)
_TABLE_LEVEL: dict[str, tuple[Callable[..., Any], Callable[[Check, Any], dict[str, Any]]]] = {
    "expect_table_row_count_to_equal": (_row_count, _row_count_outcome),
    "expect_table_row_count_to_be_between": (_row_count, _row_count_outcome),
    "expect_column_distinct_values_to_equal_set": (_distinct, _distinct_set_outcome),
    "expect_column_distinct_values_to_contain_set": (_distinct, _distinct_set_outcome),
    "expect_column_unique_value_count_to_be_between": (_distinct, _unique_count_outcome),
}
_ROW_LEVEL = (
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_match_regex",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_be_unique",
    "expect_column_values_to_be_between",
    "expect_compound_columns_to_be_unique",
    "expect_column_pair_values_a_to_be_greater_than_b",
)
_EVALUATE = _TABLE_LEVEL | dict.fromkeys(_ROW_LEVEL, (_map, _map_outcome))


def _kind(expectation_type: str) -> str:
    if expectation_type not in _EVALUATE:
        raise ValueError(
            f"expectation type {expectation_type} has no Polars implementation (warehouse.quality.validation_polars)"
        )
    return expectation_type

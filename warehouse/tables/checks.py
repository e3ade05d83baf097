"""The vocabulary a table's expectations are declared in: `Check`, one Great Expectations expectation configuration
(type + kwargs), and helpers that write the common ones (`rows`, `not_null`, `unique`, `soc_level`, ...).

They are plain data so that importing them does not import Great Expectations (3-5 s): Dagster's definitions load
stays fast, and only processes that validate (warehouse.quality.validation) pay it. Each table's checks are part of
its declaration (warehouse/tables/raw.py, core.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

SOC_CODE = r"^\d{2}-\d{4}$"
ONET_SOC_CODE = r"^\d{2}-\d{4}\.\d{2}$"
CIP_CODE = r"^\d{2}\.\d{4}$"
# OEU + area type (N national, S state, M metro/nonmetro) + area (7) + industry (6) + occupation (6) + datatype (2).
# Industry codes are not all digits: sectors look like '11--12', some aggregates like '3250A1'.
OEWS_SERIES_ID = r"^OEU[NSM]\d{7}[0-9A-Z-]{6}\d{6}\d{2}$"
# oe.datatype: 01 Employment ... 15 Annual 90th percentile wage, 16 Employment per 1,000 jobs, 17 Location Quotient.
OEWS_DATATYPES = tuple(f"{code:02d}" for code in range(1, 18))
# National rows never carry 16 and 17 (both are relative to the nation), so a national series has 15 datatypes.
OEWS_NATIONAL_DATATYPES = OEWS_DATATYPES[:15]

# Tolerance of a percentage distribution's total: O*NET rounds each category to two decimals (seen: 99.97-100.03).
PERCENT_TOTAL = (99.0, 101.0)


@dataclass(frozen=True)
class Check:
    """One expectation: GE's snake_case type and its kwargs (as `ExpectationConfiguration` takes them)."""

    type: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    inputs: tuple[str, ...] = ()  # the columns a checked derived column is computed from (shown in samples too)

    @property
    def columns(self) -> list[str]:
        """The columns the check looks at (none for table-level checks): its inputs, then the checked columns."""
        return list(dict.fromkeys([*self.inputs, *self._checked]))

    @property
    def _checked(self) -> list[str]:
        kwargs = self.kwargs
        if "column_list" in kwargs:
            return list(kwargs["column_list"])
        return [kwargs[name] for name in ("column", "column_A", "column_B") if name in kwargs]

    def describe(self) -> str:
        """Short human form, e.g. 'expect_column_values_to_be_between(job_zone, 1, 5)'."""
        hidden = {"column", "column_list", "column_A", "column_B", "row_condition"}
        values = [_short(value) for name, value in self.kwargs.items() if name not in hidden]
        text = f"{self.type}({', '.join([*self._checked, *values])})"
        if "row_condition" in self.kwargs:
            condition = self.kwargs["row_condition"]
            comparisons = condition["conditions"] if condition["type"] == "and" else [condition]
            text += " where " + " and ".join(
                f"{c['column']['name']} {c['operator']} {c['parameter']!r}" for c in comparisons
            )
        return text


def _short(value: Any) -> str:
    """repr, with long value sets cut to their first three and last items."""
    if isinstance(value, list) and len(value) > 6:
        return f"[{', '.join(map(repr, value[:3]))}, ..., {value[-1]!r}]"
    return repr(value)


# --- helpers: each returns one Check (or a list of them), limited to the rows `where` selects if given ---

# A comparison (column, operator, value), operator one of == != < <= > >= IN NOT_IN; a list of them is ANDed.
Where = tuple[str, str, Any] | list[tuple[str, str, Any]]


def _check(type_: str, where: Where | None = None, **kwargs: Any) -> Check:
    if where is not None:
        kwargs["row_condition"] = _condition(where)
    return Check(type_, kwargs)


def _condition(where: Where) -> dict[str, Any]:
    """GE's serialized row condition (a Condition object's dict): string conditions are deprecated since GX 1.9."""
    comparisons = [where] if isinstance(where, tuple) else where
    conditions = [
        {"type": "comparison", "column": {"name": column}, "operator": operator, "parameter": value}
        for column, operator, value in comparisons
    ]
    return conditions[0] if len(conditions) == 1 else {"type": "and", "conditions": conditions}


def rows(lo: int, hi: int | None = None, where: Where | None = None) -> Check:
    """The table (or the rows `where` selects) has lo..hi rows; exactly lo if hi == lo."""
    if hi == lo:
        return _check("expect_table_row_count_to_equal", where, value=lo)
    return _check("expect_table_row_count_to_be_between", where, min_value=lo, max_value=hi)


def not_null(*columns: str, where: Where | None = None) -> list[Check]:
    return [_check("expect_column_values_to_not_be_null", where, column=column) for column in columns]


def matches(column: str, regex: str, where: Where | None = None) -> Check:
    return _check("expect_column_values_to_match_regex", where, column=column, regex=regex)


def soc_code(column: str, where: Where | None = None) -> Check:
    return matches(column, SOC_CODE, where)


def onet_code(column: str) -> Check:
    return matches(column, ONET_SOC_CODE)


def cip_code(column: str, where: Where | None = None) -> Check:
    return matches(column, CIP_CODE, where)


def unique(*columns: str) -> Check:
    if len(columns) == 1:
        return _check("expect_column_values_to_be_unique", column=columns[0])
    return _check("expect_compound_columns_to_be_unique", column_list=list(columns))


def between(column: str, lo: float | None, hi: float | None = None, where: Where | None = None) -> Check:
    return _check("expect_column_values_to_be_between", where, column=column, min_value=lo, max_value=hi)


def non_negative(*columns: str, where: Where | None = None) -> list[Check]:
    return [between(column, 0, None, where) for column in columns]


def one_of(column: str, values: tuple | list, where: Where | None = None) -> Check:
    return _check("expect_column_values_to_be_in_set", where, column=column, value_set=list(values))


def distinct_values(column: str, values: tuple | list, where: Where | None = None) -> Check:
    """The column's distinct values are exactly `values`."""
    return _check("expect_column_distinct_values_to_equal_set", where, column=column, value_set=list(values))


def has_values(column: str, values: tuple | list, where: Where | None = None) -> Check:
    """Every one of `values` occurs in the column (others may too)."""
    return _check("expect_column_distinct_values_to_contain_set", where, column=column, value_set=list(values))


def distinct_count(column: str, lo: int, hi: int, where: Where | None = None) -> Check:
    return _check("expect_column_unique_value_count_to_be_between", where, column=column, min_value=lo, max_value=hi)


def at_least(column_a: str, column_b: str) -> Check:
    """column_a >= column_b on every row."""
    return _check(
        "expect_column_pair_values_a_to_be_greater_than_b", column_A=column_a, column_B=column_b, or_equal=True
    )


def ascending(*columns: str) -> list[Check]:
    """Each column >= the one before it, on the rows where both are published. GE's column-pair expectations
    skip only rows where both values are missing by default: a row with one null would count as unexpected."""
    return [
        _check(
            "expect_column_pair_values_a_to_be_greater_than_b",
            column_A=high,
            column_B=low,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
        )
        for low, high in pairwise(columns)
    ]


def soc_level(column: str, levels: tuple[str, ...] = ("detailed",), where: Where | None = None) -> Check:
    """`column`'s code is at one of `levels` of the SOC hierarchy (or is an allowance with that label): checked on
    the `<column>_level` column `with_references` adds."""
    check = one_of(f"{column}_level", levels, where)
    return Check(check.type, check.kwargs, inputs=(column,))

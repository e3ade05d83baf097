"""The data-quality suites of the warehouse tables: the one place they are defined.

Each table has a list of `Check`s, Great Expectations expectation configurations (type + kwargs) that
`warehouse.validation` turns into a GE suite and runs. They are plain data so that importing this module does not
import Great Expectations (3-5 s): Dagster's definitions load stays fast, and only processes that validate pay it.

Checks that no built-in expectation covers are expressed on derived columns (`derived_columns`) added to the
frame before validation: e.g. the sum of an occupation's education percentages is a window sum over the rows
of its (occupation, element, scale) group, checked with a plain `expect_column_values_to_be_between`, so a bad
sum reports the very rows that make it up.

`row_count_change` compares a table's row count with the previously published release's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

from transforms.raw import cip, ep

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

# Row count change from the previously published release: warn past 10 %, fail past 25 %.
WARN_CHANGE = 0.10
FAIL_CHANGE = 0.25


@dataclass(frozen=True)
class Check:
    """One expectation: GE's snake_case type and its kwargs (as `ExpectationConfiguration` takes them)."""

    type: str
    kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        """The columns the check looks at (none for table-level checks)."""
        kwargs = self.kwargs
        if "column_list" in kwargs:
            return list(kwargs["column_list"])
        return [kwargs[name] for name in ("column", "column_A", "column_B") if name in kwargs]

    def describe(self) -> str:
        """Short human form, e.g. 'expect_column_values_to_be_between(job_zone, 1, 5)'."""
        hidden = {"column", "column_list", "column_A", "column_B", "row_condition"}
        values = [_short(value) for name, value in self.kwargs.items() if name not in hidden]
        text = f"{self.type}({', '.join([*self.columns, *values])})"
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


# --- derived columns: computed with Polars before validation, checked like any other column ---

_OEWS_SERIES_GROUP = ("areatype_code", "area_code", "industry_code", "occupation_code")

_DERIVED: dict[str, dict[str, pl.Expr]] = {
    "raw.onet_education": {
        # Each (occupation, element, scale) with categories is a distribution of respondents: its percentages
        # add up to 100. Null on the importance scale IM (a mean rating, no category).
        "category_percent_total": pl.when(pl.col("category").is_not_null()).then(
            pl.col("data_value").sum().over("onet_soc_code", "element_id", "scale_id").round(2)
        ),
    },
    "raw.oews_data": {
        # How many datatypes each (area, industry, occupation) cell lacks: BLS publishes every series of a cell,
        # with '-' (null value) where it does not release the estimate; national cells have 15, others 17.
        # Int64, not n_unique's UInt32: GE compares only int64/float64 columns vectorised (others row by row).
        "datatypes_missing_in_cell": (
            pl.when(pl.col("areatype_code") == "N").then(len(OEWS_NATIONAL_DATATYPES)).otherwise(len(OEWS_DATATYPES))
            - pl.col("datatype_code").n_unique().over(_OEWS_SERIES_GROUP)
        ).cast(pl.Int64),
    },
}


def derived_columns(table: str) -> dict[str, pl.Expr]:
    """Columns to add to `table`'s frame before validating it (name -> Polars expression)."""
    return _DERIVED.get(table, {})


# --- the suites ---

_ONET_PERCENT_SCALES = ("RL", "RQ", "RW", "PT", "OJ")  # RQ replaces RL from O*NET 31.0, per occupation surveyed
_ONET_EDUCATION_SCALES = (*_ONET_PERCENT_SCALES, "IM")
_SOC_LEVELS = ("major", "minor", "broad", "detailed")
_SOC_DETAILED = 867  # detailed occupations in SOC 2018; a new SOC revision must revisit this suite


def _suites() -> dict[str, list[Check]]:
    return {
        "raw.soc_structure": [
            rows(1_300, 1_600),
            rows(_SOC_DETAILED, _SOC_DETAILED, where=("level", "==", "detailed")),
            *not_null("soc_code", "title", "level", "major_code"),
            soc_code("soc_code"),
            unique("soc_code"),
            one_of("level", _SOC_LEVELS),
            soc_code("parent_code"),
            *not_null("parent_code", where=("level", "!=", "major")),
            matches("major_code", r"^\d{2}-0000$"),
        ],
        "raw.soc_definitions": [
            rows(1_300, 1_600),
            rows(_SOC_DETAILED, _SOC_DETAILED, where=("soc_group", "==", "Detailed")),
            *not_null("soc_code", "soc_group", "title"),
            soc_code("soc_code"),
            unique("soc_code"),
            one_of("soc_group", ("Major", "Minor", "Broad", "Detailed")),
            *not_null("definition", where=("soc_group", "==", "Detailed")),
        ],
        "raw.onet_occupation_data": [
            rows(900, 1_200),
            *not_null("onet_soc_code", "title", "description"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code"),
        ],
        "raw.onet_job_zones": [
            rows(800, 1_100),
            *not_null("onet_soc_code", "job_zone", "date"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code"),
            between("job_zone", 1, 5),
        ],
        "raw.onet_job_zone_reference": [
            rows(5, 5),
            distinct_values("job_zone", (1, 2, 3, 4, 5)),
            unique("job_zone"),
            *not_null("name", "education"),
        ],
        "raw.onet_education": [
            rows(30_000, 46_000),
            *not_null("onet_soc_code", "element_id", "scale_id", "data_value", "n", "date"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code", "element_id", "scale_id", "category"),
            one_of("scale_id", _ONET_EDUCATION_SCALES),
            *not_null("category", where=("scale_id", "!=", "IM")),
            between("data_value", 0, 100, where=("scale_id", "!=", "IM")),
            between("data_value", 1, 5, where=("scale_id", "==", "IM")),
            between("category_percent_total", *PERCENT_TOTAL),
            *non_negative("n", "standard_error"),
        ],
        "raw.onet_education_categories": [
            rows(30, 80),
            *not_null("element_id", "scale_id", "category", "category_description"),
            unique("element_id", "scale_id", "category"),
            one_of("scale_id", _ONET_PERCENT_SCALES),
            between("category", 1, 20),
        ],
        "raw.onet_scales": [
            rows(20, 50),
            *not_null("scale_id", "scale_name", "minimum", "maximum"),
            unique("scale_id"),
            has_values("scale_id", ("RL", "RW", "PT", "OJ", "IM")),
            at_least("maximum", "minimum"),
        ],
        "raw.onet_alternate_titles": [
            rows(40_000, 80_000),
            *not_null("onet_soc_code", "alternate_title", "sources"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code", "alternate_title"),
            matches("sources", r"^\d{2}(?:,\d{2})*$"),
        ],
        "raw.onet_reported_titles": [
            rows(5_000, 12_000),
            *not_null("onet_soc_code", "reported_job_title", "shown_in_my_next_move"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code", "reported_job_title"),
        ],
        "raw.onet_task_statements": [
            rows(15_000, 25_000),
            *not_null("onet_soc_code", "task_id", "task", "date"),
            onet_code("onet_soc_code"),
            unique("task_id"),
            one_of("task_type", ("Core", "Supplemental")),
            *non_negative("incumbents_responding"),
        ],
        "raw.onet_related_occupations": [
            rows(15_000, 25_000),
            *not_null("onet_soc_code", "related_onet_soc_code", "relatedness_tier", "related_index"),
            onet_code("onet_soc_code"),
            onet_code("related_onet_soc_code"),
            unique("onet_soc_code", "related_onet_soc_code"),
            unique("onet_soc_code", "related_index"),
            one_of("relatedness_tier", ("Primary-Short", "Primary-Long", "Supplemental")),
            between("related_index", 1, None),
        ],
        "raw.oews_data": [
            # The national, cross-industry cells (1,104 occupations x 15 datatypes in May 2025) are in every build;
            # the full release adds states and metro areas (6.0 million rows).
            rows(12_000, 8_000_000),
            rows(12_000, 20_000, where=[("areatype_code", "==", "N"), ("industry_code", "==", "000000")]),
            *not_null("series_id", "areatype_code", "area_code", "industry_code", "occupation_code", "datatype_code"),
            *not_null("year", "period"),
            matches("series_id", OEWS_SERIES_ID),
            unique("series_id"),  # oe.data.0.Current holds one year (the release's)
            one_of("datatype_code", OEWS_DATATYPES),
            has_values("datatype_code", OEWS_NATIONAL_DATATYPES),
            between("datatypes_missing_in_cell", 0, 0),
            # Employment, wages, relative standard errors, jobs per 1,000 and location quotients: none is negative.
            *non_negative("value"),
            one_of("value_marker", ("-", "*", "**", "#", "~")),  # BLS's markers where there is no number
        ],
        "raw.oews_area": [
            rows(1, 1_000),
            *not_null("state_code", "area_code", "areatype_code", "area_name"),
            unique("area_code"),
            matches("area_code", r"^\d{7}$"),
            one_of("areatype_code", ("N", "S", "M")),
            rows(1, 1, where=("areatype_code", "==", "N")),
        ],
        "raw.oews_industry": [
            rows(1, 1_000),
            *not_null("industry_code", "industry_name", "display_level"),
            unique("industry_code"),
            matches("industry_code", r"^[0-9A-Z-]{6}$"),  # NAICS-based, e.g. 000000, 11--12 (sectors), 3250A1
            has_values("industry_code", ("000000",)),
        ],
        "raw.oews_occupation": [
            rows(800, 1_500),
            *not_null("occupation_code", "soc_code", "occupation_name", "display_level"),
            matches("occupation_code", r"^\d{6}$"),
            unique("occupation_code"),
            soc_code("soc_code"),
            unique("soc_code"),
        ],
        "raw.oews_datatype": [
            rows(len(OEWS_DATATYPES), len(OEWS_DATATYPES)),
            distinct_values("datatype_code", OEWS_DATATYPES),
            unique("datatype_code"),
            *not_null("datatype_name"),
        ],
        "raw.oews_footnote": [
            rows(1, 50),
            *not_null("footnote_code", "footnote_text"),
            unique("footnote_code"),
        ],
        "raw.oews_release": [
            rows(1, 1),
            *not_null("release", "year", "period", "description"),
            matches("release", r"^\d{4}A\d{2}$"),
        ],
        "raw.ep_education": [
            rows(700, 1_000),
            *not_null("ep_code", "title", "typical_education", "work_experience", "on_the_job_training"),
            soc_code("ep_code"),
            unique("ep_code"),
            one_of("typical_education", ep.TYPICAL_EDUCATION_LABELS),
            one_of("work_experience", ep.WORK_EXPERIENCE_LABELS),
            one_of("on_the_job_training", ep.ON_THE_JOB_TRAINING_LABELS),
        ],
        "raw.ep_occupation": [
            rows(700, 1_000, where=("occupation_type", "==", "Line item")),
            *not_null("ep_code", "title", "occupation_type", "employment_base_thousands"),
            soc_code("ep_code"),
            unique("ep_code"),
            one_of("occupation_type", ep.OCCUPATION_TYPES),
            *non_negative("employment_base_thousands", "employment_projected_thousands", "annual_openings_thousands"),
            *non_negative("median_annual_wage_dollars"),
            between("employment_distribution_base_percent", 0, 100),
            between("employment_distribution_projected_percent", 0, 100),
            between("self_employed_base_percent", 0, 100),
            *not_null("typical_education", where=("occupation_type", "==", "Line item")),
            one_of("typical_education", ep.TYPICAL_EDUCATION_LABELS),
        ],
        "raw.cip_soc_crosswalk": [
            rows(5_000, 8_000),
            *not_null("cip_code", "cip_title", "soc_code", "soc_title"),
            cip_code("cip_code"),
            soc_code("soc_code"),
            unique("cip_code", "soc_code"),
            # Every detailed SOC 2018 occupation is matched (or paired with the 'NO MATCH' CIP 99.9999).
            distinct_count("soc_code", _SOC_DETAILED, _SOC_DETAILED, where=("soc_code", "!=", "99-9999")),
        ],
        "raw.cip_codes": [
            rows(2_000, 4_000),
            *not_null("cip_family", "cip_code", "cip_level", "action", "cip_title"),
            unique("cip_code"),
            one_of("cip_level", (2, 4, 6)),
            cip_code("cip_code", where=("cip_level", "==", 6)),
            matches("cip_code", r"^\d{2}(?:\.\d{2}(?:\d{2})?)?$"),
            one_of("action", cip.CIP_ACTIONS),
        ],
        "raw.dhs_stem_cip": [
            rows(400, 1_000),
            *not_null("cip_code", "cip_title", "two_digit_series"),
            cip_code("cip_code"),
            unique("cip_code"),
            matches("two_digit_series", r"^\d{2}$"),
        ],
    }


# Columns that identify a row, shown with the checked columns in samples of bad rows.
_KEYS: dict[str, tuple[str, ...]] = {
    "raw.soc_structure": ("soc_code",),
    "raw.soc_definitions": ("soc_code",),
    "raw.onet_occupation_data": ("onet_soc_code",),
    "raw.onet_job_zones": ("onet_soc_code",),
    "raw.onet_job_zone_reference": ("job_zone",),
    "raw.onet_education": ("onet_soc_code", "element_id", "scale_id", "category"),
    "raw.onet_education_categories": ("element_id", "scale_id", "category"),
    "raw.onet_scales": ("scale_id",),
    "raw.onet_alternate_titles": ("onet_soc_code", "alternate_title"),
    "raw.onet_reported_titles": ("onet_soc_code", "reported_job_title"),
    "raw.onet_task_statements": ("onet_soc_code", "task_id"),
    "raw.onet_related_occupations": ("onet_soc_code", "related_onet_soc_code"),
    "raw.oews_data": ("series_id",),
    "raw.oews_area": ("area_code",),
    "raw.oews_industry": ("industry_code",),
    "raw.oews_occupation": ("occupation_code",),
    "raw.oews_datatype": ("datatype_code",),
    "raw.oews_footnote": ("footnote_code",),
    "raw.oews_release": ("release",),
    "raw.ep_education": ("ep_code",),
    "raw.ep_occupation": ("ep_code",),
    "raw.cip_soc_crosswalk": ("cip_code", "soc_code"),
    "raw.cip_codes": ("cip_code",),
    "raw.dhs_stem_cip": ("cip_code",),
}


def tables() -> list[str]:
    """Every table that has a suite, e.g. 'raw.onet_job_zones'."""
    return list(_suites())


def suite_for(table: str) -> list[Check]:
    """The checks of `table` ('raw.<name>'). Raises KeyError for a table without a suite."""
    suites = _suites()
    if table not in suites:
        raise KeyError(f"no expectation suite for table {table!r}; known: {', '.join(sorted(suites))}")
    return suites[table]


def key_columns(table: str) -> tuple[str, ...]:
    return _KEYS.get(table, ())


def row_count_change(table: str, previous_rows: int | None, rows: int) -> tuple[Literal["pass", "warn", "fail"], str]:
    """Compare `rows` with the previously published release's count: warn past ±10 %, fail past ±25 %."""
    if previous_rows is None:
        return "pass", f"{table}: {rows:,} rows; no previous release to compare with"
    if previous_rows == 0:
        status = "pass" if rows == 0 else "fail"
        return status, f"{table}: {rows:,} rows, previous release {previous_rows:,} rows"
    change = (rows - previous_rows) / previous_rows
    status = "fail" if abs(change) > FAIL_CHANGE else "warn" if abs(change) > WARN_CHANGE else "pass"
    limit = {"fail": f", more than ±{FAIL_CHANGE:.0%}", "warn": f", more than ±{WARN_CHANGE:.0%}", "pass": ""}
    return status, f"{table}: {rows:,} rows, previous release {previous_rows:,} rows ({change:+.1%}){limit[status]}"

"""The data-quality suites of the warehouse tables: the one place they are defined.

Each table has a list of `Check`s, Great Expectations expectation configurations (type + kwargs) that
`warehouse.quality.validation` turns into a GE suite and runs. They are plain data so that importing this module does not
import Great Expectations (3-5 s): Dagster's definitions load stays fast, and only processes that validate pay it.

Checks that no built-in expectation covers are expressed on derived columns (`derived_columns`) added to the
frame before validation: e.g. the sum of an occupation's education percentages is a window sum over the rows
of its (occupation, element, scale) group, checked with a plain `expect_column_values_to_be_between`, so a bad
sum reports the very rows that make it up.

Referential checks need another table: `reference_tables(table)` names it (the SOC hierarchy) and
`with_references(table, frame, references)` adds a `<column>_level` column per code column before validation,
the code's SOC level there ('major' ... 'detailed'), or the label of an explicitly listed allowance ('EP aggregate',
'OEWS aggregate'), or 'not in SOC 2018'. The suite then checks that column's values with a plain
`expect_column_values_to_be_in_set`, so a bad row is reported with its code. The suite itself does not depend
on the reference data: it stays plain, cacheable data, and its Data Docs are the same whatever the hierarchy.

`row_count_change` compares a table's row count with the previously published release's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Literal

import polars as pl

from transforms.core import oews, priority
from transforms.raw import cip, ep, onet_releases
from warehouse.config import DEFAULT_ONET_RELEASE

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

# The codes the SOC hierarchy does not hold that some core columns may, each listed on purpose.
#
# BLS Employment Projections (table 5.4, 2024-34) publishes some occupations only together: seven are SOC broad
# groups and five are EP's own codes for part of a broad group (core.ep_by_soc applies each to its detailed
# codes). Only ep_code columns may hold them.
EP_AGGREGATES = (
    "13-1020", "13-2020", "21-1018", "25-2052", "25-9045", "29-2010",
    "31-1120", "39-7010", "47-4090", "51-2028", "51-2090", "53-1047",
)  # fmt: skip
# OEWS (oe.occupation, May 2025) estimates every SOC level, plus six codes outside the 2018 SOC structure (found as
# raw.oews_occupation's soc_code not in raw.soc_structure): the all-occupations total and the five aggregates of
# detailed occupations that OEWS, like EP, does not publish apart.
OEWS_AGGREGATES = (
    "00-0000",  # All Occupations
    "21-1018",  # Substance Abuse, Behavioral Disorder, and Mental Health Counselors (21-1011 + 21-1014)
    "25-2052",  # Special Education Teachers, Kindergarten and Elementary School (25-2055 + 25-2056)
    "25-9045",  # Teaching Assistants, Except Postsecondary (25-9042 + 25-9043 + 25-9044)
    "51-2028",  # Electrical, Electronic, and Electromechanical Assemblers, Except Coil Winders, Tapers, and Finishers
    "53-1047",  # First-Line Supervisors of Transportation and Material Moving Workers, Except Aircraft Cargo Handling
)
NOT_IN_SOC = "not in SOC 2018"  # the <column>_level of a code neither in the hierarchy nor allowed

# Row count change from the previously published release: warn past 10 %, fail past 25 %.
WARN_CHANGE = 0.10
FAIL_CHANGE = 0.25


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


# --- derived columns: computed with Polars before validation, checked like any other column ---

_OEWS_SERIES_GROUP = ("areatype_code", "area_code", "industry_code", "occupation_code")
_OEWS_SERIES_PARTS = (*_OEWS_SERIES_GROUP, "datatype_code")  # the series id is 'OEU' + these, in this order

_DERIVED: dict[str, dict[str, pl.Expr]] = {
    "raw.onet_education": {
        # Each (occupation, element, scale) with categories is a distribution of respondents: its percentages
        # add up to 100. Null on the importance scale IM (a mean rating, no category).
        "category_percent_total": pl.when(pl.col("category").is_not_null()).then(
            pl.col("data_value").sum().over("onet_soc_code", "element_id", "scale_id").round(2)
        ),
    },
    "raw.oews_data": {
        # BLS's series id, rebuilt from the stored codes it is split into, checked against BLS's layout.
        "series_id": pl.concat_str(pl.lit("OEU"), *_OEWS_SERIES_PARTS),
        # How many datatypes each (area, industry, occupation) cell lacks: BLS publishes every series of a cell,
        # with '-' (null value) where it does not release the estimate; national cells have 15, others 17.
        # Int64, not n_unique's UInt32: GE compares only int64/float64 columns vectorised (others row by row).
        "datatypes_missing_in_cell": (
            pl.when(pl.col("areatype_code") == "N").then(len(OEWS_NATIONAL_DATATYPES)).otherwise(len(OEWS_DATATYPES))
            - pl.col("datatype_code").n_unique().over(_OEWS_SERIES_GROUP)
        ).cast(pl.Int64),
    },
    "core.onet_education": {
        # Each O*NET occupation's required-education distribution (one scale: RQ or RL) adds up to 100.
        "education_percent_total": pl.col("pct").sum().over("onet_soc_code").round(2),
    },
}


# Tables whose suite may run one part at a time (warehouse.quality.validation.validate_parts), split by these columns.
# Rows are compared only within groups that include them: the series-id uniqueness and datatypes_missing_in_cell
# (both over the cell, _OEWS_SERIES_GROUP). A new check comparing rows across cells must not be added to such a
# suite (a uniqueness check without these columns raises when run in parts).
_PARTITIONS: dict[str, tuple[str, ...]] = {"raw.oews_data": _OEWS_SERIES_GROUP}


def partition_key(table: str) -> tuple[str, ...]:
    """The columns `table` may be checked in parts by (empty: only whole)."""
    return _PARTITIONS.get(table, ())


def derived_columns(table: str) -> dict[str, pl.Expr]:
    """Columns to add to `table`'s frame before validating it (name -> Polars expression)."""
    return _DERIVED.get(table, {})


# --- reference columns: each code's level in the SOC hierarchy, added by `with_references` ---

_HIERARCHY = "core.soc_hierarchy"
_EP = dict.fromkeys(EP_AGGREGATES, "EP aggregate")
_OEWS = dict.fromkeys(OEWS_AGGREGATES, "OEWS aggregate")

# table -> (the reference table with soc_code and level, {code column: its allowance {code: label}}).
_REFERENCES: dict[str, tuple[str, dict[str, dict[str, str]]]] = {
    # The hierarchy's own group codes against the structure it was built from.
    "core.soc_hierarchy": (
        "raw.soc_structure",
        {"parent_code": {}, "major_code": {}, "minor_code": {}, "broad_code": {}},
    ),
    "core.onet_occupations": (_HIERARCHY, {"soc_code": {}}),
    "core.onet_education": (_HIERARCHY, {"soc_code": {}}),
    "core.onet_job_zones": (_HIERARCHY, {"soc_code": {}}),
    "core.onet_by_soc": (_HIERARCHY, {"soc_code": {}}),
    "core.ep_by_soc": (_HIERARCHY, {"soc_code": {}, "ep_code": _EP}),
    "core.oews_estimates": (_HIERARCHY, {"soc_code": _OEWS}),
    "core.stem_links": (_HIERARCHY, {"soc_code": {}}),
    "core.cet_areas": (_HIERARCHY, {"soc_code": {}}),
    "core.stem_occupations": (_HIERARCHY, {"soc_code": {}}),
    "core.oews_by_soc": (_HIERARCHY, {"soc_code": {}, "oews_code": _OEWS}),
}


def reference_tables(table: str) -> tuple[str, ...]:
    """The tables `table`'s suite checks codes against: read them from the same database and pass them to
    `with_references`. Empty for a table without referential checks."""
    return (_REFERENCES[table][0],) if table in _REFERENCES else ()


def with_references(table: str, frame: pl.DataFrame, references: Mapping[str, pl.DataFrame]) -> pl.DataFrame:
    """`frame` with a `<column>_level` column per code column `table`'s suite checks against its reference table
    (`references` maps each of `reference_tables(table)` to its frame). Null where the code is null."""
    if table not in _REFERENCES:
        return frame
    name, allowances = _REFERENCES[table]
    if name not in references:
        raise KeyError(f"{table}: its suite checks codes against {name}; pass that table in `references`")
    reference = references[name]
    levels = dict(zip(reference["soc_code"].to_list(), reference["level"].to_list(), strict=True))
    return frame.with_columns(
        **{
            f"{column}_level": pl.when(pl.col(column).is_not_null()).then(
                pl.col(column).replace_strict(levels | allowance, default=NOT_IN_SOC, return_dtype=pl.String)
            )
            for column, allowance in allowances.items()
            if column in frame.columns  # else GE reports the level column missing, next to the column's own checks
        }
    )


# --- the suites ---

_SOC_LEVELS = ("major", "minor", "broad", "detailed")
_SOC_DETAILED = 867  # detailed occupations in SOC 2018; a new SOC revision must revisit this suite


def _onet_rows(release: str, table: str) -> Check:
    """The row-count bounds the release's contract gives raw.`table` (transforms/raw/onet_releases.py)."""
    return rows(*onet_releases.table_rows(release, table))


def _suites(onet_release: str) -> dict[str, list[Check]]:
    # The O*NET suites follow the release's contract: its row counts, scales and Job Zone framework.
    zones = onet_releases.layout_of(onet_release).job_zones.zones
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
            _onet_rows(onet_release, "onet_occupation_data"),
            *not_null("onet_soc_code", "title", "description"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code"),
        ],
        "raw.onet_job_zones": [
            _onet_rows(onet_release, "onet_job_zones"),
            *not_null("onet_soc_code", "job_zone", "date"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code"),
            one_of("job_zone", zones),
        ],
        "raw.onet_job_zone_reference": [
            _onet_rows(onet_release, "onet_job_zone_reference"),  # 5 zones up to 30.1, 4 from 30.2
            distinct_values("job_zone", zones),
            unique("job_zone"),
            *not_null("name", "education"),
        ],
        "raw.onet_education": [
            _onet_rows(onet_release, "onet_education"),
            *not_null("onet_soc_code", "element_id", "scale_id", "data_value", "n", "date"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code", "element_id", "scale_id", "category"),
            one_of("scale_id", onet_releases.table_scales(onet_release, "onet_education")),
            *not_null("category", where=("scale_id", "!=", "IM")),
            between("data_value", 0, 100, where=("scale_id", "!=", "IM")),
            between("data_value", 1, 5, where=("scale_id", "==", "IM")),
            between("category_percent_total", *PERCENT_TOTAL),
            *non_negative("n", "standard_error"),
        ],
        "raw.onet_education_categories": [
            _onet_rows(onet_release, "onet_education_categories"),
            *not_null("element_id", "scale_id", "category", "category_description"),
            unique("element_id", "scale_id", "category"),
            one_of("scale_id", onet_releases.table_scales(onet_release, "onet_education_categories")),
            between("category", 1, 20),
        ],
        "raw.onet_scales": [
            _onet_rows(onet_release, "onet_scales"),
            *not_null("scale_id", "scale_name", "minimum", "maximum"),
            unique("scale_id"),
            has_values("scale_id", ("RL", "RW", "PT", "OJ", "IM")),
            at_least("maximum", "minimum"),
        ],
        "raw.onet_alternate_titles": [
            _onet_rows(onet_release, "onet_alternate_titles"),
            *not_null("onet_soc_code", "alternate_title", "sources"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code", "alternate_title"),
            matches("sources", r"^\d{2}(?:,\d{2})*$"),
        ],
        "raw.onet_reported_titles": [
            _onet_rows(onet_release, "onet_reported_titles"),
            *not_null("onet_soc_code", "reported_job_title", "shown_in_my_next_move"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code", "reported_job_title"),
        ],
        "raw.onet_task_statements": [
            _onet_rows(onet_release, "onet_task_statements"),
            *not_null("onet_soc_code", "task_id", "task", "date"),
            onet_code("onet_soc_code"),
            unique("task_id"),
            one_of("task_type", ("Core", "Supplemental")),
            *non_negative("incumbents_responding"),
        ],
        "raw.onet_related_occupations": [
            _onet_rows(onet_release, "onet_related_occupations"),
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
            *not_null(*_OEWS_SERIES_PARTS, "year"),
            matches("area_code", r"^\d{7}$"),
            matches("industry_code", r"^[0-9A-Z-]{6}$"),
            matches("occupation_code", r"^\d{6}$"),
            matches("series_id", OEWS_SERIES_ID),
            # The series id ('OEU' + these five codes) once each: oe.data.0.Current holds one year (the release's).
            unique(*_OEWS_SERIES_PARTS),
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
        **_core_suites(zones),
    }


_WAGE_PERCENTILES = ("p10", "p25", "median", "p75", "p90")
_NATIONAL_CROSS_INDUSTRY: Where = [("areatype_code", "==", "N"), ("industry_code", "==", "000000")]


def _core_suites(zones: tuple[int, ...]) -> dict[str, list[Check]]:
    return {
        "core.soc_hierarchy": [
            rows(1_300, 1_600),
            rows(_SOC_DETAILED, _SOC_DETAILED, where=("level", "==", "detailed")),
            *not_null("soc_code", "level", "title", "major_code", "major_title"),
            soc_code("soc_code"),
            unique("soc_code"),
            one_of("level", _SOC_LEVELS),
            *not_null("parent_code", "minor_code", "minor_title", where=("level", "!=", "major")),
            *not_null("broad_code", "broad_title", where=("level", "IN", ["broad", "detailed"])),
            *not_null("definition", where=("level", "==", "detailed")),
            # Each code's parent is one level up, and its group codes are groups of that level in the structure.
            soc_level("parent_code", ("broad",), where=("level", "==", "detailed")),
            soc_level("parent_code", ("minor",), where=("level", "==", "broad")),
            soc_level("parent_code", ("major",), where=("level", "==", "minor")),
            soc_level("major_code", ("major",)),
            soc_level("minor_code", ("minor",)),
            soc_level("broad_code", ("broad",)),
        ],
        "core.onet_occupations": [
            rows(900, 1_200),
            *not_null("onet_soc_code", "soc_code", "is_base", "title", "description"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code"),
            soc_code("soc_code"),
            soc_level("soc_code"),
        ],
        "core.onet_education": [
            rows(8_000, 14_000),
            *not_null("onet_soc_code", "soc_code", "scale_id", "category", "category_label", "pct", "is_advanced"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code", "category"),  # one scale per occupation
            soc_code("soc_code"),
            soc_level("soc_code"),
            one_of("scale_id", ("RL", "RQ")),
            between("category", 1, 12),
            between("pct", 0, 100),
            between("education_percent_total", *PERCENT_TOTAL),
        ],
        "core.onet_job_zones": [
            rows(800, 1_100),
            *not_null("onet_soc_code", "soc_code", "job_zone", "job_zone_name", "job_zone_education", "date"),
            onet_code("onet_soc_code"),
            unique("onet_soc_code"),
            soc_code("soc_code"),
            soc_level("soc_code"),
            one_of("job_zone", zones),
        ],
        "core.onet_by_soc": [
            rows(700, _SOC_DETAILED),
            *not_null("soc_code", "onet_codes"),
            soc_code("soc_code"),
            unique("soc_code"),
            soc_level("soc_code"),
            one_of("job_zone", zones),
            # A sum of rounded category percentages: 19-2011 Astronomers' is 100.01 (30.1), as totals reach 100.03.
            between("onet_advanced_degree_pct", 0, 100),
        ],
        "core.ep_by_soc": [
            rows(700, _SOC_DETAILED),
            *not_null("soc_code", "ep_code", "ep_title", "ep_is_aggregate"),
            *not_null("typical_education", "work_experience", "on_the_job_training"),
            soc_code("soc_code"),
            unique("soc_code"),
            soc_level("soc_code"),
            soc_code("ep_code"),
            # An aggregate is one of the listed EP_AGGREGATES; any other EP code is a SOC detailed code.
            soc_level("ep_code", ("EP aggregate",), where=("ep_is_aggregate", "==", True)),
            soc_level("ep_code", ("detailed",), where=("ep_is_aggregate", "==", False)),
            one_of("typical_education", ep.TYPICAL_EDUCATION_LABELS),
            one_of("work_experience", ep.WORK_EXPERIENCE_LABELS),
            one_of("on_the_job_training", ep.ON_THE_JOB_TRAINING_LABELS),
        ],
        "core.oews_estimates": [
            # The national, cross-industry cells (1,104 in May 2025) are in every build; the full release adds
            # states, metro areas and industries (about 400,000 cells).
            rows(800, 1_000_000),
            rows(800, 1_400, where=_NATIONAL_CROSS_INDUSTRY),
            *not_null("areatype_code", "area_code", "area_name", "industry_code", "industry_name"),
            *not_null("occupation_code", "soc_code", "occupation_title", "year"),
            unique("areatype_code", "area_code", "industry_code", "occupation_code"),
            matches("area_code", r"^\d{7}$"),
            matches("occupation_code", r"^\d{6}$"),
            soc_code("soc_code"),
            soc_level("soc_code", (*_SOC_LEVELS, "OEWS aggregate")),
            *non_negative(*(column for column, _ in oews.MEASURES.values())),
            *ascending(*(f"hourly_{p}_wage" for p in _WAGE_PERCENTILES)),
            *ascending(*(f"annual_{p}_wage" for p in _WAGE_PERCENTILES)),
        ],
        "core.stem_links": [
            rows(5_000, 8_000),
            *not_null("soc_code", "cip_code", "cip_title", "is_stem"),
            soc_code("soc_code"),
            soc_level("soc_code"),
            cip_code("cip_code"),
            unique("soc_code", "cip_code"),
            has_values("is_stem", (True, False)),
        ],
        "core.cet_areas": [
            rows(1, 1_000),
            *not_null("soc_code", "cet_area", "rationale"),
            soc_code("soc_code"),
            soc_level("soc_code"),
            unique("soc_code", "cet_area"),
            one_of("cet_area", priority.CET_AREAS),
        ],
        "core.stem_occupations": [
            rows(90, 150),  # 100 codes in 2010 SOC; splits and merges make 107 in 2018 SOC
            *not_null("soc_code", "soc_title", "is_stem_occupation", "bridge", "note"),
            soc_code("soc_code"),
            soc_level("soc_code"),
            unique("soc_code"),
            has_values("is_stem_occupation", (True, False)),
        ],
        "core.oews_by_soc": [
            rows(800, 867),
            *not_null("soc_code", "oews_code", "oews_title", "oews_is_aggregate", "oews_covers"),
            soc_code("soc_code"),
            soc_level("soc_code"),
            unique("soc_code"),
            soc_level("oews_code", ("broad", "OEWS aggregate"), where=("oews_is_aggregate", "==", True)),
            soc_level("oews_code", ("detailed",), where=("oews_is_aggregate", "==", False)),
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
    "raw.oews_data": _OEWS_SERIES_PARTS,
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
    "core.soc_hierarchy": ("soc_code",),
    "core.onet_occupations": ("onet_soc_code",),
    "core.onet_education": ("onet_soc_code", "category"),
    "core.onet_job_zones": ("onet_soc_code",),
    "core.onet_by_soc": ("soc_code",),
    "core.ep_by_soc": ("soc_code", "ep_code"),
    # area_code alone names an area; soc_code is what readers know an occupation_code by (one to one)
    "core.oews_estimates": ("area_code", "industry_code", "soc_code"),
    "core.stem_links": ("soc_code", "cip_code"),
    "core.cet_areas": ("soc_code", "cet_area"),
    "core.stem_occupations": ("soc_code",),
    "core.oews_by_soc": ("soc_code", "oews_code"),
}


def tables() -> list[str]:
    """Every table that has a suite, e.g. 'raw.onet_job_zones', 'core.oews_estimates'."""
    return list(_suites(DEFAULT_ONET_RELEASE))


def suite_for(table: str, onet_release: str | None = None) -> list[Check]:
    """The checks of `table` ('raw.<name>', 'core.<name>'); the O*NET tables' follow `onet_release`'s contract
    (default: the release discovery starts from). Raises KeyError for a table without a suite."""
    suites = _suites(onet_release or DEFAULT_ONET_RELEASE)
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

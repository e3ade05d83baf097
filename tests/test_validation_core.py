"""The Great Expectations suites of the core tables, read from the real built warehouse and checked against the SOC
hierarchy, clean and with one fault injected each. Raw tables: tests/test_validation.py."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from tests.test_validation import assert_suite_ran, failure_lines
from warehouse.quality.expectations import reference_tables, with_references
from warehouse.quality.validation import ValidationReport, validate
from warehouse.tables import core_tables
from warehouse.tables.core import EP_AGGREGATES, OEWS_AGGREGATES

CORE = sorted(f"core.{table.name}" for table in core_tables("30.1"))


def read(con: duckdb.DuckDBPyConnection, table: str) -> pl.DataFrame:
    return con.execute(f"SELECT * FROM {table}").pl()  # names from the suites


def validate_core(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame | None = None) -> ValidationReport:
    """Validate `frame` (default: the built table) as `table`, with its reference tables from the warehouse."""
    frame = read(con, table) if frame is None else frame
    references = {name: read(con, name) for name in reference_tables(table)}
    return validate(table, with_references(table, frame, references))


def changed(frame: pl.DataFrame, where: pl.Expr, **values: object) -> pl.DataFrame:
    """`frame` with the columns in `values` set on the rows `where` selects (a value may be an expression)."""
    return frame.with_columns(
        **{column: pl.when(where).then(value).otherwise(pl.col(column)) for column, value in values.items()}
    )


@pytest.mark.parametrize("table", CORE)
def test_real_core_table_passes_its_suite(warehouse_db, table: str):
    report = validate_core(warehouse_db, table)
    assert_suite_ran(table, report)
    assert report.rows == read(warehouse_db, table).height > 0


def test_the_allowed_aggregates_are_the_codes_the_publishers_use_outside_the_hierarchy(warehouse_db):
    # Each listed code is used, and no other code outside the SOC structure: the lists are neither stale nor short.
    outside = "SELECT DISTINCT {column} FROM {table} WHERE {column} NOT IN (SELECT soc_code FROM raw.soc_structure)"
    oews_only = warehouse_db.execute(outside.format(column="soc_code", table="raw.oews_occupation")).fetchall()
    assert sorted(code for (code,) in oews_only) == sorted(OEWS_AGGREGATES)
    aggregates = warehouse_db.execute("SELECT DISTINCT ep_code FROM core.ep_by_soc WHERE ep_is_aggregate").fetchall()
    assert sorted(code for (code,) in aggregates) == sorted(EP_AGGREGATES)


def test_soc_code_not_in_the_hierarchy_fails(warehouse_db):
    frame = read(warehouse_db, "core.onet_by_soc").with_columns(pl.col("soc_code").replace("15-1252", "15-1259"))
    report = validate_core(warehouse_db, "core.onet_by_soc", frame)
    assert failure_lines(report) == [
        "core.onet_by_soc: expect_column_values_to_be_in_set(soc_code_level, ['detailed']) failed: 1 of 798 rows "
        "(0.1%), e.g. {'soc_code': '15-1259', 'soc_code_level': 'not in SOC 2018'}"
    ]
    assert report.failures[0].columns == ["soc_code", "soc_code_level"]


def test_oews_code_not_in_the_hierarchy_nor_the_allowance_fails(warehouse_db):
    frame = read(warehouse_db, "core.oews_estimates").with_columns(pl.col("soc_code").replace("21-1018", "21-1017"))
    assert failure_lines(validate_core(warehouse_db, "core.oews_estimates", frame)) == [
        "core.oews_estimates: expect_column_values_to_be_in_set(soc_code_level, ['major', 'minor', 'broad', "
        "'detailed', 'OEWS aggregate']) failed: 1 of 1,104 rows (<0.1%), e.g. {'area_code': '0000000', "
        "'industry_code': '000000', 'soc_code': '21-1017', 'soc_code_level': 'not in SOC 2018'}"
    ]


@pytest.mark.parametrize(
    ("table", "column", "code", "aggregate", "message"),
    [
        # EP's aggregate 21-1018 is allowed as an ep_code, never as the SOC code a row is about.
        (
            "core.ep_by_soc",
            "soc_code",
            "21-1011",
            "21-1018",
            "core.ep_by_soc: expect_column_values_to_be_in_set(soc_code_level, ['detailed']) failed: 1 of 848 rows "
            "(0.1%), e.g. {'soc_code': '21-1018', 'ep_code': '21-1018', 'soc_code_level': 'not in SOC 2018'}",
        ),
        # OEWS's all-occupations total is allowed in OEWS estimates only.
        (
            "core.onet_by_soc",
            "soc_code",
            "15-1252",
            "00-0000",
            "core.onet_by_soc: expect_column_values_to_be_in_set(soc_code_level, ['detailed']) failed: 1 of 798 rows "
            "(0.1%), e.g. {'soc_code': '00-0000', 'soc_code_level': 'not in SOC 2018'}",
        ),
        # 13-1030 is a SOC broad group, but not one EP publishes as an aggregate.
        (
            "core.ep_by_soc",
            "ep_code",
            "13-1020",
            "13-1030",
            "core.ep_by_soc: expect_column_values_to_be_in_set(ep_code_level, ['EP aggregate']) where ep_is_aggregate "
            "== True failed: 3 of 28 rows (10.7%), e.g. {'soc_code': '13-1021', 'ep_code': '13-1030', "
            "'ep_code_level': 'broad'}",
        ),
        # An EP aggregate marked as a direct EP assignment.
        (
            "core.ep_by_soc",
            "ep_code",
            "15-1252",
            "15-1250",
            "core.ep_by_soc: expect_column_values_to_be_in_set(ep_code_level, ['detailed']) where ep_is_aggregate "
            "== False failed: 1 of 820 rows (0.1%), e.g. {'soc_code': '15-1252', 'ep_code': '15-1250', "
            "'ep_code_level': 'broad'}",
        ),
    ],
)
def test_aggregate_code_outside_its_allowance_fails(
    warehouse_db, table: str, column: str, code: str, aggregate: str, message: str
):
    frame = read(warehouse_db, table).with_columns(pl.col(column).replace(code, aggregate))
    assert failure_lines(validate_core(warehouse_db, table, frame)) == [message]


def test_hierarchy_parent_at_the_wrong_level_fails(warehouse_db):
    # Software developers (detailed) hung directly under the minor group Computer Occupations.
    hierarchy = read(warehouse_db, "core.soc_hierarchy")
    frame = changed(hierarchy, pl.col("soc_code") == "15-1252", parent_code=pl.lit("15-1200"))
    assert failure_lines(validate_core(warehouse_db, "core.soc_hierarchy", frame)) == [
        "core.soc_hierarchy: expect_column_values_to_be_in_set(parent_code_level, ['broad']) where level == "
        "'detailed' failed: 1 of 867 rows (0.1%), e.g. {'soc_code': '15-1252', 'parent_code': '15-1200', "
        "'parent_code_level': 'minor'}"
    ]


def test_oews_percentiles_out_of_order_fail(warehouse_db):
    # 15-1252 Software Developers with the annual 75th percentile below the median.
    estimates = read(warehouse_db, "core.oews_estimates")
    frame = changed(estimates, pl.col("soc_code") == "15-1252", annual_p75_wage=pl.col("annual_median_wage") - 1)
    report = validate_core(warehouse_db, "core.oews_estimates", frame)
    developers = estimates.filter(pl.col("soc_code") == "15-1252").row(0, named=True)
    median, p90 = developers["annual_median_wage"], developers["annual_p90_wage"]
    assert failure_lines(report) == [
        "core.oews_estimates: expect_column_pair_values_a_to_be_greater_than_b(annual_p75_wage, annual_median_wage, "
        "True, 'either_value_is_missing') failed: 1 of 1,104 rows (<0.1%), e.g. {'area_code': '0000000', "
        f"'industry_code': '000000', 'soc_code': '15-1252', 'annual_p75_wage': {median - 1}, "
        f"'annual_median_wage': {median}}}"
    ]
    assert p90 > median  # so p90 >= p75 still holds: only the one pair fails


def test_oews_percentile_not_published_is_not_compared(warehouse_db):
    # BLS withholds a wage at or above its top code ('#'): the p90 is null while the p75 is published.
    estimates = read(warehouse_db, "core.oews_estimates")
    frame = changed(estimates, pl.col("soc_code") == "15-1252", annual_p90_wage=pl.lit(None), hourly_p90_wage=None)
    assert frame.filter(pl.col("annual_p90_wage").is_null() & pl.col("annual_p75_wage").is_not_null()).height == 1
    assert validate_core(warehouse_db, "core.oews_estimates", frame).success


def test_negative_oews_employment_fails(warehouse_db):
    estimates = read(warehouse_db, "core.oews_estimates")
    frame = changed(estimates, pl.col("soc_code") == "29-1141", employment=pl.lit(-1.0))
    assert failure_lines(validate_core(warehouse_db, "core.oews_estimates", frame)) == [
        "core.oews_estimates: expect_column_values_to_be_between(employment, 0, None) failed: 1 of 1,104 rows "
        "(<0.1%), e.g. {'area_code': '0000000', 'industry_code': '000000', 'soc_code': '29-1141', 'employment': -1.0}"
    ]


def test_core_education_not_summing_to_100_fails(warehouse_db):
    # 15-1221.00's 12 categories, scaled from 100 % to 90 %.
    education = read(warehouse_db, "core.onet_education")
    frame = changed(education, pl.col("onet_soc_code") == "15-1221.00", pct=pl.col("pct") * 0.9)
    assert failure_lines(validate_core(warehouse_db, "core.onet_education", frame)) == [
        "core.onet_education: expect_column_values_to_be_between(education_percent_total, 99.0, 101.0) failed: "
        "12 of 10,536 rows (0.1%), e.g. {'onet_soc_code': '15-1221.00', 'category': 1, "
        "'education_percent_total': 90.0}"
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "job_zone",
            6,
            "core.onet_by_soc: expect_column_values_to_be_in_set(job_zone, [1, 2, 3, 4, 5]) failed: 1 of 798 rows (0.1%), "
            "e.g. {'soc_code': '15-1221', 'job_zone': 6}",
        ),
        (
            "onet_advanced_degree_pct",
            150.0,
            "core.onet_by_soc: expect_column_values_to_be_between(onet_advanced_degree_pct, 0, 100) failed: "
            "1 of 798 rows (0.1%), e.g. {'soc_code': '15-1221', 'onet_advanced_degree_pct': 150.0}",
        ),
    ],
)
def test_onet_by_soc_out_of_range_fails(warehouse_db, column: str, value: object, message: str):
    frame = changed(read(warehouse_db, "core.onet_by_soc"), pl.col("soc_code") == "15-1221", **{column: pl.lit(value)})
    assert failure_lines(validate_core(warehouse_db, "core.onet_by_soc", frame)) == [message]


def test_core_suite_without_its_reference_table_is_refused(warehouse_db):
    with pytest.raises(KeyError, match=r"core\.ep_by_soc: its suite checks codes against core\.soc_hierarchy"):
        with_references("core.ep_by_soc", read(warehouse_db, "core.ep_by_soc"), {})


def test_core_frame_validated_without_references_fails_instead_of_passing(warehouse_db):
    # A caller that skips `with_references` gets failures, never a silent pass of the referential checks.
    report = validate("core.cet_areas", read(warehouse_db, "core.cet_areas"))
    assert failure_lines(report) == [
        "core.cet_areas: expect_column_values_to_be_in_set(soc_code_level, ['detailed']) could not run: "
        'Error: The column "soc_code_level" in BatchData does not exist.'
    ]

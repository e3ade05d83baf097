"""The Great Expectations suites (warehouse.quality.expectations) and their runner (warehouse.quality.validation): raw tables on
frames parsed from the real files, clean and with one fault injected each. Core tables, read from the real built
warehouse: tests/test_validation_core.py (this file needs no warehouse, so it runs while the session's builds)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from tests.conftest import REPO, mirror_bytes
from transforms.raw import cip, ep, oews, onet, soc, stem
from warehouse.quality import validation
from warehouse.quality.expectations import (
    key_columns,
    reference_tables,
    row_count_change,
    suite_for,
    tables,
)
from warehouse.quality.validation import ValidationReport, validate, write_reports
from warehouse.tables import core_tables, raw_tables

ONET = "www.onetcenter.org/dl_files/database/db_30_1_text/"
OE = "download.bls.gov/pub/time.series/oe/"
Parser = Callable[[bytes, str], pl.DataFrame]

# Every raw table: its parser and the real file it reads.
REAL_FILES: dict[str, tuple[Parser, str]] = {
    "raw.soc_structure": (soc.parse_soc_structure, "www.bls.gov/soc/2018/soc_structure_2018.xlsx"),
    "raw.soc_definitions": (soc.parse_soc_definitions, "www.bls.gov/soc/2018/soc_2018_definitions.xlsx"),
    "raw.onet_occupation_data": (onet.parse_occupation_data, ONET + "Occupation Data.txt"),
    "raw.onet_job_zones": (onet.parse_job_zones, ONET + "Job Zones.txt"),
    "raw.onet_job_zone_reference": (onet.parse_job_zone_reference, ONET + "Job Zone Reference.txt"),
    "raw.onet_education": (onet.parse_education, ONET + "Education, Training, and Experience.txt"),
    "raw.onet_education_categories": (
        onet.parse_education_categories,
        ONET + "Education, Training, and Experience Categories.txt",
    ),
    "raw.onet_scales": (onet.parse_scales_reference, ONET + "Scales Reference.txt"),
    "raw.onet_alternate_titles": (onet.parse_alternate_titles, ONET + "Alternate Titles.txt"),
    "raw.onet_reported_titles": (onet.parse_reported_titles, ONET + "Sample of Reported Titles.txt"),
    "raw.onet_task_statements": (onet.parse_task_statements, ONET + "Task Statements.txt"),
    "raw.onet_related_occupations": (onet.parse_related_occupations, ONET + "Related Occupations.txt"),
    "raw.oews_data": (oews.parse_oews_data, OE + "oe.data.0.Current"),
    "raw.oews_area": (oews.parse_oews_area, OE + "oe.area"),
    "raw.oews_industry": (oews.parse_oews_industry, OE + "oe.industry"),
    "raw.oews_occupation": (oews.parse_oews_occupation, OE + "oe.occupation"),
    "raw.oews_datatype": (oews.parse_oews_datatype, OE + "oe.datatype"),
    "raw.oews_footnote": (oews.parse_oews_footnote, OE + "oe.footnote"),
    "raw.oews_release": (oews.parse_oews_release, OE + "oe.release"),
    "raw.ep_education": (ep.parse_ep_education, "www.bls.gov/emp/ind-occ-matrix/education.xlsx"),
    "raw.ep_occupation": (ep.parse_ep_occupation, "www.bls.gov/emp/ind-occ-matrix/occupation.xlsx"),
    "raw.cip_soc_crosswalk": (
        cip.parse_cip_soc_crosswalk,
        "nces.ed.gov/ipeds/cipcode/Files/CIP2020_SOC2018_Crosswalk.xlsx",
    ),
    "raw.cip_codes": (cip.parse_cip_codes, "nces.ed.gov/ipeds/cipcode/Files/CIPCode2020.csv"),
    "raw.dhs_stem_cip": (stem.parse_stem_list, "www.ice.gov/doclib/sevis/pdf/stemList2024.pdf"),
}

_parsed: dict[str, pl.DataFrame] = {}


def real(table: str) -> pl.DataFrame:
    """`table` parsed from its real file (once per test session)."""
    if table not in _parsed:
        parser, path = REAL_FILES[table]
        _parsed[table] = parser(mirror_bytes(path), path.rsplit("/", 1)[1])
    return _parsed[table]


def failure_lines(report: ValidationReport) -> list[str]:
    return [failure.describe(report.table) for failure in report.failures]


@pytest.mark.parametrize("onet_release", ["30.1", "30.3"])
def test_every_raw_table_of_the_dagster_assets_has_a_suite(onet_release: str):
    names = {f"raw.{table.name}" for table in raw_tables(onet_release)}
    assert len(names) == 24
    assert names == {table for table in tables() if table.startswith("raw.")} == set(REAL_FILES)
    assert all(suite_for(table) and key_columns(table) for table in names)


def test_every_core_table_of_the_dagster_assets_has_a_suite():
    names = {f"core.{table.name}" for table in core_tables("30.1")}
    assert len(names) == 11
    assert names == {table for table in tables() if table.startswith("core.")}
    assert all(suite_for(table) and key_columns(table) for table in names)
    # Every core table's codes are checked against the SOC hierarchy, the hierarchy's own against the structure.
    assert {table: reference_tables(table) for table in names} == {
        table: ("raw.soc_structure",) if table == "core.soc_hierarchy" else ("core.soc_hierarchy",) for table in names
    }


def test_importing_the_validation_layer_does_not_import_great_expectations():
    # GE takes seconds to import: only a process that validates pays it, not Dagster's definitions load.
    code = "import sys, warehouse.quality.validation; print('great_expectations' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert run.stdout.strip() == "False"


@pytest.mark.slow  # two fresh imports of GE (3-8 s each)
def test_a_check_while_great_expectations_is_still_importing_in_the_background_gets_a_whole_suite():
    # A build imports GE in a thread (validation.warmed_up) while its first steps run. A check that came first
    # used to import GE's submodules from the half-imported package: "cannot import name ... from partially
    # initialized module", or an expectation "not found" (a build in a fresh venv failed so). Each run is a fresh
    # interpreter, so GE is imported anew.
    code = (
        "from warehouse.quality import validation\n"
        "with validation.warmed_up():\n"
        "    suite = validation._cached_suite('raw.onet_job_zones')\n"
        "print(len(suite.expectations))"
    )
    for _ in range(2):
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
        assert run.returncode == 0, run.stderr[-2000:]
        assert int(run.stdout) == len(suite_for("raw.onet_job_zones"))


def test_unknown_table_has_no_suite():
    with pytest.raises(KeyError, match=r"no expectation suite for table 'raw\.nope'"):
        suite_for("raw.nope")


# What each table's suite must hold, pinned here apart from warehouse.quality.expectations: at least this many
# expectations, and these named ones ("rows" = a row-count expectation, "unique(a, b)" = the key, "between(c)" = a
# range). An emptied or thinned suite fails here instead of passing as "all 0 expectations passed".
MUST_HAVE: dict[str, tuple[int, list[str]]] = {
    "core.cet_areas": (8, ["rows", "unique(soc_code, cet_area)"]),
    "core.stem_occupations": (6, ["rows", "unique(soc_code)"]),
    "core.oews_by_soc": (6, ["rows", "unique(soc_code)"]),
    "core.ep_by_soc": (17, ["rows", "unique(soc_code)"]),
    "core.oews_estimates": (
        41,
        [
            "rows",
            "unique(areatype_code, area_code, industry_code, occupation_code)",
            "between(employment)",
            "between(employment_rse_pct)",
        ],
    ),
    "core.onet_by_soc": (8, ["rows", "unique(soc_code)", "in_set(job_zone)", "between(onet_advanced_degree_pct)"]),
    "core.onet_education": (16, ["rows", "unique(onet_soc_code, category)", "between(category)", "between(pct)"]),
    "core.onet_job_zones": (12, ["rows", "unique(onet_soc_code)", "in_set(job_zone)"]),
    "core.onet_occupations": (10, ["rows", "unique(onet_soc_code)"]),
    "core.soc_hierarchy": (22, ["rows", "unique(soc_code)"]),
    "core.stem_links": (10, ["rows", "unique(soc_code, cip_code)"]),
    "raw.cip_codes": (11, ["rows", "unique(cip_code)"]),
    "raw.cip_soc_crosswalk": (9, ["rows", "unique(cip_code, soc_code)"]),
    "raw.dhs_stem_cip": (7, ["rows", "unique(cip_code)"]),
    "raw.ep_education": (11, ["rows", "unique(ep_code)"]),
    "raw.ep_occupation": (
        17,
        ["rows", "unique(ep_code)", "between(employment_base_thousands)", "between(employment_projected_thousands)"],
    ),
    "raw.oews_area": (9, ["rows", "unique(area_code)"]),
    "raw.oews_data": (
        18,
        [
            "rows",
            "unique(areatype_code, area_code, industry_code, occupation_code, datatype_code)",
            "between(datatypes_missing_in_cell)",
            "between(value)",
        ],
    ),
    "raw.oews_datatype": (4, ["rows", "unique(datatype_code)"]),
    "raw.oews_footnote": (4, ["rows", "unique(footnote_code)"]),
    "raw.oews_industry": (7, ["rows", "unique(industry_code)"]),
    "raw.oews_occupation": (9, ["rows", "unique(occupation_code)", "unique(soc_code)"]),
    "raw.oews_release": (6, ["rows"]),
    "raw.onet_alternate_titles": (7, ["rows", "unique(onet_soc_code, alternate_title)"]),
    "raw.onet_education": (
        16,
        [
            "rows",
            "unique(onet_soc_code, element_id, scale_id, category)",
            "between(data_value)",
            "between(category_percent_total)",
        ],
    ),
    "raw.onet_education_categories": (8, ["rows", "unique(element_id, scale_id, category)", "between(category)"]),
    "raw.onet_job_zone_reference": (5, ["rows", "unique(job_zone)"]),
    "raw.onet_job_zones": (7, ["rows", "unique(onet_soc_code)", "in_set(job_zone)"]),
    "raw.onet_occupation_data": (6, ["rows", "unique(onet_soc_code)"]),
    "raw.onet_related_occupations": (
        11,
        [
            "rows",
            "unique(onet_soc_code, related_onet_soc_code)",
            "unique(onet_soc_code, related_index)",
            "between(related_index)",
        ],
    ),
    "raw.onet_reported_titles": (6, ["rows", "unique(onet_soc_code, reported_job_title)"]),
    "raw.onet_scales": (8, ["rows", "unique(scale_id)"]),
    "raw.onet_task_statements": (9, ["rows", "unique(task_id)", "between(incumbents_responding)"]),
    "raw.soc_definitions": (9, ["rows", "unique(soc_code)"]),
    "raw.soc_structure": (12, ["rows", "unique(soc_code)"]),
}


def ran(report: ValidationReport) -> list[str]:
    """The expectations Great Expectations actually evaluated, named as in MUST_HAVE (others by their type)."""
    names = []
    for result in report.result.results:
        config = result.expectation_config
        kwargs = config.kwargs
        columns = (
            list(kwargs["column_list"]) if "column_list" in kwargs else [kwargs["column"]] if "column" in kwargs else []
        )
        kind = {
            "expect_column_values_to_be_unique": "unique",
            "expect_compound_columns_to_be_unique": "unique",
            "expect_column_values_to_be_between": "between",
            "expect_column_values_to_be_in_set": "in_set",
            "expect_table_row_count_to_be_between": "rows",
            "expect_table_row_count_to_equal": "rows",
        }.get(config.type, config.type)
        names.append(kind if kind == "rows" else f"{kind}({', '.join(columns)})")
    return names


def assert_suite_ran(table: str, report: ValidationReport) -> None:
    minimum, required = MUST_HAVE[table]
    names = ran(report)
    assert len(names) == report.expectations >= minimum, (table, len(names), report.expectations)
    assert [name for name in required if name not in names] == [], table
    assert report.summary() == f"{table}: all {len(names)} expectations passed on {report.rows:,} rows"


def test_every_table_has_its_pinned_suite():
    assert set(MUST_HAVE) == set(tables())
    assert len(MUST_HAVE) == 35  # 24 raw tables and 11 core tables


@pytest.mark.parametrize("table", list(REAL_FILES))
def test_real_table_passes_its_suite(table: str):
    report = validate(table, real(table))
    assert_suite_ran(table, report)
    assert report.success and report.failures == []
    assert report.rows == real(table).height > 0


def test_the_engine_set_is_the_engine_that_ran():
    # Polars here; tests/test_validation_pandas.py repeats every test with GE's own engine, and must really get it.
    report = validate("raw.onet_job_zones", real("raw.onet_job_zones"))
    assert (report.result.meta.get("engine") or "pandas") == validation.ENGINE  # Polars names itself in the meta


def test_job_zone_of_7_fails_with_the_row():
    zones = real("raw.onet_job_zones").with_columns(
        job_zone=pl.when(pl.col("onet_soc_code") == "15-1221.00").then(7).otherwise("job_zone")
    )
    report = validate("raw.onet_job_zones", zones)
    assert not report.success
    assert report.summary() == (
        "raw.onet_job_zones: expect_column_values_to_be_in_set(job_zone, [1, 2, 3, 4, 5]) failed: 1 of 923 rows (0.1%), "
        "e.g. {'onet_soc_code': '15-1221.00', 'job_zone': 7}"
    )
    (failure,) = report.failures
    assert (failure.expectation, failure.columns, failure.unexpected_count) == (
        "expect_column_values_to_be_in_set",
        ["job_zone"],
        1,
    )
    assert failure.unexpected_percent == pytest.approx(100 / 923)


def test_malformed_soc_code_fails():
    structure = real("raw.soc_structure").with_columns(pl.col("soc_code").replace("15-1252", "15-125"))
    report = validate("raw.soc_structure", structure)
    assert failure_lines(report) == [
        r"raw.soc_structure: expect_column_values_to_match_regex(soc_code, '^\\d{2}-\\d{4}$') failed: "
        "1 of 1,447 rows (<0.1%), e.g. {'soc_code': '15-125'}"
    ]


def test_duplicated_key_fails_with_both_rows():
    zones = real("raw.onet_job_zones")
    report = validate("raw.onet_job_zones", pl.concat([zones, zones.filter(pl.col("onet_soc_code") == "29-1211.00")]))
    assert failure_lines(report) == [
        "raw.onet_job_zones: expect_column_values_to_be_unique(onet_soc_code) failed: 2 of 924 rows (0.2%), "
        "e.g. {'onet_soc_code': '29-1211.00'}"
    ]
    assert report.failures[0].sample == [{"onet_soc_code": "29-1211.00"}] * 2


def test_conditional_check_samples_the_right_row():
    # Only detailed codes must have a definition; the sample is the detailed row whose definition was dropped.
    definitions = real("raw.soc_definitions").with_columns(
        definition=pl.when(pl.col("soc_code") == "29-1211").then(None).otherwise("definition")
    )
    report = validate("raw.soc_definitions", definitions)
    assert failure_lines(report) == [
        "raw.soc_definitions: expect_column_values_to_not_be_null(definition) where soc_group == 'Detailed' failed: "
        "1 of 867 rows (0.1%), e.g. {'soc_code': '29-1211', 'definition': None}"
    ]


def test_education_percentages_summing_to_80_fail():
    # 15-1221.00's 12 RL categories, scaled from 100 % to 80 %.
    scaled = (pl.col("onet_soc_code") == "15-1221.00") & (pl.col("scale_id") == "RL")
    education = real("raw.onet_education").with_columns(
        data_value=pl.when(scaled).then(pl.col("data_value") * 0.8).otherwise("data_value")
    )
    report = validate("raw.onet_education", education)
    assert failure_lines(report) == [
        "raw.onet_education: expect_column_values_to_be_between(category_percent_total, 99.0, 101.0) failed: "
        "12 of 37,125 rows (<0.1%), e.g. {'onet_soc_code': '15-1221.00', 'element_id': '2.D.1', 'scale_id': 'RL', "
        "'category': 1, 'category_percent_total': 80.0}"
    ]


# BLS's series id: 'OEU' + the five codes raw.oews_data stores it as.
SERIES_ID = pl.concat_str(
    pl.lit("OEU"), "areatype_code", "area_code", "industry_code", "occupation_code", "datatype_code"
)
NATIONAL = "'areatype_code': 'N', 'area_code': '0000000', 'industry_code': '000000'"


def test_negative_wage_fails():
    # Annual mean wage (datatype 04) of 15-1252 Software Developers.
    data = real("raw.oews_data").with_columns(
        value=pl.when(SERIES_ID == "OEUN000000000000015125204").then(-1.0).otherwise("value")
    )
    report = validate("raw.oews_data", data)
    assert failure_lines(report) == [
        "raw.oews_data: expect_column_values_to_be_between(value, 0, None) failed: 1 of 16,560 rows (<0.1%), "
        f"e.g. {{{NATIONAL}, 'occupation_code': '151252', 'datatype_code': '04', 'value': -1.0}}"
    ]


def test_negative_ep_median_wage_fails():
    occupations = real("raw.ep_occupation").with_columns(
        median_annual_wage_dollars=pl.when(pl.col("ep_code") == "15-1252")
        .then(-1)
        .otherwise("median_annual_wage_dollars")
    )
    report = validate("raw.ep_occupation", occupations)
    assert failure_lines(report) == [
        "raw.ep_occupation: expect_column_values_to_be_between(median_annual_wage_dollars, 0, None) failed: "
        "1 of 1,113 rows (<0.1%), e.g. {'ep_code': '15-1252', 'median_annual_wage_dollars': -1}"
    ]


def test_missing_oews_datatype_fails():
    # No hourly median wage (08) anywhere: the datatype set is incomplete and every cell lacks one.
    report = validate("raw.oews_data", real("raw.oews_data").filter(pl.col("datatype_code") != "08"))
    assert failure_lines(report) == [
        "raw.oews_data: expect_column_distinct_values_to_contain_set(datatype_code, ['01', '02', '03', ..., '15']) "
        "failed: missing ['08']",
        "raw.oews_data: expect_column_values_to_be_between(datatypes_missing_in_cell, 0, 0) failed: 15,456 of 15,456 "
        f"rows (100.0%), e.g. {{{NATIONAL}, 'occupation_code': '000000', 'datatype_code': '01', "
        "'datatypes_missing_in_cell': 1}",
    ]


def test_one_missing_series_of_a_cell_fails():
    report = validate("raw.oews_data", real("raw.oews_data").filter(SERIES_ID != "OEUN000000000000015125208"))
    assert failure_lines(report) == [
        "raw.oews_data: expect_column_values_to_be_between(datatypes_missing_in_cell, 0, 0) failed: 14 of 16,559 rows "
        f"(<0.1%), e.g. {{{NATIONAL}, 'occupation_code': '151252', 'datatype_code': '01', "
        "'datatypes_missing_in_cell': 1}"
    ]


def test_state_cell_needs_all_17_datatypes():
    # A state cell published with only the 15 national datatypes: employment per 1,000 jobs and LQ are missing.
    national = real("raw.oews_data")
    state = national.filter(pl.col("occupation_code") == "151252").with_columns(
        areatype_code=pl.lit("S"),
        area_code=pl.lit("0100000"),
    )
    report = validate("raw.oews_data", pl.concat([national, state]))
    assert failure_lines(report) == [
        "raw.oews_data: expect_column_values_to_be_between(datatypes_missing_in_cell, 0, 0) failed: 15 of 16,575 rows "
        "(<0.1%), e.g. {'areatype_code': 'S', 'area_code': '0100000', 'industry_code': '000000', "
        "'occupation_code': '151252', 'datatype_code': '01', 'datatypes_missing_in_cell': 2}"
    ]


def test_missing_oews_datatype_in_the_datatype_table_fails():
    report = validate("raw.oews_datatype", real("raw.oews_datatype").filter(pl.col("datatype_code") != "17"))
    assert failure_lines(report) == [
        "raw.oews_datatype: expect_table_row_count_to_equal(17) failed: observed 16",
        "raw.oews_datatype: expect_column_distinct_values_to_equal_set(datatype_code, ['01', '02', '03', ..., '17']) "
        "failed: missing ['17']",
    ]


def test_missing_column_is_reported_not_raised():
    report = validate("raw.onet_job_zones", real("raw.onet_job_zones").drop("job_zone"))
    assert not report.success
    assert {f.check for f in report.failures} == {
        "expect_column_values_to_not_be_null(job_zone)",
        "expect_column_values_to_be_in_set(job_zone, [1, 2, 3, 4, 5])",
    }
    assert all("could not run" in line and "job_zone" in line for line in failure_lines(report))


@pytest.mark.parametrize(
    ("previous", "rows", "status", "message"),
    [
        (1000, 1300, "fail", "raw.oews_data: 1,300 rows, previous release 1,000 rows (+30.0%), more than ±25%"),
        (1000, 700, "fail", "raw.oews_data: 700 rows, previous release 1,000 rows (-30.0%), more than ±25%"),
        (1000, 1120, "warn", "raw.oews_data: 1,120 rows, previous release 1,000 rows (+12.0%), more than ±10%"),
        (1000, 1100, "pass", "raw.oews_data: 1,100 rows, previous release 1,000 rows (+10.0%)"),
        (1000, 1000, "pass", "raw.oews_data: 1,000 rows, previous release 1,000 rows (+0.0%)"),
        (None, 16560, "pass", "raw.oews_data: 16,560 rows; no previous release to compare with"),
        (0, 5, "fail", "raw.oews_data: 5 rows, previous release 0 rows"),
    ],
)
def test_row_count_change(previous: int | None, rows: int, status: str, message: str):
    assert row_count_change("raw.oews_data", previous, rows) == (status, message)


def test_write_reports_writes_json_and_data_docs(tmp_path: Path):
    clean = validate("raw.onet_job_zones", real("raw.onet_job_zones"))
    broken = validate(
        "raw.soc_structure", real("raw.soc_structure").with_columns(pl.col("level").replace("broad", "x"))
    )
    index = write_reports([clean, broken], tmp_path)

    assert index == tmp_path / "index.json"
    listing = json.loads(index.read_text())
    assert listing["success"] is False
    assert [(t["table"], t["success"], t["report"]) for t in listing["tables"]] == [
        ("raw.onet_job_zones", True, "raw.onet_job_zones.json"),
        ("raw.soc_structure", False, "raw.soc_structure.json"),
    ]
    written = json.loads((tmp_path / "raw.soc_structure.json").read_text())
    assert written["failures"][0]["check"] == (
        "expect_column_values_to_be_in_set(level, ['major', 'minor', 'broad', 'detailed'])"
    )
    assert written["failures"][0]["unexpected_count"] == 459

    docs = tmp_path / listing["data_docs"]
    assert docs == tmp_path / "data_docs" / "index.html"
    html = docs.read_text()
    assert "raw.onet_job_zones" in html and "raw.soc_structure" in html
    pages = list((tmp_path / "data_docs" / "validations").rglob("*.html"))
    assert sorted(page.name for page in pages) == ["raw.onet_job_zones.html", "raw.soc_structure.html"]

    # The throwaway Data Docs context does not disturb later validations.
    assert validate("raw.onet_job_zones", real("raw.onet_job_zones")).success


def test_each_data_docs_template_is_compiled_once_per_process(tmp_path: Path):
    """A run started from the Dagster UI or a sensor writes a site per checked table; GE makes a Jinja Environment
    per view, so without warehouse.quality.gx's shared cache each site compiled GE's templates anew."""
    from warehouse.quality import gx

    report = validate("raw.onet_job_zones", real("raw.onet_job_zones"))
    write_reports([report], tmp_path / "first")
    compiled = gx.COMPILED_TEMPLATES.compiled
    assert compiled > 0, "no GE template went through the cache"
    write_reports([report], tmp_path / "second")
    assert gx.COMPILED_TEMPLATES.compiled == compiled  # the second site compiled nothing
    for site in ("first", "second"):
        assert "raw.onet_job_zones" in (tmp_path / site / "data_docs" / "index.html").read_text()

"""The Dagster asset checks (orchestration/checks.py), invoked directly on a small build database in tmp_path:
what a failed check reports (description, bad rows, report files) and the row-count rule against the published
warehouse beside it."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import polars as pl
import pytest
from dagster import AssetCheckResult, AssetChecksDefinition, AssetKey, build_asset_check_context

from orchestration.checks import expectation_checks
from orchestration.resources import WarehouseDB
from tests.conftest import mirror_bytes, old_report_runs
from transforms.raw import onet, soc
from warehouse.quality import report_retention
from warehouse.quality.expectations import reference_tables, tables
from warehouse.store.db import write_table
from warehouse.tables.core import core_tables

JOB_ZONES = "raw.onet_job_zones"
SOC = "www.bls.gov/soc/2018"
ZONE_7 = (
    "raw.onet_job_zones: expect_column_values_to_be_in_set(job_zone, [1, 2, 3, 4, 5]) failed: 1 of 923 rows (0.1%), "
)
ZONE_7 += "e.g. {'onet_soc_code': '15-1221.00', 'job_zone': 7}"


@pytest.fixture(scope="module")
def job_zones() -> pl.DataFrame:
    """raw.onet_job_zones parsed from the real O*NET 30.1 file (923 rows)."""
    return onet.parse_job_zones(
        mirror_bytes("www.onetcenter.org/dl_files/database/db_30_1_text/Job Zones.txt"), "Job Zones.txt"
    )


def check_of(table: str) -> AssetChecksDefinition:
    """The Dagster asset check of `table`, as the code location defines it."""
    key = AssetKey(table.split("."))
    (check,) = [c for c in expectation_checks() if {k.asset_key for k in c.check_keys} == {key}]
    return check


def build_database(folder: Path, frames: dict[str, pl.DataFrame]) -> WarehouseDB:
    """A build database holding `frames` (table -> frame) as the assets would have written them, for the warehouse
    in `folder`."""
    warehouse = WarehouseDB(db_path=str(folder / "soc.duckdb"))
    for table, frame in frames.items():
        warehouse.write(table, frame)
    return warehouse


def publish(folder: Path, table: str, frame: pl.DataFrame) -> None:
    """A previously published warehouse in `folder` holding `table`."""
    with duckdb.connect(str(folder / "soc.duckdb")) as con:
        write_table(con, table, frame)


def run_check(warehouse: WarehouseDB, table: str) -> AssetCheckResult:
    return check_of(table)(build_asset_check_context(resources={"warehouse": warehouse}))


def test_every_suite_is_one_blocking_check_after_its_reference_tables():
    specs = {".".join(spec.asset_key.path): spec for check in expectation_checks() for spec in check.check_specs}
    assert sorted(specs) == sorted(tables())
    assert all(spec.blocking and spec.name == "expectations" for spec in specs.values())
    # A check reads its reference tables, so it must not run before they are built.
    deps = {table: [".".join(dep.asset_key.path) for dep in spec.additional_deps] for table, spec in specs.items()}
    assert deps["core.oews_estimates"] == ["core.soc_hierarchy"]
    assert deps["core.soc_hierarchy"] == ["raw.soc_structure"]
    assert deps["raw.onet_job_zones"] == []
    assert deps == {table: list(reference_tables(table)) for table in tables()}


def test_job_zone_of_7_fails_the_check_with_the_row_and_writes_the_reports(tmp_path: Path, job_zones: pl.DataFrame):
    broken = job_zones.with_columns(
        job_zone=pl.when(pl.col("onet_soc_code") == "15-1221.00").then(7).otherwise("job_zone")
    )
    result = run_check(build_database(tmp_path, {JOB_ZONES: broken}), JOB_ZONES)

    assert result.passed is False
    assert result.description == ZONE_7
    metadata = {name: value.value for name, value in result.metadata.items()}
    assert metadata["failed"] == 1 and metadata["rows"] == 923
    assert metadata["bad rows (sample)"] == [
        {
            "check": "expect_column_values_to_be_in_set(job_zone, [1, 2, 3, 4, 5])",
            "bad rows": [{"onet_soc_code": "15-1221.00", "job_zone": 7}],
        }
    ]
    assert metadata["row count"] == "pass: raw.onet_job_zones: 923 rows; no previous release to compare with"

    # The reports are beside the warehouse, one folder per run ("EPHEMERAL" when invoked directly) and table.
    folder = tmp_path / "reports" / "EPHEMERAL" / JOB_ZONES
    assert metadata["report"] == str(folder / "raw.onet_job_zones.json")
    report = json.loads((folder / "raw.onet_job_zones.json").read_text())
    assert (report["success"], report["rows"], report["failures"][0]["sample"]) == (
        False,
        923,
        [{"onet_soc_code": "15-1221.00", "job_zone": 7}],
    )
    assert metadata["data docs"] == str(folder / "data_docs" / "index.html")
    assert "raw.onet_job_zones" in (folder / "data_docs" / "index.html").read_text()


def test_a_check_keeps_only_the_newest_runs_reports(tmp_path: Path, job_zones: pl.DataFrame):
    """A run that the Dagster UI, a sensor or a schedule starts never passes through `socwh build`: its checks
    prune the report folders themselves (about 134 MB a run with the full OEWS file)."""
    warehouse = build_database(tmp_path, {JOB_ZONES: job_zones})
    reports = tmp_path / "reports"
    old_report_runs(reports, report_retention.DEFAULT_KEEP)
    assert run_check(warehouse, JOB_ZONES).passed
    kept = sorted(p.name for p in reports.iterdir())
    assert kept == ["EPHEMERAL", *(f"old-run-{n}" for n in range(1, report_retention.DEFAULT_KEEP))]


def test_real_table_passes_the_check(tmp_path: Path, job_zones: pl.DataFrame):
    result = run_check(build_database(tmp_path, {JOB_ZONES: job_zones}), JOB_ZONES)
    assert result.passed is True
    assert result.description == "raw.onet_job_zones: all 7 expectations passed on 923 rows"
    assert result.metadata["bad rows (sample)"].value == []


@pytest.mark.parametrize(
    ("published_rows", "message"),
    [
        (710, "raw.onet_job_zones: 923 rows, previous release 710 rows (+30.0%), more than ±25%"),
        (1_319, "raw.onet_job_zones: 923 rows, previous release 1,319 rows (-30.0%), more than ±25%"),
    ],
)
def test_row_count_30_percent_off_the_published_release_fails(
    tmp_path: Path, job_zones: pl.DataFrame, published_rows: int, message: str
):
    publish(tmp_path, JOB_ZONES, pl.concat([job_zones, job_zones]).head(published_rows))
    result = run_check(build_database(tmp_path, {JOB_ZONES: job_zones}), JOB_ZONES)
    assert result.passed is False
    assert result.description == f"row count: {message}"  # every expectation passed: the count alone fails it
    assert result.metadata["row count"].value == f"fail: {message}"


def test_row_count_12_percent_over_the_published_release_passes_with_a_warning(
    tmp_path: Path, job_zones: pl.DataFrame, capfd: pytest.CaptureFixture[str]
):
    publish(tmp_path, JOB_ZONES, job_zones.head(824))
    message = "raw.onet_job_zones: 923 rows, previous release 824 rows (+12.0%), more than ±10%"
    result = run_check(build_database(tmp_path, {JOB_ZONES: job_zones}), JOB_ZONES)
    assert result.passed is True
    assert result.description == "raw.onet_job_zones: all 7 expectations passed on 923 rows"
    assert result.metadata["row count"].value == f"warn: {message}"
    # Dagster's log (the run's event log in a real run) on stderr here.
    assert f"WARNING - system - row count: {message}" in capfd.readouterr().err


def core_table(name: str, *inputs: pl.DataFrame) -> pl.DataFrame:
    """Core table `name` built from `inputs` by its declaration's own transform, as its asset builds it."""
    (table,) = [table for table in core_tables("30.1") if table.name == name]
    return table.build(*inputs)


def test_core_check_reads_the_hierarchy_from_the_build_database(tmp_path: Path):
    # A CET mapping that names a code the SOC hierarchy lacks: the check compares with the hierarchy it was given.
    # Both tables built from the real SOC files, as the build's assets build them.
    hierarchy = core_table(
        "soc_hierarchy",
        soc.parse_soc_structure(mirror_bytes(f"{SOC}/soc_structure_2018.xlsx"), "soc_structure_2018.xlsx"),
        soc.parse_soc_definitions(mirror_bytes(f"{SOC}/soc_2018_definitions.xlsx"), "soc_2018_definitions.xlsx"),
    )
    areas = core_table("cet_areas", hierarchy)
    broken = areas.with_columns(pl.col("soc_code").replace("15-1221", "15-1229"))
    warehouse = build_database(tmp_path, {"core.soc_hierarchy": hierarchy, "core.cet_areas": broken})
    result = run_check(warehouse, "core.cet_areas")
    assert result.passed is False
    assert result.description.startswith(
        "core.cet_areas: expect_column_values_to_be_in_set(soc_code_level, ['detailed']) failed: "
    )
    assert "e.g. {'soc_code': '15-1229', 'cet_area': " in result.description
    assert result.description.endswith("'soc_code_level': 'not in SOC 2018'}")
    (sample,) = result.metadata["bad rows (sample)"].value
    assert {row["soc_code"] for row in sample["bad rows"]} == {"15-1229"}

    # The same table against a hierarchy that holds its codes passes.
    warehouse.write("core.cet_areas", areas)
    assert run_check(warehouse, "core.cet_areas").passed is True


def test_big_table_checked_in_parts_fails_with_the_row_as_whole(tmp_path: Path, monkeypatch):
    # raw.oews_data read back in parts of ~5,000 rows (as the full release's 6 million are, in parts of ~1 million):
    # one negative wage is found, with the same message as when the table is checked whole.
    from tests.test_validation import NATIONAL, SERIES_ID, real
    from warehouse.quality import validation

    data = real("raw.oews_data").with_columns(
        value=pl.when(SERIES_ID == "OEUN000000000000015125204").then(-1.0).otherwise("value")
    )
    warehouse = build_database(tmp_path, {"raw.oews_data": data})
    message = (
        "raw.oews_data: expect_column_values_to_be_between(value, 0, None) failed: 1 of 16,560 rows (<0.1%), "
        f"e.g. {{{NATIONAL}, 'occupation_code': '151252', 'datatype_code': '04', 'value': -1.0}}"
    )
    whole = run_check(warehouse, "raw.oews_data")
    parts = []
    monkeypatch.setattr(validation, "PART_ROWS", 5_000)
    monkeypatch.setattr(WarehouseDB, "read", lambda *args, **kwargs: pytest.fail("read whole"))
    read_parts = WarehouseDB.read_parts
    monkeypatch.setattr(WarehouseDB, "read_parts", lambda *args: parts.append(args[3]) or read_parts(*args))
    in_parts = run_check(warehouse, "raw.oews_data")
    assert parts == [4]
    for result in (whole, in_parts):
        assert result.passed is False
        assert message in result.description.splitlines()
        assert result.metadata["rows"].value == 16_560


def test_rows_with_a_null_code_are_checked_in_parts_too(tmp_path: Path, monkeypatch):
    # Parts are ranges of the codes' values (warehouse.store.db.read_parts): a row whose code is null is in no range,
    # so it gets a part of its own. Nulled here: 15-1252's occupation code, 17 rows of the national file.
    from tests.test_validation import real
    from warehouse.quality import validation

    data = real("raw.oews_data").with_columns(
        occupation_code=pl.when(pl.col("occupation_code") == "151252").then(None).otherwise("occupation_code")
    )
    nulled = data.filter(pl.col("occupation_code").is_null()).height
    assert nulled > 0
    warehouse = build_database(tmp_path, {"raw.oews_data": data})
    whole = run_check(warehouse, "raw.oews_data")
    monkeypatch.setattr(validation, "PART_ROWS", 5_000)
    monkeypatch.setattr(WarehouseDB, "read", lambda *args, **kwargs: pytest.fail("read whole"))
    in_parts = run_check(warehouse, "raw.oews_data")
    message = f"expect_column_values_to_not_be_null(occupation_code) failed: {nulled} of 16,560 rows"
    for result in (whole, in_parts):
        assert result.passed is False
        assert any(message in line for line in result.description.splitlines())
        assert result.metadata["rows"].value == 16_560
    assert in_parts.description == whole.description

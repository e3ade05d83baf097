"""`socwh sql`, `socwh show` and `socwh export` on the real warehouse of the test session: what they print and
write, and what they say when something is wrong."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from tests.conftest import flat, mirror_bytes, sha256
from warehouse.cli.app import app

VIEWS = [  # the public views the README documents, one file each
    "occupations",
    "advanced_degree_occupations",
    "priority_field_occupations",
    "niw_candidates",
    "oews_estimates",
    "source_releases",
    "occupation_history",
    "release_changes",
]
# warehouse/curated/cet_areas.csv rows 4-6: 15-1221's curated CET areas
RESEARCH_CET = ["Advanced Computing", "Artificial Intelligence", "Quantum Information and Enabling Technologies"]


def run(db: Path, *args: str, **kwargs):
    return CliRunner().invoke(app, [*map(str, args), "--db", str(db)], env={"COLUMNS": "200"}, **kwargs)


def oews_value(series_id: str) -> int:
    for line in mirror_bytes("download.bls.gov/pub/time.series/oe/oe.data.0.Current").decode().splitlines():
        fields = line.split("\t")
        if fields[0].strip() == series_id:
            return int(fields[3])
    raise AssertionError(f"{series_id} is not in oe.data.0.Current")


@pytest.fixture(scope="module")
def db(built_warehouse) -> Path:
    return built_warehouse[0].db_path


@pytest.fixture(scope="module")
def counts(warehouse_db) -> dict[str, int]:
    return {view: warehouse_db.execute(f"SELECT count(*) FROM {view}").fetchone()[0] for view in VIEWS}


@pytest.fixture(scope="module")
def columns(warehouse_db) -> dict[str, list[str]]:
    return {view: [row[0] for row in warehouse_db.execute(f"DESCRIBE {view}").fetchall()] for view in VIEWS}


# --- socwh sql -------------------------------------------------------------------------------------------------------


def test_sql_prints_the_rows_asked_for(db):
    result = run(db, "sql", "SELECT soc_code, title, job_zone, employment FROM occupations WHERE soc_code = '15-1221'")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "│ soc_code │ title │ job_zone │ employment │" in text
    assert (
        f"│ 15-1221 │ Computer and Information Research Scientists │ 5 │ {oews_value('OEUN000000000000015122101')} │"
        in text
    )
    count = run(db, "sql", "SELECT count(*) AS n FROM niw_candidates")
    assert "│ 25 │" in flat(count.stdout)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELEC 1", 'Parser Error: syntax error at or near "SELEC"'),
        ("SELECT * FROM nowhere", "Table with name nowhere does not exist"),
        ("SELECT no_such_column FROM occupations", 'Referenced column "no_such_column" not found'),
        ("DROP VIEW occupations", "attached in read-only mode"),
        ("CREATE TABLE x AS SELECT 1", 'Cannot execute statement of type "CREATE"'),
    ],
)
def test_sql_says_what_is_wrong_with_a_query_and_changes_nothing(db, query, message):
    before = sha256(db)
    result = run(db, "sql", query)
    assert result.exit_code == 1  # issue 13: DuckDB's message alone, on one line, exit 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert sha256(db) == before


def test_the_sql_shell_answers_and_survives_a_bad_statement(db):
    result = run(db, "sql", input="SELECT count(*) AS n\nFROM occupations;\nSELEC 1;\nSELECT 42 AS answer;\n")
    assert result.exit_code == 0, result.output
    assert "Read-only DuckDB shell on the warehouse" in result.stderr
    assert "│ 867 │" in flat(result.stdout)
    assert 'syntax error at or near "SELEC"' in flat(result.stderr)
    assert "│ 42 │" in flat(result.stdout)  # after the error, the shell went on


def test_sql_without_a_warehouse_says_so(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = run(missing, "sql", "SELECT 1")
    assert result.exit_code == 1
    assert f"no warehouse at {missing}: build it first with `socwh build`" in flat(result.output)


# --- socwh show ------------------------------------------------------------------------------------------------------


def test_show_gives_each_flag_with_its_evidence_the_distribution_and_wages(db):
    result = run(db, "show", "15-1221")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert text.startswith("15-1221 Computer and Information Research Scientists Conduct research into fundamental")
    assert "Advanced degree: requires an advanced degree (evidence 3 of 3)" in text
    assert "✓ BLS typical education for entry: Master's degree EP 2024–34, code 15-1221" in text
    assert "✓ O*NET: 55.4% of respondents need a master's or higher O*NET 30.1, 15-1221.00" in text
    assert "✓ O*NET Job Zone 5 O*NET 30.1, five-level (to 30.1) Job Zone framework" in text
    assert "✗ Bachelor's + 5 years or more in a related occupation (BLS work experience: None)" in text
    assert "✓ STEM: on BLS's STEM occupation list (2010 SOC 15-1111); 14 of 15 linked degree programs" in text
    assert f"✓ CET areas: {'; '.join(RESEARCH_CET)}" in text
    # the O*NET 30.1 RL distribution of 15-1221.00, one bar per category (Education, Training, and Experience.txt)
    assert "8 Master's Degree ████████ 19.9%" in text
    assert "11 Doctoral Degree ███████████ 28.4%" in text
    assert "6 Bachelor's Degree ██████████████ 36.2%" in text
    assert "OEWS May 2025, national, all industries" in text
    assert f"Employment {oews_value('OEUN000000000000015122101'):,}" in text
    assert f"Annual median wage ${oews_value('OEUN000000000000015122113'):,}" in text
    assert "│ stem │ stemList2024.pdf │ July 22, 2024 │" in text  # the sources table, the release as DHS writes it


def test_show_says_why_a_wage_is_not_published(db):
    text = flat(run(db, "show", "27-2011").stdout)
    assert "Annual median wage not published (Wages for some occupations that do not generally work year-round" in text
    assert "Advanced degree: does not require an advanced degree (evidence 0 of 3)" in text


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("99-9999", "error: no 2018 SOC detailed occupation 99-9999 in the warehouse"),
        ("15-12", "error: '15-12' is not a 2018 SOC detailed code: expected the form NN-NNNN, e.g. 15-1221"),
        ("15-1221'; DROP VIEW occupations; --", "is not a 2018 SOC detailed code"),
    ],
)
def test_show_names_a_bad_code(db, code, message):
    result = run(db, "show", code)
    assert result.exit_code == 2
    assert message in flat(result.output)
    assert "Traceback" not in result.output


def test_show_without_a_warehouse_says_so(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = run(missing, "show", "15-1221")
    assert result.exit_code == 2
    assert f"no warehouse at {missing}" in flat(result.output)


# --- socwh export ----------------------------------------------------------------------------------------------------


def test_export_parquet_writes_every_view_whole(db, tmp_path, counts, columns):
    result = run(db, "export", tmp_path / "out", "--format", "parquet")
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(f"{view}.parquet" for view in VIEWS)
    for view in VIEWS:
        assert f"wrote {tmp_path / 'out' / view}.parquet" in flat(result.stdout)
        frame = pl.read_parquet(tmp_path / "out" / f"{view}.parquet")
        assert (view, frame.height, frame.columns) == (view, counts[view], columns[view])
    occupations = pl.read_parquet(tmp_path / "out" / "occupations.parquet")
    research = occupations.filter(pl.col("soc_code") == "15-1221").row(0, named=True)
    assert research["title"] == "Computer and Information Research Scientists"
    assert research["cet_areas"] == RESEARCH_CET  # lists stay lists in Parquet
    assert research["onet_codes"] == ["15-1221.00"]
    assert research["employment"] == oews_value("OEUN000000000000015122101")
    assert counts["occupations"] == 867 and counts["niw_candidates"] == 25


def test_export_csv_flattens_lists_and_structs(db, tmp_path, counts, columns):
    result = run(db, "export", tmp_path, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows: dict[str, list[dict]] = {}
    for view in VIEWS:
        with (tmp_path / f"{view}.csv").open(newline="") as f:
            reader = csv.DictReader(f)
            rows[view] = list(reader)
            assert reader.fieldnames == columns[view], view
        assert len(rows[view]) == counts[view], view
    by_code = {row["soc_code"]: row for row in rows["occupations"]}
    research = by_code["15-1221"]
    # a list of text becomes its items joined with '; '
    assert research["cet_areas"] == "; ".join(RESEARCH_CET)
    assert research["onet_codes"] == "15-1221.00"
    assert "30.7001" in by_code["15-2051"]["stem_cip_codes"].split("; ")
    assert len(by_code["15-2051"]["stem_cip_codes"].split("; ")) == 34
    assert by_code["41-2031"]["cet_areas"] == ""  # an empty list: an empty cell
    assert research["job_zone"] == "5" and research["requires_advanced_degree"] == "true"
    # a missing value is an empty cell; a list of structs becomes JSON text
    national = {
        row["occupation_code"]: row
        for row in rows["oews_estimates"]
        if row["areatype_code"] == "N" and row["industry_code"] == "000000"
    }
    actors = national["27-2011"]
    assert actors["annual_median_wage"] == ""
    footnotes = json.loads(actors["footnotes"])
    assert {note["measure"] for note in footnotes} >= {"annual_mean_wage", "annual_median_wage", "annual_p90_wage"}
    median = next(note for note in footnotes if note["measure"] == "annual_median_wage")
    assert (median["marker"], median["footnote_codes"]) == ("-", "4")
    assert median["footnote_text"].startswith("Wages for some occupations that do not generally work year-round")
    assert int(national["15-1221"]["employment"]) == oews_value("OEUN000000000000015122101")
    # the raw tables a source file fed: a list of text, '; '-joined
    (soc,) = [row for row in rows["source_releases"] if row["file"] == "soc_structure_2018.xlsx"]
    assert soc["tables"] == "raw.soc_structure"


def test_export_rejects_an_unknown_format_and_a_missing_warehouse(db, tmp_path):
    bad = run(db, "export", tmp_path / "x", "--format", "xlsx")
    assert bad.exit_code == 2
    assert "--format must be one of parquet, csv, not 'xlsx'" in flat(bad.output)
    assert not (tmp_path / "x").exists()
    missing = run(tmp_path / "none.duckdb", "export", tmp_path / "y")
    assert missing.exit_code == 2
    assert f"no warehouse at {tmp_path / 'none.duckdb'}" in flat(missing.output)


def test_export_reads_the_warehouse_without_changing_it(db, tmp_path):
    before = sha256(db)
    assert run(db, "export", tmp_path, "--format", "csv").exit_code == 0
    assert sha256(db) == before
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM occupations").fetchone() == (867,)

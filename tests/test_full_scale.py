"""The whole build at the publisher's scale: BLS's full May 2025 OEWS data file (6,023,970 rows: the nation, states,
metro areas, industries) through download, parse, checks and publish, once per session (about a minute alone);
then the state and metro figures read from that warehouse. Slow, but CI runs it."""

from __future__ import annotations

import gzip
import json

import duckdb
import pytest
from typer.testing import CliRunner

from tests.conftest import MIRROR, SHARED_DATA
from transforms.raw.oews import parse_oews_data
from warehouse.products import areas
from warehouse.quality.validation import validate
from warehouse.sources.full_mirror import FULL_OEWS_ROWS, assemble

FULL_OEWS_DATA = SHARED_DATA / "large" / "oews-2025-full" / "oe.data.0.Current.gz"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def full_build(tmp_path_factory):
    """(settings, outcome) of one real build from a mirror holding the full OEWS data file."""
    from orchestration.build_run import run_build
    from warehouse.config import Settings

    root = tmp_path_factory.mktemp("full_scale")
    mirror = assemble(root / "mirror", MIRROR, FULL_OEWS_DATA)
    settings = Settings(
        db_path=root / "soc_warehouse.duckdb",
        cache_dir=root / "cache",
        mirror=str(mirror),
        contact="ci@example.org",
        onet_release="30.1",
    )
    outcome = run_build(settings, force=True)
    assert outcome.success, "\n".join(outcome.failures)
    return settings, outcome


@pytest.fixture(scope="session")
def full_db(full_build):
    settings, _ = full_build
    con = duckdb.connect(str(settings.db_path), read_only=True)
    yield con
    con.close()


def socwh(settings, *args: str):
    from warehouse.cli.app import app

    return CliRunner().invoke(app, [*args, "--db", str(settings.db_path)], env={"COLUMNS": "200"})


def test_full_build_loads_and_checks_every_row(full_build, full_db):
    _, outcome = full_build
    assert full_db.execute("SELECT count(*) FROM raw.oews_data").fetchone()[0] == FULL_OEWS_ROWS
    by_type = dict(
        full_db.execute(
            "SELECT areatype_code, count(DISTINCT area_code) FROM core.oews_estimates GROUP BY 1"
        ).fetchall()
    )
    assert by_type["N"] == 1 and by_type["S"] >= 50 and by_type["M"] >= 500
    # The quality gate saw every row (no sample), by the Polars engine at this size.
    report = json.loads(next(outcome.reports.glob("*/raw.oews_data.json")).read_text())
    assert (report["success"], report["rows"]) == (True, FULL_OEWS_ROWS)


def test_one_bad_row_in_six_million_fails_its_check_naming_the_row():
    # One negative wage, deep in the file: 15-1221's annual median in California (datatype 13), as published.
    with gzip.open(FULL_OEWS_DATA, "rb") as compressed:
        content = compressed.read()
    series = b"OEUS060000000000015122113"
    start = content.index(series)
    end = content.index(b"\n", start)
    fields = content[start:end].split(b"\t")
    assert fields[3].strip() == b"159100"
    fields[3] = b"-159100".rjust(len(fields[3]))
    content = content[:start] + b"\t".join(fields) + content[end:]
    frame = parse_oews_data(content, "oe.data.0.Current")
    del content
    assert frame.height == FULL_OEWS_ROWS
    report = validate("raw.oews_data", frame)
    assert [failure.describe("raw.oews_data") for failure in report.failures] == [
        "raw.oews_data: expect_column_values_to_be_between(value, 0, None) failed: 1 of 6,023,970 rows (<0.1%), "
        "e.g. {'areatype_code': 'S', 'area_code': '0600000', 'industry_code': '000000', 'occupation_code': '151221', "
        "'datatype_code': '13', 'value': -159100.0}"
    ]


def test_show_with_an_area_prints_its_employment_and_median_beside_the_nation(full_build):
    result = socwh(full_build[0], "show", "15-1221", "--area", "California")
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("│ Employment "))
    assert "8,440" in line
    median = next(line for line in result.output.splitlines() if "Annual median wage" in line and "│" in line)
    assert "$159,100" in median
    assert "California (state 0600000), OEWS 2025A01, all industries" in result.output


def test_wages_ranks_the_states_by_employment(full_build):
    result = socwh(full_build[0], "wages", "15-1221", "--by", "state", "--top", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.output)["areas"]
    assert [row["area_name"] for row in ranked] == ["California", "Virginia", "Maryland"]
    assert ranked[0]["employment"] == 8440 and ranked[0]["annual_median_wage"] == 159100
    table = socwh(full_build[0], "wages", "15-1221", "--by", "metro", "--top", "5")
    assert table.exit_code == 0 and table.output.count("\n│") >= 5


def test_wages_csv_has_a_row_per_area(full_build, full_db):
    result = socwh(full_build[0], "wages", "15-1221", "--by", "state", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("rank,area_code,area_name,employment,annual_mean_wage")
    assert lines[1].startswith("1,0600000,California,8440,168580.0")
    states = full_db.execute(
        "SELECT count(*) FROM oews_estimates WHERE occupation_code = '15-1221' AND areatype_code = 'S' "
        "AND industry_code = '000000'"
    ).fetchone()[0]
    assert len(lines) == 1 + states == 37  # the states (and DC, territories) BLS publishes an estimate for


@pytest.mark.parametrize(
    ("query", "name"),
    [("CA", "California"), ("0600000", "California"), ("ca", "California"), ("virginia", "Virginia"),
     ("San Jose", "San Jose-Sunnyvale-Santa Clara, CA"), ("41940", "San Jose-Sunnyvale-Santa Clara, CA")],
)  # fmt: skip
def test_area_by_code_postal_abbreviation_or_name(full_db, query: str, name: str):
    assert areas.resolve(full_db, query).area_name == name


def test_ambiguous_area_lists_the_candidates(full_db):
    with pytest.raises(
        areas.AreaError, match=r"'Springfield' matches more than one area: .*Springfield, IL.*Springfield, MA"
    ):
        areas.resolve(full_db, "Springfield")


def test_unknown_area_is_a_clear_error(full_build):
    result = socwh(full_build[0], "show", "15-1221", "--area", "Atlantis")
    assert result.exit_code == 2
    assert "no state or metro area matches 'Atlantis'" in result.output
    assert "no OEWS area with code '9999999'" in socwh(full_build[0], "show", "15-1221", "--area", "9999999").output


def test_unpublished_area_figures_keep_their_footnote(full_db):
    soc_code, area_code, footnote = full_db.execute(
        "SELECT occupation_code, area_code, list_filter(footnotes, f -> f.measure = 'annual_median_wage')[1].footnote_text "
        "FROM oews_estimates WHERE industry_code = '000000' AND areatype_code = 'S' AND annual_median_wage IS NULL "
        "AND occupation_code <> '00-0000' AND len(list_filter(footnotes, f -> f.measure = 'annual_median_wage')) > 0 "
        "ORDER BY 1, 2 LIMIT 1"
    ).fetchone()
    row = areas.figures(full_db, soc_code, area_code)
    assert row["annual_median_wage"] is None and row["annual_median_wage_footnote"] == footnote
    assert areas.format_value("annual_median_wage", None, footnote) == f"not published ({footnote})"


def test_compare_with_an_area_adds_each_code_in_it(full_build):
    result = socwh(full_build[0], "compare", "15-1221", "15-2051", "--area", "CA", "--format", "json")
    assert result.exit_code == 0, result.output
    in_area = json.loads(result.output)["area"]
    assert in_area["15-1221"]["area"]["area_name"] == "California"
    assert in_area["15-1221"]["area_figures"]["employment"] == 8440
    markdown = socwh(full_build[0], "compare", "15-1221", "15-2051", "--area", "CA", "--format", "md").output
    employment = next(line for line in markdown.splitlines() if line.startswith("| Employment |"))
    assert employment.startswith("| Employment | 8,440 |")


def test_evidence_sheet_with_an_area_shows_it_beside_the_nation(full_build, tmp_path):
    out = tmp_path / "sheet.html"
    result = socwh(full_build[0], "evidence", "15-1221", "--out", str(out), "--area", "California")
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "California beside the nation" in html
    assert "8,440" in html and "$159,100" in html and "1.94" in html


def test_dashboard_shows_an_area_beside_the_nation(full_build):
    # The dashboard's area box on an evidence sheet and on the compare page, through real HTTP and Chromium.
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_FLAGS
    from tests.test_dashboard import Server, flat

    settings, _ = full_build
    server = Server(settings.db_path, settings.db_path.parent / "dashboard.log")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            page = browser.new_page()
            page.goto(server.url + "/occupation/15-1221?back=/occupations")
            page.fill("nav.back input[name=area]", "California")
            page.click("nav.back form.area button")
            page.wait_for_url("**area=California")
            sheet = flat(page.inner_text("body"))
            assert "california beside the nation" in sheet.lower()  # h2 is uppercased by the stylesheet
            assert "8,440" in sheet and "$159,100" in sheet and "1.94" in sheet
            page.goto(server.url + "/compare?code=15-1221&code=15-2051")
            page.fill("form.compare input[name=area]", "CA")
            page.click("form.compare button")
            page.wait_for_url("**area=CA*")
            rows = page.locator("table.area tbody tr")
            employment = flat(rows.filter(has_text="Employment").first.inner_text())
            assert employment.startswith("Employment California: 8,440 National:")
            median = flat(rows.filter(has_text="Annual median wage").inner_text())
            assert "California: $159,100" in median
            browser.close()
    finally:
        server.stop()

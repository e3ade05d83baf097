"""`socwh dashboard`, end to end: the real server in its own process, driven by a real headless Chromium."""

from __future__ import annotations

import html
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import duckdb
import pytest
from typer.testing import CliRunner

from tests.conftest import CHROMIUM, CHROMIUM_FLAGS, SOCWH, flat, free_port, sha256, stop_server
from warehouse.cli.app import app
from warehouse.products import dashboard, search
from warehouse.sources import catalog

INJECTIONS = [
    "'; DROP VIEW occupations; --",
    "15-0000' OR '1'='1",
    "1); DELETE FROM core.soc_hierarchy; --",
    '" OR 1=1 --',
]


def get(url: str, method: str = "GET") -> tuple[int, str, dict]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


class Server:
    """`socwh dashboard` in a new session on a free port of 127.0.0.1; stopped by its PID."""

    def __init__(self, db: Path, log: Path) -> None:
        if not SOCWH.is_file():
            pytest.fail(f"the socwh console script is missing beside {sys.executable}")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [SOCWH, "dashboard", "--port", str(self.port), "--host", "127.0.0.1", "--db", str(db)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"the dashboard exited with {self.process.returncode}:\n{log.read_text()}")
            try:
                urllib.request.urlopen(self.url + "/static/dashboard.css", timeout=2).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"the dashboard did not answer within 60 s:\n{log.read_text()}")
                time.sleep(0.2)

    def stop(self) -> None:
        stop_server(self.process)


@pytest.fixture(scope="module")
def db(built_warehouse) -> Path:
    return built_warehouse[0].db_path


@pytest.fixture(scope="module")
def server(db, tmp_path_factory):
    before = sha256(db)
    running = Server(db, tmp_path_factory.mktemp("dashboard") / "server.log")
    yield running
    running.stop()
    assert sha256(db) == before, "the dashboard changed the warehouse file"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def codes_on(page) -> list[str]:
    return page.locator("table.data tbody tr td a.code").all_inner_texts()


def test_search_a_title_then_compare_two_ticked_results(server, page, screenshots):
    page.goto(server.url + "/")
    page.fill("input[name=title]", "computer research scientist")
    page.click("form.search button")
    page.wait_for_url("**/search?*")
    codes = codes_on(page)
    assert codes[0] == "15-1221"
    assert "15-2041" in codes  # Statisticians: 'Research Scientist' is one of their reported titles
    first = page.locator("table.data tbody tr").first
    assert "Computer and Information Research Scientists" in first.inner_text()
    assert "Master's degree" in first.inner_text()
    assert first.locator("mark").all_inner_texts() == ["Research", "Computer", "Scientist"]
    page.screenshot(path=screenshots / "search.png", full_page=True)

    page.check("input[name=code][value='15-1221']")
    page.check("input[name=code][value='15-2041']")
    page.click("text=Compare the ticked occupations")
    page.wait_for_url("**/compare?code=15-1221&code=15-2041")
    text = flat(page.locator("main").inner_text())
    assert "Computer and Information Research Scientists" in text
    assert "Statisticians" in text
    assert "Master's degree" in text
    assert "$140,300" in text  # 15-1221's OEWS 2025A01 national median
    assert page.locator("th.strongest a.code").inner_text() == "15-1221"  # 3 CET areas against none
    assert "Summary: 15-1221 Computer and Information Research Scientists has the strongest" in text
    page.screenshot(path=screenshots / "compare.png", full_page=True)


def test_filter_the_niw_candidates(server, page, screenshots, warehouse_db):
    page.goto(server.url + "/candidates")
    total = warehouse_db.execute("SELECT count(*) FROM niw_candidates").fetchone()[0]
    assert f"{total} occupations" in page.locator("p.count").inner_text()
    assert "15-1221" in codes_on(page)

    page.select_option("select[name=major]", "15-0000")
    page.select_option("select[name=requires_advanced_degree]", "yes")
    page.select_option("select[name=is_stem]", "yes")
    page.fill("input[name=min_median_wage]", "100,000")
    page.click("form.filters button")
    page.wait_for_url("**/candidates?*min_median_wage=100%2C000*")
    expected = [
        code
        for (code,) in warehouse_db.execute(
            """SELECT soc_code FROM niw_candidates
               WHERE major_group_code = '15-0000' AND requires_advanced_degree AND is_stem
                 AND annual_median_wage >= 100000
               ORDER BY advanced_degree_evidence DESC, employment DESC NULLS LAST, soc_code"""
        ).fetchall()
    ]
    assert "15-1221" in expected
    assert codes_on(page) == expected
    row = page.locator("table.data tbody tr", has_text="15-1221")
    assert "Master's degree" in row.inner_text()
    assert "$140,300" in row.inner_text()
    assert page.locator("select[name=major]").input_value() == "15-0000"  # the form keeps the filters
    page.screenshot(path=screenshots / "candidates.png", full_page=True)

    page.fill("input[name=min_median_wage]", "150000")  # above 15-1221's $140,300 median
    page.click("form.filters button")
    page.wait_for_url("**/candidates?*min_median_wage=150000*")
    assert "15-1221" not in codes_on(page)

    page.goto(server.url + "/candidates?" + urlencode({"has_cet": "no"}))
    assert "15-1221" not in codes_on(page)  # it has three CET areas
    assert codes_on(page)
    page.goto(server.url + "/candidates?" + urlencode({"bachelors_plus_5y": "yes"}))
    assert "11-9121" in codes_on(page)  # Natural Sciences Managers: bachelor's + 5 years or more
    assert "15-1221" not in codes_on(page)


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"requires_advanced_degree": "yes"}, "requires_advanced_degree"),
        ({"requires_advanced_degree": "no"}, "NOT requires_advanced_degree"),
        ({"bachelors_plus_5y": "yes"}, "bachelors_plus_5y"),
        ({"is_stem": "no"}, "NOT is_stem"),  # none: every candidate of this build is STEM-linked
        ({"is_stem": "yes", "has_cet": "no"}, "is_stem AND len(cet_areas) = 0"),
        ({"has_cet": "yes"}, "len(cet_areas) > 0"),
        (
            {"major": "25-0000", "min_median_wage": "$90,000"},
            "major_group_code = '25-0000' AND annual_median_wage >= 90000",
        ),
    ],
)
def test_each_filter_lists_what_the_view_holds(server, warehouse_db, params, where):
    code, body, _ = get(server.url + "/candidates?" + urlencode(params))
    assert code == 200
    listed = re.findall(r'<a class="code" href="/occupation/(\d\d-\d{4})[?"]', body)  # ?back= the list
    expected = [
        row[0]
        for row in warehouse_db.execute(
            f"SELECT soc_code FROM niw_candidates WHERE {where} "  # `where` is this test's own constant
            "ORDER BY advanced_degree_evidence DESC, employment DESC NULLS LAST, soc_code"
        ).fetchall()
    ]
    assert listed == expected
    assert f"<b>{len(expected)}</b> occupation" in body
    if not expected:
        assert "No NIW candidate matches these filters." in body


def test_a_code_opens_its_evidence_sheet(server, page, screenshots):
    page.goto(server.url + "/candidates?major=15-0000")
    page.click("a.code:text-is('15-1221')")
    page.wait_for_url("**/occupation/15-1221?back=*")
    text = flat(page.inner_text("body"))
    assert "Computer and Information Research Scientists" in text
    assert "Master's degree" in text
    assert flat(catalog.ONET_CC_BY.format(release="30.1")) in text
    page.screenshot(path=screenshots / "occupation.png", full_page=True)


NATIONAL_ONLY = "the loaded OEWS file (oe.data.0.Current) holds national rows only: no state or metro figures"


def test_the_area_box_of_an_evidence_sheet_says_a_national_build_has_no_areas(server, page):
    # The offline mirror's OEWS file is BLS's national extract; tests/test_full_scale.py shows an area's figures.
    page.goto(server.url + "/occupation/15-1221?back=/occupations")
    page.fill("nav.back input[name=area]", "California")
    page.click("nav.back form.area button")
    page.wait_for_url("**/occupation/15-1221?back=*&area=California")
    assert NATIONAL_ONLY in page.inner_text(".error")


def test_the_area_box_of_the_compare_page_says_a_national_build_has_no_areas(server, page):
    page.goto(server.url + "/compare?code=15-1221&code=15-2051")
    page.fill("form.compare input[name=area]", "CA")
    page.click("form.compare button")
    page.wait_for_url("**/compare?*area=CA*")
    assert NATIONAL_ONLY in page.inner_text(".error")
    assert page.input_value("form.compare input[name=area]") == "CA"


def test_a_bad_filter_value_is_named_on_a_400_page(server, page, screenshots):
    response = page.goto(server.url + "/candidates?min_median_wage=lots")
    assert response.status == 400
    assert "min_median_wage: expected a number of dollars such as 100000, not 'lots'" in page.inner_text(".error")
    page.screenshot(path=screenshots / "error.png")


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("/candidates?major=99-0000", 400, "major: '99-0000' is not a major group of the NIW candidates"),
        ("/candidates?is_stem=maybe", 400, "is_stem: expected any, yes or no, not 'maybe'"),
        ("/candidates?min_median_wage=-5", 400, "min_median_wage: expected a number of dollars"),
        ("/compare?code=15-12x1", 400, "code: '15-12x1' is not a 2018 SOC detailed code"),
        ("/compare?code=15-1221,15-1252,15-2041,15-2051,17-2072,11-9121,19-1042", 400, "compare at most 6"),
        ("/compare?code=15-1221&code=99-9999", 404, "no 2018 SOC detailed occupation 99-9999 in the warehouse"),
        ("/compare?code=15-1221", 400, "compare needs at least two different SOC codes, got 15-1221"),
        ("/occupation/99-9999", 404, "no 2018 SOC detailed occupation 99-9999 in the warehouse"),
        ("/occupation/15-1221x", 400, "occupation: '15-1221x' is not a 2018 SOC detailed code"),
        ("/nowhere", 404, "no page /nowhere"),
        ("/static/..%2Fdashboard.py", 404, "no static file"),
        ("/static/../../warehouse/dashboard.py", 404, "no static file"),
    ],
)
def test_bad_requests_say_what_was_wrong(server, query, status, message):
    code, body, _ = get(server.url + query)
    assert code == status
    assert message in body.replace("&#39;", "'")
    assert "Traceback" not in body


def test_only_get_is_served(server):
    code, body, _ = get(server.url + "/candidates", method="POST")
    assert code == 405
    assert "the dashboard is read-only: only GET requests" in body


def test_the_plain_dashboard_has_no_roster_upload(server):
    """Coding an uploaded roster is `socwh serve`'s (tests/test_api.py): `socwh dashboard` neither links nor takes it."""
    code, body, _ = get(server.url + "/code")
    assert code == 404 and "no page /code" in body
    code, body, _ = get(server.url + "/search")
    assert code == 200 and 'href="/candidates"' in body and 'href="/code"' not in body
    code, body, _ = get(server.url + "/api/code", method="POST")
    assert code == 405 and "the dashboard is read-only: only GET requests" in body


def refused(name: str, value: str) -> str:
    """The message that names a hostile value as a bad value of parameter `name` (the value is data, quoted)."""
    first_code = re.split(r"[\s,]+", value.strip())[0]
    return {
        "major": f"major: {value!r} is not a major group of the NIW candidates",
        "is_stem": f"is_stem: expected any, yes or no, not {value.lower()!r}",
        "min_median_wage": f"min_median_wage: expected a number of dollars such as 100000, not {value!r}",
        "code": f"code: {first_code!r} is not a 2018 SOC detailed code",
    }[name]


def listed(body: str) -> list[str]:
    return re.findall(r'<a class="code" href="/occupation/(\d\d-\d{4})"', body)


def words_only(value: str) -> str:
    return re.sub(r"[^\w\s]", " ", value)


@pytest.mark.parametrize("value", INJECTIONS)
@pytest.mark.parametrize("name", ["title", "duties", "major", "is_stem", "min_median_wage", "code"])
def test_injection_strings_are_only_values(server, name, value):
    path = "/compare" if name == "code" else "/search" if name in ("title", "duties") else "/candidates"
    code, body, _ = get(server.url + path + "?" + urlencode({name: value}))
    assert "Traceback" not in body and "Internal Server Error" not in body
    if name in ("title", "duties"):  # searched as the words it holds
        assert code == 200, body
        assert listed(body) == listed(get(server.url + path + "?" + urlencode({name: words_only(value)}))[1])
    else:  # refused as a bad value, named and quoted
        assert code == 400, body
        assert refused(name, value) in html.unescape(body)
    assert get(server.url + "/candidates")[0] == 200


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_change_nothing_on_a_writable_connection(writable_copy, value):
    """The pages' queries, run on a connection that could write: the file's sha256 is unchanged afterwards."""
    path, before = writable_copy
    with duckdb.connect(str(path)) as con:  # read-write
        for name in ("title", "duties"):
            page = dashboard.search_page(con, {name: [value]})
            assert page.status == "200 OK"
            plain = dashboard.search_page(con, {name: [words_only(value)]})
            assert listed(page.body.decode()) == listed(plain.body.decode())
        for name in ("major", "is_stem", "min_median_wage"):
            with pytest.raises(dashboard.BadRequest) as raised:
                dashboard.candidates_page(con, {name: [value]})
            assert refused(name, value) in str(raised.value)
        with pytest.raises(dashboard.BadRequest) as raised:
            dashboard.compare_page(con, {"code": ["15-1221", value]})
        assert refused("code", value) in str(raised.value)
        assert con.execute("SELECT count(*) FROM occupations").fetchone()[0] == 867
    assert sha256(path) == before


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/search?title=statistician", 200),
        ("GET", "/candidates", 200),
        ("GET", "/compare?code=15-1221&code=15-2041", 200),
        ("GET", "/occupation/15-1221", 200),
        ("GET", "/static/dashboard.css", 200),
        ("HEAD", "/candidates", 200),
        ("GET", "/nowhere", 404),
        ("GET", "/static/nothing.css", 404),
        ("GET", "/occupation/99-9999", 404),
        ("GET", "/candidates?is_stem=maybe", 400),
        ("POST", "/candidates", 405),
    ],
)
def test_every_response_carries_the_security_headers(server, method, path, status):
    code, _, headers = get(server.url + path, method=method)
    assert code == status
    # No scripts at all, styles only from the dashboard itself, never framed; no MIME sniffing; no Referer sent on.
    assert (
        headers["Content-Security-Policy"]
        == "default-src 'none'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
    )
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_search_says_how_the_title_was_read_and_why_a_first_code_is_low_confidence(server):
    def search_text(title: str) -> str:
        code, body, _ = get(server.url + "/search?" + urlencode({"title": title}))
        assert code == 200
        return flat(html.unescape(re.sub(r"<[^>]+>", " ", body)))

    chips = search_text("Semiconductor Engineer")
    assert (
        "Low confidence in the first code, 51-9141 Semiconductor Processing Technicians: O*NET lists the title "
        "'Semiconductor Engineer' under 17-2199 Engineers, All Other too. Read the tasks" in chips
    )
    assert "Searched the title as" not in chips  # read as typed
    civil = search_text("Ingeniero Civil")
    assert "Searched the title as “civil engineer”." in civil
    assert "Low confidence" not in search_text("Epidemiologist")


def test_search_says_how_the_duties_were_read_and_why_a_score_was_scaled(server):
    code, body, _ = get(
        server.url + "/search?" + urlencode({"duties": "I design deep learning models for wind turbines"})
    )
    assert code == 200
    text = flat(html.unescape(re.sub(r"<[^>]+>", " ", body)))
    assert "read as phrases: deep learning, wind turbine" in text
    assert "down-weighted (generic words, ×0.3): design, models" in text
    assert "also looked for: 'deep learning' as 'machine learning artificial intelligence'" in text
    assert re.search(r"close in meaning: [01]\.\d\d", text)
    # Wind Turbine Service Technicians (Job Zone 3) for duties that design: the score says it was scaled, and why
    code, body, _ = get(server.url + "/search?" + urlencode({"duties": "I design wind turbine blades and model loads"}))
    assert code == 200
    text = flat(html.unescape(re.sub(r"<[^>]+>", " ", body)))
    factor = f"{search.PREPARATION_FACTOR:g}"
    assert f"score ×{factor}: Job Zone 3, for duties that name professional work (design, model)" in text


def test_browser_text_is_escaped(server):
    code, body, headers = get(server.url + "/search?" + urlencode({"title": "<script>alert(1)</script> engineer"}))
    assert code == 200
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; engineer" in body
    assert (
        "script-src" not in headers["Content-Security-Policy"]
        and "default-src 'none'" in headers["Content-Security-Policy"]
    )


def test_each_request_reads_the_published_file_anew(db, tmp_path):
    """A build publishes by atomic rename: the dashboard must show the new warehouse without a restart."""
    served = tmp_path / "served.duckdb"
    shutil.copyfile(db, served)
    server = Server(served, tmp_path / "server.log")
    try:
        assert "Computer and Information Research Scientists" in get(server.url + "/candidates")[1]
        rebuilt = tmp_path / "rebuilt.duckdb"
        shutil.copyfile(db, rebuilt)
        with duckdb.connect(str(rebuilt)) as con:
            con.execute("UPDATE core.soc_hierarchy SET title = 'Renamed By A Rebuild' WHERE soc_code = '15-1221'")
        os.replace(rebuilt, served)
        body = get(server.url + "/candidates")[1]
        assert "Renamed By A Rebuild" in body
        assert "Computer and Information Research Scientists" not in body
    finally:
        server.stop()


def test_dashboard_command_errors_exit_2(tmp_path, db):
    missing = tmp_path / "none.duckdb"
    result = CliRunner().invoke(app, ["dashboard", "--db", str(missing)])
    assert result.exit_code == 2
    assert f"no warehouse at {missing}: build it first with `socwh build`" in flat(result.output)

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["dashboard", "--port", str(port), "--db", str(db)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in flat(result.output)

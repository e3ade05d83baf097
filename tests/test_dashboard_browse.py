"""The dashboard people keep open, served by `socwh serve` (API and pages on one port) and driven by a real
headless Chromium: browse all 867 with filters, sort and download every table, go back from an occupation,
download its evidence sheet as a PDF, compare education row by row with a chart, and type duties on several lines.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, CHROMIUM_FLAGS

# The fast tier's browser tests are tests/test_dashboard.py's (search, compare, filter, an evidence sheet); these
# longer journeys, each of several pages, run in the whole suite.
pytestmark = pytest.mark.slow

SCREENSHOTS = Path(__file__).resolve().parents[1] / ".screenshots"  # kept after the run, to be looked at


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def shot(page, name: str, locator=None) -> Path:
    """A screenshot (of the page, or of one element), checked to be a real PNG of the size shown."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if locator is None:
        page.screenshot(path=path, full_page=True)
        width, _ = png_size(path)
        assert width == page.viewport_size["width"]
    else:
        locator.screenshot(path=path)
        box = locator.bounding_box()
        width, height = png_size(path)
        assert abs(width - box["width"]) <= 2 and abs(height - box["height"]) <= 2
    assert path.stat().st_size > 3_000, f"{path} looks blank"
    return path


@pytest.fixture(scope="module")
def server(socwh_serve):
    return socwh_serve


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
def page(browser, server):
    context = browser.new_context(viewport={"width": 1300, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.outside = []  # every request that would leave this server
    page.on("request", lambda r: None if r.url.startswith((server, "data:")) else page.outside.append(r.url))
    yield page
    assert page.outside == [], f"requests left the machine: {page.outside}"
    context.close()


def codes_on(page) -> list[str]:
    return page.locator("table.data tbody tr td a.code").all_inner_texts()


def wages_on(page) -> list[float]:
    cells = page.locator("table.data tbody tr td:last-child").all_inner_texts()
    return [float(c.replace("$", "").replace(",", "")) for c in cells if c.startswith("$")]


def test_browse_all_867_filter_and_sort(server, page, warehouse_db):
    page.goto(server + "/occupations")
    assert page.locator("p.count b").inner_text() == "867"
    assert len(codes_on(page)) == 100 and page.locator("nav.pages").inner_text().count("page 1 of 9") == 1
    page.click("a[rel=next]")
    assert (
        codes_on(page)[0]
        == warehouse_db.execute("SELECT soc_code FROM occupations ORDER BY soc_code OFFSET 100 LIMIT 1").fetchone()[0]
    )

    page.goto(server + "/occupations")
    page.select_option("select[name=major_group]", "15-0000")
    page.select_option("select[name=job_zone]", "5")
    page.select_option("select[name=requires_advanced_degree]", "yes")
    page.fill("input[name=min_median_wage]", "100000")
    page.click("form.filters button")
    expected = [
        code
        for (code,) in warehouse_db.execute(
            "SELECT soc_code FROM occupations WHERE major_group_code = '15-0000' AND job_zone = 5 "
            "AND requires_advanced_degree AND annual_median_wage >= 100000 ORDER BY soc_code"
        ).fetchall()
    ]
    assert "15-1221" in expected
    assert codes_on(page) == expected

    page.goto(server + "/occupations?job_zone=5")
    page.click("th >> text=Median wage")
    ascending = wages_on(page)
    assert ascending == sorted(ascending) and len(ascending) > 10
    page.click("th >> text=Median wage")
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Median wage")
    descending = wages_on(page)
    assert descending == sorted(descending, reverse=True)
    shot(page, "browse-sorted")


def test_every_table_downloads_as_csv(server, page, warehouse_db):
    for start, expected_rows in [
        ("/occupations?major_group=15-0000", "SELECT count(*) FROM occupations WHERE major_group_code = '15-0000'"),
        ("/candidates", "SELECT count(*) FROM niw_candidates"),
        ("/search?title=economist", None),
    ]:
        page.goto(server + start)
        shown = len(codes_on(page))
        with page.expect_download() as download:
            page.click("a.download")
        path = download.value.path()
        rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))
        assert rows and rows[0]["soc_code"]
        assert len(rows) == (warehouse_db.execute(expected_rows).fetchone()[0] if expected_rows else shown)
        assert [r["soc_code"] for r in rows][: len(codes_on(page))] == codes_on(page)[: len(rows)]


def test_sortable_columns_on_candidates_and_search(server, page):
    page.goto(server + "/candidates")
    page.click("th >> text=Employment")
    page.click("th >> text=Employment")
    numbers = [
        int(c.replace(",", ""))
        for c in page.locator("table.data tbody tr td:nth-child(12)").all_inner_texts()
        if c[0].isdigit()
    ]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) > 10
    page.goto(server + "/search?title=engineer")
    page.click("th >> text=Code")
    assert codes_on(page) == sorted(codes_on(page))


def test_an_occupation_page_leads_back_and_downloads_its_pdf(server, page, tmp_path):
    from pypdf import PdfReader

    listing = server + "/occupations?job_zone=5&major_group=15-0000"
    page.goto(listing)
    page.click("a.code >> text=15-1221")
    page.wait_for_url("**/occupation/15-1221?back=*")
    assert "Computer and Information Research Scientists" in page.locator("h1").inner_text()
    shot(page, "occupation-with-back")
    with page.expect_download() as download:
        page.click("text=Download PDF")
    assert download.value.suggested_filename == "evidence-15-1221.pdf"
    reader = PdfReader(download.value.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "15-1221" in text and "Master's degree" in text
    assert "Back" not in text.split("15-1221")[0]  # the dashboard's bar is not printed
    page.click("text=← Back")
    page.wait_for_url(listing)
    assert "15-1221" in codes_on(page)


def test_compare_lines_up_education_and_draws_a_chart(server, page):
    page.goto(server + "/compare?code=15-2051&code=15-1221&code=15-1252")
    rows = page.locator("table.compare tr.edu")
    labels = [rows.nth(i).locator("th").inner_text() for i in range(rows.count())]
    assert labels[:2] == ["Less than a High School Diploma", "High School Diploma"] or "Bachelor's Degree" in labels
    assert len(labels) == len(set(labels)) >= 10  # each O*NET category once, in O*NET's order
    for i in range(rows.count()):
        assert rows.nth(i).locator(":scope > td").count() == 3  # one cell per candidate in every row
    masters = rows.filter(has_text="Master's Degree")
    assert re.fullmatch(r"\d+\.\d%", masters.locator(":scope > td").nth(1).locator("td.num").inner_text())
    chart = page.locator("svg.chart")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("rect").count() >= 3 * 10
    assert "15-1221 Computer and Information Research Scientists" in chart.text_content()
    shot(page, "compare-chart", chart)
    shot(page, "compare")


def test_duties_box_takes_several_lines(server, page):
    page.goto(server + "/search")
    box = page.locator("textarea[name=duties]")
    assert int(box.get_attribute("rows")) >= 3
    box.fill("Design machine learning algorithms.\nPublish research papers.\nSupervise graduate researchers.")
    page.click("form.search button")
    page.wait_for_url("**/search?*")
    assert page.locator("textarea[name=duties]").input_value().count("\n") == 2
    assert len(codes_on(page)) > 0
    shot(page, "search-duties")


@pytest.mark.parametrize(
    "back", ["//elsewhere.example/x", "/\\elsewhere.example/x", "https://elsewhere.example/", "javascript:alert(1)"]
)
def test_back_leads_only_to_a_page_of_this_dashboard(server, back):
    from urllib.parse import quote

    with urllib.request.urlopen(server + "/occupation/15-1221?back=" + quote(back), timeout=60) as page:
        html = page.read().decode()
    assert '<a href="/occupations" rel="prev"' in html


def test_code_a_roster_from_the_page_and_download_it(server, page, tmp_path):
    """`socwh serve` links the roster upload from the navigation; the form posts the file and the browser saves
    the coded roster; a bad file shows the CLI's message on the dashboard's error page."""
    roster = tmp_path / "team.csv"
    roster.write_text("Employee,Job Title\nA. Rivera,Data Scientist\nB. Chen,Registered Nurse\n", encoding="utf-8")
    page.goto(server + "/search")
    page.click("header nav >> text=Code a roster")
    assert page.url == server + "/code"
    assert page.locator("header nav a.active").inner_text() == "Code a roster"
    shot(page, "code-roster")
    page.set_input_files("input[name=roster]", roster)
    with page.expect_download() as info:
        page.click("button[type=submit]")
    download = info.value
    assert download.suggested_filename == "team-coded.csv"
    coded = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [(r["Employee"], r["soc_code_1"], r["soc_title_1"]) for r in coded] == [
        ("A. Rivera", "15-2051", "Data Scientists"),
        ("B. Chen", "29-1141", "Registered Nurses"),
    ]
    assert page.url == server + "/code"  # the page stays; only the file arrives

    page.select_option("select[name=format]", "xlsx")
    with page.expect_download() as info:
        page.click("button[type=submit]")
    assert info.value.suggested_filename == "team-coded.xlsx"
    assert Path(info.value.path()).read_bytes()[:2] == b"PK"  # an .xlsx is a zip

    # a roster saved by Excel on Windows as 'CSV (Comma delimited)', in its code page, with the encoding named
    windows = tmp_path / "windows.csv"
    windows.write_bytes("Employee,Job Title\r\nJ. Núñez,Ingeniero Eléctrico\r\n".encode("cp1252"))
    page.set_input_files("input[name=roster]", windows)
    page.select_option("select[name=format]", "")
    page.fill("input[name=encoding]", "cp1252")
    with page.expect_download() as info:
        page.click("button[type=submit]")
    (row,) = csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig")))
    assert (row["Employee"], row["Job Title"], row["soc_code_1"]) == ("J. Núñez", "Ingeniero Eléctrico", "17-2071")
    page.fill("input[name=encoding]", "")

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    page.set_input_files("input[name=roster]", empty)
    page.select_option("select[name=format]", "")
    page.click("button[type=submit]")
    page.wait_for_url(server + "/api/code")
    assert page.locator("p.error").inner_text() == (
        "empty.csv: the file is empty; expected a header row naming a title or duties column"
    )
    assert page.locator("h1").inner_text() == "400 Bad Request"
    shot(page, "code-roster-error")
    page.click("main >> text=Code a roster")  # back to the form from the error
    assert page.url == server + "/code" and page.locator("input[name=roster]").count() == 1

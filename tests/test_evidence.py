"""`socwh evidence`: the one-page evidence sheet, printed to PDF by a real headless Chromium and read back."""

from __future__ import annotations

import subprocess
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import CHROMIUM, CHROMIUM_FLAGS, flat
from warehouse.cli.app import app
from warehouse.products import queries
from warehouse.products.evidence import CET_DISCLAIMER, evidence_html, references
from warehouse.sources import catalog

LETTER, A4 = (612, 792), (595, 842)  # PDF points


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def print_to_pdf(html: Path, pdf: Path, profile: Path) -> None:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    done = subprocess.run(
        [
            CHROMIUM,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and pdf.is_file(), done.stderr[-2000:]


def read_pdf(pdf: Path) -> tuple[int, tuple[int, int], str]:
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    return (
        len(reader.pages),
        (round(box.width), round(box.height)),
        flat(" ".join(p.extract_text() for p in reader.pages)),
    )


@pytest.fixture
def db(built_warehouse) -> Path:
    return built_warehouse[0].db_path


@pytest.mark.parametrize(
    ("code", "paper", "size", "most_pages", "facts"),
    [
        (
            "15-1221",
            "letter",
            LETTER,
            2,
            ["Computer and Information Research Scientists", "Master's degree", "55.4%", "$140,300"],
        ),
        (
            "15-1221",
            "a4",
            A4,
            2,
            ["Computer and Information Research Scientists", "Master's degree", "Extensive Preparation Needed"],
        ),
        # the longest SOC definition (828 characters)
        ("15-1244", "letter", LETTER, 2, ["Network and Computer Systems Administrators", "Bachelor's degree"]),
        # the most CET areas (5)
        (
            "17-2072",
            "letter",
            LETTER,
            2,
            ["Electronics Engineers, Except Computer", "Semiconductors and Microelectronics"],
        ),
        # the most STEM programs (141): the sheet lists every one of them, the last included
        (
            "11-9121",
            "a4",
            A4,
            3,
            ["Natural Sciences Managers", "5 years or more", "141 of 149", "51.2006"],
        ),
    ],
)
def test_evidence_sheet_prints_with_its_facts(db, tmp_path, code, paper, size, most_pages, facts):
    html = tmp_path / f"{code}.html"
    result = run("evidence", code, "--out", html, "--paper", paper, "--db", db)
    assert result.exit_code == 0, result.output
    pdf = tmp_path / f"{code}.pdf"
    print_to_pdf(html, pdf, tmp_path / "chromium-profile")
    pages, page_size, text = read_pdf(pdf)
    assert 1 <= pages <= most_pages
    assert page_size == size
    assert code in text
    for fact in facts:
        assert fact in text
    assert flat(catalog.ONET_CC_BY.format(release="30.1")) in text
    assert flat(CET_DISCLAIMER) in text
    assert "BLS.gov cannot vouch for the data" in text


def test_every_figure_cites_its_file_release_url_and_retrieval_date(warehouse_db):
    sources = queries.sources(warehouse_db)
    refs, cites = references(queries.occupation(warehouse_db, "15-1221"), sources)
    html = evidence_html(warehouse_db, "15-1221")
    by_file = {ref["file"]: ref for ref in refs}
    assert list(by_file) == [
        "soc_2018_definitions.xlsx",
        "soc_structure_2018.xlsx",
        "education.xlsx",
        "Job Zones.txt",
        "Job Zone Reference.txt",
        "Education, Training, and Experience.txt",
        "oe.data.0.Current",
        "CIP2020_SOC2018_Crosswalk.xlsx",
        "stemList2024.pdf",
    ]
    assert (
        by_file["Job Zones.txt"]["url"] == "https://www.onetcenter.org/dl_files/database/db_30_1_text/Job%20Zones.txt"
    )
    # releases as their publishers write them, read from their own files (Read Me.txt, oe.release)
    assert by_file["Job Zones.txt"]["release"] == "O*NET 30.1 (December 2025)"
    assert by_file["oe.data.0.Current"]["release"] == "May 2025"
    assert by_file["education.xlsx"]["release"] == "2024–34"
    assert by_file["stemList2024.pdf"]["release"] == "July 22, 2024"
    # the test build copies a local mirror: every reference says so, naming the copy it read
    assert by_file["Job Zones.txt"]["mirror"].endswith(
        "mirror/www.onetcenter.org/dl_files/database/db_30_1_text/Job Zones.txt"
    )
    assert cites == {"soc": [1, 2], "ep": [3], "job_zone": [4, 5], "onet_education": [6], "oews": [7], "stem": [8, 9]}
    recorded = {source["url"]: source for source in sources}
    for ref in refs:
        assert ref["retrieved"] == recorded[ref["url"]]["retrieved_at"].date().isoformat()
        row = f"<td>[{ref['number']}]</td>"
        assert row in html
        after = html[html.index(row) :]
        cells = after[: after.index("</tr>")].replace("&#39;", "'")
        for value in (ref["file"], ref["release"], ref["retrieved"]):  # on that row of the source table
            assert f">{value}</td>" in cells
        assert f'>{ref["url"]}<br><span class="note">copied from an offline mirror of this URL' in cells
    assert 'Employment and wages <sup class="ref">[7]</sup>' in html
    assert 'O*NET Job Zone <sup class="ref">[4,5]</sup>' in html


def test_the_sheet_is_self_contained(warehouse_db):
    html = evidence_html(warehouse_db, "15-1221")
    for fetches in ("<script", "<link", "<img", "src=", "href=", "url(", "@import"):
        assert fetches not in html, f"the sheet would fetch something: {fetches}"
    assert "@page { size: Letter;" in html
    assert "@page { size: A4;" in evidence_html(warehouse_db, "15-1221", paper="a4")


def test_missing_figures_are_said_to_be_missing(warehouse_db):
    html = flat(evidence_html(warehouse_db, "11-9039"))  # Education Administrators, All Other: no O*NET data
    assert "O*NET publishes no education ratings for this occupation." in html
    assert "no Job Zone" in html
    assert "Education Administrators, All Other" in html


def test_out_path_is_used_exactly_as_given(db, tmp_path):
    odd = tmp_path / "a folder; with $(touch pwned) `x`" / "sheet 'v1' & \"final\".html"
    odd.parent.mkdir()
    result = run("evidence", "15-1221", "--out", odd, "--db", db)
    assert result.exit_code == 0, result.output
    assert odd.is_file()
    assert "Computer and Information Research Scientists" in odd.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.rglob("*")) == sorted([odd.parent.name, odd.name])  # nothing else ran


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("15-12x1", "'15-12x1' is not a 2018 SOC detailed code: expected the form NN-NNNN, e.g. 15-1221"),
        ("99-9999", "no 2018 SOC detailed occupation 99-9999 in the warehouse"),
        ("15-1221' OR '1'='1", "is not a 2018 SOC detailed code"),
        ("15-1221; DROP VIEW occupations; --", "is not a 2018 SOC detailed code"),
    ],
)
def test_unknown_or_malformed_code_exits_2_naming_it(db, tmp_path, warehouse_db, code, message):
    out = tmp_path / "sheet.html"
    result = run("evidence", code, "--out", out, "--db", db)
    assert result.exit_code == 2
    assert message in flat(result.output)
    assert "Traceback" not in result.output
    assert not out.exists()
    assert warehouse_db.execute("SELECT count(*) FROM occupations").fetchone()[0] == 867


def test_out_folder_missing_exits_2(db, tmp_path):
    out = tmp_path / "no such folder" / "sheet.html"
    result = run("evidence", "15-1221", "--out", out, "--db", db)
    assert result.exit_code == 2
    assert f"cannot write {out}: the folder {out.parent} does not exist" in flat(result.output)


def test_bad_paper_exits_2(db, tmp_path):
    result = run("evidence", "15-1221", "--out", tmp_path / "s.html", "--paper", "legal", "--db", db)
    assert result.exit_code == 2
    assert "--paper must be one of letter, a4, not 'legal'" in flat(result.output)


def test_missing_warehouse_exits_2(tmp_path):
    result = run("evidence", "15-1221", "--out", tmp_path / "s.html", "--db", tmp_path / "none.duckdb")
    assert result.exit_code == 2
    assert f"no warehouse at {tmp_path / 'none.duckdb'}: build it first with `socwh build`" in flat(result.output)


def test_pdf_out_is_a_real_pdf_with_the_case_reference_pages_to_check_and_disagreements(db, tmp_path):
    pdf = tmp_path / "animal scientists.pdf"
    result = run("evidence", "19-1011", "--out", pdf, "--case-ref", "A-2026-0042", "--db", db)
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    pages, size, text = read_pdf(pdf)
    assert size == LETTER and 1 <= pages <= 2
    assert "Case reference: A-2026-0042" in text
    assert "https://www.onetonline.org/link/summary/19-1011.00" in text
    assert "https://www.bls.gov/oes/current/oes191011.htm" in text
    assert "https://www.bls.gov/emp/tables/education-and-training-by-occupation.htm" in text
    assert "BLS: Bachelor's degree, but 78% of O*NET respondents say a master's or higher" in text
    assert "May 2025" in text and "O*NET 30.1 (December 2025)" in text and "2024–34" in text
    assert "copied from an offline mirror of this URL" in text
    assert "on BLS's STEM occupation list" in text
    assert flat(CET_DISCLAIMER) in text


def test_no_cet_leaves_the_cet_section_out(warehouse_db):
    with_cet = flat(unescape(evidence_html(warehouse_db, "15-1221")))
    without = flat(unescape(evidence_html(warehouse_db, "15-1221", include_cet=False)))
    assert "Critical and emerging technology areas" in with_cet and flat(CET_DISCLAIMER) in with_cet
    assert "Critical and emerging technology areas" not in without and flat(CET_DISCLAIMER) not in without
    assert "Quantum Information" not in without
    assert run("evidence", "15-1221", "--help").output.count("--no-cet") == 1


def test_an_aggregate_member_cites_the_aggregate_page_and_says_so(warehouse_db):
    html = flat(unescape(evidence_html(warehouse_db, "31-1122")))
    assert "https://www.bls.gov/oes/current/oes311120.htm" in html
    assert "published for 31-1120 Home Health and Personal Care Aides, which also covers 31-1121" in html
    assert "4,305,810" in html


def test_bachelors_plus_5_years_is_stated_as_what_it_measures(warehouse_db):
    html = flat(
        unescape(evidence_html(warehouse_db, "11-9121"))
    )  # Natural Sciences Managers: Bachelor's + 5 years or more
    assert "5 years or more in a related occupation (BLS)" in html
    assert "does not show that the petitioner's experience is progressive or in the specialty" in html


def test_pdf_without_chromium_fails_cleanly(db, tmp_path, monkeypatch):
    from warehouse.products import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    out = tmp_path / "sheet.pdf"
    result = run("evidence", "15-1221", "--out", out, "--db", db)
    assert result.exit_code == 2
    assert f"cannot write {out}: no Chromium at {tmp_path / 'no-chromium'}" in flat(result.output)
    assert not out.exists()

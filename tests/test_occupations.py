"""The published views, on the real data: facts a practitioner would check against the publishers' files."""

from __future__ import annotations

import re

import pytest

from tests.conftest import MIRROR


def one(con, sql: str, *params):
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    assert row is not None, f"no row for {sql} {params}"
    return dict(zip(names, row, strict=True))


def occupation(con, code: str) -> dict:
    return one(con, "SELECT * FROM occupations WHERE soc_code = ?", code)


def test_occupations_has_867_unique_detailed_codes(warehouse_db):
    row = one(warehouse_db, "SELECT count(*) AS n, count(DISTINCT soc_code) AS codes FROM occupations")
    assert row == {"n": 867, "codes": 867}


def test_computer_and_information_research_scientists(warehouse_db):
    row = occupation(warehouse_db, "15-1221")
    assert row["title"] == "Computer and Information Research Scientists"
    assert row["job_zone"] == 5
    assert row["bls_typical_education"] == "Master's degree"
    assert row["onet_advanced_degree_pct"] == pytest.approx(55.43, abs=0.01)  # 19.93 + 2.58 + 28.42 + 4.50
    assert row["onet_codes"] == ["15-1221.00"]
    assert row["requires_advanced_degree"] is True
    assert row["advanced_degree_evidence"] == 3
    assert row["is_priority_field"] is True
    assert "Artificial Intelligence" in row["cet_areas"]
    assert row["major_group_code"] == "15-0000"
    assert row["broad_group_code"] == "15-1220"
    assert row["onet_release"] == "30.1"
    assert row["oews_release"] == "2025A01"
    candidates = [r[0] for r in warehouse_db.execute("SELECT soc_code FROM niw_candidates").fetchall()]
    assert "15-1221" in candidates


def test_software_developers_do_not_require_an_advanced_degree(warehouse_db):
    row = occupation(warehouse_db, "15-1252")
    assert row["job_zone"] == 4
    assert row["bls_typical_education"] == "Bachelor's degree"
    assert row["requires_advanced_degree"] is False
    assert row["bls_requires_advanced_degree"] is False
    assert row["employment"] == 1_687_890  # oe.data.0.Current: OEUN000000000000015125201 (May 2025)


def test_natural_sciences_managers_take_bachelors_plus_five_years(warehouse_db):
    row = occupation(warehouse_db, "11-9121")
    assert row["bls_typical_education"] == "Bachelor's degree"
    assert row["bls_work_experience"] == "5 years or more"
    assert row["bachelors_plus_5y"] is True


def test_retail_salespersons_are_neither(warehouse_db):
    row = occupation(warehouse_db, "41-2031")
    assert row["requires_advanced_degree"] is False
    assert row["bachelors_plus_5y"] is False
    assert row["is_priority_field"] is False
    candidates = [r[0] for r in warehouse_db.execute("SELECT soc_code FROM niw_candidates").fetchall()]
    assert "41-2031" not in candidates


@pytest.mark.parametrize(
    ("ep_code", "members", "education"),
    [  # education.xlsx, Table 5.4, rows 42, 353, 181 and 248: the typical education BLS assigns each aggregate
        ("13-1020", ["13-1021", "13-1022", "13-1023"], "Bachelor's degree"),
        ("29-2010", ["29-2011", "29-2012"], "Bachelor's degree"),
        ("21-1018", ["21-1011", "21-1014"], "Master's degree"),
        ("25-2052", ["25-2055", "25-2056"], "Bachelor's degree"),
    ],
)
def test_ep_aggregates_reach_their_member_codes(warehouse_db, ep_code, members, education):
    rows = warehouse_db.execute(
        "SELECT soc_code, ep_code, bls_typical_education FROM occupations WHERE ep_code = ? ORDER BY 1", [ep_code]
    ).fetchall()
    assert rows == [(member, ep_code, education) for member in members]


def test_every_civilian_occupation_has_a_bls_assignment(warehouse_db):
    missing = warehouse_db.execute(
        "SELECT soc_code FROM occupations WHERE bls_typical_education IS NULL AND major_group_code <> '55-0000'"
    ).fetchall()
    assert missing == []


def test_national_employment_matches_the_oews_series(warehouse_db):
    # OEUN000000000000000000001 is all occupations, national, cross-industry: 155,495,730 (May 2025).
    total = one(
        warehouse_db,
        "SELECT employment FROM oews_estimates WHERE areatype_code = 'N' AND industry_code = '000000' "
        "AND occupation_code = '00-0000'",
    )
    assert total["employment"] == 155_495_730


def test_unpublished_wages_are_null_with_their_footnote(warehouse_db):
    # Actors are paid by the hour or the gig: BLS publishes no annual wages ('-'), with footnote 4 saying why.
    row = occupation(warehouse_db, "27-2011")
    assert row["employment"] == 55_000  # OEUN000000000000027201101; its annual wage series are '-'
    assert row["annual_median_wage"] is None
    assert row["annual_median_wage_footnote"].startswith(
        "Wages for some occupations that do not generally work year-round"
    )
    missing = warehouse_db.execute(
        "SELECT soc_code FROM occupations WHERE employment IS NOT NULL AND annual_median_wage IS NULL "
        "AND annual_median_wage_footnote IS NULL"
    ).fetchall()
    assert missing == []


def test_anesthesiologists_top_wages_are_published(warehouse_db):
    # oe.data.0.Current: OEUN000000000000029121115 (annual 90th percentile) = 557130, 29121113 (median) = 391490.
    row = occupation(warehouse_db, "29-1211")
    assert row["annual_p90_wage"] == 557_130
    assert row["annual_median_wage"] == 391_490
    assert row["employment"] == 38_760


def test_flags_follow_their_definitions(warehouse_db):
    bad = warehouse_db.execute(
        """
        SELECT soc_code FROM occupations WHERE
            bls_requires_advanced_degree IS DISTINCT FROM
                (bls_typical_education IN ('Master''s degree', 'Doctoral or professional degree'))
            OR onet_majority_advanced_degree IS DISTINCT FROM (onet_advanced_degree_pct >= 50)
            OR job_zone_5 IS DISTINCT FROM (job_zone = 5)
            OR requires_advanced_degree IS DISTINCT FROM coalesce(bls_requires_advanced_degree, onet_majority_advanced_degree)
            OR is_priority_field IS DISTINCT FROM (is_stem OR len(cet_areas) > 0)
            OR advanced_degree_evidence NOT BETWEEN 0 AND 3
        """
    ).fetchall()
    assert bad == []


def test_bls_education_counts_survive_the_soc_mapping(warehouse_db):
    # Table 5.4 assigns Master's to 40 EP codes and Doctoral or professional to 73; aggregates only add members.
    counts = dict(
        warehouse_db.execute(
            "SELECT bls_typical_education, count(DISTINCT ep_code) FROM occupations GROUP BY 1"
        ).fetchall()
    )
    assert counts["Master's degree"] == 40
    assert counts["Doctoral or professional degree"] == 73


def test_niw_candidates_are_ordered_by_evidence_then_employment(warehouse_db):
    rows = warehouse_db.execute("SELECT advanced_degree_evidence, employment FROM niw_candidates").fetchall()
    # This build's sources give 25 candidates (56 before issue 9's STEM basis): 21 typically requiring an advanced
    # degree, 4 by bachelor's + 5 years.
    # A new release of any source, or a changed rule, must show here and be explained.
    assert len(rows) == 25
    split = warehouse_db.execute(
        "SELECT count(*) FILTER (WHERE requires_advanced_degree), "
        "count(*) FILTER (WHERE bachelors_plus_5y AND NOT coalesce(requires_advanced_degree, false)) FROM niw_candidates"
    ).fetchone()
    assert split == (21, 4)
    # the view holds exactly the rows its definition names
    defined = warehouse_db.execute(
        "SELECT count(*) FROM occupations WHERE (requires_advanced_degree OR bachelors_plus_5y) AND is_priority_field"
    ).fetchone()
    assert defined == (25,)
    keys = [(-e, -(m or -1)) for e, m in rows]
    assert keys == sorted(keys)


@pytest.fixture(scope="module")
def published_stem_links():
    """(the NCES crosswalk's CIP-SOC sheet as {soc: {cip}}, every CIP code printed on the DHS STEM list), read here
    straight from the two published files with other means than the warehouse's parsers: a CIP-like number
    anywhere in the PDF's text counts as listed."""
    import fastexcel
    import pypdf

    crosswalk = (
        fastexcel.read_excel(MIRROR / "nces.ed.gov/ipeds/cipcode/Files/CIP2020_SOC2018_Crosswalk.xlsx")
        .load_sheet_by_name("CIP-SOC")
        .to_polars()
    )
    links: dict[str, set[str]] = {}
    for cip, soc in crosswalk.select("CIP2020Code", "SOC2018Code").iter_rows():
        links.setdefault(soc, set()).add(cip)
    pdf = pypdf.PdfReader(MIRROR / "www.ice.gov/doclib/sevis/pdf/stemList2024.pdf")
    listed = set(re.findall(r"\b\d{2}\.\d{4}\b", "\n".join(page.extract_text() for page in pdf.pages)))
    assert len(listed) == 540  # the July 2024 list's codes
    return links, listed


@pytest.mark.parametrize(
    ("code", "stem", "linked"),
    [  # Data Scientists lose only 30.7099 Data Science, Other; Software Developers 11.0204, 11.0205 and 30.1601
        ("15-2051", 34, 35),
        ("15-1221", 14, 15),
        ("15-1252", 17, 20),
        ("17-2141", 3, 3),
        ("11-9121", 141, 149),
    ],
)
def test_stem_share_is_the_share_of_linked_programs_on_the_dhs_list(
    warehouse_db, published_stem_links, code, stem, linked
):
    links, listed = published_stem_links
    programs = links[code]
    on_list = sorted(programs & listed)
    assert (len(on_list), len(programs)) == (stem, linked)
    row = occupation(warehouse_db, code)
    assert row["is_stem"] is True
    assert row["stem_cip_codes"] == on_list
    assert row["linked_cip_count"] == linked
    assert row["stem_cip_share"] == pytest.approx(stem / linked, abs=0.0005)  # the view rounds to 3 places


def test_source_releases_records_every_file(warehouse_db):
    rows = warehouse_db.execute("SELECT source, file, release, sha256, rows_loaded FROM source_releases").fetchall()
    by_file = {r[1]: r for r in rows}
    assert by_file["oe.data.0.Current"][2] == "2025A01"
    assert by_file["oe.data.0.Current"][4] == 16_560
    assert by_file["Job Zones.txt"][2] == "30.1"
    assert by_file["Job Zones.txt"][3] == "7b13748f1d880dbbc6bd2a5f91bd457492f82c3f3bf9bd64909e73f600cd5fba"
    assert by_file["stemList2024.pdf"][2] == "2024-07-22"
    assert {r[0] for r in rows} == {"soc", "onet", "oews", "ep", "cip", "stem"}


def test_group_codes_come_from_the_structure_not_the_digits(warehouse_db):
    # 15-1200 is a minor group that does not end in 000; 29-1229 sits in broad group 29-1210 (Physicians).
    rows = dict(
        (r[0], r[1:])
        for r in warehouse_db.execute(
            "SELECT soc_code, minor_code, broad_code FROM core.soc_hierarchy WHERE soc_code IN ('15-1252', '29-1229')"
        ).fetchall()
    )
    assert rows == {"15-1252": ("15-1200", "15-1250"), "29-1229": ("29-1000", "29-1210")}


def test_advanced_degree_share_is_a_percentage(warehouse_db):
    low, high = warehouse_db.execute(
        "SELECT min(onet_advanced_degree_pct), max(onet_advanced_degree_pct) FROM occupations"
    ).fetchone()
    assert low == 0 and high == 100  # 19-2011 Astronomers: every respondent needs a master's or more

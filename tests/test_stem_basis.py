"""STEM in the two senses a petition uses it: BLS's STEM occupation list (bridged from 2010 SOC) and the degree
programs on the DHS list; and the OEWS aggregates whose figures their members show. Against the real files."""

from __future__ import annotations

import csv
from dataclasses import replace

import polars as pl
import pytest

from tests.conftest import SHARED_DATA
from transforms.core.oews_aggregates import oews_by_soc
from transforms.errors import SourceFormatError
from warehouse.sources import stem_bridge

REFERENCE = SHARED_DATA / "reference"


@pytest.fixture(scope="module")
def reference() -> stem_bridge.Reference:
    return stem_bridge.read_reference(REFERENCE)


@pytest.fixture(scope="module")
def curated() -> dict[str, dict[str, str]]:
    with stem_bridge.CURATED_CSV.open(newline="", encoding="utf-8") as f:
        return {row["soc_code"]: row for row in csv.DictReader(f)}


def test_curated_file_is_what_the_script_makes_from_the_reference_files(reference) -> None:
    assert stem_bridge.CURATED_CSV.read_text(encoding="utf-8") == stem_bridge.to_csv(stem_bridge.bridge(reference)), (
        "warehouse/curated/stem_occupations.csv is stale: run python -m warehouse.sources.stem_bridge ../shared/data/reference"
    )


def test_reference_is_the_100_code_oes_stem_list(reference) -> None:
    assert len(reference.stem) == 100
    assert reference.stem["15-1132"] == "Software Developers, Applications"
    assert reference.sha256[str(stem_bridge.STEM_XLSX)] == (
        "b7192d6727493a8ed914d7e0c126012232a22101f7bdf69d47872ce6d3777abe"
    )


def test_every_stem_2010_code_reaches_a_kept_2018_code(reference, curated) -> None:
    kept = {code for code, row in curated.items() if row["is_stem_occupation"] == "true"}
    for code in reference.stem:
        reached = {c for c, row in curated.items() if code in row["bls_2010_codes"]}
        assert reached & kept, f"2010 STEM code {code} reaches no kept 2018 code"


def test_bridge_paths_and_resolutions(curated) -> None:
    developers = curated["15-1252"]
    assert developers["is_stem_occupation"] == "true"
    assert "15-1132 → 15-1132.00 → 15-1252.00 → 15-1252" in developers["bridge"]
    assert developers["change"] == "split of 15-1132, 15-1133 and merge of 15-1132, 15-1133"
    assert curated["17-2071"]["change"] == "unchanged"
    # a business occupation reached only through one O*NET specialty of 15-1199 is listed and dropped, with why
    assert curated["13-1082"]["is_stem_occupation"] == "false"
    assert "IT Project Managers" in curated["13-1082"]["note"]
    assert curated["15-1299"]["is_stem_occupation"] == "true"
    assert "43-9011" in curated["15-1299"]["change"]
    for code, row in curated.items():
        assert row["bridge"] and row["note"], code
        if row["change"] != "unchanged":
            assert row["note"] != "same code in 2010 and 2018 SOC", code


def test_an_unreviewed_merge_stops_the_generator(reference) -> None:
    decisions = dict(stem_bridge.DECISIONS)
    del decisions["13-1161"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stem_bridge, "DECISIONS", decisions)
        with pytest.raises(ValueError, match=r"13-1161 Market Research .* non-STEM \['13-1161'\]: add a decision"):
            stem_bridge.bridge(reference)


def test_a_missing_reference_file_is_named(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match=r"reference file missing: .*STEM_Occupations\.xlsx"):
        stem_bridge.read_reference(tmp_path)


def test_a_wrong_crosswalk_header_is_named(reference, tmp_path) -> None:
    for relative in (stem_bridge.STEM_XLSX, stem_bridge.CROSSWALK_2010, stem_bridge.CROSSWALK_2019):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_bytes((REFERENCE / relative).read_bytes())
    (tmp_path / stem_bridge.CROSSWALK_2019).write_text("code,title\n11-1011.00,Chief Executives\n")
    with pytest.raises(ValueError, match=r"2019_to_SOC_Crosswalk.csv: expected the header \['O\*NET-SOC 2019 Code'"):
        stem_bridge.read_reference(tmp_path)
    assert replace(reference, sha256={}).stem == reference.stem


NOT_STEM = {
    "39-7011": "Tour Guides and Escorts",
    "51-4121": "Welders, Cutters, Solderers, and Brazers",
    "13-1071": "Human Resources Specialists",
    "11-1011": "Chief Executives",
    "25-1123": "English Language and Literature Teachers, Postsecondary",
}
STEM = ("15-1252", "17-2071", "19-2012", "25-1021", "15-1221", "17-2141", "19-1042", "25-1054")


def _row(con, code: str) -> dict:
    cursor = con.execute("SELECT * FROM occupations WHERE soc_code = ?", [code])
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


@pytest.mark.parametrize("code", sorted(NOT_STEM))
def test_occupations_a_petition_must_not_call_stem(warehouse_db, code) -> None:
    row = _row(warehouse_db, code)
    assert row["title"] == NOT_STEM[code]
    assert row["is_stem"] is False and row["is_stem_occupation"] is False
    assert row["stem_basis"].startswith("not on BLS's STEM occupation list")
    assert len(row["stem_cip_codes"]) * 2 <= row["linked_cip_count"]  # the programs stay as evidence


@pytest.mark.parametrize("code", STEM)
def test_stem_occupations_stay_stem(warehouse_db, code) -> None:
    row = _row(warehouse_db, code)
    assert row["is_stem"] is True and row["is_stem_occupation"] is True
    assert row["stem_basis"].startswith("on BLS's STEM occupation list")


def test_stem_basis_reads_as_the_rule(warehouse_db) -> None:
    english = _row(warehouse_db, "25-1123")
    assert english["stem_basis"] == (
        "not on BLS's STEM occupation list, and only 1 of 21 linked degree programs is on the DHS STEM list "
        "(not a majority)"
    )
    assert _row(warehouse_db, "15-1252")["stem_basis"].startswith(
        "on BLS's STEM occupation list (2010 SOC 15-1132, 15-1133)"
    )
    geographers = _row(warehouse_db, "19-3092")  # STEM by its programs only: 6 of 10
    assert geographers["is_stem"] is True and geographers["is_stem_occupation"] is False
    assert geographers["stem_basis"].endswith(
        "but 6 of 10 linked degree programs (a majority) are on the DHS STEM list"
    )


def test_is_stem_is_bls_or_a_strict_majority_everywhere(warehouse_db) -> None:
    wrong = warehouse_db.execute(
        """
        SELECT soc_code FROM occupations
        WHERE is_stem IS DISTINCT FROM (is_stem_occupation OR 2 * len(stem_cip_codes) > linked_cip_count)
           OR is_stem_occupation IS DISTINCT FROM soc_code IN (
                SELECT soc_code FROM core.stem_occupations WHERE is_stem_occupation)
        """
    ).fetchall()
    assert wrong == []
    counts = warehouse_db.execute(
        "SELECT count(*) FILTER (WHERE is_stem_occupation), count(*) FILTER (WHERE is_stem) FROM occupations"
    ).fetchone()
    assert counts == (105, 126)


def test_every_niw_candidate_is_stem_or_has_a_cet_area(warehouse_db) -> None:
    rows = warehouse_db.execute("SELECT soc_code, is_stem, cet_areas FROM niw_candidates").fetchall()
    assert rows
    assert [code for code, stem, cet in rows if not stem and not cet] == []


# --- OEWS aggregates -------------------------------------------------------------------------------------------


def test_members_of_an_oews_aggregate_show_its_figures(warehouse_db) -> None:
    aide = _row(warehouse_db, "31-1122")
    assert aide["employment"] == 4_305_810
    assert aide["oews_code"] == "31-1120"
    assert aide["employment_footnote"] == (
        "published for 31-1120 Home Health and Personal Care Aides, which also covers 31-1121"
    )
    teachers = _row(warehouse_db, "25-2056")
    assert teachers["oews_code"] == "25-2052" and teachers["annual_median_wage"] == 65_120
    assert _row(warehouse_db, "15-1221")["oews_code"] == "15-1221"
    assert _row(warehouse_db, "15-1221")["employment_footnote"] is None


def test_only_military_codes_and_legislators_and_fishers_lack_figures(warehouse_db) -> None:
    missing = [
        code for (code,) in warehouse_db.execute("SELECT soc_code FROM occupations WHERE oews_code IS NULL").fetchall()
    ]
    assert [code for code in missing if not code.startswith("55-")] == ["11-1031", "45-3031"]
    assert warehouse_db.execute("SELECT count(*) FROM occupations WHERE oews_code <> soc_code").fetchone() == (28,)


def test_summing_distinct_oews_codes_avoids_the_double_count(warehouse_db) -> None:
    naive, distinct = warehouse_db.execute(
        """
        WITH aides AS (SELECT * FROM occupations WHERE soc_code IN ('31-1121', '31-1122'))
        SELECT sum(employment), (SELECT sum(employment) FROM (SELECT DISTINCT oews_code, employment FROM aides))
        FROM aides
        """
    ).fetchone()
    assert naive == 2 * 4_305_810
    assert distinct == 4_305_810


def _estimates(codes: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "areatype_code": "N",
            "industry_code": "000000",
            "soc_code": codes,
            "occupation_title": [f"title {c}" for c in codes],
        }
    )


def _hierarchy() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "soc_code": ["21-1010", "21-1011", "21-1014", "21-1015"],
            "level": ["broad", "detailed", "detailed", "detailed"],
            "broad_code": ["21-1010", "21-1010", "21-1010", "21-1010"],
        }
    )


def test_an_aggregate_outside_soc_claims_the_unpublished_members_of_its_group() -> None:
    mapped = oews_by_soc(_estimates(["21-1010", "21-1015", "21-1018"]), _hierarchy())
    assert mapped.rows() == [
        ("21-1011", "21-1018", "title 21-1018", True, ["21-1011", "21-1014"]),
        ("21-1014", "21-1018", "title 21-1018", True, ["21-1011", "21-1014"]),
        ("21-1015", "21-1015", "title 21-1015", False, ["21-1015"]),
    ]


def test_a_member_claimed_twice_is_an_error() -> None:
    with pytest.raises(
        SourceFormatError,
        match=r"SOC codes claimed by two OEWS aggregates: 21-1011 by 21-1017 and 21-1018, 21-1014 by 21-1017 and 21-1018$",
    ):
        oews_by_soc(_estimates(["21-1015", "21-1017", "21-1018"]), _hierarchy())

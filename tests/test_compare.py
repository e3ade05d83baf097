"""`socwh compare` and `socwh related`: candidates side by side, and O*NET's related occupations, on real data."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import duckdb
import pytest
from typer.testing import CliRunner

from tests.conftest import flat, mirror_bytes, sha256
from warehouse.cli.app import app
from warehouse.products import compare as comparing
from warehouse.products import queries

INJECTION = "15-1221'; DROP TABLE occupations; --"
ONET = "www.onetcenter.org/dl_files/database/db_30_1_text/"


def run(settings, *args: str):
    return CliRunner().invoke(app, [*map(str, args), "--db", str(settings.db_path)], env={"COLUMNS": "200"})


def occupation(con, code: str) -> dict:
    return queries.occupation(con, code)


def onet_related_soc_codes(onet_code: str) -> list[str]:
    """O*NET 30.1's Related Occupations.txt for one O*NET code, rolled up to SOC codes: each once, at its first
    (closest) appearance, the code's own SOC code left out. Read here, apart from the code under test."""
    text = mirror_bytes(ONET + "Related Occupations.txt").decode()
    rows = [line.split("\t") for line in text.splitlines()[1:]]
    found: list[str] = []
    for row in sorted((r for r in rows if r[0] == onet_code), key=lambda r: int(r[3])):  # by O*NET's index
        soc = row[1][:7]
        if soc != onet_code[:7] and soc not in found:
            found.append(soc)
    return found


# --- the comparison --------------------------------------------------------------------------------------------------


def test_compare_gathers_each_codes_evidence_in_the_order_given(warehouse_db):
    comparison = comparing.compare(warehouse_db, ["15-2051", "15-1221", "15-1252"])
    assert comparison["codes"] == ["15-2051", "15-1221", "15-1252"]
    by_code = {o["soc_code"]: o for o in comparison["occupations"]}
    research = by_code["15-1221"]
    assert research["definition"].startswith("Conduct research into fundamental computer and information science")
    assert research["bls_typical_education"] == "Master's degree"
    assert research["bls_work_experience"] == "None"
    assert research["job_zone"] == 5
    assert research["advanced_degree_evidence"] == 3
    assert research["bachelors_plus_5y"] is False
    assert "Artificial Intelligence" in research["cet_areas"]
    assert research["is_stem"] is True and research["linked_cip_count"] == 15
    # O*NET 30.1's published RL distribution of 15-1221.00 (Education, Training, and Experience.txt, rows
    # 4164-4175: element 2.D.1, scale RL, categories 1-12)
    distribution = {d["category"]: d["pct"] for d in research["education_distribution"]}
    assert distribution == {
        1: 0,
        2: 0,
        3: 0,
        4: 8.35,
        5: 0,
        6: 36.22,
        7: 0,
        8: 19.93,
        9: 0,
        10: 2.58,
        11: 28.42,
        12: 4.5,
    }
    advanced = [d["category"] for d in research["education_distribution"] if d["is_advanced"]]
    assert advanced == [8, 9, 10, 11, 12]  # master's or higher
    assert research["onet_advanced_degree_pct"] == pytest.approx(19.93 + 2.58 + 28.42 + 4.50)
    # OEWS May 2025 (oe.data.0.Current): OEUN000000000000015122101 employment, ...04 mean, ...11/13/15 p10/median/p90
    assert research["employment"] == 37_200
    assert research["annual_mean_wage"] == 153_930
    assert research["annual_median_wage"] == 140_300
    # O*NET's related occupations, rolled up to SOC codes, closest first: read from the published file itself
    related = onet_related_soc_codes("15-1221.00")
    assert related[:6] == ["15-2051", "15-2021", "15-1252", "15-1251", "15-2031", "15-1299"]
    assert [r["soc_code"] for r in research["related"]] == related[: comparing.RELATED_IN_COMPARISON]


def test_the_summary_names_the_strongest_candidate_and_the_rule_that_decided(warehouse_db):
    summary = comparing.compare(warehouse_db, ["15-2051", "15-1221", "15-1252"])["summary"]
    assert summary["strongest"] == "15-1221"
    assert summary["order"] == ["15-1221", "15-1252", "15-2051"]
    assert summary["steps"][0]["rule"] == "requires_advanced_degree"
    assert summary["steps"][1]["rule"] == "cet_areas"  # 15-1252: AI and Advanced Computing; 15-2051: AI
    assert summary["text"].startswith(
        "15-1221 Computer and Information Research Scientists has the strongest advanced-degree and "
        "priority-field evidence. What decided it: typically requires an advanced degree: yes for 15-1221, "
        "no for 15-1252."
    )
    assert "15-1252 before 15-2051 (more CET areas: " in summary["text"]
    assert "rule" not in summary["text"]  # the reader sees what differed, not the project's rule numbers


@pytest.mark.parametrize(
    ("stronger", "weaker", "number", "rule", "detail"),
    [  # the rules in the order compare applies them
        ("15-1221", "15-2031", 1, "requires_advanced_degree", "yes for 15-1221, no for 15-2031"),
        ("29-1211", "29-1212", 2, "advanced_degree_evidence", "3 of 3 for 29-1211, 2 of 3 for 29-1212"),
        ("11-9121", "19-1029", 3, "bachelors_plus_5y", "yes for 11-9121, no for 19-1029"),
        ("17-2051", "29-1141", 4, "is_priority_field", "yes for 17-2051, no for 29-1141"),
        ("17-2141", "17-2051", 5, "cet_areas", "3 for 17-2141, 0 for 17-2051"),
        ("15-2051", "15-1255", 6, "stem_cip_share", "97% for 15-2051, 77% for 15-1255"),
    ],
)
def test_each_rule_decides_when_the_rules_before_it_tie(warehouse_db, stronger, weaker, number, rule, detail):
    for given in ([stronger, weaker], [weaker, stronger]):  # the order given does not matter
        summary = comparing.compare(warehouse_db, given)["summary"]
        assert summary["strongest"] == stronger
        assert summary["steps"][0]["rule"] == rule
        assert detail in summary["steps"][0]["detail"]
        label = next(r.label for r in comparing.RULES if r.name == rule)
        assert f"What decided it: {label}: {detail}" in summary["text"]
        assert [r.name for r in comparing.RULES][number - 1] == rule  # the order the summary applies them in


def test_a_tie_on_every_rule_names_no_strongest(warehouse_db):
    summary = comparing.compare(warehouse_db, ["29-1242", "29-1243"])["summary"]
    assert summary["strongest"] is None
    assert summary["steps"][0]["rule"] is None
    assert summary["text"].startswith(
        "No single strongest candidate: 29-1242, 29-1243 are tied on every point compared"
    )


def test_unknown_and_malformed_codes_are_all_named(writable_copy):
    """On a connection that could write: the hostile code is named as a bad code, and the file is unchanged."""
    path, before = writable_copy
    with duckdb.connect(str(path)) as con:  # read-write
        with pytest.raises(queries.UnknownCode) as raised:
            comparing.compare(con, ["15-1221", "99-9999", "15-12", INJECTION])
        message = str(raised.value)
        assert "no 2018 SOC detailed occupation 99-9999" in message
        assert "'15-12' is not a 2018 SOC detailed code" in message
        assert f"{INJECTION!r} is not a 2018 SOC detailed code" in message
        problems = message.count("is not a 2018 SOC detailed code") + message.count("no 2018 SOC detailed occupation")
        assert problems == 3  # the three bad codes, not the good one
        for hostile in (INJECTION, "15-1221' OR '1'='1"):
            with pytest.raises(queries.UnknownCode, match="is not a 2018 SOC detailed code"):
                comparing.related(con, hostile)
        assert con.execute("SELECT count(*) FROM occupations").fetchone() == (867,)
    assert sha256(path) == before


def test_compare_needs_two_different_codes(warehouse_db):
    with pytest.raises(comparing.CompareError, match="at least two different SOC codes, got 15-1221, 15-1221"):
        comparing.compare(warehouse_db, ["15-1221", "15-1221"])


# --- rendering ------------------------------------------------------------------------------------------------------


class _Cells(HTMLParser):
    """The text of each table cell, and whether any <script> got through."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.scripts = 0
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._cell = []
        self.scripts += tag == "script"

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(flat("".join(self._cell)))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_every_format_shows_the_figures_and_the_summary(warehouse_db):
    comparison = comparing.compare(warehouse_db, ["15-1221", "15-2051"])
    summary = comparison["summary"]["text"]
    median = f"${occupation(warehouse_db, '15-1221')['annual_median_wage']:,.0f}"

    table = comparing.render(comparison, "table", width=220)
    assert "15-1221" in table and "15-2051" in table
    assert median in table and "Master's degree" in flat(table)
    assert "█" in table  # the education bars
    assert flat(summary) in flat(table)
    assert "\x1b[" not in table  # no colour codes unless asked
    assert "\x1b[" in comparing.render(comparison, "table", color=True)

    md = comparing.render(comparison, "md")
    assert md.splitlines()[2].startswith("| | 15-1221 | 15-2051 |")
    assert "| **Median wage** | " + median in md
    assert "## Summary" in md and summary in md
    assert "`Doctoral Degree" in md  # bars as code spans, one per category

    page = comparing.render(comparison, "html")
    cells = _Cells()
    cells.feed(page)
    assert cells.scripts == 0
    assert "Computer and Information Research Scientists" in cells.cells
    assert median in cells.cells
    assert summary.replace("'", "&#39;") in page

    data = json.loads(comparing.render(comparison, "json"))
    assert data["codes"] == ["15-1221", "15-2051"]
    assert data["summary"]["strongest"] == "15-1221"
    assert data["occupations"][0]["education_distribution"][0]["category"] == 1


def test_html_escapes_what_it_shows(warehouse_db):
    comparison = comparing.compare(warehouse_db, ["15-1221", "15-2051"])
    comparison["occupations"][0]["definition"] = "<script>alert('x')</script> & more"
    page = comparing.render(comparison, "html")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in page


def test_render_rejects_an_unknown_format(warehouse_db):
    comparison = comparing.compare(warehouse_db, ["15-1221", "15-2051"])
    with pytest.raises(ValueError, match="format must be one of table, md, html, json, not 'pdf'"):
        comparing.render(comparison, "pdf")


# --- related occupations ----------------------------------------------------------------------------------------------


def test_related_rolls_onet_links_up_to_soc_codes_closest_first(warehouse_db):
    rows = comparing.related(warehouse_db, "15-2051")
    found = {r["soc_code"]: r for r in rows}
    assert "15-1221" in found  # O*NET: Data Scientists -> Computer and Information Research Scientists
    research = found["15-1221"]
    assert research["relatedness_tier"] == "Primary-Long" and research["related_index"] == 8
    assert research["requires_advanced_degree"] is True
    assert research["advanced_degree_evidence"] == 3
    assert research["is_priority_field"] is True
    assert research["job_zone"] == 5
    assert "15-2051" not in found  # its own O*NET specialties are not "related occupations"
    assert len(found) == len(rows)  # one row per SOC code
    tiers = [comparing.TIERS.index(r["relatedness_tier"]) for r in rows]
    assert [(t, r["related_index"]) for t, r in zip(tiers, rows, strict=True)] == sorted(
        (t, r["related_index"]) for t, r in zip(tiers, rows, strict=True)
    )
    # a related code keeps its best link: Statisticians are index 1 from 15-2051.00
    assert found["15-2041"]["related_index"] == 1 and found["15-2041"]["relatedness_tier"] == "Primary-Short"


def test_a_code_without_onet_data_has_no_related_occupations(warehouse_db):
    assert occupation(warehouse_db, "11-9039")["onet_codes"] in (None, [])
    assert comparing.related(warehouse_db, "11-9039") == []


def test_related_rejects_unknown_codes(warehouse_db):
    with pytest.raises(queries.UnknownCode, match="no 2018 SOC detailed occupation 99-9999"):
        comparing.related(warehouse_db, "99-9999")
    with pytest.raises(queries.UnknownCode, match="is not a 2018 SOC detailed code"):
        comparing.related(warehouse_db, INJECTION)


# --- the commands ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "md", "html", "json"])
def test_cli_compare_in_every_format(built_warehouse, fmt):
    settings, _ = built_warehouse
    result = run(settings, "compare", "15-2051", "15-1221", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "15-1221" in result.stdout and "15-2051" in result.stdout
    assert "has the strongest advanced-degree and priority-field evidence" in flat(result.stdout)


def test_cli_compare_names_bad_codes(built_warehouse):
    settings, _ = built_warehouse
    result = run(settings, "compare", "15-2051", "99-9999", "abc")
    assert result.exit_code == 2
    message = flat(result.output)
    assert "no 2018 SOC detailed occupation 99-9999" in message
    assert "'abc' is not a 2018 SOC detailed code" in message
    assert "Traceback" not in result.output
    one = run(settings, "compare", "15-2051")
    assert one.exit_code == 2
    assert "compare needs at least two different SOC codes, got 15-2051" in flat(one.output)
    bad_format = run(settings, "compare", "15-2051", "15-1221", "--format", "pdf")
    assert bad_format.exit_code == 2
    assert "--format must be one of table, md, html, json, not 'pdf'" in flat(bad_format.output)


def test_cli_related_lists_alternatives_with_their_flags(built_warehouse):
    settings, _ = built_warehouse
    result = run(settings, "related", "15-2051")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "Occupations O*NET relates to 15-2051 Data Scientists" in text
    assert (
        "15-1221 Computer and Information Research Scientists │ among the next 5 (#8) │ advanced degree: yes (3/3)"
        in text
    )
    assert "Primary-" not in text  # O*NET's tier codes are said in words
    as_json = json.loads(run(settings, "related", "15-2051", "--format", "json").stdout)
    assert any(r["soc_code"] == "15-1221" for r in as_json)
    as_csv = run(settings, "related", "15-2051", "--format", "csv").stdout.splitlines()
    assert as_csv[0].startswith("soc_code,title,relatedness_tier,related_index,requires_advanced_degree")
    assert len(as_csv) == len(as_json) + 1


def test_cli_related_says_when_there_are_none_and_rejects_bad_codes(built_warehouse):
    settings, _ = built_warehouse
    none = run(settings, "related", "11-9039")
    assert none.exit_code == 0
    assert "O*NET lists no related occupations for 11-9039 Education Administrators, All Other" in flat(none.stderr)
    bad = run(settings, "related", INJECTION)
    assert bad.exit_code == 2
    assert f"{INJECTION!r} is not a 2018 SOC detailed code" in flat(bad.output)

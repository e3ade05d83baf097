"""`socwh search`: ranking SOC codes by title and duties, on the real warehouse (read-only, as the CLI opens it)."""

from __future__ import annotations

import csv
import json
import re

import pytest
from typer.testing import CliRunner

from bench import search_accuracy
from tests.conftest import flat, mirror_bytes, sha256
from warehouse.cli.app import app
from warehouse.products import search as finder

INJECTIONS = [
    "'; DROP TABLE search.title_documents; --",
    'engineer") OR 1=1 --',
    "$query",
    "?",
    "\\'",
    "Robert'); DELETE FROM occupations;--",
]


def oews_value(series_id: str) -> int:
    """A value of the real OEWS file, read here apart from the code under test."""
    for line in mirror_bytes("download.bls.gov/pub/time.series/oe/oe.data.0.Current").decode().splitlines():
        fields = line.split("\t")
        if fields[0].strip() == series_id:
            return int(fields[3])
    raise AssertionError(f"{series_id} is not in oe.data.0.Current")


def codes(results: list[dict]) -> list[str]:
    return [r["soc_code"] for r in results]


def run(settings, *args: str):
    # a wide terminal, so that table cells are not wrapped mid-phrase
    return CliRunner().invoke(app, [*map(str, args), "--db", str(settings.db_path)], env={"COLUMNS": "200"})


# --- the test set ----------------------------------------------------------------------------------------------------


def assert_real_cases(warehouse_db, rows: list[dict]) -> None:
    """Each query once, each accepted code a 2018 SOC detailed code: what every set of cases must be."""
    assert len({(r["kind"], r["query"]) for r in rows}) == len(rows), "a query is listed twice"
    known = {code for (code,) in warehouse_db.execute("SELECT soc_code FROM occupations").fetchall()}
    for row in rows:
        assert row["accepted"] <= known, f"{row['query']!r} accepts codes that are not 2018 SOC detailed codes"


def test_the_test_set_is_real_queries_with_codes_that_exist(warehouse_db):
    rows = search_accuracy.load_cases()
    assert len(rows) >= 40
    assert {r["kind"] for r in rows} == {"title", "duties"}
    assert sum(r["kind"] == "duties" for r in rows) >= 10
    assert_real_cases(warehouse_db, rows)


@pytest.mark.parametrize("path", sorted((search_accuracy.REPO / "tests" / "search_probes").glob("*.csv")))
def test_each_probe_set_is_queries_with_codes_that_exist_and_no_case_of_the_test_set(warehouse_db, path):
    rows = search_accuracy.load_cases(path)
    assert rows and {r["split"] for r in rows} == {"probe"}
    assert_real_cases(warehouse_db, rows)
    assert not {r["query"] for r in rows} & {r["query"] for r in search_accuracy.load_cases()}


def test_a_batch_answers_each_query_as_it_is_answered_alone(warehouse_db):
    """`search_many` (a roster, the accuracy set) gives each request what `search` gives it alone: every 17th case
    of the set, titles and duty paragraphs, with every field of every result (scores, matches, explanations)."""
    sample = search_accuracy.load_cases()[::17]
    assert {case["kind"] for case in sample} == {"title", "duties"}
    requests = search_accuracy.requests(sample)
    alone = [finder.search(warehouse_db, title=title, duties=duties) for title, duties in requests]
    assert finder.search_many(warehouse_db, requests) == alone
    scored = search_accuracy.evaluate_at_once(warehouse_db, sample)
    assert [case["found"] for case in scored] == [codes(results)[:3] for results in alone]


def test_the_accuracy_bench_asks_duties_with_a_title_given_as_search_would(warehouse_db):
    # `bench/search_accuracy.py --title`: the duties cases alone, each with the title; titles alone are not asked
    sample = search_accuracy.load_cases()[::17]
    titled = search_accuracy.given_title(sample, "Senior Engineer")
    requests = search_accuracy.requests(titled)
    assert len(requests) == sum(case["kind"] == "duties" for case in sample) > 0
    assert all(title == "Senior Engineer" and duties for title, duties in requests)
    scored = search_accuracy.evaluate_at_once(warehouse_db, titled)
    alone = [finder.search(warehouse_db, title=title, duties=duties) for title, duties in requests]
    assert [case["found"] for case in scored] == [codes(results)[:3] for results in alone]


# --- what a result says -------------------------------------------------------------------------------------------------


def test_a_title_result_says_why_it_matched_and_carries_the_occupation_figures(warehouse_db):
    (first, *_) = finder.search(warehouse_db, title="Computer Research Scientist", limit=3)
    assert first["soc_code"] == "15-1221"
    assert first["title"] == "Computer and Information Research Scientists"
    assert first["score"] == 1.0
    (match,) = first["matched"]
    assert match["field"] in {"soc_title", "onet_title", "alternate_title", "reported_title"}
    assert {"computer", "research", "scientist"} <= set(w.lower() for w in match["terms"]), match
    # the figures are the occupations view's
    assert first["job_zone"] == 5
    assert first["bls_typical_education"] == "Master's degree"
    assert first["onet_advanced_degree_pct"] == pytest.approx(55.43, abs=0.01)
    assert first["requires_advanced_degree"] is True
    assert first["advanced_degree_evidence"] == 3
    assert first["is_priority_field"] is True
    # OEWS May 2025, national, all industries (oe.data.0.Current): datatype 01 employment, 13 annual median wage
    assert first["employment"] == oews_value("OEUN000000000000015122101") == 37_200
    assert first["annual_median_wage"] == oews_value("OEUN000000000000015122113") == 140_300


def test_duties_are_explained_by_the_codes_own_task_statements(warehouse_db):
    text = "Conduct research on the causes of infectious diseases and analyze patient data to improve public health."
    results = finder.search(warehouse_db, duties=text, limit=5)
    assert codes(results)[0] in {"19-1041", "19-1042"}
    for result in results:
        assert result["matched"], f"{result['soc_code']} has no matched task"
        for match in result["matched"]:
            assert match["field"] in {"task", "definition", "onet_description"}
            owner = warehouse_db.execute(
                "SELECT count(*) FROM search.duty_documents WHERE soc_code = ? AND text = ?",
                [result["soc_code"], match["text"]],
            ).fetchone()[0]
            assert owner == 1, f"{match['text']!r} is not a duty text of {result['soc_code']}"
            assert match["terms"], f"nothing highlighted in {match['text']!r}"
            assert "the" not in match["terms"]  # a stop word never counts as matched


def test_title_and_duties_together_rank_by_both(warehouse_db):
    title_only = codes(finder.search(warehouse_db, title="Research Scientist", limit=10))
    both = codes(
        finder.search(
            warehouse_db,
            title="Research Scientist",
            duties="Synthesize new chemical compounds and analyze them with spectroscopy and chromatography.",
            limit=3,
        )
    )
    assert "19-2031" in both  # Chemists: the duties decide what kind of research scientist
    assert both != title_only[:3]


def test_a_german_compound_title_is_read_as_its_two_words(warehouse_db):
    # 'Software' is a title word and 'Entwickler' the glossary's German for developer
    assert finder.correct_title(warehouse_db, "Softwareentwickler") == (
        "software developer",
        {"softwareentwickler": "software developer"},
    )
    assert codes(finder.search(warehouse_db, title="Softwareentwickler", limit=1)) == ["15-1252"]
    # a linking 's' between the parts is dropped: 'Sicherheit' + 's' + 'ingenieur'
    assert finder.correct_title(warehouse_db, "Sicherheitsingenieur")[0] == "security engineer"
    # a German field of work is a glossary word too: the title matched nothing before it was
    assert finder.correct_title(warehouse_db, "Entwicklungsingenieur Elektrotechnik")[0] == (
        "development engineer electrical engineering"
    )
    assert codes(finder.search(warehouse_db, title="Entwicklungsingenieur Elektrotechnik", limit=1)) == ["17-2071"]
    # no split into known parts: the word stays as typed, and nothing is matched
    assert finder.correct_title(warehouse_db, "Qwertzuiopasdf") == ("qwertzuiopasdf", {})


def test_misspelt_and_foreign_titles_are_corrected_and_reported(warehouse_db):
    assert finder.correct_title(warehouse_db, "Sofware Enginer") == (
        "software engineer",
        {"sofware": "software", "enginer": "engineer"},
    )
    assert finder.correct_title(warehouse_db, "Ingeniero de software") == (
        "software engineer",
        {"ingeniero": "engineer", "ingeniero de software": "software engineer"},
    )
    assert codes(finder.search(warehouse_db, title="Sofware Enginer", limit=1)) == ["15-1252"]
    # a word an English title uses is never translated, even where it is also Spanish
    assert finder.correct_title(warehouse_db, "Director")[1] == {}


# --- the index, read-only ---------------------------------------------------------------------------------------------


def test_the_published_warehouse_carries_the_index_and_a_read_only_reader_uses_it(built_warehouse):
    import duckdb

    settings, _ = built_warehouse
    con = duckdb.connect(str(settings.db_path), read_only=True)
    try:
        schemas = {s for (s,) in con.execute("SELECT schema_name FROM duckdb_schemas()").fetchall()}
        assert {"fts_search_title_documents", "fts_search_duty_documents", "fts_search_duty_profiles"} <= schemas
        # each index carries its per-(term, document) BM25 contributions, which the search sums
        for schema in ("fts_search_title_documents", "fts_search_duty_documents", "fts_search_duty_profiles"):
            postings, pairs = con.execute(
                f"SELECT (SELECT count(DISTINCT (docid, termid)) FROM {schema}.terms), count(*) FROM {schema}.impacts"
            ).fetchone()
            assert pairs == postings > 0
        finder.load_fts(con)
        assert codes(finder.search(con, title="Data Scientist", limit=1)) == ["15-2051"]
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("CREATE TABLE search.scratch AS SELECT 1")
    finally:
        con.close()


@pytest.mark.parametrize("query", ["software engineer", "Team Leader", "Design and test electric power systems."])
@pytest.mark.parametrize("table", [finder.TITLE_TABLE, finder.DUTY_TABLE, finder.PROFILE_TABLE])
def test_our_bm25_is_duckdbs_match_bm25(warehouse_db, table, query):
    """warehouse.products.search.bm25 reads the index tables directly; it must score exactly as the extension's macro
    (for a query with no function words: see the next test)."""
    finder.load_fts(warehouse_db)
    index = "fts_" + table.replace(".", "_")
    expected = warehouse_db.execute(
        f"""
        SELECT doc_id, score FROM (SELECT doc_id, {index}.match_bm25(doc_id, $q) AS score FROM {table})
        WHERE score IS NOT NULL ORDER BY score DESC, doc_id LIMIT 50
        """,
        {"q": query},
    ).fetchall()
    ours = [(row[0], row[-1]) for row in finder.bm25(warehouse_db, table, query, 50)]
    assert expected, "the macro found nothing: the query should match"
    assert [d for d, _ in ours] == [d for d, _ in expected]
    assert [s for _, s in ours] == pytest.approx([s for _, s in expected], rel=1e-9)


def test_the_querys_stop_words_are_left_out_as_the_documents_are(warehouse_db):
    """The macro stems a query's stop words, and a stop word's stem is indexed wherever another form of it is not a
    stop word: 'in' found 'cave-ins', 'or' 'ore', 'will' 'wills', 'can' 'cans'. Ours scores the query without its
    function words."""
    finder.load_fts(warehouse_db)
    table = finder.DUTY_TABLE
    index = "fts_" + table.replace(".", "_")

    def macro(query: str) -> list[tuple]:
        sql = f"""
            SELECT doc_id, score FROM (SELECT doc_id, {index}.match_bm25(doc_id, $q) AS score FROM {table})
            WHERE score IS NOT NULL ORDER BY score DESC, doc_id LIMIT 50
        """
        return warehouse_db.execute(sql, {"q": query}).fetchall()

    texts = dict(warehouse_db.execute(f"SELECT doc_id, text FROM {table}").fetchall())
    assert any("cave-ins" in texts[d] for d, _ in macro("in")), "the macro finds 'cave-ins' for 'in'"
    for stop_word in ("in", "or", "will", "can"):
        assert finder.bm25(warehouse_db, table, stop_word, 50) == []
    # the index's other stop words are content words whose other forms it holds: 'saw' finds 'sawing', as the macro
    assert [row[0] for row in finder.bm25(warehouse_db, table, "saw", 50)] == [d for d, _ in macro("saw")] != []
    query = "I build data pipelines in Python or Spark and will deploy them"
    ours = [(row[0], row[-1]) for row in finder.bm25(warehouse_db, table, query, 50)]
    expected = macro("I build data pipelines Python Spark deploy")
    assert [d for d, _ in ours] == [d for d, _ in expected]
    assert [s for _, s in ours] == pytest.approx([s for _, s in expected], rel=1e-9)


def test_a_stop_word_is_not_why_a_code_matched(warehouse_db):
    # 'I build data pipelines in Python and Spark.' was 47-3015 Helpers--Pipelayers, Plumbers, Pipefitters, and
    # Steamfitters first, matched on 'Perform rough-ins' [ins]; 'or' matched a geological technician's 'ore'
    stop = finder.stop_words(warehouse_db)
    for duties in ("I build data pipelines in Python and Spark.", "I analyze data or write reports"):
        found = finder.search(warehouse_db, duties=duties, limit=10)
        assert not any(code.startswith("47-") for code in codes(found)[:3]), codes(found)
        terms = {term for result in found for match in result["matched"] for term in match["terms"]}
        assert terms and not terms & (stop | {"ins", "ore"}), terms
    assert finder.search(warehouse_db, duties="in", limit=3) == []


def test_bm25_keeps_the_best_documents_per_code_of_the_codes_asked(warehouse_db):
    rows = finder.bm25(warehouse_db, finder.DUTY_TABLE, "analyze data", 10, codes=["15-2051", "15-2041"], per_code=2)
    assert {row[1] for row in rows} == {"15-2051", "15-2041"}
    assert len(rows) == 4
    assert [row[-1] for row in rows] == sorted((row[-1] for row in rows), reverse=True)


# --- documents ---------------------------------------------------------------------------------------------------------


def test_search_documents_roll_o_net_up_to_soc_and_drop_what_names_other_codes(warehouse_db):
    def one(sql: str, *params):
        return warehouse_db.execute(sql, list(params)).fetchall()

    assert one("SELECT text FROM search.title_documents WHERE soc_code = '17-1011' AND field = 'soc_title'") == [
        ("Architects",)
    ]  # not "..., Except Landscape and Naval": a "landscape architect" query must not land here
    assert one("SELECT text FROM search.title_documents WHERE soc_code = '17-3029' AND field = 'soc_title'") == [
        ("Engineering Technologists and Technicians, All Other",)
    ]
    (definition,) = one("SELECT text FROM search.duty_documents WHERE soc_code = '17-1011' AND field = 'definition'")
    assert definition[0].startswith("Plan and design structures") and "Excludes" not in definition[0]
    # nor the sentences that send some workers to another code: Optometrists' definition names ophthalmologists
    (optometrists,) = one("SELECT text FROM search.duty_documents WHERE soc_code = '29-1041' AND field = 'definition'")
    assert optometrists[0].endswith("May prescribe therapeutic drugs to treat specific eye conditions.")
    assert "phthalmologist" not in optometrists[0]
    # the one left names a code within its own scope
    assert one(
        "SELECT soc_code FROM search.duty_documents WHERE field = 'definition' AND regexp_matches(text, '\\d\\d-\\d{4}')"
    ) == [("53-1044",)]  # 'Includes supervisors of “Flight Attendants” (53-2031).'
    # nor an ', except ...' clause, in SOC's definition and O*NET's description alike: 25-1051's 'except chemistry
    # and physics' ranked it first for a high-school chemistry and physics teacher
    assert one("SELECT count(*) FROM search.duty_documents WHERE regexp_matches(text, '\\bexcept\\b', 'i')") == [(0,)]
    assert one("SELECT DISTINCT text FROM search.duty_documents WHERE soc_code = '25-1051' AND field <> 'task'") == [
        (
            "Teach courses in the physical sciences. Includes both teachers primarily engaged in teaching, and those "
            "who do a combination of teaching and research.",
        )
    ]
    (managers,) = one("SELECT text FROM search.duty_documents WHERE soc_code = '11-1021' AND field = 'definition'")
    assert "too diverse and general in nature to be classified in any one functional area" in managers[0]
    assert one(
        "SELECT count(*) FROM (SELECT soc_code, lower(text) FROM search.title_documents GROUP BY ALL HAVING count(*) > 1)"
    ) == [(0,)]
    # every detailed code is searchable, and only detailed codes
    assert one("SELECT count(DISTINCT soc_code) FROM search.title_documents") == [(867,)]
    assert one("SELECT count(*) FROM search.duty_profiles") == [(867,)]
    assert one("SELECT count(*) FROM search.title_documents t ANTI JOIN occupations USING (soc_code)") == [(0,)]
    # O*NET alternate titles roll up: 15-2051.01 (Business Intelligence Analysts) belongs to 15-2051
    assert one("SELECT DISTINCT soc_code FROM search.title_documents WHERE onet_soc_code = '15-2051.01'") == [
        ("15-2051",)
    ]


def test_the_search_assets_read_what_they_index_and_run_before_publishing():
    from dagster import AssetKey

    from orchestration.assets.search import search_assets
    from orchestration.definitions import build_definitions

    assets = {key: a for a in search_assets() for key in a.keys}
    assert set(assets) == {
        AssetKey(["search", name])
        for name in ("title_documents", "duty_documents", "duty_profiles", "title_terms", "code_vectors")
    }
    deps = {key: {dep for dep in a.asset_deps[key]} for key, a in assets.items()}
    assert deps[AssetKey(["search", "title_documents"])] == {
        AssetKey(["core", "soc_hierarchy"]),
        AssetKey(["core", "onet_occupations"]),
        AssetKey(["raw", "onet_alternate_titles"]),
        AssetKey(["raw", "onet_reported_titles"]),
    }
    assert AssetKey(["raw", "onet_task_statements"]) in deps[AssetKey(["search", "duty_documents"])]
    assert deps[AssetKey(["search", "duty_profiles"])] == {AssetKey(["search", "duty_documents"])}
    assert deps[AssetKey(["search", "code_vectors"])] == {
        AssetKey(["search", "title_documents"]),
        AssetKey(["search", "duty_documents"]),
    }
    views = build_definitions().resolve_assets_def(AssetKey(["main", "views"]))
    assert set(assets) <= set(views.asset_deps[AssetKey(["main", "views"])])


def test_code_vectors_embed_each_distinct_text_once_and_weigh_titles_and_duties_alike():
    import numpy as np
    import polars as pl

    from transforms.core.search import code_vectors

    asked: list[list[str]] = []

    def embed(texts: list[str]) -> np.ndarray:  # a stand-in: (length, 1) per text, not unit length on purpose
        asked.append(texts)
        return np.array([[len(text), 1.0] for text in texts], dtype=np.float32).reshape(-1, 2)

    titles = pl.DataFrame({"soc_code": ["15-2051", "15-1221", "15-2051"], "text": ["ab", "abcd", "ab"]})
    duties = pl.DataFrame({"soc_code": ["15-2051"], "text": ["abc"]})
    vectors = dict(code_vectors(titles, duties, embed=embed).iter_rows())

    assert sorted(asked[0]) == ["ab", "abcd"] and asked[1] == ["abc"]  # "ab" twice in the titles, embedded once

    def unit(vector):
        return np.asarray(vector) / np.linalg.norm(vector)

    # 15-1221: its one title's direction (no duties); 15-2051: its titles' sum and its duties', each unit length
    assert np.allclose(vectors["15-1221"], unit([4, 1]))
    assert np.allclose(vectors["15-2051"], unit(unit([4, 2]) + unit([3, 1])))


# --- the command ---------------------------------------------------------------------------------------------------------


def test_what_every_query_reads_alike_is_kept_for_one_publish_and_each_connection_reads_its_own(writable_copy):
    import os

    import duckdb

    path, _ = writable_copy
    # a connection opened before the publish below, as the API server's SharedReader holds one
    old = duckdb.connect(":memory:")
    old.execute(f"ATTACH '{path}' AS warehouse (READ_ONLY)")
    old.execute("USE warehouse")
    finder.search(old, duties="I supervise the cashiers at a supermarket.")
    kept = finder._kept(old)
    assert {"workers", "vectors"} <= kept.keys() and "41-2011" in kept["workers"]["cashier"]
    assert finder._kept(old) is kept  # the next query reads none of it again
    # a new build is published in its place: a new file, renamed over the old, with its own meta.build
    new = path.with_name("new.duckdb")
    new.write_bytes(path.read_bytes())
    with duckdb.connect(str(new)) as con:
        con.execute(
            "DELETE FROM search.title_documents "
            "WHERE field = 'reported_title' AND soc_code = '41-2011' AND text ILIKE '%cashier%'"
        )
        con.execute("UPDATE meta.build SET published_at = published_at + INTERVAL 1 SECOND")
    os.replace(new, path)
    with duckdb.connect(str(path), read_only=True) as current:
        assert finder._kept(current) == {}
        finder.search(current, duties="I supervise the cashiers at a supermarket.")
        assert "41-2011" not in finder._kept(current)["workers"].get("cashier", ())
        # the connection opened before still reads the old file, and what it keeps is the old file's
        finder.search(old, duties="I supervise the cashiers at a supermarket.")
        assert "41-2011" in finder._kept(old)["workers"]["cashier"]
        assert "41-2011" not in finder._kept(current).get("workers", {}).get("cashier", ())
    old.close()
    with duckdb.connect(":memory:") as con:  # no meta.build: nothing kept
        assert finder._kept(con) is None


def test_cli_table_shows_the_code_the_match_and_the_figures(built_warehouse):
    settings, _ = built_warehouse
    result = run(settings, "search", "Epidemiologist", "--limit", "3")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "19-1041 Epidemiologists" in text
    assert "Epidemiologist" in text and "Job Zone 5" in text and "Master's degree" in text
    assert "advanced degree: yes (3/3)" in text
    assert "low confidence" not in text  # a clear first: Epidemiologists' own title
    tie = run(settings, "search", "Senior Engineer", "--limit", "3")
    assert re.search(r"low confidence: 17-\d{4} [A-Za-z, ]+ scores 9\d% of it", flat(tie.stdout)), flat(tie.stdout)
    # the table adds its advice to a reason that gives none, and no second one to a reason that says what to do
    assert "before choosing" in flat(tie.stdout)
    engineer = flat(run(settings, "search", "Semiconductor Process Engineer", "--limit", "1").stdout)
    assert "low confidence: the title names an engineer" in engineer and "before choosing" not in engineer


def test_cli_json_is_a_list_of_results(built_warehouse):
    settings, _ = built_warehouse
    result = run(
        settings, "search", "Data Scientist", "--duties", "build predictive models", "--format", "json", "--limit", "4"
    )
    assert result.exit_code == 0, result.output
    results = json.loads(result.stdout)
    assert len(results) == 4
    assert results[0]["soc_code"] == "15-2051"
    for item in results:
        assert {"soc_code", "title", "score", "matched", "job_zone", "employment", "annual_median_wage"} <= set(item)
        assert all({"field", "text"} <= set(m) for m in item["matched"])
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


def test_cli_csv_has_a_header_and_one_row_per_result(built_warehouse):
    settings, _ = built_warehouse
    result = run(settings, "search", "Economist", "--format", "csv", "--limit", "5")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert len(rows) == 5
    assert rows[0]["soc_code"] == "19-3011" and rows[0]["rank"] == "1"
    assert "Economist" in rows[0]["matched"]
    assert rows[0]["confidence"] == "high" and {r["confidence"] for r in rows[1:]} == {""}  # the first result's
    assert {r["confidence_why"] for r in rows} == {""}  # only a low confidence has a why


def test_cli_reports_corrections_on_stderr(built_warehouse):
    settings, _ = built_warehouse
    result = run(settings, "search", "Sofware Enginer", "--format", "json", "--limit", "1")
    assert result.exit_code == 0, result.output
    assert "'sofware' as 'software'" in result.stderr
    assert json.loads(result.stdout)[0]["soc_code"] == "15-1252"
    # the title as the search read it, abbreviations spelled out: not 'ml engineer'
    result = run(settings, "search", "Ingeniero ML", "--format", "json", "--limit", "1")
    assert "'ingeniero machine learning' as 'machine learning engineer'" in result.stderr
    explain = json.loads(result.stdout)[0]["explain"]
    assert explain["corrections"]["ingeniero machine learning"] in result.stderr
    assert explain["title_read_as"] == "machine learning engineer"


def test_cli_says_how_the_query_was_read_on_stderr(built_warehouse):
    settings, _ = built_warehouse
    result = run(settings, "search", "--duties", "design deep learning models", "--format", "json", "--limit", "1")
    assert result.exit_code == 0, result.output
    said = flat(result.stderr)
    assert "read as phrases: deep learning" in said
    assert "down-weighted (generic words, ×0.3): design, models" in said
    assert "also looked for: 'deep learning' as 'machine learning artificial intelligence'" in said
    assert json.loads(result.stdout)[0]["explain"]["generic"] == ["design", "models"]  # what the lines say
    assert "read as phrases" not in run(settings, "search", "Economist", "--limit", "1").stderr  # nothing to say


def test_a_query_that_matches_nothing_says_so_and_suggests_broader_terms(built_warehouse):
    settings, _ = built_warehouse
    result = run(settings, "search", "Arkitektoo")
    assert result.exit_code == 1
    message = flat(result.stderr)
    assert "No SOC code matched title 'Arkitektoo'" in message
    assert "Try broader or English words" in message and "architect" in message
    assert "--duties" in message
    assert result.stdout == ""
    as_json = run(settings, "search", "--duties", "zzzxq qqqv", "--format", "json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout) == []
    assert "No SOC code matched duties 'zzzxq qqqv'" in flat(as_json.stderr)
    common = run(settings, "search", "--duties", "the")  # was "none of its words appears in any ... task"
    assert common.exit_code == 1
    assert "No SOC code matched duties 'the': its words are too common to search by (stop words)." in flat(
        common.stderr
    )
    assert "close title words" not in common.stderr  # was 'the, th, lathe'


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search"], "give a job title, a description of duties, or both"),
        (["search", "  ", "--duties", " "], "give a job title, a description of duties, or both"),
        (["search", "nurse", "--limit", "0"], "limit must be between 1 and 100, not 0"),
        (["search", "nurse", "--limit", "101"], "limit must be between 1 and 100, not 101"),
        (["search", "nurse", "--format", "xml"], "--format must be one of table, json, csv, not 'xml'"),
    ],
)
def test_cli_bad_input_is_a_clear_error(built_warehouse, args, message):
    settings, _ = built_warehouse
    result = run(settings, *args)
    assert result.exit_code == 2
    assert message in flat(result.output)
    assert "Traceback" not in result.output


def test_cli_without_a_warehouse_says_so(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = CliRunner().invoke(app, ["search", "nurse", "--db", str(missing)])
    assert result.exit_code == 2
    assert f"no warehouse at {missing}" in flat(result.output)


def test_a_warehouse_without_the_search_index_says_rebuild(tmp_path):
    import duckdb

    old = tmp_path / "old.duckdb"
    duckdb.connect(str(old)).close()
    result = CliRunner().invoke(app, ["search", "nurse", "--db", str(old)])
    assert result.exit_code == 2
    assert "the warehouse has no search index" in flat(result.output)
    assert "rebuild it" in flat(result.output)


@pytest.mark.parametrize("text", INJECTIONS)
def test_user_text_is_only_ever_a_parameter(writable_copy, text):
    """On a connection that could write: the hostile text changes nothing, and is searched as the words it holds."""
    import duckdb

    path, before = writable_copy
    words = re.sub(r"[^\w\s]", " ", text)  # the same text without its SQL punctuation
    with duckdb.connect(str(path)) as con:  # read-write
        for args in ({"title": text}, {"duties": text}, {"title": text, "duties": text}):
            found = codes(finder.search(con, **args))
            plain = codes(finder.search(con, **dict.fromkeys(args, words))) if words.strip() else []
            assert found == plain, args  # 'engineer") OR 1=1 --' finds what 'engineer OR 1 1' finds, not every row
        assert con.execute("SELECT count(*) FROM search.title_documents").fetchone()[0] > 0
    assert sha256(path) == before

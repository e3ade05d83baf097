"""`socwh degree` (a degree program against the DHS STEM list) and the codes people paste, on the real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import SHARED_DATA, flat
from warehouse.cli.app import app
from warehouse.products import codes
from warehouse.products.degree import UnknownProgram, lookup
from warehouse.sources import soc_crosswalk, stem_bridge


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})  # rich tables: no wrapping


@pytest.fixture
def db(built_warehouse) -> Path:
    return built_warehouse[0].db_path


# --- codes ------------------------------------------------------------------------------------------------------


def test_curated_2010_crosswalk_is_what_the_script_makes_from_the_reference_files() -> None:
    rows = soc_crosswalk.retired_codes(stem_bridge.read_reference(SHARED_DATA / "reference"))
    assert soc_crosswalk.CROSSWALK_CSV.read_text(encoding="utf-8") == soc_crosswalk.to_csv(rows), (
        "warehouse/curated/soc_2010_to_2018.csv is stale: run python -m warehouse.sources.soc_crosswalk ../shared/data/reference"
    )
    assert len({r["soc_2010_code"] for r in rows}) == 89


@pytest.mark.parametrize(
    ("pasted", "code", "note"),
    [
        ("15-1221", "15-1221", None),
        ("  15-1221 ", "15-1221", None),
        ("15–1221", "15-1221", None),  # en dash, pasted from Word
        ("15—1221", "15-1221", None),  # em dash
        ("15\u22121221", "15-1221", None),  # minus sign
        ("151221", "15-1221", None),
        ("15-1221.00", "15-1221", "O*NET-SOC 15-1221.00 belongs to 2018 SOC 15-1221"),
        ("15-1299.08", "15-1299", "O*NET-SOC 15-1299.08 belongs to 2018 SOC 15-1299"),
        (
            "15-1111",
            "15-1221",
            "15-1111 is a 2010 SOC code (Computer and Information Research Scientists); O*NET's crosswalk maps it "
            "to 2018 SOC 15-1221",
        ),
        ("15-2041", "15-2041", None),  # valid in 2010 and 2018 SOC: the 2018 occupation
    ],
)
def test_pasted_codes_resolve(pasted, code, note) -> None:
    assert codes.resolve(pasted) == codes.Resolved(code, note)


def test_a_split_2010_code_lists_its_candidates_instead_of_guessing() -> None:
    with pytest.raises(codes.UnknownCode) as error:
        codes.resolve("15-1132")
    assert str(error.value) == (
        "15-1132 is a 2010 SOC code (Software Developers, Applications) that 2018 SOC split into 2 codes: "
        "15-1252 Software Developers; 15-1253 Software Quality Assurance Analysts and Testers. "
        "Choose the one that fits the duties."
    )


@pytest.mark.parametrize("bad", ["", "15-12x1", "15-1221.0", "1-51221", "15-1221; DROP VIEW occupations"])
def test_malformed_codes_are_named(bad) -> None:
    with pytest.raises(codes.UnknownCode, match="is not a 2018 SOC detailed code: expected the form NN-NNNN"):
        codes.resolve(bad)


def test_show_accepts_pasted_codes_and_prints_the_mapping(db) -> None:
    for pasted in ("15-1221.00", "15–1221", "15-1111"):
        result = run("show", pasted, "--db", db)
        assert result.exit_code == 0, result.output
        assert "15-1221 Computer and Information Research Scientists" in flat(result.output)
    shown = flat(run("show", "15-1111", "--db", db).output)
    assert "O*NET's crosswalk maps it to 2018 SOC 15-1221" in shown
    assert "OEWS May 2025, national" in shown and "O*NET 30.1 (December 2025)" in shown  # releases as published
    assert "STEM: on BLS's STEM occupation list (2010 SOC 15-1111)" in shown
    split = run("show", "15-1132", "--db", db)
    assert split.exit_code == 2
    assert "15-1252 Software Developers; 15-1253 Software Quality Assurance Analysts and Testers" in flat(split.output)


def test_compare_evidence_and_related_accept_pasted_codes(db, tmp_path) -> None:
    result = run("compare", "15–1221", "15-2051.00", "--format", "json", "--db", db)
    assert result.exit_code == 0, result.output
    assert '"soc_code": "15-1221"' in result.output and '"soc_code": "15-2051"' in result.output
    out = tmp_path / "sheet.html"
    assert run("evidence", "15-1111", "--out", out, "--db", db).exit_code == 0
    assert "Computer and Information Research Scientists" in out.read_text(encoding="utf-8")
    same = run("compare", "15-1221", "15-1221.00", "--db", db)
    assert same.exit_code == 2 and "compare needs at least two different SOC codes" in flat(same.output)
    related = run("related", "15—1221", "--format", "csv", "--db", db)
    assert related.exit_code == 0, related.output
    assert "15-2051" in related.output


# --- degree -----------------------------------------------------------------------------------------------------


def test_degree_by_code_data_science_is_on_the_dhs_list(warehouse_db) -> None:
    program = lookup(warehouse_db, "30.7001")
    assert (program.cip_code, program.title, program.on_dhs_list) == ("30.7001", "Data Science, General", True)
    assert program.dhs_list_date == "2024-07-22"
    linked = {o["soc_code"]: o for o in program.occupations}
    assert {"15-2051", "15-2041", "15-1221"} <= set(linked)
    assert linked["15-2051"]["is_stem"] is True


def test_degree_by_name_is_fuzzy_matched_and_shows_alternatives(warehouse_db) -> None:
    program = lookup(warehouse_db, "data science")
    assert program.cip_code == "30.7001" and program.matched_from == "data science"
    assert "30.7099" in [code for code, _, _ in program.alternatives]
    assert lookup(warehouse_db, "mechanical engineering").cip_code == "14.1901"
    english = lookup(warehouse_db, "English Literature")
    assert english.cip_code == "23.1404" and english.on_dhs_list is False


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("99.9999", "99.9999 is not a CIP 2020 program code"),
        ("14-0901", "'14-0901' is not a CIP code: expected the form NN.NNNN, e.g. 14.0901"),
        (
            "machine learning",
            "no CIP 2020 program title close to 'machine learning' (closest: 13.0607 Learning Sciences",
        ),
        ("   ", "give a CIP 2020 code (e.g. 30.7001) or a program name"),
    ],
)
def test_degree_errors_name_the_input(warehouse_db, query, message) -> None:
    with pytest.raises(UnknownProgram) as error:
        lookup(warehouse_db, query)
    assert message in str(error.value)


def test_degree_command(db) -> None:
    result = run("degree", "30.7001", "--db", db)
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert "CIP 30.7001 Data Science, General" in text
    assert "is on the DHS STEM Designated Degree Program List (last updated July 22, 2024)" in text
    assert "15-2051" in text
    english = flat(run("degree", "23.1404", "--db", db).output)
    assert "is not on the DHS STEM Designated Degree Program List" in english
    as_json = json.loads(run("degree", "data science", "--format", "json", "--db", db).output)
    assert as_json["cip_code"] == "30.7001" and as_json["on_dhs_list"] is True
    bad = run("degree", "xyzzy quux", "--db", db)
    assert bad.exit_code == 2 and "no CIP 2020 program title close to 'xyzzy quux'" in flat(bad.output)
    assert run("degree", "30.7001", "--format", "xml", "--db", db).exit_code == 2

"""Search relevance for research and AI work (issue 10): phrases as units, generic words down-weighted, jargon
spelled the way O*NET writes it, each answer explained and marked when it is a near tie; and the published
accuracy on the held-out split of tests/search_cases.csv."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from bench import search_accuracy
from transforms.core.search import with_search_text
from warehouse.products import search as finder

REPO = Path(__file__).resolve().parents[1]

DEEP_LEARNING = (
    "design deep learning models for natural language processing, develop novel neural network architectures, "
    "publish research"
)
CONSULTING = "analyze how the company operates, recommend business strategy to executives, build financial models"


def codes(results: list[dict]) -> list[str]:
    return [r["soc_code"] for r in results]


def supervisors_raised(results: list[dict]) -> list[str]:
    """The codes of `results` that the supervisors' rule multiplied."""
    return [r["soc_code"] for r in results if any("supervisors of the workers" in s for s in r["scaled"])]


# --- the issue's own examples ---------------------------------------------------------------------------------------


def test_the_deep_learning_paragraph_puts_an_ai_code_first(warehouse_db):
    # before: 15-1254 Web Developers first, Data Scientists 8th
    assert codes(finder.search(warehouse_db, duties=DEEP_LEARNING))[0] in {"15-1221", "15-2051", "15-1252"}


def test_machine_learning_research_is_not_instructional_coordinators(warehouse_db):
    found = codes(finder.search(warehouse_db, duties="machine learning research", limit=3))
    assert found[0] in {"15-2051", "15-1221"}
    assert "25-9031" not in found  # Instructional Coordinators, matched on "learning" and "research"


def test_machine_learning_engineer_is_not_filled_up_by_learning(warehouse_db):
    found = codes(finder.search(warehouse_db, title="machine learning engineer", limit=10))
    assert set(found[:2]) <= {"15-2051", "15-1221"}
    # Training and Development Managers and Special Education Teachers came in on the word "learning"
    assert not {"11-3131", "25-2051", "25-2052", "25-2057", "25-2058"} & set(found)


def test_ai_researcher_and_phd_student(warehouse_db):
    # was Medical Scientists first; 15-1221 came second on words alone, first with meaning
    assert codes(finder.search(warehouse_db, title="AI Researcher", limit=3))[0] == "15-1221"
    assert "53-3051" not in codes(finder.search(warehouse_db, title="PhD student", limit=3))  # Bus Drivers, School


def test_the_consulting_paragraph_puts_management_analysts_first(warehouse_db):
    # Was second, after 13-2051 Financial and Investment Analysts ("build financial models"). Management Analysts'
    # tasks say "organizational" and "management" where the paragraph says "company" and "executives" (THESAURUS).
    # Still a near tie with 13-2051, but 13-1111 is also the code closest in meaning to the paragraph: 'high'.
    found = finder.search(warehouse_db, duties=CONSULTING, limit=2)
    assert codes(found) == ["13-1111", "13-2051"]
    assert found[1]["score"] >= finder.LOW_CONFIDENCE_RATIO * found[0]["score"]
    assert (found[0]["meaning"], found[0]["confidence"]) == (1.0, "high")
    expanded = found[0]["explain"]["expanded"]
    assert (expanded["company"], expanded["executives"]) == ("organization", "management")


def test_confidence_weighs_the_runner_up_even_when_it_is_not_listed(warehouse_db):
    # was 'high' with limit 1 and 'low' with limit 2: the second code was only looked for among those listed
    listed = finder.search(warehouse_db, title="Senior Engineer", limit=2)
    assert listed[1]["score"] / listed[0]["score"] >= finder.LOW_CONFIDENCE_RATIO
    assert finder.search(warehouse_db, title="Senior Engineer", limit=1)[0]["confidence"] == "low"


def test_a_computer_vision_paragraph_does_not_bring_desktop_publishers(warehouse_db):
    text = "develop computer vision algorithms for object detection in images using convolutional neural networks"
    found = codes(finder.search(warehouse_db, duties=text, limit=3))
    assert "43-9031" not in found


# --- titles: abbreviations spelled out, head nouns, "Head of" ---------------------------------------------------------


def test_a_title_that_spells_out_an_abbreviation_is_matched_in_either_form(warehouse_db):
    assert finder.title_forms("User Experience Designer (UX Designer)") == [
        "User Experience Designer (UX Designer)",
        "User Experience Designer",
        "UX Designer",
    ]
    assert finder.title_forms("Software Developer") == ["Software Developer"]
    # before: 27-1021 Commercial and Industrial Designers, on the word "designer"; O*NET lists "User Experience
    # Designer (UX Designer)" under 15-1255 Web and Digital Interface Designers (and 15-1253)
    found = finder.search(warehouse_db, title="UX Designer", limit=3)
    assert codes(found)[0] == "15-1255"
    assert found[0]["matched"][0]["text"] == "User Experience Designer (UX Designer)"


@pytest.mark.parametrize(
    ("title", "head"),
    [
        ("Semiconductor Process Engineer", "engineer"),
        ("Director of Engineering", "director"),
        ("Nurse, Head", "nurse"),
        ("Software Engineer II", "engineer"),
        ("Data Scientists", "scientist"),
        ("User Experience Designer (UX Designer)", "designer"),
        ("of", None),
    ],
)
def test_the_head_noun_is_the_last_word_before_the_qualifiers(title, head):
    assert finder.head_noun(title) == head


def test_a_principal_scientist_is_a_scientist_not_a_school_principal(warehouse_db):
    # before: 11-9032 Education Administrators, Kindergarten through Secondary (O*NET title "Principal") first
    found = finder.search(warehouse_db, title="Principal Scientist", limit=3)
    assert "11-9032" not in codes(found)
    assert finder.head_noun(found[0]["title"]) == "scientist", found[0]["title"]


def test_head_of_is_read_as_director_of_and_reported(warehouse_db):
    # before: 17-2051 Civil Engineers first; 11-9041 was not in the top 3
    found = finder.search(warehouse_db, title="Head of Engineering", limit=3)
    assert codes(found)[0] == "11-9041"  # Architectural and Engineering Managers
    assert found[0]["explain"]["corrections"] == {"head of": "director of"}
    assert finder.correct_title(warehouse_db, "Head Nurse") == ("head nurse", {})  # only "Head of ..."


@pytest.mark.parametrize(
    ("title", "read", "code"),
    [
        # was 17-2051 Civil Engineers, with 11-9041 Architectural and Engineering Managers not in the top 10
        ("VP of Engineering", "engineering director", "11-9041"),
        ("Vice President, Engineering", "engineering director", "11-9041"),
        ("SVP Software Engineering", "software engineering director", "11-3021"),  # was 15-1252 Software Developers
        # O*NET's own: 'Finance Vice President (Finance VP)' is a title of 11-1011 Chief Executives, 'HR VP (Human
        # Resources Vice President)' of 11-3121 Human Resources Managers ('SVP Human Resources' was 13-1071 HR
        # Specialists)
        ("VP of Finance", "finance vice president", "11-1011"),
        ("SVP Human Resources", "human resources vice president", "11-3121"),
        ("AVP Finance", "finance director", "11-3031"),  # an assistant VP is no executive: Financial Managers
        # as typed: an O*NET title (Executive Secretaries), a job's own title, no function named
        ("VP Assistant", "vp assistant", "43-6011"),
        ("VP Executive Assistant", "vp executive assistant", "43-6011"),
    ],
)
def test_a_vice_president_of_a_function_is_read_as_onet_writes_it(warehouse_db, title, read, code):
    (found,) = finder.search(warehouse_db, title=title, limit=1)
    assert (found["explain"]["title_read_as"], found["soc_code"]) == (read, code)


@pytest.mark.parametrize("title", ["Vice President", "VP of", "VP of the", "VP for"])
def test_a_vice_president_of_no_function_is_read_as_typed(warehouse_db, title):
    assert finder.correct_title(warehouse_db, title) == (" ".join(finder.words(title)), {})


@pytest.mark.parametrize(
    ("title", "english", "code", "reordered"),
    [
        ("Ingeniero Civil", "civil engineer", "17-2051", True),  # was read as 'engineer civil', head noun 'civil'
        ("Científico de datos", "data scientist", "15-2051", True),  # was 'scientist de data', head noun 'data'
        ("Chercheur en intelligence artificielle", "artificial intelligence researcher", "15-1221", True),
        ("Ingegnere del software", "software engineer", "15-1252", True),
        ("Técnico Electricista", "technician electrician", "47-2111", False),  # two jobs side by side: as typed
        ("Director de Tecnología", "technology director", "11-3021", True),  # was 27-2012 Producers and Directors
        ("Ingeniero de Procesos Químicos", "process chemist chemical engineer", "17-2041", True),  # a plural
        ("Profesor Asociado", "associate professor", None, True),  # a rank after the job qualifies it
        ("Ingenieur Maschinenbau", "mechanical engineer", "17-2141", True),  # was 'mechanic mechanical' (a job)
        ("Ingénieur semi-conducteurs", "semiconductor engineer", None, True),  # was 'semi driver engineer'
        ("Chef de Cuisine", "chef de cuisine", "35-1011", False),  # English: no word of it translated
    ],
)
def test_a_foreign_title_is_read_in_english_word_order(warehouse_db, title, english, code, reordered):
    corrected, corrections = finder.correct_title(warehouse_db, title)
    assert corrected == english
    assert (english in corrections.values()) == reordered  # the new order is reported with the words' corrections
    if code is not None:
        assert codes(finder.search(warehouse_db, title=title, limit=3))[0] == code


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("SWE", "15-1252"),  # was nothing: 'swe' is in no title
        ("SDE II", "15-1252"),
        ("MLE", "15-1221"),
        ("Backend Engineer", "15-1254"),  # was 17-2051 Civil Engineers, on 'engineer' alone
        ("Quant", "13-2099"),  # was nothing; O*NET's 'Quantitative Analyst' is a Financial Specialist, All Other
        ("Assoc. Prof. of Mechanical Engineering", "25-1032"),  # was 17-2141: 'prof' read as 'proof'
        ("ML Eng", "15-1221"),  # was read as 'machine learning eng'
        ("Mechanical Engg Lead", "17-2141"),  # was 49-3042 Mobile Heavy Equipment Mechanics: 'engg' read as 'egg'
        ("Cleantech Engineer", "17-2199"),  # was 37-2011 Janitors and Cleaners: read as 'clean tech'
    ],
)
def test_tech_industry_titles_are_read_as_onet_writes_them(warehouse_db, title, code):
    assert codes(finder.search(warehouse_db, title=title, limit=3))[0] == code


def test_mlops_is_machine_learning_devops(warehouse_db):
    # was 17-2051 Civil Engineers, on 'engineer' alone; O*NET's 'DevOps Engineer' is 15-1252's, its 'Machine
    # Learning Engineer' 15-1221's, 15-2051's and 15-1299's: a near tie, marked low
    found = finder.search(warehouse_db, title="MLOps Engineer", limit=3)
    assert set(codes(found)) == {"15-1221", "15-1252", "15-2051"} and found[0]["confidence"] == "low"


def test_a_designed_chip_is_a_circuit_and_any_other_chip_stays_a_chip(warehouse_db):
    # 'Chip Designer' was 27-1021 Commercial and Industrial Designers. O*NET's 'Circuit Designer' is under 17-2072,
    # 17-3012 and 17-3023: the drafters come first, marked low confidence, the engineers in the top 3.
    found = finder.search(warehouse_db, title="Chip Designer", limit=3)
    assert "17-2072" in codes(found) and found[0]["confidence"] == "low"
    assert found[0]["explain"]["title_read_as"] == "circuit designer"
    assert codes(finder.search(warehouse_db, title="Chip Design Engineer", limit=1)) == ["17-2072"]
    assert codes(finder.search(warehouse_db, title="Chip Fryer", limit=1)) == ["51-3093"]  # Food Cooking Machine ...


@pytest.mark.parametrize(
    ("title", "phrase", "english", "code"),
    [
        # was 33-3021 Detectives
        ("Chercheur en intelligence artificielle", "intelligence artificielle", "artificial intelligence", "15-1221"),
        ("KI-Forscher", "ki", "artificial intelligence", "15-1221"),  # was 19-1042 Medical Scientists, on "Forscher"
        # was 17-2011, on 'automatic'
        ("Ingeniero de aprendizaje automático", "aprendizaje automatico", "machine learning", "15-1221"),
        ("Chef de projet", "chef de projet", "project manager", "13-1082"),  # was 35-1011 Chefs and Head Cooks
    ],
)
def test_a_foreign_field_name_is_read_as_one_english_phrase(warehouse_db, title, phrase, english, code):
    found = finder.search(warehouse_db, title=title, limit=3)
    assert codes(found)[0] == code
    assert found[0]["explain"]["corrections"][phrase] == english


@pytest.mark.parametrize(
    ("title", "field", "english", "code", "matched"),
    [
        # before: 51-2011 Aircraft Structure Assemblers first, "doctorado" and "estudiante" read as typed
        ("Estudiante de doctorado", "doctorado", "graduate", "25-9044", "Graduate Student"),
        # before: 11-9013 Farmers, Ranchers, and Other Agricultural Managers, on "jefe" (manager) alone
        ("Enfermería jefe", "enfermeria", "nursing", "11-9111", "Nurse Manager"),
        # before: matched on "engineer" alone ("energie" and "rinnovabili" read as typed)
        ("Ingegnere energie rinnovabili", "rinnovabili", "renewable", "17-2199", "Renewable Energy Engineer"),
        # before: no result ('odontologo' read as typed); 19-4012 Agricultural Technicians, on 'agronomy'
        ("Odontólogo", "odontologo", "dentist", "29-1021", "Dentist"),
        ("Engenheiro Agrônomo", "agronomo", "agronomist", "19-1013", "Agronomist"),
    ],
)
def test_a_research_rank_or_field_in_another_language_is_read_in_english(
    warehouse_db, title, field, english, code, matched
):
    found = finder.search(warehouse_db, title=title, limit=3)
    assert codes(found)[0] == code
    assert found[0]["matched"][0]["text"] == matched
    assert found[0]["explain"]["corrections"][field] == english


# --- meaning: word vectors bundled in the wordllama wheel -------------------------------------------------------------


def test_every_detailed_code_has_one_unit_vector(warehouse_db):
    detailed = warehouse_db.execute("SELECT count(*) FROM core.soc_hierarchy WHERE level = 'detailed'").fetchone()[0]
    count, codes_, shortest, longest = warehouse_db.execute(
        "SELECT count(*), count(DISTINCT soc_code), min(list_norm), max(list_norm) FROM "
        "(SELECT soc_code, sqrt(list_sum(list_transform(vector::FLOAT[], x -> x * x))) AS list_norm "
        "FROM search.code_vectors)"
    ).fetchone()
    assert count == codes_ == detailed
    assert shortest == pytest.approx(1, abs=1e-4) and longest == pytest.approx(1, abs=1e-4)


def test_the_code_closest_in_meaning_to_the_deep_learning_paragraph_is_computer_research(warehouse_db):
    # O*NET's tasks for 15-1221 never say "deep learning" or "neural network"; the word vectors place it closest
    results = finder.search(warehouse_db, duties=DEEP_LEARNING, limit=100)
    closest = max(results, key=lambda r: r["meaning"])
    assert (closest["soc_code"], closest["meaning"]) == ("15-1221", 1.0)
    assert "15-1221" in codes(results[:3])
    assert all(0 <= r["meaning"] <= 1 for r in results)


def test_a_roster_row_says_how_close_in_meaning_its_codes_are(warehouse_db):
    from warehouse.products.roster import _why

    (first,) = finder.search(warehouse_db, title="AI Researcher", limit=1)
    assert f"close in meaning: {first['meaning']:.2f}" in _why(first)


def test_the_word_vectors_load_from_the_installed_wheel_without_a_network(tmp_path):
    """No download at run time: with every socket refused and an empty home (no ~/.cache), the vectors load from
    the package's own files, and the package's loader (which would fetch the tokenizer from Hugging Face) and
    `requests` are never imported."""
    script = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network used")
socket.socket.connect = socket.create_connection = socket.getaddrinfo = refuse
from warehouse.sources.word_vectors import embed
vectors = embed(["deep learning engineer", "bus driver", ""])
print(vectors.shape, round(float(vectors[0] @ vectors[1]), 3) < 0.5, float(abs(vectors[2]).sum()))
print(sorted(m for m in ("wordllama", "wordllama.wordllama", "requests", "huggingface_hub") if m in sys.modules))
"""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["(3, 256) True 0.0", "[]"]
    assert list(tmp_path.iterdir()) == []  # nothing cached


# --- phrases, generic words, explanations ----------------------------------------------------------------------------


def test_documents_carry_one_token_per_phrase():
    frame = with_search_text(pl.DataFrame({"text": ["Train Neural Networks and deep-learning models.", "Drive."]}))
    assert frame["search_text"].to_list() == [
        "Train Neural Networks and deep-learning models. neuralnetworks deeplearning",
        "Drive.",
    ]


def test_a_query_counts_phrases_as_units_and_cuts_generic_words():
    query = finder.Query("Design deep learning models and analyze data")
    assert query.phrases == ["deep learning"]
    assert "deeplearning" in query.text.split()
    assert query.generic == ["analyze", "data", "design", "models"]
    assert {"deep", "learning"} <= set(query.down)  # the phrase carries them
    assert query.expanded == {"deep learning": "machine learning artificial intelligence"}
    assert "machinelearning" in query.text.split() and "artificialintelligence" in query.text.split()


def test_a_numbered_grade_and_a_team_led_are_read_in_onet_words_and_explained(warehouse_db):
    query = finder.Query("I lead the engineering team and teach 7th graders; lead paint crews")
    assert query.expanded == {"7th graders": "middle school", "lead the engineering team": "manage"}
    second_grade = "I teach reading and math to second-grade students and plan the daily lessons."
    (first,) = finder.search(warehouse_db, duties=second_grade, limit=1)
    assert first["soc_code"] == "25-2021"  # Elementary School Teachers (was 25-3011, adult basic education)
    assert first["explain"]["expanded"] == {"second-grade": "elementary school"}


@pytest.mark.parametrize(
    ("duties", "code", "was"),
    [
        # O*NET's 'secondary school'
        ("I teach history to high school students", "25-2031", "25-2023 Career/Technical Education Teachers"),
        # 'sell' and 'sales' share no Porter stem
        ("I travel to sell industrial machinery to factories", "41-4011", "41-3041 Travel Agents"),
    ],
)
def test_a_seller_and_a_high_school_teacher_are_found_in_onet_words(warehouse_db, duties, code, was):
    assert codes(finder.search(warehouse_db, duties=duties, limit=1)) == [code], was


@pytest.mark.parametrize(
    ("title", "field", "scientist", "code", "was"),
    [
        ("Research Fellow in Chemistry", "chemistry", "chemist", "19-2031", "19-3022 Survey Researchers"),
        ("Physics Researcher", "physics", "physicist", "19-2012", "19-1042 Medical Scientists"),
        ("Neuroscience Researcher", "neuroscience", "neuroscientist", "19-1042", "19-1029 Biological Scientists"),
    ],
)
def test_a_field_of_study_in_a_title_looks_for_its_scientist(warehouse_db, title, field, scientist, code, was):
    (first,) = finder.search(warehouse_db, title=title, limit=1)
    assert first["soc_code"] == code, was
    assert first["explain"]["expanded"] == {field: scientist}


def test_a_field_of_study_in_duties_is_not_its_scientist(warehouse_db):
    # 'physics-based' models of turbine blades put 19-2012 Physicists first; a 'medical history' is no historian's
    duties = "I develop physics-based simulation models of turbine blades and review each patient's medical history"
    assert finder.Query(duties).expanded == {}
    (first,) = finder.search(warehouse_db, duties=duties, limit=1)
    assert first["explain"]["expanded"] == {}


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Principal Investigator (Neuroscience)", "19-1042"),  # was 33-9021 Private Detectives, with high confidence
        ("Principal Investigator in Chemistry", "19-2031"),
    ],
)
def test_a_principal_investigator_in_a_science_is_a_research_scientist_not_a_detective(warehouse_db, title, code):
    (first,) = finder.search(warehouse_db, title=title, limit=1)
    assert first["soc_code"] == code
    assert first["explain"]["corrections"]["principal investigator"] == "research scientist"


@pytest.mark.parametrize(
    ("title", "code"),
    [
        # no science named: O*NET's detectives ('Insurance Fraud Investigator'), or no field at all, marked low
        ("Principal Investigator, Insurance Fraud", "13-1031"),
        ("Principal Investigator", "33-9021"),
    ],
)
def test_a_principal_investigator_of_no_science_stays_as_typed(warehouse_db, title, code):
    (first,) = finder.search(warehouse_db, title=title, limit=1)
    assert first["soc_code"] == code and "principal investigator" not in first["explain"]["corrections"]
    assert first["confidence"] == ("low" if title == "Principal Investigator" else "high")


@pytest.mark.parametrize(("title", "code"), [("Reader in Law", "25-1112"), ("Reader in Physics", "25-1054")])
def test_a_british_reader_is_a_university_teacher_and_a_copy_reader_is_not(warehouse_db, title, code):
    # O*NET's 'Reader' is a copy reader's title (27-3041 Editors was first for 'Reader in Law')
    (first,) = finder.search(warehouse_db, title=title, limit=1)
    assert first["soc_code"] == code and first["explain"]["corrections"] == {"reader in": "lecturer in"}
    assert codes(finder.search(warehouse_db, title="Copy Reader", limit=1)) == ["43-9081"]


@pytest.mark.parametrize("title", ["Head of R&D", "Director of R & D"])
def test_r_and_d_is_read_as_research_and_development(warehouse_db, title):
    # the index drops one-letter words: 'Head of R&D' was 27-2012 Producers and Directors
    assert finder.spell_out(title).endswith("research and development")
    (first,) = finder.search(warehouse_db, title=title, limit=1)
    assert first["soc_code"] == "11-9121"
    assert first["matched"][0]["text"] == "Research and Development Director (R and D Director)"


def test_a_postdoc_is_read_as_a_research_scientist_in_its_field_not_a_manager(warehouse_db):
    # O*NET lists 'Postdoctoral Fellow' and 'Postdoctoral Researcher' under 11-9121 Natural Sciences Managers
    (first, *rest) = finder.search(warehouse_db, title="Postdoctoral Scholar in Neuroscience", limit=3)
    assert first["explain"]["title_read_as"] == "research scientist in neuroscience"
    assert first["explain"]["corrections"]["postdoctoral scholar"] == "research scientist"
    assert "11-9121" not in codes([first, *rest]) and first["soc_code"] in {"19-1021", "19-1042", "19-1029"}
    for title in ("Postdoc", "Postdoctoral Fellow", "Postdoctoral Researcher"):  # Postdoc: Astronomers, Postal ...
        bare = finder.search(warehouse_db, title=title, limit=3)
        assert all(code.startswith(("19-", "15-")) for code in codes(bare)), codes(bare)
        assert bare[0]["confidence"] == "low", title  # no field: a near tie of research scientists
    assert codes(finder.search(warehouse_db, title="Post-doc, Chemistry", limit=1)) == ["19-2031"]


@pytest.mark.parametrize(
    ("duties", "was"),
    [
        ("I do physical design and timing closure for VLSI chips before tapeout.", "53-7011 Conveyor Operators"),
        ("I program FPGAs to accelerate signal processing for radar systems.", "53-6041 Traffic Technicians"),
        ("I write RTL in Verilog for an AI accelerator ASIC and verify it in simulation.", ""),
    ],
)
def test_chip_design_jargon_finds_the_hardware_and_electronics_engineers(warehouse_db, duties, was):
    results = finder.search(warehouse_db, duties=duties, limit=3)
    assert {"17-2061", "17-2072"} & set(codes(results)), (codes(results), was)
    assert "integrated circuit electronics hardware" in results[0]["explain"]["expanded"].values()


@pytest.mark.parametrize(
    ("duties", "code", "was"),
    [
        ("I run qPCR and ELISA assays on patient samples and analyze the results.", "29-2011", "31-9097 Phlebotomists"),
        ("I build qubits from superconducting circuits and study their coherence.", "19-2012", "17-3023 Technicians"),
        ("I fine-tune transformer models with PyTorch and deploy them behind an API.", "15-2051", "15-1243"),
        ("I design and test catheter-based medical devices and document design verification.", "17-2031", "17-2061"),
        ("I synthesize new cathode materials for solid-state batteries and characterize them.", "19-2032", "19-4031"),
    ],
)
def test_priority_fields_jargon_is_read_in_onet_words(warehouse_db, duties, code, was):
    (first,) = finder.search(warehouse_db, duties=duties, limit=1)
    assert first["soc_code"] == code, was
    assert first["explain"]["expanded"]  # and says what it also looked for


def test_a_software_engineers_everyday_words_find_software_developers(warehouse_db):
    # O*NET's tasks never say Java, microservices or GitHub: 15-1252 was not in the top 5
    duties = (
        "Design, code and maintain backend microservices in Java and Go for the company's payments platform, write "
        "unit tests, and review pull requests from other team members."
    )
    found = finder.search(warehouse_db, duties=duties, limit=3)
    assert "15-1252" in codes(found)
    assert found[0]["explain"]["expanded"]["microservices"] == "software"


@pytest.mark.parametrize(
    ("duties", "expanded", "was"),
    [
        (
            "I build Android and iOS apps for a telehealth startup and integrate them with our REST APIs.",
            {"Android and iOS apps": "software applications", "REST APIs": "software interfaces"},
            "15-1211 Computer Systems Analysts",
        ),
        (
            "The beneficiary designs public APIs for our cloud platform and writes the services behind them in Go.",
            {"public APIs": "software interfaces"},
            "15-1241 Computer Network Architects",
        ),
        (
            # one app or API beside a software word, and the others of the text are software too
            "I write mobile apps in Flutter, fix the apps' crashes and call partners' APIs.",
            {"mobile apps": "software applications", "apps": "software applications", "APIs": "software interfaces"},
            "written with the rule: no earlier answer",
        ),
    ],
)
def test_apps_and_apis_beside_software_words_are_software(warehouse_db, duties, expanded, was):
    (first,) = finder.search(warehouse_db, duties=duties, limit=1)
    assert first["explain"]["expanded"] == expanded
    assert first["soc_code"] == "15-1252", was


@pytest.mark.parametrize(
    "duties",
    [
        # a drug's API is its active pharmaceutical ingredient, whatever else the text says
        "I scale up the synthesis of APIs for clinical supply, develop crystallization processes and write batch records.",
        "I develop HPLC methods for APIs and optimize the mobile phase and column temperature for impurity profiling.",
        "I scale up the synthesis of APIs for clinical supply under the Code of Federal Regulations.",
        "I formulate APIs into tablets at our plant in Mobile, Alabama.",
        "I design API synthesis routes for oncology drugs.",
        # a petroleum standard, a protein, and a patient's app
        "I inspect welds on storage tanks to API 1104 and API 650 and the ASME code.",
        "I study APP processing in mouse models of Alzheimer's disease and write Python code to analyze images.",
        "I teach patients to log their blood sugar in a phone app and adjust their insulin doses.",
    ],
)
def test_apps_and_apis_with_no_software_word_beside_them_are_read_as_typed(warehouse_db, duties):
    (first,) = finder.search(warehouse_db, duties=duties, limit=1)
    assert first["explain"]["expanded"] == {}
    assert not first["soc_code"].startswith("15-12")


@pytest.mark.parametrize(
    ("duties", "expanded", "was"),
    [
        (
            "I build data pipelines in Python and Spark.",
            {"data pipelines": "ETL data warehouse"},
            "17-2051 Civil Engineers",
        ),
        (
            # every pipeline of the text, once one is software
            "The beneficiary builds ETL pipelines that load sales data into Snowflake and monitors the pipelines.",
            {"ETL pipelines": "ETL data warehouse"},
            "17-2051 Civil Engineers, then two pump operators",
        ),
        (
            "I maintain CI/CD pipelines in Jenkins and automate our cloud infrastructure.",
            {"CI/CD pipelines": "software deployment"},
            "51-8093 Petroleum Pump System Operators, then Civil Engineers and Plumbers",
        ),
        (
            "I build ML pipelines for recommendation models and serve them with low latency.",
            {"machine learning pipelines": "software"},
            "15-2051 Data Scientists, then 17-2051 Civil Engineers",
        ),
    ],
)
def test_pipelines_beside_data_or_software_words_carry_data(warehouse_db, duties, expanded, was):
    found = finder.search(warehouse_db, duties=duties, limit=3)
    assert found[0]["explain"]["expanded"] == expanded
    assert codes(found)[0].startswith("15-"), (codes(found), was)
    assert not any(code.startswith(("47-", "17-2051")) for code in codes(found)), codes(found)
    assert not any("pipeline" in term for result in found for m in result["matched"] for term in m["terms"])
    # read in place of the pipelines, not beside them; the wording's words are what the matched texts show
    key, wording = next(iter(expanded.items()))
    assert f"read in O*NET's words, not as typed: {key!r} as {wording!r}" in finder.reading(found[0]["explain"])
    shown = {term for result in found for m in result["matched"] for term in m["terms"]}
    assert shown & set(finder.words(wording)), shown


@pytest.mark.parametrize(
    "duties",
    [
        "I build pipelines across Texas and weld the joints.",
        # a word beside them that is data, then another trade's: 'data and gas pipelines' are gas pipelines
        "I analyze inline inspection data and oil pipelines to plan repairs of corroded pipe segments.",
        "I model pipeline stress and design oil and gas pipelines.",
        "We run a training pipeline for new nurses.",
    ],
)
def test_other_pipelines_are_read_as_typed(warehouse_db, duties):
    assert finder.in_place(duties) == duties
    (first,) = finder.search(warehouse_db, duties=duties, limit=1)
    assert first["explain"]["expanded"] == {}
    assert not first["soc_code"].startswith("15-")


def test_a_back_end_of_software_is_software(warehouse_db):
    # was 15-1255 Web and Digital Interface Designers, marked high: 'back end' matched 'end users' and the designers'
    # 'front-end or back-end developers'
    (first,) = finder.search(
        warehouse_db, title="Software Engineer", duties="Design, develop and test backend services in Go", limit=1
    )
    assert (first["soc_code"], first["explain"]["expanded"]) == ("15-1252", {"back end": "software"})
    # the job's own name stays O*NET's title (15-1254 Web Developers), and a loader's front end a loader's
    (title,) = finder.search(warehouse_db, title="Back End Developer", limit=1)
    assert (title["soc_code"], title["explain"]["expanded"]) == ("15-1254", {})
    loader = "I operate a front end loader and a backhoe."
    assert finder.in_place(loader) == loader
    (first,) = finder.search(warehouse_db, duties=loader, limit=1)
    assert first["explain"]["expanded"] == {} and first["soc_code"].startswith("47-")


@pytest.mark.parametrize(
    ("duties", "read", "gone", "depth"),
    [
        # was 53-7064 Packers and Packagers, Hand, first and marked high, 51-9111 Packaging Machine Operators second
        (
            "I package our software into Docker containers and deploy them to Kubernetes clusters.",
            {"containers": "software"},
            "53-7064",
            3,
        ),
        # 13-1151 Training and Development Specialists was third, and tenth
        ("I train and evaluate machine-learning models.", {"train": "machine learning"}, "13-1151", 10),
        (
            "I train and evaluate machine learning models for fraud detection.",
            {"train": "machine learning"},
            "13-1151",
            10,
        ),
        (
            "Conduct original research on training methods for large language models, develop new algorithms.",
            {"training": "machine learning"},
            "13-1151",
            10,
        ),
    ],
)
def test_software_containers_and_model_training_are_read_as_such(warehouse_db, duties, read, gone, depth):
    found = finder.search(warehouse_db, duties=duties, limit=depth)
    assert read.items() <= found[0]["explain"]["expanded"].items()
    assert gone not in codes(found), codes(found)


@pytest.mark.parametrize(
    "duties",
    [
        "As a docker, I load containers onto ships.",  # a dock worker's containers
        "I am a docker: I unload docker containers from the ships.",  # lower case: no Docker's
        "I train new employees and evaluate their models of customer service.",  # no machine learning
        "I fill containers with chemicals and label them.",
        "I lash and unlash containers on containerized vessels.",  # a longshoreman's containerizing
        "I train sales agents on our AI-powered CRM and pricing models.",  # the agents are trained
        "I train staff on the machine learning models we deploy.",
    ],
)
def test_other_containers_and_training_are_read_as_typed(warehouse_db, duties):
    assert finder.in_place(duties) == duties
    (first,) = finder.search(warehouse_db, duties=duties, limit=1)
    assert first["explain"]["expanded"] == {}


def test_only_what_is_read_in_place_is_said_to_be(warehouse_db):
    duties = "I lead the training team and deploy to Kubernetes."
    explain = finder.search(warehouse_db, duties=duties, limit=1)[0]["explain"]
    assert (
        finder.reading(explain)[-1]
        == "also looked for: 'kubernetes' as 'software'; 'lead the training team' as 'manage'"
    )
    assert explain["read_in_place"] == []
    # and what is, is said apart
    explain = finder.search(warehouse_db, duties="I build data pipelines and deploy to Kubernetes.", limit=1)[0][
        "explain"
    ]
    assert explain["read_in_place"] == ["data pipelines"]
    assert finder.reading(explain)[-2:] == [
        "also looked for: 'kubernetes' as 'software'",
        "read in O*NET's words, not as typed: 'data pipelines' as 'ETL data warehouse'",
    ]


def test_a_teacher_at_a_school_below_college_is_no_postsecondary_teacher(warehouse_db):
    # was 25-1051 Atmospheric, Earth, Marine, and Space Sciences Teachers, Postsecondary (its definition's 'except
    # chemistry and physics'), then 25-1052 Chemistry Teachers, Postsecondary, marked high
    duties_high_school = "I teach high school chemistry and physics and run the science lab."
    found = finder.search(warehouse_db, duties=duties_high_school)
    assert codes(found)[0] == "25-2031"  # Secondary School Teachers, Except Special and Career/Technical Education
    (chemistry,) = [
        r for r in finder.search(warehouse_db, duties=duties_high_school, limit=20) if r["soc_code"] == "25-1052"
    ]
    assert chemistry["scaled"] == [
        "×0.8: a postsecondary teachers' code, for a text that teaches at a school (high school)"
    ]
    # a title says the school too; a professor who mentors high-school students teaches at a university
    (first,) = finder.search(
        warehouse_db,
        title="High School Chemistry Teacher",
        duties="I prepare students for the AP Chemistry exam.",
        limit=1,
    )
    assert first["soc_code"] == "25-2031"
    professor = finder.search(
        warehouse_db, duties="I teach undergraduate chemistry courses and mentor high school students.", limit=10
    )
    assert "25-1052" in codes(professor)[:3]
    assert not any("at a school" in s for r in professor if r["soc_code"] == "25-1052" for s in r["scaled"])


@pytest.mark.parametrize(
    "duties",
    [
        "I teach chemistry courses at a post-secondary school and run the lab.",  # its 'secondary school'
        "I teach nursing courses to students who hold a high school diploma.",  # a diploma, not the school taught at
        "I teach chemistry at a community college and tutor high school students.",
        "I direct admissions at a technical institute and recruit high school seniors.",  # no teacher's code
    ],
)
def test_a_text_that_teaches_at_a_college_or_names_a_school_it_does_not_teach_at_scales_no_postsecondary_code(
    warehouse_db, duties
):
    found = finder.search(warehouse_db, duties=duties, limit=10)
    assert not any("for a text that teaches at a school" in why for r in found for why in r["scaled"]), found[0][
        "soc_code"
    ]


def test_a_college_the_students_are_prepared_for_is_not_where_the_teaching_is(warehouse_db):
    duties = "I teach high school chemistry and physics and prepare students for college."
    assert finder.search(warehouse_db, duties=duties, limit=1)[0]["soc_code"] == "25-2031"


def test_a_pilot_plant_is_a_phrase_not_a_pilot(warehouse_db):
    # 'pilot' alone put 53-2011 Airline Pilots first; O*NET's chemical engineers test processes in pilot plants
    found = finder.search(
        warehouse_db, duties="I model carbon capture processes and design pilot plants for direct air capture.", limit=3
    )
    assert codes(found)[0] == "17-2041"
    assert "pilot plants" in found[0]["explain"]["phrases"]


@pytest.mark.parametrize(
    ("duties", "code"),
    [
        # 'analog' (and 'ADC', 'RTL') looked for integrated circuits: 17-3023 Electronic Engineering Technicians first
        ("I design and synthesize a peptide analog of GLP-1 and characterize its purity by HPLC and mass spectrometry.", "19-1021"),
        # 'PCR' looked for molecular biology: the EMTs left the top 3
        ("I respond to 911 calls, assess and stabilize patients, transport them to the hospital, and document each call "
         "in an electronic PCR.", "29-2042"),
    ],
)  # fmt: skip
def test_words_with_an_everyday_meaning_are_not_read_as_jargon(warehouse_db, duties, code):
    results = finder.search(warehouse_db, duties=duties, limit=3)
    assert code in codes(results) and results[0]["explain"]["expanded"] == {}


def test_generic_words_weigh_less_than_their_bm25_due(warehouse_db):
    finder.load_fts(warehouse_db)
    full = dict((r[0], r[-1]) for r in finder.bm25(warehouse_db, finder.TITLE_TABLE, "learning", 5))
    cut = dict(
        (r[0], r[-1])
        for r in finder.bm25(warehouse_db, finder.TITLE_TABLE, "learning", 5, down=["learning"], down_weight=0.3)
    )
    assert full.keys() == cut.keys()
    assert all(cut[d] == pytest.approx(0.3 * full[d]) for d in full)


def test_abbreviations_are_spelled_out():
    assert finder.spell_out("AI Researcher, NLP and ML") == (
        "artificial intelligence Researcher, natural language processing and machine learning"
    )
    assert finder.spell_out("Aide") == "Aide"


def test_each_result_says_which_phrases_matched_which_title_and_what_was_down_weighted(warehouse_db):
    (first,) = finder.search(warehouse_db, title="Machine Learning Engineer", limit=1)
    assert first["explain"]["phrases"] == ["machine learning"]
    (match,) = first["matched"]
    assert "Machine Learning" in match["text"]
    assert match["phrases"] == ["machine learning"]
    results = finder.search(warehouse_db, duties=DEEP_LEARNING, limit=3)
    explain = results[0]["explain"]
    assert explain["phrases"] == ["deep learning", "natural language processing", "neural network"]
    assert explain["generic"] == ["design", "develop", "models", "research"]
    assert explain["expanded"]["neural network"] == "machine learning artificial intelligence"


def test_a_near_tie_is_marked_low_confidence(warehouse_db):
    clear = finder.search(warehouse_db, title="Epidemiologist", limit=3)
    assert clear[0]["confidence"] == "high" and clear[1]["score"] < finder.LOW_CONFIDENCE_RATIO
    tie = finder.search(warehouse_db, title="Research Scientist", limit=3)
    assert tie[0]["confidence"] == "low"
    assert tie[1]["score"] >= finder.LOW_CONFIDENCE_RATIO * tie[0]["score"]
    assert all(r["confidence"] is None for r in tie[1:])
    ratio = tie[1]["score"] / tie[0]["score"]
    assert tie[0]["confidence_why"] == f"{tie[1]['soc_code']} {tie[1]['title']} scores {ratio:.0%} of it"
    assert clear[0]["confidence_why"] is None


def test_duties_whose_first_code_is_not_the_closest_in_meaning_are_low_confidence(warehouse_db):
    found = finder.search(warehouse_db, duties=DEEP_LEARNING, limit=3)
    assert codes(found)[:2] == ["15-2051", "15-1221"] and found[0]["meaning"] < found[1]["meaning"] == 1.0
    assert (found[0]["confidence"], found[0]["confidence_why"]) == (
        "low",
        "15-1221 Computer and Information Research Scientists is closer in meaning to the duties than the first code "
        f"(1.00 against {found[0]['meaning']:.2f}); read both codes' tasks",
    )
    # an 'All Other' code closer in meaning does not count: the ranking scales those down ('specimens': with 'samples'
    # the clinical laboratory rule scales 29-2011, and 19-1029 comes first)
    first, other = finder.search(warehouse_db, duties="I extract DNA from tissue specimens and sequence it", limit=2)
    assert (other["soc_code"], other["title"], other["meaning"]) == ("19-1029", "Biological Scientists, All Other", 1.0)
    assert first["meaning"] < finder.MEANING_AGREEMENT and first["confidence"] == "high"


def test_a_code_closer_in_meaning_counts_only_where_the_ranking_has_it_near_the_top(warehouse_db):
    # was low because "47-2151 Pipelayers is closer in meaning to the duties" (word vectors read 'pipelines'), a code
    # the ranking put 48th: the advice to read a pipelayer's tasks misleads (the vectors' closest is now another
    # trade's, as far down)
    duties = (
        "I design and train deep neural network models for medical image segmentation using PyTorch, and deploy them "
        "to production pipelines on Kubernetes."
    )
    found = finder.search(warehouse_db, duties=duties, limit=finder.MAX_LIMIT)
    nearest = max(range(len(found)), key=lambda rank: found[rank]["meaning"])  # the word vectors' closest code
    assert found[nearest]["meaning"] == 1.0 > found[0]["meaning"] / finder.MEANING_AGREEMENT
    assert nearest >= finder.MEANING_RIVAL_DEPTH and found[nearest]["soc_code"].startswith(("47-", "51-"))
    assert found[0]["confidence"] == "high"


@pytest.mark.parametrize(
    ("duties", "code", "rival", "rival_zone", "work"),
    [
        ("I design solar photovoltaic arrays for commercial rooftops and model their energy output.", "47-2231", "17-2199", 5, "design, model"),
        ("I design wind turbine towers and model their structural loads.", "49-9081", "17-2199", 5, "design, model"),
    ],
)  # fmt: skip
def test_professional_duties_whose_first_code_needs_less_preparation_are_low_confidence(
    warehouse_db, duties, code, rival, rival_zone, work
):
    # an installer's code first for a designer's duties was marked high: the words name the equipment
    first, second = finder.search(warehouse_db, duties=duties, limit=2)
    zone = re.match(rf"×{finder.PREPARATION_FACTOR:g}: Job Zone ([123]), for duties that name", first["scaled"][0])
    assert first["soc_code"] == code and zone, first["scaled"]
    assert second["soc_code"] == rival and second["score"] >= finder.UNDERPREPARED_RATIO * first["score"]
    assert (first["confidence"], first["confidence_why"]) == (
        "low",
        f"{rival} {second['title']} (Job Zone {rival_zone}) scores {second['score'] / first['score']:.0%} of it: the "
        f"duties name professional work ({work}), and O*NET places the first code's occupation in Job Zone "
        f"{zone[1]}",
    )


def test_developing_is_professional_work_but_for_plans_and_lessons(warehouse_db):
    assert finder._professional_work(
        "I developed a plasma etch recipe. I develop and implement lesson plans, develop care plans, develop curricula "
        "and develop new recipes for adults with developmental disabilities at a child development center."
    ) == ["developed"]
    # 51-9141 Semiconductor Processing Technicians first was 'high'; it is scaled for the developing, and is second
    # behind an engineer (17-2031 Bioengineers: not the process engineer the paragraph is, so 'low')
    etch = (
        "I developed a high-aspect-ratio plasma etch recipe for 3D NAND channel holes, tuning RF bias power, chamber "
        "pressure and the C4F8/O2 ratio to eliminate bowing and twisting, which raised line yield by four percent."
    )
    first, second = finder.search(warehouse_db, duties=etch, limit=2)
    assert first["soc_code"].startswith("17-2") and first["confidence"] == "low"
    assert second["soc_code"] == "51-9141" and second["scaled"] == [
        f"×{finder.PREPARATION_FACTOR:g}: Job Zone {second['job_zone']}, for duties that name professional work "
        "(developed)"
    ]
    # a software probe paragraph: 15-1252 Software Developers was 3rd, behind 19-4031 Chemical Technicians
    desktop = (
        "Develop and maintain a Windows desktop application in C# and .NET for laboratory instrument control, gather "
        "requirements from scientists, write technical specifications, and release updates through the company's "
        "installer pipeline."
    )
    assert codes(finder.search(warehouse_db, duties=desktop, limit=1)) == ["15-1252"]
    # preschool teachers' lesson plans are no professional work of this kind: nothing scaled for Job Zone
    found = finder.search(warehouse_db, duties="I develop lesson plans for preschool children.", limit=3)
    assert codes(found)[0] == "25-2011" and not any("Job Zone" in s for r in found for s in r["scaled"])


def test_a_stated_trade_title_keeps_the_first_code_scaled_for_its_preparation_high(warehouse_db):
    (first,) = finder.search(
        warehouse_db, duties="I am a hairdresser. I design haircuts and color treatments for my clients.", limit=1
    )
    assert first["soc_code"] == "39-5012" and first["scaled"] and first["confidence"] == "high"
    assert first["explain"]["title_stated"] == "hairdresser"


@pytest.mark.parametrize("title", ["!!!", "???", "12345"])
def test_a_title_with_no_word_to_read_leaves_the_duties_to_decide_alone(warehouse_db, title):
    # it once halved every score and put the duties under the title's near-tie rule: 'high' where the duties
    # alone are 'low'
    alone = finder.search(warehouse_db, duties=DEEP_LEARNING, limit=3)
    found = finder.search(warehouse_db, title=title, duties=DEEP_LEARNING, limit=3)
    keys = ("soc_code", "score", "confidence", "confidence_why")
    assert [[r[k] for k in keys] for r in found] == [[r[k] for k in keys] for r in alone]
    assert alone[0]["confidence"] == "low"


def test_a_title_onet_lists_under_a_code_named_for_another_job_is_low_confidence(warehouse_db):
    # O*NET lists 'Semiconductor Engineer' under Semiconductor Processing Technicians, which comes first, and under
    # 17-2199 Engineers, All Other (scored down as an 'All Other' code, to 89% of the first): was 'high'
    found = finder.search(warehouse_db, title="Semiconductor Engineer", limit=1)
    assert (found[0]["soc_code"], found[0]["confidence"]) == ("51-9141", "low")
    assert (
        found[0]["confidence_why"]
        == "O*NET lists the title 'Semiconductor Engineer' under 17-2199 Engineers, All Other too"
    )
    # a title under several codes whose first code's name is the same job stays 'high' ('Biomedical Engineer' is
    # under 17-2199 too)
    assert finder.search(warehouse_db, title="Biomedical Engineer", limit=1)[0]["confidence"] == "high"


@pytest.mark.parametrize(
    ("title", "first"),
    [
        # O*NET's title of 51-9141 alone: was 'high' on a technician's code (the dev split accepts 17-2 engineers)
        ("Semiconductor Process Engineer", "51-9141 Semiconductor Processing Technicians"),
        # matched O*NET's 'Photolithographer', a printer's title: was 'high'
        ("Photolithography Engineer", "51-5111 Prepress Technicians and Workers"),
    ],
)
def test_an_engineers_title_on_a_technicians_code_is_low_confidence(warehouse_db, title, first):
    found = finder.search(warehouse_db, title=title, limit=1)[0]
    assert (f"{found['soc_code']} {found['title']}", found["confidence"]) == (first, "low")
    assert found["confidence_why"] == (
        f"the title names an engineer, and {first} is a technicians', trades' or operators' occupation (O*NET files "
        "some engineers' titles under such codes, and a title's words may match another job's; SOC codes the work "
        "performed): add the duties to the search"
    )


def test_an_engineers_title_with_duties_that_keep_the_technicians_code_says_to_read_its_tasks(warehouse_db):
    operating = "I operate deposition and etch tools, load wafers, monitor the equipment and record process data."
    found = finder.search(warehouse_db, title="Semiconductor Process Engineer", duties=operating, limit=1)[0]
    assert (found["soc_code"], found["confidence"]) == ("51-9141", "low")
    assert found["confidence_why"].endswith("SOC codes the work performed): read its tasks against the duties")


@pytest.mark.parametrize(
    "title", ["Member of Technical Staff, Lithography", "Principal Member of Technical Staff, Photonics"]
)
def test_a_title_whose_field_matched_none_of_the_onet_title_it_matched_is_low_confidence(warehouse_db, title):
    # both matched 19-4031 Chemical Technicians' 'Technical Staff Member' and were 'high'
    found = finder.search(warehouse_db, title=title, limit=1)[0]
    assert (found["soc_code"], found["confidence"]) == ("19-4031", "low")
    assert found["confidence_why"] == (
        "the O*NET title it matched, 'Technical Staff Member', names no field of work, and the title's other words "
        "matched none of it: add the duties to the search"
    )


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Stationary Engineer", "51-8021"),  # Stationary Engineers and Boiler Operators: SOC names them engineers
        ("Locomotive Engineer", "53-4011"),
        ("Software Engineer", "15-1252"),  # computer occupations' engineers
        ("Civil Engineer", "17-2051"),
        # media's engineers are SOC's sound and broadcast technicians
        ("Sound Engineer", "27-4014"),
        ("Broadcast Engineer", "27-4012"),
    ],
)
def test_an_engineers_title_on_an_occupation_named_for_engineers_stays_high(warehouse_db, title, code):
    found = finder.search(warehouse_db, title=title, limit=1)[0]
    assert (found["soc_code"], found["confidence"]) == (code, "high")


# --- published accuracy ------------------------------------------------------------------------------------------------


def test_the_split_is_fixed_and_both_halves_are_big_enough():
    rows = search_accuracy.load_cases()
    assert {r["split"] for r in rows} == {"dev", "heldout"}
    duties = [r for r in rows if r["kind"] == "duties"]
    titles = [r for r in rows if r["kind"] == "title"]
    assert len(duties) >= 120 and len(titles) >= 61 + 60  # the original 61 titles, and foreign and vague ones
    for kind in (duties, titles):
        assert min(sum(r["split"] == s for r in kind) for s in ("dev", "heldout")) >= 50


def test_wilson_interval_matches_a_worked_example():
    low, high = search_accuracy.wilson(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4) and high == pytest.approx(0.9433, abs=1e-4)
    assert search_accuracy.wilson(10, 10)[1] == 1.0


@pytest.fixture(scope="module")
def scored(warehouse_db) -> list[dict]:
    """Every case of tests/search_cases.csv searched, all in one batch (about 1 s), for the two tests of accuracy
    below."""
    return search_accuracy.evaluate_at_once(warehouse_db, search_accuracy.load_cases())


@pytest.mark.slow  # every case of tests/search_cases.csv
def test_held_out_accuracy_does_not_fall_below_what_is_published(scored):
    """The floors are the held-out figures the README publishes, less one case's worth. Issue 10's targets
    (duties 0.80/0.95, titles 0.95/0.99) are NOT met, with meaning or without; see the closing note."""
    got = {(r["kind"], r["split"]): r for r in search_accuracy.table(scored)}
    print(search_accuracy.render(list(got.values())))
    title, duties = got[("title", "heldout")], got[("duties", "heldout")]
    assert title["top1"] >= 0.83 and title["top3"] >= 0.95
    assert duties["top1"] >= 0.68 and duties["top3"] >= 0.90


@pytest.mark.slow  # every case of tests/search_cases.csv
def test_top3_accuracy_on_the_whole_set_is_at_least_85_percent(scored):
    # 0.90 on the first 101 cases; the set now has 272, with 74 vague or foreign titles and 97 more duty paragraphs
    # (the held-out floors per kind: above)
    misses = [
        f"{r['kind']} {r['query'][:60]!r}: got {r['found']}, accepted {sorted(r['accepted'])[:4]}"
        for r in scored
        if not r["top3"]
    ]
    print("top-3 misses:\n  " + "\n  ".join(misses))
    assert sum(r["top3"] for r in scored) / len(scored) >= 0.85, misses


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Principal Investigator", "33-9021"),  # O*NET's only 'Principal Investigator' is a Private Detective's title
        ("Graduate Student", "25-9044"),  # Teaching Assistants, Postsecondary
    ],
)
def test_a_title_that_names_no_field_is_low_confidence_until_duties_name_it(warehouse_db, title, code):
    # each was 'high'; 'Postdoctoral Researcher' was 'low' for the wrong reason, a title it does not have
    # ("O*NET lists the title 'Clinical Researcher' under 19-1041 too")
    (found,) = finder.search(warehouse_db, title=title, limit=1)
    assert (found["soc_code"], found["confidence"]) == (code, "low")
    assert found["confidence_why"] == "the title names no field of work; add the duties, or the field, to the search"
    (with_duties,) = finder.search(warehouse_db, title=title, duties="study how neurons encode memory", limit=1)
    assert with_duties["confidence_why"] != found["confidence_why"]


def test_member_of_technical_staff_names_no_field(warehouse_db):
    # the tech industry's rank (MTS) was 19-4031 Chemical Technicians with high confidence
    for title in ("Member of Technical Staff", "MTS"):
        (found,) = finder.search(warehouse_db, title=title, limit=1)
        assert found["explain"]["title_read_as"] == "member of technical staff"
        assert (
            found["confidence_why"] == "the title names no field of work; add the duties, or the field, to the search"
        )


@pytest.mark.parametrize("title", ["Tech Lead", "Lead Tech", "Technician"])
def test_a_kind_of_job_alone_names_no_field(warehouse_db, title):
    # 'Tech Lead' (a software team's lead) was 19-4042 Environmental Science and Protection Technicians, and
    # 'Technician' 17-3023 Electrical and Electronic Engineering Technicians, each with high confidence
    (found,) = finder.search(warehouse_db, title=title, limit=1)
    assert found["confidence_why"] == "the title names no field of work; add the duties, or the field, to the search"
    (with_field,) = finder.search(warehouse_db, title=f"Software {title}", limit=1)
    assert with_field["confidence_why"] != found["confidence_why"]


@pytest.mark.parametrize(
    ("title", "code"),
    [("Chief Executive Officer", "11-1011"), ("Executive Director", "11-1011"), ("Executive Assistant", "43-6011")],
)
def test_a_title_of_rank_words_that_is_onets_title_of_one_code_stays_high(warehouse_db, title, code):
    (found,) = finder.search(warehouse_db, title=title, limit=1)
    assert (found["soc_code"], found["confidence"]) == (code, "high")


def test_a_kind_of_job_stated_in_duties_still_helps_them_choose(warehouse_db):
    # with 'technician' not read, the few words left put 53-3011 Ambulance Drivers first
    (found,) = finder.search(warehouse_db, duties="I am a technician at a hospital lab.", limit=1)
    assert (found["explain"]["title_stated"], found["soc_code"]) == ("technician", "29-2012")


def test_duties_mostly_in_no_onet_text_are_low_confidence(warehouse_db):
    # was 51-6011 Laundry and Dry-Cleaning Workers, 'high', on the few words an English index could read
    german = "Entwicklung von Batteriezellen für Elektrofahrzeuge, Prüfung der Zellchemie und Lebensdauer"
    (found,) = finder.search(warehouse_db, duties=german, limit=1)
    assert found["confidence"] == "low"
    assert re.fullmatch(
        r"(\d+) of the (\d+) words of the duties are in no O\*NET title or task; describe the work in English",
        found["confidence_why"],
    )
    english = "Develop battery cells for electric vehicles and test their chemistry and lifetime"
    assert "words of the duties" not in (
        finder.search(warehouse_db, duties=english, limit=1)[0]["confidence_why"] or ""
    )


def test_a_text_that_starts_with_its_holder_called_dr_names_a_doctorate(warehouse_db):
    # a petition's third person: the holder's doctorate counts as professional work. The cardiologist's paragraph had
    # 29-2031 Cardiovascular Technologists (Job Zone 3) first, marked high
    cardiologist = (
        "Dr. Silva evaluates and treats patients with coronary artery disease, heart failure and arrhythmias; she "
        "over-reads 12-lead ECGs and Holter recordings after the automated interpretation software's preliminary "
        "read, interprets echocardiograms and stress tests, and performs diagnostic cardiac catheterizations."
    )
    found = finder.search(warehouse_db, duties=cardiologist, limit=10)
    assert codes(found)[0] == "29-1212"
    technologists = next(r for r in found if r["soc_code"] == "29-2031")
    assert technologists["scaled"] == [
        f"×{finder.PREPARATION_FACTOR:g}: Job Zone {technologists['job_zone']}, for duties that name professional "
        "work (Dr. Silva: a doctorate)"
    ]
    assert finder._doctorate("Dr. Ana Silva evaluates patients.") == ["Dr. Ana Silva: a doctorate"]
    # an employer's letter: 'our' alone is not the writer
    assert finder._doctorate("Dr. Kim designs our catalysts.") == ["Dr. Kim: a doctorate"]
    # another's Dr.: possessed, named after the text's start, or in a text in the first person
    for text in (
        "Dr. Singh's laboratory studies biofilms; the beneficiary prepares the media.",
        "The beneficiary prepares patients for procedures. Dr. Patel relies on her to sterilize instruments.",
        "Dr. Okafor and I fabricate tandem solar cells.",
        "Dr. Okafor reviews my work.",
        "Draft pleadings and discovery responses.",
    ):
        assert finder._doctorate(text) == [], text


def test_duties_that_name_professional_work_scale_job_zone_1_to_3_codes_and_say_so(warehouse_db):
    # the chemist's paragraph had 19-4031 Chemical Technicians in its top 3 and no chemist; the power engineer's was
    # 51-8013 Power Plant Operators first
    found = finder.search(
        warehouse_db,
        duties="I research new battery chemistries, synthesize cathode materials, and test lithium-ion cells for "
        "grid energy storage.",
        limit=10,
    )
    assert "19-2031" in codes(found)[:3] and "19-4031" not in codes(found)[:3]
    for r in found:
        cut = [s for s in r["scaled"] if "Job Zone" in s]
        if r["job_zone"] is not None and r["job_zone"] <= 3:
            assert cut == [
                f"×{finder.PREPARATION_FACTOR:g}: Job Zone {r['job_zone']}, for duties that name professional work "
                "(research, synthesize)"
            ]
        else:
            assert cut == []
    found = finder.search(
        warehouse_db,
        duties="Design and test electric power generation and transmission systems and electrical equipment for "
        "buildings.",
        limit=3,
    )
    assert codes(found)[0] == "17-2071"
    # without such words, nothing is scaled but an 'All Other' code
    found = finder.search(warehouse_db, duties="I repair wind turbines and climb the towers to inspect them.", limit=5)
    assert codes(found)[0] == "49-9081"
    assert all(
        r["scaled"] == (["×0.9: an 'All Other' code"] if r["title"].endswith("All Other") else []) for r in found
    )


@pytest.mark.parametrize(
    ("duties", "code"),
    [
        ("I design floral arrangements for weddings and funerals", "27-1023"),
        ("I design and cut hair styles and color hair for clients", "39-5012"),
        ("I research and book travel and hotels for clients", "41-3041"),
        ("I develop and print photographs and restore old photos", "51-9151"),
        ("I model clothing and accessories for photographers and at fashion shows", "41-9012"),
        ("I develop lesson plans and activities for preschool children", "25-2011"),  # 'develop' is not scaled
    ],
)
def test_trade_and_service_duties_written_with_those_words_keep_their_code(warehouse_db, duties, code):
    found = finder.search(warehouse_db, duties=duties, limit=3)
    assert codes(found)[0] == code
    # and no code of a higher Job Zone comes near enough to mark them low for it (a designer is 0.43-0.74 of them)
    assert "O*NET places the first code's occupation" not in (found[0]["confidence_why"] or "")


def test_a_laboratorys_duties_that_name_no_clinical_work_scale_the_clinical_laboratory_codes(warehouse_db):
    # 29-2011 Medical and Clinical Laboratory Technologists was first, marked high: its tasks are assays and cultures
    why = f"×{finder.CLINICAL_FACTOR:g}: a clinical laboratory code, for duties that name no patient, specimen or diagnosis"
    found = finder.search(
        warehouse_db,
        duties="I maintain cell cultures, run PCR and ELISA assays, and prepare DNA samples for sequencing.",
        limit=10,
    )
    assert codes(found)[0] != "29-2011"
    assert {r["soc_code"]: r["scaled"] for r in found if r["soc_code"] in finder.CLINICAL_LABS} == {"29-2011": [why]}
    # a clinical laboratory's duties keep their code, unscaled, and so do its own tests named alone
    (first,) = finder.search(
        warehouse_db,
        duties="I prepare and stain peripheral smears, perform manual differentials and review flagged CBC results.",
        limit=1,
    )
    assert first["soc_code"] == "29-2011" and first["scaled"] == []
    found = finder.search(
        warehouse_db,
        duties="I run blood chemistry and hematology tests on patient specimens and report critical values to "
        "physicians.",
        limit=3,
    )
    assert codes(found)[0] == "29-2011" and found[0]["scaled"] == []
    # ... and so does a title: the rule reads duties alone
    found = finder.search(
        warehouse_db,
        title="Medical Technologist",
        duties="I run PCR and ELISA assays and maintain the analyzers.",
        limit=3,
    )
    assert not any(why in s for r in found for s in r["scaled"])


@pytest.mark.parametrize(
    ("duties", "code"),
    [
        (
            "Install rooftop solar panel arrays according to the engineer's design, mount racking, run conduit and "
            "wiring to inverters, and test the system before it is handed over for utility inspection.",
            "47-2231",
        ),
        (
            "Install, service and repair furnaces, heat pumps and rooftop air conditioning units, following the duct "
            "layouts designed by engineers, charge refrigerant, and diagnose faulty electrical controls.",
            "49-9021",
        ),
        (
            "Build and test prototype circuit boards for the engineering team, solder components, set up test "
            "fixtures, and record data to support the engineers' design research.",
            "17-3023",
        ),
        (
            "I sculpt clay and wax models and maquettes for bronze public monuments, enlarge them to full scale, and "
            "exhibit my figurative sculpture in galleries.",
            "27-1013",
        ),
        (
            "The beneficiary is an executive assistant to the CEO. He manages the CEO's calendar, arranges travel, "
            "prepares meeting agendas and board materials, and screens calls and emails. He also develops filing "
            "systems and coordinates company events.",
            "43-6011",
        ),
    ],
)
def test_another_professions_design_and_a_sculptors_models_are_not_professional_work(warehouse_db, duties, code):
    # each names professional work only as another's ('the engineer's design', 'designed by engineers'), as a thing
    # ('clay and wax models') or as an office's routine ('develops filing systems'): its Job Zone 1-3 code is not
    # scaled for it. (Counted, at PREPARATION_FACTOR 0.6 the circuit boards were 17-2061 Computer Hardware Engineers
    # first, the sculptor 25-4013 Museum Technicians, the executive assistant 11-1011 Chief Executives.)
    found = finder.search(warehouse_db, duties=duties, limit=3)
    assert codes(found)[0] == code
    assert not any("for duties that name professional work" in s for r in found for s in r["scaled"])


@pytest.mark.parametrize(
    ("duties", "code", "was", "phrase", "worker"),
    [
        (
            "I supervise the cashiers and stock clerks of a grocery store.",
            "41-1011",
            "53-7065",
            "supervise the cashiers",
            "41-2011 Cashiers",
        ),
        (
            "I supervise the assembly line workers in an automotive plant and track output.",
            "51-1011",
            "51-2092",
            "supervise the assembly line workers",
            "51-2092 Team Assemblers",
        ),
        (
            "I lead a team of customer service representatives in a call center.",
            "43-1011",
            "41-9041",
            "lead a team of customer service representatives",
            "43-4051 Customer Service Representatives",
        ),
        (
            "I supervise the police patrol officers of a precinct.",
            "33-1012",
            "33-3051",
            "supervise the police patrol officers",
            "33-3051 Police and Sheriff\u2019s Patrol Officers",
        ),
        (
            "I supervise farm workers who harvest vegetables.",
            "45-1011",
            "45-2092",
            "supervise farm workers",
            "45-2092 Farmworkers and Laborers, Crop, Nursery, and Greenhouse",
        ),
        # the supervisors' code ranked above the workers counts: it was Personal Service Workers' supervisors first
        (
            "I supervise the housekeeping staff of a hospital.",
            "37-1011",
            "39-1022",
            "supervise the housekeeping staff",
            "37-2012 Maids and Housekeeping Cleaners",
        ),
        (
            "The beneficiary supervises 12 cashiers and stock clerks at a grocery store and prepares their schedules.",
            "41-1011",
            "53-7065",
            "supervises 12 cashiers",
            "41-2011 Cashiers",
        ),
        (
            "I am a shift supervisor at a fast food restaurant; I count tills.",
            "35-1012",
            "35-3023",
            "I am a shift supervisor",
            "35-3023 Fast Food and Counter Workers",
        ),
        # the supervisors' title shares few words with the duties: each was 4th or 5th by the factor alone
        (
            "I supervise the welders in a fabrication shop and check their welds.",
            "51-1011",
            "51-4121",
            "supervise the welders",
            "51-4121 Welders, Cutters, Solderers, and Brazers",
        ),
        (
            "I supervise the truck drivers of our delivery fleet and plan their routes.",
            "53-1043",
            "53-3032",
            "supervise the truck drivers",
            "53-3032 Heavy and Tractor-Trailer Truck Drivers",
        ),
        (
            "I supervise the bank tellers at a branch and balance the vault.",
            "43-1011",
            "43-3071",
            "supervise the bank tellers",
            "43-3071 Tellers",
        ),
        (
            "I supervise the hairstylists and nail technicians at a salon.",
            "39-1022",
            "39-5012",
            "supervise the hairstylists",
            "39-5012 Hairdressers, Hairstylists, and Cosmetologists",
        ),
        # the cashiers are reported as 43-3041 Gambling Cage Workers too, but their words rank 41-2011 better
        (
            "I am a supervisor of cashiers at a supermarket; I schedule shifts and handle customer complaints.",
            "41-1011",
            "43-1011",
            "I am a supervisor of cashiers",
            "41-2011 Cashiers",
        ),
        (
            "I'm the foreman of a concrete crew; I lay out forms and direct the finishers.",
            "47-1011",
            "47-2051",
            "I'm the foreman of a concrete crew",
            "47-2051 Cement Masons and Concrete Finishers",
        ),
        # the waiters are 4th of the codes, after attendants and hosts whom the duties do not name
        (
            "I supervise the waiters and bartenders in a restaurant dining room.",
            "35-1012",
            "35-9011",
            "supervise the waiters",
            "35-3031 Waiters and Waitresses",
        ),
    ],
)
def test_a_supervisor_of_the_workers_duties_name_is_their_first_line_supervisor(
    warehouse_db, duties, code, was, phrase, worker
):
    # SOC's classification principles: a supervisor of workers in major groups 31-53 is their first-line supervisor
    found = finder.search(warehouse_db, duties=duties, limit=3)
    assert codes(found)[0] == code != was
    assert found[0]["scaled"] == [
        f"×1.5: supervisors of the workers the duties name ({phrase}), after adding the score of {worker}"
    ]
    # the factor lifts a score past 1; the scores are scaled back so that the best is 1
    assert found[0]["score"] == 1.0
    assert all(0 <= r["score"] <= 1 for r in found)


def test_the_workers_a_first_line_supervisor_supervises_are_not_its_rival_in_meaning(warehouse_db):
    # was 'low': "41-2011 Cashiers is closer in meaning to the duties than the first code", as it would be for every
    # supervisor whose duties name the workers' work
    (first,) = finder.search(warehouse_db, duties="I supervise the cashiers at a grocery store.", limit=1)
    assert (first["soc_code"], first["confidence"], first["confidence_why"]) == ("41-1011", "high", None)


@pytest.fixture(scope="module")
def workers(warehouse_db):
    return finder.worker_nouns(warehouse_db)


def test_the_jobs_a_supervisor_can_name_are_those_onet_incumbents_reported(workers):
    assert "41-2011" in workers["cashier"] and workers["roofer"] == {"47-2181"}
    # people served are not workers: O*NET's incumbents report no such title
    assert not {"inmate", "patient", "guest", "customer", "client"} & workers.keys()


@pytest.mark.parametrize(
    ("duties", "phrases"),
    [
        ("I supervise the cashiers and stock clerks.", ["supervise the cashiers"]),
        (
            "Supervised a crew of 8 roofers; oversee 3 shifts of packers.",
            ["Supervised a crew of 8 roofers", "oversee 3 shifts of packers"],
        ),
        ("I am a shift supervisor at a grocery store.", ["I am a shift supervisor"]),
        ("I\u2019m a shift supervisor.", ["I'm a shift supervisor"]),
        ("As supervisor of the night cleaners I plan the rounds.", ["As supervisor of the night cleaners"]),
        ("I lead the night shift of machine operators.", ["lead the night shift of machine operators"]),
        ("I supervise cashiers every day.", ["supervise cashiers"]),
        ("I supervise up to 40 seasonal workers.", ["supervise up to 40 seasonal workers"]),
        ("I supervise and train the cashiers.", ["supervise and train the cashiers"]),
        ("I supervise, train and schedule 15 cashiers.", ["supervise, train and schedule 15 cashiers"]),
        ("Supervise, train, and evaluate employees.", ["Supervise, train, and evaluate employees"]),
        ("I supervise, and I also cook.", []),
        ("Supervised the work of 5 electricians wiring homes.", ["Supervised the work of 5 electricians"]),
        ("I supervise 15 people on the night shift.", ["supervise 15 people"]),
        ("Head of the maintenance crew at a hospital.", ["Head of the maintenance crew"]),
        # O*NET's incumbents reported no 'Landscaper': the crew names the people
        ("I am in charge of a crew of six landscapers.", ["in charge of a crew"]),
        ("My duties include supervising the kitchen staff.", ["supervising the kitchen staff"]),
        ("I work nights, not weekends. I supervise the cleaners.", ["supervise the cleaners"]),
        ("I supervise the foremen and laborers on a highway job.", ["supervise the foremen"]),
        ("I supervise 1,200 workers at a meat packing plant.", ["supervise 1,200 workers"]),
        ("I am their supervisor: I assign the cleaners to floors.", ["I am their supervisor"]),
        ("I am the supervisor of the housekeeping department.", ["I am the supervisor"]),
        ("Employed as a supervisor at a grocery store.", ["Employed as a supervisor"]),
        ("My job is supervising the cashiers and handling refunds.", ["supervising the cashiers"]),
        ("I not only supervise the cashiers but also count the safe.", ["supervise the cashiers"]),
        ("Responsible for the supervision of 8 custodians.", ["supervision of 8 custodians"]),
        # with no first person, the subject is the job's holder, as petitions and job ads are written
        ("The beneficiary supervises 12 cashiers and prepares their schedules.", ["supervises 12 cashiers"]),
        ("The beneficiary is the Spa Supervisor at a resort.", ["is the Spa Supervisor"]),
        ("She was the night supervisor of the cleaning crew.", ["was the night supervisor of the cleaning crew"]),
        # a text that starts with a title starts with the writer's job
        ("Warehouse shift supervisor at a distribution center.", ["Warehouse shift supervisor"]),
        ("Supervisor of 12 cashiers at a supermarket.", ["Supervisor of 12 cashiers"]),
        ("Shift supervisor: I open the store.", ["Shift supervisor"]),
        ("- Warehouse shift supervisor at a distribution center.", ["Warehouse shift supervisor"]),
        ("Sr. Warehouse Supervisor at a distribution center.", ["Sr. Warehouse Supervisor"]),
        ("Food & beverage supervisor at a hotel.", ["Food & beverage supervisor"]),
        ("Lead supervisor on the night shift at a plastics plant.", ["Lead supervisor"]),
        ("My title is shift supervisor; I schedule the cashiers.", ["is shift supervisor"]),
        # a foreman and a crew or shift boss are supervisors too
        ("I'm the foreman of a concrete crew; I lay out forms.", ["I'm the foreman of a concrete crew"]),
        ("Electrical foreman, commercial electrical contractor.", ["Electrical foreman"]),
        ("I'm the crew boss for a strawberry harvest crew.", ["I'm the crew boss"]),
        ("Shift boss in an underground gold mine.", ["Shift boss"]),
        ("My foreman assigns me to a crew.", []),
        ("I was trained by the foreman.", []),
        ("I report to the shift boss.", []),
        ("My brother is a supervisor at the plant; I pack boxes.", []),
        ("The supervisor assigns me to the register.", []),
        ("Supervisor assigns daily tasks to me; I pick orders and load trucks.", []),
        ("Supervisor: Jane Doe. Duties: pick and pack orders, load trucks.", []),
        ("Assist supervisor with opening and closing procedures; operate the cash register.", []),
        ("Notify supervisor of spills and damaged goods. Stock shelves and face products.", []),
        ("Inform supervisor when supplies run low; clean guest rooms and make beds.", []),
        ("My supervisor is strict. I stock shelves.", []),
        ("Her job is to assist the supervisor.", []),
        ("Assistant to the supervisor at a warehouse.", []),
        ("The beneficiary stocks shelves; the person he reports to is the night supervisor.", []),
        ("The beneficiary's father was a supervisor; the beneficiary works as a cashier.", []),
        # not the writer, not people who work, or not supervising
        ("I was trained by the supervisor and now run the register.", []),
        ("I am accountable to the supervisor for my station.", []),
        ("I report to the manager who supervises the cashiers.", []),
        ("The foreman hires and supervises the laborers; I dig trenches.", []),
        ("My boss directly supervises 12 cashiers and I bag groceries.", []),
        ("I do not supervise anyone; I clean offices.", []),
        ("I don\u2019t supervise the cashiers.", []),
        ("I am not a supervisor; I stock shelves.", []),
        ("I am supervised by the head housekeeper.", []),
        ("The crew chief oversees my work.", []),
        ("My supervisor oversees the cashiers; I stock shelves.", []),
        ("The foreman supervises the laborers and I dig trenches.", []),
        ("I do the same work as my supervisor: I clean rooms.", []),
        ("I report to the supervisor of the cashiers.", []),
        ("I help customers as well as the shift supervisor.", []),
        ("I am the shift supervisor's assistant.", []),
        ("I oversee the irrigation of the fields.", []),
        ("I oversee the construction of a new office tower.", []),
        ("I oversee quality checks of welds and deliveries of parts.", []),
        ("I supervise inmates, patients and students.", []),
        ("I run payroll for staff.", []),
        ("I run the staff cafeteria.", []),
        ("I run tests and lead workshops.", []),
    ],
)
def test_what_says_the_writer_supervises_people(workers, duties, phrases):
    assert list(finder._supervising(duties, workers)) == phrases


def test_the_groups_raised_are_those_of_the_jobs_the_duties_name_among_the_codes_they_score_best(warehouse_db, workers):
    # 'engineers' is a title in group 51 too (Stationary Engineers), but the duties score software codes, not them
    assert (
        "51-8021"
        in finder._supervising("I supervise a team of software engineers.", workers)[
            "supervise a team of software engineers"
        ]
    )
    found = finder.search(warehouse_db, duties="I supervise a team of software engineers building a payments app.")
    assert codes(found)[0] == "15-1252"
    assert supervisors_raised(found) == []


@pytest.mark.parametrize(
    ("code", "supervisors"),
    [
        ("41-2011", ("41-1011",)),  # Cashiers: Retail Sales Workers (41-2000)
        ("41-3021", ("41-1012",)),  # Insurance Sales Agents: 'sales workers other than retail sales workers'
        ("53-7065", ("53-1042",)),  # Stockers: Laborers and Material Movers (53-7060), 'hand'
        ("53-7051", ("53-1043",)),  # Industrial Truck Operators: 'material-moving machine ... operators'
        ("53-2031", ("53-1044",)),  # Flight Attendants, named in 53-1044's definition
        # O*NET files 'Trainmaster', 'Pilot Supervisor' and 'Parking Lot Supervisor' under 53-1043
        ("53-4031", ("53-1043",)),  # Railroad Conductors
        ("53-5011", ("53-1043",)),  # Sailors and Marine Oilers
        ("53-6021", ("53-1043",)),  # Parking Attendants
        ("53-6031", ("53-1049",)),  # Automotive Service Attendants: 53-1049's one title is 'Gas Station Supervisor'
        ("33-3012", ("33-1011",)),  # Correctional Officers and Jailers
        ("33-9032", ("33-1091",)),  # Security Guards
        ("39-3011", ("39-1013",)),  # Gambling Dealers
        ("35-2014", ("35-1011", "35-1012")),  # Cooks: O*NET's chefs 'supervise or coordinate activities of cooks'
        ("35-3031", ("35-1012",)),
        ("37-2021", ()),  # Pest Control Workers: no supervisors' title names them
        ("41-1011", ()),  # a supervisor is not supervised
        ("35-1011", ()),  # nor a chef (minor group 35-1000)
        ("29-1141", ()),  # groups 13-29 have no first-line supervisors
        ("55-3011", ()),  # nor the military's enlisted
    ],
)
def test_each_workers_code_has_the_first_line_supervisors_soc_names_for_it(warehouse_db, code, supervisors):
    assert finder.supervisors_of(code) == supervisors
    # every supervisors' code named is a real 2018 code whose title names supervisors or chefs
    titles = dict(warehouse_db.execute("SELECT soc_code, title FROM core.soc_hierarchy").fetchall())
    assert code in titles
    assert all("Supervisors" in titles[s] or "Chefs" in titles[s] for s in supervisors)


def test_every_supervisors_code_soc_has_in_groups_33_to_53_supervises_some_code(warehouse_db):
    detailed = [
        c
        for (c,) in warehouse_db.execute("SELECT soc_code FROM core.soc_hierarchy WHERE level = 'detailed'").fetchall()
    ]
    supervised = {s for code in detailed for s in finder.supervisors_of(code)}
    wanted = {c for c in detailed if c[:2] in finder.SUPERVISED_GROUPS and c[3] == "1"}
    # 53-1041 Aircraft Cargo Handling Supervisors supervise 'ground crew' that SOC codes as laborers (53-7062),
    # whose supervisors in general are 53-1042
    assert wanted - supervised == {"53-1041"}


def test_the_supervisors_raised_are_those_of_the_best_workers_codes_of_the_jobs_named():
    # SOC's military supervisors (55-2011...) and groups with none (15, 29) raise nothing, whatever ranks first
    totals = {"55-2011": 1.0, "47-3016": 0.9, "29-1141": 0.8, "47-1011": 0.7, "15-1252": 0.6}
    assert finder._supervisors(totals, {"supervise the crew": set()}) == {"47-1011": "47-3016"}
    # the workers' codes are counted down to the third; a supervisors' code above them counts, with its best worker
    totals = {"37-1011": 1.0, "11-9081": 0.9, "43-4081": 0.8, "39-6012": 0.7, "45-2092": 0.6, "37-2012": 0.5}
    assert finder._supervisors(totals, {"supervise the staff": set()}) == {
        "37-1011": "37-2012",
        "43-1011": "43-4081",
        "39-1022": "39-6012",
    }
    # where the duties name jobs, only the codes they are reported under and the duties rank: 'the housekeepers'
    named = {"supervise the housekeepers": {"37-1011", "37-2012", "51-6011"}}
    assert finder._supervisors(totals, named) == {"37-1011": "37-2012"}


@pytest.mark.parametrize(
    ("duties", "code"),
    [
        # SOC codes a supervisor of workers in groups 13-29 with those workers
        ("I lead a team of software engineers and plan product releases.", "15-1252"),
        ("I am a charge nurse: I supervise the nurses on my unit and care for patients.", "29-1141"),
        ("I teach graduate courses in computer science, supervise PhD students, and run a research lab.", "25-1021"),
        # to supervise the construction of a bridge is not to be its workers' supervisor
        ("I supervise the construction of bridges and review the structural calculations.", "11-9021"),
        # the writer is not the supervisor, or the supervised are not workers
        ("I do not supervise anyone; I clean hotel rooms and make the beds.", "37-2012"),
        ("The crew chief oversees my work; I mow lawns and trim hedges.", "37-3011"),
        ("I am supervised by the head housekeeper and clean hotel rooms.", "37-2012"),
        ("I oversee the construction of a new office tower and manage the budget.", "11-9021"),
        ("I supervise inmates in the housing unit, conduct head counts and search cells.", "33-3012"),
        # the words rank Cashiers above Stockers (53-7065), but not the cashiers' supervisors
        ("My supervisor oversees the cashiers; I stock shelves and face products.", "41-2011"),
    ],
)
def test_a_writer_who_is_no_first_line_supervisor_is_not_made_one(warehouse_db, duties, code):
    found = finder.search(warehouse_db, duties=duties, limit=3)
    assert codes(found)[0] == code
    assert supervisors_raised(found) == []


def test_to_manage_is_a_managers_word_not_a_first_line_supervisors(warehouse_db):
    # SOC's managers are group 11: 'manage the sales team' does not raise the sales workers' supervisors
    found = finder.search(
        warehouse_db, duties="I manage the sales team of a software company and set quotas.", limit=10
    )
    assert supervisors_raised(found) == []


def test_a_curly_apostrophe_reads_as_a_straight_one_on_its_own(warehouse_db):
    # the rule was looked for in the text before the apostrophe was straightened: alone, "I’m" raised nothing
    found = finder.search(warehouse_db, duties="I\u2019m the shift supervisor at a fast food restaurant.", limit=1)
    assert found[0]["scaled"][0].startswith(
        "×1.5: supervisors of the workers the duties name (I'm the shift supervisor), after adding the score of 35-"
    )


def test_a_team_or_work_leader_is_no_first_line_supervisor_where_soc_excludes_them(warehouse_db):
    # SOC's definitions of 49-1011 and 51-1011 end 'Excludes team or work leaders.'; 47-1011's does not
    assert finder.leaders_excluded(warehouse_db) == {"49-1011", "51-1011"}
    led = finder.search(warehouse_db, duties="I lead a team of assemblers on the line and check their work.", limit=3)
    assert codes(led)[0] == "51-2092"
    assert supervisors_raised(led) == []
    supervised = "I supervise a team of assemblers on the line and check their work."
    assert codes(finder.search(warehouse_db, duties=supervised, limit=3))[0] == "51-1011"
    # to run the crew is not to lead it; and a crew leader of roofers is construction's first-line supervisor
    run = "I run the maintenance crew that repairs our conveyors and packaging machines."
    assert codes(finder.search(warehouse_db, duties=run, limit=3))[0] == "49-1011"
    roofers = finder.search(warehouse_db, duties="I lead a crew of roofers and inspect their work.", limit=3)
    assert codes(roofers)[0] == "47-1011"


@pytest.mark.parametrize(
    ("duties", "code"),
    [
        # 'servers' are waiters too, but the duties rank them far down: a job named must be among the first ten
        ("I am an IT administrator; I oversee the servers and storage arrays in our data center.", "15-1244"),
        # the mechanics' supervisors exclude work leaders, and no other supervisors' code supervises mechanics
        ("I lead a team of 6 auto mechanics at a dealership service department.", None),
    ],
)
def test_a_job_named_raises_only_its_own_supervisors(warehouse_db, duties, code):
    found = finder.search(warehouse_db, duties=duties, limit=5)
    assert code is None or codes(found)[0] == code
    assert supervisors_raised(found) == []


def test_aircraft_cargo_supervisors_whom_soc_gives_no_workers_group_keep_their_rank(warehouse_db):
    # 53-1041 supervises 'ground crew' SOC codes with other laborers: it has no group in SUPERVISORS of its own
    found = finder.search(warehouse_db, duties="I supervise the ramp agents who load baggage and cargo onto aircraft.")
    assert codes(found)[0] == "53-1041"


def test_a_long_text_is_read_for_supervision_in_linear_time(workers):
    # each match re-split the text before it: 256,000 characters took 3.8 s, 520,000 about a minute
    text = "I supervise the cashiers and stock clerks, schedule shifts and count the tills. " * 6000
    start = time.perf_counter()
    assert list(finder._supervising(text, workers)) == ["supervise the cashiers"]
    assert time.perf_counter() - start < 3  # 0.25 s here


@pytest.mark.parametrize("run", ["-", ".", "'"])
def test_a_text_that_starts_with_a_long_run_of_punctuation_is_read_in_linear_time(run):
    # a title's leading bullet and its words both took the run: 100,000 dashes took about a minute
    start = time.perf_counter()
    assert finder.SUPERVISING.search(run * 100_000) is None
    assert time.perf_counter() - start < 1  # 0.02 s here


def test_a_head_chef_who_supervises_cooks_stays_a_chef(warehouse_db):
    # SOC puts chefs among the food-preparation supervisors (minor group 35-1000), and O*NET's chefs 'supervise or
    # coordinate activities of cooks': both codes add the cooks' score, and the chef's own words decide
    found = finder.search(warehouse_db, duties="As head chef I supervise the cooks and plan the menu.", limit=3)
    assert codes(found)[:2] == ["35-1011", "35-1012"]
    assert supervisors_raised(found) == ["35-1011", "35-1012"]


@pytest.mark.parametrize(
    "duties, was",
    [
        # 51-9032 Cutting and Slicing Machine Setters first, marked high
        ("I conduct cutting-edge research on battery materials.", "51-9032"),
        # 25-1121 Art, Drama, and Music Teachers, Postsecondary in the top 3
        ("I develop state-of-the-art deep learning methods for drug discovery.", "25-1121"),
    ],
)
def test_a_letters_praise_names_no_work(warehouse_db, duties, was):
    found = finder.search(warehouse_db, duties=duties, limit=3)
    assert was not in codes(found) and codes(found)[0] in {"19-2032", "15-2051"}, codes(found)


def test_clean_energy_is_read_as_onets_renewable_energy_not_a_cleaners_work(warehouse_db):
    # 'to advance U.S. competitiveness in clean energy' put 53-7061 Cleaners of Vehicles and Equipment first
    (first,) = finder.search(warehouse_db, duties="I design clean energy systems for commercial buildings.", limit=1)
    assert first["explain"]["expanded"] == {"clean energy": "renewable energy"}
    assert first["explain"]["read_in_place"] == ["clean energy"]
    assert not first["soc_code"].startswith("37-")
    assert finder._read_in_place("I clean power tools and clean the energy drink dispensers.") == {}

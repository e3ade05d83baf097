"""The job title a description of duties states for its writer (warehouse.products.stated_title), and how the
search reads it: as a title, next to the duties, where no title is given."""

from __future__ import annotations

import time

import pytest

from warehouse.products import search as finder
from warehouse.products.stated_title import stated_title


@pytest.fixture(scope="module")
def jobs(warehouse_db):
    return finder.worker_nouns(warehouse_db)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("I am a physical therapist at an outpatient clinic. I evaluate patients.", "physical therapist"),
        ("I'm a welder at a steel fabrication shop.", "welder"),
        ("I work as a paralegal for a litigation firm.", "paralegal"),
        ("I am currently a data scientist on the pricing team.", "data scientist"),
        ("As an MLOps engineer, I build the infrastructure that serves our models.", "MLOps engineer"),
        # with no article, at the start: the leading title, without 'As' (it was read 'As Marketing Manager')
        ("As Marketing Manager for a consumer electronics brand, I plan campaigns.", "Marketing Manager"),
        ("AS MARKETING MANAGER for a consumer electronics brand, I plan campaigns.", "MARKETING MANAGER"),
        ("As A Senior Engineer, I design bridges.", "Senior Engineer"),
        ("I design tools. As a biomedical engineer at a device maker, I test implants.", "biomedical engineer"),
        # in a text with no first person, the job's holder
        ("The beneficiary works as a medicinal chemist in a drug discovery group.", "medicinal chemist"),
        ("The beneficiary is the executive chef of a 120-seat restaurant.", "executive chef"),
        # a rank keeps its 'of ...'; another title ends at its last job
        (
            "She is an Associate Professor of Electrical Engineering who teaches circuits.",
            "Associate Professor of Electrical Engineering",
        ),
        ("The beneficiary serves as a biostatistician supporting Phase II trials.", "biostatistician"),
        ("The beneficiary is a mechanical engineer designing drivetrains.", "mechanical engineer"),
        # a text that starts with its title, capitalised, before a comma, full stop, dash or 'at'
        ("Geoscientist, Geothermal Exploration. Interpret geological data.", "Geoscientist"),
        ("Senior Data Scientist - Fraud. Build models that detect fraud.", "Senior Data Scientist"),
        ("Automotive Service Technician at a dealership. Inspect and repair cars.", "Automotive Service Technician"),
        # no title: not a job, not the writer's, not now, or not capitalised as a title
        ("I am responsible for the design of power electronics.", None),
        ("I am a member of the machine learning team.", None),
        ("As part of my role, I analyze clinical trial data.", None),
        ("I am a highly motivated, detail-oriented professional with 10 years of experience.", None),
        ("I am a software engineer by training, but now I manage a team of product managers.", None),
        ("My manager is a chemist; I wash the glassware.", None),
        ("I worked as a nurse for five years at a county hospital.", None),  # a past job
        ("She was a chemist at a paint maker; she now leads a sales team.", None),
        ("I report to the pharmacist and count tablets.", None),
        ("Design, build and test battery packs for electric buses.", None),
        ("Warehouse shift supervisor at a distribution center.", None),
        ("I am a shift supervisor at a grocery store.", None),  # the supervisors' rule reads it
        ("The beneficiary is a world-renowned expert in battery chemistry.", None),
        ("", None),
        # read now: a grade stays, 'employed as' is a way to say it
        ("I am a Senior Software Engineer II at Google.", "Senior Software Engineer II"),
        ("I am employed as a data scientist at a bank.", "data scientist"),
        ("The employee is a welder in a fabrication shop.", "welder"),
        # not the writer's job: negated, figurative, praise, someone else's, a salutation, an honorific, a company
        ("I am not a lawyer, but I draft contracts.", None),
        ("I am no longer a nurse; I now write software.", None),
        ("As a pilot study, I recruited 40 patients.", None),
        ("As a key driver of our growth strategy, I built the data platform.", None),
        ("She is an internationally recognized leader in computational fluid dynamics.", None),
        ("I am a partner at a law firm, where I litigate contract disputes.", None),
        ("As the lead author, I wrote the simulation code.", None),
        ("The ideal candidate is a team player who develops web applications.", None),
        ("The petitioner is a leader in drug discovery and the beneficiary designs kinase inhibitors.", None),
        ("I am a professor of chemistry and I have supervised Dr. Wang, who synthesizes cathode materials.", None),
        ("Dear Officer: the beneficiary will analyze clinical trial data.", None),
        ("Dr. Wang designs small-molecule kinase inhibitors.", None),
        ("Acme Builders, Inc. seeks a candidate to design HVAC systems.", None),
        # a role in a thing the text names, in a relative clause
        (
            "Dr. Ortiz reads video-EEG and runs a multicenter trial, where he is site principal investigator.",
            None,
        ),
        ("I build drones for a consortium in which I am the lead engineer.", None),
        ("The beneficiary runs the lab, which he is expanding; he is a microbiologist.", "microbiologist"),
    ],
)
def test_the_title_a_writer_states_is_found_where_its_head_is_a_job(jobs, text, title):
    assert stated_title(text, lambda: jobs) == title


def test_a_text_that_states_no_title_asks_for_no_jobs(jobs):
    # the search reads the jobs (a query to the warehouse) only where a text may state a title
    asked = []

    def reading() -> dict:
        asked.append(True)
        return jobs

    assert stated_title("I research new battery chemistries and synthesize cathode materials.", reading) is None
    assert not asked
    assert stated_title("I am a welder.", reading) == "welder" and asked


def test_a_long_text_is_read_in_linear_time(jobs):
    # a run of symbols or spaces before the first comma once took 194 s at 100,000 characters
    for text in ("!" * 100_000, "Duties" + " " * 100_000 + "end.", "I am a welder. " * 10_000):
        start = time.perf_counter()
        stated_title(text, lambda: jobs)
        assert time.perf_counter() - start < 1.0, text[:20]


# Each paragraph's duties alone rank another code first (`was`): the stated title decides between codes
# whose work is alike
@pytest.mark.parametrize(
    ("duties", "code", "was"),
    [
        (
            "She is an Associate Professor of Electrical Engineering who teaches circuits courses and runs a power "
            "electronics lab.",
            "25-1032",
            "17-3023",  # Electrical and Electronic Engineering Technologists and Technicians
        ),
        (
            "I am a device physicist at a company developing perovskite solar cells. I model charge transport and "
            "characterize devices.",
            "19-2012",
            "17-2199",  # Engineers, All Other
        ),
        (
            "I work as a paralegal for a litigation firm. I research case law, draft pleadings and discovery "
            "requests, and organize exhibits for trial.",
            "23-2011",
            "23-1012",  # Judicial Law Clerks
        ),
        (
            "The beneficiary works as a medicinal chemist in a drug discovery group. She designs and synthesizes "
            "small molecules and analyzes structure-activity relationships.",
            "19-2031",
            "19-1021",  # Biochemists and Biophysicists
        ),
        (
            "I am a nurse practitioner in a family clinic; I diagnose and treat common illnesses, order tests and "
            "prescribe medication.",
            "29-1171",
            "29-1215",  # Family Medicine Physicians
        ),
        (
            "I am a welder at a steel fabrication shop. I weld structural beams and frames using MIG and stick "
            "processes and read blueprints.",
            "51-4121",
            "47-2221",  # Structural Iron and Steel Workers
        ),
        (
            "Senior Data Scientist - Fraud. Build models that detect fraudulent transactions and present findings "
            "to the risk team.",
            "15-2051",
            "13-2099",  # Financial Specialists, All Other
        ),
    ],
)
def test_a_stated_title_decides_between_codes_whose_work_is_alike(warehouse_db, duties, code, was):
    found = finder.search(warehouse_db, duties=duties, limit=3)
    assert found[0]["soc_code"] == code
    assert found[0]["explain"]["title_stated"]
    # the duties alone: a title given is read instead of the stated one, and a title with no word to read counts
    # as none
    alone = finder.search(warehouse_db, title="!!!", duties=duties, limit=3)
    assert alone[0]["soc_code"] == was


def test_the_search_says_it_read_the_stated_title_and_shows_the_title_it_matched(warehouse_db):
    found = finder.search(warehouse_db, duties="I am a physical therapist at a clinic; I design exercise programs.")
    first = found[0]
    assert first["explain"]["title_stated"] == "physical therapist"
    assert "the duties state the title 'physical therapist': ranked as a title too" in finder.reading(first["explain"])
    assert first["soc_code"] == "29-1123"
    assert first["matched"][0]["text"] == "Physical Therapists"  # the title it matched, before any task


def test_a_title_given_is_read_and_not_the_one_the_duties_state(warehouse_db):
    duties = "I am a welder at a steel fabrication shop; I weld beams."
    found = finder.search(warehouse_db, title="Cashier", duties=duties, limit=3)
    assert found[0]["explain"]["title_stated"] is None and found[0]["explain"]["title_read_as"] == "cashier"


@pytest.mark.parametrize(
    "duties",
    [
        # a rank or kind of job alone names no code: 'engineer' alone ranks 17-2051 Civil Engineers first
        "I am an engineer at a search company, where I build ranking models for web search.",
        "I am an investigator at a biotech company, leading preclinical studies of gene therapies.",
        "I am a PhD student in computer science; I train large language models.",
    ],
)
def test_a_stated_title_that_names_no_field_is_not_read(warehouse_db, duties):
    found = finder.search(warehouse_db, duties=duties, limit=3)
    assert found[0]["explain"]["title_stated"] is None
    assert not any(line.startswith("the duties state") for line in finder.reading(found[0]["explain"]))

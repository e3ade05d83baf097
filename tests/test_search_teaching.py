"""Duties that teach courses at a college are coded to the postsecondary teachers of the subject taught
(`_teaching_college`, `_teachers`, `teachers_of_fields` in warehouse/products/search.py): SOC codes a professor by
the subject, 'both teachers primarily engaged in teaching and those who do a combination of teaching and research'."""

from __future__ import annotations

import pytest

from warehouse.products import search as finder

BIOLOGY = (
    "I teach Cell Biology and Developmental Genetics to biology majors and a graduate seminar on stem cells. My "
    "laboratory uses zebrafish to study heart regeneration, combining CRISPR knockouts, live confocal imaging and "
    "single-cell RNA sequencing, and is funded by an R01 from NHLBI."
)


def codes(found: list[dict]) -> list[str]:
    return [r["soc_code"] for r in found]


def raised(found: list[dict]) -> list[str]:
    """The results' reasons for the teachers' raise."""
    return [s for r in found for s in r["scaled"] if "for duties that teach at a college" in s]


@pytest.mark.parametrize(
    ("duties", "code", "phrase", "subject", "post"),
    [
        # each was the field's workers' code first, marked high: 19-1029, 29-1141, 13-2051, 17-2041
        (BIOLOGY, "25-1042", "teach Cell Biology and Developmental Genetics", "19-1029 Biological Scientists, All Other", False),
        (
            "The beneficiary teaches Adult Health (Medical-Surgical) Nursing and Pharmacology for Nurses in our BSN "
            "program and supervises students during clinical rotations at two partner hospitals.",
            "25-1072",
            "teaches Adult Health",
            "29-1141 Registered Nurses",
            False,
        ),
        (
            "I teach Corporate Finance and Investments to undergraduates and the core Financial Management course in "
            "our MBA program. My research on venture capital contracting has appeared in the Journal of Finance.",
            "25-1011",
            "teach Corporate Finance and Investments",
            "13-2051 Financial and Investment Analysts",
            False,
        ),
        (
            "Holds a tenure-track appointment in chemical engineering, where she teaches transport phenomena and "
            "reaction engineering and directs research on earth-abundant catalysts for green hydrogen production.",
            "25-1032",
            "teaches transport phenomena and reaction engineering",
            "17-2041 Chemical Engineers",
            True,  # 'a tenure-track appointment'
        ),
    ],
)  # fmt: skip
def test_a_professors_duties_are_coded_to_the_teachers_of_the_subject_and_say_why(
    warehouse_db, duties, code, phrase, subject, post
):
    found = finder.search(warehouse_db, duties=duties, limit=3)
    assert codes(found)[0] == code and subject.split()[0] in codes(found)  # the workers' code stays in the top 3
    named = " in the field they name ('chemical engineering')" if "appointment in chemical" in duties else ""
    assert found[0]["scaled"] == [
        f"×{finder.SUPERVISION_FACTOR:g}: postsecondary teachers, for duties that teach at a college ('{phrase}')"
        f"{named}, after adding the score of {subject}, taken as the subject taught"
    ]
    if post:  # the holder's academic post named: the subject's workers are closer in meaning, but no rival
        assert (found[0]["confidence"], found[0]["confidence_why"]) == ("high", None)
    else:  # an engineer, a clinician or a scientist who also teaches a course is coded by that work
        assert (found[0]["confidence"], found[0]["confidence_why"]) == (
            "low",
            f"the duties teach at a college ('{phrase}') and name no academic post: SOC codes a professor by the "
            "subject taught, but one whose main work is another (an engineer, a clinician, a scientist who also "
            f"teaches a course) by that work; read the tasks of the first code and of {subject}",
        )


def test_the_field_a_college_text_names_decides_the_teachers_code(warehouse_db):
    # 25-1054 Physics Teachers ranked first, marked high, for the thermodynamics courses; the text names the
    # department: CIP 14.1901 'Mechanical Engineering', whose teachers are 25-1032
    duties = (
        "I teach undergraduate courses in thermodynamics and fluid mechanics, advise graduate students on their "
        "theses, and run a funded research lab in the mechanical engineering department."
    )
    found = finder.search(warehouse_db, duties=duties, limit=3)
    assert codes(found)[:2] == ["25-1032", "25-1054"]
    assert raised(found) == [
        f"×{finder.SUPERVISION_FACTOR:g}: postsecondary teachers, for duties that teach at a college ('teach "
        "undergraduate courses in thermodynamics') in the field they name ('mechanical engineering'), after adding "
        "the score of 17-2141 Mechanical Engineers, taken as the subject taught"
    ]
    fields = finder._fields(warehouse_db)
    assert fields[1]["mechanical engineering"][0] == "25-1032" and "17-2141" in fields[1]["mechanical engineering"][1]
    assert fields[1]["physics"][0] == "25-1054"
    assert finder._field_taught("I teach Quantum Mechanics to physics majors.", fields)[:2] == ("physics", "25-1054")
    assert finder._field_taught("She holds a chair in Chemical Engineering.", fields)[:2] == (
        "Chemical Engineering",
        "25-1032",
    )
    # a course's name is no field; fields of two teachers' codes name none
    assert finder._field_taught("I teach Crop Physiology to agronomy undergraduates.", fields) is None
    assert finder._field_taught("I teach mechanics to physics majors and engineering students.", fields) is None


def test_a_professor_whose_teachers_code_already_ranks_first_is_left_as_ranked(warehouse_db):
    # no code of the subject ranks above the teachers' codes: the teachers' tasks name the subject ('quantum
    # mechanics'), and raising the best subject code's teachers (here engineering's, for 'mechanics' and 'materials')
    # lost the physics professor its first place
    found = finder.search(
        warehouse_db,
        duties="In addition to my research on two-dimensional magnetic materials using low-temperature scanning "
        "tunneling microscopy, I teach the calculus-based introductory mechanics course and upper-level Quantum "
        "Mechanics. Several of my undergraduate researchers have gone on to doctoral programs.",
        limit=3,
    )
    assert codes(found)[0] == "25-1054" and raised(found) == []


@pytest.mark.parametrize(
    ("duties", "code"),
    [
        # a researcher who teaches people a skill, or works beside those who teach
        (
            "I study zebrafish heart regeneration with CRISPR knockouts and confocal imaging, and I mentor graduate "
            "students and teach them to use the confocal microscope.",
            None,
        ),
        (
            "I study zebrafish heart regeneration with CRISPR knockouts and confocal imaging, and support the faculty "
            "who teach the graduate seminar on stem cells.",
            None,
        ),
        (
            "My advisor, a university professor, teaches Quantum Mechanics to graduate students; I run his lab's "
            "dilution refrigerator and build the qubit control electronics.",
            None,
        ),
        # clinicians who teach on the ward, and jobs that name a university or college for another reason (a
        # reviewer's cases: each was a teachers' code first, marked high)
        (
            "As an attending physician in internal medicine at a university hospital, I diagnose and treat "
            "hospitalized adults, order and interpret laboratory tests, and teach medical students and residents on "
            "daily rounds.",
            None,
        ),
        (
            "I am a hospitalist at a university teaching hospital. I admit and manage acutely ill adults and "
            "coordinate discharge planning.",
            None,
        ),
        (
            "As a dental hygienist I clean teeth, take x-rays, and teach patients about oral hygiene. I trained at a "
            "community college.",
            "29-1292",
        ),
        (
            "I am an accountant at a Big Four firm. I audit financial statements of public companies and teach "
            "internal CPE courses to staff. I graduated from the University of Michigan with a master's in "
            "accounting.",
            "13-2011",
        ),
        (
            "I work in the university's IT department administering Linux servers and teaching staff how to use the "
            "new VPN.",
            None,
        ),
        (
            "I work as an industrial engineer at Toyota, leading kaizen events and redesigning assembly line layouts; "
            "I guest-teach a session each semester in the university's operations management course.",
            "17-2112",
        ),
        (
            "As an attending cardiologist at Duke University, I perform cardiac catheterizations and teach medical "
            "students and residents on daily rounds.",
            "29-1212",
        ),
        (
            "I sequence tumor genomes at the university and teach graduate students to prepare sequencing libraries.",
            None,
        ),
        # a teacher at a school below college: no college named in the teaching's sentence
        ("I teach AP Biology to juniors and seniors at a public high school and run the school's science fair.", None),
    ],
)
def test_duties_that_do_not_teach_a_college_course_raise_no_teachers(warehouse_db, duties, code):
    assert finder._teaching_college(duties) == []
    found = finder.search(warehouse_db, duties=duties, limit=5)
    assert raised(found) == []
    assert code is None or codes(found)[0] == code


@pytest.mark.parametrize(
    ("title", "duties", "code"),
    [
        (
            "Registered Nurse",
            "I work in the emergency department, triaging patients, starting IVs and administering medications, and "
            "I teach a pharmacology course to BSN students at the university.",
            "29-1141",
        ),
        (
            "Software Engineer",
            "I build distributed storage systems, and I teach the undergraduate operating systems course at the "
            "university as an adjunct.",
            "15-1252",
        ),
    ],
)
def test_a_title_given_that_is_no_teachers_keeps_the_teaching_a_sideline(warehouse_db, title, duties, code):
    # the duties alone would raise the teachers: the title says the job is another
    assert finder._teaching_college(duties)
    found = finder.search(warehouse_db, title=title, duties=duties, limit=3)
    assert codes(found)[0] == code and raised(found) == []


def test_another_persons_professorship_or_an_adjuncts_post_leaves_a_raise_low(warehouse_db):
    # each was 25-1042 Biological Science Teachers, 'high': 'Professor' named the holder's post wherever it stood
    for duties in (
        "As a postdoctoral researcher in Professor Okoye's lab, I study zebrafish heart regeneration with CRISPR and "
        "imaging; I also teach the undergraduate developmental biology lab.",
        "Dr. Lin teaches Cell Biology I and Developmental Genetics to biology majors and a graduate seminar on stem "
        "cells. Her laboratory uses zebrafish to study heart regeneration.",
    ):
        (first,) = finder.search(warehouse_db, duties=duties, limit=1)
        assert first["soc_code"] == "25-1042" and raised([first]) and first["confidence"] == "low"
    for post in (
        "Working under an assistant professor",
        "in Professor Okoye's lab",
        "As an adjunct assistant professor",
    ):
        assert not finder._ACADEMIC_POST.search(post)
    for post in (
        "As an Associate Professor of Nursing",
        "Dr. Ruiz, an associate professor",
        "a tenure-track appointment",
    ):
        assert finder._ACADEMIC_POST.search(post)


def test_a_manager_the_managers_rule_raised_is_no_subject_taught(warehouse_db):
    # 11-9121 Natural Sciences Managers was taken as the subject, and raised 25-1042 Biological Science Teachers
    found = finder.search(
        warehouse_db,
        duties="I manage the university chemistry department's analytical laboratory, hiring and supervising its "
        "staff and managing its budget, and teach instrumental analysis to chemistry majors.",
        limit=5,
    )
    assert not any("11-9121" in s for s in raised(found))


def test_the_lectures_heard_are_not_taught():
    assert finder._teaching_college("I attend lectures at the university and take graduate courses.") == []
    # a course's numeral is no 'I', nor a title's abbreviation a sentence's end
    assert finder._teaching_college("Dr. Lin teaches Cell Biology I and Genetics to biology majors.") == [
        "teaches Cell Biology I and Genetics"
    ]
    assert finder._teaching_college(
        "In the fourth year of my PhD at the university I taught Principles of Microeconomics: I wrote the syllabus, "
        "delivered all lectures, wrote and graded the exams."
    ) == ["taught Principles of Microeconomics"]


def test_each_fields_teachers_are_those_that_share_most_of_its_programs_in_the_cip_soc_crosswalk(warehouse_db):
    teachers = finder.teachers_of_fields(warehouse_db)
    assert {code: teachers.get(code) for code in ("19-2031", "29-1141", "17-2141", "13-2051", "15-1252")} == {
        "19-2031": "25-1052",  # Chemists: Chemistry Teachers
        "29-1141": "25-1072",  # Registered Nurses: Nursing Instructors and Teachers
        "17-2141": "25-1032",  # Mechanical Engineers: Engineering Teachers
        "13-2051": "25-1011",  # Financial and Investment Analysts: Business Teachers
        "15-1252": "25-1021",  # Software Developers: Computer Science Teachers
    }
    # teachers name no teachers of their own, and none is the '..., All Other' code
    assert not any(code.startswith("25-") for code in teachers) and "25-1199" not in teachers.values()

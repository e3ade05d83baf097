"""The foreign title glossary (warehouse.products.title_glossary): its pure functions alone, then through the
search on the shared warehouse."""

from __future__ import annotations

import pytest

from warehouse.products import search as finder
from warehouse.products.title_glossary import (
    FOREIGN_FIELD_WORDS,
    FOREIGN_JOB_WORDS,
    FOREIGN_TITLE_PHRASES,
    GLOSSARY,
    compound,
    glossary_form,
    plain_title,
)

# title words as search.title_terms counts them (term: documents); only membership matters here
KNOWN = {"software": 90, "manager": 900, "analyst": 300, "data": 120}


@pytest.mark.parametrize(
    "word, form",
    [
        ("entwicklerin", "entwickler"),  # a woman developer: -in after the glossary's form
        ("ingenieurinnen", "ingenieur"),  # women engineers, or all: -innen
        ("biologin", "biologe"),  # Biologe -> Biologin: the stem's -e goes
        ("profesores", "profesor"),  # a Spanish plural
        ("medecin", "medecin"),  # a French word that ends in -in is itself
        ("protein", None),  # nothing a glossary form is the feminine of
        ("plugin", None),  # nor 'plug', which is a title word, not a form
        ("arin", None),  # a stem under four letters is no form
    ],
)
def test_a_german_feminine_or_plural_is_read_as_the_glossary_form(word, form):
    assert glossary_form(word) == form


def test_a_german_compound_with_a_feminine_part_is_read_as_two_words():
    assert compound("softwareentwicklerin", KNOWN) == "software developer"
    assert compound("projektmanagerin", KNOWN) == "project manager"  # a title word's feminine, inside a compound
    assert compound("datenanalystinnen", KNOWN) == "data analyst"
    assert compound("qwertzuiopasdf", KNOWN) is None


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("Softwareentwicklerin (m/w/d)", "Softwareentwicklerin"),
        ("Projektleiter (w/m/x)", "Projektleiter"),
        ("Data Engineer (all genders)", "Data Engineer"),
        ("Chef de projet H/F", "Chef de projet"),
        ("Ingénieur logiciel (F/H)", "Ingénieur logiciel"),
        ("Dipl.-Ing. Maschinenbau", "Ingeniero Maschinenbau"),
        ("Dr.-Ing. Elektrotechnik", "Ingeniero Elektrotechnik"),
        ("Ing. Civil", "Ingeniero Civil"),
        # what is not a mark stays: hardware, microwave, an endorsement, a bank, a doctor, a word's ending
        ("H/W Design Engineer", "H/W Design Engineer"),
        ("M/W Engineer", "M/W Engineer"),
        ("Driver w/ H endorsement", "Driver w/ H endorsement"),
        ("ING Risk Manager", "ING Risk Manager"),
        ("Dr. Smith", "Dr. Smith"),
        ("Drywall Installer", "Drywall Installer"),
        ("I/O Engineer", "I/O Engineer"),
        ("Heating (HVAC) Technician", "Heating (HVAC) Technician"),
    ],
)
def test_gender_marks_and_german_degrees_are_dropped_ing_spelled_out_and_nothing_else(typed, kept):
    assert " ".join(plain_title(typed).split()) == kept


def test_each_form_is_listed_once_and_can_be_read():
    lines = [line.split(":") for line in (FOREIGN_JOB_WORDS + "\n" + FOREIGN_FIELD_WORDS).splitlines()]
    forms = [form for _, listed in lines for form in listed.split()]
    assert len(forms) == len(set(forms))  # the first line that lists a form wins: a second would never be read
    assert all(form.isascii() and form.isalpha() and form.islower() for form in forms)  # as words() reads them
    # a query word under four letters is kept as typed ('ING' is a bank, 'BAU' business as usual): a shorter
    # form would never be read
    assert min(map(len, forms)) >= 4
    phrases = [form.strip() for line in FOREIGN_TITLE_PHRASES.splitlines() for form in line.split(":")[1].split("|")]
    assert len(phrases) == len(set(phrases))


def test_no_form_is_an_english_title_word_but_labor_inside_a_compound(warehouse_db):
    # a form that an English title uses is never read (the word is kept as typed): 'maestro' was one ('Maestro de
    # Obras' is a phrase now); 'labor', a German laboratory, is read only as a compound's part ('Laborleiterin')
    terms = {term for (term,) in warehouse_db.execute("SELECT term FROM search.title_terms").fetchall()}
    assert set(GLOSSARY) & terms == {"labor"}


@pytest.mark.parametrize(
    "title, read, code",
    [
        # matched nothing at all before: the marks were single-letter words and 'entwicklerin' no form
        ("Softwareentwicklerin (m/w/d)", "software developer", "15-1252"),
        # 'Dipl' was corrected to 'dip', and the engineer stayed second: Bus and Truck Mechanics came first
        ("Dipl.-Ing. Maschinenbau", "mechanical engineer", "17-2141"),
        ("Ing. Civil", "civil engineer", "17-2051"),
        # the glossary's trades, offices and fields of 2026-12-07 (each title matched another job, or nothing)
        ("Commercialista", "accountant", "13-2011"),  # matched nothing
        ("Steuerberater", "accountant", "13-2011"),  # a licensed tax accountant, no tax preparer
        ("Notario", "lawyer", "23-1011"),  # a civil-law notary is a lawyer, not a notary public
        ("Erzieherin", "preschool teacher", "25-2011"),  # 25-1081 Education Teachers, Postsecondary
        ("Gerente de Loja", "store manager", "41-1011"),  # 11-9081 Lodging Managers ('loja' read as typed)
        ("Ingegnere Gestionale", "industrial engineer", "17-2112"),  # 17-2011 Aerospace Engineers
        ("Verfahrensingenieur (m/w/d)", "process engineer", "17-2041"),  # matched nothing
        ("Ingeniera Óptica", "optical engineer", "17-2199"),  # optics, the field, not an optician
        # a technician or physician named with a specialist is of the specialty: not two jobs side by side
        ("Técnico Radiólogo", "radiologist radiology technician", "29-2034"),
        ("Médico Veterinario", "physician veterinarian", "29-1131"),
        # phrases: 'Chef de Rang' was a chef, 'Conducteur de Travaux' a driver, 'Professeur des Écoles' a professor
        ("Chef de Rang", "waiter", "35-3031"),
        ("Conducteur de Travaux", "construction manager", "11-9021"),
        ("Chef de Chantier", "foreman", "47-1011"),
        ("Maestro de Obras", "foreman", "47-1011"),  # 27-2041 Music Directors, through 'maestro'
        ("Professeur des Écoles", "elementary school teacher", "25-2021"),
        ("Técnico de Segurança do Trabalho", "occupational safety technician", "19-5012"),
        ("Assistante de Direction", "executive assistant", "43-6011"),
        ("Engenheiro Eletricista", "electrical engineer", "17-2071"),  # 47-2111 Electricians ('engineer electrician')
        # a German research post is a research scientist's in its field, as a postdoc's is (it was a 'research
        # associate': 19-4061 Social Science Research Assistants)
        ("Wissenschaftlicher Mitarbeiter, Quantenoptik", "research scientist quantum optics", "19-2012"),
        # a professor of a school level is its teacher
        ("Professora de Ensino Fundamental", "elementary school teacher", "25-2021"),
        ("Profesor de Educación Secundaria", "secondary school teacher", "25-2031"),
        ("Profesora de Secundaria", "secondary teacher", "25-2031"),  # 25-1081 Education Teachers, Postsecondary
        # a second review's licensed jobs, each read as an assistant, a nurse or a driver before
        ("Asistente Social", "social worker", "21-1022"),  # 21-1093 Social and Human Service Assistants
        ("Infirmier anesthésiste", "nurse anesthetist", "29-1151"),  # 29-1211 Anesthesiologists
        ("Técnico de Enfermagem", "licensed practical nurse", "29-2061"),  # 31-1131 Nursing Assistants
        ("Rettungssanitäter", "emergency medical technician", "29-2042"),
        ("Visitador Médico", "pharmaceutical sales representative", "41-4011"),  # 29-1051 Pharmacists
    ],
)
def test_foreign_titles_of_every_group_are_read_in_english(warehouse_db, title, read, code):
    assert " ".join(finder.correct_title(warehouse_db, title)[0].split()) == read
    assert [r["soc_code"] for r in finder.search(warehouse_db, title=title, limit=1)] == [code]


@pytest.mark.parametrize(
    "title, read",
    [
        ("BAU Manager", "bau manager"),  # business as usual, not German 'Bau' (construction)
        ("ING Risk Manager", "ing risk manager"),  # a bank, not 'Ing.'
        ("Eau Claire Plant Manager", "eau claire plant manager"),  # a town, not French 'eau' (water)
    ],
)
def test_english_titles_with_a_short_word_are_not_read_as_foreign(warehouse_db, title, read):
    assert finder.correct_title(warehouse_db, title) == (read, {})


def test_a_word_ending_in_in_alone_is_no_german_feminine(warehouse_db):
    # 'plugin' is not a woman 'plug' (only a compound's part is read so: 'Projektmanagerin')
    assert "plug" not in finder.correct_title(warehouse_db, "Plugin Developer")[0].split()


def test_a_professor_of_primary_care_or_of_a_school_levels_education_stays_a_professor(warehouse_db):
    # 'primary' alone is a school level ('Profesora de Primaria'), but not in primary care; and a professor of
    # elementary or secondary education teaches teachers, at a college: 25-1081 Education Teachers, Postsecondary
    assert finder.correct_title(warehouse_db, "Professor of Primary Care")[0] == "professor of primary care"
    for title in ("Associate Professor of Elementary Education", "Professor of Secondary Education"):
        assert finder.correct_title(warehouse_db, title)[1] == {}
        assert [r["soc_code"] for r in finder.search(warehouse_db, title=title, limit=1)] == ["25-1081"]
    assert finder.correct_title(warehouse_db, "Profesor de Primaria")[0] == "primary teacher"


def test_a_german_sharp_s_is_read_as_ss(warehouse_db):
    # 'ß' has no accent to strip: 'Außendienst' was read as 'auendienst', a word nothing has
    assert finder.words("Außendienst") == ["aussendienst"]
    assert "outside sales" in finder.correct_title(warehouse_db, "Vertrieb Außendienst")[0]

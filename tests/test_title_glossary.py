"""The foreign title glossary (warehouse.products.title_glossary): its pure functions alone, then through the
search on the shared warehouse."""

from __future__ import annotations

import pytest

from warehouse.products import search as finder
from warehouse.products.title_glossary import compound, english_word, glossary_form, without_marks

# title words as search.title_terms counts them (term: documents); only membership matters here
KNOWN = {"software": 90, "manager": 900, "analyst": 300, "data": 120, "student": 20}


@pytest.mark.parametrize(
    "word, form",
    [
        ("entwicklerin", "entwickler"),  # a woman developer: -in after the glossary's form
        ("ingenieurinnen", "ingenieur"),  # women engineers, or all: -innen
        ("biologin", "biologe"),  # Biologe -> Biologin: the stem's -e goes
        ("profesores", "profesor"),  # a Spanish plural
        ("medecin", "medecin"),  # a French word that ends in -in is itself
        ("protein", None),  # nothing a glossary form is the feminine of
        ("arin", None),  # a stem under four letters is no form
    ],
)
def test_a_german_feminine_or_plural_is_read_as_the_glossary_form(word, form):
    assert glossary_form(word) == form


def test_a_word_is_read_through_the_glossary_or_as_the_title_word_it_is_the_feminine_of():
    assert english_word("entwicklerin", KNOWN) == "developer"
    assert english_word("managerin", KNOWN) == "manager"  # an English title word, in German feminine
    assert english_word("analystinnen", KNOWN) == "analyst"
    assert english_word("software", KNOWN) == "software"
    assert english_word("ing", KNOWN) == "engineer"  # 'Ing.', the engineer's title in Spanish and German
    assert english_word("qwertz", KNOWN) is None
    assert english_word("studin", KNOWN) is None  # 'stud' is no title word


def test_a_german_compound_with_a_feminine_part_is_read_as_two_words():
    assert compound("softwareentwicklerin", KNOWN) == "software developer"
    assert compound("projektmanagerin", KNOWN) == "project manager"
    assert compound("datenanalystin", KNOWN) == "data analyst"
    assert compound("qwertzuiopasdf", KNOWN) is None


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("Softwareentwicklerin (m/w/d)", "Softwareentwicklerin"),
        ("Projektleiter (w/m/x)", "Projektleiter"),
        ("Data Engineer (all genders)", "Data Engineer"),
        ("Chef de projet H/F", "Chef de projet"),
        ("Ingénieur logiciel (F/H)", "Ingénieur logiciel"),
        ("Dipl.-Ing. Maschinenbau", "Ing. Maschinenbau"),
        ("Dr.-Ing. Elektrotechnik", "Ing. Elektrotechnik"),
        # what is not a mark stays
        ("Dr. Smith", "Dr. Smith"),
        ("Drywall Installer", "Drywall Installer"),
        ("I/O Engineer", "I/O Engineer"),
        ("Heating (HVAC) Technician", "Heating (HVAC) Technician"),
    ],
)
def test_gender_marks_and_german_degrees_are_dropped_and_nothing_else(typed, kept):
    assert " ".join(without_marks(typed).split()) == kept


@pytest.mark.parametrize(
    "title, read, code",
    [
        # matched nothing at all before: the marks were single-letter words and 'entwicklerin' no form
        ("Softwareentwicklerin (m/w/d)", "software developer", "15-1252"),
        # 'Dipl' was corrected to 'dip', and the engineer stayed second: Bus and Truck Mechanics came first
        ("Dipl.-Ing. Maschinenbau", "mechanical engineer", "17-2141"),
        ("Ing. Civil", "civil engineer", "17-2051"),
        ("Projektmanagerin", "project manager", None),
    ],
)
def test_a_german_or_spanish_engineers_title_is_read_in_english(warehouse_db, title, read, code):
    assert finder.correct_title(warehouse_db, title)[0] == read
    if code is not None:
        assert [r["soc_code"] for r in finder.search(warehouse_db, title=title, limit=1)] == [code]


def test_each_form_and_each_english_word_is_listed_once():
    from warehouse.products.title_glossary import FOREIGN_FIELD_WORDS, FOREIGN_JOB_WORDS

    lines = [line.split(":") for line in (FOREIGN_JOB_WORDS + "\n" + FOREIGN_FIELD_WORDS).splitlines()]
    english = [meaning.strip() for meaning, _ in lines]
    forms = [form for _, listed in lines for form in listed.split()]
    assert len(english) == len(set(english))  # one line per English meaning: a second would hide its forms
    assert len(forms) == len(set(forms))  # the first line that lists a form wins: a second is never read
    assert all(form.isascii() and form.isalpha() and form.islower() for form in forms)  # as words() reads them


@pytest.mark.parametrize(
    "title, read, code",
    [
        # the glossary's trades, offices and fields of 2026-12-07 (each title matched another job, or nothing)
        ("Commercialista", "accountant", "13-2011"),  # matched nothing
        ("Erzieherin", "preschool teacher", "25-2011"),  # an 'educator': 25-1081 Education Teachers, Postsecondary
        ("Gerente de Loja", "store manager", "41-1011"),  # 11-9081 Lodging Managers ('loja' read as typed)
        ("Ingegnere Gestionale", "industrial engineer", "17-2112"),  # 17-2011 Aerospace Engineers
        ("Verfahrensingenieur (m/w/d)", "process engineer", "17-2041"),  # matched nothing
        # phrases: 'Chef de Rang' was a chef, 'Conducteur de Travaux' a driver, 'Professeur des Écoles' a professor
        ("Chef de Rang", "waiter", "35-3031"),
        ("Conducteur de Travaux", "construction manager", "11-9021"),
        ("Professeur des Écoles", "elementary school teacher", "25-2021"),
        ("Professora de Ensino Fundamental", "elementary school professor", "25-2021"),
        ("Técnico de Segurança do Trabalho", "occupational safety technician", "19-5012"),
        ("Assistante de Direction", "executive assistant", "43-6011"),
        ("Engenheiro Eletricista", "electrical engineer", "17-2071"),  # 47-2111 Electricians ('engineer electrician')
        # a German research post is a research scientist's in its field, as a postdoc's is (it was a 'research
        # associate': 19-4061 Social Science Research Assistants)
        ("Wissenschaftlicher Mitarbeiter, Quantenoptik", "research scientist quantum optics", "19-2012"),
    ],
)
def test_foreign_titles_of_every_group_are_read_in_english(warehouse_db, title, read, code):
    assert " ".join(finder.correct_title(warehouse_db, title)[0].split()) == read
    assert [r["soc_code"] for r in finder.search(warehouse_db, title=title, limit=1)] == [code]


def test_a_german_sharp_s_is_read_as_ss(warehouse_db):
    # 'ß' has no accent to strip: 'Außendienst' was read as 'auendienst', a word nothing has
    assert finder.words("Außendienst") == ["aussendienst"]
    assert "outside sales" in finder.correct_title(warehouse_db, "Vertrieb Außendienst")[0]

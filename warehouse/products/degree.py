"""`socwh degree`: is a degree program on the DHS STEM list, and which occupations does NCES link it to?

USCIS weighs the petitioner's degree field against the DHS STEM Designated Degree Program List, which is keyed by
CIP 2020 code. A user gives a CIP code ('14.0901') or a program name ('data science'); a name is matched against
the CIP 2020 titles with rapidfuzz, and the closest titles are shown beside the one chosen, since a program name
on a diploma rarely is a CIP title word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb
from rapidfuzz import fuzz, process, utils

from warehouse.products import queries

CIP_CODE = re.compile(r"^(\d{1,2})\.(\d{4})$")
MIN_SCORE = 85  # below it the best title shares only part of the words ('machine learning' -> 'Learning Sciences')
ALTERNATIVES = 4


class UnknownProgram(ValueError):
    pass


@dataclass(frozen=True)
class Program:
    cip_code: str
    title: str
    definition: str | None
    on_dhs_list: bool
    dhs_list_date: str | None  # the list's "Last Updated" date, as recorded in source_releases
    cip_release: str | None
    matched_from: str | None = None  # the name the user typed, when the program was found by name
    score: float | None = None
    alternatives: list[tuple[str, str, float]] = field(default_factory=list)  # other close titles: code, title, score
    occupations: list[dict] = field(default_factory=list)


def _titles(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return [
        (row["cip_code"], row["title"])
        for row in queries.rows(
            con, "SELECT cip_code, trim(cip_title, ' .') AS title FROM raw.cip_codes WHERE cip_level = 6 ORDER BY 1"
        )
    ]


def match_name(name: str, titles: list[tuple[str, str]]) -> list[tuple[str, str, float]]:
    """CIP titles closest to `name`, best first: every word of the name in the title scores highest
    (token_set_ratio), then the closer whole string (WRatio), then a ', General' program, then the shorter title."""
    names = [title for _, title in titles]
    found = process.extract(
        name, names, scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=60, score_cutoff=50
    )

    def key(hit: tuple[str, float, int]) -> tuple:
        title, score, _ = hit
        whole = fuzz.WRatio(name, title, processor=utils.default_process)
        return (-round(score), -round(whole), not title.endswith(", General"), len(title))

    return [(titles[index][0], title, round(score, 1)) for title, score, index in sorted(found, key=key)]


def lookup(con: duckdb.DuckDBPyConnection, query: str) -> Program:
    """The program a CIP code or name stands for, with its DHS status and the occupations NCES links to it."""
    text = " ".join(query.split())
    if not text:
        raise UnknownProgram("give a CIP 2020 code (e.g. 30.7001) or a program name (e.g. 'data science')")
    code_match = CIP_CODE.match(text)
    titles = _titles(con)
    matched_from, score, alternatives = None, None, []
    if code_match:
        code = f"{int(code_match.group(1)):02d}.{code_match.group(2)}"
        if code not in dict(titles):
            raise UnknownProgram(f"{code} is not a CIP 2020 program code (6 digits, as NCES's CIPCode2020.csv)")
    elif re.fullmatch(r"[\d.\-]+", text):
        raise UnknownProgram(f"{text!r} is not a CIP code: expected the form NN.NNNN, e.g. 14.0901")
    else:
        hits = match_name(text, titles)
        if not hits or hits[0][2] < MIN_SCORE:
            closest = "; ".join(f"{c} {t}" for c, t, _ in hits[:3]) or "none"
            raise UnknownProgram(f"no CIP 2020 program title close to {text!r} (closest: {closest}); try a CIP code")
        code, _, score = hits[0]
        matched_from, alternatives = text, hits[1 : 1 + ALTERNATIVES]
    return _program(con, code, matched_from, score, alternatives)


def _program(con, code: str, matched_from, score, alternatives) -> Program:
    info = queries.rows(
        con,
        """
        SELECT c.cip_code, trim(c.cip_title, ' .') AS title, c.cip_definition,
               d.cip_code IS NOT NULL AS on_dhs_list,
               (SELECT max(release) FROM source_releases WHERE source = 'stem') AS dhs_list_date,
               (SELECT max(release) FROM source_releases WHERE source = 'cip') AS cip_release
        FROM raw.cip_codes AS c LEFT JOIN raw.dhs_stem_cip AS d USING (cip_code)
        WHERE c.cip_code = ?
        """,
        [code],
    )[0]
    occupations = queries.rows(
        con,
        """
        SELECT o.soc_code, o.title, o.is_stem, o.is_stem_occupation, o.stem_basis, o.requires_advanced_degree,
               o.bls_typical_education, o.cet_areas, o.is_priority_field
        FROM raw.cip_soc_crosswalk AS x JOIN occupations AS o USING (soc_code)
        WHERE x.cip_code = ?
        ORDER BY o.soc_code
        """,
        [code],
    )
    return Program(
        cip_code=info["cip_code"],
        title=info["title"],
        definition=info["cip_definition"],
        on_dhs_list=info["on_dhs_list"],
        dhs_list_date=info["dhs_list_date"],
        cip_release=info["cip_release"],
        matched_from=matched_from,
        score=score,
        alternatives=alternatives,
        occupations=occupations,
    )

"""Answers for programs: the warehouse's questions as JSON-ready dicts, each with the citations of its figures.

The MCP server (warehouse/products/mcp_server.py) and the JSON API (warehouse/products/api.py) both answer through this module, so
an assistant and a program get the same figures, the same citations and the same error messages as the CLI.
Every answer is `{"result": ..., "citations": [...], "notes": [...]}` plus `"onet_attribution"` when O*NET
figures appear. A citation names the source, its publisher, the release loaded, each file's URL and retrieval
date (as recorded in `source_releases` at build time) and the publisher's public page for a human reader.

Bad input raises BadArgument (or queries.UnknownCode for a code the warehouse lacks) with the CLI's message.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, fields
from pathlib import Path

import duckdb

from warehouse.config import SQL_MAX_SECONDS
from warehouse.products import compare, queries, search
from warehouse.products.evidence import CET_DISCLAIMER
from warehouse.sources import catalog

# The page a reader opens to see each source as its publisher presents it (the file URLs are for machines).
PUBLIC_PAGES = {
    "soc": "https://www.bls.gov/soc/2018/home.htm",
    "onet": "https://www.onetcenter.org/database.html",
    "oews": "https://www.bls.gov/oes/",
    "ep": "https://www.bls.gov/emp/tables/education-and-training-by-occupation.htm",
    "cip": "https://nces.ed.gov/ipeds/cipcode/resources.aspx",
    "stem": "https://studyinthestates.dhs.gov/stem-opt-hub/additional-resources/eligible-cip-codes-for-the-stem-opt-extension",
}
ALL_SOURCES = tuple(PUBLIC_PAGES)
# What the flags mean, said once: the MCP tool descriptions and the API's OpenAPI document both quote it.
FLAG_MEANINGS = (
    "requires_advanced_degree: BLS Employment Projections' typical entry education is a master's, doctoral or "
    "professional degree (or, where BLS assigns none, most O*NET respondents need a master's or higher); it is "
    "not a legal finding that the position requires one. advanced_degree_evidence: how many of BLS, the O*NET "
    "majority and Job Zone 5 agree (0-3; BLS's is the official signal, the two O*NET ones corroborate it and are "
    "correlated). bachelors_plus_5y: BLS typical education is a bachelor's with 5 years or more of work experience "
    "in a related occupation (BLS's own category; it does not show progressive experience in the specialty). "
    "is_stem_occupation: the occupation is on BLS's OES STEM definition (100 occupations in 2010 SOC, bridged to "
    "2018 SOC through O*NET's crosswalks). is_stem: is_stem_occupation, OR more than half of the degree programs "
    "the NCES CIP-SOC crosswalk links to the occupation are on the DHS STEM Designated Degree Program List (a "
    "strict majority: 1 of 2 is not); stem_basis says which, in words. The DHS list is of degree programs, not "
    "occupations: check a petitioner's own degree field with check_degree_field. cet_areas: Critical and Emerging "
    "Technologies areas from this project's own curated judgement, NOT an official mapping. is_priority_field: "
    "is_stem or any CET area."
)
MAX_PAGE = 200
SQL_MAX_ROWS = 1000


class BadArgument(ValueError):
    """An argument the warehouse cannot use; the message names it and what was expected."""


class NotFound(BadArgument):
    """An argument the warehouse has nothing for (a degree field no CIP 2020 program answers to)."""


def citations(con: duckdb.DuckDBPyConnection, sources: tuple[str, ...] = ALL_SOURCES) -> list[dict]:
    """One citation per source: publisher, release, public page, license, and each file's URL and retrieval date."""
    files = queries.rows(
        con,
        "SELECT source, file, url, release, retrieved_at FROM source_releases "
        "WHERE list_contains(?, source) ORDER BY source, file",
        [list(sources)],
    )
    out: dict[str, dict] = {}
    for f in files:
        source = catalog.SOURCES[f["source"]]
        entry = out.setdefault(
            f["source"],
            {
                "source": f["source"],
                "title": source.title,
                "publisher": source.publisher,
                "release": f["release"],
                "public_page": PUBLIC_PAGES[f["source"]],
                "license": source.license,
                "files": [],
            },
        )
        entry["files"].append({"file": f["file"], "url": f["url"], "retrieved_at": str(f["retrieved_at"])})
    return list(out.values())


def onet_attribution(con: duckdb.DuckDBPyConnection) -> str:
    release = queries.rows(con, "SELECT max(release) AS r FROM source_releases WHERE source = 'onet'")[0]["r"]
    return catalog.ONET_CC_BY.format(release=release)


def cited(con: duckdb.DuckDBPyConnection, result: object, sources: tuple[str, ...] = ALL_SOURCES, notes=()) -> dict:
    answer = {"result": result, "citations": citations(con, sources), "notes": list(notes)}
    if "onet" in sources:
        answer["onet_attribution"] = onet_attribution(con)
    return answer


# --- occupations ------------------------------------------------------------------------------------------------


def occupation(con: duckdb.DuckDBPyConnection, code: str, area: str | None = None) -> dict:
    """One occupation: every column of `occupations`, the O*NET education distribution, and O*NET OnLine links;
    with `area` (an OEWS area code or name, e.g. 06 or California), that area's OEWS employment and wages."""
    row = queries.occupation(con, code)
    row["education_distribution"] = queries.education_distribution(con, row["onet_codes"] or [])
    row["onet_online"] = [f"https://www.onetonline.org/link/summary/{c}" for c in row["onet_codes"] or []]
    notes = [FLAG_MEANINGS, CET_DISCLAIMER]
    if area is not None and area.strip():
        row["area"] = area_wages(con, row["soc_code"], area.strip())
    return cited(con, row, notes=notes)


AREA_SQL = """
SELECT area_code, area_name, area_type, employment, annual_mean_wage, annual_median_wage, annual_p10_wage,
       annual_p90_wage, footnotes, oews_release
FROM oews_estimates
WHERE occupation_code = $code AND industry_code = '000000'
  AND (area_code = $area OR lower(area_name) = lower($area) OR lower(state_code) = lower($area))
ORDER BY areatype_code = 'S' DESC, area_code
LIMIT 1
"""


def area_wages(con: duckdb.DuckDBPyConnection, code: str, area: str) -> dict:
    """OEWS figures of one area, or a note that this build has none for it."""
    found = queries.rows(con, AREA_SQL, {"code": code, "area": area})
    if not found:
        return {"requested": area, "available": False, "note": f"area {area!r}: not available in this build"}
    return {"requested": area, "available": True, **found[0]}


@dataclass(frozen=True)
class Filters:
    """The filters of the dashboard, the API and the MCP server over `occupations` (None: not filtered)."""

    major_group: str | None = None
    requires_advanced_degree: bool | None = None
    bachelors_plus_5y: bool | None = None
    is_stem: bool | None = None
    is_stem_occupation: bool | None = None
    has_cet: bool | None = None
    cet_area: str | None = None
    is_priority_field: bool | None = None
    job_zone: int | None = None
    education: str | None = None
    min_median_wage: float | None = None
    max_median_wage: float | None = None

    def checked(self) -> Filters:
        if self.major_group is not None and not re.fullmatch(r"\d{2}-0000", self.major_group):
            raise BadArgument(f"major_group: expected a major group code such as 15-0000, not {self.major_group!r}")
        if self.job_zone is not None and not 1 <= self.job_zone <= 5:
            raise BadArgument(f"job_zone: expected 1 to 5, not {self.job_zone}")
        for name in ("min_median_wage", "max_median_wage"):
            value = getattr(self, name)
            if value is not None and not 0 <= value < 1e9:
                raise BadArgument(f"{name}: expected a number of dollars such as 100000, not {value}")
        return self

    def params(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


LIST_COLUMNS = (
    "soc_code, title, major_group_code, major_group_title, bls_typical_education, bls_work_experience, job_zone, "
    "onet_advanced_degree_pct, advanced_degree_evidence, requires_advanced_degree, bachelors_plus_5y, is_stem, "
    "is_stem_occupation, stem_basis, cet_areas, is_priority_field, employment, annual_median_wage"
)
FILTER_SQL = """
WHERE ($major_group::VARCHAR IS NULL OR major_group_code = $major_group)
  AND ($requires_advanced_degree::BOOLEAN IS NULL OR requires_advanced_degree = $requires_advanced_degree)
  AND ($bachelors_plus_5y::BOOLEAN IS NULL OR bachelors_plus_5y = $bachelors_plus_5y)
  AND ($is_stem::BOOLEAN IS NULL OR is_stem = $is_stem)
  AND ($is_stem_occupation::BOOLEAN IS NULL OR is_stem_occupation = $is_stem_occupation)
  AND ($has_cet::BOOLEAN IS NULL OR (len(cet_areas) > 0) = $has_cet)
  AND ($cet_area::VARCHAR IS NULL OR list_contains(list_transform(cet_areas, a -> lower(a)), lower($cet_area)))
  AND ($is_priority_field::BOOLEAN IS NULL OR is_priority_field = $is_priority_field)
  AND ($job_zone::INTEGER IS NULL OR job_zone = $job_zone)
  AND ($education::VARCHAR IS NULL OR lower(bls_typical_education) = lower($education))
  AND ($min_median_wage::DOUBLE IS NULL OR annual_median_wage >= $min_median_wage)
  AND ($max_median_wage::DOUBLE IS NULL OR annual_median_wage <= $max_median_wage)
"""
VIEWS = {
    "occupations": "soc_code",
    "niw_candidates": "advanced_degree_evidence DESC, employment DESC NULLS LAST, soc_code",
}


def occupations(
    con: duckdb.DuckDBPyConnection, filters: Filters, *, view: str = "occupations", limit: int = 50, offset: int = 0
) -> dict:
    """A page of `occupations` (or `niw_candidates`) rows matching `filters`, with the total that match."""
    if not 1 <= limit <= MAX_PAGE:
        raise BadArgument(f"limit: expected 1 to {MAX_PAGE}, not {limit}")
    if offset < 0:
        raise BadArgument(f"offset: expected 0 or more, not {offset}")
    params = filters.checked().params()
    order = VIEWS[view]  # the view and its order come from the constant above, never from the caller
    total = con.execute(f"SELECT count(*) FROM {view} {FILTER_SQL}", params).fetchone()[0]
    page = queries.rows(
        con, f"SELECT {LIST_COLUMNS} FROM {view} {FILTER_SQL} ORDER BY {order} LIMIT {limit} OFFSET {offset}", params
    )
    result = {"total": total, "limit": limit, "offset": offset, "filters": params, "occupations": page}
    return cited(con, result, notes=[FLAG_MEANINGS, CET_DISCLAIMER])


def search_occupations(
    con: duckdb.DuckDBPyConnection, title: str | None = None, duties: str | None = None, limit: int = 10
) -> dict:
    try:
        results = search.search(con, title=title, duties=duties, limit=limit)
    except search.SearchError as error:
        raise BadArgument(str(error)) from None
    notes = ["score is 0-1 relative to this query's best match, not a probability.", FLAG_MEANINGS, CET_DISCLAIMER]
    if not results:
        notes.insert(0, "No SOC code matched: try broader or English words, or describe the work in duties.")
    return cited(con, results, notes=notes)


def compare_occupations(con: duckdb.DuckDBPyConnection, codes: list[str]) -> dict:
    if len(codes) > 6:
        raise BadArgument(f"codes: compare at most 6 occupations at once, not {len(codes)}")
    try:
        comparison = compare.compare(con, codes)
    except compare.CompareError as error:
        raise BadArgument(str(error)) from None
    for o in comparison["occupations"]:
        for r in o["related"]:
            r["relatedness"] = compare.TIER_WORDS[r["relatedness_tier"]]
    return cited(con, comparison, notes=[FLAG_MEANINGS, CET_DISCLAIMER])


def related_occupations(con: duckdb.DuckDBPyConnection, code: str) -> dict:
    rows = compare.related(con, code)
    for r in rows:
        r["relatedness"] = compare.TIER_WORDS[r["relatedness_tier"]]
    notes = ["O*NET lists, per occupation, its 5 most related occupations, the next 5, then 10 more."]
    if not rows:
        notes.append(f"O*NET lists no related occupations for {code.strip()} (it has no O*NET-SOC occupation).")
    return cited(con, rows, ("soc", "onet", "ep", "cip", "stem"), notes=[*notes, FLAG_MEANINGS])


# --- degrees ----------------------------------------------------------------------------------------------------


def degree_field(con: duckdb.DuckDBPyConnection, field: str) -> dict:
    """A degree field (a CIP 2020 code such as 11.0701, or a program name): the CIP program it stands for
    (warehouse.products.degree, the same lookup as `socwh degree`), whether it is on the DHS STEM list, and the SOC
    occupations the NCES crosswalk links it to, with their flags. A list of one program, or BadArgument."""
    from warehouse.products import degree

    try:
        program = degree.lookup(con, field or "")
    except degree.UnknownProgram as error:  # no program answers to it (the message says why, e.g. not a CIP form)
        raise NotFound(f"field: {error}") from None
    found = {
        "cip_code": program.cip_code,
        "cip_title": program.title,
        "on_dhs_stem_list": program.on_dhs_list,
        "dhs_list_last_updated": program.dhs_list_date,
        "matched_from": program.matched_from,
        "other_close_titles": [{"cip_code": c, "cip_title": t, "score": s} for c, t, s in program.alternatives],
        "occupations": program.occupations,
    }
    notes = [
        "on_dhs_stem_list: the program's CIP code is on the DHS STEM Designated Degree Program List.",
        CET_DISCLAIMER,
    ]
    if program.matched_from:
        notes.insert(0, f"field {program.matched_from!r} was read as CIP {program.cip_code} {program.title}.")
    return cited(con, [found], ("cip", "stem", "soc"), notes=notes)


# --- releases and changes ---------------------------------------------------------------------------------------


def _has_history(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'history' "
        "AND table_name IN ('occupation_snapshots', 'releases')"
    ).fetchone()
    return found[0] == 2


def releases(con: duckdb.DuckDBPyConnection) -> dict:
    if not _has_history(con):
        raise BadArgument("the warehouse holds no release history: rebuild it with `socwh build --force`")
    rows = queries.rows(
        con,
        "SELECT *, last_loaded_at = max(last_loaded_at) OVER () AS is_current FROM history.releases "
        "ORDER BY source, first_loaded_at, release",
    )
    return cited(con, rows, ())


def changes(con: duckdb.DuckDBPyConnection, code: str) -> dict:
    code = queries.occupation(con, code)["soc_code"]
    if not _has_history(con):
        raise BadArgument("the warehouse holds no release history: rebuild it with `socwh build --force`")
    history = queries.rows(
        con, "SELECT * FROM occupation_history WHERE soc_code = ? ORDER BY first_loaded_at, release_set", [code]
    )
    moved = queries.rows(
        con, "SELECT * FROM release_changes WHERE soc_code = ? ORDER BY source, new_release, figure", [code]
    )
    return cited(con, {"soc_code": code, "history": history, "changes": moved})


# --- read-only SQL ----------------------------------------------------------------------------------------------


def query_sql(db_path: Path, sql: str, max_rows: int = 200, seconds: float = SQL_MAX_SECONDS) -> dict:
    """Run one read-only query in its own connection: no file or network access, at most `max_rows` rows
    (the answer says when there were more), interrupted after `seconds`."""
    if not 1 <= max_rows <= SQL_MAX_ROWS:
        raise BadArgument(f"max_rows: expected 1 to {SQL_MAX_ROWS}, not {max_rows}")
    if not (sql or "").strip():
        raise BadArgument("sql: give a query, e.g. SELECT soc_code, title FROM niw_candidates LIMIT 5")
    # An in-memory database that attaches the warehouse read-only, then turns external access off and locks its
    # configuration: the query cannot change the warehouse, read or write other files, reach the network, load an
    # extension, or turn any of that back on. (A separate database instance: read-only connections of the other
    # tools in this process keep theirs.)
    con = duckdb.connect(":memory:")
    quoted = str(db_path).replace("'", "''")  # ATTACH takes no parameters; the path is ours, not the caller's
    con.execute(f"ATTACH '{quoted}' AS warehouse (READ_ONLY)")
    con.execute("USE warehouse")
    for setting in ("memory_limit = '1GB'", "enable_external_access = false", "lock_configuration = true"):
        con.execute(f"SET {setting}")
    timer = threading.Timer(seconds, con.interrupt)
    try:
        timer.start()
        try:
            cursor = con.execute(sql)
            if cursor.description is None:
                return {"columns": [], "rows": [], "truncated": False, "citations": [], "notes": []}
            names = [d[0] for d in cursor.description]
            fetched = cursor.fetchmany(max_rows + 1)
        except duckdb.InterruptException:
            raise BadArgument(f"sql: the query ran longer than {seconds:g} s and was stopped") from None
        except duckdb.Error as error:
            raise BadArgument(f"sql: {str(error).splitlines()[0]}") from None
    finally:
        timer.cancel()
        con.close()
    rows = [dict(zip(names, row, strict=True)) for row in fetched[:max_rows]]
    with duckdb.connect(str(db_path), read_only=True) as cite:
        answer = cited(cite, {"columns": names, "rows": rows, "truncated": len(fetched) > max_rows})
    answer["notes"] = [f"at most {max_rows} rows are returned; truncated says whether there were more.", FLAG_MEANINGS]
    return answer

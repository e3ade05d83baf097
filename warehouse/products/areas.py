"""OEWS states and metropolitan areas: finding one by code, postal abbreviation or name, and its figures for an
occupation beside the nation's (`socwh show/compare/evidence --area`, `socwh wages --by state|metro`).

The figures come from the `oews_estimates` view, all industries ('000000'), exactly as BLS publishes them: a
value BLS does not release stays NULL with its footnote. A warehouse built from a national-only OEWS file (the
offline mirror's extract) has no area rows; asking it for an area says so instead of "unknown area".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from warehouse.products.queries import check_soc_code, rows

ALL_INDUSTRIES = "000000"
# The measures shown for an area, with their labels (columns of oews_estimates; wages are annual dollars).
MEASURES = {
    "employment": "Employment",
    "annual_mean_wage": "Annual mean wage",
    "annual_p10_wage": "Annual 10th percentile",
    "annual_p25_wage": "Annual 25th percentile",
    "annual_median_wage": "Annual median wage",
    "annual_p75_wage": "Annual 75th percentile",
    "annual_p90_wage": "Annual 90th percentile",
    "employment_per_1000_jobs": "Employment per 1,000 jobs",
    "location_quotient": "Location quotient",
}
AREA_TYPES = {"state": "S", "metro": "M"}
# USPS abbreviations of the FIPS state codes OEWS uses (oe.area's state_code).
POSTAL = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE", "11": "DC",
    "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA", "20": "KS", "21": "KY",
    "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN", "28": "MS", "29": "MO", "30": "MT",
    "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM", "36": "NY", "37": "NC", "38": "ND", "39": "OH",
    "40": "OK", "41": "OR", "42": "PA", "44": "RI", "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT",
    "50": "VT", "51": "VA", "53": "WA", "54": "WV", "55": "WI", "56": "WY", "66": "GU", "72": "PR", "78": "VI",
}  # fmt: skip
FUZZY_ACCEPT = 88  # rapidfuzz ratio (0-100) against a name or one of its parts that a lone best match needs
FUZZY_CANDIDATE = 85  # ... and a candidate to be listed when the match is ambiguous
FUZZY_GAP = 5  # the best must lead the second by this much to be taken alone


class AreaError(LookupError):
    """An area that cannot be resolved: unknown, ambiguous (with the candidates), or not in a national-only build."""


@dataclass(frozen=True)
class Area:
    area_code: str
    area_name: str
    areatype_code: str  # S state, M metropolitan or nonmetropolitan area
    state_code: str

    @property
    def label(self) -> str:
        kind = "state" if self.areatype_code == "S" else "metropolitan or nonmetropolitan area"
        return f"{self.area_name} ({kind} {self.area_code})"


def national_only(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the loaded OEWS file holds national rows only (no state or metro estimates)."""
    found = con.execute("SELECT count(*) FROM core.oews_estimates WHERE areatype_code <> 'N'").fetchone()[0]
    return found == 0


def _national_only_error(con: duckdb.DuckDBPyConnection) -> AreaError:
    files = con.execute(
        "SELECT string_agg(DISTINCT file, ', ') FROM meta.source_files "
        "WHERE table_name = 'raw.oews_data' AND rows_loaded IS NOT NULL"
    ).fetchone()[0]
    return AreaError(
        f"the loaded OEWS file ({files or 'oe.data.0.Current'}) holds national rows only: no state or metro "
        "figures in this warehouse. Build from BLS's full file (the default `socwh build`, or offline a mirror "
        "made by `python -m warehouse.sources.full_mirror DIR`) to see areas."
    )


def _areas(con: duckdb.DuckDBPyConnection) -> list[Area]:
    found = con.execute(
        "SELECT DISTINCT area_code, area_name, areatype_code, state_code FROM core.oews_estimates "
        "WHERE areatype_code <> 'N' ORDER BY area_code"
    ).fetchall()
    return [Area(*row) for row in found]


def resolve(con: duckdb.DuckDBPyConnection, query: str) -> Area:
    """The state or metro area `query` names: an OEWS area code ('0600000', or a metro's 5-digit CBSA code
    '41860'), a state's postal abbreviation ('CA'), or a name, exactly or fuzzily ('California', 'San Jose')."""
    if national_only(con):
        raise _national_only_error(con)
    text = query.strip()
    areas = _areas(con)
    if text.isdigit() and len(text) in (2, 5, 7):
        code = text.zfill(7) if len(text) != 2 else f"{text}00000"
        for area in areas:
            if area.area_code == code:
                return area
        raise AreaError(f"no OEWS area with code {text!r} in this warehouse (state codes look like '0600000')")
    if len(text) == 2 and text.isalpha():
        for area in areas:
            if area.areatype_code == "S" and POSTAL.get(area.state_code) == text.upper():
                return area
        raise AreaError(f"{text!r} is not the postal abbreviation of a state or territory OEWS publishes")
    exact = [area for area in areas if area.area_name.casefold() == text.casefold()]
    if len(exact) == 1:
        return exact[0]
    # A metro area is named by its principal cities and states ('San Jose-Sunnyvale-Santa Clara, CA'): a query
    # naming one of them exactly picks the area(s) it belongs to; otherwise the closest names by edit distance.
    wanted = text.casefold()
    named = [area for area in areas if wanted in _parts(area.area_name)]
    if len(named) == 1:
        return named[0]
    if not named:
        from rapidfuzz import fuzz, utils

        scores = {
            index: max(fuzz.ratio(text, part, processor=utils.default_process) for part in _parts(area.area_name))
            for index, area in enumerate(areas)
        }
        ranked = sorted(scores, key=lambda index: -scores[index])[:8]
        lead = scores[ranked[0]] - scores[ranked[1]] if len(ranked) > 1 else 100
        if ranked and scores[ranked[0]] >= FUZZY_ACCEPT and lead >= FUZZY_GAP:
            return areas[ranked[0]]
        named = [areas[index] for index in ranked if scores[index] >= FUZZY_CANDIDATE]
    if named:
        listed = "; ".join(f"{area.area_name} ({area.area_code})" for area in named)
        raise AreaError(f"{query!r} matches more than one area: {listed}. Give the name in full or the area code.")
    raise AreaError(
        f"no state or metro area matches {query!r}: give a name ('California', 'San Jose'), a postal "
        "abbreviation ('CA') or an OEWS area code ('0600000')"
    )


def _parts(name: str) -> set[str]:
    """A name and its parts, case-folded: 'San Jose-Sunnyvale-Santa Clara, CA' -> the whole, 'san jose', ..."""
    return {name.casefold(), *(part.strip().casefold() for part in re.split(r"[-,/]", name) if part.strip())}


_FIGURES = ", ".join(MEASURES)


def figures(con: duckdb.DuckDBPyConnection, soc_code: str, area_code: str) -> dict | None:
    """One occupation's all-industry estimates in one area (by area code), with a footnote per unpublished
    measure (`<measure>_footnote`); None when BLS publishes no estimate for it there."""
    found = rows(
        con,
        f"SELECT area_code, area_name, {_FIGURES}, footnotes, oews_release FROM oews_estimates "
        "WHERE occupation_code = ? AND area_code = ? AND industry_code = ?",
        [check_soc_code(soc_code), area_code, ALL_INDUSTRIES],
    )
    if not found:
        return None
    row = found[0]
    notes = {note["measure"]: note["footnote_text"] or note["marker"] for note in row.pop("footnotes") or []}
    for measure in MEASURES:
        row[f"{measure}_footnote"] = notes.get(measure)
    return row


def area_comparison(con: duckdb.DuckDBPyConnection, soc_code: str, query: str) -> dict:
    """The area `query` resolves to, and the occupation's figures there and nationally (each None if unpublished):
    {"area": Area, "area_figures": dict | None, "national": dict | None}."""
    area = resolve(con, query)
    return {
        "area": area,
        "area_figures": figures(con, soc_code, area.area_code),
        "national": figures(con, soc_code, "0000000"),
    }


def rank(con: duckdb.DuckDBPyConnection, soc_code: str, by: str, top: int | None = None) -> list[dict]:
    """The occupation's all-industry estimates in every state (by='state') or metro area (by='metro'), ranked by
    employment, highest first (unpublished employment last, then by name)."""
    if by not in AREA_TYPES:
        raise AreaError(f"--by must be one of {', '.join(AREA_TYPES)}, not {by!r}")
    if national_only(con):
        raise _national_only_error(con)
    found = rows(
        con,
        f"SELECT area_code, area_name, {_FIGURES}, footnotes FROM oews_estimates "
        "WHERE occupation_code = ? AND areatype_code = ? AND industry_code = ? "
        "ORDER BY employment DESC NULLS LAST, area_name LIMIT ?",
        [check_soc_code(soc_code), AREA_TYPES[by], ALL_INDUSTRIES, top if top is not None else 10_000],
    )
    ranked = []
    for rank_number, row in enumerate(found, start=1):
        notes = {note["measure"]: note["footnote_text"] or note["marker"] for note in row.pop("footnotes") or []}
        ranked.append({"rank": rank_number, **row, **{f"{m}_footnote": notes.get(m) for m in MEASURES}})
    return ranked


def format_value(measure: str, value: float | None, note: str | None) -> str:
    """A measure as printed: employment with thousands separators, wages in dollars, the rest as published."""
    if value is None:
        return f"not published ({note})" if note else "not published"
    if measure == "employment":
        return f"{value:,.0f}"
    if measure.endswith("_wage"):
        return f"${value:,.0f}"
    return f"{value:,.2f}"


def render_comparison(comparison: dict):
    """A rich table: each measure in the area beside the nation (for `socwh show --area`, `compare --area`)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    area, here, nation = comparison["area"], comparison["area_figures"], comparison["national"]
    release = (here or nation or {}).get("oews_release", "")
    heading = Text.from_markup(f"[bold]{area.label}[/], OEWS {release}, all industries")  # a title would wrap
    table = Table()
    for column in ("measure", area.area_name, "National"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for measure, label in MEASURES.items():
        cells = []
        for row in (here, nation):
            if row is None:
                cells.append("no estimate published")
            elif measure in ("employment_per_1000_jobs", "location_quotient") and row is nation:
                cells.append("–")  # relative to the nation: BLS publishes neither for it
            else:
                cells.append(format_value(measure, row[measure], row[f"{measure}_footnote"]))
        table.add_row(label, *cells)
    return Group(heading, table)


def as_json(comparison: dict) -> dict:
    """The comparison as plain data (the area as a dict)."""
    area = comparison["area"]
    return {
        "area": {**area.__dict__, "label": area.label},
        "area_figures": comparison["area_figures"],
        "national": comparison["national"],
    }


def render_many(comparisons: dict[str, dict], fmt: str) -> str:
    """Several occupations' figures in one area beside the nation, for `socwh compare --area` in `fmt` (md or
    html; the table format prints `render_comparison` of each, json adds `as_json` of each)."""
    codes = list(comparisons)
    area = comparisons[codes[0]]["area"]
    header = ["measure", *(f"{code} {area.area_name}" for code in codes), *(f"{code} national" for code in codes)]
    body = []
    for measure, label in MEASURES.items():
        cells = [label]
        for key in ("area_figures", "national"):
            for code in codes:
                row = comparisons[code][key]
                relative = key == "national" and measure in ("employment_per_1000_jobs", "location_quotient")
                cells.append(
                    "no estimate published"
                    if row is None
                    else "–"
                    if relative
                    else format_value(measure, row[measure], row[f"{measure}_footnote"])
                )
        body.append(cells)
    if fmt == "html":
        from html import escape

        head = "".join(f"<th>{escape(cell)}</th>" for cell in header)
        rows_html = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in body)
        return f"<h2>{escape(area.label)}</h2><table><tr>{head}</tr>{rows_html}</table>"
    lines = [f"### {area.label}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)

"""The dashboard's /occupations page: browse all 867 occupations with the filters of the JSON API.

The filters are those of warehouse.products.answers.Filters (the same the API and the MCP server take): major group, the
flags (STEM by either basis, and BLS's STEM occupation list alone), BLS typical education, Job Zone, a median-wage
range and a CET area. Rows are sortable by any column and download as CSV (warehouse/products/dashboard_tables.py).
"""

from __future__ import annotations

import math
import re

import duckdb

from warehouse.products import answers, queries
from warehouse.products.dashboard_tables import Sorting, to_csv, wants_csv

PAGE = 100
COLUMNS = (
    "soc_code", "title", "major_group_code", "bls_typical_education", "job_zone", "onet_advanced_degree_pct",
    "advanced_degree_evidence", "requires_advanced_degree", "bachelors_plus_5y", "is_stem", "stem_basis", "cet_areas",
    "is_priority_field", "employment", "annual_median_wage",
)  # fmt: skip
FLAGS = {
    "requires_advanced_degree": "Requires an advanced degree",
    "bachelors_plus_5y": "Bachelor's + 5 years",
    "is_stem": "STEM (BLS list or a majority of programs)",
    "is_stem_occupation": "On BLS's STEM occupation list",
    "has_cet": "Has a CET area",
    "is_priority_field": "Priority field",
}


class BadFilter(ValueError):
    pass


# How the dashboard's pages read a query string's values: one reading of each kind for every page.
def one(query: dict[str, list[str]], name: str) -> str:
    """The last value of a query parameter, stripped ('' when absent)."""
    return (query.get(name) or [""])[-1].strip()


def dollars(query: dict[str, list[str]], name: str) -> float | None:
    """A wage typed as 100000, 100,000 or $100,000 (None when absent)."""
    value = one(query, name).replace(",", "").removeprefix("$")
    if not value:
        return None
    if not re.fullmatch(r"\d{1,9}(\.\d{1,2})?", value):
        raise BadFilter(f"{name}: expected a number of dollars such as 100000, not {value!r}")
    return float(value)


def yes_no_any(query: dict[str, list[str]], name: str) -> bool | None:
    """A flag filter: yes, no, or any (None, also when absent)."""
    value = one(query, name).lower()
    if value not in ("", "any", "yes", "no"):
        raise BadFilter(f"{name}: expected any, yes or no, not {value!r}")
    return {"yes": True, "no": False}.get(value)


def parse(query: dict[str, list[str]], choices: dict) -> answers.Filters:
    """The filters of a query string; BadFilter naming the parameter for a value that cannot be one."""
    flags = {name: yes_no_any(query, name) for name in FLAGS}
    picked = {}
    for name in ("major_group", "education", "cet_area", "job_zone"):
        value = one(query, name) or None
        if value is not None and value not in choices[name]:
            raise BadFilter(f"{name}: {value!r} is not one of the choices offered")
        picked[name] = value
    return answers.Filters(
        major_group=picked["major_group"],
        education=picked["education"],
        cet_area=picked["cet_area"],
        job_zone=int(picked["job_zone"]) if picked["job_zone"] else None,
        min_median_wage=dollars(query, "min_median_wage"),
        max_median_wage=dollars(query, "max_median_wage"),
        **flags,
    )


def choices(con: duckdb.DuckDBPyConnection) -> dict:
    """What each select of the form offers, from the warehouse itself."""
    groups = queries.rows(
        con,
        "SELECT major_group_code AS code, any_value(major_group_title) AS title, count(*) AS n FROM occupations "
        "GROUP BY ALL ORDER BY code",
    )
    return {
        "major_group": {g["code"]: f"{g['code']} {g['title']} ({g['n']})" for g in groups},
        "education": {
            r["e"]: r["e"]
            for r in queries.rows(
                con, "SELECT DISTINCT bls_typical_education AS e FROM occupations WHERE e IS NOT NULL ORDER BY e"
            )
        },
        "cet_area": {
            r["a"]: r["a"] for r in queries.rows(con, "SELECT DISTINCT cet_area AS a FROM core.cet_areas ORDER BY a")
        },
        "job_zone": {str(z): f"Job Zone {z}" for z in range(1, 6)},
    }


def browse(con: duckdb.DuckDBPyConnection, query: dict[str, list[str]]) -> dict:
    """Everything the page (or its CSV) needs: the matching rows, sorted, and the page of them to show."""
    offered = choices(con)
    filters = parse(query, offered)
    sorting = Sorting.of("/occupations", query, COLUMNS)
    found = answers.occupations(con, filters, limit=answers.MAX_PAGE)["result"]["total"]
    rows = []
    for offset in range(0, found, answers.MAX_PAGE):  # every match (at most 867), a page of the API at a time
        rows += answers.occupations(con, filters, limit=answers.MAX_PAGE, offset=offset)["result"]["occupations"]
    rows = sorting.apply(rows)
    pages = max(1, math.ceil(len(rows) / PAGE))
    page_text = one(query, "page") or "1"
    if not page_text.isdigit() or not 1 <= int(page_text) <= pages:
        raise BadFilter(f"page: expected 1 to {pages}, not {page_text!r}")
    page = int(page_text)
    return {
        "rows": rows,
        "shown": rows[(page - 1) * PAGE : page * PAGE],
        "page": page,
        "pages": pages,
        "first": (page - 1) * PAGE + 1,
        "filters": filters,
        "offered": offered,
        "flag_labels": FLAGS,
        "sorting": sorting,
        "csv": wants_csv(query),
    }


def csv_bytes(result: dict) -> bytes:
    return to_csv(result["rows"], COLUMNS)

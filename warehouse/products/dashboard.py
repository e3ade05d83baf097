"""`socwh dashboard`: a small read-only web dashboard over the warehouse (search, compare, filter NIW candidates).

Start it with `socwh dashboard [--port 8765] [--host 127.0.0.1] [--db FILE]` and open http://127.0.0.1:8765/.
Pages: /search (title and/or duties), /compare?code=A&code=B (up to six codes), /candidates (the niw_candidates
view filtered by major group, the four flags and a minimum median wage), /occupation/CODE (the printable
evidence sheet of `socwh evidence`).

Why a WSGI app on the standard library's `wsgiref` server, with Jinja2 pages, and not Streamlit: the dashboard is
four read-only pages of tables and forms, which plain HTML forms do completely, and this needs no new dependency
(Streamlit is not installed and would bring its own web stack, a websocket protocol and a browser-side runtime of
its own). Every page is a GET with its state in the URL, so a page can be bookmarked, sent to a colleague, or
opened by a test; the pages work without JavaScript. The server is threaded so one slow query does not hold up
other pages. It is meant for one analyst on their own machine (it listens on 127.0.0.1 unless told otherwise),
not as a public web service.

Each request gets its own cursor of one shared read-only connection (`warehouse.store.read.SharedReader`), reopened when
a build publishes a new file by an atomic rename: a connection held open regardless would go on reading the old one,
and opening one per request (25-100 ms) saturated the CPU under a burst of clients. Every value from the browser
reaches DuckDB as a query parameter.
"""

from __future__ import annotations

import contextvars
import functools
import mimetypes
import re
import sys
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIServer
from wsgiref.simple_server import make_server as _make_wsgi_server

import duckdb
import jinja2
from markupsafe import Markup, escape

from warehouse.config import PACKAGE_DIR
from warehouse.products import areas, charts, compare, dashboard_browse, queries, search
from warehouse.products.dashboard_browse import one
from warehouse.products.dashboard_tables import BadSort, Sorting, to_csv, wants_csv
from warehouse.products.evidence import evidence_html, template_environment
from warehouse.sources.catalog import ONET_CC_BY
from warehouse.store.read import SharedReader, WarehouseMissing

STATIC = PACKAGE_DIR / "static"
SEARCH_LIMIT = 20
COMPARE_MAX = 6
# Pages send no scripts; styles come from /static and the style attributes of the O*NET bars. Forms submit only
# to this server (form-action does not fall back to default-src): the searches, and the roster upload under serve.
SECURITY_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self' 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Frame-Options", "DENY"),  # frame-ancestors for browsers that predate it
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
]

FLAG_FILTERS = {  # query parameter -> the label the page shows
    "requires_advanced_degree": "Requires an advanced degree",
    "bachelors_plus_5y": "Bachelor's + 5 years",
    "is_stem": "STEM (BLS list or a majority of programs)",
    "has_cet": "Has a CET area",
}
CANDIDATES_SQL = """
SELECT soc_code, title, major_group_code, major_group_title, bls_typical_education, bls_work_experience, job_zone,
       onet_advanced_degree_pct, advanced_degree_evidence, requires_advanced_degree, bachelors_plus_5y, is_stem,
       stem_basis, cet_areas, employment, annual_median_wage
FROM niw_candidates
WHERE ($major::VARCHAR IS NULL OR major_group_code = $major)
  AND ($requires_advanced_degree::BOOLEAN IS NULL OR requires_advanced_degree = $requires_advanced_degree)
  AND ($bachelors_plus_5y::BOOLEAN IS NULL OR bachelors_plus_5y = $bachelors_plus_5y)
  AND ($is_stem::BOOLEAN IS NULL OR is_stem = $is_stem)
  AND ($has_cet::BOOLEAN IS NULL OR (len(cet_areas) > 0) = $has_cet)
  AND ($min_median_wage::DOUBLE IS NULL OR annual_median_wage >= $min_median_wage)
ORDER BY advanced_degree_evidence DESC, employment DESC NULLS LAST, soc_code
"""
MAJOR_GROUPS_SQL = """
SELECT major_group_code AS code, any_value(major_group_title) AS title, count(*) AS candidates
FROM niw_candidates GROUP BY major_group_code ORDER BY major_group_code
"""


class BadRequest(ValueError):
    """A query parameter the page cannot use; the message names it and the value."""


# The path and query of the request being answered: tables link each code to its evidence sheet with `back=` it.
HERE: contextvars.ContextVar[str] = contextvars.ContextVar("HERE", default="/")


@dataclass(frozen=True)
class Upload:
    """Where a roster is posted to be coded, and the most it takes (`socwh serve` answers it, not the dashboard)."""

    url: str
    max_bytes: int
    max_rows: int


# The roster upload the request's dashboard shows at /code and in its navigation (None: the plain, GET-only one).
UPLOAD: contextvars.ContextVar[Upload | None] = contextvars.ContextVar("UPLOAD", default=None)
SEARCH_COLUMNS = ("soc_code", "title", "bls_typical_education", "job_zone", "requires_advanced_degree", "is_stem",
                  "cet_areas", "annual_median_wage", "score")  # fmt: skip
CANDIDATE_COLUMNS = ("soc_code", "title", "bls_typical_education", "bls_work_experience", "job_zone",
                     "onet_advanced_degree_pct", "advanced_degree_evidence", "requires_advanced_degree",
                     "bachelors_plus_5y", "is_stem", "cet_areas", "employment", "annual_median_wage")  # fmt: skip


def _csv(rows: list[dict], columns: tuple[str, ...], name: str) -> Page:
    return Page("200 OK", to_csv(rows, columns), "text/csv; charset=utf-8", name)


@dataclass(frozen=True)
class CandidateFilters:
    major: str | None = None
    flags: dict[str, bool | None] = field(default_factory=lambda: dict.fromkeys(FLAG_FILTERS))
    min_median_wage: float | None = None

    def params(self) -> dict:
        return {"major": self.major, **self.flags, "min_median_wage": self.min_median_wage}


def parse_filters(query: dict[str, list[str]], major_groups: Iterable[str]) -> CandidateFilters:
    """The candidate filters of a query string; BadRequest naming the parameter for a value that cannot be one."""
    major = one(query, "major") or None
    if major is not None and major not in set(major_groups):
        raise BadRequest(f"major: {major!r} is not a major group of the NIW candidates (e.g. 15-0000)")
    try:
        flags = {name: dashboard_browse.yes_no_any(query, name) for name in FLAG_FILTERS}
        return CandidateFilters(major, flags, dashboard_browse.dollars(query, "min_median_wage"))
    except dashboard_browse.BadFilter as error:
        raise BadRequest(str(error)) from None


def parse_codes(query: dict[str, list[str]]) -> list[str]:
    """The SOC codes to compare, from repeated `code` parameters or one separated by commas or spaces."""
    codes: list[str] = []
    for value in query.get("code", []):
        for code in re.split(r"[\s,]+", value.strip()):
            if code:
                codes.append(_checked(code, "code"))
    unique = list(dict.fromkeys(codes))
    if len(unique) > COMPARE_MAX:
        raise BadRequest(f"code: compare at most {COMPARE_MAX} occupations at once, not {len(unique)}")
    return unique


def _checked(code: str, name: str) -> str:
    try:
        return queries.check_soc_code(code)
    except queries.UnknownCode as error:
        raise BadRequest(f"{name}: {error}") from None


@dataclass(frozen=True)
class Page:
    status: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    download: str | None = None  # a file name: the browser saves the body instead of showing it


@functools.cache
def environment() -> jinja2.Environment:
    """The sheet's template environment plus the dashboard's `highlight` filter (built once, templates cached)."""
    env = template_environment()
    env.filters["highlight"] = highlight
    return env


def highlight(text: str, terms: list[str]) -> Markup:
    """`text`, escaped, with the words in `terms` (lowercase words, as warehouse.products.search gives them) in <mark>."""
    if not terms:
        return escape(text)
    parts = re.split(r"\b(" + "|".join(map(re.escape, terms)) + r")\b", text, flags=re.IGNORECASE)
    return Markup("").join(Markup("<mark>{}</mark>").format(p) if i % 2 else escape(p) for i, p in enumerate(parts))


def _html(template: str, status: str = "200 OK", *, con: duckdb.DuckDBPyConnection | None = None, **context) -> Page:
    """A page of the dashboard; with `con`, its footer carries O*NET's attribution for the loaded release."""
    release = (
        queries.rows(con, "SELECT max(release) AS r FROM source_releases WHERE source = 'onet'")[0]["r"]
        if con
        else None
    )
    context = {
        "active": None,
        "onet_attribution": ONET_CC_BY.format(release=release) if release else None,
        "here": HERE.get(),
        "upload": UPLOAD.get(),
        **context,
    }
    body = environment().get_template(template).render(context)
    return Page(status, body.encode("utf-8"))


def _error(status: str, message: str) -> Page:
    return _html("dashboard/error.html.j2", status, title=status, message=message)


def error_page(status: str, message: str, upload: Upload) -> bytes:
    """The dashboard's error page, for the answer to `upload`'s form (posted to the app beside the dashboard)."""
    return _html("dashboard/error.html.j2", status, title=status, message=message, upload=upload).body


def code_page(con: duckdb.DuckDBPyConnection, query: dict[str, list[str]]) -> Page:
    """The roster upload's form: it posts to UPLOAD, which answers with the coded roster as a download."""
    return _html("dashboard/code.html.j2", con=con, active="/code")


def search_page(con: duckdb.DuckDBPyConnection, query: dict[str, list[str]]) -> Page:
    title, duties = one(query, "title"), one(query, "duties")
    results = (
        search.search(con, title=title or None, duties=duties or None, limit=SEARCH_LIMIT) if title or duties else []
    )
    first = results[0] if results else None  # the search's first, before any sorting of the table
    sorting = Sorting.of("/search", query, SEARCH_COLUMNS)
    results = sorting.apply(results)
    if wants_csv(query):
        return _csv(results, SEARCH_COLUMNS, "search.csv")
    read_as = first and first["explain"]["title_read_as"]
    return _html(
        "dashboard/search.html.j2",
        sorting=sorting,
        con=con,
        active="/search",
        title_query=title,
        duties_query=duties,
        results=results,
        searched=bool(title or duties),
        first=first,
        reading=search.reading(first["explain"]) if first else [],
        # the title as the search read it, where that is not the title as typed ('Ingeniero Civil', 'SWE')
        read_as=read_as if read_as and read_as != " ".join(search.words(title)) else None,
    )


def compare_page(con: duckdb.DuckDBPyConnection, query: dict[str, list[str]]) -> Page:
    """The comparison of the `code` parameters; a code the warehouse lacks, or a single code, is said on the page,
    above the form, so it can be corrected there."""
    codes = parse_codes(query)
    area = one(query, "area").strip()
    comparison, in_area, error, status = None, None, None, "200 OK"
    if codes:
        try:
            comparison = compare.compare(con, codes)
            if area:  # the area's figures of each code beside the nation's (warehouse.products.areas)
                in_area = {
                    o["soc_code"]: areas.area_comparison(con, o["soc_code"], area) for o in comparison["occupations"]
                }
        except (compare.CompareError, areas.AreaError) as problem:
            error, status = str(problem), "400 Bad Request"
        except queries.UnknownCode as problem:
            error, status = str(problem), "404 Not Found"
    return _html(
        "dashboard/compare.html.j2",
        status,
        con=con,
        active="/compare",
        codes=codes,
        inputs=min(max(len(codes) + 1, 3), COMPARE_MAX),
        max_codes=COMPARE_MAX,
        comparison=comparison,
        error=error,
        area=area,
        in_area=in_area,
        area_measures=areas.MEASURES,
        area_value=areas.format_value,
        **_education(comparison),
    )


def _education(comparison: dict | None) -> dict:
    """The O*NET education categories lined up row by row across the candidates, and the same as a chart."""
    if not comparison:
        return {"education": [], "chart": None}
    series = [(f"{o['soc_code']} {o['title']}", o["education_distribution"]) for o in comparison["occupations"]]
    return {
        "education": charts.education_rows(series),
        "chart": charts.education_chart(series, "O*NET required level of education (% of respondents)"),
    }


def candidates_page(con: duckdb.DuckDBPyConnection, query: dict[str, list[str]]) -> Page:
    groups = queries.rows(con, MAJOR_GROUPS_SQL)
    filters = parse_filters(query, (group["code"] for group in groups))
    sorting = Sorting.of("/candidates", query, CANDIDATE_COLUMNS)
    rows = sorting.apply(queries.rows(con, CANDIDATES_SQL, filters.params()))
    if wants_csv(query):
        return _csv(rows, CANDIDATE_COLUMNS, "niw_candidates.csv")
    return _html(
        "dashboard/candidates.html.j2",
        sorting=sorting,
        con=con,
        active="/candidates",
        groups=groups,
        filters=filters,
        flag_labels=FLAG_FILTERS,
        rows=rows,
        compare_url="/compare?" + urlencode({"code": [row["soc_code"] for row in rows[:COMPARE_MAX]]}, doseq=True),
    )


def occupation_page(con: duckdb.DuckDBPyConnection, code: str, query: dict[str, list[str]] | None = None) -> Page:
    """The printable evidence sheet of one occupation (the same page `socwh evidence` writes), under a bar (not
    printed) leading back to the table it was opened from and to its PDF."""
    code = _checked(code, "occupation")
    area = one(query or {}, "area").strip()
    try:  # with an area: its figures beside the nation's, as `socwh evidence CODE --area AREA` prints them
        html = evidence_html(con, code, area=area or None)
    except areas.AreaError as problem:
        raise BadRequest(str(problem)) from problem
    back = one(query or {}, "back")
    if not back.startswith("/") or back.startswith("//") or "\\" in back:  # only a page of this dashboard
        back = "/occupations"
    bar = environment().get_template("dashboard/back.html.j2").render(back=back, code=code, area=area)
    return Page("200 OK", html.replace("<body>", "<body>\n" + bar, 1).encode("utf-8"))


def occupation_pdf(con: duckdb.DuckDBPyConnection, code: str) -> Page:
    """The evidence sheet as a PDF, printed by Chromium (warehouse/products/pdf.py)."""
    from warehouse.products.pdf import pdf_bytes

    code = _checked(code, "occupation")
    return Page("200 OK", pdf_bytes(evidence_html(con, code)), "application/pdf", f"evidence-{code}.pdf")


def static_file(name: str) -> Page:
    """A file of warehouse/static by its bare name: nothing outside that folder can be named."""
    files = {path.name: path for path in STATIC.iterdir() if path.is_file()}
    if name not in files:
        return _error("404 Not Found", f"no static file {name!r}")
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    return Page("200 OK", files[name].read_bytes(), content_type)


def browse_page(con: duckdb.DuckDBPyConnection, query: dict[str, list[str]]) -> Page:
    try:
        result = dashboard_browse.browse(con, query)
    except dashboard_browse.BadFilter as error:
        raise BadRequest(str(error)) from None
    if result["csv"]:
        return Page("200 OK", dashboard_browse.csv_bytes(result), "text/csv; charset=utf-8", "occupations.csv")
    return _html("dashboard/occupations.html.j2", con=con, active="/occupations", **result)


ROUTES: dict[str, Callable[[duckdb.DuckDBPyConnection, dict[str, list[str]]], Page]] = {
    "/": search_page,
    "/search": search_page,
    "/compare": compare_page,
    "/candidates": candidates_page,
    "/occupations": browse_page,
}
OCCUPATION = re.compile(r"^/occupation/([^/]+?)(\.pdf)?$")


class Dashboard:
    """The WSGI application: read-only pages over the warehouse at `db_path`. With `upload`, it also shows that
    upload's form at /code and in its navigation: `socwh serve` answers the post; the dashboard takes only GET."""

    def __init__(self, db_path: Path, upload: Upload | None = None) -> None:
        self.db_path = Path(db_path)
        self.reader = SharedReader(self.db_path)  # a cursor per request; reopened when a new file is published
        self.upload = upload

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        page = self.respond(environ)
        headers = [("Content-Type", page.content_type), ("Content-Length", str(len(page.body))), *SECURITY_HEADERS]
        if page.download:
            headers.append(("Content-Disposition", f'attachment; filename="{page.download}"'))
        start_response(page.status, headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [page.body]

    def respond(self, environ: dict) -> Page:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return _error("405 Method Not Allowed", "the dashboard is read-only: only GET requests")
        path = environ.get("PATH_INFO") or "/"
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        HERE.set(path + ("?" + environ["QUERY_STRING"] if environ.get("QUERY_STRING") else ""))
        UPLOAD.set(self.upload)
        if path.startswith("/static/"):
            return static_file(path.removeprefix("/static/"))
        occupation = OCCUPATION.match(path)
        handler = code_page if path == "/code" and self.upload else ROUTES.get(path)
        if handler is None and occupation is None:
            return _error("404 Not Found", f"no page {path}")
        try:
            with self.reader.cursor() as con:
                if occupation:
                    if occupation[2]:
                        return occupation_pdf(con, occupation[1])
                    return occupation_page(con, occupation[1], query)
                return handler(con, query)
        except (BadRequest, BadSort, search.SearchError) as error:
            return _error("400 Bad Request", str(error))
        except queries.UnknownCode as error:  # a well-formed code the warehouse does not have
            return _error("404 Not Found", str(error))
        except WarehouseMissing as error:
            return _error("503 Service Unavailable", str(error))
        except RuntimeError as error:  # warehouse.products.pdf.PdfError: no Chromium, or it failed
            return _error("503 Service Unavailable", str(error))
        except Exception:  # a page must not take the server down; the traceback goes to the server's log
            traceback.print_exc(file=sys.stderr)
            return _error("500 Internal Server Error", "the page failed; the server log has the details")


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # The listen backlog: the default 5 left connections of a burst of clients (200 at once) unanswered for 30 s.
    request_queue_size = 256


def make_server(host: str, port: int, db_path: Path) -> WSGIServer:
    """A threaded HTTP server for the dashboard (port 0 picks a free port: see `server.server_port`)."""
    return _make_wsgi_server(host, port, Dashboard(db_path), server_class=ThreadingWSGIServer)

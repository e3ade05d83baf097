"""`socwh serve`: the JSON API (/api/...), its OpenAPI document and docs, and the dashboard, on one port.

Why FastAPI: it resolves with dagster-webserver's own pins (both sit on Starlette and uvicorn, which Dagster's UI
already installs), it writes the OpenAPI document from the typed endpoint signatures themselves, so the document
cannot drift from the code, and that document is what schemathesis fuzzes in tests/test_api.py. The docs pages
are FastAPI's Swagger UI and ReDoc served from files in the `fastapi-offline` package: nothing is fetched from a
CDN. The dashboard (a WSGI app, warehouse/products/dashboard.py) is mounted at / through a2wsgi, so one server serves both.

Every request reads through its own cursor of one read-only connection that the API shares with the dashboard it
mounts (`warehouse.store.read.SharedReader`): the connection is reopened when a build publishes a new file, so a
publish shows at once, and a request no longer pays the 25-100 ms of opening the file. Every
answer comes from warehouse/products/answers.py (as the MCP server's do) and carries its citations. Errors are JSON,
`{"error": "..."}`, with the CLI's messages: 400 a bad argument, 404 a code the warehouse does not have, 413 an
upload too large, 503 no warehouse yet.

POST /api/code is `socwh code` over HTTP: a roster uploaded as multipart/form-data comes back coded, as a download.
It is bounded (MAX_UPLOAD_BYTES, MAX_ROSTER_ROWS) because a server codes it while the client waits; a bigger roster
is `socwh code`'s job. The dashboard shows its form at /code only here: `socwh dashboard` alone stays GET-only.
A form posted by a browser (Accept: text/html) gets an error as the dashboard's error page, not as JSON.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
from a2wsgi import WSGIMiddleware
from fastapi import Depends, FastAPI, Form, Query, Request, UploadFile
from fastapi import File as FilePart
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel

from warehouse.products import answers, queries
from warehouse.products import roster as rosters
from warehouse.products.dashboard import SECURITY_HEADERS, Dashboard, Upload, error_page
from warehouse.products.search import SearchError
from warehouse.store.read import WarehouseMissing

SOC = r"^\d{2}-\d{4}$"
MAJOR = r"^\d{2}-0000$"
API_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
# The docs pages run Swagger UI / ReDoc from this server's own files (and an inline start-up script).
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'"
)
CODE_URL = "/api/code"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# 2,000 rows of titles and duties coded in 21 s on 2 busy cores (bench/code_roster.py --rows 2000): a wait, not a job
MAX_ROSTER_ROWS = 2_000
UPLOAD = Upload(CODE_URL, MAX_UPLOAD_BYTES, MAX_ROSTER_ROWS)  # the dashboard shows its form at /code
# An oversized upload is still read (and dropped) up to this much, so the client reads the 413 rather than a reset
# connection (closing a socket with unread data sends RST); past it the connection is simply closed.
DRAIN_MAX_BYTES = 4 * MAX_UPLOAD_BYTES
STATUS_LINES = {400: "400 Bad Request", 404: "404 Not Found", 411: "411 Length Required",
                413: "413 Content Too Large", 503: "503 Service Unavailable"}  # fmt: skip


class Error(BaseModel):
    error: str


class TooLarge(ValueError):
    """An upload over MAX_UPLOAD_BYTES or MAX_ROSTER_ROWS; the message says how big it was and the limit."""


class File(BaseModel):
    file: str
    url: str
    retrieved_at: str


class Citation(BaseModel):
    source: str
    title: str
    publisher: str
    release: str
    public_page: str
    license: str
    files: list[File]


class Answer(BaseModel):
    result: Any
    citations: list[Citation]
    notes: list[str]
    onet_attribution: str | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Error, "description": "A bad argument; the message names it and what was expected."},
    404: {
        "model": Error,
        "description": "A well-formed code the warehouse does not have, or a degree field no CIP program answers to.",
    },
    503: {"model": Error, "description": "No warehouse has been built yet (or it has no search index)."},
}

CODED_CONTENT = {
    "text/csv": {"schema": {"type": "string"}},
    rosters.MEDIA_TYPES[".xlsx"]: {"schema": {"type": "string", "format": "binary"}},
}
UPLOAD_ERRORS: dict[int | str, dict[str, Any]] = {
    200: {"description": "The coded roster, as an attachment.", "content": CODED_CONTENT},
    411: {"model": Error, "description": "The upload did not say its size (Content-Length)."},
    413: {"model": Error, "description": f"Over {MAX_UPLOAD_BYTES:,} bytes, or over {MAX_ROSTER_ROWS:,} rows."},
}

SocCode = Annotated[
    str, PathParam(pattern=SOC, description="A 2018 SOC detailed code, e.g. 15-1221", examples=["15-1221"])
]


def create_app(db_path: Path) -> FastAPI:
    app = FastAPIOffline(
        title="soc-warehouse",
        version=_version(),
        description="Official U.S. occupational data for choosing a 2018 SOC code, every answer with its "
        "citations. " + answers.FLAG_MEANINGS,
        responses=ERRORS,
    )

    dashboard = Dashboard(db_path, UPLOAD)

    def connection() -> Iterator[duckdb.DuckDBPyConnection]:
        with dashboard.reader.cursor() as con:
            yield con

    Con = Annotated[duckdb.DuckDBPyConnection, Depends(connection)]

    @app.exception_handler(answers.BadArgument)
    def bad_argument(request: Request, error: answers.BadArgument) -> Response:
        return _error(request, 404 if isinstance(error, answers.NotFound) else 400, str(error))

    @app.exception_handler(queries.UnknownCode)
    def unknown_code(request: Request, error: queries.UnknownCode) -> Response:
        malformed = "is not a 2018 SOC detailed code" in str(error)
        return _error(request, 400 if malformed else 404, str(error))

    @app.exception_handler(WarehouseMissing)
    def missing(request: Request, error: WarehouseMissing) -> Response:
        return _error(request, 503, str(error))

    @app.exception_handler(rosters.RosterError)
    def bad_roster(request: Request, error: rosters.RosterError) -> Response:
        return _error(request, 400, str(error))

    @app.exception_handler(SearchError)
    def no_index(request: Request, error: SearchError) -> Response:
        # Only a roster's coding lets one through (answers.py turns a search's own into BadArgument): the warehouse
        # has no search index, which is the server's state, not the request's fault.
        return _error(request, 503, str(error))

    @app.exception_handler(TooLarge)
    def too_large(request: Request, error: TooLarge) -> Response:
        return _error(request, 413, str(error))

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'][1:])) or e['loc'][0]}: {e['msg']}" for e in error.errors())
        return _error(request, 400, problems)

    @app.middleware("http")
    async def upload_limit(request: Request, call_next):
        """An upload's size is known from its Content-Length before its body is read (uvicorn holds a body to it)."""
        if request.url.path != CODE_URL or request.method != "POST":
            return await call_next(request)
        length = request.headers.get("content-length", "")
        if not length.isdigit():
            return _error(request, 411, "the upload must say its size: send a Content-Length header")
        if int(length) > MAX_UPLOAD_BYTES:
            if int(length) <= DRAIN_MAX_BYTES:
                async for _ in request.stream():
                    pass
            return _error(
                request,
                413,
                f"the upload is {int(length):,} bytes; at most {MAX_UPLOAD_BYTES:,} are taken "
                "(code a bigger roster with `socwh code ROSTER --out CODED`)",
            )
        return await call_next(request)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        if request.url.path.startswith(("/api/", "/openapi.json", "/docs", "/redoc", "/static-offline-docs")):
            for name, value in API_HEADERS.items():
                response.headers.setdefault(name, value)
            if request.url.path in ("/docs", "/redoc"):
                response.headers["Content-Security-Policy"] = DOCS_CSP
        return response

    def filters(
        major_group: Annotated[str | None, Query(pattern=MAJOR, description="e.g. 15-0000")] = None,
        requires_advanced_degree: bool | None = None,
        bachelors_plus_5y: bool | None = None,
        is_stem: bool | None = None,
        is_stem_occupation: bool | None = None,
        has_cet: bool | None = None,
        cet_area: Annotated[str | None, Query(max_length=100, description="e.g. Artificial Intelligence")] = None,
        is_priority_field: bool | None = None,
        job_zone: Annotated[int | None, Query(ge=1, le=5)] = None,
        education: Annotated[str | None, Query(max_length=100, description="BLS typical education label")] = None,
        min_median_wage: Annotated[float | None, Query(ge=0, lt=1e9)] = None,
        max_median_wage: Annotated[float | None, Query(ge=0, lt=1e9)] = None,
    ) -> answers.Filters:
        return answers.Filters(
            major_group, requires_advanced_degree, bachelors_plus_5y, is_stem, is_stem_occupation, has_cet,
            cet_area, is_priority_field, job_zone, education, min_median_wage, max_median_wage,
        )  # fmt: skip

    Filters = Annotated[answers.Filters, Depends(filters)]
    Limit = Annotated[int, Query(ge=1, le=answers.MAX_PAGE)]
    Offset = Annotated[int, Query(ge=0, le=100_000)]

    @app.get("/api/occupations", response_model=Answer, tags=["occupations"])
    def list_occupations(con: Con, f: Filters, limit: Limit = 50, offset: Offset = 0) -> dict:
        """All 867 occupations, filtered and paginated (`result.total` counts every match)."""
        return answers.occupations(con, f, limit=limit, offset=offset)

    @app.get("/api/occupations/{soc_code}", response_model=Answer, tags=["occupations"])
    def get_occupation(
        con: Con,
        soc_code: SocCode,
        area: Annotated[str | None, Query(max_length=100, description="OEWS area code or name")] = None,
    ) -> dict:
        """One occupation: every figure, the O*NET education distribution, and (with `area`) that area's OEWS."""
        return answers.occupation(con, soc_code, area)

    @app.get("/api/niw-candidates", response_model=Answer, tags=["occupations"])
    def niw_candidates(con: Con, f: Filters, limit: Limit = 50, offset: Offset = 0) -> dict:
        """The `niw_candidates` view (advanced degree or bachelor's + 5 years, and a priority field), filtered."""
        return answers.occupations(con, f, view="niw_candidates", limit=limit, offset=offset)

    @app.get("/api/search", response_model=Answer, tags=["choosing"])
    def search(
        con: Con,
        title: Annotated[str | None, Query(pattern=r"\S", max_length=200, description="A job title")] = None,
        duties: Annotated[
            str | None, Query(pattern=r"\S", max_length=2000, description="A description of the work")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> dict:
        """SOC codes ranked by a job title and/or duties, with why each matched. Give at least one: without
        either the answer is 400 (OpenAPI cannot say "one of these two" of query parameters)."""
        return answers.search_occupations(con, title, duties, limit)

    @app.get("/api/compare", response_model=Answer, tags=["choosing"])
    def compare(
        con: Con,
        code: Annotated[
            list[Annotated[str, Query(pattern=SOC)]],
            Query(min_length=2, max_length=6, json_schema_extra={"uniqueItems": True}),
        ],
    ) -> dict:
        """2 to 6 codes side by side (`?code=15-2051&code=15-1221`), with the summary of what decided the order."""
        return answers.compare_occupations(con, code)

    @app.get("/api/related/{soc_code}", response_model=Answer, tags=["choosing"])
    def related(con: Con, soc_code: SocCode) -> dict:
        """O*NET's related occupations of a code, as SOC codes, closest first, with their flags."""
        return answers.related_occupations(con, soc_code)

    @app.get("/api/degree", response_model=Answer, tags=["choosing"])
    def degree(
        con: Con,
        field: Annotated[str, Query(pattern=r"\S", max_length=200, description="CIP 2020 code or program words")],
    ) -> dict:
        """A degree field: its CIP programs, whether each is on the DHS STEM list, and the occupations they feed."""
        return answers.degree_field(con, field)

    @app.get("/api/releases", response_model=Answer, tags=["releases"])
    def releases(con: Con) -> dict:
        """Every source release loaded, with when it was retrieved and loaded."""
        return answers.releases(con)

    @app.get("/api/changes/{soc_code}", response_model=Answer, tags=["releases"])
    def changes(con: Con, soc_code: SocCode) -> dict:
        """One occupation's figures in every release loaded, and what changed between releases."""
        return answers.changes(con, soc_code)

    @app.post(CODE_URL, response_class=Response, responses=UPLOAD_ERRORS, tags=["choosing"])
    def code_roster(
        con: Con,
        roster: Annotated[UploadFile, FilePart(description="The roster: a .csv (UTF-8) or .xlsx file, header row")],
        title_column: Annotated[
            str | None, Form(max_length=200, description="The column holding job titles (default: from the header)")
        ] = None,
        duties_column: Annotated[
            str | None, Form(max_length=200, description="The column holding duties (default: from the header)")
        ] = None,
        sheet: Annotated[
            str | None, Form(max_length=200, description="A workbook's sheet: its name or number (default: the first)")
        ] = None,
        encoding: Annotated[
            str | None, Form(max_length=40, description="A CSV's text encoding, e.g. cp1252 (default: UTF-8)")
        ] = None,
        format: Annotated[
            Literal["csv", "xlsx"] | None, Form(description="The download's format (default: the upload's)")
        ] = None,
    ) -> Response:
        """`socwh code` over HTTP: each roster row with its three best SOC codes, titles, scores, why they matched
        and the NIW flags, returned as a download. The file is read by `socwh code`'s rules, with its messages."""
        name = Path(roster.filename or "").name or "upload"  # a bare name: it is only ever shown, never opened
        table = rosters.parse_roster(Path(name), roster.file.read(), title_column, duties_column, sheet, encoding)
        if len(table.rows) > MAX_ROSTER_ROWS:
            raise TooLarge(
                f"{name}: {len(table.rows):,} rows; at most {MAX_ROSTER_ROWS:,} are taken "
                "(code a bigger roster with `socwh code ROSTER --out CODED`)"
            )
        suffix = f".{format}" if format else Path(name).suffix.lower()
        body = rosters.coded_bytes(suffix, rosters.output_columns(table), list(rosters.code_rows(con, table)), table)
        stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).stem).strip("._")[:100] or "roster"
        return Response(
            body,
            media_type=rosters.MEDIA_TYPES[suffix],
            headers={"Content-Disposition": f'attachment; filename="{stem}-coded{suffix}"'},
        )

    app.mount("/", WSGIMiddleware(dashboard))  # last: everything the API does not answer
    return app


def _error(request: Request, status: int, message: str) -> Response:
    """`{"error": message}`; for the roster form posted by a browser, the dashboard's error page with the message."""
    if request.url.path == CODE_URL and "text/html" in request.headers.get("accept", ""):
        page = HTMLResponse(error_page(STATUS_LINES[status], message, UPLOAD), status_code=status)
        page.headers.update(dict(SECURITY_HEADERS))  # the dashboard's own policy: its stylesheet, no scripts
        return page
    return JSONResponse({"error": message}, status_code=status)


def _version() -> str:
    from importlib.metadata import version

    return version("soc-warehouse")

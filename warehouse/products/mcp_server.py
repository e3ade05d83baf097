"""`socwh mcp`: the warehouse as a Model Context Protocol server, for AI assistants.

Built on the official `mcp` SDK (2.x: `MCPServer`). Runs on stdio (what desktop assistants start), or on
streamable HTTP with `--http PORT`, bound to 127.0.0.1 unless told otherwise. Each tool call opens its own
read-only connection, so a build's publish shows at once, and answers through warehouse/products/answers.py: the same
figures, citations and error messages as the JSON API and the CLI. A bad argument comes back as a tool error
(`is_error`) naming it; the server keeps running.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from warehouse.config import SQL_MAX_SECONDS
from warehouse.products import answers, queries
from warehouse.store.read import SharedReader, WarehouseMissing

INSTRUCTIONS = (
    "Official U.S. occupational data for choosing a 2018 SOC code, e.g. for a National Interest Waiver (Form "
    "I-140): BLS SOC definitions, O*NET education and Job Zones, BLS OEWS wages, BLS Employment Projections "
    "education, the NCES CIP-SOC crosswalk and the DHS STEM list. Every result carries `citations` (source, "
    "release, file URL, public page, retrieval date); quote them, and the `onet_attribution` when you use O*NET "
    "figures. " + answers.FLAG_MEANINGS
)
CITES = " The result carries citations for every figure (source, release, URL, public page, retrieval date)."


def build_server(db_path: Path, sql_seconds: float = SQL_MAX_SECONDS) -> MCPServer:
    """The MCP server over `db_path`; `query_sql` stops a query after `sql_seconds`."""
    server = MCPServer("soc-warehouse", instructions=INSTRUCTIONS)
    reader = SharedReader(db_path)

    def ask(question, *args, **kwargs) -> dict:
        """Run `question` on a cursor of the shared read-only connection; what the caller got wrong becomes a tool
        error."""
        try:
            with reader.cursor() as con:
                return question(con, *args, **kwargs)
        except (answers.BadArgument, queries.UnknownCode, WarehouseMissing) as error:
            raise ToolError(str(error)) from None

    @server.tool(
        description="Rank 2018 SOC codes by a job title and/or a description of duties (give at least one), with "
        "why each matched (the titles or O*NET tasks) and its flags. score is 0-1 relative to this query's best, "
        "not a probability." + CITES
    )
    def search_occupations(
        title: Annotated[str | None, Field(description="A job title, e.g. 'AI research scientist'")] = None,
        duties: Annotated[str | None, Field(description="A description of the work")] = None,
        limit: Annotated[int, Field(description="How many codes, 1-100")] = 10,
    ) -> dict[str, Any]:
        return ask(answers.search_occupations, title, duties, limit)

    @server.tool(
        description="One 2018 SOC occupation: definition, BLS typical education, experience and training, O*NET "
        "required-education distribution and Job Zone, the advanced-degree and priority-field flags with their "
        "evidence, national OEWS employment and wages. With `area` (an OEWS area code or name, e.g. 06 or "
        "California): that area's OEWS figures, or a note that the build has none. " + answers.FLAG_MEANINGS + CITES
    )
    def get_occupation(
        soc_code: Annotated[str, Field(description="A 2018 SOC detailed code, e.g. 15-1221")],
        area: Annotated[str | None, Field(description="An OEWS area code or name (optional)")] = None,
    ) -> dict[str, Any]:
        return ask(answers.occupation, soc_code, area)

    @server.tool(
        description="Compare 2 to 6 SOC codes side by side (education, Job Zone, flags, STEM and CET, wages, "
        "related occupations) with a summary ordering them by advanced-degree then priority-field evidence and "
        "saying what decided each step. The summary is a rule of this project, not legal advice." + CITES
    )
    def compare_occupations(
        soc_codes: Annotated[list[str], Field(description="2 to 6 SOC detailed codes, e.g. ['15-2051', '15-1221']")],
    ) -> dict[str, Any]:
        return ask(answers.compare_occupations, soc_codes)

    @server.tool(
        description="O*NET's related occupations of a SOC code, as SOC codes, closest first, with their flags: "
        "alternatives that may describe the same work better." + CITES
    )
    def related_occupations(
        soc_code: Annotated[str, Field(description="A 2018 SOC detailed code, e.g. 15-2051")],
    ) -> dict[str, Any]:
        return ask(answers.related_occupations, soc_code)

    @server.tool(
        description="Look up a degree field (a CIP 2020 code such as 11.0701, or words of a program title such as "
        "'computer science'): the matching CIP programs, whether each is on the DHS STEM Designated Degree Program "
        "List, and the SOC occupations the NCES CIP-SOC crosswalk links it to." + CITES
    )
    def check_degree_field(
        field: Annotated[str, Field(description="A CIP 2020 code (NN.NNNN) or words of a program title")],
    ) -> dict[str, Any]:
        return ask(answers.degree_field, field)

    @server.tool(
        description="List the NIW candidates (occupations that typically require an advanced degree, or a "
        "bachelor's plus 5 years, AND are in a priority field), strongest evidence first, with the dashboard's "
        "filters. " + answers.FLAG_MEANINGS + CITES
    )
    def list_niw_candidates(
        major_group: Annotated[str | None, Field(description="A major group code, e.g. 15-0000")] = None,
        requires_advanced_degree: bool | None = None,
        bachelors_plus_5y: bool | None = None,
        is_stem: Annotated[
            bool | None,
            Field(description="BLS STEM occupation, or a strict majority of linked programs on the DHS list"),
        ] = None,
        is_stem_occupation: Annotated[bool | None, Field(description="On BLS's OES STEM occupation list")] = None,
        has_cet: Annotated[bool | None, Field(description="Has any (project-curated) CET area")] = None,
        min_median_wage: Annotated[float | None, Field(description="Minimum national annual median wage, $")] = None,
        limit: Annotated[int, Field(description="Rows per page, 1-200")] = 50,
        offset: Annotated[int, Field(description="Rows to skip")] = 0,
    ) -> dict[str, Any]:
        filters = answers.Filters(
            major_group=major_group,
            requires_advanced_degree=requires_advanced_degree,
            bachelors_plus_5y=bachelors_plus_5y,
            is_stem=is_stem,
            is_stem_occupation=is_stem_occupation,
            has_cet=has_cet,
            min_median_wage=min_median_wage,
        )
        return ask(answers.occupations, filters, view="niw_candidates", limit=limit, offset=offset)

    @server.tool(
        description="Run one read-only DuckDB SQL query on the warehouse (views: occupations, niw_candidates, "
        "advanced_degree_occupations, priority_field_occupations, oews_estimates, source_releases, "
        "occupation_history, release_changes; schemas core and raw). No file or network access; at most "
        f"max_rows rows (1-{answers.SQL_MAX_ROWS}); stopped after {sql_seconds:g} s." + CITES
    )
    def query_sql(
        sql: Annotated[str, Field(description="One SQL query, e.g. SELECT soc_code, title FROM niw_candidates")],
        max_rows: Annotated[int, Field(description=f"At most this many rows, 1-{answers.SQL_MAX_ROWS}")] = 200,
    ) -> dict[str, Any]:
        if not Path(db_path).is_file():
            raise ToolError(f"no warehouse at {db_path}: build it first with `socwh build`")
        try:
            return answers.query_sql(db_path, sql, max_rows, sql_seconds)
        except answers.BadArgument as error:
            raise ToolError(str(error)) from None

    return server


def serve(
    db_path: Path, http_port: int | None = None, host: str = "127.0.0.1", sql_seconds: float = SQL_MAX_SECONDS
) -> None:
    server = build_server(db_path, sql_seconds)
    if http_port is None:
        server.run("stdio")
    else:
        server.run("streamable-http", host=host, port=http_port)

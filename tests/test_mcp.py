"""`socwh mcp`: the real server in its own process, driven by the official SDK's own client, on stdio and HTTP."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

from tests.conftest import SOCWH, free_port, sha256, stop_server

TOOLS = {
    "search_occupations",
    "get_occupation",
    "compare_occupations",
    "related_occupations",
    "check_degree_field",
    "list_niw_candidates",
    "query_sql",
}
# One good call of each tool, then calls a careless assistant makes: each must come back as a tool error.
CALLS = {
    "search": ("search_occupations", {"title": "computer research scientist"}),
    "get": ("get_occupation", {"soc_code": "15-1221"}),
    "get_area": ("get_occupation", {"soc_code": "15-1221", "area": "Atlantis"}),
    "compare": ("compare_occupations", {"soc_codes": ["15-2051", "15-1221"]}),
    "related": ("related_occupations", {"soc_code": "15-2051"}),
    "degree": ("check_degree_field", {"field": "11.0701"}),
    "candidates": ("list_niw_candidates", {"major_group": "15-0000", "has_cet": True, "limit": 5}),
    "sql": ("query_sql", {"sql": "SELECT soc_code, job_zone FROM occupations ORDER BY soc_code", "max_rows": 3}),
    "bad_code": ("get_occupation", {"soc_code": "99-9999"}),
    "malformed_code": ("get_occupation", {"soc_code": "15-12"}),
    "wrong_type": ("get_occupation", {"soc_code": 151221}),
    "missing_argument": ("related_occupations", {}),
    "one_code": ("compare_occupations", {"soc_codes": ["15-1221"]}),
    "no_query": ("search_occupations", {}),
    "bad_filter": ("list_niw_candidates", {"major_group": "15-1221"}),
    "sql_file": ("query_sql", {"sql": "SELECT * FROM read_csv('/etc/passwd')"}),
    "sql_write": ("query_sql", {"sql": "DROP VIEW occupations"}),
    "sql_slow": ("query_sql", {"sql": "SELECT count(*) FROM range(100000000000) a, range(10) b"}),
    "after_errors": ("get_occupation", {"soc_code": "15-2051"}),  # the server survived all of the above
}


async def _session_calls(read, write) -> dict:
    async with ClientSession(read, write) as session:
        await session.initialize()
        listed = await session.list_tools()
        results = {"tools": {tool.name: tool for tool in listed.tools}}
        for key, (tool, arguments) in CALLS.items():
            results[key] = await session.call_tool(tool, arguments)
        return results


@pytest.fixture(scope="module")
def db(built_warehouse) -> Path:
    return built_warehouse[0].db_path


SQL_SECONDS = 2  # the server's query_sql limit here (--sql-seconds; 10 s by default): sql_slow waits for it


@pytest.fixture(scope="module")
def stdio(db) -> dict:
    """Every call of CALLS, made through one stdio session with `socwh mcp` started by the SDK's stdio client."""
    before = sha256(db)

    async def run() -> dict:
        params = StdioServerParameters(
            command=str(SOCWH), args=["mcp", "--db", str(db), "--sql-seconds", str(SQL_SECONDS)]
        )
        with open(os.devnull, "w") as quiet:  # the server logs each tool error on stderr
            async with stdio_client(params, errlog=quiet) as (read, write):
                return await _session_calls(read, write)

    results = asyncio.run(asyncio.wait_for(run(), timeout=180))
    assert sha256(db) == before, "the MCP server changed the warehouse file"
    return results


def test_lists_every_tool_with_what_its_flags_mean(stdio):
    assert set(stdio["tools"]) == TOOLS
    described = stdio["tools"]["get_occupation"].description
    assert "project's own curated judgement" in described and "NOT an official mapping" in described
    assert "not a legal finding" in described
    assert "soc_code" in stdio["tools"]["get_occupation"].input_schema["properties"]
    assert f"stopped after {SQL_SECONDS} s" in stdio["tools"]["query_sql"].description


def test_get_occupation_states_the_facts_with_citations(stdio):
    answer = stdio["get"]
    assert not answer.is_error
    occupation = answer.structured_content["result"]
    assert occupation["soc_code"] == "15-1221"
    assert occupation["title"] == "Computer and Information Research Scientists"
    assert occupation["job_zone"] == 5
    assert occupation["bls_typical_education"] == "Master's degree"
    assert occupation["requires_advanced_degree"] is True
    assert occupation["onet_online"] == ["https://www.onetonline.org/link/summary/15-1221.00"]
    cited = {c["source"]: c for c in answer.structured_content["citations"]}
    assert set(cited) == {"soc", "onet", "oews", "ep", "cip", "stem"}
    assert cited["onet"]["release"] == "30.1"
    assert cited["onet"]["public_page"] == "https://www.onetcenter.org/database.html"
    job_zones = next(f for f in cited["onet"]["files"] if f["file"] == "Job Zones.txt")
    assert job_zones["url"] == "https://www.onetcenter.org/dl_files/database/db_30_1_text/Job%20Zones.txt"
    assert job_zones["retrieved_at"][:4] >= "2025"
    assert cited["oews"]["release"] == "2025A01"
    assert answer.structured_content["onet_attribution"].startswith(
        "This product includes information from the O*NET 30.1 Database"
    )


def test_an_area_the_build_lacks_is_said_to_be_unavailable(stdio):
    area = stdio["get_area"].structured_content["result"]["area"]
    assert area == {"requested": "Atlantis", "available": False, "note": "area 'Atlantis': not available in this build"}


def test_each_other_tool_answers_with_citations(stdio):
    for key in ("search", "compare", "related", "degree", "candidates", "sql"):
        answer = stdio[key]
        assert not answer.is_error, (key, answer.content)
        assert answer.structured_content["citations"], key
    assert stdio["search"].structured_content["result"][0]["soc_code"] == "15-1221"
    summary = stdio["compare"].structured_content["result"]["summary"]
    assert summary["strongest"] == "15-1221"
    related = {r["soc_code"]: r for r in stdio["related"].structured_content["result"]}
    assert related["15-1221"]["relatedness"] == "among the next 5"
    (program,) = stdio["degree"].structured_content["result"]
    assert program["cip_title"] == "Computer Science" and program["on_dhs_stem_list"] is True
    assert "15-1221" in {o["soc_code"] for o in program["occupations"]}
    page = stdio["candidates"].structured_content["result"]
    assert page["total"] >= len(page["occupations"]) > 0
    assert all(o["major_group_code"] == "15-0000" and o["cet_areas"] for o in page["occupations"])
    sql = stdio["sql"].structured_content["result"]
    assert sql["rows"] == [{"soc_code": "11-1011", "job_zone": 5}, {"soc_code": "11-1021", "job_zone": 4},
                           {"soc_code": "11-1031", "job_zone": 4}]  # fmt: skip
    assert sql["truncated"] is True


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("bad_code", "no 2018 SOC detailed occupation 99-9999 in the warehouse"),
        ("malformed_code", "'15-12' is not a 2018 SOC detailed code: expected the form NN-NNNN"),
        ("wrong_type", "soc_code"),
        ("missing_argument", "soc_code"),
        ("one_code", "compare needs at least two different SOC codes, got 15-1221"),
        ("no_query", "give a job title, a description of duties, or both"),
        ("bad_filter", "major_group: expected a major group code such as 15-0000, not '15-1221'"),
        ("sql_file", "file system operations are disabled"),
        ("sql_write", "read-only"),
        ("sql_slow", f"the query ran longer than {SQL_SECONDS} s and was stopped"),
    ],
)
def test_bad_arguments_are_tool_errors_naming_the_problem(stdio, key, message):
    answer = stdio[key]
    assert answer.is_error
    assert message in answer.content[0].text


def test_the_server_survives_bad_calls(stdio):
    assert stdio["after_errors"].structured_content["result"]["title"] == "Data Scientists"


@pytest.mark.slow  # starts an HTTP MCP server
def test_streamable_http_on_loopback(db, tmp_path):
    port = free_port()
    log = tmp_path / "mcp.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [SOCWH, "mcp", "--http", str(port), "--db", str(db)], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"no MCP server on port {port} within 60 s:\n{log.read_text()}"
                time.sleep(0.2)

        async def call():
            async with (
                streamable_http_client(f"http://127.0.0.1:{port}/mcp") as (read, write),
                ClientSession(read, write) as session,
            ):
                await session.initialize()
                return await session.call_tool("get_occupation", {"soc_code": "15-1221"})

        answer = asyncio.run(asyncio.wait_for(call(), timeout=60))
        assert answer.structured_content["result"]["job_zone"] == 5
        assert answer.structured_content["result"]["bls_typical_education"] == "Master's degree"
        import psutil

        listening = [c.laddr for c in psutil.Process(server.pid).net_connections() if c.status == "LISTEN"]
        assert listening and all(address.ip == "127.0.0.1" for address in listening), listening
    finally:
        stop_server(server)


def test_a_publish_shows_at_the_next_tool_call(db, tmp_path):
    """The server keeps one connection open between tool calls: a build's publish (an atomic rename) must show at
    the next call of the same session, and a warehouse that is gone is a tool error naming it."""
    served = tmp_path / "served.duckdb"
    shutil.copyfile(db, served)

    def publish_a_rebuild() -> None:
        rebuilt = tmp_path / "rebuilt.duckdb"
        shutil.copyfile(db, rebuilt)
        with duckdb.connect(str(rebuilt)) as con:
            con.execute("UPDATE core.soc_hierarchy SET title = 'Renamed By A Rebuild' WHERE soc_code = '15-1221'")
        os.replace(rebuilt, served)

    async def run() -> list:
        params = StdioServerParameters(command=str(SOCWH), args=["mcp", "--db", str(served)])
        with open(os.devnull, "w") as quiet:
            async with stdio_client(params, errlog=quiet) as (read, write), ClientSession(read, write) as session:
                await session.initialize()
                answers = [await session.call_tool("get_occupation", {"soc_code": "15-1221"})]
                publish_a_rebuild()
                answers.append(await session.call_tool("get_occupation", {"soc_code": "15-1221"}))
                served.unlink()
                answers.append(await session.call_tool("get_occupation", {"soc_code": "15-1221"}))
                return answers

    before, after, gone = asyncio.run(asyncio.wait_for(run(), timeout=120))
    assert before.structured_content["result"]["title"] == "Computer and Information Research Scientists"
    assert after.structured_content["result"]["title"] == "Renamed By A Rebuild"
    assert gone.is_error
    assert f"no warehouse at {served}: build it first with `socwh build`" in gone.content[0].text


def test_no_warehouse_exits_2_naming_the_file(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = subprocess.run([SOCWH, "mcp", "--db", str(missing)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"no warehouse at {missing}" in " ".join(result.stderr.split())


def test_a_sql_time_limit_out_of_range_is_refused_naming_the_option(db):
    result = subprocess.run(
        [SOCWH, "mcp", "--db", str(db), "--sql-seconds", "0"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "Invalid value for '--sql-seconds': 0.0 is not in the range 0.1<=x<=3600" in " ".join(result.stderr.split())


def test_the_default_sql_time_limit_is_ten_seconds():
    from warehouse.products.mcp_server import build_server

    (tool,) = [t for t in asyncio.run(build_server(Path("unused.duckdb")).list_tools()) if t.name == "query_sql"]
    assert "stopped after 10 s" in tool.description

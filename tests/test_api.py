"""`socwh serve`: the JSON API fuzzed by schemathesis against its own OpenAPI document, and its facts checked
through the real server on loopback."""

from __future__ import annotations

import csv
import hashlib
import http.client
import io
import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import duckdb
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from tests.conftest import SOCWH
from warehouse.products.api import MAX_ROSTER_ROWS, MAX_UPLOAD_BYTES, create_app


def get(url: str) -> tuple[int, dict, dict]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, json.loads(response.read()), {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read()), {k.lower(): v for k, v in error.headers.items()}


@pytest.fixture(scope="module")
def db(built_warehouse) -> Path:
    return built_warehouse[0].db_path


@pytest.mark.slow  # schemathesis asks every endpoint many times
def test_every_endpoint_conforms_to_its_openapi_document(db):
    """Every operation, fuzzed by schemathesis from the app's own OpenAPI document: no server error, every status
    and body as documented, and bad input rejected (25 examples an operation keeps the run near a minute)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(db))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {
        "/api/occupations", "/api/occupations/{soc_code}", "/api/niw-candidates", "/api/search", "/api/compare",
        "/api/related/{soc_code}", "/api/degree", "/api/releases", "/api/changes/{soc_code}", "/api/code",
    }  # fmt: skip
    for operation in operations:

        @given(case=operation.as_strategy())
        # derandomize: the same examples every run, so CI cannot pass or fail by the draw
        @settings(
            max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True
        )
        def fuzz(case):
            if case.operation.path == "/api/search" and not {"title", "duties"} & set(case.query or {}):
                # Neither title nor duties: a documented 400 the schema cannot express (tested below).
                case.call_and_validate(excluded_checks=[positive_data_acceptance])
            elif case.operation.path == "/api/code":
                # Any bytes are a valid upload by the schema, but few are a roster: a documented 400 or 413 (with
                # the reason) is the right answer to most, and a 500 still fails the run.
                case.call_and_validate(excluded_checks=[positive_data_acceptance])
            else:
                case.call_and_validate()

        fuzz()


def test_any_bytes_uploaded_as_a_roster_are_coded_or_refused_with_a_reason(db):
    """schemathesis names its uploads without a suffix (refused before they are read): here any bytes, and any text
    under a Title header, go through the reading and coding as .csv and .xlsx: a coded file or a 4xx saying why."""
    from fastapi.testclient import TestClient
    from hypothesis import strategies as st

    client = TestClient(create_app(db))
    uploads = st.one_of(
        st.tuples(st.sampled_from(["r.csv", "r.xlsx"]), st.binary(max_size=3000)),
        st.tuples(st.just("r.csv"), st.text(max_size=300).map(lambda text: ("Title\n" + text).encode())),
    )

    @given(upload=uploads)
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
    def fuzz(upload):
        response = client.post("/api/code", files={"roster": upload})
        assert response.status_code in (200, 400), response.text
        seen.add(response.status_code)
        if response.status_code == 400:
            assert response.json()["error"].startswith(upload[0] + ": ")
        else:
            assert response.headers["content-disposition"] == 'attachment; filename="r-coded.csv"'

    seen: set[int] = set()
    fuzz()
    assert seen == {200, 400}  # both ways through were taken


def test_each_request_reads_the_published_file_anew(db, tmp_path):
    """The API keeps one connection open between requests: a build's publish (an atomic rename) must still show at
    the next request, without a restart, and a request already answered keeps its figures."""
    from fastapi.testclient import TestClient

    served = tmp_path / "served.duckdb"
    shutil.copyfile(db, served)
    client = TestClient(create_app(served))
    assert client.get("/api/occupations/15-1221").json()["result"]["title"] == (
        "Computer and Information Research Scientists"
    )
    rebuilt = tmp_path / "rebuilt.duckdb"
    shutil.copyfile(db, rebuilt)
    with duckdb.connect(str(rebuilt)) as con:
        con.execute("UPDATE core.soc_hierarchy SET title = 'Renamed By A Rebuild' WHERE soc_code = '15-1221'")
    os.replace(rebuilt, served)
    assert client.get("/api/occupations/15-1221").json()["result"]["title"] == "Renamed By A Rebuild"
    served.unlink()  # and a warehouse that is gone is said to be gone, not served from the open connection
    response = client.get("/api/occupations/15-1221")
    assert response.status_code == 503
    assert response.json()["error"] == f"no warehouse at {served}: build it first with `socwh build`"


@pytest.fixture(scope="module")
def server(socwh_serve):
    return socwh_serve


def test_facts_through_the_api(server):
    status, body, headers = get(server + "/api/occupations/15-1221")
    assert status == 200
    assert body["result"]["job_zone"] == 5
    assert body["result"]["bls_typical_education"] == "Master's degree"
    assert {c["source"] for c in body["citations"]} == {"soc", "onet", "oews", "ep", "cip", "stem"}
    assert body["onet_attribution"].startswith("This product includes information from the O*NET 30.1 Database")
    assert headers["x-content-type-options"] == "nosniff"

    status, body, _ = get(server + "/api/compare?code=15-2051&code=15-1221")
    assert status == 200 and body["result"]["summary"]["strongest"] == "15-1221"

    status, body, _ = get(server + "/api/search?title=Data%20Scientist&limit=3")
    assert body["result"][0]["soc_code"] == "15-2051"

    status, body, _ = get(server + "/api/degree?field=11.0701")
    assert [p["cip_title"] for p in body["result"]] == ["Computer Science"]
    status, body, _ = get(server + "/api/degree?field=data%20science")  # a name, read as socwh degree reads it
    assert status == 200 and body["result"][0]["cip_code"] == "30.7001" and body["result"][0]["on_dhs_stem_list"]
    status, body, _ = get(server + "/api/degree?field=%27")  # nothing close: not found, not a bad request
    assert status == 404 and body["error"].startswith("field: no CIP 2020 program title close to")
    status, body, _ = get(server + "/api/degree?field=1.2.3")  # no program answers to it: said why, as not found
    assert status == 404 and "is not a CIP code: expected the form NN.NNNN" in body["error"]

    status, body, _ = get(server + "/api/related/15-2051")
    assert "15-1221" in {r["soc_code"] for r in body["result"]}

    status, body, _ = get(server + "/api/releases")
    assert {r["source"] for r in body["result"]} == {"soc", "onet", "oews", "ep", "cip", "stem"}

    status, body, _ = get(server + "/api/changes/15-1221")
    assert body["result"]["history"][0]["job_zone"] == 5


def test_browse_all_867_occupations_by_page(server):
    seen = []
    for offset in range(0, 1000, 200):
        _, body, _ = get(server + f"/api/occupations?limit=200&offset={offset}")
        assert body["result"]["total"] == 867
        seen += [o["soc_code"] for o in body["result"]["occupations"]]
    assert len(seen) == len(set(seen)) == 867
    _, body, _ = get(server + "/api/occupations?job_zone=5&requires_advanced_degree=true&major_group=15-0000")
    codes = {o["soc_code"] for o in body["result"]["occupations"]}
    assert "15-1221" in codes and all(o["job_zone"] == 5 for o in body["result"]["occupations"])
    _, body, _ = get(server + "/api/occupations?cet_area=artificial%20intelligence")
    assert {"15-1221", "15-2051"} <= {o["soc_code"] for o in body["result"]["occupations"]}
    _, body, _ = get(server + "/api/niw-candidates?cet_area=artificial%20intelligence")
    candidates = {o["soc_code"] for o in body["result"]["occupations"]}
    assert "15-1221" in candidates and "15-2051" not in candidates  # Data Scientists: a bachelor's, BLS says


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/occupations/99-9999", 404, "no 2018 SOC detailed occupation 99-9999 in the warehouse"),
        ("/api/occupations/15-12", 400, "soc_code: String should match pattern"),
        ("/api/compare?code=15-1221&code=15-1221", 400, "compare needs at least two different SOC codes"),
        ("/api/compare?code=15-1221&code=99-9999", 404, "no 2018 SOC detailed occupation 99-9999"),
        ("/api/search", 400, "give a job title, a description of duties, or both"),
        ("/api/occupations?job_zone=9", 400, "job_zone: Input should be less than or equal to 5"),
        ("/api/occupations?major_group=15-1221", 400, "major_group: String should match pattern"),
    ],
)
def test_errors_are_json_with_the_clis_message(server, path, status, message):
    got, body, headers = get(server + path)
    assert got == status
    assert message in body["error"]
    assert headers["content-type"] == "application/json"


def test_one_port_serves_the_dashboard_and_the_docs_without_a_cdn(server):
    with urllib.request.urlopen(server + "/search?title=economist", timeout=60) as page:
        assert "Economists" in page.read().decode()
    with urllib.request.urlopen(server + "/docs", timeout=60) as docs:
        html = docs.read().decode()
    assert "/static-offline-docs/swagger-ui-bundle.js" in html and "cdn" not in html.lower()


@pytest.mark.slow  # a load test
def test_load_mixed_pages_and_api_in_parallel(server):
    """One server for pages and API: 4 clients x 20 mixed requests in parallel all succeed (times in the message)."""
    from concurrent.futures import ThreadPoolExecutor

    paths = ["/api/occupations/15-1221", "/api/occupations?limit=200", "/api/search?title=economist",
             "/occupations?job_zone=5", "/compare?code=15-2051&code=15-1221"]  # fmt: skip

    def fetch(i: int) -> tuple[int, float]:
        started = time.monotonic()
        with urllib.request.urlopen(server + paths[i % len(paths)], timeout=120) as response:
            response.read()
            return response.status, time.monotonic() - started

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(fetch, range(80)))
    times = sorted(seconds for _, seconds in results)
    summary = f"median {times[40]:.2f} s, 95th percentile {times[75]:.2f} s, slowest {times[-1]:.2f} s"
    assert all(status == 200 for status, _ in results), summary
    print(summary)


def multipart(content: bytes, filename: str, **fields: str) -> tuple[bytes, str]:
    """A multipart/form-data body as a browser's form sends it: the roster file, then the text fields."""
    boundary = "----socwh-test-" + hashlib.sha256(content).hexdigest()[:16]
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="roster"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    ]
    parts += [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post_roster(
    url: str, content: bytes, filename: str = "roster.csv", accept: str = "*/*", **fields: str
) -> tuple[int, bytes, dict]:
    body, content_type = multipart(content, filename, **fields)
    request = urllib.request.Request(
        url + "/api/code", data=body, method="POST", headers={"Content-Type": content_type, "Accept": accept}
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read(), {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, error.read(), {k.lower(): v for k, v in error.headers.items()}


def roster_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


TEAM = [
    {"Employee": "A. Rivera", "Job Title": "Data Scientist"},
    {"Employee": '=HYPERLINK("http://example.org")', "Job Title": "Registered Nurse"},
]


def test_an_uploaded_roster_comes_back_coded_as_socwh_code_writes_it(server, db, tmp_path):
    status, body, headers = post_roster(server, roster_csv(TEAM), "team roster.csv")
    assert status == 200, body
    assert headers["content-disposition"] == 'attachment; filename="team_roster-coded.csv"'
    assert headers["content-type"] == "text/csv; charset=utf-8"
    coded = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert [r["soc_code_1"] for r in coded] == ["15-2051", "29-1141"]
    assert [r["soc_title_1"] for r in coded] == ["Data Scientists", "Registered Nurses"]
    assert coded[1]["Employee"] == '\'=HYPERLINK("http://example.org")'  # formula-safe, as every CSV of ours
    # Byte for byte what `socwh code` writes for the same file.
    (tmp_path / "team.csv").write_bytes(roster_csv(TEAM))
    run = subprocess.run(
        [SOCWH, "code", tmp_path / "team.csv", "--out", tmp_path / "coded.csv", "--db", db],
        capture_output=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr.decode()
    assert body == (tmp_path / "coded.csv").read_bytes()


DUTIES = "analyze data with statistical models to answer business questions"


def test_an_xlsx_roster_in_and_out(server, tmp_path):
    import fastexcel
    import xlsxwriter

    book = xlsxwriter.Workbook(str(tmp_path / "staff.xlsx"))
    sheet = book.add_worksheet()
    for number, row in enumerate([["Name", "Position", "What they do"], ["A", "Registered Nurse", ""],
                                  ["B", "", DUTIES]]):  # fmt: skip
        sheet.write_row(number, 0, row)
    book.close()
    status, body, headers = post_roster(
        server, (tmp_path / "staff.xlsx").read_bytes(), "staff.xlsx", duties_column="What they do"
    )
    assert status == 200, body
    assert headers["content-disposition"] == 'attachment; filename="staff-coded.xlsx"'
    coded = fastexcel.read_excel(body).load_sheet("coded").to_polars()
    assert coded["soc_code_1"].to_list()[0] == "29-1141"
    _, searched, _ = get(server + "/api/search?" + urllib.parse.urlencode({"duties": DUTIES, "limit": 3}))
    assert coded["soc_code_1"].to_list()[1] == searched["result"][0]["soc_code"]  # duties alone, as searched
    status, body, headers = post_roster(server, roster_csv(TEAM), "team.csv", format="xlsx")
    assert status == 200 and headers["content-disposition"] == 'attachment; filename="team-coded.xlsx"'
    assert fastexcel.read_excel(body).load_sheet(0).to_polars()["soc_code_1"].to_list() == ["15-2051", "29-1141"]


def test_an_uploaded_roster_is_read_in_the_encoding_named(server):
    content = "Name,Title\nJosé,Ingeniero Eléctrico\n".encode("cp1252")  # Excel's 'CSV (Comma delimited)'
    status, body, _ = post_roster(server, content, "r.csv", encoding="cp1252")
    assert status == 200, body
    (row,) = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert body.startswith("\ufeff".encode()) and (row["Name"], row["soc_code_1"]) == ("José", "17-2071")


@pytest.mark.parametrize(
    ("content", "filename", "fields", "status", "message"),
    [
        (b"Name,Title\nA,Nurse\n", "r.csv", {"title_column": "Job"}, 400,
         "r.csv: no column 'Job' (the title column you named); the header has ['Name', 'Title']"),
        (b"Name,Office\nA,Leeds\n", "r.csv", {}, 400, "r.csv: found no title or duties column in the header"),
        (b"", "empty.csv", {}, 400, "empty.csv: the file is empty; expected a header row"),
        ("Title\nIngeniero Eléctrico\n".encode("cp1252"), "r.csv", {}, 400,
         "r.csv: not UTF-8 text (byte 0xe9 at offset 18, line 2); save the roster as 'CSV UTF-8' or as .xlsx, or name"),
        (b"Title\nNurse\n", "r.csv", {"sheet": "Team"}, 400, "r.csv: a CSV has no sheets"),
        (b"Title\nNurse\n", "roster.txt", {}, 400, "roster.txt: the roster must be a .csv or .xlsx file, not .txt"),
        (b"Title\nNurse\n", "r.xlsx", {}, 400, "r.xlsx: not a readable .xlsx workbook"),
        (b"Title\nNurse\n", "r.csv", {"format": "pdf"}, 400, "format: Input should be 'csv' or 'xlsx'"),
        (b"Title\n" + b"Nurse\n" * (MAX_ROSTER_ROWS + 1), "big.csv", {}, 413,
         f"big.csv: {MAX_ROSTER_ROWS + 1:,} rows; at most {MAX_ROSTER_ROWS:,} are taken"),
        (b"Title\n" + b"x" * MAX_UPLOAD_BYTES, "huge.csv", {}, 413,
         f"bytes; at most {MAX_UPLOAD_BYTES:,} are taken (code a bigger roster with `socwh code ROSTER --out CODED`)"),
    ],
)  # fmt: skip
def test_a_bad_upload_is_a_json_error_with_the_clis_message(server, content, filename, fields, status, message):
    got, body, headers = post_roster(server, content, filename, **fields)
    assert got == status, body
    assert headers["content-type"] == "application/json"
    assert message in json.loads(body)["error"]


def test_an_upload_must_say_its_size_and_a_huge_one_is_not_read(server):
    host, port = server.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest("POST", "/api/code")  # a declared 1 GB: answered before a byte of the body is sent
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(10**9))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    assert json.loads(response.read())["error"].startswith("the upload is 1,000,000,000 bytes; at most 5,242,880")
    connection.close()
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    body, content_type = multipart(b"Title\nNurse\n", "r.csv")
    connection.request("POST", "/api/code", body=iter([body]), headers={"Content-Type": content_type})  # chunked
    response = connection.getresponse()
    assert response.status == 411
    assert json.loads(response.read())["error"] == "the upload must say its size: send a Content-Length header"
    connection.close()


def test_a_browser_posting_the_form_gets_an_error_page_not_json(server):
    status, body, headers = post_roster(server, b"", "empty.csv", accept="text/html,application/xhtml+xml")
    assert status == 400 and headers["content-type"].startswith("text/html")
    page = body.decode()
    assert "empty.csv: the file is empty; expected a header row" in page and "400 Bad Request" in page
    assert headers["content-security-policy"].startswith("default-src 'none'; style-src 'self'")

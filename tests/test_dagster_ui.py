"""The Dagster UI shows every build: a CLI build's run, materializations and checks, read back through the real
webserver's GraphQL API; and `socwh ui` stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import psutil
import pytest

from orchestration.instance import dagster_home
from orchestration.ui import ui_environment
from tests.conftest import REPO, free_port, stop_server

BIN = Path(sys.executable).parent
LATEST_OEWS = """
{
  assetOrError(assetKey: {path: ["raw", "oews_data"]}) {
    __typename
    ... on Asset {
      assetMaterializations(limit: 1) {
        runId
        metadataEntries { label ... on IntMetadataEntry { intValue } ... on TextMetadataEntry { text } }
      }
    }
  }
}
"""
RUN_AND_CHECK = """
query ($runId: ID!) {
  runOrError(runId: $runId) { __typename ... on Run { status } }
  assetCheckExecutions(assetKey: {path: ["raw", "oews_data"]}, checkName: "expectations", limit: 1) {
    runId status
  }
}
"""


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, f"exited with {process.returncode}:\n{log.read_text()}"
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            assert time.monotonic() < deadline, f"{url} did not answer within {seconds} s:\n{log.read_text()}"
            time.sleep(0.5)


def graphql(base: str, query: str, variables: dict | None = None) -> dict:
    request = urllib.request.Request(
        base + "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    assert "errors" not in answer, answer
    return answer["data"]


@pytest.fixture(scope="module")
def settings(built_warehouse):
    return built_warehouse[0]


def test_the_instance_beside_the_warehouse_runs_one_at_a_time(settings):
    from dagster import DagsterInstance

    home = dagster_home(settings, env={})
    assert home == settings.db_path.resolve().with_name("dagster_home")
    with DagsterInstance.from_config(str(home)) as instance:
        assert instance.run_coordinator.get_run_queue_config().max_concurrent_runs == 1
        assert instance.get_runs_count() >= 1  # the fixture's build ran on it


@pytest.mark.slow  # starts the Dagster webserver
def test_a_cli_build_shows_in_the_webserver(settings, tmp_path):
    port = free_port()
    log = tmp_path / "webserver.log"
    env = ui_environment(settings) | {"DAGSTER_HOME": str(dagster_home(settings, env={}))}
    with log.open("wb") as out:
        server = subprocess.Popen(
            [BIN / "dagster-webserver", "-w", str(REPO / "workspace.yaml"), "-h", "127.0.0.1", "-p", str(port)],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/server_info", server, log)
        asset = graphql(base, LATEST_OEWS)["assetOrError"]
        assert asset["__typename"] == "Asset"
        (latest,) = asset["assetMaterializations"]
        metadata = {
            e["label"]: e.get("intValue", e.get("text")) for e in asset["assetMaterializations"][0]["metadataEntries"]
        }
        with duckdb.connect(str(settings.db_path), read_only=True) as con:
            rows = con.execute("SELECT count(*) FROM raw.oews_data").fetchone()[0]
        assert metadata["dagster/row_count"] == rows > 0
        assert metadata["release"] == "2025A01"
        run = graphql(base, RUN_AND_CHECK, {"runId": latest["runId"]})
        assert run["runOrError"]["status"] == "SUCCESS"
        (check,) = run["assetCheckExecutions"]
        assert check["runId"] == latest["runId"] and check["status"] == "SUCCEEDED"
    finally:
        stop_server(server, timeout=30)


@pytest.mark.slow  # starts the Dagster webserver
def test_socwh_ui_stops_with_its_children_on_sigterm(settings, tmp_path):
    port = free_port()
    log = tmp_path / "ui.log"
    with log.open("wb") as out:
        ui = subprocess.Popen(
            [BIN / "socwh", "ui", "--port", str(port), "--db", str(settings.db_path)],
            env={**os.environ, "DAGSTER_HOME": str(dagster_home(settings, env={}))},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wait_for(f"http://127.0.0.1:{port}/server_info", ui, log)
    # the code location it loads by module (no workspace.yaml, as from a wheel) is there
    assert graphql(f"http://127.0.0.1:{port}", LATEST_OEWS)["assetOrError"]["__typename"] == "Asset"
    family = psutil.Process(ui.pid).children(recursive=True)
    assert any("dagster_webserver" in " ".join(p.cmdline()) for p in family)
    started = time.monotonic()
    os.kill(ui.pid, signal.SIGTERM)
    assert ui.wait(timeout=60) == 0, log.read_text()
    assert time.monotonic() - started < 45
    _, alive = psutil.wait_procs(family, timeout=10)
    assert not alive, [p.cmdline() for p in alive]

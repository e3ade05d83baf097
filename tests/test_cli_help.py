"""What a new user meets first: `socwh` alone, --version, and help that names choices and variables."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from warehouse.cli.app import app

COMMANDS_WITH_DB = ["build", "sql", "show", "export", "search", "compare", "related", "evidence", "dashboard",
                    "changes", "releases", "mcp"]  # fmt: skip


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_socwh_alone_prints_help_and_succeeds():
    result = invoke()
    assert result.exit_code == 0
    assert (
        "Usage:" in result.output
        and "Commands" in result.output
        and "build" in result.output
        and "mcp" in result.output
    )


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"socwh {version('soc-warehouse')}"


@pytest.mark.parametrize(
    ("command", "choices"),
    [("export", "[parquet|csv]"), ("search", "[table|json|csv]"), ("compare", "[table|md|html|json]"),
     ("related", "[table|json|csv]")],
)  # fmt: skip
def test_format_lists_its_choices(command, choices):
    assert choices in invoke(command, "--help").output


@pytest.mark.parametrize("command", COMMANDS_WITH_DB)
def test_db_help_names_its_variable(command):
    assert "[env: SOC_WAREHOUSE_DB]" in " ".join(invoke(command, "--help").output.split())


@pytest.mark.parametrize(
    "args",
    [["search", "data scientist"], ["search", "--duties", "design machine learning models"], ["related", "15-2051"],
     ["compare", "15-2051", "15-1221"], ["show", "15-1221"], ["changes", "15-1221"], ["releases"]],
)  # fmt: skip
def test_tables_fit_80_columns_without_cutting_words(built_warehouse, args):
    result = CliRunner().invoke(app, [*args, "--db", str(built_warehouse[0].db_path)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert not re.search(r"\w…", result.stdout)  # a cell never loses the end of a word ("Artifici…")

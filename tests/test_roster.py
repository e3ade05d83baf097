"""`socwh code ROSTER --out CODED`: a whole roster coded at once, on the real warehouse."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from warehouse.cli.app import app

ROSTER = [
    {"Employee": "A. Rivera", "Job Title": "Data Scientist", "Job Duties": "build predictive models from sales data"},
    {"Employee": "B. Chen", "Job Title": "Ingeniero de software", "Job Duties": ""},
    {
        "Employee": "C. Okafor",
        "Job Title": "",
        "Job Duties": "Diagnose and treat diseases of the teeth and gums, fill cavities, extract teeth, and fit dentures.",
    },
    {"Employee": "D. Empty", "Job Title": "", "Job Duties": ""},
    {"Employee": "F. Short", "Job Title": "SWE", "Job Duties": ""},
    {"Employee": "E. Again", "Job Title": "Data Scientist", "Job Duties": "build predictive models from sales data"},
]


def write_csv(path, rows, header=None, encoding="utf-8"):
    header = header or list(rows[0])
    with path.open("w", newline="", encoding=encoding) as f:
        writer = csv.DictWriter(f, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(settings, *args):
    return CliRunner().invoke(app, ["code", *map(str, args), "--db", str(settings.db_path)], env={"COLUMNS": "200"})


def read_coded(path):
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_a_csv_roster_is_coded_row_by_row_with_three_codes_why_and_flags(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    roster = write_csv(tmp_path / "roster.csv", ROSTER)
    out = tmp_path / "coded.csv"
    result = run(settings, roster, "--out", out)
    assert result.exit_code == 0, result.output
    assert "title column 'Job Title', duties column 'Job Duties'" in " ".join(result.stderr.split())
    rows = read_coded(out)
    assert [r["Employee"] for r in rows] == [r["Employee"] for r in ROSTER]  # every row, in order, its own columns
    first, spanish, dentist, empty, short, again = rows
    assert first["soc_code_1"] == "15-2051" and first["soc_title_1"] == "Data Scientists"
    scores = [float(first[f"score_{n}"]) for n in (1, 2, 3)]
    assert 0 < scores[2] <= scores[1] <= scores[0] <= 1 and first["confidence_1"] in {"high", "low"}
    assert first["soc_code_2"] and first["soc_code_3"]
    assert "Data Scientist" in first["why_1"] and "matched:" in first["why_1"]
    assert first["requires_advanced_degree_1"] in {"yes", "no"} and first["is_stem_1"] == "yes"
    assert spanish["soc_code_1"] == "15-1252"
    assert spanish["note"] == "title read as 'software engineer'" and first["note"] == ""  # only a changed title
    assert (short["soc_code_1"], short["note"]) == ("15-1252", "title read as 'software engineer'")  # spelled out
    assert dentist["soc_code_1"] == "29-1021"
    assert empty["soc_code_1"] == "" and empty["note"] == "no title or duties in this row"
    assert {k: v for k, v in again.items() if k != "Employee"} == {k: v for k, v in first.items() if k != "Employee"}


def test_named_columns_and_xlsx_in_and_out(built_warehouse, tmp_path):
    import fastexcel
    import xlsxwriter

    settings, _ = built_warehouse
    roster = tmp_path / "roster.xlsx"
    book = xlsxwriter.Workbook(str(roster))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Name", "Position held", "What they do"])
    sheet.write_row(1, 0, ["X", "Economist", "Forecast economic conditions from survey data on prices and employment"])
    book.close()
    out = tmp_path / "coded.xlsx"
    result = run(settings, roster, "--out", out, "--title-column", "Position held", "--duties-column", "What they do")
    assert result.exit_code == 0, result.output
    frame = fastexcel.read_excel(str(out)).load_sheet(0).to_polars()
    assert frame.columns[:3] == ["Name", "Position held", "What they do"]
    assert frame["soc_code_1"].to_list() == ["19-3011"]
    assert frame["soc_title_1"].to_list() == ["Economists"]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", [], "the file is empty; expected a header row naming a title or duties column"),
        (b"Name,Salary\nA,1\n", [], "found no title or duties column in the header ['Name', 'Salary']"),
        (b"Title,Duties\nNurse,care\n", ["--title-column", "Job"], "no column 'Job' (the title column you named)"),
        ("Title\nIngeniero Eléctrico\n".encode("cp1252"), [], "not UTF-8 text (byte 0xe9 at offset 18)"),
        (b"Title\nNurse,extra\n", [], "row 2 has 2 cells but the header names 1 columns"),
        # a quote opened and never closed would swallow every row after it into one cell
        (
            b'Title,Duties\n"Senior Engineer,design chips\nNurse,care for patients\n',
            [],
            "row 2 (from line 2) has a quote that CSV cannot close (unexpected end of data, at line 3)",
        ),
        (
            b'Title,Duties\nChemist,analyze\n"Lead" Engineer,design chips\nNurse,care\n',
            [],
            "row 3 (from line 3) has a quote that CSV cannot close (',' expected after '\"', at line 3); a cell "
            "holding quotes must be quoted whole, with each quote inside doubled",
        ),
    ],
)
def test_a_malformed_roster_is_a_clear_error_naming_the_file_and_column(
    built_warehouse, tmp_path, content, args, message
):
    settings, _ = built_warehouse
    roster = tmp_path / "bad.csv"
    roster.write_bytes(content)
    out = tmp_path / "coded.csv"
    result = run(settings, roster, "--out", out, *args)
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert str(roster) in text and message in text, text
    assert "Traceback" not in result.output
    assert not out.exists()


def test_wrong_suffixes_are_refused_before_any_work(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    roster = write_csv(tmp_path / "roster.csv", ROSTER)
    result = run(settings, roster, "--out", tmp_path / "coded.json")
    assert result.exit_code == 2
    assert "the output must be a .csv or .xlsx file, not .json" in " ".join(result.output.split())
    result = run(settings, tmp_path / "roster.txt", "--out", tmp_path / "coded.csv")
    assert result.exit_code == 2
    assert "the roster must be a .csv or .xlsx file, not .txt" in " ".join(result.output.split())


def test_a_semicolon_separated_roster_as_european_excel_saves_it_is_read_by_its_header(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Job Title;Job Duties\nIngeniero Civil;design roads, bridges and dams\n;\nSemiconductor Engineer;\n",
        encoding="utf-8",
    )
    out = tmp_path / "coded.csv"
    result = run(settings, roster, "--out", out)
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "2 rows (separated by semicolons); coding by title column 'Job Title', duties column 'Job Duties'" in said
    row, chips = read_coded(out)
    assert row["Job Duties"] == "design roads, bridges and dams"  # the commas inside a cell stay in it
    assert row["soc_code_1"] == "17-2051" and row["note"] == "title read as 'civil engineer'"
    # a first code worth checking by hand says why, where the reader looks
    assert chips["confidence_1"] == "low" and chips["note"] == (
        "low confidence: O*NET lists the title 'Semiconductor Engineer' under 17-2199 Engineers, All Other too"
    )

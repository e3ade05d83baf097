"""`socwh code ROSTER --out CODED`: a whole roster coded at once, on the real warehouse."""

from __future__ import annotations

import csv
import datetime as dt

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
    sheet = book.add_worksheet("Team")
    sheet.write_row(0, 0, ["Name", "Position held", "What they do", "Salary", "Start", "Sponsored"])
    sheet.write_row(1, 0, ["X", "Economist", "Forecast economic conditions from survey data on prices and employment"])
    sheet.write_row(1, 3, [98500, dt.datetime(2024, 1, 2), True], None)
    sheet.write_datetime(1, 4, dt.datetime(2024, 1, 2), book.add_format({"num_format": "yyyy-mm-dd"}))
    book.close()
    out = tmp_path / "coded.xlsx"
    result = run(settings, roster, "--out", out, "--title-column", "Position held", "--duties-column", "What they do")
    assert result.exit_code == 0, result.output
    frame = fastexcel.read_excel(str(out)).load_sheet(0).to_polars()
    assert frame.columns[:6] == ["Name", "Position held", "What they do", "Salary", "Start", "Sponsored"]
    assert frame["soc_code_1"].to_list() == ["19-3011"]
    assert frame["soc_title_1"].to_list() == ["Economists"]
    # the roster's own cells go back as what they were: a number, a date, a boolean (not text)
    assert frame.row(0)[3:6] == (98500.0, dt.datetime(2024, 1, 2), True)
    assert "confidence_1" in frame.columns and "confidence_2" not in frame.columns  # only the first code has one


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"", [], "the file is empty; expected a header row naming a title or duties column"),
        (b"Name,Salary\nA,1\n", [], "found no title or duties column in the header ['Name', 'Salary']"),
        (b"Title,Duties\nNurse,care\n", ["--title-column", "Job"], "no column 'Job' (the title column you named)"),
        (
            "Title\nIngeniero Eléctrico\n".encode("cp1252"),
            [],
            "not UTF-8 text (byte 0xe9 at offset 18, line 2); save the roster as 'CSV UTF-8' or as .xlsx, or name its "
            "encoding (--encoding cp1252 for Excel's 'CSV (Comma delimited)' on Windows)",
        ),
        ("Title\nIngeniero Eléctrico\n".encode("cp1252"), ["--encoding", "ascii"], "not ascii text (byte 0xe9 at"),
        (b"Title\nNurse\n", ["--encoding", "klingon"], "no text encoding 'klingon' (expected one such as utf-8"),
        (b"Title\nNurse\n", ["--sheet", "Roster"], "a CSV has no sheets; a sheet ('Roster') is named only for an"),
        # a byte-order mark is certain: a named encoding that contradicts it would turn every cell into garbage
        (
            "Title\nNurse\n".encode("utf-16"),
            ["--encoding", "cp1252"],
            "the file starts with a UTF-16 byte-order mark, so it is UTF-16 text, not cp1252; leave out the encoding",
        ),
        (b"Title\nNurse,extra\n", [], "row 2 has 2 cells but the header (row 1) names 1 columns"),
        # rows are numbered as a spreadsheet shows them, the title line and blank row above the header counted
        (b"ACME roster\n\nTitle\nNurse\nChemist,extra\n", [], "row 5 has 2 cells but the header (row 3) names 1"),
        # a column the coded file writes would be overwritten (a roster's own notes, a coded roster coded again)
        (b"Title,note\nNurse,H-1B expires 2027\n", [], "the roster already has column(s) ['note'], which the coded"),
        (b"Title,soc_code_1\nNurse,29-1141\n", [], "the roster already has column(s) ['soc_code_1']"),
        (b"Title\nNurse\n", ["--title-column", "Position"], "no column 'Position' (the title column you named)"),
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
    # as Excel's 'CSV UTF-8' saves it where the decimal mark is a comma: semicolons, a byte-order mark, CRLF
    roster.write_bytes(
        "Job Title;Job Duties\r\nIngeniero Civil;design roads, bridges and dams\r\n;\r\nSemiconductor Engineer;\r\n\r\n".encode(
            "utf-8-sig"
        )
    )
    out = tmp_path / "coded.csv"
    result = run(settings, roster, "--out", out)
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert (
        "3 rows (separated by semicolons), 1 of them blank; coding by title column 'Job Title', duties column "
        "'Job Duties'" in said
    )
    # written back as it was read, so the same spreadsheet opens it in columns; the blank row kept in its place
    assert out.read_bytes().startswith(b"\xef\xbb\xbfJob Title;Job Duties;soc_code_1;")
    with out.open(newline="", encoding="utf-8-sig") as f:
        row, blank, chips = csv.DictReader(f, delimiter=";")
    assert blank["note"] == "no title or duties in this row"
    assert row["Job Duties"] == "design roads, bridges and dams"  # the commas inside a cell stay in it
    assert row["soc_code_1"] == "17-2051" and row["note"] == "title read as 'civil engineer'"
    # a first code worth checking by hand says why, where the reader looks
    assert chips["confidence_1"] == "low" and chips["note"] == (
        "low confidence: O*NET lists the title 'Semiconductor Engineer' under 17-2199 Engineers, All Other too"
    )


def test_headers_in_other_forms_and_languages_are_found_and_a_missing_one_is_named(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    out = tmp_path / "coded.csv"
    for header, title, duties in [
        ("Job Title(s),Key Responsibilities", "Job Title(s)", "Key Responsibilities"),  # plural, and a longer name
        ("Puesto,Funciones", "Puesto", "Funciones"),
        ("Intitulé du poste,Missions", "Intitulé du poste", "Missions"),
        ("Stellenbezeichnung,Aufgaben", "Stellenbezeichnung", "Aufgaben"),
        # an HR system's export (Workday's 'Business Title'), and a job posting's
        ("Business Title,Duties and Responsibilities", "Business Title", "Duties and Responsibilities"),
        ("Title of Position,Position Description", "Title of Position", "Position Description"),
    ]:
        roster = tmp_path / "roster.csv"
        roster.write_text(f"{header}\nEconomist,forecast prices\n", encoding="utf-8")
        result = run(settings, roster, "--out", out)
        assert result.exit_code == 0, result.output
        assert f"coding by title column {title!r}, duties column {duties!r}" in " ".join(result.stderr.split())
    roster.write_text("Name,Job Duties,Job Role Name\nA,forecast prices,Economist\n", encoding="utf-8")
    result = run(settings, roster, "--out", out)
    said = " ".join(result.stderr.split())
    assert (
        "found no title column in the header ['Name', 'Job Duties', 'Job Role Name']; name one with --title-column"
        in said
    )
    result = run(settings, roster, "--out", out, "--title-column", "job role name")  # case and spaces as typed
    assert result.exit_code == 0 and "coding by title column 'Job Role Name'" in " ".join(result.stderr.split())


def test_an_output_that_would_overwrite_the_roster_or_has_no_folder_is_refused_before_coding(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    roster = write_csv(tmp_path / "roster.csv", ROSTER)
    before = roster.read_bytes()
    result = run(settings, roster, "--out", roster)
    assert result.exit_code == 2 and "this is the roster itself" in " ".join(result.output.split())
    assert roster.read_bytes() == before
    result = run(settings, roster, "--out", tmp_path / "no such folder" / "coded.csv")
    assert result.exit_code == 2, result.output
    assert "no folder" in result.output and "coding" not in result.stderr and "Traceback" not in result.output


def test_a_workbook_whose_first_sheet_is_not_the_roster_is_named_in_the_error(built_warehouse, tmp_path):
    import xlsxwriter

    settings, _ = built_warehouse
    roster = tmp_path / "roster.xlsx"
    book = xlsxwriter.Workbook(str(roster))
    book.add_worksheet("Instructions").write(0, 0, "Fill in the Roster sheet")
    book.add_worksheet("Roster").write_row(0, 0, ["Job Title"])
    book.close()
    result = run(settings, roster, "--out", tmp_path / "coded.csv")
    assert result.exit_code == 2
    said = " ".join(result.output.split())
    assert "(sheet 'Instructions', the first): found no title or duties column in the header" in said, said


def test_a_csv_saved_by_windows_excel_with_a_title_line_is_read_from_its_header(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    roster = tmp_path / "roster.csv"
    # Excel's 'CSV (Comma delimited)' on Windows writes the code page (cp1252), not UTF-8; a firm's roster often
    # opens with a title line (here with a comma, in a semicolon-separated file) and a blank row
    roster.write_bytes(
        "ACME Corp, NIW roster Q3 2026\r\n\r\nName;Job Title\r\nJosé Núñez;Ingeniero Eléctrico\r\n".encode("cp1252")
    )
    out = tmp_path / "coded.csv"
    result = run(settings, roster, "--out", out, "--encoding", "cp1252")
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "(read as cp1252; written back as UTF-8 with a byte-order mark): 1 row (separated by semicolons)" in said
    assert (
        "the header is row 3; the row(s) above it are neither coded nor written back: 'ACME Corp, NIW roster Q3 2026'"
        in said
    )
    # UTF-8 with a mark: the spreadsheet that saved the code page opens it with the accents intact
    assert out.read_bytes().startswith("\ufeffName;Job Title;soc_code_1".encode())
    with out.open(newline="", encoding="utf-8-sig") as f:
        (row,) = csv.DictReader(f, delimiter=";")
    assert (row["Name"], row["Job Title"], row["soc_code_1"]) == ("José Núñez", "Ingeniero Eléctrico", "17-2071")


def test_a_utf16_tab_separated_roster_as_excel_saves_unicode_text_is_read(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    roster = tmp_path / "roster.csv"
    roster.write_bytes("Name\tJob Title\r\nA\tChemist\r\n".encode("utf-16"))  # with its byte-order mark
    out = tmp_path / "coded.csv"
    result = run(settings, roster, "--out", out)
    assert result.exit_code == 0, result.output
    assert "(read as utf-16; written back as UTF-8 with a byte-order mark): 1 row (separated by tabs)" in " ".join(
        result.stderr.split()
    )
    with out.open(newline="", encoding="utf-8-sig") as f:
        (row,) = csv.DictReader(f, delimiter="\t")
    assert (row["Job Title"], row["soc_code_1"]) == ("Chemist", "19-2031")


def test_a_workbook_sheet_is_named_and_its_header_found_under_a_title_with_cells_kept_in_their_rows(
    built_warehouse, tmp_path
):
    import fastexcel
    import xlsxwriter

    settings, _ = built_warehouse
    roster = tmp_path / "roster.xlsx"
    book = xlsxwriter.Workbook(str(roster))
    book.add_worksheet("Read me").write(0, 0, "Fill in the Team sheet")
    sheet = book.add_worksheet("Team")
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write(1, 1, "ACME Corp: roster")  # a title line, not in column A, two rows below the sheet's top
    sheet.write_row(3, 1, ["Name", "Title", "Pay", "Interviewed"])
    for row, (name, title, pay, when) in enumerate(
        [("a", "Nurse", 1000, dt.datetime(2026, 1, 2, 9, 30)), ("b", "Chemist", 2000, dt.datetime(2026, 1, 3, 14, 0))]
    ):
        sheet.write_row(4 + row, 1, [name, title, pay])
        sheet.write_datetime(4 + row, 4, when, stamp)
    book.close()
    out = tmp_path / "coded.xlsx"
    result = run(settings, roster, "--out", out)
    assert result.exit_code == 2
    assert (
        "(sheet 'Read me', the first): found no title or duties column in the header ['Fill in the Team sheet'] (row "
        "1, the first filled row); name them with --title-column and/or --duties-column, or name another sheet with "
        "--sheet ('Team')"
    ) in " ".join(result.output.split())
    for asked in (
        "Sheet 3",
        "0",
        "²",
    ):  # sheets are numbered from 1, as Excel shows them ('²' is a digit int() refuses)
        result = run(settings, roster, "--out", out, "--sheet", asked)
        assert result.exit_code == 2
        assert (
            f"no sheet '{asked}'; the workbook has sheets ['Read me', 'Team'] (name one, or its number, from 1 to 2)"
        ) in " ".join(result.output.split())
    result = run(settings, tmp_path, "--out", out)  # a folder
    assert result.exit_code == 2
    assert f"{tmp_path}: the roster must be a .csv or .xlsx file, not a folder" in " ".join(result.output.split())
    for named in ("team", "2"):  # its name in any case, or its number
        result = run(settings, roster, "--out", out, "--sheet", named)
        assert result.exit_code == 0, result.output
        said = " ".join(result.stderr.split())
        assert "(sheet 'Team', one of 2: 'Read me', 'Team'; --sheet names another): 2 rows" in said
        assert (
            "the header is row 4; the row(s) above it are neither coded nor written back: 'ACME Corp: roster'" in said
        )
    frame = fastexcel.read_excel(str(out)).load_sheet(0).to_polars()
    # each row's own cells beside its codes (before, a header below the sheet's top shifted the typed cells by the
    # rows above it: the Chemist's pay was the header's 'Pay'); a time of day kept
    assert frame.select("Name", "Title", "Pay", "Interviewed", "soc_code_1").rows() == [
        ("a", "Nurse", 1000.0, dt.datetime(2026, 1, 2, 9, 30), "29-1141"),
        ("b", "Chemist", 2000.0, dt.datetime(2026, 1, 3, 14, 0), "19-2031"),
    ]


def test_cells_under_no_header_keep_their_column_and_rows_with_no_code_are_counted(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    roster = tmp_path / "roster.csv"
    # notes typed in unlabelled columns beside the roster (each was written into the other unlabelled column's cell)
    roster.write_text("Name,,Job Title,,Duties,\nAnn,LAST-A,Registered Nurse,EXTRA-A,care,\nBob,,xyzzy qwerty,,,\n")
    out = tmp_path / "coded.csv"
    result = run(settings, roster, "--out", out)
    assert result.exit_code == 0, result.output
    ann, bob = read_coded(out)
    assert (ann["(column 2, no header)"], ann["(column 4, no header)"], ann["soc_code_1"]) == (
        "LAST-A",
        "EXTRA-A",
        "29-1141",
    )
    assert out.read_text().startswith('Name,"(column 2, no header)",Job Title,"(column 4, no header)",Duties,,')
    assert (bob["soc_code_1"], bob["note"]) == ("", "no SOC code matched")
    said = " ".join(result.stderr.split())
    assert "2 rows, 1 with no code (see the note), 0 with a low-confidence first code" in said


def test_a_cell_too_long_for_a_workbook_is_an_error_naming_its_row_and_column(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    roster = write_csv(tmp_path / "roster.csv", [{"Title": "Statistician", "Duties": "analyze data " * 3000}])
    result = run(settings, roster, "--out", tmp_path / "coded.xlsx")
    assert result.exit_code == 2
    assert (
        "row 2, column 'Duties' holds 39,000 characters; an .xlsx cell holds at most 32,767: write the coded roster "
        "as .csv"
    ) in " ".join(result.output.split())
    assert not (tmp_path / "coded.xlsx").exists()
    assert run(settings, roster, "--out", tmp_path / "coded.csv").exit_code == 0


def test_a_group_row_over_merged_cells_is_read_as_a_line_above_the_header(built_warehouse, tmp_path):
    import fastexcel
    import xlsxwriter

    settings, _ = built_warehouse
    roster = tmp_path / "roster.xlsx"
    book = xlsxwriter.Workbook(str(roster))
    sheet = book.add_worksheet("Team")
    # HR's layout: a group row whose merged cells span the columns under them; 'Position' names a title column too,
    # so it was taken for the header and the real header coded as a row ('Job Title' -> 23-2093 Title Examiners)
    sheet.merge_range(0, 0, 0, 1, "Employee")
    sheet.merge_range(0, 2, 0, 3, "Position")
    sheet.write_row(1, 0, ["Name", "ID", "Job Title", "Duties"])
    sheet.write_row(2, 0, ["A. Rivera", 17, "Chemist", "analyze compounds in the laboratory"])
    book.close()
    out = tmp_path / "coded.xlsx"
    result = run(settings, roster, "--out", out)
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "1 row" in said and "title column 'Job Title', duties column 'Duties'" in said
    assert "the header is row 2; the row(s) above it are neither coded nor written back: 'Employee, Position'" in said
    frame = fastexcel.read_excel(str(out)).load_sheet(0).to_polars()
    assert frame.select("Name", "ID", "Job Title", "soc_code_1").rows() == [("A. Rivera", 17.0, "Chemist", "19-2031")]


def test_phone_numbers_and_dashes_come_back_as_typed_and_a_formula_quoted(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    rows = [
        {"Name": "A", "Phone": "+49 30 1234-5678", "Bonus": "-", "Job Title": "Chemist"},
        {
            "Name": '=HYPERLINK("http://example.org")',
            "Phone": "-2+3+cmd|' /C calc'!A0",
            "Bonus": "-5",
            "Job Title": "Nurse",
        },
    ]
    roster = write_csv(tmp_path / "roster.csv", rows)
    out = tmp_path / "coded.csv"
    result = run(settings, roster, "--out", out)
    assert result.exit_code == 0, result.output
    first, second = read_coded(out)
    # before, every cell starting with + or - came back with a leading quote: '+49 30 1234-5678, '-
    assert (first["Phone"], first["Bonus"], second["Bonus"]) == ("+49 30 1234-5678", "-", "-5")
    assert (second["Name"], second["Phone"]) == ('\'=HYPERLINK("http://example.org")', "'-2+3+cmd|' /C calc'!A0")


def test_a_repeated_column_name_is_kept_apart_by_its_place_unless_it_is_the_title(built_warehouse, tmp_path):
    settings, _ = built_warehouse
    roster = tmp_path / "roster.csv"
    roster.write_text("Name,Notes,Job Title,Notes\nA,first note,Chemist,second note\n", encoding="utf-8")
    out = tmp_path / "coded.csv"
    result = run(settings, roster, "--out", out)
    assert result.exit_code == 0, result.output
    (row,) = read_coded(out)
    # before, a repeated name was an error even for a column the coding never reads
    assert (row["Notes"], row["Notes (column 4)"], row["soc_code_1"]) == ("first note", "second note", "19-2031")
    roster.write_text("Name,Job Title,Job Title\nA,Chemist,Nurse\n", encoding="utf-8")
    result = run(settings, roster, "--out", out)
    assert result.exit_code == 2
    assert (
        f"{roster}: the header (row 1) names the title column in columns 2 and 3; which is it? Rename one, or name it "
        "with --title-column: 'Job Title' (column 2) or 'Job Title (column 3)'"
    ) in " ".join(result.output.split())
    # as the error says; under a title line too (the header is found by the names it will have)
    roster.write_text("Staff list 2026\nName,Job Title,job title\nA,Chemist,Nurse\n", encoding="utf-8")
    result = run(settings, roster, "--out", out)
    assert "names the title column in columns 2 and 3" in " ".join(result.output.split())  # alike but for case
    roster.write_text("Staff list 2026\nName,Job Title,Job Title\nA,Chemist,Nurse\n", encoding="utf-8")
    result = run(settings, roster, "--out", out, "--title-column", "Job Title (column 3)")
    assert result.exit_code == 0, result.output
    assert read_coded(out)[0]["soc_code_1"] == "29-1141"  # the Nurse of column 3
    roster.write_text("Notes,Notes,Notes (column 2),Title\na,b,c,Nurse\n", encoding="utf-8")
    result = run(settings, roster, "--out", out)
    assert f"{roster}: the header (row 1) names column(s) ['Notes (column 2)'] more than once; rename them" in " ".join(
        result.output.split()
    )


def test_a_cell_that_holds_only_a_time_of_day_comes_back_as_that_time(built_warehouse, tmp_path):
    import zipfile

    import fastexcel
    import xlsxwriter

    settings, _ = built_warehouse
    roster = tmp_path / "roster.xlsx"
    book = xlsxwriter.Workbook(str(roster))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Title", "Shift starts"])
    sheet.write(1, 0, "Nurse")
    sheet.write_datetime(1, 1, dt.time(9, 30), book.add_format({"num_format": "hh:mm"}))
    book.close()
    as_csv, as_xlsx = tmp_path / "coded.csv", tmp_path / "coded.xlsx"
    for out in (as_csv, as_xlsx):
        result = run(settings, roster, "--out", out)
        assert result.exit_code == 0, result.output
    # before, the reader's date for a time alone (1899-12-31, Excel's day 0) came back with it: '1900-01-00 09:30'
    assert read_coded(as_csv)[0]["Shift starts"] == "09:30:00"
    with zipfile.ZipFile(as_xlsx) as coded:
        styles = coded.read("xl/styles.xml").decode()
    assert 'formatCode="hh:mm:ss"' in styles and "yyyy-mm-dd hh:mm:ss" not in styles  # a time, with no date shown
    # the cell holds 09:30 as Excel keeps a time: the fraction of a day, 0.3958..., on day 0
    (value,) = fastexcel.read_excel(str(as_xlsx)).load_sheet(0).to_polars()["Shift starts"].to_list()
    assert value == dt.datetime(1899, 12, 31, 9, 30)


@pytest.mark.parametrize(
    "text",
    [
        "Name,Job Title,Change\nA. Rivera,Chemist,Role\nB. Chen,Nurse,Salary\n",  # a cell reads like a header name
        "Name,Title,Salary\nSummary,,100\nB. Chen,Nurse,90\n",  # a name that is a header word, over a blank
    ],
)
def test_a_data_row_that_reads_like_a_header_is_not_taken_for_one(text):
    from warehouse.products.roster import parse_roster

    roster = parse_roster("roster.csv", text.encode())
    assert roster.header == text.splitlines()[0].split(",") and roster.header_row == 1
    assert [row["Name"] for row in roster.rows] == [line.split(",")[0] for line in text.splitlines()[1:]]

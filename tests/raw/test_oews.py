"""BLS OEWS flat files (May 2025): the parsers against the real files, and every way they refuse a changed layout."""

from __future__ import annotations

import gzip
import shutil

import polars as pl
import pytest

from tests.conftest import SHARED_DATA, mirror_bytes
from transforms.errors import SourceFormatError
from transforms.raw.oews import (
    OEWS_AREA_SCHEMA,
    OEWS_DATA_COMPACT_SCHEMA,
    OEWS_DATA_SCHEMA,
    OEWS_DATATYPE_SCHEMA,
    OEWS_FOOTNOTE_SCHEMA,
    OEWS_INDUSTRY_SCHEMA,
    OEWS_OCCUPATION_SCHEMA,
    OEWS_RELEASE_SCHEMA,
    check_release_matches_data,
    oews_release,
    parse_oews_area,
    parse_oews_data,
    parse_oews_datatype,
    parse_oews_footnote,
    parse_oews_industry,
    parse_oews_occupation,
    parse_oews_release,
)

OE = "download.bls.gov/pub/time.series/oe/"
DATA = "oe.data.0.Current"
FULL_DATA_GZ = SHARED_DATA / "large" / "oews-2025-full" / "oe.data.0.Current.gz"


def oe_bytes(name: str) -> bytes:
    return mirror_bytes(OE + name)


def with_line(content: bytes, number: int, line: bytes) -> bytes:
    """`content` with its 1-based line `number` replaced by `line`."""
    lines = content.split(b"\n")
    lines[number - 1] = line
    return b"\n".join(lines)


def data_line(series_id: str, value: str, footnotes: str = "", year: str = "2025") -> bytes:
    """A data line as BLS writes it: series id padded to 30, value right-aligned in 12."""
    return f"{series_id:<30}\t{year}\tA01\t{value:>12}\t{footnotes}".encode()


@pytest.fixture(scope="module")
def data_content() -> bytes:
    return oe_bytes(DATA)


@pytest.fixture(scope="module")
def data(data_content: bytes) -> pl.DataFrame:
    return parse_oews_data(data_content, DATA)


SERIES_ID = pl.concat_str(
    pl.lit("OEU"), "areatype_code", "area_code", "industry_code", "occupation_code", "datatype_code"
)


def series(data: pl.DataFrame, series_id: str) -> dict:
    """The row of a BLS series id: 'OEU' + the five codes it is split into (the id itself is not stored)."""
    rows = data.filter(SERIES_ID.eq(series_id))
    assert rows.height == 1, series_id
    return rows.row(0, named=True)


# --- the data file ------------------------------------------------------------------------------------------


def test_data_holds_the_national_cross_industry_rows(data: pl.DataFrame) -> None:
    assert data.schema == OEWS_DATA_SCHEMA
    assert data.height == 16_560
    assert data.get_column("areatype_code").unique().to_list() == ["N"]
    assert data.get_column("area_code").unique().to_list() == ["0000000"]
    assert data.get_column("industry_code").unique().to_list() == ["000000"]
    assert data.get_column("year").unique().to_list() == [2025]
    assert data.get_column("occupation_code").n_unique() == 1_104
    assert data.select(SERIES_ID.is_unique().all()).item()


def test_national_employment_all_occupations(data: pl.DataFrame) -> None:
    row = series(data, "OEUN000000000000000000001")
    assert row["value"] == 155_495_730
    assert (row["occupation_code"], row["datatype_code"], row["value_marker"]) == ("000000", "01", None)


def test_series_id_is_split_into_its_codes(data: pl.DataFrame) -> None:
    row = series(data, "OEUN000000000000015125213")  # Software Developers, annual median wage
    assert row == {
        "areatype_code": "N",
        "area_code": "0000000",
        "industry_code": "000000",
        "occupation_code": "151252",
        "datatype_code": "13",
        "year": 2025,
        "value": 135_980.0,
        "value_marker": None,
        "footnote_codes": None,
    }
    assert series(data, "OEUN000000000000015125201")["value"] == 1_687_890


@pytest.mark.parametrize("occupation_code", ["151252", "291211"])  # Software Developers, Anesthesiologists
def test_occupation_has_every_national_datatype(data: pl.DataFrame, occupation_code: str) -> None:
    """Nationally BLS publishes datatypes 01-15: 16 (per 1,000 jobs) and 17 (location quotient) compare an area
    with the nation, so they exist only for states and metro areas (see the full-file test for all 17)."""
    rows = data.filter(pl.col("occupation_code") == occupation_code)
    assert rows.get_column("datatype_code").sort().to_list() == [f"{code:02d}" for code in range(1, 16)]


def test_unreleased_estimates_are_null_and_keep_their_marker(data: pl.DataFrame) -> None:
    marked = data.filter(pl.col("value_marker").is_not_null())
    assert marked.height == 510
    assert marked.get_column("value_marker").unique().to_list() == ["-"]
    assert marked.get_column("footnote_codes").unique().to_list() == ["4"]
    # a null value always has its marker, and a marker never sits beside a number
    assert data.get_column("value").null_count() == 510
    assert marked.get_column("value").null_count() == 510


def test_every_code_in_the_data_is_in_the_mapping_files(data: pl.DataFrame) -> None:
    occupations = parse_oews_occupation(oe_bytes("oe.occupation"), "oe.occupation")
    datatypes = parse_oews_datatype(oe_bytes("oe.datatype"), "oe.datatype")
    footnotes = parse_oews_footnote(oe_bytes("oe.footnote"), "oe.footnote")
    assert set(data.get_column("occupation_code")) == set(occupations.get_column("occupation_code"))
    assert set(data.get_column("datatype_code")) == set(datatypes.get_column("datatype_code")) - {"16", "17"}
    assert set(data.get_column("footnote_codes").drop_nulls()) <= set(footnotes.get_column("footnote_code"))


@pytest.mark.parametrize("marker", ["*", "**", "#", "~"])
def test_other_bls_markers_become_null_with_the_marker_kept(data_content: bytes, marker: str) -> None:
    content = with_line(data_content, 2, data_line("OEUN000000000000000000001", marker, "5"))
    row = series(parse_oews_data(content, DATA), "OEUN000000000000000000001")
    assert (row["value"], row["value_marker"], row["footnote_codes"]) == (None, marker, "5")


def test_industry_codes_with_dashes_and_letters_are_read(data_content: bytes) -> None:
    content = with_line(data_content, 2, data_line("OEUS010000011--1200000001", "1234"))
    content = with_line(content, 3, data_line("OEUM00101803250A100000002", "5.5"))
    data = parse_oews_data(content, DATA)
    assert data.get_column("industry_code").head(2).to_list() == ["11--12", "3250A1"]
    assert data.get_column("areatype_code").head(2).to_list() == ["S", "M"]


# --- data file failures -------------------------------------------------------------------------------------


def test_data_header_change_is_refused(data_content: bytes) -> None:
    header = "series_id                     \tyear\tperiod\t       value\tfootnote_code"
    with pytest.raises(SourceFormatError) as caught:
        parse_oews_data(with_line(data_content, 1, header.encode()), DATA)
    assert str(caught.value) == (
        "oe.data.0.Current: header (line 1), column 5: expected 'footnote_codes', found 'footnote_code'"
    )


def test_data_header_with_an_extra_column_is_refused(data_content: bytes) -> None:
    header = data_content.split(b"\n", 1)[0] + b"\tseasonal"
    with pytest.raises(SourceFormatError, match=r"header \(line 1\): expected 5 columns .* found .*'seasonal'"):
        parse_oews_data(with_line(data_content, 1, header), DATA)


@pytest.mark.parametrize(
    "series_id",
    [
        "OEUN00000000000000000000",  # truncated: the datatype lost a digit
        "OEUN0000000000000000000011",  # one character too many
        "OEXN000000000000000000001",  # wrong prefix
        "OEUX000000000000000000001",  # unknown area type
        "OEUN0000000000000001512a01",  # letter in the occupation code
    ],
)
def test_malformed_series_id_is_refused(data_content: bytes, series_id: str) -> None:
    content = with_line(data_content, 3, data_line(series_id, "0.0"))
    with pytest.raises(SourceFormatError) as caught:
        parse_oews_data(content, DATA)
    assert str(caught.value) == (
        "oe.data.0.Current: line 3, column 'series_id': expected a 25-character series id: 'OEU' + area type "
        "(N, S or M) + area (7 digits) + industry (6) + occupation (6 digits) + datatype (2 digits), "
        f"found {series_id!r}"
    )


@pytest.mark.parametrize("compact", [False, True], ids=["string", "compact"])
@pytest.mark.parametrize("value", ["12x4", "1,234", "n/a", "nan", "", "-5-"])
def test_non_numeric_value_that_is_no_marker_is_refused(data_content: bytes, value: str, compact: bool) -> None:
    content = with_line(data_content, 4, data_line("OEUN000000000000000000003", value))
    with pytest.raises(SourceFormatError) as caught:
        parse_oews_data(content, DATA, compact=compact)
    assert str(caught.value) == (
        "oe.data.0.Current: line 4, column 'value': expected a number, or a short marker of 1-3 symbols "
        f"such as '-', '*' or '#', found {value!r}"
    )


def test_non_numeric_year_is_refused(data_content: bytes) -> None:
    content = with_line(data_content, 16_561, data_line("OEUN000000000000053719917", "0.85", year="Y2025"))
    with pytest.raises(SourceFormatError) as caught:
        parse_oews_data(content, DATA)
    assert (
        str(caught.value) == "oe.data.0.Current: line 16561, column 'year': expected a four-digit year, found 'Y2025'"
    )


def test_other_period_is_refused(data_content: bytes) -> None:
    content = data_content.replace(b"\t2025\tA01\t", b"\t2025\tM05\t", 1)
    with pytest.raises(
        SourceFormatError, match=r"line 2, column 'period': expected the annual period 'A01', found 'M05'"
    ):
        parse_oews_data(content, DATA)


def test_malformed_footnote_codes_are_refused(data_content: bytes) -> None:
    content = with_line(data_content, 5, data_line("OEUN000000000000000000004", "69750", "4;5"))
    with pytest.raises(SourceFormatError, match=r"line 5, column 'footnote_codes': .* found '4;5'"):
        parse_oews_data(content, DATA)


def test_line_with_a_missing_field_is_refused(data_content: bytes) -> None:
    line = data_line("OEUN000000000000000000004", "69750").rsplit(b"\t", 1)[0]
    with pytest.raises(SourceFormatError) as caught:
        parse_oews_data(with_line(data_content, 7, line), DATA)
    assert str(caught.value) == "oe.data.0.Current: line 7: expected 5 tab-separated fields, found 4"


def test_line_with_an_extra_field_is_refused(data_content: bytes) -> None:
    line = data_line("OEUN000000000000000000004", "69750") + b"\t8"
    with pytest.raises(SourceFormatError) as caught:
        parse_oews_data(with_line(data_content, 9, line), DATA)
    assert str(caught.value) == "oe.data.0.Current: line 9: expected 5 tab-separated fields, found 6"


def test_blank_line_is_refused(data_content: bytes) -> None:
    with pytest.raises(
        SourceFormatError, match=r"^oe.data.0.Current: line 11: expected 5 tab-separated fields, found 1$"
    ):
        parse_oews_data(with_line(data_content, 11, b""), DATA)


# --- mapping files ------------------------------------------------------------------------------------------


def test_areas() -> None:
    areas = parse_oews_area(oe_bytes("oe.area"), "oe.area")
    assert areas.schema == OEWS_AREA_SCHEMA
    assert areas.height == 583
    assert dict(areas.get_column("areatype_code").value_counts().iter_rows()) == {"N": 1, "S": 54, "M": 528}
    assert areas.row(0) == ("00", "0000000", "N", "National")
    assert areas.filter(pl.col("area_code") == "0100000").row(0) == ("01", "0100000", "S", "Alabama")


def test_industries() -> None:
    industries = parse_oews_industry(oe_bytes("oe.industry"), "oe.industry")
    assert industries.schema == OEWS_INDUSTRY_SCHEMA
    assert industries.height == 444
    assert industries.row(0) == ("000000", "Cross-Industry, Private, Federal, State, and Local", 0, True, 1)
    codes = set(industries.get_column("industry_code"))
    assert {"11--12", "99-100", "3250A1"} <= codes


def test_occupations_get_their_soc_code() -> None:
    occupations = parse_oews_occupation(oe_bytes("oe.occupation"), "oe.occupation")
    assert occupations.schema == OEWS_OCCUPATION_SCHEMA
    assert occupations.height == 1_104
    by_code = {row["occupation_code"]: row for row in occupations.iter_rows(named=True)}
    assert by_code["000000"]["soc_code"] == "00-0000"
    assert by_code["000000"]["occupation_name"] == "All Occupations"
    assert (by_code["151252"]["soc_code"], by_code["151252"]["occupation_name"]) == ("15-1252", "Software Developers")
    assert (by_code["291211"]["soc_code"], by_code["291211"]["display_level"]) == ("29-1211", 3)
    assert occupations.get_column("soc_code").str.contains(r"^[0-9]{2}-[0-9]{4}$").all()
    assert occupations.get_column("occupation_description").null_count() == 1_104  # published empty


def test_datatypes() -> None:
    datatypes = parse_oews_datatype(oe_bytes("oe.datatype"), "oe.datatype")
    assert datatypes.schema == OEWS_DATATYPE_SCHEMA
    assert datatypes.height == 17
    assert datatypes.row(0) == ("01", "Employment")
    assert datatypes.row(16) == ("17", "Location Quotient")


def test_footnotes() -> None:
    footnotes = parse_oews_footnote(oe_bytes("oe.footnote"), "oe.footnote")
    assert footnotes.schema == OEWS_FOOTNOTE_SCHEMA
    assert footnotes.get_column("footnote_code").to_list() == ["1", "2", "3", "4", "5", "8"]
    assert footnotes.row(5) == ("8", "Estimate not released.")


def test_release() -> None:
    release = parse_oews_release(oe_bytes("oe.release"), "oe.release")
    assert release.schema == OEWS_RELEASE_SCHEMA
    assert release.rows() == [("2025A01", 2025, "A01", "May 2025")]
    assert oews_release(oe_bytes("oe.release"), "oe.release") == "2025A01"


def test_release_matches_the_data(data: pl.DataFrame) -> None:
    check_release_matches_data(oews_release(oe_bytes("oe.release"), "oe.release"), data, DATA)


# --- mapping file and release failures ----------------------------------------------------------------------


def test_release_year_mismatch_is_refused(data: pl.DataFrame) -> None:
    with pytest.raises(SourceFormatError) as caught:
        check_release_matches_data("2024A01", data, DATA)
    assert str(caught.value) == (
        "oe.data.0.Current: column 'year': oe.release names 2024 (2024A01) but oe.data.0.Current holds year 2025"
    )


def test_release_period_mismatch_is_refused(data: pl.DataFrame) -> None:
    with pytest.raises(SourceFormatError, match=r"column 'period': oe.release names period A02 \(2025A02\) .* A01$"):
        check_release_matches_data("2025A02", data, DATA)


def test_release_file_with_two_releases_is_refused() -> None:
    content = oe_bytes("oe.release") + b"2024A01\tMay 2024\n"
    with pytest.raises(SourceFormatError) as caught:
        oews_release(content, "oe.release")
    assert str(caught.value) == "oe.release: rows: expected exactly one release, found 2"


def test_release_code_format_is_checked() -> None:
    content = b"release_date\tdescription\nMay 2025\tMay 2025\n"
    with pytest.raises(SourceFormatError) as caught:
        oews_release(content, "oe.release")
    assert str(caught.value) == (
        "oe.release: line 2, column 'release_date': expected a release code such as '2025A01', found 'May 2025'"
    )


def test_mapping_header_change_is_refused() -> None:
    content = oe_bytes("oe.area").replace(b"areatype_code", b"area_type_code", 1)
    with pytest.raises(SourceFormatError) as caught:
        parse_oews_area(content, "oe.area")
    assert str(caught.value) == "oe.area: header (line 1), column 3: expected 'areatype_code', found 'area_type_code'"


def test_occupation_code_with_a_dash_is_refused() -> None:
    content = oe_bytes("oe.occupation").replace(b"\n151252\t", b"\n15-1252\t", 1)
    with pytest.raises(SourceFormatError) as caught:
        parse_oews_occupation(content, "oe.occupation")
    assert str(caught.value) == (
        "oe.occupation: line 108, column 'occupation_code': expected a six-digit occupation code, found '15-1252'"
    )


def test_repeated_code_is_refused() -> None:
    content = oe_bytes("oe.datatype") + b"01\tEmployment again\n"
    with pytest.raises(SourceFormatError) as caught:
        parse_oews_datatype(content, "oe.datatype")
    assert (
        str(caught.value) == "oe.datatype: line 19, column 'datatype_code': expected each code once, found '01' again"
    )


def test_selectable_other_than_t_or_f_is_refused() -> None:
    content = oe_bytes("oe.industry").replace(b"\t0\tT\t1\n", b"\t0\tY\t1\n", 1)
    with pytest.raises(
        SourceFormatError, match=r"^oe.industry: line 2, column 'selectable': expected 'T' or 'F', found 'Y'$"
    ):
        parse_oews_industry(content, "oe.industry")


def test_empty_name_is_refused() -> None:
    content = oe_bytes("oe.footnote").replace(b"8\tEstimate not released.", b"8\t ", 1)
    with pytest.raises(
        SourceFormatError, match=r"^oe.footnote: line 7, column 'footnote_text': expected a footnote text"
    ):
        parse_oews_footnote(content, "oe.footnote")


def test_short_mapping_line_is_refused() -> None:
    content = oe_bytes("oe.area").replace(b"\tM\tAbilene, TX", b"\tM", 1)
    with pytest.raises(SourceFormatError) as caught:
        parse_oews_area(content, "oe.area")
    assert str(caught.value) == "oe.area: line 3: expected 4 tab-separated fields, found 3"


def test_text_that_is_not_utf8_is_refused() -> None:
    content = oe_bytes("oe.area").replace(b"Abilene, TX", "Cañon City, CO".encode("latin-1"), 1)
    with pytest.raises(
        SourceFormatError, match=r"^oe.area: file: expected tab-separated UTF-8 text, Polars says: .*utf-8"
    ):
        parse_oews_area(content, "oe.area")


# --- the whole release --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_full_release_data_file(tmp_path) -> None:
    """The whole May 2025 data file (6,023,970 rows); it is gzipped in shared/, so decompress it first."""
    if not FULL_DATA_GZ.is_file():
        pytest.fail(f"real source file missing: {FULL_DATA_GZ}")
    path = tmp_path / DATA
    with gzip.open(FULL_DATA_GZ, "rb") as compressed, path.open("wb") as plain:
        shutil.copyfileobj(compressed, plain, length=16 * 2**20)
    data = parse_oews_data(path.read_bytes(), DATA)
    assert data.schema == OEWS_DATA_SCHEMA
    assert data.height == 6_023_970
    assert data.get_column("area_code").n_unique() == 583
    assert data.get_column("industry_code").n_unique() == 444
    assert data.get_column("occupation_code").n_unique() == 1_104
    assert set(data.get_column("areatype_code").unique()) == {"N", "S", "M"}
    assert data.get_column("value").null_count() == data.get_column("value_marker").is_not_null().sum()
    areas = parse_oews_area(oe_bytes("oe.area"), "oe.area")
    assert set(data.get_column("area_code").unique()) == set(areas.get_column("area_code"))
    check_release_matches_data(oews_release(oe_bytes("oe.release"), "oe.release"), data, DATA)
    assert series(data, "OEUN000000000000000000001")["value"] == 155_495_730
    datatypes = parse_oews_datatype(oe_bytes("oe.datatype"), "oe.datatype").get_column("datatype_code").to_list()
    assert len(datatypes) == 17
    for occupation_code in ("151252", "291211"):  # Software Developers, Anesthesiologists: all 17 in some area
        found = data.filter(pl.col("occupation_code") == occupation_code).get_column("datatype_code").unique()
        assert found.sort().to_list() == datatypes
    assert series(data, "OEUS060000000000015125201")["value"] == 284_390  # California software developers
    assert series(data, "OEUS060000000000015125217")["value"] == 1.44  # their location quotient


def test_compact_data_holds_the_same_rows_with_text_as_categorical(data_content: bytes, data: pl.DataFrame) -> None:
    # What the build parses the data file to: a quarter of the memory per text column, the same values.
    compact = parse_oews_data(data_content, DATA, compact=True)
    assert compact.schema == OEWS_DATA_COMPACT_SCHEMA
    assert compact.cast({pl.Categorical: pl.String}).equals(data)


def test_compact_data_is_stored_as_the_same_table(data_content: bytes, data: pl.DataFrame) -> None:
    import duckdb

    from warehouse.store.db import write_table

    with duckdb.connect() as con:
        write_table(con, "raw.compact", parse_oews_data(data_content, DATA, compact=True))
        write_table(con, "raw.plain", data)
        types = [con.execute(f"SELECT column_type FROM (DESCRIBE raw.{t})").fetchall() for t in ("compact", "plain")]
        assert types[0] == types[1] and ("VARCHAR",) in types[0]
        differing = con.execute(
            "SELECT count(*) FROM (SELECT * FROM raw.compact EXCEPT ALL SELECT * FROM raw.plain)"
        ).fetchone()[0]
        assert differing == 0 and con.execute("SELECT count(*) FROM raw.compact").fetchone()[0] == data.height

"""O*NET text-file parsers, on the real 30.1 and 29.3 files and hand-made 30.2- and 30.3-layout fixtures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl
import pytest

from tests.conftest import FIXTURES, MIRROR, mirror_bytes
from transforms.errors import SourceFormatError
from transforms.raw.onet import (
    ONET_ALTERNATE_TITLES_SCHEMA,
    ONET_EDUCATION_CATEGORIES_SCHEMA,
    ONET_EDUCATION_SCHEMA,
    ONET_JOB_ZONE_REFERENCE_SCHEMA,
    ONET_JOB_ZONES_SCHEMA,
    ONET_OCCUPATIONS_SCHEMA,
    ONET_RELATED_OCCUPATIONS_SCHEMA,
    ONET_REPORTED_TITLES_SCHEMA,
    ONET_SCALES_SCHEMA,
    ONET_TASK_STATEMENTS_SCHEMA,
    header,
    onet_alternate_titles_file,
    onet_education_category_files,
    onet_education_files,
    onet_files,
    onet_layout,
    parse_alternate_titles,
    parse_education,
    parse_education_categories,
    parse_job_zone_reference,
    parse_job_zones,
    parse_occupation_data,
    parse_readme_release,
    parse_related_occupations,
    parse_reported_titles,
    parse_scales_reference,
    parse_task_statements,
)
from transforms.raw.onet_releases import UnknownOnetRelease, check_header, layout_of

ONET_30_1 = "www.onetcenter.org/dl_files/database/db_30_1_text"
ONET_29_3 = "www.onetcenter.org/dl_files/database/db_29_3_text"
ETE = "Education, Training, and Experience.txt"
ETE_CATEGORIES = "Education, Training, and Experience Categories.txt"
FIXTURE_30_3 = FIXTURES / "onet_30_3"


def parse_real(parser: Callable[[bytes, str], pl.DataFrame], name: str, folder: str = ONET_30_1) -> pl.DataFrame:
    return parser(mirror_bytes(f"{folder}/{name}"), name)


def parse_fixture(parser: Callable[[bytes, str], pl.DataFrame], name: str) -> pl.DataFrame:
    return parser((FIXTURE_30_3 / name).read_bytes(), name)


@pytest.fixture(scope="module")
def education_30_1() -> pl.DataFrame:
    return parse_real(parse_education, ETE)


# --- the real 30.1 files -----------------------------------------------------------------------------------


def test_occupation_data_has_the_1016_onet_soc_2019_occupations() -> None:
    occupations = parse_real(parse_occupation_data, "Occupation Data.txt")
    assert occupations.schema == ONET_OCCUPATIONS_SCHEMA
    assert occupations.height == 1016
    assert occupations["onet_soc_code"].n_unique() == 1016
    row = occupations.filter(pl.col("onet_soc_code") == "15-1221.00").row(0, named=True)
    assert row["title"] == "Computer and Information Research Scientists"
    assert row["description"].startswith("Conduct research into fundamental computer and information science")


def test_job_zones_counts_and_computer_research_scientists() -> None:
    zones = parse_real(parse_job_zones, "Job Zones.txt")
    assert zones.schema == ONET_JOB_ZONES_SCHEMA
    assert zones.height == 923
    counts = dict(zones["job_zone"].value_counts().iter_rows())
    assert counts == {1: 33, 2: 298, 3: 213, 4: 225, 5: 154}
    row = zones.filter(pl.col("onet_soc_code") == "15-1221.00").row(0, named=True)
    assert row == {
        "onet_soc_code": "15-1221.00",
        "job_zone": 5,
        "date": dt.date(2019, 8, 1),
        "domain_source": "Analyst",
    }
    assert zones["date"].max() == dt.date(2025, 8, 1)


def test_job_zone_reference_describes_zones_1_to_5() -> None:
    reference = parse_real(parse_job_zone_reference, "Job Zone Reference.txt")
    assert reference.schema == ONET_JOB_ZONE_REFERENCE_SCHEMA
    assert reference["job_zone"].to_list() == [1, 2, 3, 4, 5]
    zone_5 = reference.row(4, named=True)
    assert zone_5["name"] == "Job Zone Five: Extensive Preparation Needed"
    assert zone_5["svp_range"] == "(8.0 and above)"


def test_education_rows_scales_and_occupations(education_30_1: pl.DataFrame) -> None:
    assert education_30_1.schema == ONET_EDUCATION_SCHEMA
    assert education_30_1.height == 37125
    assert education_30_1["onet_soc_code"].n_unique() == 878
    scales = dict(education_30_1["scale_id"].value_counts().iter_rows())
    assert scales == {"RL": 10536, "RW": 9658, "PT": 7902, "OJ": 7902, "IM": 1127}
    rl = education_30_1.filter(pl.col("scale_id") == "RL")
    assert sorted(rl["category"].unique().to_list()) == list(range(1, 13))


def test_education_required_level_of_computer_research_scientists(education_30_1: pl.DataFrame) -> None:
    rows = education_30_1.filter(
        (pl.col("onet_soc_code") == "15-1221.00") & (pl.col("scale_id") == "RL") & (pl.col("data_value") > 0)
    )
    percentages = dict(rows.select("category", "data_value").iter_rows())
    assert percentages == {4: 8.35, 6: 36.22, 8: 19.93, 10: 2.58, 11: 28.42, 12: 4.50}
    bachelors = rows.filter(pl.col("category") == 6).row(0, named=True)
    assert bachelors["n"] == 16
    assert bachelors["standard_error"] == 18.88
    assert (bachelors["lower_ci_bound"], bachelors["upper_ci_bound"]) == (9.0471, 76.4251)
    assert bachelors["recommend_suppress"] is True
    assert bachelors["date"] == dt.date(2019, 8, 1)


def test_education_nulls_only_where_onet_writes_n_a(education_30_1: pl.DataFrame) -> None:
    nulls = education_30_1.null_count().row(0, named=True)
    # 'n/a': category on the 1,127 IM rows; standard error and suppression on the 9,010 expert-rated rows;
    # CI bounds there and on the incumbent rows whose percentage is 0.
    assert nulls == {
        "onet_soc_code": 0,
        "element_id": 0,
        "element_name": 0,
        "scale_id": 0,
        "category": 1127,
        "data_value": 0,
        "n": 0,
        "standard_error": 9010,
        "lower_ci_bound": 19389,
        "upper_ci_bound": 19389,
        "recommend_suppress": 9010,
        "date": 0,
        "domain_source": 0,
    }
    assert education_30_1.filter(pl.col("category").is_null())["scale_id"].unique().to_list() == ["IM"]
    expert = education_30_1.filter(pl.col("domain_source") == "Occupational Expert")
    assert expert.height == 9010
    assert expert["standard_error"].null_count() == 9010


def test_education_categories_label_every_category() -> None:
    categories = parse_real(parse_education_categories, ETE_CATEGORIES)
    assert categories.schema == ONET_EDUCATION_CATEGORIES_SCHEMA
    assert categories.height == 41
    rl = categories.filter(pl.col("scale_id") == "RL")
    assert rl["category"].to_list() == list(range(1, 13))
    labels = dict(rl.select("category", "category_description").iter_rows())
    assert (labels[6], labels[8], labels[11]) == ("Bachelor's Degree", "Master's Degree", "Doctoral Degree")
    assert dict(categories["scale_id"].value_counts().iter_rows()) == {"RL": 12, "RW": 11, "PT": 9, "OJ": 9}


def test_scales_reference_ranges() -> None:
    scales = parse_real(parse_scales_reference, "Scales Reference.txt")
    assert scales.schema == ONET_SCALES_SCHEMA
    assert scales.height == 31
    by_id = {row["scale_id"]: row for row in scales.iter_rows(named=True)}
    assert by_id["RL"]["scale_name"] == "Required Level Of Education (Categories 1-12)"
    assert (by_id["RL"]["minimum"], by_id["RL"]["maximum"]) == (0, 100)
    assert (by_id["WI"]["minimum"], by_id["WI"]["maximum"]) == (-3, 3)


def test_alternate_titles() -> None:
    titles = parse_real(parse_alternate_titles, "Alternate Titles.txt")
    assert titles.schema == ONET_ALTERNATE_TITLES_SCHEMA
    assert titles.height == 56505
    assert titles["onet_soc_code"].n_unique() == 1016
    first = titles.row(0, named=True)
    assert first == {
        "onet_soc_code": "11-1011.00",
        "alternate_title": "Aeronautics Commission Director",
        "short_title": None,
        "sources": "08",
    }
    assert titles["short_title"].null_count() == 52639


def test_sample_of_reported_titles() -> None:
    titles = parse_real(parse_reported_titles, "Sample of Reported Titles.txt")
    assert titles.schema == ONET_REPORTED_TITLES_SCHEMA
    assert titles.height == 7955
    assert titles.row(0) == ("11-1011.00", "CEO (Chief Executive Officer)", True)
    assert titles["shown_in_my_next_move"].sum() == 3576


def test_task_statements_keep_quotes_and_n_a() -> None:
    tasks = parse_real(parse_task_statements, "Task Statements.txt")
    assert tasks.schema == ONET_TASK_STATEMENTS_SCHEMA
    assert tasks.height == 18796
    assert tasks["task_id"].n_unique() == 18796
    # Fields contain '"': read with quoting off, the quotes stay part of the text.
    quoted = tasks.filter(pl.col("task").str.contains('"head counts"', literal=True))
    assert quoted["task"].to_list() == ['Conduct "head counts" to help predict the outcome of upcoming votes.']
    # 'n/a' task types are the 845 analyst-written tasks.
    assert tasks.filter(pl.col("task_type").is_null())["domain_source"].unique().to_list() == ["Analyst"]
    assert tasks["task_type"].null_count() == 845
    assert tasks["incumbents_responding"].null_count() == 1190


def test_related_occupations_tiers() -> None:
    related = parse_real(parse_related_occupations, "Related Occupations.txt")
    assert related.schema == ONET_RELATED_OCCUPATIONS_SCHEMA
    assert related.height == 18460
    tiers = dict(related["relatedness_tier"].value_counts().iter_rows())
    assert tiers == {"Primary-Short": 4615, "Primary-Long": 4615, "Supplemental": 9230}
    assert related.row(0) == ("11-1011.00", "11-1021.00", "Primary-Short", 1)
    assert (related["related_index"].min(), related["related_index"].max()) == (1, 20)


@pytest.mark.parametrize(
    ("folder", "release"),
    [(ONET_30_1, ("30.1", "December 2025")), (ONET_29_3, ("29.3", "May 2025"))],
)
def test_readme_release(folder: str, release: tuple[str, str]) -> None:
    assert parse_readme_release(mirror_bytes(f"{folder}/Read Me.txt"), "Read Me.txt") == release


# --- the real 29.3 files: the release before, same layout ----------------------------------------------------


def test_29_3_job_zones_and_education_parse() -> None:
    zones = parse_real(parse_job_zones, "Job Zones.txt", ONET_29_3)
    assert zones.height == 923
    assert zones.filter(pl.col("onet_soc_code") == "15-1221.00")["job_zone"].to_list() == [5]
    education = parse_real(parse_education, ETE, ONET_29_3)
    assert education.schema == ONET_EDUCATION_SCHEMA
    assert education.height == 36209


@pytest.mark.parametrize(
    ("parser", "name", "rows"),
    [
        (parse_occupation_data, "Occupation Data.txt", 1016),
        (parse_job_zone_reference, "Job Zone Reference.txt", 5),
        (parse_education_categories, ETE_CATEGORIES, 41),
    ],
)
def test_29_3_reference_files_parse(parser: Callable[[bytes, str], pl.DataFrame], name: str, rows: int) -> None:
    assert parse_real(parser, name, ONET_29_3).height == rows


# --- layouts and file names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("release", "layout"),
    [("29.3", "up to 30.1"), ("30.1", "up to 30.1"), ("30.2", "30.2"), ("30.3", "30.3")],
)
def test_onet_layout(release: str, layout: str) -> None:
    assert onet_layout(release) == layout


@pytest.mark.parametrize("release", ["30.4", "31.0", "32.1"])
def test_a_release_no_layout_covers_is_unknown(release: str) -> None:
    with pytest.raises(UnknownOnetRelease, match=rf"O\*NET {release}: its file layout is not known"):
        onet_files(release)


def test_onet_layout_rejects_a_non_release() -> None:
    with pytest.raises(ValueError, match=r"not an O\*NET release number like '30.1': '30'"):
        onet_layout("30")


def test_every_file_of_30_1_is_in_the_real_release_folder() -> None:
    names = onet_files("30.1")
    assert [name for name in names if not (MIRROR / ONET_30_1 / name).is_file()] == []
    assert ETE in names and "Alternate Titles.txt" in names


def test_30_2_has_the_30_1_files() -> None:
    assert onet_files("30.2") == onet_files("30.1")


def test_30_3_file_names() -> None:
    assert onet_education_files("30.3") == ["Education.txt", "Training and Experience.txt"]
    assert onet_education_category_files("30.3") == [
        "Education Categories.txt",
        "Training and Experience Categories.txt",
    ]
    assert onet_alternate_titles_file("30.3") == "Job Titles.txt"
    names = onet_files("30.3")
    assert ETE not in names and ETE_CATEGORIES not in names and "Alternate Titles.txt" not in names
    assert {"Read Me.txt", "Job Zones.txt", "Education.txt", "Job Titles.txt"} <= set(names)


# --- the 30.2 and 30.3 layouts (hand-made fixtures, written by tests/onet_mirror.py) ---------------------------


@pytest.mark.parametrize(("release", "month"), [("30.2", "February 2026"), ("30.3", "May 2026")])
def test_fixture_release_and_every_file_of_its_layout(release: str, month: str) -> None:
    folder = FIXTURES / f"onet_{release.replace('.', '_')}"
    assert parse_readme_release((folder / "Read Me.txt").read_bytes(), "Read Me.txt") == (release, month)
    assert sorted(path.name for path in folder.glob("*.txt")) == sorted(onet_files(release))
    for name in onet_files(release):
        content = (folder / name).read_bytes()
        if name != "Read Me.txt":
            assert content.count(b"\n") == content.count(b"\r\n") > 1, name  # CRLF, like the publisher
            check_header(release, name, header(content, name))


@pytest.mark.parametrize("release", ["30.2", "30.3"])
def test_four_level_job_zones_and_reference(release: str) -> None:
    folder = FIXTURES / f"onet_{release.replace('.', '_')}"
    zones = parse_job_zones((folder / "Job Zones.txt").read_bytes(), "Job Zones.txt")
    reference = parse_job_zone_reference((folder / "Job Zone Reference.txt").read_bytes(), "Job Zone Reference.txt")
    assert reference["job_zone"].to_list() == [2, 3, 4, 5] == list(layout_of(release).job_zones.zones)
    # Food preparation (35-2011.00) was in zone 1 in 30.1; the four-level framework has no zone 1.
    moved = zones.filter(pl.col("onet_soc_code") == "35-2011.00").row(0, named=True)
    assert (moved["job_zone"], moved["date"]) == (2, dt.date(2026, 2, 1))
    assert zones.filter(pl.col("onet_soc_code") == "15-1221.00")["job_zone"].to_list() == [5]


def test_30_3_education_files_give_the_30_1_frame(education_30_1: pl.DataFrame) -> None:
    split = [parse_fixture(parse_education, name) for name in onet_education_files("30.3")]
    assert [frame.schema for frame in split] == [education_30_1.schema, education_30_1.schema]
    education, training = split
    assert set(education["scale_id"]) == {"RL", "IM"} and set(education["element_id"]) == {"2.D.1", "2.D.4.a"}
    assert set(training["scale_id"]) == {"RW", "PT", "OJ", "IM"}
    # The split loses nothing: the fixture's occupations have the same rows as in 30.1's combined file.
    codes = set(education["onet_soc_code"])
    same = education_30_1.filter(pl.col("onet_soc_code").is_in(codes))
    assert pl.concat(split).sort(same.columns).equals(same.sort(same.columns))


def test_30_3_category_files_give_the_30_1_frame() -> None:
    split = [parse_fixture(parse_education_categories, name) for name in onet_education_category_files("30.3")]
    assert all(frame.schema == ONET_EDUCATION_CATEGORIES_SCHEMA for frame in split)
    education, training = split
    # The 30.3 dictionary: 12 RL categories, and 29 rows for RW, PT and OJ.
    assert (education.height, set(education["scale_id"])) == (12, {"RL"})
    assert education["element_name"].null_count() == 12  # the file has no Element Name column
    assert (training.height, set(training["scale_id"])) == (29, {"RW", "PT", "OJ"})
    combined = parse_real(parse_education_categories, ETE_CATEGORIES)
    key = ["element_id", "scale_id", "category", "category_description"]
    assert pl.concat(split).select(key).sort(key).equals(combined.select(key).sort(key))


def test_30_3_job_titles_are_the_alternate_titles() -> None:
    titles = parse_fixture(parse_alternate_titles, "Job Titles.txt")
    assert titles.schema == ONET_ALTERNATE_TITLES_SCHEMA
    assert titles.height == 318


def test_job_titles_header_of_later_releases_is_accepted() -> None:
    content = mirror_bytes(f"{ONET_30_1}/Alternate Titles.txt").replace(b"\tAlternate Title\t", b"\tJob Title\t", 1)
    titles = parse_alternate_titles(content, "Job Titles.txt")
    assert titles.schema == ONET_ALTERNATE_TITLES_SCHEMA
    assert titles.height == 56505


# --- failures -------------------------------------------------------------------------------------------------

JOB_ZONES_HEADER = "expected the header 'O*NET-SOC Code', 'Job Zone', 'Date', 'Domain Source'"


def job_zones_bytes() -> bytes:
    return mirror_bytes(f"{ONET_30_1}/Job Zones.txt")


def fails(parser: Callable[[bytes, str], object], content: bytes, file_name: str) -> str:
    with pytest.raises(SourceFormatError) as caught:
        parser(content, file_name)
    return str(caught.value)


def test_renamed_column_names_the_column_and_the_header() -> None:
    content = job_zones_bytes().replace(b"\tJob Zone\t", b"\tJob Zone Number\t", 1)
    assert fails(parse_job_zones, content, "Job Zones.txt") == (
        "Job Zones.txt: column 'Job Zone': expected 'Job Zone' as column 2, found 'Job Zone Number'; "
        + JOB_ZONES_HEADER
    )


def test_extra_column() -> None:
    lines = job_zones_bytes().split(b"\r\n")
    content = b"\r\n".join([lines[0] + b"\tNotes", *(line + b"\t" for line in lines[1:-1]), b""])
    assert fails(parse_job_zones, content, "Job Zones.txt") == (
        "Job Zones.txt: column 'Notes': unexpected extra column; " + JOB_ZONES_HEADER
    )


def test_missing_column() -> None:
    content = b"O*NET-SOC Code\tJob Zone\tDate\r\n15-1221.00\t5\t08/2019\r\n"
    assert fails(parse_job_zones, content, "Job Zones.txt") == (
        "Job Zones.txt: column 'Domain Source': missing; " + JOB_ZONES_HEADER
    )


def test_alternate_titles_header_error_mentions_the_accepted_name() -> None:
    content = b"O*NET-SOC Code\tOther Title\tShort Title\tSource(s)\r\n11-1011.00\tAgency Owner\tn/a\t10\r\n"
    assert fails(parse_alternate_titles, content, "Alternate Titles.txt") == (
        "Alternate Titles.txt: column 'Alternate Title': expected 'Alternate Title' as column 2, found "
        "'Other Title'; expected the header 'O*NET-SOC Code', 'Alternate Title', 'Short Title', 'Source(s)' "
        "('Job Title' is accepted for 'Alternate Title')"
    )


def test_non_utf8_bytes_name_the_line() -> None:
    content = job_zones_bytes().replace(b"11-1011.03\t5\t08/2021\tAnalyst", b"11-1011.03\t5\t08/2021\tAnalyst\xe9")
    assert fails(parse_job_zones, content, "Job Zones.txt") == (
        "Job Zones.txt: line 3: expected UTF-8 text, found the byte 0xe9, which is not valid UTF-8 there"
    )


def test_job_zone_out_of_range() -> None:
    content = job_zones_bytes().replace(b"15-1221.00\t5\t", b"15-1221.00\t7\t")
    line = job_zones_bytes().split(b"\r\n").index(b"15-1221.00\t5\t08/2019\tAnalyst") + 1
    assert fails(parse_job_zones, content, "Job Zones.txt") == (
        f"Job Zones.txt: column 'Job Zone', line {line}: expected a Job Zone from 1 to 5, found '7'"
    )


def test_malformed_onet_code() -> None:
    content = job_zones_bytes().replace(b"\r\n11-1011.03\t", b"\r\n11-1011\t", 1)
    assert fails(parse_job_zones, content, "Job Zones.txt") == (
        "Job Zones.txt: column 'O*NET-SOC Code', line 3: expected an O*NET-SOC code like '15-1221.00', found '11-1011'"
    )


def test_empty_file() -> None:
    assert fails(parse_job_zones, b"", "Job Zones.txt") == (
        "Job Zones.txt: line 1: expected the header row, found an empty file"
    )


def test_header_without_rows() -> None:
    content = b"O*NET-SOC Code\tJob Zone\tDate\tDomain Source\r\n"
    assert fails(parse_job_zones, content, "Job Zones.txt") == (
        "Job Zones.txt: line 2: expected data rows after the header, found none"
    )


def test_row_with_a_missing_field() -> None:
    content = job_zones_bytes().replace(b"\r\n11-1011.03\t5\t08/2021\tAnalyst", b"\r\n11-1011.03\t5\t08/2021", 1)
    assert fails(parse_job_zones, content, "Job Zones.txt") == (
        "Job Zones.txt: line 3: expected 4 tab-separated fields (one per header column), found 3"
    )


def test_blank_line_in_the_middle() -> None:
    content = job_zones_bytes().replace(b"\r\n11-1011.03", b"\r\n\r\n11-1011.03", 1)
    assert fails(parse_job_zones, content, "Job Zones.txt") == (
        "Job Zones.txt: line 3: expected 4 tab-separated fields (one per header column), found 1"
    )


def test_date_not_a_month() -> None:
    content = job_zones_bytes().replace(b"\t08/2021\t", b"\t2021-08\t", 1)
    assert fails(parse_job_zones, content, "Job Zones.txt") == (
        "Job Zones.txt: column 'Date', line 3: expected a month as MM/YYYY, found '2021-08'"
    )


def test_duplicate_occupation_in_job_zones() -> None:
    content = job_zones_bytes() + b"11-1011.00\t4\t08/2025\tAnalyst\r\n"
    assert fails(parse_job_zones, content, "Job Zones.txt") == (
        "Job Zones.txt: line 925: expected one row per onet_soc_code, found a second row for onet_soc_code='11-1011.00'"
    )


EDUCATION_HEADER = (
    "O*NET-SOC Code\tElement ID\tElement Name\tScale ID\tCategory\tData Value\tN\tStandard Error\t"
    "Lower CI Bound\tUpper CI Bound\tRecommend Suppress\tDate\tDomain Source\r\n"
)


def education_bytes(*rows: str) -> bytes:
    return (EDUCATION_HEADER + "".join(f"{row}\r\n" for row in rows)).encode()


RL_ROW = (
    "15-1221.00\t2.D.1\tRequired Level of Education\tRL\t6\t36.22\t16\t18.8800\t9.0471\t76.4251\tY\t08/2019\tIncumbent"
)
IM_ROW = "15-1221.00\t2.D.4.a\tJob-Related Professional Certification\tIM\tn/a\t2.40\t16\tn/a\tn/a\tn/a\tn/a\t08/2019\tIncumbent"


def test_education_rows_in_the_publisher_format_parse() -> None:
    education = parse_education(education_bytes(RL_ROW, IM_ROW), ETE)
    assert education.select("scale_id", "category", "data_value", "recommend_suppress").rows() == [
        ("RL", 6, 36.22, True),
        ("IM", None, 2.40, None),
    ]


def test_education_n_a_where_the_publisher_always_writes_a_value() -> None:
    content = education_bytes(RL_ROW.replace("\t36.22\t", "\tn/a\t"))
    assert fails(parse_education, content, ETE) == (
        f"{ETE}: column 'Data Value', line 2: expected a decimal number, found 'n/a'"
    )


def test_education_missing_category_on_a_percentage_scale() -> None:
    content = education_bytes(IM_ROW, RL_ROW.replace("\tRL\t6\t", "\tRL\tn/a\t"))
    assert fails(parse_education, content, ETE) == (
        f"{ETE}: column 'Category', line 3: expected 'n/a' on the IM rows and a category number on every other "
        "scale, found 'n/a' on scale 'RL'"
    )


def test_education_category_on_the_importance_scale() -> None:
    content = education_bytes(IM_ROW.replace("\tIM\tn/a\t", "\tIM\t3\t"))
    assert fails(parse_education, content, ETE) == (
        f"{ETE}: column 'Category', line 2: expected 'n/a' on the IM rows and a category number on every other "
        "scale, found category 3 on scale 'IM'"
    )


def test_education_suppression_flag_not_y_or_n() -> None:
    content = education_bytes(RL_ROW.replace("\tY\t08/2019", "\tYes\t08/2019"))
    assert fails(parse_education, content, ETE) == (
        f"{ETE}: column 'Recommend Suppress', line 2: expected Y or N or 'n/a', found 'Yes'"
    )


def test_unknown_relatedness_tier() -> None:
    content = (
        b"O*NET-SOC Code\tRelated O*NET-SOC Code\tRelatedness Tier\tIndex\r\n11-1011.00\t11-1021.00\tPrimary\t1\r\n"
    )
    assert fails(parse_related_occupations, content, "Related Occupations.txt") == (
        "Related Occupations.txt: column 'Relatedness Tier', line 2: expected 'Primary-Short', 'Primary-Long' "
        "or 'Supplemental', found 'Primary'"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "O*NET Database\nDecember 2025 Release\n",
            "Read Me.txt: line 1: expected 'O*NET <release> Database', e.g. 'O*NET 30.1 Database', "
            "found 'O*NET Database'",
        ),
        (
            "O*NET 30.1 Database\nRelease of December 2025\n",
            "Read Me.txt: line 2: expected '<Month> <year> Release', e.g. 'December 2025 Release', "
            "found 'Release of December 2025'",
        ),
        ("", "Read Me.txt: line 1: expected 'O*NET <release> Database', e.g. 'O*NET 30.1 Database', found ''"),
    ],
)
def test_readme_without_release(text: str, message: str) -> None:
    assert fails(parse_readme_release, text.encode(), "Read Me.txt") == message

"""The per-release O*NET contract (transforms/raw/onet_releases.py) and the quality gates derived from it."""

from __future__ import annotations

import polars as pl
import pytest

from tests.conftest import FIXTURES, mirror_bytes
from transforms.raw.onet import header, parse_education_categories, parse_job_zone_reference, parse_job_zones
from transforms.raw.onet_releases import (
    NEWEST_KNOWN,
    LayoutError,
    check_files,
    check_header,
    is_known,
    known_releases_after,
    layout_of,
    table_rows,
    table_scales,
)
from warehouse.quality.expectations import suite_for

ONET_30_1 = "www.onetcenter.org/dl_files/database/db_30_1_text"


def test_job_zone_frameworks() -> None:
    assert layout_of("30.1").job_zones.name == "five-level (to 30.1)"
    assert layout_of("30.1").job_zones.zones == (1, 2, 3, 4, 5)
    for release in ("30.2", "30.3"):
        assert layout_of(release).job_zones.name == "four-level (from 30.2)"
        assert 5 in layout_of(release).job_zones.zones  # 'extensive preparation' is in both frameworks


def test_known_releases() -> None:
    assert NEWEST_KNOWN == "30.3"
    assert [is_known(r) for r in ("29.3", "30.1", "30.2", "30.3", "30.4", "31.0")] == [True] * 4 + [False] * 2
    assert known_releases_after("30.1") == ["30.3", "30.2"]
    assert known_releases_after("30.3") == []


def test_row_bounds_follow_the_documented_counts() -> None:
    assert table_rows("30.1", "onet_job_zone_reference") == (5, 5)
    assert table_rows("30.2", "onet_job_zone_reference") == (4, 4)
    assert table_rows("30.3", "onet_job_zone_reference") == (4, 4)
    assert table_rows("30.1", "onet_job_zones") == (800, 1_100)  # no count checked for the older releases
    lo, hi = table_rows("30.2", "onet_job_zones")  # 923 rows (30.2 dictionary)
    assert lo < 923 < hi and hi - lo < 200
    lo, hi = table_rows("30.3", "onet_education")  # 11,100 + 26,025 (30.3 dictionary)
    assert lo < 37_125 < hi and (lo, hi) != (30_000, 46_000)
    assert table_rows("30.3", "onet_education_categories") == (36, 46)  # 12 + 29
    assert table_scales("30.3", "onet_education_categories") == ("RL", "RW", "PT", "OJ")


def _check(table: str, release: str, kind: str, column: str = "job_zone") -> dict:
    return next(
        c.kwargs for c in suite_for(table, release) if c.type == kind and c.kwargs.get("column", column) == column
    )


def test_expectations_follow_the_release() -> None:
    reference = "raw.onet_job_zone_reference"
    assert _check(reference, "30.1", "expect_table_row_count_to_equal")["value"] == 5
    assert _check(reference, "30.2", "expect_table_row_count_to_equal")["value"] == 4
    assert _check(reference, "30.2", "expect_column_distinct_values_to_equal_set")["value_set"] == [2, 3, 4, 5]
    assert _check("raw.onet_job_zones", "30.1", "expect_column_values_to_be_in_set")["value_set"] == [1, 2, 3, 4, 5]
    assert _check("raw.onet_job_zones", "30.3", "expect_column_values_to_be_in_set")["value_set"] == [2, 3, 4, 5]
    assert _check("core.onet_by_soc", "30.2", "expect_column_values_to_be_in_set")["value_set"] == [2, 3, 4, 5]
    assert suite_for(reference) == suite_for(reference, "30.1")  # the default: the release discovery starts from


def test_the_30_1_reference_fails_the_30_2_gate() -> None:
    from warehouse.quality.validation import validate

    frame = parse_job_zone_reference(mirror_bytes(f"{ONET_30_1}/Job Zone Reference.txt"), "Job Zone Reference.txt")
    assert validate("raw.onet_job_zone_reference", frame, "30.1").success
    report = validate("raw.onet_job_zone_reference", frame, "30.2")
    failed = {failure.check: failure for failure in report.failures}
    assert "expect_table_row_count_to_equal(4)" in failed
    assert failed["expect_column_distinct_values_to_equal_set(job_zone, [2, 3, 4, 5])"].unexpected_values == [1]


def test_a_30_1_job_zones_file_fails_the_30_2_gate_on_its_zone_1_rows() -> None:
    from warehouse.quality.validation import validate

    zones = parse_job_zones(mirror_bytes(f"{ONET_30_1}/Job Zones.txt"), "Job Zones.txt")
    report = validate("raw.onet_job_zones", zones, "30.2")
    (failure,) = report.failures
    assert failure.check == "expect_column_values_to_be_in_set(job_zone, [2, 3, 4, 5])"
    assert failure.unexpected_count == 33


def test_a_header_that_differs_names_release_file_expected_and_source() -> None:
    with pytest.raises(LayoutError) as caught:
        check_header("30.3", "Job Titles.txt", ["O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)"])
    message = str(caught.value)
    assert message.startswith("O*NET 30.3: Job Titles.txt: expected the header 'O*NET-SOC Code', 'Job Title', ")
    assert "found 'O*NET-SOC Code', 'Alternate Title', 'Short Title', 'Source(s)'" in message
    assert message.endswith("(the 30.3 layout)")


def test_education_categories_of_30_3_with_or_without_element_name() -> None:
    # The only 30.3 page found (MS SQL) lists four columns; the text file may carry Element Name like its sibling.
    content = mirror_bytes(f"{ONET_30_1}/Education, Training, and Experience Categories.txt")
    lines = content.split(b"\r\n")
    with_name = b"\r\n".join(line for line in lines if line and not line.startswith(b"3.")) + b"\r\n"
    check_header("30.3", "Education Categories.txt", header(with_name, "Education Categories.txt"))
    four = (FIXTURES / "onet_30_3" / "Education Categories.txt").read_bytes()
    check_header("30.3", "Education Categories.txt", header(four, "Education Categories.txt"))
    a = parse_education_categories(with_name, "Education Categories.txt").drop("element_name")
    b = parse_education_categories(four, "Education Categories.txt").drop("element_name")
    assert a.sort("category").equals(b.sort("category"))
    with pytest.raises(LayoutError, match="'Category Description', 'Element Name'"):
        check_header("30.3", "Education Categories.txt", ["Element ID", "Scale ID", "Category", "Category Description",
                                                          "Element Name"])  # fmt: skip


def test_a_folder_missing_a_file_names_it() -> None:
    held = {path.name for path in (FIXTURES / "onet_30_3").glob("*.txt")}
    check_files("30.3", held)
    with pytest.raises(LayoutError) as caught:
        check_files("30.3", (held - {"Job Titles.txt"}) | {"Alternate Titles.txt"})
    assert str(caught.value) == (
        "O*NET 30.3: Job Titles.txt: missing from the release folder; the folder has other files: "
        "Alternate Titles.txt (the 30.3 layout)"
    )


def test_every_documented_count_names_its_page() -> None:
    for layout in (layout_of("30.2"), layout_of("30.3")):
        for file in layout.files:
            assert file.source, file.name
            if file.rows is not None:
                assert (
                    "onetcenter.org/dictionary" in file.source or "issue 16" in file.source or "assumed" in file.source
                )

    assert pl.Series(layout_of("30.3").files_of("onet_education")[0].scales).to_list() == ["RL", "IM"]

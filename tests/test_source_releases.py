"""`source_releases` says how each file was obtained: from the publisher, or copied from a mirror of it."""

from __future__ import annotations

from tests.conftest import MIRROR


def test_a_mirror_build_records_the_copy_it_read_and_no_publisher_last_modified(warehouse_db):
    rows = warehouse_db.execute(
        "SELECT source, file, url, read_from, from_mirror, release, release_name, last_modified, "
        "publisher_last_modified FROM source_releases ORDER BY source, file"
    ).fetchall()
    assert rows
    for _source, file, url, read_from, from_mirror, *_ in rows:
        assert url.startswith("https://"), url  # the publisher's URL, even though a mirror was read
        assert read_from.startswith(str(MIRROR)), (file, read_from)
        assert from_mirror is True, file
    assert {row[8] for row in rows} == {None}  # nothing was read from a publisher: its Last-Modified is unknown
    names = {(row[0], row[1]): (row[5], row[6]) for row in rows}
    assert names[("onet", "Job Zones.txt")] == ("30.1", "December 2025")  # from the release's Read Me.txt
    assert names[("oews", "oe.data.0.Current")] == ("2025A01", "May 2025")  # from oe.release
    assert names[("ep", "education.xlsx")] == ("2024-2034", None)

"""Offline proof: the whole warehouse built from mirrors whose newest O*NET folder is a 30.2- or 30.3-layout release
(made from the real 30.1 files by tests/onet_mirror.py), or a release of a layout this code does not know."""

from __future__ import annotations

import duckdb
import pytest
from dagster import DagsterInstance, build_sensor_context
from typer.testing import CliRunner

from orchestration.build_run import run_build
from orchestration.resources import SourceFiles, WarehouseDB
from orchestration.sensors import release_sensors, sensor_name
from tests.conftest import MIRROR, copy_session_build
from tests.onet_mirror import derive, mirror_with
from warehouse.cli.app import app
from warehouse.config import DEFAULT_ONET_RELEASE, Settings
from warehouse.sources import polling as releases

pytestmark = pytest.mark.slow  # two whole builds from derived O*NET mirrors

REAL_30_1 = MIRROR / "www.onetcenter.org" / "dl_files" / "database" / "db_30_1_text"
# 35-2011 Cooks, Fast Food: Job Zone 1 in 30.1 (its .00 code is the only one); zone 2 in the four-level framework.
FORMER_ZONE_1 = "35-2011"
NOTE = "O*NET 31.1 found but its layout is not known to this version; loaded 30.3"


def settings_for(root, mirror, **overrides) -> Settings:
    values = {
        "db_path": root / "soc_warehouse.duckdb",
        "cache_dir": root / "cache",
        "mirror": str(mirror),
        "contact": "ci@example.org",
        "onet_release": DEFAULT_ONET_RELEASE,
        "discover_onet_release": True,  # the default build: no release pinned
    }
    return Settings(**(values | overrides))


def built(settings: Settings):
    outcome = run_build(settings, force=True)
    assert outcome.success, "\n".join(outcome.failures)
    return outcome


@pytest.fixture(scope="module")
def history_30_1_then_30_2(built_warehouse, tmp_path_factory):
    """One warehouse: the session's build of 30.1 (copied, with its download cache), then a default build once the
    mirror holds 30.2."""
    session, first = built_warehouse
    root = tmp_path_factory.mktemp("onet_30_2")
    mirror = mirror_with(MIRROR, root / "mirror", {})
    settings = settings_for(root, mirror)
    copy_session_build(session, settings.db_path, settings.cache_dir)
    derive(REAL_30_1, mirror / "www.onetcenter.org" / "dl_files" / "database" / "db_30_2_text", "30.2")
    second = built(settings)
    return settings, first, second


def query(settings: Settings, sql: str, params=None) -> list[tuple]:
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_the_default_build_loads_30_2_and_moves_zone_1_occupations_to_zone_2(history_30_1_then_30_2):
    settings, first, second = history_30_1_then_30_2
    assert {row["release"] for row in first.files if row["source"] == "onet"} == {"30.1"}
    assert {row["release"] for row in second.files if row["source"] == "onet"} == {"30.2"}
    assert second.notes == []
    sql = "SELECT onet_release, job_zone, job_zone_5, job_zone_framework FROM occupations WHERE soc_code = ?"
    assert query(settings, sql, [FORMER_ZONE_1]) == [("30.2", 2, False, "four-level (from 30.2)")]
    assert query(settings, "SELECT count(*) FROM occupations WHERE job_zone = 1") == [(0,)]
    assert query(settings, "SELECT DISTINCT job_zone FROM raw.onet_job_zone_reference ORDER BY 1") == [
        (2,), (3,), (4,), (5,)
    ]  # fmt: skip
    # Zone 5 means the same in both frameworks: no occupation left or entered it.
    flipped = "SELECT count(*) FROM release_changes WHERE figure = 'job_zone_5'"
    assert query(settings, flipped) == [(0,)]


def test_release_changes_marks_the_moves_as_a_framework_change(history_30_1_then_30_2):
    settings, _, _ = history_30_1_then_30_2
    moves = query(
        settings,
        "SELECT soc_code, old_value, new_value, change, job_zone_frameworks FROM release_changes "
        "WHERE source = 'onet' AND old_release = '30.1' AND new_release = '30.2' AND figure = 'job_zone' "
        "ORDER BY soc_code",
    )
    assert (FORMER_ZONE_1, "1", "2", "framework change", "five-level (to 30.1) -> four-level (from 30.2)") in moves
    assert {(old, new, change) for _, old, new, change, _ in moves} == {("1", "2", "framework change")}
    # As many moves as SOC codes whose zone was 1 in 30.1: none of them reads as a re-rating.
    zone_1 = query(
        settings,
        "SELECT count(*) FROM occupation_history WHERE onet_release = '30.1' AND job_zone = 1",
    )
    assert len(moves) == zone_1[0][0] > 10
    other = query(settings, "SELECT count(*) FROM release_changes WHERE change = 'framework change' AND "
                            "figure NOT IN ('job_zone', 'job_zone_5')")  # fmt: skip
    assert other == [(0,)]


@pytest.fixture
def wide(monkeypatch):
    """The CLI's console, wide enough that no line of a table wraps.

    Its `_width`, not the `width` property: monkeypatch would restore the property to the width it read (80 without a
    terminal), pinning the console at 80 columns for every later test in this process, whatever COLUMNS says. Seen
    as four failures of wrapped output once xdist ran whole files on one worker; `_width` is restored to None."""
    from warehouse.cli.common import console

    monkeypatch.setattr(console, "_width", 240)


def test_show_and_releases_name_the_framework_and_both_releases(history_30_1_then_30_2, wide):
    settings, _, _ = history_30_1_then_30_2
    runner = CliRunner()
    shown = runner.invoke(app, ["show", FORMER_ZONE_1, "--db", str(settings.db_path)], terminal_width=200)
    assert shown.exit_code == 0, shown.output
    assert "O*NET Job Zone 2" in shown.output and "four-level (from 30.2) Job Zone framework" in shown.output
    listed = runner.invoke(app, ["releases", "--db", str(settings.db_path)], terminal_width=200)
    assert listed.exit_code == 0, listed.output
    assert "30.1" in listed.output and "30.2" in listed.output and "not loaded" not in listed.output
    changes = runner.invoke(app, ["changes", FORMER_ZONE_1, "--db", str(settings.db_path)])
    assert "framework change (five-level (to 30.1) -> four-level (from 30.2))" in changes.output


def test_the_evidence_sheet_names_the_framework(history_30_1_then_30_2):
    from warehouse.products.evidence import evidence_html

    settings, _, _ = history_30_1_then_30_2
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        html = evidence_html(con, FORMER_ZONE_1)
    assert "four-level (from 30.2) Job Zone framework" in html


@pytest.fixture(scope="module")
def unknown_newer(tmp_path_factory):
    """A default build from a mirror holding 30.1, a 30.3-layout release and a 31.1 folder of unknown files."""
    root = tmp_path_factory.mktemp("onet_31_1")
    database = root / "folders"
    odd = database / "db_31_1_text"
    odd.mkdir(parents=True)
    (odd / "Read Me.txt").write_bytes(b"O*NET 31.1 Database\nNovember 2026 Release\n")
    (odd / "Skills and Abilities.txt").write_bytes(b"O*NET-SOC Code\tSkill\r\n15-1221.00\tPython\r\n")
    folders = {"db_30_3_text": derive(REAL_30_1, database / "db_30_3_text", "30.3"), "db_31_1_text": odd}
    mirror = mirror_with(MIRROR, root / "mirror", folders)
    settings = settings_for(root, mirror)
    return settings, built(settings)


def test_a_newer_unknown_release_loads_the_newest_known_and_says_so(unknown_newer, wide):
    settings, outcome = unknown_newer
    assert outcome.notes == [NOTE]
    onet_files = {row["file"] for row in outcome.files if row["source"] == "onet"}
    assert {"Education.txt", "Training and Experience.txt", "Job Titles.txt"} <= onet_files
    assert query(settings, "SELECT DISTINCT release, note FROM source_releases WHERE source = 'onet'") == [
        ("30.3", NOTE)
    ]
    assert query(settings, "SELECT DISTINCT note FROM source_releases WHERE source <> 'onet'") == [(None,)]
    assert query(settings, "SELECT release, newest_found, job_zone_framework FROM meta.onet_release") == [
        ("30.3", "31.1", "four-level (from 30.2)")
    ]
    # The split files load the same education data: 30.1's 878 occupations with a required-education distribution.
    assert query(settings, "SELECT count(DISTINCT onet_soc_code), min(scale_id) FROM core.onet_education") == [
        (878, "RL")
    ]
    listed = CliRunner().invoke(app, ["releases", "--db", str(settings.db_path)], terminal_width=200)
    assert "31.1" in listed.output and "found, not loaded (layout unknown)" in listed.output
    assert NOTE in listed.output


def test_the_onet_sensor_reports_the_unknown_release(unknown_newer, monkeypatch):
    settings, _ = unknown_newer
    monkeypatch.delenv("SOC_WAREHOUSE_ONET_RELEASE", raising=False)
    poll = releases.poll_source(
        releases.Poller.for_settings(settings),
        "onet",
        releases.read_published(settings.db_path),
        onet_release=DEFAULT_ONET_RELEASE,
        discover_onet=True,
    )
    assert (poll.release, poll.newest, poll.notice) == ("30.3", "31.1", NOTE)
    resources = {
        "sources": SourceFiles(cache_dir=str(settings.cache_dir), mirror=settings.mirror, onet_release="30.3"),
        "warehouse": WarehouseDB(db_path=str(settings.db_path)),
    }
    sensor = next(s for s in release_sensors() if s.name == sensor_name("onet"))
    with (
        DagsterInstance.ephemeral() as instance,
        build_sensor_context(instance=instance, resources=resources, sensor_name=sensor.name) as context,
    ):
        result = sensor.evaluate_tick(context)
    assert result.run_requests == []
    assert result.skip_message.startswith("nothing new in onet (")
    assert result.skip_message.endswith(f"; {NOTE}")
    assert NOTE in result.cursor


def test_a_pinned_unknown_release_fails_clearly(tmp_path):
    settings = settings_for(tmp_path, MIRROR, onet_release="31.1", discover_onet_release=False)
    outcome = run_build(settings)
    assert not outcome.success
    assert outcome.failures == [
        "O*NET 31.1: its file layout is not known to this version of the warehouse (known: up to 30.1, 30.2, 30.3); "
        "pin a known release with --onet-release / SOC_WAREHOUSE_ONET_RELEASE, or update the warehouse"
    ]
    assert not settings.db_path.exists()


def test_a_known_release_whose_folder_lacks_a_file_fails_naming_it(tmp_path):
    folder = derive(REAL_30_1, tmp_path / "folders" / "db_30_2_text", "30.2")
    (folder / "Job Zone Reference.txt").unlink()
    mirror = mirror_with(MIRROR, tmp_path / "mirror", {"db_30_2_text": folder})
    outcome = run_build(settings_for(tmp_path, mirror))
    assert not outcome.success
    assert outcome.failures == [
        "O*NET 30.2: Job Zone Reference.txt: missing from the release folder; the folder has other files: "
        "Content Model Reference.txt (the 30.2 layout)"
    ]


def test_over_http_the_known_release_skipped_by_the_probe_is_found(tmp_path):
    """The probe asks x+1.0 first: from 30.1 it reaches 31.0 without asking for 30.2 and 30.3. 31.0's layout is
    unknown, so the known releases after 30.1 are asked for, newest first, and 30.3 is the one to load."""
    from tests.test_sensors import MirrorServer

    database = tmp_path / "mirror" / "www.onetcenter.org" / "dl_files" / "database"
    for release in ("30.1", "30.2", "30.3", "31.0"):
        folder = database / f"db_{release.replace('.', '_')}_text"
        folder.mkdir(parents=True)
        (folder / "Read Me.txt").write_bytes(f"O*NET {release} Database\nMay 2026 Release\n".encode())
    server = MirrorServer(tmp_path / "mirror")
    try:
        poller = releases.Poller.for_settings(settings_for(tmp_path, server.url))
        assert poller.onet_release_to_load("30.1") == ("30.3", "31.0")
        asked = [path.split("/")[-2] for path in server.paths()]
        assert asked == ["db_31_0_text", "db_32_0_text", "db_31_1_text", "db_30_3_text"]
    finally:
        server.close()

"""Release history on the real data: O*NET 29.3 loaded, then the O*NET sensor notices 30.1 and its run loads it.

The mirror in ../shared/data holds only six files of O*NET 29.3 (Read Me, Occupation Data, Job Zones, Job Zone
Reference, and the education file with its categories). A build reads eleven, so the test builds a composite
mirror in tmp_path: a copy of the real mirror whose 29.3 folder gets the files it lacks copied from 30.1
(Alternate Titles, Sample of Reported Titles, Task Statements, Related Occupations, Scales Reference, and Content
Model Reference, which no table reads). Copied, not symlinked: the downloader refuses links that leave the mirror.
None of them feeds a figure the history keeps, so every change asserted below comes from the two releases' own
Job Zones and education files, which the tests read themselves (with the csv module) to check the views.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import duckdb
import polars as pl
import pytest
from dagster import build_sensor_context, instance_for_test
from typer.testing import CliRunner

from tests.conftest import MIRROR
from transforms.core import history
from warehouse.config import DEFAULT_ONET_RELEASE, Settings

pytestmark = pytest.mark.slow  # two whole builds (O*NET 29.3, then 30.1)

ONET = "www.onetcenter.org/dl_files/database"
ADVANCED_RL = {
    8,
    9,
    10,
    11,
    12,
}  # RL categories: master's, post-master's certificate, first professional, doctoral, post-doctoral


def composite_mirror(dest: Path) -> Path:
    shutil.copytree(MIRROR, dest, copy_function=shutil.copy2)
    old, new = dest / ONET / "db_29_3_text", dest / ONET / "db_30_1_text"
    filled = [f.name for f in new.iterdir() if not (old / f.name).exists()]
    for name in filled:
        shutil.copy2(new / name, old / name)
    assert sorted(filled) == [
        "Alternate Titles.txt",
        "Content Model Reference.txt",
        "Related Occupations.txt",
        "Sample of Reported Titles.txt",
        "Scales Reference.txt",
        "Task Statements.txt",
    ]
    return dest


def onet_rows(release: str, file_name: str) -> list[dict]:
    """A real O*NET file of the shared mirror, read with the csv module (not the project's parser)."""
    path = MIRROR / ONET / f"db_{release.replace('.', '_')}_text" / file_name
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE))


def zones_by_soc(release: str) -> tuple[dict[str, int], dict[str, int]]:
    """(the .00 codes' Job Zones by SOC code, every SOC code's zone: the .00 code's, else its specialties' highest)."""
    zones: dict[str, dict[str, int]] = {}
    for row in onet_rows(release, "Job Zones.txt"):
        zones.setdefault(row["O*NET-SOC Code"][:7], {})[row["O*NET-SOC Code"]] = int(row["Job Zone"])
    base = {soc: codes[f"{soc}.00"] for soc, codes in zones.items() if f"{soc}.00" in codes}
    return base, {soc: base.get(soc, max(codes.values())) for soc, codes in zones.items()}


def base_advanced_pct(release: str) -> dict[str, float]:
    """Per SOC code whose .00 code has RL data: the share of respondents at master's or higher."""
    pct: dict[str, float] = {}
    for row in onet_rows(release, "Education, Training, and Experience.txt"):
        code = row["O*NET-SOC Code"]
        if code.endswith(".00") and row["Element ID"] == "2.D.1" and row["Scale ID"] == "RL":
            advanced = float(row["Data Value"]) if int(row["Category"]) in ADVANCED_RL else 0.0
            pct[code[:7]] = pct.get(code[:7], 0.0) + advanced
    return {soc: round(value, 2) for soc, value in pct.items()}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """O*NET 29.3 built (pinned), then the O*NET sensor of an unpinned code location finds 30.1 and its run builds it."""
    from orchestration.build_run import run_build
    from orchestration.definitions import build_definitions

    root = tmp_path_factory.mktemp("history")
    with pytest.MonkeyPatch.context() as env:
        for variable in [v for v in __import__("os").environ if v.startswith("SOC_WAREHOUSE_")]:
            env.delenv(variable)
        pinned = Settings(
            db_path=root / "soc.duckdb",
            cache_dir=root / "cache",
            mirror=str(composite_mirror(root / "mirror")),
            contact="ci@example.org",
            onet_release="29.3",
        )
        first = run_build(pinned)
        assert first.success, "\n".join(first.failures)
        unpinned = replace(pinned, onet_release=DEFAULT_ONET_RELEASE, discover_onet_release=True)
        defs = build_definitions(unpinned)
        sensor = defs.resolve_sensor_def("onet_release_sensor")
        with instance_for_test() as instance:
            with build_sensor_context(instance=instance, definitions=defs, resources=defs.resources) as context:
                tick = sensor.evaluate_tick(context)
            (request,) = tick.run_requests
            quiet = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
            second = defs.resolve_job_def(sensor.job_name).execute_in_process(
                instance=instance, run_config={**request.run_config, **quiet}, tags=request.tags, raise_on_error=False
            )
        assert second.success
        yield SimpleNamespace(settings=unpinned, first=first, tick=tick, request=request, db=pinned.db_path)


@pytest.fixture(scope="module")
def db(loaded):
    con = duckdb.connect(str(loaded.db), read_only=True)
    yield con
    con.close()


def test_the_onet_sensor_found_30_1_above_the_29_3_in_the_warehouse(loaded):
    assert loaded.request.tags["soc_warehouse/changes"] == "O*NET 30.1: the warehouse holds 29.3"
    assert loaded.request.tags["soc_warehouse/onet_release"] == "30.1"
    assert json.loads(loaded.tick.cursor)["release"] == "30.1"


def test_the_warehouse_keeps_both_onet_releases_and_shows_the_newest(db):
    loaded = db.execute("SELECT source, release FROM history.releases ORDER BY first_loaded_at, source").fetchall()
    assert ("onet", "29.3") in loaded and ("onet", "30.1") in loaded
    assert sorted({s for s, _ in loaded}) == ["cip", "ep", "oews", "onet", "soc", "stem"]
    assert len(loaded) == 7  # every other source loaded one release, both times
    first_29, first_30 = db.execute(
        "SELECT min(first_loaded_at) FILTER (release = '29.3'), min(first_loaded_at) FILTER (release = '30.1') "
        "FROM history.releases WHERE source = 'onet'"
    ).fetchone()
    assert first_29 < first_30
    assert db.execute("SELECT DISTINCT onet_release FROM occupations").fetchall() == [("30.1",)]
    per_set = db.execute(
        "SELECT onet_release, count(*), bool_and(is_current), bool_or(is_current) FROM occupation_history "
        "GROUP BY onet_release ORDER BY onet_release"
    ).fetchall()
    assert per_set == [("29.3", 867, False, False), ("30.1", 867, True, True)]
    # Each snapshot is tagged with its releases and when its files were retrieved.
    sets = db.execute(
        "SELECT DISTINCT release_set, retrieved_at FROM occupation_history ORDER BY release_set"
    ).fetchall()
    assert [s for s, _ in sets] == [
        "soc 2018 · onet 29.3 · oews 2025A01 · ep 2024-2034 · cip 2020 · stem 2024-07-22",
        "soc 2018 · onet 30.1 · oews 2025A01 · ep 2024-2034 · cip 2020 · stem 2024-07-22",
    ]
    assert all(retrieved is not None for _, retrieved in sets)


def test_release_changes_lists_exactly_the_occupations_whose_job_zone_moved_in_the_files(db):
    occupations = {code for (code,) in db.execute("SELECT soc_code FROM occupations").fetchall()}
    old_base, old = zones_by_soc("29.3")
    new_base, new = zones_by_soc("30.1")
    listed = {
        code: (old_value, new_value)
        for code, old_value, new_value in db.execute(
            "SELECT soc_code, old_value, new_value FROM release_changes "
            "WHERE source = 'onet' AND old_release = '29.3' AND new_release = '30.1' AND figure = 'job_zone'"
        ).fetchall()
    }
    # The .00 codes present in both releases: listed exactly when their zone differs, with both values.
    both = {code for code in occupations if code in old_base and code in new_base}
    moved = {code for code in both if old_base[code] != new_base[code]}
    assert moved, "29.3 -> 30.1 changed some Job Zones"
    assert {code for code in listed if code in both} == moved
    for code in moved:
        assert listed[code] == (str(old_base[code]), str(new_base[code]))
    # And every SOC code, by the view's rule (the .00 code's zone, else the highest of its specialties).
    expected = {code for code in occupations if old.get(code) != new.get(code)}
    assert set(listed) == expected


def test_a_flag_that_flipped_is_marked_as_such(db):
    """onet_majority_advanced_degree (share >= 50) and job_zone_5, against what the two releases' files say."""
    taken = {
        code
        for (code,) in db.execute(
            "SELECT soc_code FROM occupations WHERE list_contains(onet_codes, soc_code || '.00')"
        ).fetchall()
    }
    old_pct, new_pct = base_advanced_pct("29.3"), base_advanced_pct("30.1")
    crossed = {c for c in taken & set(old_pct) & set(new_pct) if (old_pct[c] >= 50) != (new_pct[c] >= 50)}
    (_, old_zone), (_, new_zone) = zones_by_soc("29.3"), zones_by_soc("30.1")
    zone_5 = {c for c in taken & set(old_zone) & set(new_zone) if (old_zone[c] == 5) != (new_zone[c] == 5)}
    flips = db.execute(
        "SELECT figure, soc_code, old_value, new_value, is_flag FROM release_changes WHERE change = 'flag flipped'"
    ).fetchall()
    majority = {code: (o, n) for figure, code, o, n, _ in flips if figure == "onet_majority_advanced_degree"}
    assert crossed, "29.3 -> 30.1 moved some occupation across the 50% line"
    assert set(majority) == crossed
    for code in crossed:
        assert majority[code] == (str(old_pct[code] >= 50).lower(), str(new_pct[code] >= 50).lower())
    assert {code for figure, code, *_ in flips if figure == "job_zone_5"} == zone_5
    assert all(is_flag for *_, is_flag in flips)
    # A flag that only appears (no education data in 29.3) is 'added', not flipped.
    added = db.execute(
        "SELECT DISTINCT change FROM release_changes WHERE figure = 'onet_majority_advanced_degree' AND old_value IS NULL"
    ).fetchall()
    assert added == [("added",)]


def test_release_changes_lists_the_education_shares_that_moved_in_the_files(db):
    old, new = base_advanced_pct("29.3"), base_advanced_pct("30.1")
    rows = db.execute(
        "SELECT soc_code, old_value::DOUBLE, new_value::DOUBLE FROM release_changes "
        "WHERE source = 'onet' AND figure = 'onet_advanced_degree_pct'"
    ).fetchall()
    listed = {code: (o, n) for code, o, n in rows}
    both = set(old) & set(new)
    moved = {code for code in both if old[code] != new[code]}
    assert moved, "29.3 -> 30.1 re-surveyed some occupations' education"
    assert {code for code in listed if code in both} <= moved
    # Every moved share of a .00 code that the view takes (its O*NET codes include the .00 code) is listed.
    taken = {
        code
        for (code,) in db.execute(
            "SELECT soc_code FROM occupations WHERE list_contains(onet_codes, soc_code || '.00')"
        ).fetchall()
    }
    assert moved & taken == {code for code in listed if code in both}
    for code in moved & taken:
        assert listed[code] == pytest.approx((old[code], new[code]), abs=0.006)


def test_nothing_new_changed_in_the_sources_that_did_not_move(db):
    counts = dict(db.execute("SELECT source, count(*) FROM release_changes GROUP BY source").fetchall())
    assert set(counts) == {"onet"}
    assert db.execute("SELECT DISTINCT other_sources_changed FROM release_changes").fetchall() == [([],)]


def test_carrying_history_over_replaces_a_rebuilt_release_set_and_keeps_when_it_was_first_loaded(db):
    snapshots = db.execute("SELECT * FROM history.occupation_snapshots").pl()
    later = pl.lit(datetime(2030, 1, 1, tzinfo=UTC)).cast(snapshots.schema["last_loaded_at"])
    rebuilt = snapshots.filter(pl.col("onet_release") == "30.1").with_columns(
        first_loaded_at=later, last_loaded_at=later, employment=pl.lit(1, pl.Int64)
    )
    merged = history.carry_over(snapshots, rebuilt, history.SNAPSHOT_KEY)
    assert merged.height == snapshots.height
    newest = merged.filter(pl.col("onet_release") == "30.1")
    assert newest["employment"].unique().to_list() == [1]
    assert (
        newest["first_loaded_at"].unique().to_list()
        == snapshots.filter(pl.col("onet_release") == "30.1")["first_loaded_at"].unique().to_list()
    )
    assert newest["last_loaded_at"].unique().to_list() == [datetime(2030, 1, 1, tzinfo=UTC)]
    kept = merged.filter(pl.col("onet_release") == "29.3").sort("soc_code")
    assert kept.equals(snapshots.filter(pl.col("onet_release") == "29.3").select(merged.columns).sort("soc_code"))


def test_a_warehouse_published_before_history_existed_seeds_it_with_its_own_occupations(loaded, tmp_path):
    import logging

    from warehouse.store.history import previous_history

    old = tmp_path / "old.duckdb"
    shutil.copy2(loaded.db, old)
    with duckdb.connect(str(old)) as con:
        con.execute("DROP SCHEMA history CASCADE")
    snapshots, releases = previous_history(old, logging.getLogger("test").warning)
    assert snapshots.height == 867 and snapshots["onet_release"].unique().to_list() == ["30.1"]
    assert snapshots["first_loaded_at"].unique().to_list() == [datetime.fromtimestamp(old.stat().st_mtime, UTC)]
    assert sorted(releases["source"].to_list()) == ["cip", "ep", "oews", "onet", "soc", "stem"]


def test_a_second_build_with_nothing_new_touches_nothing(loaded):
    # How much faster it is, is measured by bench/noop_build.py, not here.
    published = loaded.db
    before = (published.stat().st_mtime_ns, published.stat().st_ino)
    metas = {p: p.stat().st_mtime_ns for p in loaded.settings.cache_dir.rglob("*.meta.json")}
    code = (
        "import json, sys; from pathlib import Path; from warehouse.config import Settings; "
        "from orchestration.build_run import run_build; "
        f"s = Settings(Path({str(published)!r}), Path({str(loaded.settings.cache_dir)!r}), "
        f"{loaded.settings.mirror!r}, None, '30.1', True); "
        "o = run_build(s); print(json.dumps([o.nothing_new, o.seconds, 'dagster' in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    message, _seconds, imported_dagster = json.loads(done.stdout.splitlines()[-1])
    stamp = datetime.fromtimestamp(before[0] / 1e9, UTC)
    assert message == f"nothing new: 25 files unchanged since {stamp:%Y-%m-%d %H:%M:%S} UTC"
    assert imported_dagster is False
    assert (published.stat().st_mtime_ns, published.stat().st_ino) == before
    assert {p: p.stat().st_mtime_ns for p in loaded.settings.cache_dir.rglob("*.meta.json")} == metas


# -- the commands ------------------------------------------------------------------------------------------------


def socwh(*args: str):
    from warehouse.cli.app import app

    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})


def test_socwh_changes_prints_both_releases_and_what_moved(loaded, db):
    code, old_zone, new_zone = db.execute(
        "SELECT soc_code, old_value, new_value FROM release_changes WHERE figure = 'job_zone' ORDER BY soc_code LIMIT 1"
    ).fetchone()
    result = socwh("changes", code, "--db", str(loaded.db))
    assert result.exit_code == 0, result.output
    title = db.execute("SELECT title FROM occupations WHERE soc_code = ?", [code]).fetchone()[0]
    assert f"{code} {title}: 2 release set(s)" in result.output
    lines = result.output.splitlines()
    assert any("29.3" in line and "2025A01" in line for line in lines)
    assert any("30.1" in line and "(current)" in line for line in lines)
    assert any(
        "onet" in line and "29.3 → 30.1" in line and "job_zone" in line and old_zone in line and new_zone in line
        for line in lines
    )


def test_socwh_releases_lists_every_loaded_release(loaded):
    result = socwh("releases", "--db", str(loaded.db))
    assert result.exit_code == 0, result.output
    rows = [line.split("│")[1:3] for line in result.output.splitlines() if line.startswith("│")]
    assert [(s.strip(), r.strip()) for s, r in rows] == [
        ("cip", "2020"),
        ("ep", "2024-2034"),
        ("oews", "2025A01"),
        ("onet", "29.3"),
        ("onet", "30.1"),
        ("soc", "2018"),
        ("stem", "2024-07-22"),
    ]
    current = [line for line in result.output.splitlines() if line.rstrip().endswith("current │")]
    assert len(current) == 6 and not any("29.3" in line for line in current)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("15-1252' OR 1=1 --", '"15-1252\' OR 1=1 --" is not a 2018 SOC detailed code'),
        ("1; DROP TABLE history.releases", "'1; DROP TABLE history.releases' is not a 2018 SOC detailed code"),
        ("99-9999", "no 2018 SOC detailed occupation 99-9999 in the warehouse"),
    ],
)
def test_socwh_changes_refuses_bad_codes_with_exit_2(loaded, db, code, message):
    result = socwh("changes", code, "--db", str(loaded.db))
    assert result.exit_code == 2
    assert message in result.output.replace("\n", "")
    assert db.execute("SELECT count(*) FROM history.releases").fetchone() == (7,)


def test_socwh_history_commands_name_a_missing_warehouse_or_history(tmp_path, loaded):
    missing = tmp_path / "none.duckdb"
    for args in (["releases"], ["changes", "15-1252"]):
        result = socwh(*args, "--db", str(missing))
        assert result.exit_code == 2
        assert f"no warehouse at {missing}" in result.output.replace("\n", "")
    old = tmp_path / "old.duckdb"
    shutil.copy2(loaded.db, old)
    with duckdb.connect(str(old)) as con:
        con.execute("DROP SCHEMA history CASCADE")
    for args in (["releases"], ["changes", "15-1252"]):
        result = socwh(*args, "--db", str(old))
        assert result.exit_code == 2
        assert "holds no release history: rebuild it with `socwh build --force`" in result.output.replace("\n", "")

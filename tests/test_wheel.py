"""The wheel runs outside the checkout. Built from this checkout and installed, with the lock's versions, into a fresh
virtual environment in a temporary folder, it is run from another folder with no settings and a fresh HOME:
`socwh build --mirror` builds the warehouse into the default data folder (the user data directory), `socwh show`
reads it, and a second build finds nothing new. It reads its SQL as package data and fingerprints its installed
files. The build makes it slow: 196 s for the module on this 2-core machine under a load average of 9 (11 s to build
and install the wheel, 180 s for the build, the show and the second build); the check of the fingerprint's file
names is fast."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import MIRROR, REPO, flat
from warehouse.store.publish import code_fingerprint
from warehouse.store.sql_files import code_files

# The uv that runs this suite: `uv run` names itself in $UV (the README's `.uv/bin/uv run pytest`); inside `uv run`
# a bare `python3` is the project venv's, which has no uv.
UV = [os.environ["UV"]] if os.environ.get("UV") else (["uv"] if shutil.which("uv") else ["python3", "-m", "uv"])
SOC_CODE = "15-1221"
TITLE = "Computer and Information Research Scientists"  # its title in soc_structure_2018.xlsx


@dataclass(frozen=True)
class Installed:
    wheel: Path
    venv: Path
    elsewhere: Path  # the folder the commands run in: neither the checkout nor the venv
    home: Path
    env: dict[str, str]

    def socwh(self, *args: str) -> subprocess.CompletedProcess:
        return run([str(self.venv / "bin" / "socwh"), *args], cwd=self.elsewhere, env=self.env)

    def python(self, code: str) -> subprocess.CompletedProcess:
        return run([str(self.venv / "bin" / "python"), "-c", code], cwd=self.elsewhere, env=self.env)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    """The wheel built into a temporary folder and installed with the lock's versions (`uv export`) in a new venv."""
    root = tmp_path_factory.mktemp("wheel")
    uv_env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    run([*UV, "build", "--wheel", "--out-dir", str(root / "dist")], cwd=REPO, env=uv_env)
    (wheel,) = (root / "dist").glob("*.whl")
    requirements = root / "requirements.txt"
    export = [*UV, "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "-o", str(requirements)]
    run(export, cwd=REPO, env=uv_env)
    venv = root / "venv"
    run([*UV, "venv", "--python", sys.executable, str(venv)], cwd=root, env=uv_env)
    install = [*UV, "pip", "install", "--python", str(venv / "bin" / "python"), "-r", str(requirements), str(wheel)]
    run(install, cwd=root, env=uv_env)
    elsewhere, home = root / "elsewhere", root / "home"
    elsewhere.mkdir()
    home.mkdir()
    # No SOC_WAREHOUSE_*, DAGSTER_HOME, XDG_DATA_HOME or PYTHONPATH: the defaults, under a HOME of its own.
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8", "COLUMNS": "200"}
    env["GX_ANALYTICS_ENABLED"] = "false"
    return Installed(wheel, venv, elsewhere, home, env)


def test_the_fingerprint_reads_the_packages_and_the_sql_by_package_names():
    names = [name for name, _ in code_files((".py", ".sql", ".csv"))]
    checkout_sql = sorted(f"sql/{p.relative_to(REPO / 'sql').as_posix()}" for p in (REPO / "sql").rglob("*.sql"))
    assert [name for name in names if name.startswith("sql/")] == checkout_sql
    assert {"warehouse/store/publish.py", "transforms/__init__.py", "orchestration/definitions.py"} <= set(names)
    assert "warehouse/curated/stem_occupations.csv" in names
    assert not [name for name in names if name.startswith("warehouse/sql/") or "/data/" in name]
    assert not [name for name in names if not name.startswith(("orchestration/", "transforms/", "warehouse/", "sql/"))]


@pytest.mark.slow
def test_the_wheel_carries_the_sql_as_package_data(installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        for path in sorted((REPO / "sql").rglob("*.sql")):
            packaged = f"warehouse/sql/{path.relative_to(REPO / 'sql').as_posix()}"
            assert packaged in names
            assert wheel.read(packaged) == path.read_bytes()
    assert not [name for name in names if name.startswith(("sql/", "warehouse/data/"))]


@pytest.mark.slow
def test_the_installed_package_reads_its_own_files(installed):
    done = installed.python(
        "import json, warehouse; from warehouse.store.sql_files import sql_folder; "
        "from warehouse.store.publish import code_fingerprint; "
        "print(json.dumps([warehouse.__file__, str(sql_folder()), code_fingerprint()]))"
    )
    package, sql, fingerprint = json.loads(done.stdout)
    site_packages = next((installed.venv / "lib").glob("python3.*/site-packages"))
    assert Path(package) == site_packages / "warehouse" / "__init__.py"  # the wheel's, not the checkout's
    assert Path(sql) == site_packages / "warehouse" / "sql"
    # the same code fingerprints the same, installed or in the checkout: no rebuild for moving to the wheel
    assert fingerprint == code_fingerprint()


def newest_onet_release() -> tuple[str, Path]:
    """The newest O*NET release in the mirror ('30.1') and its folder: what a build with no release pinned loads."""
    folders = (MIRROR / "www.onetcenter.org" / "dl_files" / "database").glob("db_*_text")
    numbered = {tuple(map(int, re.fullmatch(r"db_(\d+)_(\d+)_text", f.name).groups())): f for f in folders}
    newest = max(numbered)
    return f"{newest[0]}.{newest[1]}", numbered[newest]


def job_zone(folder: Path, onet_code: str) -> str:
    rows = csv.DictReader(io.StringIO((folder / "Job Zones.txt").read_text()), delimiter="\t")
    return next(row["Job Zone"] for row in rows if row["O*NET-SOC Code"] == onet_code)


@pytest.mark.slow
def test_build_and_show_from_another_folder_into_the_user_data_folder(installed):
    built = installed.socwh("build", "--mirror", str(MIRROR), "--contact", "ci@example.org")
    data = installed.home / ".local" / "share" / "soc-warehouse"  # the user data directory on Linux
    db = data / "soc_warehouse.duckdb"
    assert f"Published {db}" in flat(built.stdout + built.stderr)
    assert db.is_file() and (data / "cache" / "www.bls.gov").is_dir() and (data / "dagster_home").is_dir()
    assert not list(installed.elsewhere.iterdir())  # nothing written where it ran
    site_packages = next((installed.venv / "lib").glob("python3.*/site-packages"))
    assert not (site_packages / "warehouse" / "data").exists()

    shown = flat(installed.socwh("show", SOC_CODE).stdout)
    assert shown.startswith(f"{SOC_CODE} {TITLE} ")
    release, folder = newest_onet_release()
    assert f"✓ O*NET Job Zone {job_zone(folder, SOC_CODE + '.00')} O*NET {release}," in shown

    again = installed.socwh("build", "--mirror", str(MIRROR), "--contact", "ci@example.org")
    assert "nothing new:" in flat(again.stdout + again.stderr) and "is current" in again.stdout + again.stderr

"""O*NET release folders in the 30.2 and 30.3 layouts, made from the real 30.1 files (nothing here has real copies).

- 30.2 (four-level Job Zones): `Job Zones.txt` with every zone-1 occupation moved to zone 2 and re-dated 02/2026,
  the way the 30.2 dictionary's example rows look; `Job Zone Reference.txt` without zone 1 (4 rows). Every other
  file as in 30.1 (the 30.2 dictionary lists the same files).
- 30.3 (split and renamed files): the 30.2 folder with `Education, Training, and Experience.txt` split by Content
  Model domain into `Education.txt` (2.D.*) and `Training and Experience.txt` (3.A.*), its categories file split the
  same way (`Education Categories.txt` without Element Name, as the 30.3 dictionary's MS SQL page shows it), and
  `Alternate Titles.txt` renamed `Job Titles.txt` with its column 'Alternate Title' renamed 'Job Title'. The 30.3
  dictionary's counts of the split files (11,100 and 26,025 rows) are exactly 30.1's rows of those elements.

`derive` writes a whole release (the offline proof builds from it) or, given occupations, a small one (the
hand-made fixtures in tests/fixtures/onet_30_2 and onet_30_3 were written by `python -m tests.onet_mirror`).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

CRLF = "\r\n"
_READMES = {
    "30.2": ("O*NET 30.2 Database", "February 2026 Release"),
    "30.3": ("O*NET 30.3 Database", "May 2026 Release"),
}
_MADE = "Made by tests/onet_mirror.py from the O*NET 30.1 text files, for tests: not O*NET's data."
ETE = "Education, Training, and Experience.txt"
ETE_CATEGORIES = "Education, Training, and Experience Categories.txt"


def _read(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_bytes().decode("utf-8").removesuffix(CRLF).split(CRLF)]


def _write(path: Path, rows: list[list[str]]) -> None:
    path.write_bytes((CRLF.join("\t".join(row) for row in rows) + CRLF).encode("utf-8"))


def _keep(rows: list[list[str]], occupations: set[str] | None) -> list[list[str]]:
    """The header and, for a file keyed by O*NET-SOC Code, the rows of `occupations` (all rows when None)."""
    if occupations is None or rows[0][0] != "O*NET-SOC Code":
        return rows
    return [rows[0], *(row for row in rows[1:] if row[0] in occupations)]


def derive(source: Path, target: Path, release: str, occupations: set[str] | None = None) -> Path:
    """Write the `release` ('30.2' or '30.3') folder made from the 30.1 folder `source` into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.txt")):
        if path.name == "Read Me.txt":
            lines = path.read_bytes().decode("utf-8").split("\n")  # O*NET's Read Me ends its lines with LF alone
            (target / path.name).write_bytes("\n".join([*_READMES[release], *lines[2:4], _MADE, ""]).encode())
        else:
            _write(target / path.name, _keep(_read(path), occupations))
    zones = _read(target / "Job Zones.txt")
    _write(target / "Job Zones.txt", [zones[0], *(_four_level(row) for row in zones[1:])])
    reference = _read(target / "Job Zone Reference.txt")
    _write(target / "Job Zone Reference.txt", [row for row in reference if row[0] != "1"])
    if release == "30.3":
        _split(target)
    return target


def _four_level(row: list[str]) -> list[str]:
    return [row[0], "2", "02/2026", "Analyst"] if row[1] == "1" else row


def _split(folder: Path) -> None:
    ratings = _read(folder / ETE)
    categories = _read(folder / ETE_CATEGORIES)
    for name, domain in (("Education", "2."), ("Training and Experience", "3.")):
        _write(folder / f"{name}.txt", [ratings[0], *(r for r in ratings[1:] if r[1].startswith(domain))])
        kept = [categories[0], *(r for r in categories[1:] if r[0].startswith(domain))]
        if name == "Education":
            kept = [[r[0], *r[2:]] for r in kept]  # no Element Name column
        _write(folder / f"{name} Categories.txt", kept)
    titles = _read(folder / "Alternate Titles.txt")
    titles[0][1] = "Job Title"
    _write(folder / "Job Titles.txt", titles)
    for old in (ETE, ETE_CATEGORIES, "Alternate Titles.txt"):
        (folder / old).unlink()


def mirror_with(shared_mirror: Path, root: Path, folders: dict[str, Path]) -> Path:
    """A copy of `shared_mirror` at `root` (18 MB; the downloader refuses symlinks that leave a mirror) whose O*NET
    database folder also holds `folders` ({'db_30_2_text': path})."""
    shutil.copytree(shared_mirror, root)
    database = root / "www.onetcenter.org" / "dl_files" / "database"
    for name, path in folders.items():
        shutil.copytree(path, database / name)
    return root


FIXTURE_OCCUPATIONS = {"15-1221.00", "15-1252.00", "35-2011.00", "29-1141.00", "11-1011.00"}

if __name__ == "__main__":  # regenerate the hand-made fixtures: python -m tests.onet_mirror
    from tests.conftest import FIXTURES, MIRROR

    real = MIRROR / "www.onetcenter.org" / "dl_files" / "database" / "db_30_1_text"
    for release in sys.argv[1:] or ["30.2", "30.3"]:
        folder = FIXTURES / f"onet_{release.replace('.', '_')}"
        shutil.rmtree(folder, ignore_errors=True)
        derive(real, folder, release, FIXTURE_OCCUPATIONS)
        (folder / "Content Model Reference.txt").unlink()

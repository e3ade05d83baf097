"""What each O*NET release layout holds: the one declaration the parsers' file names, the quality gates and the
release selection derive from.

A layout names, for the releases it covers, every file the warehouse reads: its exact header, the scales its rows
use, and the row count O*NET's data dictionary documents (None where the dictionary is silent), and the Job Zone
framework its `Job Zones.txt` uses. Each fact's page is in `source`; onet_releases.md lists them and every assumption
no dictionary page confirmed. A release no layout covers is *unknown*: a build never guesses its files, it loads the
newest known release instead (or fails, when that release was pinned).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DICTIONARY = "https://www.onetcenter.org/dictionary/{release}/text/{page}.html"
DATABASE_30_2 = "https://www.onetcenter.org/database.html (O*NET 30.2 Database highlights, February 2026)"


class UnknownOnetRelease(ValueError):
    """No layout of this code covers the release: its files are not known, so nothing of it is read."""

    def __init__(self, release: str) -> None:
        self.release = release
        known = ", ".join(layout.covers for layout in LAYOUTS)
        super().__init__(
            f"O*NET {release}: its file layout is not known to this version of the warehouse (known: {known}); "
            f"pin a known release with --onet-release / SOC_WAREHOUSE_ONET_RELEASE, or update the warehouse"
        )


@dataclass(frozen=True)
class JobZoneFramework:
    """How O*NET groups occupations by preparation: which Job Zones exist. Zone 5, 'extensive preparation', is in
    both frameworks, so `job_zone_5` means the same in each."""

    name: str  # as `show` and the evidence sheet print it
    zones: tuple[int, ...]
    source: str


FIVE_LEVEL = JobZoneFramework(
    "five-level (to 30.1)",
    (1, 2, 3, 4, 5),
    "https://www.onetcenter.org/dictionary/24.2/mssql/job_zone_reference.html (5 rows, 'the five O*NET Job Zones'); "
    "the real 30.1 Job Zone Reference.txt (5 rows)",
)
FOUR_LEVEL = JobZoneFramework(
    "four-level (from 30.2)",
    (2, 3, 4, 5),
    f"{DATABASE_30_2}: 'Updated Job Zone assignments for 325 occupations, based on a new four-level framework'; "
    "which four zones: not in any dictionary page found (assumed 2-5, zone 1 merged into 2, from an inspection of "
    "the 30.3 files quoted in issue 16)",
)


@dataclass(frozen=True)
class OnetFile:
    """One file of a release, as the warehouse reads it."""

    name: str  # in the release folder and its download URL
    table: str  # the raw table it loads (several files may load one table)
    header: tuple[str, ...]  # the publisher's columns, in order
    source: str  # the dictionary page (or real file) the header and count come from
    rows: int | None = None  # the documented row count; None: the dictionary is silent
    scales: tuple[str, ...] = ()  # the Scale IDs its rows use (education and training files)
    other_headers: tuple[tuple[str, ...], ...] = ()  # headers also accepted, where the dictionary leaves it open


@dataclass(frozen=True)
class Layout:
    """The files of the releases first..last (inclusive; first None: every earlier release)."""

    first: str | None
    last: str
    files: tuple[OnetFile, ...]
    job_zones: JobZoneFramework

    @property
    def covers(self) -> str:
        if self.first is None:
            return f"up to {self.last}"
        return self.first if self.first == self.last else f"{self.first}-{self.last}"

    def file(self, name: str) -> OnetFile:
        return next(f for f in self.files if f.name == name)

    def files_of(self, table: str) -> list[OnetFile]:
        return [f for f in self.files if f.table == table]


def _page(release: str, page: str) -> str:
    return DICTIONARY.format(release=release, page=page)


_RATINGS = (
    "O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Category", "Data Value", "N", "Standard Error",
    "Lower CI Bound", "Upper CI Bound", "Recommend Suppress", "Date", "Domain Source",
)  # fmt: skip
_CATEGORIES = ("Element ID", "Element Name", "Scale ID", "Category", "Category Description")
_TITLES = ("O*NET-SOC Code", "Alternate Title", "Short Title", "Source(s)")
_REAL_30_1 = "the real 30.1 file (../shared/data, PROVENANCE.md section 1 and 9)"

# Files whose name and header no release since 30.1 changed, as far as the dictionary pages found say.
_STABLE = (
    OnetFile("Read Me.txt", "", (), _REAL_30_1),
    OnetFile("Occupation Data.txt", "onet_occupation_data", ("O*NET-SOC Code", "Title", "Description"), _REAL_30_1),
    OnetFile("Scales Reference.txt", "onet_scales", ("Scale ID", "Scale Name", "Minimum", "Maximum"), _REAL_30_1),
    OnetFile("Sample of Reported Titles.txt", "onet_reported_titles",
             ("O*NET-SOC Code", "Reported Job Title", "Shown in My Next Move"), _REAL_30_1),
    OnetFile("Task Statements.txt", "onet_task_statements",
             ("O*NET-SOC Code", "Task ID", "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source"),
             _REAL_30_1),
    OnetFile("Related Occupations.txt", "onet_related_occupations",
             ("O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"), _REAL_30_1),
)  # fmt: skip
_JOB_ZONE_REFERENCE = (
    "Job Zone", "Name", "Experience", "Education", "Job Training", "Examples", "SVP Range",
)  # fmt: skip
_JOB_ZONES = ("O*NET-SOC Code", "Job Zone", "Date", "Domain Source")


def _combined(job_zones_rows: int | None, zones_source: str, reference_rows: int, reference_source: str) -> tuple:
    """The files of the combined-education layout (up to 30.2)."""
    return (
        *_STABLE,
        OnetFile("Job Zones.txt", "onet_job_zones", _JOB_ZONES, zones_source, job_zones_rows),
        OnetFile("Job Zone Reference.txt", "onet_job_zone_reference", _JOB_ZONE_REFERENCE, reference_source,
                 reference_rows),
        OnetFile("Education, Training, and Experience.txt", "onet_education", _RATINGS, _REAL_30_1,
                 scales=("RL", "RW", "PT", "OJ", "IM")),
        OnetFile("Education, Training, and Experience Categories.txt", "onet_education_categories", _CATEGORIES,
                 _REAL_30_1, scales=("RL", "RW", "PT", "OJ")),
        OnetFile("Alternate Titles.txt", "onet_alternate_titles", _TITLES, _REAL_30_1),
    )  # fmt: skip


LAYOUTS = (
    # Every release the warehouse has read so far (29.3 and 30.1 are in ../shared/data): combined education file,
    # five Job Zones. Row counts vary by release and no older dictionary was checked: the generic bounds apply.
    Layout(None, "30.1", _combined(None, _REAL_30_1, 5, _REAL_30_1), FIVE_LEVEL),
    # 30.2 (February 2026): the same files; Job Zones moved to the four-level framework (923 rows, re-dated 02/2026).
    # Its education files are still combined: the 30.3 pages say Education.txt etc. were 'Added as a new file' in 30.3.
    Layout(
        "30.2",
        "30.2",
        _combined(923, _page("30.2", "job_zones"), 4, "assumed: one row per zone of the four-level framework"),
        FOUR_LEVEL,
    ),
    # 30.3 (May 2026): the education, training and experience files split in two pairs, Alternate Titles renamed.
    Layout(
        "30.3",
        "30.3",
        (
            *_STABLE,
            OnetFile("Job Zones.txt", "onet_job_zones", _JOB_ZONES, "issue 16 (no 30.3 job_zones page found)"),
            OnetFile("Job Zone Reference.txt", "onet_job_zone_reference", _JOB_ZONE_REFERENCE,
                     "issue 16 (no 30.3 job_zone_reference page found)", 4),
            OnetFile("Education.txt", "onet_education", _RATINGS, _page("30.3", "education"), 11_100,
                     scales=("RL", "IM")),
            OnetFile("Training and Experience.txt", "onet_education", _RATINGS,
                     _page("30.3", "training_and_experience"), 26_025, scales=("RW", "PT", "OJ", "IM")),
            OnetFile("Education Categories.txt", "onet_education_categories", _CATEGORIES,
                     "https://www.onetcenter.org/dictionary/30.3/mssql/education_categories.html", 12,
                     scales=("RL",), other_headers=(tuple(c for c in _CATEGORIES if c != "Element Name"),)),
            OnetFile("Training and Experience Categories.txt", "onet_education_categories", _CATEGORIES,
                     _page("30.3", "training_and_experience_categories"), 29, scales=("RW", "PT", "OJ")),
            OnetFile("Job Titles.txt", "onet_alternate_titles",
                     ("O*NET-SOC Code", "Job Title", "Short Title", "Source(s)"),
                     "issue 16 (third-party dictionary; no 30.3 job_titles page found)", 57_543),
        ),
        FOUR_LEVEL,
    ),
)  # fmt: skip

NEWEST_KNOWN = LAYOUTS[-1].last
_RELEASE = re.compile(r"(\d+)\.(\d+)")

# Row-count bounds of each O*NET raw table where the dictionary documents no count for the release's files.
GENERIC_ROWS = {
    "onet_occupation_data": (900, 1_200),
    "onet_job_zones": (800, 1_100),
    "onet_education": (30_000, 46_000),
    "onet_education_categories": (30, 80),
    "onet_scales": (20, 50),
    "onet_alternate_titles": (40_000, 80_000),
    "onet_reported_titles": (5_000, 12_000),
    "onet_task_statements": (15_000, 25_000),
    "onet_related_occupations": (15_000, 25_000),
}
# A documented count is the release's exact count; the bound around it allows for O*NET's corrections within a
# release (a re-posted file) without letting a different file pass.
DOCUMENTED_TOLERANCE = 0.10


def release_key(release: str) -> tuple[int, int]:
    match = _RELEASE.fullmatch(release)
    if match is None:
        raise ValueError(f"not an O*NET release number like '30.1': {release!r}")
    return int(match[1]), int(match[2])


def next_releases(release: str) -> tuple[str, str]:
    """The releases that can follow `release`, newest first: '30.1' -> ('31.0', '30.2')."""
    major, minor = release_key(release)
    return f"{major + 1}.0", f"{major}.{minor + 1}"


def release_folder(release: str) -> str:
    """'30.1' -> 'db_30_1_text', the folder O*NET publishes a release's text files in."""
    major, minor = release_key(release)
    return f"db_{major}_{minor}_text"


def layout_of(release: str | None) -> Layout:
    """The layout of `release`; raises UnknownOnetRelease for a release no layout covers."""
    key = release_key(release)
    for layout in LAYOUTS:
        if (layout.first is None or key >= release_key(layout.first)) and key <= release_key(layout.last):
            return layout
    raise UnknownOnetRelease(release)


def is_known(release: str) -> bool:
    try:
        layout_of(release)
    except UnknownOnetRelease:
        return False
    return True


def known_releases_after(release: str) -> list[str]:
    """The releases newer than `release` that a layout names explicitly (30.2, 30.3), newest first."""
    named = {r for layout in LAYOUTS for r in (layout.first, layout.last) if r is not None}
    return sorted((r for r in named if release_key(r) > release_key(release)), key=release_key, reverse=True)


def table_rows(release: str, table: str) -> tuple[int, int]:
    """The row-count bounds of raw.`table` for `release`: around the documented count of its files when the
    dictionary documents every one of them, else the generic bounds."""
    files = layout_of(release).files_of(table)
    if files and all(f.rows is not None for f in files):
        count = sum(f.rows for f in files)
        if table == "onet_job_zone_reference":
            return count, count  # one row per zone of the framework: exact
        return int(count * (1 - DOCUMENTED_TOLERANCE)), int(count * (1 + DOCUMENTED_TOLERANCE)) + 1
    return GENERIC_ROWS[table]


def table_scales(release: str, table: str) -> tuple[str, ...]:
    """The Scale IDs raw.`table`'s rows may use in `release` (the union over its files)."""
    return tuple(dict.fromkeys(s for f in layout_of(release).files_of(table) for s in f.scales))


def check_header(release: str, file_name: str, found: list[str]) -> None:
    """Raise LayoutError unless `found` is a header the release's contract gives `file_name`."""
    file = layout_of(release).file(file_name)
    accepted = (file.header, *file.other_headers)
    if tuple(found) in accepted:
        return
    expected = " or ".join(", ".join(f"'{c}'" for c in header) for header in accepted)
    raise LayoutError(
        release,
        file_name,
        f"expected the header {expected} (source: {file.source}), found {', '.join(repr(c) for c in found)}",
    )


def check_files(release: str, held: set[str]) -> None:
    """Raise LayoutError naming the first file the release's contract needs that `held` (a folder listing) lacks."""
    for file in layout_of(release).files:
        if file.name not in held:
            others = sorted(held - {f.name for f in layout_of(release).files})
            extra = f"; the folder has other files: {', '.join(others)}" if others else ""
            raise LayoutError(release, file.name, f"missing from the release folder{extra}")


class LayoutError(ValueError):
    """A release's files differ from its layout: the message names the release, the file and what was expected."""

    def __init__(self, release: str, file_name: str, problem: str) -> None:
        self.release = release
        self.file_name = file_name
        layout = layout_of(release)
        super().__init__(f"O*NET {release}: {file_name}: {problem} (the {layout.covers} layout)")


def job_zone_frameworks() -> list[dict]:
    """One row per layout: its releases (as sortable keys major * 1000 + minor; first None: every earlier one) and
    its Job Zone framework, for SQL that must tell a framework change from a re-rating (release_changes)."""
    return [
        {
            "first_release": layout.first,
            "last_release": layout.last,
            "first_key": None if layout.first is None else _sort_key(layout.first),
            "last_key": _sort_key(layout.last),
            "job_zone_framework": layout.job_zones.name,
            "job_zones": list(layout.job_zones.zones),
        }
        for layout in LAYOUTS
    ]


def _sort_key(release: str) -> int:
    major, minor = release_key(release)
    return major * 1000 + minor

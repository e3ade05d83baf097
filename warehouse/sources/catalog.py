"""The source catalog: every publisher file the warehouse reads, with its URL, format, release rule and license.

This is the one place a URL is written down. Dagster assets, the downloader, the README's source table and the
`source_releases` table all read it from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import quote

from transforms.raw import onet, onet_releases
from warehouse.sources import transfer

ONET_CC_BY = (
    "This product includes information from the O*NET {release} Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark "
    "of USDOL/ETA. soc-warehouse has modified all or some of this information. USDOL/ETA has not approved, "
    "endorsed, or tested these modifications."
)


@dataclass(frozen=True)
class SourceFile:
    """One file of a source. `kind` says what its bytes must look like (checked on download); `max_bytes` is the
    most it may have (a body past it stops the download at once), and sizes its download deadline."""

    source: str
    name: str
    url: str
    kind: str  # "xlsx" | "text" | "csv" | "pdf"
    max_bytes: int = 0  # 0: set from MAX_BYTES in source_files()

    @property
    def limits(self) -> transfer.Limits:
        """The file's download bounds: its size cap, and a deadline and minimum rate sized from it."""
        return transfer.Limits.for_size(self.max_bytes)


_KB, _MB = 1_000, 1_000_000
# The most each file may have: about four times what the publisher serves now (Nov 2026), so growth is no error
# but a wrong body (an archive, a video, an endless stream) stops at once. Keyed 'source.name'; O*NET by source.
MAX_BYTES = {
    "soc.structure": 1 * _MB,  # 52 kB
    "soc.definitions": 2 * _MB,  # 144 kB
    "onet": 40 * _MB,  # the largest, Education, Training, and Experience.txt: 3.6 MB
    "oews.area": 1 * _MB,  # 21 kB
    "oews.industry": 1 * _MB,  # 25 kB
    "oews.occupation": 1 * _MB,  # 58 kB
    "oews.datatype": 64 * _KB,  # 510 bytes
    "oews.footnote": 64 * _KB,  # 844 bytes
    "oews.release": 64 * _KB,  # 42 bytes
    "oews.data": 1_500 * _MB,  # the full file: 360 MB
    "ep.education": 5 * _MB,  # 121 kB
    "ep.occupation": 10 * _MB,  # 407 kB
    "cip.crosswalk": 10 * _MB,  # 429 kB
    "cip.codes": 20 * _MB,  # 1.1 MB
    "stem.list": 20 * _MB,  # 429 kB
}


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    license: str
    attribution: str
    release_rule: str


SOURCES: dict[str, Source] = {
    s.id: s
    for s in (
        Source(
            "soc",
            "2018 Standard Occupational Classification: structure and definitions",
            "U.S. Bureau of Labor Statistics (SOC Policy Committee)",
            "Public domain (U.S. government work)",
            "Source: U.S. Bureau of Labor Statistics, Standard Occupational Classification",
            "The SOC revision year (2018), from the file names and sheet titles.",
        ),
        Source(
            "onet",
            "O*NET database (text files)",
            "National Center for O*NET Development, for USDOL/ETA",
            "CC BY 4.0",
            ONET_CC_BY,
            "The release named on the first line of the release's `Read Me.txt` ('O*NET 30.1 Database').",
        ),
        Source(
            "oews",
            "Occupational Employment and Wage Statistics (time.series flat files)",
            "U.S. Bureau of Labor Statistics, OEWS program",
            "Public domain (U.S. government work)",
            "Source: U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics. "
            "BLS.gov cannot vouch for the data or analyses derived from these data after the data have been "
            "retrieved from BLS.gov.",
            "The release code in `oe.release` (e.g. 2025A01, the May 2025 estimates), checked against the data's year.",
        ),
        Source(
            "ep",
            "Employment Projections: education and training by occupation, occupational projections",
            "U.S. Bureau of Labor Statistics, Employment Projections program",
            "Public domain (U.S. government work)",
            "Source: Employment Projections program, U.S. Bureau of Labor Statistics",
            "The projection period in the title row of Table 5.4 and Table 1.2 (e.g. 2024-2034).",
        ),
        Source(
            "cip",
            "CIP 2020 to SOC 2018 crosswalk and CIP 2020 codes",
            "National Center for Education Statistics (with BLS)",
            "Public domain (U.S. government work)",
            "Source: U.S. Department of Education, National Center for Education Statistics, CIP 2020",
            "The CIP edition (2020) the crosswalk and code list are built on.",
        ),
        Source(
            "stem",
            "DHS STEM Designated Degree Program List",
            "U.S. Department of Homeland Security, ICE Student and Exchange Visitor Program",
            "Public domain (U.S. government work)",
            "Source: U.S. Department of Homeland Security, STEM Designated Degree Program List",
            "The list's 'Last Updated' date (e.g. 2024-07-22).",
        ),
    )
}


def file_key(file_name: str) -> str:
    """'Education, Training, and Experience.txt' -> 'education_training_and_experience'."""
    return re.sub(r"[^a-z0-9]+", "_", file_name.removesuffix(".txt").lower()).strip("_")


def onet_file_names(release: str) -> dict[str, str]:
    """The O*NET files the warehouse reads for a release (its layout decides which), keyed by `file_key`."""
    return {file_key(name): name for name in onet.onet_files(release)}


def onet_url(release: str, file_name: str) -> str:
    return f"https://www.onetcenter.org/dl_files/database/{onet_releases.release_folder(release)}/{quote(file_name)}"


_BLS_OE = "https://download.bls.gov/pub/time.series/oe/"
_NCES = "https://nces.ed.gov/ipeds/cipcode/Files/"
_EP = "https://www.bls.gov/emp/ind-occ-matrix/"
_SOC = "https://www.bls.gov/soc/2018/"


def source_files(onet_release: str) -> dict[str, SourceFile]:
    """Every file of every source, keyed 'source.key' (e.g. 'oews.data', 'onet.job_zones')."""
    files = [
        SourceFile("soc", "structure", _SOC + "soc_structure_2018.xlsx", "xlsx"),
        SourceFile("soc", "definitions", _SOC + "soc_2018_definitions.xlsx", "xlsx"),
        *(
            SourceFile("onet", key, onet_url(onet_release, name), "text")
            for key, name in onet_file_names(onet_release).items()
        ),
        *(
            SourceFile("oews", key, _BLS_OE + f"oe.{key}", "text")
            for key in ("area", "industry", "occupation", "datatype", "footnote", "release")
        ),
        SourceFile("oews", "data", _BLS_OE + "oe.data.0.Current", "text"),
        SourceFile("ep", "education", _EP + "education.xlsx", "xlsx"),
        SourceFile("ep", "occupation", _EP + "occupation.xlsx", "xlsx"),
        SourceFile("cip", "crosswalk", _NCES + "CIP2020_SOC2018_Crosswalk.xlsx", "xlsx"),
        SourceFile("cip", "codes", _NCES + "CIPCode2020.csv", "csv"),
        SourceFile("stem", "list", "https://www.ice.gov/doclib/sevis/pdf/stemList2024.pdf", "pdf"),
    ]
    return {
        f"{f.source}.{f.name}": replace(f, max_bytes=MAX_BYTES.get(f"{f.source}.{f.name}") or MAX_BYTES[f.source])
        for f in files
    }

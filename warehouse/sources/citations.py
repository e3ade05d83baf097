"""How to cite a source the way its publisher does: public pages an officer can open, and releases as written.

The warehouse stores releases as codes it can compare ('2025A01', '30.1', '2024-2034', '2024-07-22'); an evidence
sheet cites them as the publisher prints them ('May 2025', 'O*NET 30.1 (December 2025)', '2024–34',
'July 22, 2024'). The month of an O*NET release and the name of an OEWS release come from the publishers' own files
(`Read Me.txt`, `oe.release`), passed in by the caller; nothing here is a table of known releases.
"""

from __future__ import annotations

import re
from datetime import date

# Public pages, beside the raw files: what a reader can open in a browser and find the figure on.
ONET_SUMMARY = "https://www.onetonline.org/link/summary/{onet_code}"
OEWS_OCCUPATION = "https://www.bls.gov/oes/current/oes{digits}.htm"
EP_TABLE = "https://www.bls.gov/emp/tables/education-and-training-by-occupation.htm"
SOC_PAGE = "https://www.bls.gov/soc/2018/home.htm"
CIP_SOC_PAGE = "https://nces.ed.gov/ipeds/cipcode/resources.aspx"
DHS_STEM_PAGE = (
    "https://studyinthestates.dhs.gov/stem-opt-hub/additional-resources/eligible-cip-codes-for-the-stem-opt-extension"
)
BLS_STEM_PAGE = "https://www.bls.gov/oes/topics.htm#stem"


def onet_summary_url(onet_code: str) -> str:
    """'15-1221.00' -> its O*NET OnLine summary page."""
    return ONET_SUMMARY.format(onet_code=onet_code)


def oews_occupation_url(code: str) -> str:
    """'15-1221' (or an aggregate such as '31-1120') -> BLS's OEWS national page for it."""
    return OEWS_OCCUPATION.format(digits=code.replace("-", ""))


def release_label(source: str, release: str | None, name: str | None = None) -> str:
    """A release as its publisher writes it. `name` is what the publisher's own file calls it, where it has one:
    the OEWS release name from `oe.release` ('May 2025'), the month on O*NET's `Read Me.txt` ('December 2025')."""
    if release is None:
        return "not recorded"
    if source == "oews":
        return name or release
    if source == "onet":
        return f"O*NET {release} ({name})" if name else f"O*NET {release}"
    if source == "ep" and (match := re.fullmatch(r"(\d{4})-(\d{2})(\d{2})", release)):
        return f"{match.group(1)}–{match.group(3)}"  # '2024-2034' -> '2024–34', as BLS titles its tables
    if source == "stem" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", release):
        day = date.fromisoformat(release)
        return f"{day:%B} {day.day}, {day.year}"  # the list's own 'Last Updated: July 22, 2024'
    if source == "soc":
        return f"{release} SOC"
    if source == "cip":
        return f"CIP {release}"
    return release


def release_name(source: str, files: list) -> str | None:
    """The publisher's own name for a release, read from its release file among `files` (download.Fetched):
    O*NET's month from `Read Me.txt` ('December 2025'), OEWS's description from `oe.release` ('May 2025')."""
    from transforms.raw import oews, onet

    for fetched in files:
        if source == "onet" and fetched.path.name == "Read Me.txt":
            return onet.parse_readme_release(fetched.read_bytes(), fetched.path.name)[1]
        if source == "oews" and fetched.path.name == "oe.release":
            frame = oews.parse_oews_release(fetched.read_bytes(), fetched.path.name)
            return frame.item(0, "description") if frame.height == 1 else None
    return None

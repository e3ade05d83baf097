"""Which release each source's files belong to, read from the files themselves (never assumed)."""

from __future__ import annotations

from orchestration.resources import SourceFiles
from transforms.raw import cip, ep, oews, onet, soc, stem
from warehouse.sources.download import Fetched

# The file each source states its release in.
RELEASE_FILE = {
    "soc": "soc.structure",
    "onet": "onet.read_me",
    "oews": "oews.release",
    "ep": "ep.occupation",
    "cip": "cip.crosswalk",
    "stem": "stem.list",
}


def source_release(sources: SourceFiles, source: str) -> tuple[str, Fetched]:
    """(release, the file it was read from) for a catalog source."""
    fetched = sources.fetch(RELEASE_FILE[source])
    content, name = fetched.read_bytes(), fetched.path.name
    if source == "soc":
        release = soc.soc_release(content, name)
    elif source == "onet":
        release = onet.parse_readme_release(content, name)[0]
    elif source == "oews":
        release = oews.oews_release(content, name)
    elif source == "ep":
        release = ep.ep_projection_period(content, name, "Table 1.2")
    elif source == "cip":
        release = cip.cip_release(content, name)
    else:
        release = stem.stem_list_release(content, name)
    return release, fetched

"""Which release each source's files belong to, read from the files themselves (never assumed): the file and the
reader are the source's declaration (warehouse/tables/raw.py)."""

from __future__ import annotations

from orchestration.resources import SourceFiles
from warehouse.sources.download import Fetched
from warehouse.tables import Source


def source_release(sources: SourceFiles, source: Source) -> tuple[str, Fetched]:
    """(release, the file it was read from) for a source."""
    fetched = sources.fetch(source.release_file)
    return source.read_release(fetched.read_bytes(), fetched.path.name), fetched

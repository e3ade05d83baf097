"""An offline mirror at the publisher's scale: `../shared/data/mirror` with OEWS's full data file.

The shared mirror's `oe.data.0.Current` holds the national rows only (16,000 of them); BLS serves 6,023,970
(states, metro areas, industries), kept gzipped in `../shared/data/large/`. `assemble` lays out a mirror folder
with every file of the shared mirror (18 MB, copied: the downloader refuses symlinks that lead out of a mirror)
and the decompressed full data file in place of the extract, so
`socwh build --mirror DIR` runs the real download, parse, check and publish on the real publisher's volume:

    uv run python -m warehouse.sources.full_mirror /tmp/oews-full-mirror      # ~3 s, 360 MB in that folder
    uv run socwh build --mirror /tmp/oews-full-mirror

Nothing is copied into the repository: the folder goes where you say (a temporary folder in tests and benches).
The command's defaults name the shared data as the README does, `../shared/data` from the checkout's top folder;
`--mirror` and `--oews-data` name it from anywhere else.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
from pathlib import Path

SHARED_DATA = Path("..") / "shared" / "data"  # relative to the working directory: run from the checkout's top folder
SHARED_MIRROR = SHARED_DATA / "mirror"
FULL_OEWS_DATA = SHARED_DATA / "large" / "oews-2025-full" / "oe.data.0.Current.gz"
OEWS_DATA_PATH = Path("download.bls.gov/pub/time.series/oe/oe.data.0.Current")  # its place in a mirror
FULL_OEWS_ROWS = 6_023_970


def assemble(target: Path, mirror: Path, oews_data_gz: Path) -> Path:
    """Fill `target` with a copy of every file of `mirror`, except OEWS's data file: the decompressed
    `oews_data_gz` instead. Returns `target`. Re-running it refreshes every file."""
    if not mirror.is_dir():
        raise FileNotFoundError(f"no mirror folder {mirror} (the shared data beside the checkout)")
    if not oews_data_gz.is_file():
        raise FileNotFoundError(f"no full OEWS data file {oews_data_gz}")
    mirror = mirror.resolve()
    for source in sorted(mirror.rglob("*")):
        relative = source.relative_to(mirror)
        if source.is_dir() or relative == OEWS_DATA_PATH:
            continue
        copy = target / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, copy)
    data = target / OEWS_DATA_PATH
    data.parent.mkdir(parents=True, exist_ok=True)
    partial = data.with_name(data.name + ".partial")
    with gzip.open(oews_data_gz, "rb") as compressed, partial.open("wb") as plain:
        shutil.copyfileobj(compressed, plain, 16 << 20)
    os.replace(partial, data)  # never a half-written data file under the published name
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="where to lay out the mirror (created; not inside the repository)")
    parser.add_argument("--mirror", type=Path, default=SHARED_MIRROR, help=f"the base mirror (default {SHARED_MIRROR})")
    parser.add_argument(
        "--oews-data",
        type=Path,
        default=FULL_OEWS_DATA,
        help=f"the gzipped full oe.data.0.Current (default {FULL_OEWS_DATA})",
    )
    args = parser.parse_args()
    folder = assemble(args.folder, args.mirror, args.oews_data)
    print(folder)
    print(f"build it with: socwh build --mirror {folder}")


if __name__ == "__main__":
    main()

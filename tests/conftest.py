"""Shared test helpers: where the real source files are (../shared/data beside the checkout)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
MIRROR = SHARED_DATA / "mirror"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def mirror_bytes(host_path: str) -> bytes:
    """The bytes of a real publisher file from ../shared/data/mirror, e.g. 'www.bls.gov/soc/2018/soc_structure_2018.xlsx'."""
    path = MIRROR / host_path
    if not path.is_file():
        pytest.fail(f"real source file missing: {path} (../shared/data must sit beside the checkout)")
    return path.read_bytes()

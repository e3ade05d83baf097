"""Every validation test again, with the tables that may be checked in parts (raw.oews_data) split into parts of
about 5,000 rows, as the build checks the full OEWS release (warehouse.quality.validation.validate_parts): the same
failures, counts, samples, messages and reports as the table checked whole."""

import pytest

from tests.test_validation import *  # noqa: F403 (the tests themselves, collected again here)
from warehouse.quality import validation


@pytest.fixture(autouse=True)
def in_parts(monkeypatch):
    monkeypatch.setattr(validation, "PART_ROWS", 5_000)

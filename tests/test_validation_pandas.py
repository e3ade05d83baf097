"""Every validation test again, with the suites run by GE's own pandas engine (the reference) instead of Polars
(warehouse.quality.validation_polars, what a build uses): the same failures, counts, samples, messages and reports,
whichever engine runs."""

import pytest

from tests.test_validation import *  # noqa: F403 (the tests themselves, collected again here)
from warehouse.quality import validation


@pytest.fixture(autouse=True)
def pandas_engine(monkeypatch):
    monkeypatch.setattr(validation, "PANDAS_MAX_ROWS", validation.REFERENCE_MAX_ROWS)

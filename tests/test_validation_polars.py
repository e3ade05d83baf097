"""Every validation test again, with the suites run by Polars (warehouse.quality.validation_polars) instead of GE's pandas
engine: the same failures, counts, samples, messages and reports, whichever engine a table's size picks."""

import pytest

from tests.test_validation import *  # noqa: F403 (the tests themselves, collected again here)
from warehouse.quality import validation


@pytest.fixture(autouse=True)
def polars_engine(monkeypatch):
    monkeypatch.setattr(validation, "PANDAS_MAX_ROWS", -1)

"""The validation tests of a table the build checks in parts, again with parts of about 5,000 rows, as the build
checks the full OEWS release (warehouse.quality.validation.validate_parts): the same failures, counts, samples,
messages and reports as the table checked whole.

Only raw.oews_data is both declared with `parts` and larger than a part in the real files (16,560 rows; the core
table declared with parts, core.oews_estimates, has fewer rows than a part here). For every other test of
tests/test_validation.py, `validate` takes the whole-table path whatever PART_ROWS is: repeating those here ran the
same code twice (72 of 77 tests, measured with a spy on validate_parts)."""

import inspect
import re

import pytest

from tests import test_validation as whole
from tests.test_validation import (  # noqa: F401 (collected again here, in parts)
    test_missing_oews_datatype_fails,
    test_negative_wage_fails,
    test_one_missing_series_of_a_cell_fails,
    test_state_cell_needs_all_17_datatypes,
)
from warehouse.quality import validation
from warehouse.quality.expectations import partition_key

IN_PARTS = [table for table in whole.REAL_FILES if partition_key(table)]


@pytest.fixture(autouse=True)
def in_parts(monkeypatch):
    monkeypatch.setattr(validation, "PART_ROWS", 5_000)


@pytest.mark.parametrize("table", IN_PARTS)
def test_real_table_passes_its_suite(table: str):
    assert whole.real(table).height > 5_000  # else it would not be checked in parts
    whole.test_real_table_passes_its_suite(table)


def test_every_test_that_validates_a_table_checked_in_parts_is_repeated_here():
    validated = re.compile(r'validate\(\s*"([a-z_.]+)"')
    named = {
        name
        for name, test in vars(whole).items()
        if name.startswith("test_") and set(validated.findall(inspect.getsource(test))) & set(IN_PARTS)
    }
    assert IN_PARTS == ["raw.oews_data"]
    assert named == {name for name in globals() if name.startswith("test_")} - {
        "test_real_table_passes_its_suite",  # above, for the tables in parts only
        "test_every_test_that_validates_a_table_checked_in_parts_is_repeated_here",
    }

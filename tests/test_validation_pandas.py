"""Every validation test again, with the suites run by GE's own pandas engine (the reference) instead of Polars
(warehouse.quality.validation_polars, what a build uses): the same failures, counts, samples, messages and reports,
whichever engine runs.

Marked slow: GE's own engine is the reference, not what a build runs, and these tests take 2.5 times as long on it
(15.4 s against 6.0 s, in one process) as on the Polars engine the fast tier tests (tests/test_validation.py and
tests/test_validation_core.py); the whole suite runs both."""

import pytest

from tests.test_validation import *  # noqa: F403 (the tests themselves, collected again here)
from tests.test_validation_core import *  # noqa: F403
from warehouse.quality import validation

pytestmark = pytest.mark.slow

# Not repeated: they run in fresh interpreters, where the engine set below does not reach.
for _name in (
    "test_a_check_while_great_expectations_is_still_importing_in_the_background_gets_a_whole_suite",
    "test_importing_the_validation_layer_does_not_import_great_expectations",
):
    del globals()[_name]


@pytest.fixture(autouse=True)
def pandas_engine(monkeypatch):
    monkeypatch.setattr(validation, "ENGINE", "pandas")

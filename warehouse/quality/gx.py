"""Great Expectations: the package imported whole, then every name of it that the validation layer uses.

Every use of GE goes through this module, imported where it is first needed (`from warehouse.quality import gx`):
the import costs 2-8 s, which importing the validation layer must not pay.

Why one module. A build imports GE in a warm-up thread (validation.warmed_up). A check that meanwhile imported one
of GE's submodules directly (say great_expectations.expectations.expectation_configuration) got it at once, already
loaded by the other thread, while GE's registry of expectations was still incomplete: "ExpectationNotFoundError:
expect_table_row_count_to_be_between not found" failed a build in a fresh virtual environment (no .pyc files: a slow
import, a wide window). Python makes a second importer of a module wait until the first has finished executing it,
and this module is finished only once the whole package and every name below are loaded.
"""

import os

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # read when great_expectations is imported

import great_expectations  # the whole package, before any of its submodules
from great_expectations import ExpectationSuite, get_context
from great_expectations.core import ExpectationSuiteValidationResult
from great_expectations.core.expectation_validation_result import ExpectationValidationResult
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context import set_context
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)
from great_expectations.expectations.expectation_configuration import ExpectationConfiguration
from great_expectations.util import convert_to_json_serializable
from great_expectations.validator.v1_validator import Validator

VERSION = great_expectations.__version__

__all__ = [
    "VERSION",
    "ExpectationConfiguration",
    "ExpectationSuite",
    "ExpectationSuiteIdentifier",
    "ExpectationSuiteValidationResult",
    "ExpectationValidationResult",
    "ProgressBarsConfig",
    "RunIdentifier",
    "ValidationResultIdentifier",
    "Validator",
    "convert_to_json_serializable",
    "get_context",
    "set_context",
]

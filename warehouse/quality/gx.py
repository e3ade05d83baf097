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
from great_expectations.render.view.view import DefaultJinjaView
from great_expectations.util import convert_to_json_serializable
from great_expectations.validator.v1_validator import Validator
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

VERSION = great_expectations.__version__


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled code of GE's Data Docs templates, kept for the process.

    Each Data Docs view GE makes has a Jinja Environment of its own, so every site built compiled GE's templates
    again: 11 of the 14 s that the 40 one-table sites of a run started from the Dagster UI or a sensor took (a CLI
    build writes one site). Jinja keys the code by template name and source checksum, so a changed template is
    compiled anew."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self.compiled = 0  # templates compiled (and kept) so far

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:  # Jinja compiled a template this cache did not hold
        self._code[bucket.key] = bucket.bytecode_to_string()
        self.compiled += 1


COMPILED_TEMPLATES = _CompiledTemplates()
GE_VIEW_INIT = DefaultJinjaView.__init__  # GE's own (bench/data_docs.py compares with it)


def _view_with_compiled_templates(self: DefaultJinjaView, *args, **kwargs) -> None:
    GE_VIEW_INIT(self, *args, **kwargs)
    self.env.bytecode_cache = COMPILED_TEMPLATES  # read by Jinja's loaders at each template load


DefaultJinjaView.__init__ = _view_with_compiled_templates

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

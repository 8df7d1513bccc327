"""A public kit for testing rubrics and embedding code, usable without pytest.

Build a small campaign in a few lines, register plugins on a fresh host with
autoload off, and score::

    from wenming.testing import DatasetBuilder, score

    data = (DatasetBuilder()
            .add("moral-lecture", "2020-05-10")
            .add("moral-lecture", "2020-11-02", unit="east")
            .build())
    card = score(data, "provincial-18", "2020-12-31", my_plugin)

The kit's modules, by what they hold: :mod:`~wenming.testing.builder` (the
standard test system and :class:`DatasetBuilder`), :mod:`~wenming.testing.hosts`
(hosts with exactly the plugins given, or one installed entry point),
:mod:`~wenming.testing.cases` (what a case and its result are),
:mod:`~wenming.testing.case_files` (reading ``*.cases.toml``),
:mod:`~wenming.testing.run` (scoring a case and comparing) and
:mod:`~wenming.testing.rubric_check` (checking a rubric document).
Everything is importable from ``wenming.testing`` itself.
"""

from wenming.testing.builder import (
    MUNICIPAL_PHASES,
    STANDARD_APPLICANTS,
    STANDARD_UNIT_IDS,
    DatasetBuilder,
    installed_vocabulary,
)
from wenming.testing.case_files import load_cases, parse_cases
from wenming.testing.cases import (
    CASE_FILE_SUFFIX,
    DEFAULT_TOLERANCE,
    Case,
    CaseFileError,
    CaseResult,
    Expectation,
    ItemExpectation,
    Mismatch,
)
from wenming.testing.hosts import RubricPlugin, entry_point_host, make_host, score
from wenming.testing.rubric_check import check_rubric
from wenming.testing.run import import_plugins, run_case

__all__ = [
    "CASE_FILE_SUFFIX",
    "DEFAULT_TOLERANCE",
    "MUNICIPAL_PHASES",
    "STANDARD_APPLICANTS",
    "STANDARD_UNIT_IDS",
    "Case",
    "CaseFileError",
    "CaseResult",
    "DatasetBuilder",
    "Expectation",
    "ItemExpectation",
    "Mismatch",
    "RubricPlugin",
    "check_rubric",
    "entry_point_host",
    "import_plugins",
    "installed_vocabulary",
    "load_cases",
    "make_host",
    "parse_cases",
    "run_case",
    "score",
]

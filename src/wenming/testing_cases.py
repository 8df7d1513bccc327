"""The case-file kit under its first name; it now lives in :mod:`wenming.testing`.

Kept so that rubric packages written against wenming 0.1 keep importing
``from wenming.testing_cases import check_rubric, load_cases, run_case``.
New code imports the same names from ``wenming.testing``.
"""

from wenming.testing import (
    CASE_FILE_SUFFIX,
    DEFAULT_TOLERANCE,
    Case,
    CaseFileError,
    CaseResult,
    Expectation,
    ItemExpectation,
    Mismatch,
    check_rubric,
    import_plugins,
    load_cases,
    parse_cases,
    run_case,
)

__all__ = [
    "CASE_FILE_SUFFIX",
    "DEFAULT_TOLERANCE",
    "Case",
    "CaseFileError",
    "CaseResult",
    "Expectation",
    "ItemExpectation",
    "Mismatch",
    "check_rubric",
    "import_plugins",
    "load_cases",
    "parse_cases",
    "run_case",
]

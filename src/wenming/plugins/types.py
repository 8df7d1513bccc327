"""The registration types, under the name plugins and older code import them by.

They live in :mod:`wenming.plugin_types`, below the rubric compiler that reads them.
"""

from wenming.plugin_types import (
    CriterionType,
    Evaluate,
    Reporter,
    RubricSource,
    festivals_from_package,
    kinds_from_package,
)

__all__ = [
    "CriterionType",
    "Evaluate",
    "Reporter",
    "RubricSource",
    "festivals_from_package",
    "kinds_from_package",
]

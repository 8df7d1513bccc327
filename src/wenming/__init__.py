"""wenming — score civilized-unit (文明单位) creation campaigns against pluggable rubrics.

Data flows one way: files → :func:`load_dataset` → an immutable :class:`Dataset`
→ a :class:`Scorer` (rubrics and criterion types from the :class:`PluginHost`)
→ :class:`Scorecard` objects → reporters.
"""

from importlib.metadata import PackageNotFoundError, version

from wenming.dataset import Dataset
from wenming.errors import (
    DataIssue,
    DatasetError,
    PluginConflictError,
    PluginError,
    RubricError,
    UnknownKindError,
    WenmingError,
)
from wenming.loaders import load_dataset
from wenming.plugin_types import CriterionType, Reporter
from wenming.plugins import PluginHost, hookimpl
from wenming.plugins.builtins import supply
from wenming.scoring import Scorecard, Scorer, State


# The application is composed here, at the top of every layer: the built-in plugin
# answers with wenming's own criterion types and reporters, imported only when a host
# first asks, so the plugin host below them never imports up (docs/architecture.md).
def _criterion_types() -> tuple[CriterionType, ...]:
    from wenming.scoring.criteria import BUILTIN_CRITERION_TYPES

    return BUILTIN_CRITERION_TYPES


def _reporters() -> tuple[Reporter, ...]:
    from wenming.reporters import BUILTIN_REPORTERS

    return BUILTIN_REPORTERS


supply("wenming_criterion_types", _criterion_types)
supply("wenming_reporters", _reporters)

try:
    __version__ = version("wenming")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

__all__ = [
    "DataIssue",
    "Dataset",
    "DatasetError",
    "PluginConflictError",
    "PluginError",
    "PluginHost",
    "RubricError",
    "Scorecard",
    "Scorer",
    "State",
    "UnknownKindError",
    "WenmingError",
    "__version__",
    "hookimpl",
    "load_dataset",
]

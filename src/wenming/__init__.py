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
from wenming.plugins import PluginHost, hookimpl
from wenming.scoring import Scorecard, Scorer, State

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

"""wenming — score civilized-unit (文明单位) creation campaigns against pluggable rubrics.

Data flows one way: files → :func:`load_dataset` → an immutable :class:`Dataset`
→ a :class:`Scorer` (rubrics and criterion types from the :class:`PluginHost`)
→ :class:`Scorecard` objects → reporters.

The public names below are resolved on first use (PEP 562): ``wenming --help``
and every module that imports one corner of the package would otherwise pay
for numpy, the loaders and the plugin host on start-up (#22).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from wenming.plugins.supplied import supply

if TYPE_CHECKING:
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
    from wenming.scoring import Scorecard, Scorer, State

    __version__: str

#: Where each public name lives; imported when first asked for.
_LAZY: dict[str, str] = {
    "Dataset": "wenming.dataset",
    "DataIssue": "wenming.errors",
    "DatasetError": "wenming.errors",
    "PluginConflictError": "wenming.errors",
    "PluginError": "wenming.errors",
    "RubricError": "wenming.errors",
    "UnknownKindError": "wenming.errors",
    "WenmingError": "wenming.errors",
    "load_dataset": "wenming.loaders",
    "PluginHost": "wenming.plugins",
    "hookimpl": "wenming.plugins",
    "Scorecard": "wenming.scoring",
    "Scorer": "wenming.scoring",
    "State": "wenming.scoring",
}


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


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("wenming")
        except PackageNotFoundError:  # running from a source tree without installation
            found = "0.0.0+unknown"
        globals()["__version__"] = found
        return found
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'wenming' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "__version__"})


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

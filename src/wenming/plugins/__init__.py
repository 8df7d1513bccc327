"""wenming's plugin system: hook markers, registration types and the host.

A plugin is a module (or object) with functions marked ``@hookimpl``, declared
as an entry point of the ``wenming`` group::

    [project.entry-points.wenming]
    municipal-plan = "wenming_rubric_municipal_plan.plugin"

See :mod:`wenming.plugins.hookspec` for the hooks. The names are resolved on
first use (PEP 562), so importing one submodule (``wenming/__init__.py``
imports :mod:`wenming.plugins.builtins`) does not load the host (#22).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wenming.plugin_types import (
        CriterionType,
        Reporter,
        RubricSource,
        festivals_from_package,
        kinds_from_package,
    )
    from wenming.plugins.hookspec import hookimpl
    from wenming.plugins.manager import BrokenPlugin, PluginHost, PluginInfo, PluginProblem

_LAZY: dict[str, str] = {
    "CriterionType": "wenming.plugin_types",
    "Reporter": "wenming.plugin_types",
    "RubricSource": "wenming.plugin_types",
    "festivals_from_package": "wenming.plugin_types",
    "kinds_from_package": "wenming.plugin_types",
    "hookimpl": "wenming.plugins.hookspec",
    "BrokenPlugin": "wenming.plugins.manager",
    "PluginHost": "wenming.plugins.manager",
    "PluginInfo": "wenming.plugins.manager",
    "PluginProblem": "wenming.plugins.manager",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'wenming.plugins' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "BrokenPlugin",
    "CriterionType",
    "PluginHost",
    "PluginInfo",
    "PluginProblem",
    "Reporter",
    "RubricSource",
    "festivals_from_package",
    "hookimpl",
    "kinds_from_package",
]

"""wenming's plugin system: hook markers, registration types and the host.

A plugin is a module (or object) with functions marked ``@hookimpl``, declared
as an entry point of the ``wenming`` group::

    [project.entry-points.wenming]
    municipal-plan = "wenming_rubric_municipal_plan.plugin"

See :mod:`wenming.plugins.hookspec` for the hooks.
"""

from wenming.plugin_types import (
    CriterionType,
    Reporter,
    RubricSource,
    festivals_from_package,
    kinds_from_package,
)
from wenming.plugins.hookspec import hookimpl
from wenming.plugins.manager import BrokenPlugin, PluginHost, PluginInfo, PluginProblem

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

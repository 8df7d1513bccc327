"""wenming's plugin system: hook markers, registration types and the host.

A plugin is a module (or object) with functions marked ``@hookimpl``, declared
as an entry point of the ``wenming`` group::

    [project.entry-points.wenming]
    municipal-plan = "wenming_rubric_municipal_plan.plugin"

See :mod:`wenming.plugins.hookspec` for the hooks.
"""

from wenming.plugins.hookspec import hookimpl
from wenming.plugins.manager import PluginHost, PluginInfo
from wenming.plugins.types import CriterionType, Reporter, RubricSource

__all__ = [
    "CriterionType",
    "PluginHost",
    "PluginInfo",
    "Reporter",
    "RubricSource",
    "hookimpl",
]

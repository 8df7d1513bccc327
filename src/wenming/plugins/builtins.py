"""The built-in plugin: wenming's own kinds, criterion types and reporters.

The core registers its features through the same hooks as third-party
plugins, so nothing a plugin can do is reserved to the core. The host sits
below scoring and the reporters, so it never imports them: whoever composes
the application supplies them with :func:`supply` — ``wenming/__init__.py``,
which every import of wenming runs first, as datasette and llm list their
default plugins in the application rather than in the plugin manager. The
suppliers are called inside the hooks: loading the host (for ``wenming
plugins``, say) should not pay for, or fail on, modules it does not use.
The registry itself is :mod:`wenming.plugins.supplied`, which imports nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from wenming.model.vocabulary import EvidenceKind, base_kinds
from wenming.plugin_types import CriterionType, Reporter
from wenming.plugins.hookspec import hookimpl
from wenming.plugins.supplied import SUPPLIED_HOOKS, supplied, supply

__all__ = ["SUPPLIED_HOOKS", "supply"]

@hookimpl
def wenming_evidence_kinds() -> Iterable[EvidenceKind]:
    return base_kinds()


@hookimpl
def wenming_criterion_types() -> Iterable[CriterionType]:
    return supplied("wenming_criterion_types")


@hookimpl
def wenming_reporters() -> Iterable[Reporter]:
    return supplied("wenming_reporters")

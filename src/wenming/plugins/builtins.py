"""The built-in plugin: wenming's own kinds, criterion types and reporters.

The core registers its features through the same hooks as third-party
plugins, so nothing a plugin can do is reserved to the core. The host sits
below scoring and the reporters, so it never imports them: whoever composes
the application supplies them with :func:`supply` — ``wenming/__init__.py``,
which every import of wenming runs first, as datasette and llm list their
default plugins in the application rather than in the plugin manager. The
suppliers are called inside the hooks: loading the host (for ``wenming
plugins``, say) should not pay for, or fail on, modules it does not use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from wenming.model.vocabulary import EvidenceKind, base_kinds
from wenming.plugin_types import CriterionType, Reporter
from wenming.plugins.hookspec import hookimpl

__all__ = ["SUPPLIED_HOOKS", "supply"]

#: The hooks whose built-in answers come from the layers above the host.
SUPPLIED_HOOKS = ("wenming_criterion_types", "wenming_reporters")

_suppliers: dict[str, Callable[[], Iterable[object]]] = {}


def supply(hook_name: str, supplier: Callable[[], Iterable[object]]) -> None:
    """Have the built-in plugin answer ``hook_name`` with what ``supplier()`` returns.

    ``hook_name`` is one of :data:`SUPPLIED_HOOKS`; a second supplier for the
    same hook replaces the first.
    """
    if hook_name not in SUPPLIED_HOOKS:
        raise ValueError(f"the built-in plugin is not supplied for {hook_name!r}; "
                         f"expected one of {', '.join(SUPPLIED_HOOKS)}")
    _suppliers[hook_name] = supplier


def _supplied(hook_name: str) -> Iterable[Any]:
    # The host checks the type of every item a hook returns, built-in or not.
    supplier = _suppliers.get(hook_name)
    return () if supplier is None else supplier()


@hookimpl
def wenming_evidence_kinds() -> Iterable[EvidenceKind]:
    return base_kinds()


@hookimpl
def wenming_criterion_types() -> Iterable[CriterionType]:
    return _supplied("wenming_criterion_types")


@hookimpl
def wenming_reporters() -> Iterable[Reporter]:
    return _supplied("wenming_reporters")

"""Who answers the built-in plugin's supplied hooks (see :mod:`wenming.plugins.builtins`).

A module of its own, importing nothing, so ``wenming/__init__.py`` can
register the suppliers on every import of wenming without loading pluggy,
the model or the host (#22).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["SUPPLIED_HOOKS", "supplied", "supply"]

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


def supplied(hook_name: str) -> Iterable[Any]:
    """What the supplier of ``hook_name`` returns; nothing when none was supplied."""
    # The host checks the type of every item a hook returns, built-in or not.
    supplier = _suppliers.get(hook_name)
    return () if supplier is None else supplier()

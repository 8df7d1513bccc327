"""The domain model: units, campaigns, phases, tasks, evidence and their vocabulary.

The names are resolved on first use (PEP 562): ``wenming.model.labels`` is
imported by every CLI module, and should not bring the calendar (pendulum)
and the vocabulary with it (#22).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wenming.model.campaign import Campaign, Duty, GroupMember, Phase, Role, Task
    from wenming.model.evidence import Attachment, Evidence, Origin
    from wenming.model.labels import Label, Lang
    from wenming.model.tailoring import Overlay, Waiver
    from wenming.model.units import Unit, UnitKind, UnitTree
    from wenming.model.vocabulary import EvidenceKind, Vocabulary, base_kinds

_LAZY: dict[str, str] = {
    **dict.fromkeys(("Campaign", "Duty", "GroupMember", "Phase", "Role", "Task"),
                   "campaign"),
    **dict.fromkeys(("Attachment", "Evidence", "Origin"), "evidence"),
    **dict.fromkeys(("Label", "Lang"), "labels"),
    **dict.fromkeys(("Overlay", "Waiver"), "tailoring"),
    **dict.fromkeys(("Unit", "UnitKind", "UnitTree"), "units"),
    **dict.fromkeys(("EvidenceKind", "Vocabulary", "base_kinds"), "vocabulary"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'wenming.model' has no attribute {name!r}")
    value = getattr(import_module(f"wenming.model.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Attachment",
    "Campaign",
    "Duty",
    "Evidence",
    "EvidenceKind",
    "GroupMember",
    "Label",
    "Lang",
    "Origin",
    "Overlay",
    "Phase",
    "Role",
    "Task",
    "Unit",
    "UnitKind",
    "UnitTree",
    "Vocabulary",
    "Waiver",
    "base_kinds",
]

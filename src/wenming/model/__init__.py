"""The domain model: units, campaigns, phases, tasks, evidence and their vocabulary."""

from wenming.model.campaign import Campaign, Duty, GroupMember, Phase, Role, Task
from wenming.model.evidence import Attachment, Evidence, Origin
from wenming.model.labels import Label, Lang
from wenming.model.tailoring import Overlay, Waiver
from wenming.model.units import Unit, UnitKind, UnitTree
from wenming.model.vocabulary import EvidenceKind, Vocabulary, base_kinds

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

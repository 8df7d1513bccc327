"""A creation campaign: its applicants, dated phases, tasks and leading group."""

from __future__ import annotations

import enum
from datetime import date

from attrs import field, frozen

from wenming.calendar import CAMPAIGN_TZ, DateWindow
from wenming.model.labels import Label


@frozen
class Phase:
    """A dated step of the plan (前期准备, 宣传发动 …) and what it should produce."""

    id: str
    name: Label
    window: DateWindow
    deliverables: tuple[str, ...] = ()

    @property
    def start(self) -> date:
        return self.window.start

    @property
    def end(self) -> date:
        return self.window.end


@frozen
class Task:
    """A main task of the plan, owned by units and shown by evidence kinds."""

    id: str
    title: Label
    owners: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


class Role(enum.Enum):
    """Roles in the creation leading group (创建工作领导小组)."""

    LEADER = "leader"
    DEPUTY = "deputy"
    MEMBER = "member"
    OFFICE_DIRECTOR = "office-director"

    @property
    def label(self) -> Label:
        return _ROLE_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        key = text.strip().lower().replace("_", "-")
        for role in cls:
            if key in (role.value, role.label.zh, role.label.en.lower()):
                return role
        if key in _ROLE_ALIASES:
            return _ROLE_ALIASES[key]
        accepted = ", ".join(r.value for r in cls)
        raise ValueError(f"unknown leading-group role {text!r}; expected one of {accepted}")


_ROLE_LABELS = {
    Role.LEADER: Label("组长", "Leader"),
    Role.DEPUTY: Label("副组长", "Deputy leader"),
    Role.MEMBER: Label("成员", "Member"),
    Role.OFFICE_DIRECTOR: Label("办公室主任", "Office director"),
}
_ROLE_ALIASES = {"deputy-leader": Role.DEPUTY, "director": Role.OFFICE_DIRECTOR}


@frozen
class GroupMember:
    """A seat in the leading group: the unit it represents and the role held.

    ``position`` is the office the person holds, as written (``党组书记、局长``,
    ``法规处处长``): plans give seats to office holders, so a rubric can check it.
    """

    unit: str
    role: Role
    person: str | None = None
    position: str | None = None


@frozen
class Campaign:
    """A campaign for a civilized-unit title, run by one or more applicant units.

    The applicants and every unit under them take part; evidence of any of
    those units counts for the campaign.
    """

    id: str
    title: Label
    level: str
    applicants: tuple[str, ...]
    window: DateWindow
    phases: tuple[Phase, ...] = ()
    tasks: tuple[Task, ...] = ()
    leading_group: tuple[GroupMember, ...] = ()
    timezone: str = CAMPAIGN_TZ
    office_unit: str | None = None
    #: The date the application is filed (申报日期): vetoes look back from it.
    declaration: date | None = field(default=None, kw_only=True)
    _phase_index: dict[str, Phase] = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_phase_index", {p.id: p for p in self.phases})

    @property
    def start(self) -> date:
        return self.window.start

    @property
    def end(self) -> date:
        return self.window.end

    def phase(self, phase_id: str) -> Phase:
        try:
            return self._phase_index[phase_id]
        except KeyError:
            known = ", ".join(self._phase_index) or "none"
            raise KeyError(f"campaign {self.id!r} has no phase {phase_id!r}; phases: {known}") \
                from None

    def has_phase(self, phase_id: str) -> bool:
        return phase_id in self._phase_index

    def phases_on(self, day: date) -> tuple[Phase, ...]:
        """The phase or phases that ``day`` falls in (two in a shared boundary month)."""
        return tuple(p for p in self.phases if p.window.contains(day))

    def members(self, role: Role) -> tuple[GroupMember, ...]:
        return tuple(m for m in self.leading_group if m.role is role)

    def responsible_unit(self) -> str:
        """Who owns a shortfall nobody else owns: the leading group's office."""
        if self.office_unit:
            return self.office_unit
        directors = self.members(Role.OFFICE_DIRECTOR)
        return directors[0].unit if directors else self.applicants[0]

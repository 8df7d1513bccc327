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
    """A main task of the plan, owned by units and shown by evidence kinds.

    ``person`` is the 责任人 the plan names for it, passed through to reports.
    """

    id: str
    title: Label
    owners: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    person: str | None = None


@frozen
class Duty:
    """Who answers for one rubric item or criterion (任务分工): ``target`` is an item
    code or criterion id, ``rubric`` the rubric it belongs to (any rubric when None).

    ``source`` says where it was written (``campaign.toml`` or a workbook's sheet),
    so a report can tell a reader where to change it.
    """

    target: str
    owners: tuple[str, ...]
    rubric: str | None = None
    person: str | None = None
    source: str = "campaign.toml"


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
    ``start`` and ``end`` (both inclusive, either may be open) say when the person
    held the seat, so a succession or a vacancy during the campaign can be shown.
    """

    unit: str
    role: Role
    person: str | None = None
    position: str | None = None
    start: date | None = field(default=None, kw_only=True)
    end: date | None = field(default=None, kw_only=True)

    def seated_on(self, day: date) -> bool:
        """Whether the seat is held on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


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
    #: Owners named per rubric item or criterion (see :class:`Duty`).
    duties: tuple[Duty, ...] = field(default=(), kw_only=True)
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

    def office(self) -> GroupMember | None:
        """The leading group's office (领导小组办公室), charged with the daily work.

        Its unit is ``office`` of the campaign file, else the office director's unit;
        its person is the office director's, when the leading group names one.
        """
        directors = self.members(Role.OFFICE_DIRECTOR)
        if self.office_unit:
            person = next((d.person for d in directors if d.unit == self.office_unit), None)
            return GroupMember(self.office_unit, Role.OFFICE_DIRECTOR, person)
        return directors[0] if directors else None

    @property
    def top_unit(self) -> str:
        """The campaign's top unit: its first applicant."""
        return self.applicants[0]

    def responsible_unit(self) -> str:
        """Who owns a shortfall nobody else owns: the leading group's office, else the
        campaign's top unit."""
        office = self.office()
        return office.unit if office is not None else self.top_unit

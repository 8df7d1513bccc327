"""The ``leading-group`` criterion type: is the creation leading group staffed as the plan says?

The plan's first safeguard has the bureau's party secretary and director lead
the group, a deputy leader, an office with a named director, and as members
the heads of the bureau's own divisions and directly affiliated units. The
group is declared in the campaign file rather than archived as dated
records, so this criterion reads the campaign: one check per required role
and one per unit that must have a seat.

What the campaign file can show, and so what is checked:

- the group as it stands on the scoring date (the as-of date, or the
  campaign's last day when that is earlier): a seat with ``from``/``until``
  dates counts only while it is held, so a succession or a vacancy shows;
- a role in ``bureau_roles`` (leader and deputy by default) counts only when
  it sits for the bureau itself (an applicant of kind ``bureau``), because
  the plan gives those seats to the bureau's own leadership;
- every seat the plan fills with a named office holder (the three roles and
  each member) must name its person — an anonymous seat shows nobody;
- seats are demanded only of the divisions and affiliated units of the
  bureau itself, never of units under a dispatched sub-bureau;
- the leader seats together must name every title in ``leader_positions``
  (书记 and 局长, whether one person holds both or two do);
- a unit is represented by its head: a seat whose ``position`` has a part
  (between 、 or ，) that ends with a head title of the unit's kind
  (``head_titles``: any title ending in 长, 主任, 书记 or 负责人 for a division —
  so 馆长, 团长, 站长 count without being listed) or with the head title the
  units file declares for the unit (attribute ``head_title``), and that is
  not a deputy's (副). A part that names a unit (``局机关党委书记``) speaks for
  that unit, whatever seat it is written on: the seed's own deputy leader is
  the party committee's head, so the party committee needs no second seat.

A seat whose ``position`` is left out is taken at the file's word
(``unstated_position = "count"``, the rubric's choice; ``"fail"`` is the
strict reading); the finding says it was not checked, and ``wenming
validate`` warns about it at its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from attrs import field, frozen

from wenming.model import GroupMember, Label, Role, UnitKind
from wenming.plugins import CriterionType
from wenming.scoring import Check, EvalContext

__all__ = ["LEADING_GROUP", "LeadingGroupParams", "evaluate", "holds_title"]

# The plan sets the group up in its preparation phase; before that phase has
# ended an empty seat is still on time.
_SETUP_PHASE = "preparation"

#: Head titles by unit kind: a title is a suffix, so "长" holds 处长, 馆长, 站长 and 团长.
DEFAULT_HEAD_TITLES: Mapping[str, tuple[str, ...]] = {
    "bureau": ("局长", "书记"),
    "dispatched": ("局长", "书记"),
    "division": ("长", "主任", "书记", "负责人"),
    "affiliated": ("长", "主任", "书记", "负责人"),
    "other": ("长", "主任", "书记", "负责人"),
}
_UNSTATED = ("count", "fail")
_PARTS = re.compile(r"[、，,；;/\s]+|兼")


def _roles(value: object) -> tuple[str, ...]:
    names = _names(value, "roles")
    for name in names:
        Role.parse(name)  # raises ValueError naming the accepted roles
    return names


def _bureau_roles(value: object) -> tuple[str, ...]:
    names = _names(value, "bureau_roles")
    for name in names:
        Role.parse(name)
    return names


def _unit_kinds(value: object) -> tuple[str, ...]:
    names = _names(value, "member_unit_kinds")
    for name in names:
        UnitKind.parse(name)  # raises ValueError naming the accepted kinds
    return names


def _titles(value: object) -> tuple[str, ...]:
    return _names(value, "titles")


def _head_titles(value: object) -> Mapping[str, tuple[str, ...]]:
    """A table of unit kind → titles; a plain list applies to every kind."""
    if isinstance(value, Mapping):
        out = dict(DEFAULT_HEAD_TITLES)
        for kind, titles in value.items():
            out[UnitKind.parse(str(kind)).value] = _names(titles, f"head_titles.{kind}")
        return out
    titles = _names(value, "head_titles")
    return {kind.value: titles for kind in UnitKind}


def _unstated(value: object) -> str:
    if value not in _UNSTATED:
        raise ValueError(f"unstated_position must be one of {', '.join(_UNSTATED)}, "
                         f"got {value!r}")
    return str(value)


def _names(value: object, what: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValueError(f"{what} must be a list of strings, got {value!r}")
    if not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of strings, got {value!r}")
    return tuple(value)


@frozen
class LeadingGroupParams:
    """Parameters of a ``leading-group`` criterion.

    ``roles`` must each be held by a named person (leader, deputy, member,
    office-director or their Chinese names); those also in ``bureau_roles``
    must sit for the bureau itself. Every unit of one of ``member_unit_kinds``
    belonging to the bureau (not to a dispatched sub-bureau) must hold a seat
    with a named person who is its head (``head_titles`` by unit kind).
    """

    roles: tuple[str, ...] = field(
        default=("leader", "deputy", "office-director"), converter=_roles)
    bureau_roles: tuple[str, ...] = field(default=("leader", "deputy"), converter=_bureau_roles)
    member_unit_kinds: tuple[str, ...] = field(
        default=("division", "affiliated"), converter=_unit_kinds)
    leader_positions: tuple[str, ...] = field(default=("书记", "局长"), converter=_titles)
    head_titles: Mapping[str, tuple[str, ...]] = field(
        factory=lambda: dict(DEFAULT_HEAD_TITLES), converter=_head_titles)
    unstated_position: str = field(default="count", converter=_unstated)


def _parts(position: str) -> list[str]:
    return [p for p in _PARTS.split(position) if p]


def _is_head(part: str, titles: Sequence[str]) -> bool:
    return "副" not in part and any(part.endswith(t) for t in titles)


def holds_title(position: str | None, titles: Sequence[str]) -> bool:
    """Whether a part of ``position`` ends with one of ``titles`` and is not a deputy's (副).

    ``党组书记、局长`` holds 局长; ``副局长`` and ``机关党委副书记`` hold neither.
    """
    return bool(position) and any(_is_head(p, titles) for p in _parts(position or ""))


def evaluate(params: LeadingGroupParams, ctx: EvalContext) -> list[Check]:
    """One check per required role, then one per division/affiliated unit needing a seat."""
    campaign = ctx.campaign
    deadline = campaign.phase(_SETUP_PHASE).end if campaign.has_phase(_SETUP_PHASE) else None
    due = deadline is None or deadline <= ctx.as_of
    day = min(ctx.as_of, campaign.end)
    group = _Group(params, ctx, day)
    at_bureau = {Role.parse(name) for name in params.bureau_roles}
    checks = [group.role_check(role, role in at_bureau, due, deadline)
              for role in (Role.parse(name) for name in params.roles)]
    checks.extend(group.seat_checks(due, deadline))
    return checks


class _Group:
    """The group on ``day``, read once for every check of one evaluation."""

    def __init__(self, params: LeadingGroupParams, ctx: EvalContext, day: date) -> None:
        self.params = params
        self.ctx = ctx
        self.day = day
        self.all = ctx.campaign.leading_group
        self.seated = [m for m in self.all if m.seated_on(day)]
        self.bureaus = _bureaus(ctx)

    # -- roles --------------------------------------------------------------------------
    def role_check(self, role: Role, at_bureau: bool, due: bool,
                   deadline: date | None) -> Check:
        ctx = self.ctx
        ever = [m for m in self.all if m.role is role]
        holders = [m for m in self.seated if m.role is role]
        placed = [m for m in holders if not at_bureau or m.unit in self.bureaus]
        named = [m for m in placed if _named(m)]
        titles = self.params.leader_positions if role is Role.LEADER else ()
        stated = [m for m in named if m.position]
        unstated_ok = self.params.unstated_position == "count"
        missing = [t for t in titles if not any(holds_title(m.position, (t,)) for m in stated)]
        if not stated and unstated_ok:
            missing = []
        qualified = [] if missing else named
        label = Label(f"领导小组{role.label.zh}", f"Leading group {role.label.en.lower()}")
        note: Label | None = None
        if not holders:
            note = _vacancy(ever, self.day)
        elif not placed:
            where = ctx.unit_label(holders[0].unit)
            note = Label(f"由{where.zh}担任，应由局机关领导担任",
                         f"held for {where.en}; the plan gives it to the bureau's own leadership")
        elif not named:
            note = Label("未写明姓名", "no person named")
        elif missing and not stated:
            note = Label("未写明职务，应由" + "、".join(titles) + "担任",
                         "position not stated; the plan gives it to the " + "、".join(titles))
        elif missing:
            note = Label("职务未含" + "、".join(missing) + "，应由" + "、".join(titles) + "担任",
                         "the position does not include " + "、".join(missing)
                         + "; the plan gives it to the " + "、".join(titles))
        elif titles and not stated:
            note = _UNCHECKED
        shown = qualified or placed or holders
        return Check(label=label, required=1, found=len(qualified), due=due,
                     unit=shown[0].unit if shown else None, deadline=deadline, note=note)

    # -- member seats -------------------------------------------------------------------
    def seat_checks(self, due: bool, deadline: date | None) -> list[Check]:
        ctx = self.ctx
        units = ctx.dataset.units
        wanted = {UnitKind.parse(name) for name in self.params.member_unit_kinds}
        own = _bureau_units(ctx)
        required = [uid for uid in dict.fromkeys(ctx.units)
                    if units[uid].kind in wanted and uid in own]
        headed, unchecked, not_head, anonymous = self._heads(required)
        by_unit: dict[str, list[GroupMember]] = {}
        for member in self.all:
            by_unit.setdefault(member.unit, []).append(member)
        checks: list[Check] = []
        for uid in required:
            name = ctx.unit_label(uid)
            found = 1 if uid in headed or uid in unchecked else 0
            note: Label | None
            if found:
                note = None if uid in headed else _UNCHECKED
            elif uid in not_head:
                note = Label(f"成员非该单位负责人（职务应为{self._title_hint(uid)}，不含副职）",
                             f"the member is not the unit's head (a {self._title_hint(uid)} "
                             "title, not a deputy's, is expected)")
            elif uid in anonymous:
                note = Label("成员未写明姓名", "member not named")
            else:
                ever = by_unit.get(uid)
                note = _vacancy(ever, self.day) if ever else Label("无成员", "no member")
            checks.append(Check(
                label=Label(f"领导小组成员：{name.zh}", f"Leading group member from {name.en}"),
                required=1, found=found, due=due, unit=uid, deadline=deadline, note=note))
        return checks

    def _titles(self, uid: str) -> tuple[str, ...]:
        unit = self.ctx.dataset.units[uid]
        declared = unit.attributes.get("head_title")
        extra = tuple(_parts(declared)) if isinstance(declared, str) else ()
        return (*self.params.head_titles.get(unit.kind.value, ()), *extra)

    def _title_hint(self, uid: str) -> str:
        return "、".join(t if len(t) > 1 else f"…{t}" for t in self._titles(uid))

    def _heads(self, required: Sequence[str]
               ) -> tuple[set[str], set[str], set[str], set[str]]:
        """Units headed by a named seat, taken unchecked, held by a non-head, or anonymous."""
        units = self.ctx.dataset.units
        by_name = {units[uid].name.zh: uid for uid in required if units[uid].name.zh}
        headed: set[str] = set()
        unchecked: set[str] = set()
        not_head: set[str] = set()
        anonymous: set[str] = set()
        for member in self.seated:
            if not _named(member):
                anonymous.add(member.unit)
                continue
            if not member.position:
                if self.params.unstated_position == "count":
                    unchecked.add(member.unit)
                else:
                    not_head.add(member.unit)
                continue
            heads_own = False
            for part in _parts(member.position):
                target = _named_unit(part, by_name) or member.unit
                if target in units and _is_head(part, self._titles(target)):
                    headed.add(target)
                    heads_own = heads_own or target == member.unit
            if not heads_own:
                not_head.add(member.unit)
        return headed, unchecked - headed, not_head, anonymous


def _named_unit(part: str, by_name: Mapping[str, str]) -> str | None:
    """The unit whose name is the longest run of ``part`` (``局机关党委书记`` → 机关党委).

    Looks the runs of the part up rather than scanning every unit's name, so a group
    of thousands of seats costs the same per seat as a group of ten.
    """
    text = part[:_MAX_PART]
    for length in range(len(text), 0, -1):
        for start in range(len(text) - length + 1):
            found = by_name.get(text[start:start + length])
            if found is not None:
                return found
    return None


#: Positions are short; a longer part is cut here so that its runs stay few.
_MAX_PART = 40

_UNCHECKED = Label("职务未写明，未核对是否负责人", "position not stated, so not checked")


def _vacancy(ever: Sequence[GroupMember], day: date) -> Label:
    """Why nobody holds a seat on ``day`` that someone held or will hold."""
    if not ever:
        return Label("未明确", "not appointed")
    ended = [m.end for m in ever if m.end is not None and m.end < day]
    later = [m.start for m in ever if m.start is not None and m.start > day]
    if ended and not later:
        last = max(ended)
        return Label(f"{last.isoformat()}起空缺", f"vacant since {last.isoformat()}")
    if later:
        first = min(later)
        return Label(f"{first.isoformat()}起才任职", f"not seated until {first.isoformat()}")
    return Label("未明确", "not appointed")


def _bureaus(ctx: EvalContext) -> set[str]:
    units = ctx.dataset.units
    return {uid for uid in ctx.campaign.applicants
            if uid in units and units[uid].kind is UnitKind.BUREAU}


def _named(member: GroupMember) -> bool:
    return bool(member.person and member.person.strip())


def _bureau_units(ctx: EvalContext) -> set[str]:
    """Units in scope that belong to a bureau applicant without a sub-bureau in between.

    Each unit's answer is its parent's: under a bureau yes, under a sub-bureau no,
    otherwise whatever the parent's parent says. Answers are remembered along every
    path walked, so a deep tree costs one step per unit, not one per ancestor.
    """
    bureaus = _bureaus(ctx)
    units = ctx.dataset.units
    # below[x]: does a unit whose parent is x belong to a bureau directly?
    below: dict[str, bool] = {}
    own: set[str] = set()
    for uid in ctx.units:
        path: list[str] = []
        current = units[uid].parent
        answer = False
        while current is not None:
            if current in below:
                answer = below[current]
                break
            if current in bureaus:
                answer = True
                below[current] = True
                break
            if units[current].kind is UnitKind.DISPATCHED:
                below[current] = False
                break
            path.append(current)
            current = units[current].parent
        for step in path:
            below[step] = answer
        if answer:
            own.add(uid)
    return own


LEADING_GROUP = CriterionType(
    name="leading-group",
    params=LeadingGroupParams,
    evaluate=evaluate,
    summary=Label(
        "创建工作领导小组配齐：局机关领导任组长、副组长，办公室主任具名，局机关各处室和直属单位负责人均为成员",
        "Leading group staffed as planned: leader and deputy from the bureau's leadership, a "
        "named office director, and the head of each of the bureau's own divisions and "
        "affiliated units as a member"),
    kinds_param=None,
)

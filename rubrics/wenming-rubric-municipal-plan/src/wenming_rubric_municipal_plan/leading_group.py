"""The ``leading-group`` criterion type: is the creation leading group staffed as the plan says?

The plan's first safeguard has the bureau's party secretary and director lead
the group, a deputy leader, an office with a named director, and as members
the heads of the bureau's own divisions and directly affiliated units. The
group is declared in the campaign file rather than archived as dated
records, so this criterion reads the campaign: one check per required role
and one per unit that must have a seat.

What the campaign file can show, and so what is checked:

- a role in ``bureau_roles`` (leader and deputy by default) counts only when
  it sits for the bureau itself (an applicant of kind ``bureau``), because
  the plan gives those seats to the bureau's own leadership;
- every seat the plan fills with a named office holder (the three roles and
  each member) must name its person — an anonymous seat shows nobody;
- seats are demanded only of the divisions and affiliated units of the
  bureau itself, never of units under a dispatched sub-bureau.

- each seat states the holder's ``position``: together the leader seats must
  name every title in ``leader_positions`` (the party secretary *and* the
  director, 书记 and 局长, whether one person holds both or two do), and a
  member counts for a unit only when its position names a head's title from
  ``head_titles`` (处长, 主任, 科长 … — a deputy, 副处长, is not the head).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from attrs import field, frozen

from wenming.model import GroupMember, Label, Role, UnitKind
from wenming.plugins import CriterionType
from wenming.scoring import Check, EvalContext

__all__ = ["LEADING_GROUP", "LeadingGroupParams", "evaluate"]

# The plan sets the group up in its preparation phase; before that phase has
# ended an empty seat is still on time.
_SETUP_PHASE = "preparation"


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
    with a named person.
    """

    roles: tuple[str, ...] = field(
        default=("leader", "deputy", "office-director"), converter=_roles)
    bureau_roles: tuple[str, ...] = field(default=("leader", "deputy"), converter=_bureau_roles)
    member_unit_kinds: tuple[str, ...] = field(
        default=("division", "affiliated"), converter=_unit_kinds)
    leader_positions: tuple[str, ...] = field(default=("书记", "局长"), converter=_titles)
    head_titles: tuple[str, ...] = field(
        default=("局长", "处长", "主任", "科长", "股长", "队长", "站长", "所长", "院长",
                 "书记", "负责人"),
        converter=_titles)


def holds_title(position: str | None, titles: Sequence[str]) -> bool:
    """Whether ``position`` names one of ``titles`` as the head, not as its deputy (副).

    ``党组书记、局长`` holds 局长; ``副局长`` and ``机关党委副书记`` hold neither.
    """
    if not position:
        return False
    for title in titles:
        start = position.find(title)
        while start >= 0:
            if start == 0 or position[start - 1] != "副":
                return True
            start = position.find(title, start + 1)
    return False


def evaluate(params: LeadingGroupParams, ctx: EvalContext) -> list[Check]:
    """One check per required role, then one per division/affiliated unit needing a seat."""
    campaign = ctx.campaign
    deadline = campaign.phase(_SETUP_PHASE).end if campaign.has_phase(_SETUP_PHASE) else None
    due = deadline is None or deadline <= ctx.as_of
    at_bureau = {Role.parse(name) for name in params.bureau_roles}
    checks = [_role_check(role, role in at_bureau, ctx, due, deadline,
                          params.leader_positions if role is Role.LEADER else ())
              for role in (Role.parse(name) for name in params.roles)]
    checks.extend(_seat_checks(params, ctx, due, deadline))
    return checks


def _missing_titles(holders: Sequence[GroupMember], titles: Sequence[str]) -> list[str]:
    """Titles in ``titles`` that no holder's position names (as the head, not 副)."""
    return [t for t in titles if not any(holds_title(m.position, (t,)) for m in holders)]


def _bureaus(ctx: EvalContext) -> set[str]:
    units = ctx.dataset.units
    return {uid for uid in ctx.campaign.applicants
            if uid in units and units[uid].kind is UnitKind.BUREAU}


def _named(member: GroupMember) -> bool:
    return bool(member.person and member.person.strip())


def _role_check(role: Role, at_bureau: bool, ctx: EvalContext, due: bool,
                deadline: date | None, titles: Sequence[str] = ()) -> Check:
    holders = ctx.campaign.members(role)
    bureaus = _bureaus(ctx)
    placed = [m for m in holders if not at_bureau or m.unit in bureaus]
    named = [m for m in placed if _named(m)]
    # The plan names the offices that lead the group (书记 and 局长): together the
    # seats of this role must hold every one of them.
    missing = _missing_titles(named, titles) if named else []
    qualified = [] if missing else named
    label = Label(f"领导小组{role.label.zh}", f"Leading group {role.label.en.lower()}")
    note: Label | None = None
    if not holders:
        note = Label("未明确", "not appointed")
    elif not placed:
        where = ctx.unit_label(holders[0].unit)
        note = Label(f"由{where.zh}担任，应由局机关领导担任",
                     f"held for {where.en}; the plan gives it to the bureau's own leadership")
    elif not named:
        note = Label("未写明姓名", "no person named")
    elif missing and not any(m.position for m in named):
        note = Label("未写明职务，应由" + "、".join(titles) + "担任",
                     "position not stated; the plan gives it to the " + "、".join(titles))
    elif missing:
        note = Label("职务未含" + "、".join(missing) + "，应由" + "、".join(titles) + "担任",
                     "the position does not include " + "、".join(missing)
                     + "; the plan gives it to the " + "、".join(titles))
    shown = (qualified or placed or list(holders))
    return Check(label=label, required=1, found=len(qualified), due=due,
                 unit=shown[0].unit if shown else None, deadline=deadline, note=note)


def _seat_checks(params: LeadingGroupParams, ctx: EvalContext, due: bool,
                 deadline: date | None) -> list[Check]:
    units = ctx.dataset.units
    wanted = {UnitKind.parse(name) for name in params.member_unit_kinds}
    # Any named seat counts: the party committee's head may sit as deputy leader.
    seats: dict[str, int] = {}
    anonymous: set[str] = set()
    not_head: set[str] = set()
    for member in ctx.campaign.leading_group:
        if not _named(member):
            anonymous.add(member.unit)
        elif params.head_titles and not holds_title(member.position, params.head_titles):
            not_head.add(member.unit)
        else:
            seats[member.unit] = seats.get(member.unit, 0) + 1
    own = _bureau_units(ctx)
    checks: list[Check] = []
    for uid in dict.fromkeys(ctx.units):
        if units[uid].kind not in wanted or uid not in own:
            continue
        name = ctx.unit_label(uid)
        found = seats.get(uid, 0)
        note = None if found else (
            Label("成员非该单位负责人（职务未写明或为副职）",
                  "the member is not the unit's head (position not stated, or a deputy)")
            if uid in not_head else Label("成员未写明姓名", "member not named")
            if uid in anonymous else Label("无成员", "no member"))
        checks.append(Check(
            label=Label(f"领导小组成员：{name.zh}", f"Leading group member from {name.en}"),
            required=1, found=found, due=due, unit=uid, deadline=deadline, note=note))
    return checks


def _bureau_units(ctx: EvalContext) -> set[str]:
    """Units in scope that belong to a bureau applicant without a sub-bureau in between."""
    bureaus = _bureaus(ctx)
    units = ctx.dataset.units
    own: set[str] = set()
    # Walk the scope, not every applicant's whole tree: one unit's scorecard must not
    # cost as much as the province's.
    for uid in ctx.units:
        for ancestor in units.ancestors(uid):
            if ancestor in bureaus:
                own.add(uid)
                break
            if units[ancestor].kind is UnitKind.DISPATCHED:
                break
    return own


LEADING_GROUP = CriterionType(
    name="leading-group",
    params=LeadingGroupParams,
    evaluate=evaluate,
    summary=Label(
        "创建工作领导小组配齐：局机关领导任组长、副组长，办公室主任具名，局机关各处室和直属单位均有具名成员",
        "Leading group staffed as planned: leader and deputy from the bureau's leadership, a "
        "named office director, and a named member from each of the bureau's own divisions and "
        "affiliated units"),
    kinds_param=None,
)

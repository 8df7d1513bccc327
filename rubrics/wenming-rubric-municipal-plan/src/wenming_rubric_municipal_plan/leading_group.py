"""The ``leading-group`` criterion type: is the creation leading group fully staffed?

The plan's first safeguard sets up a leading group with a leader, a deputy
leader, an office with a named director, and as members the heads of every
division and directly affiliated unit. The group is declared in the campaign
file rather than archived as dated records, so this criterion reads the
campaign: one check per required role and one per unit that must have a seat.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from attrs import field, frozen

from wenming.model import Label, Role, UnitKind
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


def _unit_kinds(value: object) -> tuple[str, ...]:
    names = _names(value, "member_unit_kinds")
    for name in names:
        UnitKind.parse(name)  # raises ValueError naming the accepted kinds
    return names


def _names(value: object, what: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValueError(f"{what} must be a list of strings, got {value!r}")
    if not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of strings, got {value!r}")
    return tuple(value)


@frozen
class LeadingGroupParams:
    """Parameters of a ``leading-group`` criterion.

    ``roles`` must each be held by someone (leader, deputy, member,
    office-director or their Chinese names); every unit of one of
    ``member_unit_kinds`` under the applicants must hold a seat.
    """

    roles: tuple[str, ...] = field(
        default=("leader", "deputy", "office-director"), converter=_roles)
    member_unit_kinds: tuple[str, ...] = field(
        default=("division", "affiliated"), converter=_unit_kinds)


def evaluate(params: LeadingGroupParams, ctx: EvalContext) -> list[Check]:
    """One check per required role, then one per division/affiliated unit needing a seat."""
    campaign = ctx.campaign
    deadline = campaign.phase(_SETUP_PHASE).end if campaign.has_phase(_SETUP_PHASE) else None
    due = deadline is None or deadline <= ctx.as_of
    checks = [_role_check(Role.parse(name), ctx, due, deadline) for name in params.roles]
    checks.extend(_seat_checks(params, ctx, due, deadline))
    return checks


def _role_check(role: Role, ctx: EvalContext, due: bool, deadline: date | None) -> Check:
    holders = ctx.campaign.members(role)
    label = Label(f"领导小组{role.label.zh}", f"Leading group {role.label.en.lower()}")
    return Check(
        label=label, required=1, found=len(holders), due=due,
        unit=holders[0].unit if holders else None, deadline=deadline,
        note=None if holders else Label("未明确", "not appointed"))


def _seat_checks(params: LeadingGroupParams, ctx: EvalContext, due: bool,
                 deadline: date | None) -> list[Check]:
    units = ctx.dataset.units
    wanted = {UnitKind.parse(name) for name in params.member_unit_kinds}
    # Any seat counts: a division whose head is also the office director is represented.
    seats: dict[str, int] = {}
    for member in ctx.campaign.leading_group:
        seats[member.unit] = seats.get(member.unit, 0) + 1
    # Walk the scope, not every applicant's whole tree: one unit's scorecard must not
    # cost as much as the province's.
    under_applicants = _under_applicants(ctx)
    checks: list[Check] = []
    for uid in dict.fromkeys(ctx.units):
        if units[uid].kind not in wanted or uid not in under_applicants:
            continue
        name = ctx.unit_label(uid)
        found = seats.get(uid, 0)
        checks.append(Check(
            label=Label(f"领导小组成员：{name.zh}", f"Leading group member from {name.en}"),
            required=1, found=found, due=due, unit=uid, deadline=deadline,
            note=None if found else Label("无成员", "no member")))
    return checks


def _under_applicants(ctx: EvalContext) -> set[str]:
    """Units in scope that sit under (or are) an applicant."""
    applicants = set(ctx.campaign.applicants)
    units = ctx.dataset.units
    return {uid for uid in ctx.units
            if uid in applicants or applicants.intersection(units.ancestors(uid))}


LEADING_GROUP = CriterionType(
    name="leading-group",
    params=LeadingGroupParams,
    evaluate=evaluate,
    summary=Label(
        "创建工作领导小组配齐：组长、副组长、办公室主任，各处室和直属单位均有成员",
        "Leading group fully staffed: leader, deputy, office director, and a member from "
        "every division and affiliated unit"),
    kinds_param=None,
)

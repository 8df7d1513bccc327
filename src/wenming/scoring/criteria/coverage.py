"""``coverage``: every unit in scope (of the named kinds) has a record."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import field, frozen

from wenming.calendar import DateWindow, Granularity
from wenming.model import UnitKind
from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check
from wenming.scoring.context import EvalContext
from wenming.scoring.criteria._common import clipped_periods, filter_field, filtered, period_label


def _unit_kinds(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(UnitKind.parse(v).value for v in values)


@frozen
class CoverageParams:
    kinds: tuple[str, ...]
    unit_kinds: tuple[str, ...] = field(default=(), converter=_unit_kinds)
    window: str = "campaign"
    min: int = 1
    per: str | None = None
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")

    def __attrs_post_init__(self) -> None:
        if self.per is not None:
            Granularity.parse(self.per)


def _members(ctx: EvalContext, covered: list[str]) -> dict[str, tuple[str, ...]]:
    """Each covered unit with the units under it that are not covered themselves.

    A bureau's divisions act for the bureau (机关), so their records count for it;
    a dispatched sub-bureau under it is covered in its own right and does not.
    """
    in_scope = set(ctx.units)
    covered_set = set(covered)
    tree = ctx.dataset.units
    members: dict[str, tuple[str, ...]] = {}
    for unit_id in covered:
        own = [unit_id]
        stack = list(tree.children(unit_id))
        while stack:
            child = stack.pop()
            if child in covered_set or child not in in_scope:
                continue
            own.append(child)
            stack.extend(tree.children(child))
        members[unit_id] = tuple(own)
    return members


def evaluate_coverage(params: CoverageParams, ctx: EvalContext) -> Sequence[Check]:
    ctx = filtered(ctx, params)
    window = ctx.window(params.window)
    units = ctx.dataset.units
    store = ctx.dataset.store
    wanted = {UnitKind(k) for k in params.unit_kinds}
    # Without ``per`` the whole window is one period; with it, every unit in every period.
    parts: list[tuple[Label | None, DateWindow]] = (
        [(None, window)] if params.per is None
        else [(period_label(p), part) for p, part in clipped_periods(ctx, params.per, window)])
    covered = [u for u in ctx.units if not wanted or units[u].kind in wanted]
    # Each unit in scope belongs to at most one covered unit's members, so one pass over
    # the period's records, grouped by that owner, answers every covered unit at once.
    owner = np.full(len(store.units.order), len(covered), dtype=np.int64)
    code = store.units.code
    for index, (_, own) in enumerate(_members(ctx, covered).items()):
        owner[[code[m] for m in own if m in code]] = index
    checks: list[Check] = []
    for label, part in parts:
        rows = store.in_order(ctx.rows(params.kinds, part))
        owners = owner[store.unit[rows]]
        grouped = np.argsort(owners, kind="stable")
        bounds = np.searchsorted(owners[grouped], np.arange(len(covered) + 1)).tolist()
        ids = store.ids
        found_ids = [ids[r] for r in rows[grouped].tolist()]
        due = ctx.is_due(part)
        for index, unit_id in enumerate(covered):
            found = tuple(found_ids[bounds[index]:bounds[index + 1]])
            name = ctx.unit_label(unit_id)
            if label is not None:
                name = Label(f"{label.zh} {name.zh}", f"{label.en} {name.en}")
            checks.append(Check(name, params.min, len(found), due=due,
                                evidence=found, unit=unit_id, deadline=part.end,
                                start=part.start))
    return checks


COVERAGE = CriterionType(
    "coverage", CoverageParams, evaluate_coverage,
    Label("范围内每个单位都有记录", "Every unit in scope has a record"))

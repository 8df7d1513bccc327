"""``present`` and ``in-phase``: a record of the right kind inside a window."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import field, frozen

from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check
from wenming.scoring.context import EvalContext
from wenming.scoring.criteria._common import filter_field, filtered, window_label


def _positive(_: object, attribute: object, value: int) -> None:
    if value < 1:
        raise ValueError(f"min must be at least 1, got {value}")


@frozen
class PresentParams:
    kinds: tuple[str, ...]
    window: str = "campaign"
    min: int = field(default=1, validator=_positive)
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")


def evaluate_present(params: PresentParams, ctx: EvalContext) -> Sequence[Check]:
    ctx = filtered(ctx, params)
    window = ctx.window(params.window)
    found = ctx.ids(params.kinds, window)
    return [Check(window_label(ctx, params.window, window), params.min, len(found),
                  due=ctx.is_due(window), evidence=found, deadline=window.end,
                  start=window.start)]


@frozen
class InPhaseParams:
    kinds: tuple[str, ...]
    phase: str
    by_end: bool = False
    min: int = field(default=1, validator=_positive)
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")


def evaluate_in_phase(params: InPhaseParams, ctx: EvalContext) -> Sequence[Check]:
    ctx = filtered(ctx, params)
    spec = f"{'by-phase-end' if params.by_end else 'phase'}:{params.phase}"
    window = ctx.window(spec)
    found = ctx.ids(params.kinds, window)
    note = None
    if len(found) < params.min:
        outside = [r for r in ctx.records(params.kinds) if not window.contains(r.date)]
        if outside:
            dates = ", ".join(r.date.isoformat() for r in outside[:3])
            note = Label(f"{len(found)}/{params.min}；窗口外有 {len(outside)} 条记录（{dates}）",
                         f"{len(found)} of {params.min} required; {len(outside)} record(s) "
                         f"dated outside the window ({dates})")
    return [Check(window_label(ctx, spec, window), params.min, len(found),
                  due=ctx.is_due(window), evidence=found, deadline=window.end, note=note,
                  start=window.start)]


PRESENT = CriterionType(
    "present", PresentParams, evaluate_present,
    Label("窗口内至少有若干条记录", "At least n records of the kinds inside a window"))
IN_PHASE = CriterionType(
    "in-phase", InPhaseParams, evaluate_in_phase,
    Label("阶段成果在阶段时间内形成", "A phase deliverable dated inside the phase window"))

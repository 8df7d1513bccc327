"""``findings``: deduction per negative record (每发现一次，扣3分，扣完为止).

Inspection findings, upheld complaints, 督查通报: each record of the named
kinds is one failed check, so ``credit = "deduct"`` with ``deduct = 3`` takes
3 points per finding until the criterion's points are used up. A clean record
needs evidence that someone looked: with ``baseline_kinds`` (the inspection
records), a window without any inspection is *not applicable* with that
reason instead of a silent full score.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from attrs import frozen

from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check, NotApplicable
from wenming.scoring.context import EvalContext
from wenming.scoring.criteria._common import filter_field, filtered, window_label


@frozen
class FindingsParams:
    kinds: tuple[str, ...]
    baseline_kinds: tuple[str, ...] = ()
    window: str = "campaign"
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")


def evaluate_findings(params: FindingsParams, ctx: EvalContext) -> Sequence[Check]:
    """One failed check per finding; one passed check for the inspections (or for none).

    ``refs``/``tags`` narrow the findings only: an inspection is evidence that
    the item was looked at whatever it found.
    """
    window = ctx.window(params.window)
    store = ctx.dataset.store
    rows = store.in_order(filtered(ctx, params).rows(params.kinds, window)).tolist()
    baseline: tuple[str, ...] = ()
    if params.baseline_kinds:
        baseline = ctx.ids(params.baseline_kinds, window)
        if not baseline and not rows:
            raise NotApplicable(Label(f"不适用：{window_label(ctx, params.window, window).zh}"
                                      "无检查记录",
                                      "not applicable: no inspection on record "
                                      f"({window_label(ctx, params.window, window).en})"))
    ids, titles, days = store.ids, store.titles, store.day
    unit_names = store.units.order
    checks: list[Check] = []
    for row in rows:
        name = f"{ids[row]} {titles[row]}".strip()
        day = date.fromordinal(int(days[row])).isoformat()
        checks.append(Check(Label(name, name), 1, 0, evidence=(ids[row],),
                            unit=unit_names[int(store.unit[row])],
                            note=Label(f"{day} 发现问题", f"finding of {day}")))
    if params.baseline_kinds:
        label = Label(f"检查 {len(baseline)} 次", f"{len(baseline)} inspection(s)")
        checks.append(Check(label, 1, 1, evidence=baseline))
    elif not rows:
        checks.append(Check(Label("无问题记录", "No findings on record"), 1, 1))
    return checks


FINDINGS = CriterionType(
    "findings", FindingsParams, evaluate_findings,
    Label("每发现一次问题扣分", "Points off per finding (inspection, complaint)"),
    extra_kinds_params=("baseline_kinds",))

"""Rule shapes the engine applies around the credit rules: points earned per record and
caps shared by some of an item's criteria (docs/rubric-format.md, "Rule shapes")."""

from __future__ import annotations

from collections.abc import Sequence

from wenming.model.labels import Label
from wenming.rubric.document import Criterion, Item
from wenming.scoring.checks import Check, Earned
from wenming.scoring.scorecard import CriterionResult, RuleShape

__all__ = ["criterion_shape", "earned_share", "item_shape", "shared_caps"]


def criterion_shape(criterion: Criterion) -> RuleShape | None:
    """The criterion's rule shape as scorecard data, or ``None`` when it has none."""
    slope = criterion.slope
    shape = RuleShape(
        bands=criterion.bands,
        slope=(slope.start, slope.per, slope.deduct) if slope is not None else None,
        per_record=bool(getattr(criterion.params, "EARNS", False)),
        applies_if=criterion.applies_if.text if criterion.applies_if else None,
        methods=criterion.methods)
    return shape or None


def item_shape(item: Item) -> RuleShape | None:
    """The item's pool, caps, condition and methods as scorecard data, or ``None``."""
    shape = RuleShape(
        applies_if=item.applies_if.text if item.applies_if else None, methods=item.methods,
        pool=item.pool, caps=tuple((cap.criteria, cap.most) for cap in item.caps))
    return shape or None


def earned_share(criterion: Criterion, counted: Sequence[Check]) -> float | None:
    """The share of the points that checks earning points themselves add up to, capped at
    the criterion's points; ``None`` when the checks are of the counting kind."""
    earned = [c for c in counted if isinstance(c, Earned)]
    if not earned:
        return None
    if criterion.points <= 0:
        return 0.0
    return min(1.0, sum(c.value for c in earned) / criterion.points)


def shared_caps(item: Item, results: Sequence[CriterionResult]) -> tuple[float, tuple[Label, ...]]:
    """Points given back because criteria sharing a cap lost more than it (准确或及时扣2分，
    不重复扣分), and a finding for each cap that took effect."""
    back = 0.0
    lines: list[Label] = []
    by_id = {r.id: r for r in results}
    for cap in item.caps:
        lost = sum(by_id[c].maximum - by_id[c].points for c in cap.criteria
                   if c in by_id and by_id[c].state.scored)
        if lost <= cap.most + 1e-9:
            continue
        back += lost - cap.most
        name = cap.label or Label("、".join(cap.criteria), ", ".join(cap.criteria))
        lines.append(Label(f"{name.zh}合计最多扣 {cap.most:g} 分：应扣 {lost:g} 分，计扣 "
                           f"{cap.most:g} 分",
                           f"{name.en} lose {cap.most:g} points at most together: "
                           f"{lost:g} lost, {cap.most:g} counted"))
    return round(back, 9), tuple(lines)

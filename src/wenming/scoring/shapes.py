"""Rule shapes the engine applies around the credit rules: points earned per record and
caps shared by some of an item's criteria (docs/rubric-format.md, "Rule shapes")."""

from __future__ import annotations

from collections.abc import Sequence

from wenming.model.labels import Label
from wenming.rubric.document import Criterion, Item
from wenming.scoring.checks import Check, Earned
from wenming.scoring.scorecard import CriterionResult

__all__ = ["earned_share", "shared_caps"]


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

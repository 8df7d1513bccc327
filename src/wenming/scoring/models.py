"""Scoring models: how item results become a total.

``points`` is the default of Chinese assessment systems (sum of points plus a
capped bonus). The other four are XCCDF 1.2's named models, so a result can be
compared with compliance tooling. Items that are not due, not applicable,
waived or awaiting manual assessment leave the denominator in every model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from wenming.rubric.document import Rubric
from wenming.scoring.scorecard import Arithmetic, ItemResult
from wenming.scoring.states import State

ModelFn = Callable[[Rubric, Sequence[ItemResult]], tuple[float, float, Arithmetic]]


def _scored(items: Sequence[ItemResult]) -> list[ItemResult]:
    return [i for i in items if i.state.scored and not i.bonus]


def points_model(rubric: Rubric, items: Sequence[ItemResult]) -> tuple[float, float, Arithmetic]:
    scored = _scored(items)
    earned = sum(i.points for i in scored)
    maximum = sum(i.maximum for i in scored)
    return earned, maximum, Arithmetic(
        "points", earned, maximum, "Σ item points (due items only) + min(Σ bonus, cap)")


def xccdf_default(rubric: Rubric, items: Sequence[ItemResult]) -> tuple[float, float, Arithmetic]:
    """Weighted mean of children's 0–100 scores, recursively (items → areas → rubric)."""
    area_scores: list[tuple[float, float]] = []
    for area in rubric.areas:
        members = [i for i in _scored(items) if i.area == area.code and i.maximum > 0]
        if not members:
            continue
        weight = sum(i.nominal for i in members)
        score = sum(100 * i.points / i.maximum * i.nominal for i in members) / weight
        area_scores.append((score, area.points))
    total_weight = sum(w for _, w in area_scores)
    score = sum(s * w for s, w in area_scores) / total_weight if total_weight else 0.0
    return score, 100.0, Arithmetic(
        "xccdf-default", score, 100.0, "weighted mean of area scores, each the weighted mean "
        "of item scores (100 × points / maximum), weights = nominal points")


def flat(rubric: Rubric, items: Sequence[ItemResult]) -> tuple[float, float, Arithmetic]:
    scored = _scored(items)
    earned = sum(i.nominal for i in scored if i.state is State.MET)
    maximum = sum(i.nominal for i in scored)
    return earned, maximum, Arithmetic(
        "flat", earned, maximum, "Σ weights of met items / Σ weights of scored items")


def flat_unweighted(rubric: Rubric, items: Sequence[ItemResult]
                    ) -> tuple[float, float, Arithmetic]:
    scored = _scored(items)
    met = float(sum(1 for i in scored if i.state is State.MET))
    return met, float(len(scored)), Arithmetic(
        "flat-unweighted", met, float(len(scored)), "met items / scored items")


def absolute(rubric: Rubric, items: Sequence[ItemResult]) -> tuple[float, float, Arithmetic]:
    scored = _scored(items)
    ok = 1.0 if scored and all(i.state is State.MET for i in scored) else 0.0
    return ok, 1.0, Arithmetic("absolute", ok, 1.0, "1 if every scored item is met, else 0")


MODELS: dict[str, ModelFn] = {
    "points": points_model,
    "xccdf-default": xccdf_default,
    "flat": flat,
    "flat-unweighted": flat_unweighted,
    "absolute": absolute,
}

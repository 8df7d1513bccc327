"""Tailoring a rubric with an overlay: new weights and dropped items, no fork."""

from __future__ import annotations

import attrs

from wenming.errors import DataIssue, RubricError
from wenming.model.tailoring import Overlay
from wenming.rubric.document import Area, Criterion, Item, Rubric


def _rescale(item: Item, points: float) -> Item:
    """Give an item a new maximum, scaling its criteria in proportion."""
    if item.points == points:
        return item
    factor = points / item.points if item.points else 0.0
    criteria = tuple(_scale_criterion(c, factor) for c in item.criteria)
    return attrs.evolve(item, points=points, criteria=criteria)


def _scale_criterion(criterion: Criterion, factor: float) -> Criterion:
    deduct = criterion.deduct * factor if criterion.deduct is not None else None
    return attrs.evolve(criterion, points=criterion.points * factor, deduct=deduct)


def apply_overlay(rubric: Rubric, overlay: Overlay) -> Rubric:
    """Return ``rubric`` tailored by ``overlay``; unknown item codes are an error."""
    where = overlay.source or f"overlays/{overlay.rubric}.toml"
    codes = {item.code for item in rubric.items()}
    issues = [
        DataIssue(where, "overlay names an item the rubric does not have", field=key,
                  value=code, expected="one of " + ", ".join(sorted(codes)))
        for key, named in (("drop", overlay.drop), ("points", tuple(overlay.points)))
        for code in named if code not in codes
    ]
    issues += [
        DataIssue(where, "points must be a non-negative number", field=f"points.{code}",
                  value=value, expected="a number ≥ 0")
        for code, value in overlay.points.items()
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0
    ]
    if issues:
        raise RubricError(rubric.id, issues)
    areas: list[Area] = []
    for area in rubric.areas:
        items = tuple(
            _rescale(item, float(overlay.points.get(item.code, item.points)))
            for item in area.items if item.code not in overlay.drop)
        if items:
            areas.append(attrs.evolve(area, items=items, points=sum(i.points for i in items)))
    total = sum(a.points for a in areas)
    if overlay.total is not None and total:
        factor = overlay.total / total
        areas = [
            attrs.evolve(a, points=a.points * factor,
                         items=tuple(_rescale(i, i.points * factor) for i in a.items))
            for a in areas
        ]
        total = overlay.total
    pass_line = overlay.pass_line if overlay.pass_line is not None else rubric.pass_line
    note = overlay.note or where
    return attrs.evolve(rubric, areas=tuple(areas), total=total, pass_line=pass_line,
                        overlay=note)

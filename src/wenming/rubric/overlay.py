"""Tailoring a rubric with an overlay: new weights and dropped items, no fork."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import attrs

from wenming.errors import DataIssue, DatasetError
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


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """``"; did you mean X?"`` for the closest of ``known``, or ``""``."""
    close = difflib.get_close_matches(value, list(known), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}? / 您是否指 {', '.join(close)}" if close else ""


def _codes_expected(rubric: Rubric, codes: Iterable[str], value: str) -> str:
    ordered = list(codes)
    return (f"an item code of rubric {rubric.id}: {', '.join(ordered)}"
            + did_you_mean(value, ordered))


def overlay_issues(rubric: Rubric, overlay: Overlay) -> list[DataIssue]:
    """What is wrong with ``overlay`` for ``rubric``, located in the overlay file.

    An unknown code is the overlay author's typo, not a fault of the installed
    rubric, so every issue names the overlay file, line and key.
    """
    where = overlay.source or f"overlays/{overlay.rubric}.toml"
    codes = [item.code for item in rubric.items()]
    known = set(codes)
    issues = [
        DataIssue(where, "the overlay names an item the rubric does not have / "
                  "调整文件中的测评项目在细则中不存在",
                  line=overlay.lines.get(key if key == "drop" else f"{key}.{code}"),
                  field=key if key == "drop" else f"{key}.{code}", value=code,
                  expected=_codes_expected(rubric, codes, code))
        for key, named in (("drop", overlay.drop), ("points", tuple(overlay.points)))
        for code in named if code not in known
    ]
    issues += [
        DataIssue(where, "points must be a non-negative number / 分值必须是非负数",
                  line=overlay.lines.get(f"points.{code}"), field=f"points.{code}",
                  value=value, expected="a number ≥ 0")
        for code, value in overlay.points.items()
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0
    ]
    return issues


def apply_overlay(rubric: Rubric, overlay: Overlay) -> Rubric:
    """Return ``rubric`` tailored by ``overlay``; unknown item codes are a :class:`DatasetError`."""
    where = overlay.source or f"overlays/{overlay.rubric}.toml"
    issues = overlay_issues(rubric, overlay)
    if issues:
        raise DatasetError(issues, f"{len(issues)} problem{'s' if len(issues) > 1 else ''} in "
                           f"{where}, the overlay of rubric {rubric.id}")
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

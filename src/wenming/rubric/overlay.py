"""Tailoring a rubric with an overlay: new weights, dropped items, changed rules, no fork."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import cattrs

from wenming.errors import DataIssue, DatasetError
from wenming.model.tailoring import Overlay
from wenming.rubric.document import OVERLAY_BASIS, Area, Criterion, Item, Rubric

#: What an overlay may not change in a criterion: what it is and what it is
#: worth (item points do that), its trace, and its evidence kinds (their
#: aliases are resolved with the vocabulary, which rubrics are loaded with).
FIXED_KEYS = frozenset({"type", "points", "label", "credit", "deduct", "id", "source", "basis",
                        "interprets", "kinds"})

_strict = cattrs.Converter(forbid_extra_keys=True)


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
    known = {name for item in rubric.items() for name in item.names}
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
    return issues + _criteria_issues(rubric, overlay, where)


def _criteria_issues(rubric: Rubric, overlay: Overlay, where: str) -> list[DataIssue]:
    issues: list[DataIssue] = []
    ids = [criterion.id for _, criterion in rubric.criteria()]
    for criterion_id, changes in overlay.criteria.items():
        try:
            _, criterion = rubric.criterion(criterion_id)
        except KeyError:
            issues.append(DataIssue(
                where, "the overlay names a criterion the rubric does not have / "
                       "调整文件中的评分细则编号在细则中不存在",
                line=overlay.lines.get(f"criteria.{criterion_id}"), field="criteria.id",
                value=criterion_id,
                expected=f"a criterion id of rubric {rubric.id} (`wenming rubrics show "
                         f"{rubric.id}` lists them)" + did_you_mean(criterion_id, ids)))
            continue
        for key, message in _change_problems(criterion, changes):
            issues.append(DataIssue(
                where, message, line=overlay.lines.get(f"criteria.{criterion_id}.{key}",
                                                       overlay.lines.get(f"criteria.{criterion_id}")),
                field=f"criteria({criterion_id}).{key}", value=changes.get(key),
                expected=_expected(criterion, key)))
    return issues


def _expected(criterion: Criterion, key: str) -> str:
    if key in FIXED_KEYS:
        return "a parameter of the criterion or threshold; kinds, points and the trace stay"
    if key == "threshold":
        return "a share in (0, 1]"
    names = ", ".join(_parameters(criterion))
    return f"a parameter of criterion type {criterion.type!r}: {names}, or threshold"


def _parameters(criterion: Criterion) -> list[str]:
    params = criterion.params
    if attrs.has(type(params)):
        return [f.name for f in attrs.fields(type(params)) if f.name not in FIXED_KEYS]
    return sorted(k for k in params or {} if k not in FIXED_KEYS)


def _change_problems(criterion: Criterion, changes: Mapping[str, Any]
                     ) -> list[tuple[str, str]]:
    """(key, message) for each change that cannot be made to ``criterion``."""
    problems: list[tuple[str, str]] = []
    for key, value in changes.items():
        if key in FIXED_KEYS:
            problems.append((key, "an overlay cannot change this key of a criterion / "
                                  "调整文件不能修改评分细则的该项"))
        elif key == "threshold" and (isinstance(value, bool) or not isinstance(value, int | float)
                                     or not 0 < value <= 1):
            problems.append((key, "threshold is not a share / 达标比例不是0到1之间的数"))
        elif key != "threshold" and attrs.has(type(criterion.params)) \
                and key not in {f.name for f in attrs.fields(type(criterion.params))}:
            problems.append((key, "not a parameter of this criterion / 不是该评分细则的参数"))
    if problems:
        return problems
    try:
        _params(criterion, changes)
    except (cattrs.BaseValidationError, TypeError, ValueError) as error:
        key = next((k for k in changes if k != "threshold"), "threshold")
        problems.append((key, f"the changed parameters are not valid / 调整后的参数无效: "
                              f"{_reason(error)}"))
    return problems


def _reason(error: BaseException) -> str:
    if isinstance(error, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(error))
    return str(error).strip("'\"")


def _params(criterion: Criterion, changes: Mapping[str, Any]) -> Any:
    """The criterion's parameters with ``changes``, validated like the rubric's own."""
    params = {k: v for k, v in changes.items() if k != "threshold"}
    if not params:
        return criterion.params
    if not attrs.has(type(criterion.params)):
        return {**(criterion.params or {}), **params}
    current = _strict.unstructure(criterion.params)
    return _strict.structure({**current, **params}, type(criterion.params))


def _change(criterion: Criterion, changes: Mapping[str, Any] | None) -> Criterion:
    if not changes:
        return criterion
    threshold = changes.get("threshold", criterion.threshold)
    return attrs.evolve(criterion, params=_params(criterion, changes),
                        threshold=float(threshold), basis=OVERLAY_BASIS)


def apply_overlay(rubric: Rubric, overlay: Overlay) -> Rubric:
    """Return ``rubric`` tailored by ``overlay``; unknown item codes are a :class:`DatasetError`.

    A criterion whose parameters the overlay changes is marked ``basis =
    "overlay"``, so every scorecard shows that the rule is local, not the
    document's.
    """
    where = overlay.source or f"overlays/{overlay.rubric}.toml"
    issues = overlay_issues(rubric, overlay)
    if issues:
        raise DatasetError(issues, f"{len(issues)} problem{'s' if len(issues) > 1 else ''} in "
                           f"{where}, the overlay of rubric {rubric.id}")
    if overlay.criteria:
        rubric = _change_criteria(rubric, overlay.criteria)
    # An overlay may cite an item as the document does (二.4) or by its code (4).
    points = {rubric.item_code(name) or name: value for name, value in overlay.points.items()}
    drop = {rubric.item_code(name) or name for name in overlay.drop}
    areas: list[Area] = []
    for area in rubric.areas:
        items = tuple(
            _rescale(item, float(points.get(item.code, item.points)))
            for item in area.items if item.code not in drop)
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


def _change_criteria(rubric: Rubric, changes: Mapping[str, Mapping[str, Any]]) -> Rubric:
    def item(it: Item) -> Item:
        criteria = tuple(_change(c, changes.get(c.id)) for c in it.criteria)
        return it if criteria == it.criteria else attrs.evolve(it, criteria=criteria)

    areas = tuple(attrs.evolve(a, items=tuple(item(i) for i in a.items)) for a in rubric.areas)
    return attrs.evolve(rubric, areas=areas, bonuses=tuple(item(b) for b in rubric.bonuses))

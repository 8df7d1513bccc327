"""Evaluate one rubric against one dataset as of a date: a pure function.

Nothing here keeps state between calls, which is what makes a ``Scorer``
safe to share between threads and its results identical on any executor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from itertools import chain

from wenming.dataset import Dataset
from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.rubric.document import ASSESSMENT_METHODS, Criterion, Item, Rubric
from wenming.rubric.overlay import apply_overlay
from wenming.scoring.checks import Check, Measured, NotApplicable
from wenming.scoring.context import EvalContext
from wenming.scoring.credit import credit_fraction as credit_fraction
from wenming.scoring.credit import earned_fraction as earned_fraction
from wenming.scoring.failures import describe_failure
from wenming.scoring.models import MODELS
from wenming.scoring.reasons import NOT_COUNTING, explain
from wenming.scoring.scorecard import (
    AreaResult,
    CriterionResult,
    ItemResult,
    Scorecard,
    VetoResult,
)
from wenming.scoring.shapes import criterion_shape, earned_share, item_shape, shared_caps
from wenming.scoring.states import State
from wenming.scoring.vetoes import evaluate_vetoes

_EPS = 1e-9
#: Failing checks spelled out per criterion before the rest are summarised.
MAX_FINDINGS_PER_CRITERION = 12


def _state_of(fraction: float) -> State:
    if fraction >= 1 - _EPS:
        return State.MET
    return State.UNMET if fraction <= _EPS else State.PARTIAL


def evaluate_criterion(index: int, criterion: Criterion, criterion_type: CriterionType | None,
                       ctx: EvalContext) -> CriterionResult:
    """One criterion's result; see :func:`_evaluate` for the reason it may not apply."""
    return _evaluate(index, criterion, criterion_type, ctx, ctx.units)[0]


def _evaluate(index: int, criterion: Criterion, criterion_type: CriterionType | None,
              ctx: EvalContext, scope: Sequence[str]) -> tuple[CriterionResult, Label | None]:
    """The criterion's result and, when it does not apply, why (for the findings).

    ``scope`` is the item's widest unit scope: records of its units that the
    criterion's own scope leaves out are named as reasons on unmet checks.
    """
    def result(state: State, points: float = 0.0, maximum: float = 0.0,
               checks: Sequence[Check] = (), error: str | None = None) -> CriterionResult:
        return CriterionResult(index, criterion.type, criterion.label, state, points,
                               maximum, criterion.credit, tuple(checks), error, kinds,
                               criterion.threshold, criterion.deduct, criterion.id,
                               criterion.source, criterion.basis, criterion.interprets,
                               shape=criterion_shape(criterion))

    kinds: tuple[str, ...] = ()
    if criterion_type is not None and criterion_type.kinds_param:
        kinds = tuple(getattr(criterion.params, criterion_type.kinds_param, ()) or ())

    if criterion_type is None:
        return result(State.ERROR, error=f"criterion type {criterion.type!r} is not installed"), \
            None
    if criterion.applies_if is not None:
        units = criterion.applies_if.units(ctx.units, _attributes(ctx.dataset))
        if not units:
            reason = criterion.applies_if.not_applicable()
            return result(State.NOT_APPLICABLE, error=f"{reason.zh} / {reason.en}"), reason
        ctx = EvalContext(ctx.dataset, ctx.as_of, units, ctx.defaults)
    try:
        checks = tuple(criterion_type.evaluate(criterion.params, ctx))
    except NotApplicable as declared:
        reason = declared.reason
        return result(State.NOT_APPLICABLE, error=f"{reason.zh} / {reason.en}"), reason
    except Exception as error:  # a plugin's bug must not hide the other items' scores
        return result(State.ERROR, error=describe_failure(error, criterion.id,
                                                          criterion.type)), None
    if not checks:
        return result(State.NOT_APPLICABLE, checks=checks,
                      error="nothing is required inside the window as of this date"), None
    if criterion.bands or criterion.slope is not None:
        checks = tuple(_banded(criterion, c) if isinstance(c, Measured) else c for c in checks)
    if criterion.type not in NOT_COUNTING:
        checks = explain(checks, criterion.params, kinds, ctx, scope)
    counted = [c for c in checks if not c.manual and (c.due or c.passed)]
    if not counted:
        manual = any(c.manual for c in checks)
        return result(State.NEEDS_MANUAL if manual else State.NOT_YET_DUE, checks=checks), None
    fraction = earned_share(criterion, counted)
    if fraction is None:
        fraction = credit_fraction(criterion, counted)
    return result(_state_of(fraction), criterion.points * fraction, criterion.points,
                  checks), None


def _banded(criterion: Criterion, check: Measured) -> Check:
    """A measured check scored by the criterion's bands or slope: its share as a score."""
    if check.manual:
        return check
    share = criterion.measured_share(check.value)
    rule = (Label("按分档", "by the bands") if criterion.bands
            else Label("按线性扣分", "by the slope"))
    measured = check.note or Label(f"{check.value:.4g}%", f"{check.value:.4g}%")
    note = Label(f"{measured.zh}；{rule.zh}得 {share:.0%} 分值",
                 f"{measured.en}; {share:.0%} of the points {rule.en}")
    return Check(check.label, 1, 1 if share >= 1 - _EPS else 0, due=check.due,
                 evidence=check.evidence, unit=check.unit, deadline=check.deadline, note=note,
                 score=round(share * 100.0, 6))


def _attributes(dataset: Dataset) -> Callable[[str], Mapping[str, float | bool | str]]:
    units = dataset.units
    return lambda unit: units[unit].attributes


def _findings(results: Sequence[CriterionResult], types: Mapping[str, CriterionType],
              reasons: Mapping[int, Label] | None = None) -> tuple[Label, ...]:
    lines: list[Label] = []
    for res in results:
        name = res.label or (types[res.type].summary if res.type in types else None) \
            or Label(res.type, res.type)
        if res.error and res.state is State.ERROR:
            lines.append(Label(f"{name.zh}：出错 — {res.error}", f"{name.en}: error — {res.error}"))
            continue
        if res.state is State.NOT_APPLICABLE:
            reason = (reasons or {}).get(res.index)
            lines.append(Label(f"{name.zh}：{reason.zh}", f"{name.en}: {reason.en}")
                         if reason is not None else
                         Label(f"{name.zh}：截至评估日无要求", f"{name.en}: nothing required yet"))
            continue
        scores = [c.score for c in res.checks if c.score is not None]
        if scores and len(scores) == res.due:
            share = f"{sum(scores) / len(scores):g}%"
            lines.append(Label(f"{name.zh}：{res.state.label.zh}（评分 {share}）",
                               f"{name.en}: {res.state.label.en} (assessed at {share})"))
        else:
            lines.append(Label(f"{name.zh}：{res.state.label.zh}（{res.passed}/{res.due}）",
                               f"{name.en}: {res.state.label.en} ({res.passed} of {res.due} "
                               "checks met)"))
        open_checks = [c for c in res.checks if c.failed or c.pending or c.manual
                       or (c.score is not None and c.score < 100)]
        for check in open_checks[:MAX_FINDINGS_PER_CRITERION]:
            text = check.finding()
            lines.append(Label(f"  · {text.zh}", f"  · {text.en}"))
        extra = len(open_checks) - MAX_FINDINGS_PER_CRITERION
        if extra > 0:
            lines.append(Label(f"  · 另有 {extra} 项", f"  · … and {extra} more"))
    return tuple(lines)


def _owner(item: Item, dataset: Dataset) -> str:
    campaign = dataset.campaign
    owner = item.owner
    if owner and owner.startswith("task:"):
        task_id = owner.partition(":")[2]
        for task in campaign.tasks:
            if task.id == task_id and task.owners:
                return task.owners[0]
    elif owner and owner != "office" and owner in dataset.units:
        return owner
    return campaign.responsible_unit()


def scope_units(item_scope: str, dataset: Dataset, unit: str | None) -> tuple[str, ...]:
    if unit is not None:
        return dataset.subtree(unit) if item_scope == "system" else (unit,)
    if item_scope == "applicant":
        return dataset.campaign.applicants
    return dataset.participants()


def evaluate_item(item: Item, rubric: Rubric, dataset: Dataset, as_of: date, unit: str | None,
                  types: Mapping[str, CriterionType], *, bonus: bool = False) -> ItemResult:
    owner = _owner(item, dataset)
    common = {"code": item.code, "title": item.title, "area": item.area, "nominal": item.points,
              "owner": owner, "remediation": item.remediation, "bonus": bonus,
              "shape": item_shape(item)}
    for waiver in dataset.waivers:
        if any(waiver.applies(rubric.id, name, as_of, unit) for name in item.names):
            until = f"，至 {waiver.until}" if waiver.until else ""
            until_en = f" until {waiver.until}" if waiver.until else ""
            return ItemResult(state=State.WAIVED, points=0.0, maximum=0.0, waiver=waiver,
                              findings=(Label(f"已豁免：{waiver.by}，{waiver.reason}{until}",
                                              f"Waived by {waiver.by}: {waiver.reason}"
                                              f"{until_en}"),), **common)  # type: ignore[arg-type]
    units = scope_units(item.scope, dataset, unit)
    methods = _methods(item)
    if item.applies_if is not None:
        units = item.applies_if.units(units, _attributes(dataset))
        if not units:
            return ItemResult(state=State.NOT_APPLICABLE, points=0.0, maximum=0.0,
                              findings=(item.applies_if.not_applicable(), *methods),
                              **common)  # type: ignore[arg-type]
    ctx = EvalContext(dataset, as_of, units, rubric.defaults)
    wider = scope_units("system", dataset, unit)
    evaluated = [_evaluate(i, c, types.get(c.type), ctx, wider)
                 for i, c in enumerate(item.criteria)]
    results = tuple(r for r, _ in evaluated)
    reasons = {r.index: reason for r, reason in evaluated if reason is not None}
    scored = [r for r in results if r.state.scored]
    manual_points = sum(c.points for c, r in zip(item.criteria, results, strict=True)
                        if r.state is State.NEEDS_MANUAL)
    evidence = tuple(dict.fromkeys(chain.from_iterable(c.evidence for r in results
                                                       for c in r.checks)))
    findings = _findings(results, types, reasons)
    back, capped = shared_caps(item, results) if item.caps else (0.0, ())
    findings += capped
    points = sum(r.points for r in scored)
    if back:
        points += back
    maximum = sum(r.maximum for r in scored)
    if item.pool and scored:
        # 扣完为止 across the item: what each criterion lost comes off the item's points.
        # Rounded: fractions of points (0.33 + 0.33 + …) must not show as 3.9600000000000004.
        lost = round(sum(r.maximum - r.points for r in scored) - back, 9)
        points, maximum = round(max(0.0, item.points - lost), 9), item.points
        findings += (Label(f"各项扣分共用本项 {item.points:g} 分：共扣 {lost:g} 分，扣完为止",
                           f"Deductions share the item's {item.points:g} points: {lost:g} "
                           "deducted in all, down to zero at most"),)
    if any(r.state is State.ERROR for r in results):
        state, points, maximum = State.ERROR, 0.0, 0.0
    elif scored:
        state = _state_of(points / maximum) if maximum > 0 else State.MET
    else:
        states = {r.state for r in results}
        state = next((s for s in (State.NEEDS_MANUAL, State.NOT_YET_DUE) if s in states),
                     State.NOT_APPLICABLE)
    if scored and manual_points and state is not State.ERROR:
        # Settled criteria count, as they do when a sibling is not yet due; the points that
        # await an assessor stay out of both sums, so they are named apart from them.
        unit = "point" if manual_points == 1 else "points"
        findings += (Label(f"待人工评定：{manual_points:g} 分，未计入得分和满分",
                           f"Awaiting an assessor: {manual_points:g} {unit}, outside the "
                           "points and the maximum"),)
    return ItemResult(state=state, points=points, maximum=maximum, criteria=results,
                      findings=findings + methods, evidence=evidence,
                      manual_points=manual_points, **common)  # type: ignore[arg-type]


def _methods(item: Item) -> tuple[Label, ...]:
    """The assessment methods in words, item first, then any criterion's own (a line each)."""
    lines: list[Label] = []
    for owner, methods in ((None, item.methods),
                           *((c, c.methods) for c in item.criteria if c.methods)):
        if not methods:
            continue
        names = [ASSESSMENT_METHODS[m] for m in methods]
        zh, en = "、".join(n.zh for n in names), ", ".join(n.en for n in names)
        if owner is None:
            lines.append(Label(f"评估方法：{zh}", f"Assessed by: {en}"))
        else:
            name = owner.label or Label(owner.id, owner.id)
            lines.append(Label(f"{name.zh}的评估方法：{zh}", f"{name.en} assessed by: {en}"))
    return tuple(lines)


def score_rubric(rubric: Rubric, dataset: Dataset, as_of: date, types: Mapping[str, CriterionType],
                 unit: str | None = None) -> Scorecard:
    """Score ``dataset`` under ``rubric`` as of ``as_of`` for ``unit`` (default: everyone)."""
    if rubric.id in dataset.overlays:
        rubric = apply_overlay(rubric, dataset.overlays[rubric.id])
    if unit is not None and unit not in dataset.units:
        raise KeyError(f"unknown unit {unit!r}")
    items = [evaluate_item(i, rubric, dataset, as_of, unit, types) for i in rubric.items()]
    bonuses = [evaluate_item(b, rubric, dataset, as_of, unit, types, bonus=True)
               for b in rubric.bonuses]
    earned, maximum, arithmetic = MODELS[rubric.model](rubric, items)
    bonus = sum(b.points for b in bonuses)
    if rubric.bonus_cap is not None:
        bonus = min(bonus, rubric.bonus_cap)
    vetoes = evaluate_vetoes(rubric, dataset, as_of, scope_units("system", dataset, unit))
    total = earned
    if rubric.model == "points":
        total = max(0.0, earned + bonus - sum(v.deduct for v in vetoes
                                              if v.consequence == "deduct"))
    areas = tuple(
        AreaResult(area.code, area.title,
                   sum(i.points for i in items if i.area == area.code and i.state.scored),
                   sum(i.maximum for i in items if i.area == area.code and i.state.scored),
                   area.points)
        for area in rubric.areas)
    verdict = _verdict(rubric, items, total, maximum, vetoes)
    return Scorecard(
        rubric_id=rubric.id, rubric_version=rubric.version, rubric_hash=rubric.content_hash,
        rubric_title=rubric.title, dataset_hash=dataset.content_hash, as_of=as_of,
        scope=scope_units("system", dataset, unit), unit=unit, total=total,
        maximum=maximum, nominal=rubric.total, pass_line=rubric.pass_line, verdict=verdict,
        arithmetic=arithmetic, areas=areas, items={i.code: i for i in [*items, *bonuses]},
        bonus=bonus, bonus_cap=rubric.bonus_cap, vetoes=vetoes, overlay=rubric.overlay,
        provider=rubric.provider)


def _verdict(rubric: Rubric, items: Sequence[ItemResult], total: float, maximum: float,
             vetoes: Sequence[VetoResult]) -> str | None:
    if any(v.consequence == "disqualify" for v in vetoes):
        return "fail"
    if rubric.pass_line is None or maximum <= 0:
        return None
    # The pass line is on the nominal scale; as of a date only due items count.
    line = rubric.pass_line / rubric.total * maximum if rubric.total else rubric.pass_line
    # A wholly open item hangs on its nominal points; a scored one on its unassessed part only.
    pending = sum(i.nominal if i.state in (State.NEEDS_MANUAL, State.ERROR) else i.manual_points
                  for i in items)
    if total + _EPS >= line:
        return "pass"
    if pending and total + pending + _EPS >= line:
        return "undetermined"
    return "fail"

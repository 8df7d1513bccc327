"""``ratio`` and ``survey``: criteria that measure a percentage.

``ratio`` divides a unit attribute or a record count (志愿者人数, 参加活动人次)
by a unit attribute (在职职工数); ``survey`` takes the latest survey result
(满意率, 知晓率) recorded for the scope. Each gives one
:class:`~wenming.scoring.checks.Measured` check: met at ``min`` percent, or
scored by the criterion's ``bands`` or ``slope``. Missing data never passes: a
scope without the denominator, or without a survey, needs an assessor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import ClassVar

import numpy as np
from attrs import field, frozen

from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check, Measured
from wenming.scoring.context import EvalContext
from wenming.scoring.criteria._common import filter_field, filtered

_MEASURES = ("count", "participants", "amount")


def _measure(value: str) -> str:
    if value not in _MEASURES:
        raise ValueError(f"measure must be one of {', '.join(_MEASURES)}, got {value!r}")
    return value


def _percent(_: object, attribute: object, value: float | None) -> None:
    if value is not None and not (math.isfinite(value) and value >= 0):
        raise ValueError(f"min must be a percentage of at least 0, got {value}")


@frozen
class RatioParams:
    MEASURES: ClassVar[bool] = True

    denominator: str = field(metadata={"help": Label(
        "分母：单位属性名（如 staff）", "denominator: a unit attribute (e.g. staff)")})
    numerator: str | None = field(default=None, metadata={"help": Label(
        "分子：单位属性名；不填则统计 kinds 的记录", "numerator: a unit attribute; without it, "
        "the records of kinds")})
    kinds: tuple[str, ...] = ()
    measure: str = field(default="count", converter=_measure, metadata={"help": Label(
        "记录的计量：count（条数）、participants（人次）、amount（金额）",
        "what records add up: count, participants or amount")})
    window: str = "campaign"
    min: float | None = field(default=None, validator=_percent, metadata={"help": Label(
        "达标比例（%），如 10", "the percentage required, e.g. 10")})
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")

    def __attrs_post_init__(self) -> None:
        if (self.numerator is None) == (not self.kinds):
            raise ValueError("give either numerator (a unit attribute) or kinds (records), "
                             "not both and not neither")


def _attribute_sum(ctx: EvalContext, units: Sequence[str], name: str
                   ) -> tuple[float, list[str]]:
    """The sum of a numeric attribute over ``units``, and the units that lack it."""
    total, lacking = 0.0, []
    for unit in units:
        value = ctx.dataset.units[unit].attributes.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            total += float(value)
        else:
            lacking.append(unit)
    return total, lacking


def _check(label: Label, value: float, minimum: float | None, due: bool,
           evidence: tuple[str, ...], detail: Label, deadline: date | None = None,
           unit: str | None = None) -> Measured:
    met = minimum is None or value + 1e-9 >= minimum
    need = Label("", "") if minimum is None else Label(f"，要求不低于 {minimum:g}%",
                                                       f", at least {minimum:g}% required")
    note = Label(f"{value:.4g}%（{detail.zh}）{need.zh}", f"{value:.4g}% ({detail.en}){need.en}")
    return Measured(label, 1, 1 if met else 0, due=due, evidence=evidence, note=note,
                    deadline=deadline, unit=unit, value=value)


def evaluate_ratio(params: RatioParams, ctx: EvalContext) -> Sequence[Check]:
    ctx = filtered(ctx, params)
    window = ctx.window(params.window)
    label = Label(f"比例：{params.numerator or '记录'}/{params.denominator}",
                  f"Ratio: {params.numerator or 'records'}/{params.denominator}")
    # Only units that state the denominator count, and their numerators with them.
    denominator, lacking = _attribute_sum(ctx, ctx.units, params.denominator)
    # A set built once: rebuilt per unit this was quadratic (31 s at 20,000 units).
    without = set(lacking)
    counted = [u for u in ctx.units if u not in without]
    if not counted or denominator <= 0:
        return [Check(label, 1, 0, manual=True, note=Label(
            f"范围内没有单位填写 {params.denominator}，需人工评定",
            f"no unit in scope gives {params.denominator}; needs manual assessment"))]
    evidence: tuple[str, ...] = ()
    due = True
    if params.numerator is not None:
        numerator, missing = _attribute_sum(ctx, counted, params.numerator)
        detail = Label(f"{numerator:g}/{denominator:g}", f"{numerator:g} of {denominator:g}")
        if missing:
            detail = Label(f"{detail.zh}；{len(missing)} 个单位未填写 {params.numerator}",
                           f"{detail.en}; {len(missing)} unit(s) give no {params.numerator}")
    else:
        store = ctx.dataset.store
        rows = ctx.rows(params.kinds, window)
        if params.measure == "participants":
            people = store.participants[rows]
            numerator = float(people[people >= 0].sum())
        elif params.measure == "amount":
            numerator = float(np.nansum(store.amount[rows]))
        else:
            numerator = float(rows.size)
        evidence = store.ids_of(rows)
        due = ctx.is_due(window)
        detail = Label(f"{numerator:g}/{denominator:g}", f"{numerator:g} of {denominator:g}")
    value = 100.0 * numerator / denominator
    return [_check(label, value, params.min, due or (params.min is not None
                                                     and value >= params.min),
                   evidence, detail, window.end)]


@frozen
class SurveyParams:
    MEASURES: ClassVar[bool] = True

    kinds: tuple[str, ...]
    window: str = "campaign"
    min: float | None = field(default=None, validator=_percent, metadata={"help": Label(
        "达标的满意率或知晓率（%）", "the rate required, in percent")})
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")


def evaluate_survey(params: SurveyParams, ctx: EvalContext) -> Sequence[Check]:
    """The latest survey result in the window for the scope (满意度、知晓率测评)."""
    ctx = filtered(ctx, params)
    window = ctx.window(params.window)
    store = ctx.dataset.store
    rows = store.in_order(ctx.rows(params.kinds, window))
    label = Label("测评结果", "Survey result")
    with_result = rows[~np.isnan(store.rate[rows]) | ~np.isnan(store.denominator[rows])]
    if not with_result.size:
        if rows.size:
            last = store.ids[int(rows[-1])]
            note = Label(f"记录 {last} 无测评结果（满意率或分子/分母），需人工评定",
                         f"record {last} has no result (rate or numerator/denominator); "
                         "needs manual assessment")
            return [Check(label, 1, 0, manual=True, evidence=(last,), note=note)]
        return [Check(label, 1, 0, manual=True, deadline=window.end, note=Label(
            "无测评记录，需人工评定", "no survey on record; needs manual assessment"))]
    row = int(with_result[-1])
    rate = float(store.rate[row])
    if math.isnan(rate):
        numerator, denominator = float(store.numerator[row]), float(store.denominator[row])
        rate = 100.0 * numerator / denominator
        detail = Label(f"{numerator:g}/{denominator:g}", f"{numerator:g} of {denominator:g}")
    else:
        sample = int(store.sample[row])
        detail = Label(f"样本 {sample}" if sample >= 0 else "样本量未填",
                       f"sample {sample}" if sample >= 0 else "no sample size")
    detail = Label(f"{store.ids[row]}，{detail.zh}", f"{store.ids[row]}, {detail.en}")
    return [_check(label, rate, params.min, True, (store.ids[row],), detail,
                   unit=store.units.order[int(store.unit[row])])]


RATIO = CriterionType(
    "ratio", RatioParams, evaluate_ratio,
    Label("比例达标（如志愿者占比）", "A ratio of unit attributes or records (e.g. volunteers "
          "per staff)"))
SURVEY = CriterionType(
    "survey", SurveyParams, evaluate_survey,
    Label("测评结果（满意率、知晓率）", "A survey's result (satisfaction, awareness)"))

"""Item 2's funding rules: money spent in every campaign year, and more of it each year.

The seed asks for both (三（一）2: "投入逐年递增" and "创建活动经费有保障"). The
core ``trend`` type compares calendar-year totals as they stand, so ¥0 then ¥1
passes and a first year cut short by the campaign window is compared with a
whole one. These two types read the same ``creation-spending`` records:

``funding-every-year``
    one check per campaign year (the part of it inside the window): the year's
    amounts must add up to more than zero.
``funding-rising``
    one check per pair of neighbouring campaign years, comparing **like
    months**: only the calendar months both years have inside the window
    (April–December for a campaign starting in April 2020). Like months rather
    than an annualised rate, because creation money is spent unevenly — much of
    it at year end — and scaling nine months up to twelve would reward or punish
    the season rather than the budget. The finding names the months compared.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from attrs import frozen

from wenming.calendar import DateWindow, month_window, year_window
from wenming.model.labels import Label
from wenming.plugins import CriterionType
from wenming.scoring.checks import Check
from wenming.scoring.context import EvalContext

__all__ = ["FUNDING_EVERY_YEAR", "FUNDING_RISING", "FundingParams"]


@frozen
class FundingParams:
    kinds: tuple[str, ...]
    window: str = "campaign"


def _money(value: float) -> str:
    return f"¥{value:,.2f}"


def _spent(ctx: EvalContext, kinds: tuple[str, ...], part: DateWindow
           ) -> tuple[float, tuple[str, ...], int]:
    """The amounts inside ``part``: their sum, the records and how many had no amount."""
    store = ctx.dataset.store
    rows = store.in_order(ctx.rows(kinds, part))
    amounts = store.amount[rows].tolist()
    # Summed in record order as Python floats, as the core's trend does: the same total to
    # the last bit on every machine.
    total = sum(a for a in amounts if not math.isnan(a))
    return total, store.ids_of(rows), sum(1 for a in amounts if math.isnan(a))


def _years(window: DateWindow) -> list[tuple[int, DateWindow]]:
    return [(year, part) for year in range(window.start.year, window.end.year + 1)
            if (part := year_window(year).clip(window)) is not None]


def evaluate_every_year(params: FundingParams, ctx: EvalContext) -> Sequence[Check]:
    checks: list[Check] = []
    for year, part in _years(ctx.window(params.window)):
        total, evidence, blank = _spent(ctx, params.kinds, part)
        funded = total > 0
        blank_zh = f"；{blank} 条记录无金额" if blank else ""
        blank_en = f"; {blank} record(s) without an amount" if blank else ""
        if funded:
            note = Label(f"经费 {_money(total)}{blank_zh}", f"{_money(total)} spent{blank_en}")
        else:
            note = Label(f"经费 {_money(total)}，无创建经费投入{blank_zh}",
                         f"{_money(total)} spent, no creation funding{blank_en}")
        checks.append(Check(Label(f"{year}年", str(year)), 1, 1 if funded else 0,
                            due=ctx.is_due(part) or funded, evidence=evidence,
                            deadline=part.end, note=note, start=part.start))
    return checks


def _like_months(before: DateWindow, now: DateWindow) -> tuple[int, int] | None:
    """The first and last calendar month both years have inside the window."""
    first = max(before.start.month, now.start.month)
    last = min(before.end.month, now.end.month)
    return (first, last) if first <= last else None


def _months_label(first: int, last: int) -> Label:
    if (first, last) == (1, 12):
        return Label("全年", "whole years")
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
             "Dec")
    zh = f"{first}月" if first == last else f"{first}–{last}月"
    en = names[first - 1] if first == last else f"{names[first - 1]}–{names[last - 1]}"
    return Label(f"同期（{zh}）", f"like months ({en})")


def evaluate_rising(params: FundingParams, ctx: EvalContext) -> Sequence[Check]:
    window = ctx.window(params.window)
    years = _years(window)
    checks: list[Check] = []
    for (previous, before), (year, now) in pairwise(years):
        months = _like_months(before, now)
        if months is None:
            # No month in common (a window from December to January): nothing to compare.
            continue
        first, last = months
        label = Label(f"{previous}→{year}年", f"{previous}→{year}")

        def part(y: int, first: int = first, last: int = last) -> DateWindow:
            span = DateWindow(month_window(y, first).start, month_window(y, last).end)
            return span.clip(window) or span

        spent_before, evidence_before, _ = _spent(ctx, params.kinds, part(previous))
        spent_now, evidence_now, _ = _spent(ctx, params.kinds, part(year))
        rising = spent_now > spent_before
        period = _months_label(first, last)
        word = Label("增长", "rising") if rising else Label("未增长", "not rising")
        note = Label(f"{period.zh}比较：{_money(spent_before)} → {_money(spent_now)}，{word.zh}",
                     f"{period.en}: {_money(spent_before)} → {_money(spent_now)}, {word.en}")
        checks.append(Check(label, 1, 1 if rising else 0,
                            due=ctx.is_due(part(year)) or rising,
                            evidence=evidence_before + evidence_now,
                            deadline=part(year).end, note=note))
    return checks


FUNDING_EVERY_YEAR = CriterionType(
    "funding-every-year", FundingParams, evaluate_every_year,
    Label("每年均有创建经费投入（金额大于零）", "Creation funding above zero in every year"))
FUNDING_RISING = CriterionType(
    "funding-rising", FundingParams, evaluate_rising,
    Label("创建投入逐年递增（同期月份比较）",
          "Creation spending rising year on year (like months compared)"))


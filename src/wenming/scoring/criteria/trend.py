"""``trend``: a yearly sum (spending, say) rising year on year."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from attrs import field, frozen

from wenming.calendar import DateWindow, year_window
from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check
from wenming.scoring.context import EvalContext
from wenming.scoring.criteria._common import filter_field, filtered


def _measure(value: str) -> str:
    if value not in ("amount", "count"):
        raise ValueError(f"measure must be 'amount' or 'count', got {value!r}")
    return value


@frozen
class TrendParams:
    kinds: tuple[str, ...]
    measure: str = field(default="amount", converter=_measure)
    strict: bool = True
    window: str = "campaign"
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")


def _fmt(value: float, measure: str) -> str:
    return f"¥{value:,.2f}" if measure == "amount" else f"{value:g}"


def evaluate_trend(params: TrendParams, ctx: EvalContext) -> Sequence[Check]:
    """Compare calendar-year totals inside the window.

    A first year cut short by the campaign window is compared as it stands: the
    rule in the seed ("投入逐年递增") is about what was spent, not a rate.
    """
    ctx = filtered(ctx, params)
    window = ctx.window(params.window)
    store = ctx.dataset.store
    totals: dict[int, float] = {}
    evidence: dict[int, tuple[str, ...]] = {}
    for year in range(window.start.year, window.end.year + 1):
        part = year_window(year).clip(window) or DateWindow(date(year, 1, 1), date(year, 1, 1))
        rows = store.in_order(ctx.rows(params.kinds, part))
        if params.measure == "amount":
            amounts = store.amount[rows]
            # summed in record order, as Python floats: the same total to the last bit
            totals[year] = sum(np.where(np.isnan(amounts), 0.0, amounts).tolist())
        else:
            totals[year] = float(rows.size)
        evidence[year] = store.ids_of(rows)
    checks: list[Check] = []
    for year in sorted(totals)[1:]:
        before, now = totals[year - 1], totals[year]
        rising = now > before if params.strict else now >= before
        due = ctx.is_due(year_window(year).clip(window) or year_window(year))
        word_zh = "增长" if rising else "未增长"
        word_en = "rising" if rising else "not rising"
        note = Label(f"{_fmt(before, params.measure)} → {_fmt(now, params.measure)}，{word_zh}",
                     f"{_fmt(before, params.measure)} → {_fmt(now, params.measure)}, {word_en}")
        checks.append(Check(Label(f"{year - 1}→{year}年", f"{year - 1}→{year}"), 1,
                            1 if rising else 0, due=due or rising,
                            evidence=evidence[year - 1] + evidence[year],
                            deadline=date(year, 12, 31), note=note))
    return checks


TREND = CriterionType(
    "trend", TrendParams, evaluate_trend,
    Label("年度合计逐年递增", "A yearly total rising year on year"))

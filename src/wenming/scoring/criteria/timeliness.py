"""``timeliness``: records filed within N days of the event (及时归档)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import field, frozen

from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check
from wenming.scoring.context import EvalContext
from wenming.scoring.criteria._common import filter_field, filtered
from wenming.scoring.reasons import timeliness_reason


def _not_negative(_: object, attribute: object, value: int) -> None:
    if value < 0:
        raise ValueError(f"min_reports must be 0 or more, got {value}")


@frozen
class TimelinessParams:
    kinds: tuple[str, ...] = ()
    within_days: int = 30
    window: str = "campaign"
    #: 全年未按要求报送: with fewer reports than this in the window, one more failed check.
    min_reports: int = field(default=0, validator=_not_negative, metadata={"help": Label(
        "窗口内至少应报送的记录数（不足则扣一次）",
        "reports required in the window; fewer is one failed check")})
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")


def evaluate_timeliness(params: TimelinessParams, ctx: EvalContext) -> Sequence[Check]:
    """One check per late or unfiled record, and per unit one weighted check for those in time.

    The criterion's ``threshold`` sets the share of records required in time;
    ``min_reports`` adds a check on how many there are, so that filing nothing
    is not "nothing required".
    """
    ctx = filtered(ctx, params)
    window = ctx.window(params.window)
    kinds = params.kinds or tuple(ctx.dataset.vocabulary.kinds)
    store = ctx.dataset.store
    as_of = ctx.as_of.toordinal()
    limit = params.within_days
    rows = store.in_order(ctx.rows(kinds, window))
    # What was filed after the as-of date was not in the archive yet on that date.
    filed = store.filed[rows]
    filed = np.where(filed > as_of, 0, filed)
    end = store.end[rows]
    last_day = np.where(end > 0, end, store.day[rows])
    delay = filed - last_day
    in_time = (filed > 0) & (delay <= limit)

    # Units in the order their first in-time record appears, each with its records' ids.
    on_time = rows[in_time]
    owners = store.unit[on_time]
    ids = store.ids
    label = Label(f"{limit} 天内归档的记录", f"Records filed within {limit} days")
    checks: list[Check] = []
    if on_time.size:
        present, first = np.unique(owners, return_index=True)
        grouped = np.argsort(owners, kind="stable")
        sorted_owners = owners[grouped]
        grouped_ids = [ids[r] for r in on_time[grouped].tolist()]
        unit_names = store.units.order
        in_order = present[np.argsort(first)]
        starts = np.searchsorted(sorted_owners, in_order, "left").tolist()
        stops = np.searchsorted(sorted_owners, in_order, "right").tolist()
        for unit_code, a, b in zip(in_order.tolist(), starts, stops, strict=True):
            checks.append(Check(label, 1, 1, evidence=tuple(grouped_ids[a:b]),
                                unit=unit_names[unit_code], weight=b - a))

    late = ~in_time
    titles = store.titles
    unit_names = store.units.order
    for row, unit_code, unfiled, lag, last in zip(
            rows[late].tolist(), store.unit[rows[late]].tolist(), (filed[late] == 0).tolist(),
            delay[late].tolist(), last_day[late].tolist(), strict=True):
        if unfiled:
            note = Label("无归档日期", "no filing date")
        else:
            note = Label(f"事后 {lag} 天归档（限 {limit} 天）",
                         f"filed {lag} days after (limit {limit})")
        # A record not yet filed is not late until its allowance has run out.
        due = last + limit <= as_of
        name = f"{ids[row]} {titles[row]}".strip()
        checks.append(Check(Label(name, name), 1, 0, due=due, evidence=(ids[row],),
                            unit=unit_names[unit_code], note=note, reasons=(
                                timeliness_reason(row, store, note, unfiled,
                                                  None if unfiled else lag),)))
    if params.min_reports:
        checks.append(Check(Label("报送数量", "Reports filed"), params.min_reports,
                            int(rows.size), due=ctx.is_due(window), deadline=window.end,
                            start=window.start))
    return checks


TIMELINESS = CriterionType(
    "timeliness", TimelinessParams, evaluate_timeliness,
    Label("记录按时归档", "Records filed within N days of the event"))

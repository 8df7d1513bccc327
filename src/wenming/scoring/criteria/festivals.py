"""``festivals``: an activity at each listed festival in each campaign year."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from attrs import field, frozen

from wenming.calendar import (
    FestivalWindow,
    festival_date,
    festival_on,
    festival_window,
    get_festival,
)
from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check
from wenming.scoring.context import EvalContext


def _festival_ids(names: tuple[str, ...]) -> tuple[str, ...]:
    try:
        return tuple(get_festival(name).id for name in names)
    except KeyError as error:
        raise ValueError(str(error)) from None


@frozen
class FestivalsParams:
    festivals: tuple[str, ...] = field(converter=_festival_ids)
    kinds: tuple[str, ...] = ("festival-activity",)
    before: int | None = None
    after: int | None = None
    window: str = "campaign"


def evaluate_festivals(params: FestivalsParams, ctx: EvalContext) -> Sequence[Check]:
    campaign_window = ctx.window(params.window)
    default = ctx.festival_window
    around = FestivalWindow(default.before if params.before is None else params.before,
                            default.after if params.after is None else params.after)
    store = ctx.dataset.store
    checks: list[Check] = []
    for year in range(campaign_window.start.year, campaign_window.end.year + 1):
        for festival_id in params.festivals:
            # A festival outside the campaign window is not required that year.
            if not campaign_window.contains(festival_date(festival_id, year)):
                continue
            festival = get_festival(festival_id)
            window = festival_window(festival_id, year, around)
            # An unlabelled record counts for the nearest listed festival only, so one
            # activity between 三月三 and 清明 is not counted twice.
            rows = ctx.rows(params.kinds, window)
            labels = store.festival[rows]
            keep = labels == store.festival_code.get(festival_id, -2)
            unlabelled = labels == -1
            if unlabelled.any():
                days = store.day[rows]
                nearest = {d: festival_on(date.fromordinal(d), params.festivals, around)
                           == festival_id for d in set(days[unlabelled].tolist())}
                keep |= unlabelled & np.array([nearest.get(d, False) for d in days.tolist()],
                                              dtype=bool)
            found = store.ids_of(rows[keep])
            checks.append(Check(Label(f"{year}年{festival.zh}", f"{festival.en} {year}"), 1,
                                len(found), due=ctx.is_due(window), evidence=found,
                                deadline=window.end))
    return checks


FESTIVALS = CriterionType(
    "festivals", FestivalsParams, evaluate_festivals,
    Label("每年各节日均有活动", "An activity at each listed festival, every year"))

"""``festivals``: an activity at each listed festival in each campaign year."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from attrs import field, frozen

from wenming.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    FestivalWindow,
    festival_date,
    festival_window,
    get_festival,
)
from wenming.model.labels import Label
from wenming.plugins.types import CriterionType
from wenming.scoring.checks import Check
from wenming.scoring.context import EvalContext
from wenming.scoring.criteria._common import filter_field, filtered


def _festival_ids(names: tuple[str, ...]) -> tuple[str, ...]:
    try:
        return tuple(get_festival(name).id for name in names)
    except KeyError as error:
        raise ValueError(str(error)) from None


def _nearest(day: date, festivals: tuple[str, ...], around: FestivalWindow) -> frozenset[str]:
    """The listed festivals nearest to ``day`` among those whose window holds it.

    More than one on a tie: 三月三 and 清明 fall on the same day in 2030 and 2049,
    and an activity that day is held at both, so it counts for both. A day
    equally far from two festivals counts for both as well, rather than for
    whichever the rubric happens to list first.
    """
    distances: dict[str, int] = {}
    for festival_id in festivals:
        # Windows can straddle New Year (春节 in late January, a wide window in December).
        for year in (day.year - 1, day.year, day.year + 1):
            if not FIRST_YEAR <= year <= LAST_YEAR:
                continue
            if festival_window(festival_id, year, around).contains(day):
                distance = abs((festival_date(festival_id, year) - day).days)
                distances[festival_id] = min(distance, distances.get(festival_id, distance))
    if not distances:
        return frozenset()
    best = min(distances.values())
    return frozenset(f for f, distance in distances.items() if distance == best)


@frozen
class FestivalsParams:
    festivals: tuple[str, ...] = field(converter=_festival_ids)
    kinds: tuple[str, ...] = ("festival-activity",)
    before: int | None = None
    after: int | None = None
    window: str = "campaign"
    refs: tuple[str, ...] = filter_field("refs")
    tags: tuple[str, ...] = filter_field("tags")


def evaluate_festivals(params: FestivalsParams, ctx: EvalContext) -> Sequence[Check]:
    ctx = filtered(ctx, params)
    campaign_window = ctx.window(params.window)
    default = ctx.festival_window
    around = FestivalWindow(default.before if params.before is None else params.before,
                            default.after if params.after is None else params.after)
    store = ctx.dataset.store
    checks: list[Check] = []
    nearest_on: dict[int, frozenset[str]] = {}
    for year in range(campaign_window.start.year, campaign_window.end.year + 1):
        for festival_id in params.festivals:
            # A festival outside the campaign window is not required that year.
            if not campaign_window.contains(festival_date(festival_id, year)):
                continue
            festival = get_festival(festival_id)
            window = festival_window(festival_id, year, around)
            # An unlabelled record counts for the nearest listed festival only, so one
            # activity between 三月三 and 清明 is not counted twice (a tie counts for each).
            rows = ctx.rows(params.kinds, window)
            labels = store.festival[rows]
            # A record labelled with a listed festival that falls on this festival's own day
            # this year (清明 and 三月三 in 2030 and 2049) was held during both: it counts for both.
            day = festival_date(festival_id, year)
            codes = [store.festival_code.get(other, -2) for other in params.festivals
                     if other == festival_id or festival_date(other, year) == day]
            keep = np.isin(labels, codes)
            unlabelled = labels == -1
            if unlabelled.any():
                days = store.day[rows][unlabelled].tolist()
                # Days repeat across festivals and years: each day's nearest is found once.
                for d in set(days) - nearest_on.keys():
                    nearest_on[d] = _nearest(date.fromordinal(d), params.festivals, around)
                keep[unlabelled] = np.array([festival_id in nearest_on[d] for d in days],
                                            dtype=bool)
            found = store.ids_of(rows[keep])
            checks.append(Check(Label(f"{year}年{festival.zh}", f"{festival.en} {year}"), 1,
                                len(found), due=ctx.is_due(window), evidence=found,
                                deadline=window.end, start=window.start))
    return checks


FESTIVALS = CriterionType(
    "festivals", FestivalsParams, evaluate_festivals,
    Label("每年各节日均有活动", "An activity at each listed festival, every year"))

"""Progress without an archive: the campaign scored as of each period end.

Scoring is a pure function of the ledgers and an as-of date, so the curve a
unit would have seen month by month is recomputed from today's ledgers: a
unit that starts using wenming late still sees its whole campaign. Records
filed late show up at the date they are dated, not when they were filed —
the curve is what the ledgers say now, not what an archive said then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta

from attrs import frozen

from wenming.calendar import DateWindow, Granularity, periods_between
from wenming.dataset import Dataset
from wenming.errors import WenmingError
from wenming.model.labels import EMPTY_LABEL, Label
from wenming.scoring.scorecard import Scorecard
from wenming.scoring.scorer import Scorer
from wenming.scoring.states import State

__all__ = ["EVERY", "RubricTrend", "Trend", "TrendPoint", "build_trend", "pass_line_at",
           "step_dates"]

#: The steps a trend may take.
EVERY = ("week", "month", "quarter")


class TrendError(WenmingError, ValueError):
    """A trend that cannot be drawn: an unknown step, or an empty date range."""


@frozen
class TrendPoint:
    """One rubric's standing as of one date.

    ``line`` is the pass line as the verdict applies it on that date: the
    nominal pass line scaled to the points due so far (``pass_line / nominal
    × maximum``), so that early in a campaign, with few items due, the line
    is as low as the maximum. ``turned_met`` lists the items met on this
    date that were not met at the previous step (at the first step, every
    met item); ``no_longer_met`` those met before and not now.
    """

    as_of: date
    total: float
    maximum: float
    line: float | None
    verdict: str | None
    met: int
    scored: int
    turned_met: tuple[str, ...] = ()
    no_longer_met: tuple[str, ...] = ()

    @property
    def share(self) -> float | None:
        """The total as a share of the points due (None while nothing is due)."""
        return self.total / self.maximum if self.maximum > 0 else None


@frozen
class RubricTrend:
    """One rubric's curve: a point per step, and its items' titles for the reader."""

    rubric_id: str
    title: Label
    nominal: float
    pass_line: float | None
    points: tuple[TrendPoint, ...]
    items: dict[str, Label]

    @property
    def last(self) -> TrendPoint:
        return self.points[-1]

    def item_title(self, code: str) -> Label:
        return self.items.get(code) or Label(code, code)


@frozen
class Trend:
    """Every rubric's curve over the same dates."""

    every: str
    dates: tuple[date, ...]
    rubrics: tuple[RubricTrend, ...]
    dataset_title: Label = EMPTY_LABEL

    @property
    def start(self) -> date:
        return self.dates[0]

    @property
    def end(self) -> date:
        return self.dates[-1]

    def rubric(self, rubric_id: str) -> RubricTrend:
        for entry in self.rubrics:
            if entry.rubric_id == rubric_id:
                return entry
        raise KeyError(rubric_id)


def pass_line_at(card: Scorecard) -> float | None:
    """The pass line the verdict of ``card`` was measured against (see ``_verdict`` in
    :mod:`wenming.scoring.engine`): nominal, scaled to the points due on its date."""
    if card.pass_line is None or card.maximum <= 0:
        return None
    return card.pass_line / card.nominal * card.maximum if card.nominal else card.pass_line


def step_dates(window: DateWindow, every: str) -> tuple[date, ...]:
    """Each period end inside ``window``, and the window's last day when it is not one.

    Weeks end on Sunday (ISO 8601); months and quarters on their calendar end.
    """
    if every not in EVERY:
        raise TrendError(f"unknown step {every!r}; expected one of {', '.join(EVERY)} / "
                         f"未知的统计周期 {every!r}，可用：{'、'.join(EVERY)}")
    if every == "week":
        first = window.start + timedelta(days=6 - window.start.weekday())
        ends = [first + timedelta(weeks=n)
                for n in range((window.end - first).days // 7 + 1) if first <= window.end]
    else:
        granularity = Granularity.parse(every)
        ends = [p.end for p in periods_between(window, granularity) if p.end <= window.end]
    if not ends or ends[-1] != window.end:
        ends.append(window.end)
    return tuple(ends)


def build_trend(scorer: Scorer, dataset: Dataset, rubric_ids: Sequence[str] | None = None,
                every: str = "month", start: date | None = None, end: date | None = None,
                *, on_step: Callable[[date], object] | None = None) -> Trend:
    """Score ``dataset`` under each rubric as of every step from ``start`` to ``end``.

    ``start`` and ``end`` default to the campaign's window; ``end`` is the
    as-of date a command reports to. ``on_step`` is called before each date
    is scored (a progress bar). Costs one scoring per rubric and step.
    """
    window = dataset.campaign.window
    first = start or window.start
    last = end or window.end
    if last < first:
        raise TrendError(f"the trend ends ({last}) before it starts ({first}) / "
                         f"统计截止日 {last} 早于起始日 {first}")
    dates = step_dates(DateWindow(first, last), every)
    ids = list(rubric_ids) if rubric_ids else list(scorer.rubric_ids())
    series: dict[str, list[Scorecard]] = {rubric: [] for rubric in ids}
    for day in dates:
        if on_step is not None:
            on_step(day)
        for card in scorer.score_all(dataset, ids, day):
            series[card.rubric_id].append(card)
    rubrics = tuple(_rubric_trend(cards) for cards in series.values() if cards)
    return Trend(every, dates, rubrics, dataset.campaign.title)


def _met(card: Scorecard) -> set[str]:
    return {code for code, item in card.items.items()
            if item.state is State.MET and not item.bonus}


def _rubric_trend(cards: Iterable[Scorecard]) -> RubricTrend:
    points: list[TrendPoint] = []
    before: set[str] = set()
    cards = tuple(cards)
    for card in cards:
        met = _met(card)
        order = list(card.items)
        points.append(TrendPoint(
            card.as_of, card.total, card.maximum, pass_line_at(card), card.verdict, len(met),
            sum(1 for i in card.items.values() if i.state.scored and not i.bonus),
            tuple(c for c in order if c in met - before),
            tuple(c for c in order if c in before - met)))
        before = met
    last = cards[-1]
    return RubricTrend(last.rubric_id, last.rubric_title, last.nominal, last.pass_line,
                       tuple(points), {code: item.title for code, item in last.items.items()})

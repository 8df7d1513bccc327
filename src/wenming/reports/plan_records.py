"""What the planner's hypothetical records carry, and what its search may assume.

A proposed record must count where its activity says it will: it carries
one of the tags (and references) its criteria list, the participant minimum
a criterion sets, the festival whose window its check is, and a unit the
item's scope includes. The search (:mod:`wenming.reports.plan_search`)
takes from here which criteria a record of a kind could count for and the
most each could still gain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from wenming.calendar import FestivalWindow, festival_window
from wenming.dataset import Dataset
from wenming.model import Evidence
from wenming.model.labels import Label
from wenming.rubric.document import Criterion, Item, Rubric
from wenming.rubric.overlay import apply_overlay
from wenming.scoring.checks import Check
from wenming.scoring.engine import scope_units
from wenming.scoring.scorecard import Scorecard
from wenming.scoring.scorer import Scorer

__all__ = ["planned_record", "recoverable", "rubric_of", "touches"]


def planned_record(record_id: str, kind: str, day: date, unit: str, what: Label,
                   criteria: Sequence[tuple[str, str, int, Check]],
                   rubrics: Mapping[str, Rubric | None], dataset: Dataset) -> Evidence:
    """A hypothetical record of ``kind`` on ``day`` with what ``criteria``'s checks ask for.

    ``unit`` acts; the record is filed under it when its records count for
    every criterion, else under the check's own unit or one in the item's scope.
    """
    tags: dict[str, None] = {}
    refs: dict[str, None] = {}
    participants: int | None = None
    festival: str | None = None
    for rubric_id, item_code, index, check in criteria:
        found = _criterion(rubrics.get(rubric_id), item_code, index)
        if found is None:
            continue
        item, criterion, rubric = found
        params = criterion.params
        # One of the listed tags (or references) is enough; the first is the rubric's own word.
        for name, into in (("tags", tags), ("refs", refs)):
            wanted = tuple(getattr(params, name, ()) or ())
            if wanted and not set(wanted) & into.keys():
                into[wanted[0]] = None
        least_people = getattr(params, "participants", None)
        if isinstance(least_people, int) and not isinstance(least_people, bool):
            participants = max(participants or 0, least_people)
        festival = festival or _festival_of(params, check, rubric)
        unit = check.unit or _in_scope(unit, item, criterion, dataset)
    return Evidence(record_id, unit, kind, day,
                    title=f"（拟）{what.zh} / (planned) {what.en}", filed=day,
                    participants=participants, festival=festival, tags=tuple(tags),
                    refs=tuple(refs))


def rubric_of(scorer: Scorer, rubric_id: str, dataset: Dataset) -> Rubric | None:
    rubric = scorer.rubrics.get(rubric_id)
    if rubric is not None and rubric_id in dataset.overlays:
        rubric = apply_overlay(rubric, dataset.overlays[rubric_id])
    return rubric


def _criterion(rubric: Rubric | None, item_code: str, index: int
               ) -> tuple[Item, Criterion, Rubric] | None:
    if rubric is None:
        return None
    try:
        item = rubric.item(item_code)
    except KeyError:
        return None
    if not 0 <= index < len(item.criteria):
        return None
    return item, item.criteria[index], rubric


def _in_scope(unit: str, item: Item, criterion: Criterion, dataset: Dataset) -> str:
    """``unit`` when its records count for the criterion, else the first unit whose do."""
    units = scope_units(item.scope, dataset, None)
    for condition in (item.applies_if, criterion.applies_if):
        if condition is not None:
            units = condition.units(units, lambda u: dataset.units[u].attributes)
    if unit in units or not units:
        return unit
    responsible = dataset.campaign.responsible_unit()
    return responsible if responsible in units else units[0]


def _festival_of(params: object, check: Check, rubric: Rubric) -> str | None:
    """The listed festival whose window is the check's, so the record counts for it."""
    festivals = tuple(getattr(params, "festivals", ()) or ())
    if not festivals or check.deadline is None:
        return None
    raw = rubric.defaults.get("festival_window")
    default = FestivalWindow(int(raw.get("before", 7)), int(raw.get("after", 7))) \
        if isinstance(raw, Mapping) else FestivalWindow()
    before, after = getattr(params, "before", None), getattr(params, "after", None)
    around = FestivalWindow(default.before if before is None else before,
                            default.after if after is None else after)
    for festival_id in festivals:
        for year in (check.deadline.year - 1, check.deadline.year):
            try:
                window = festival_window(festival_id, year, around)
            except (KeyError, ValueError):
                continue
            if window.end == check.deadline and (check.start is None
                                                 or window.start == check.start):
                return str(festival_id)
    return None


def touches(kind: str, cards: Sequence[Scorecard]) -> frozenset[tuple[str, str, int]]:
    """Every criterion a record of ``kind`` could count for (no kinds: every kind)."""
    return frozenset((card.rubric_id, item.code, criterion.index)
                     for card in cards for item in card.items.values() if not item.bonus
                     for criterion in item.criteria
                     if not criterion.kinds or kind in criterion.kinds)


def recoverable(cards: Sequence[Scorecard]) -> dict[tuple[str, str, int], float]:
    """The most each criterion could still gain: its lost points, or (not yet counted) its
    item's, plus each rubric's bonus headroom on every criterion (a bound, never less)."""
    out: dict[tuple[str, str, int], float] = {}
    for card in cards:
        bonus_items = [i for i in card.items.values() if i.bonus]
        headroom = sum(i.nominal - i.points for i in bonus_items)
        if card.bonus_cap is not None:
            headroom = min(headroom, max(0.0, card.bonus_cap - card.bonus))
        for item in card.items.values():
            if item.bonus:
                continue
            for criterion in item.criteria:
                lost = (criterion.maximum - criterion.points if criterion.maximum > 0
                        else item.nominal)
                out[(card.rubric_id, item.code, criterion.index)] = max(0.0, lost) + headroom
    return out

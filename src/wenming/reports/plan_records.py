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
from wenming.scoring.scorecard import CriterionResult, Scorecard
from wenming.scoring.scorer import Scorer

__all__ = ["Bounds", "planned_record", "rubric_of"]


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


#: Types whose checks are fixed by window (and unit): a new record can only meet those of
#: them whose window holds its date. Any other type may add a check per record (timeliness)
#: or read records its own way, so the bound takes all it has lost.
_BY_WINDOW = frozenset({"present", "in-phase", "frequency", "count-range", "coverage",
                        "festivals"})
#: Candidates × checks past which the bound takes every criterion's loss (it stays valid).
_MAX_PAIRS = 2_000_000

_Key = tuple[str, str, int]
_Fix = tuple[frozenset[int] | None, bool]


class Bounds:
    """What a set of proposed activities can recover at most, per rubric.

    Never less than scoring would give, so a set whose bound falls short of a
    rubric's deficit cannot pass and need not be scored. A criterion counted
    by window recovers at most what meeting every failed check whose window
    (and unit) holds one of the set's records earns (``gain_if_fixed``); any
    other criterion, all it has lost; a check still running that a record
    falls in may become counted, which is allowed for with its item's points;
    and each rubric's bonus headroom is added once.
    """

    def __init__(self, cards: Sequence[Scorecard], records: Sequence[Sequence[Evidence]],
                 kinds: Sequence[str], dataset: Dataset) -> None:
        self.results: dict[_Key, CriterionResult] = {}
        self.nominal: dict[_Key, float] = {}
        self.headroom: dict[str, float] = {}
        for card in cards:
            bonus = [i for i in card.items.values() if i.bonus]
            room = sum(max(0.0, i.nominal - i.points) for i in bonus)
            if card.bonus_cap is not None:
                room = min(room, max(0.0, card.bonus_cap - card.bonus))
            self.headroom[card.rubric_id] = room
            for item in card.items.values():
                if item.bonus:
                    continue
                for criterion in item.criteria:
                    key = (card.rubric_id, item.code, criterion.index)
                    self.results[key] = criterion
                    self.nominal[key] = item.nominal
        pairs = len(records) * sum(len(c.checks) for c in self.results.values()
                                   if c.type in _BY_WINDOW)
        tight = pairs <= _MAX_PAIRS
        subtree: dict[str, frozenset[str]] = {}

        def under(unit: str) -> frozenset[str]:
            if unit not in subtree:
                subtree[unit] = frozenset(dataset.subtree(unit)) if unit in dataset.units \
                    else frozenset((unit,))
            return subtree[unit]

        #: Per option: criterion → (failed checks its records may meet, None: any of them;
        #: whether a running check may become counted too).
        self.fixes: list[dict[_Key, _Fix]] = []
        for option_records, kind in zip(records, kinds, strict=True):
            fixes: dict[_Key, _Fix] = {}
            for key, result in self.results.items():
                if result.kinds and kind not in result.kinds:
                    continue
                if not tight or result.type not in _BY_WINDOW:
                    fixes[key] = (None, any(not c.due and not c.passed and not c.manual
                                            for c in result.checks))
                    continue
                met: set[int] = set()
                running = False
                for j, check in enumerate(result.checks):
                    if check.passed or check.manual:
                        continue
                    if not any((check.start is None or check.start <= r.date)
                               and (check.deadline is None or r.date <= check.deadline)
                               and (check.unit is None or r.unit in under(check.unit))
                               for r in option_records):
                        continue
                    if check.due:
                        met.add(j)
                    else:
                        running = True
                if met or running:
                    fixes[key] = (frozenset(met), running)
            self.fixes.append(fixes)
        #: Per option, what it could add to any set: its criteria's whole losses.
        self.loose = [self._sum({k: (None, running) for k, (_, running) in f.items()})
                      for f in self.fixes]
        self._gains: dict[tuple[_Key, frozenset[int]], float] = {}

    def _lost(self, key: _Key) -> float:
        result = self.results[key]
        return max(0.0, result.maximum - result.points) if result.maximum > 0 else 0.0

    def _gain(self, key: _Key, checks: frozenset[int]) -> float:
        found = self._gains.get((key, checks))
        if found is None:
            result = self.results[key]
            found = min(self._lost(key), result.gain_if_fixed([result.checks[j]
                                                                for j in sorted(checks)]))
            self._gains[(key, checks)] = found
        return found

    def _sum(self, merged: Mapping[_Key, _Fix]) -> dict[str, float]:
        out: dict[str, float] = {}
        for key, (fixed, running) in merged.items():
            gain = (self._lost(key) if fixed is None
                    else self._gain(key, fixed) if fixed else 0.0)
            if running:
                gain += self.nominal[key]
            out[key[0]] = out.get(key[0], 0.0) + gain
        return out

    def of(self, chosen: Sequence[int]) -> dict[str, float]:
        """The bound of the options ``chosen`` together, per rubric (headroom included)."""
        merged: dict[_Key, _Fix] = {}
        for i in chosen:
            for key, (fixed, running) in self.fixes[i].items():
                old = merged.get(key)
                if old is None:
                    merged[key] = (fixed, running)
                else:
                    both = None if old[0] is None or fixed is None else old[0] | fixed
                    merged[key] = (both, old[1] or running)
        out = self._sum(merged)
        for rubric, room in self.headroom.items():
            out[rubric] = out.get(rubric, 0.0) + room
        return out

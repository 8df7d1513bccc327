"""The score report: one or more scorecards with what a reader needs around them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from attrs import field, frozen

from wenming.dataset import Dataset
from wenming.model.labels import EMPTY_LABEL, Label
from wenming.reports.gaps import GapList, build_gaps
from wenming.scoring.scorecard import Scorecard

__all__ = ["HeatMap", "ScoreReport", "heat_map"]


def _cards(value: Iterable[Scorecard]) -> tuple[Scorecard, ...]:
    return tuple(value)


@frozen
class ScoreReport:
    """Scorecards of one dataset as of one date, ready for a reporter.

    ``units`` names the units (id → label) so reporters need not hold the
    dataset; ``gaps`` is the rectification list when it was built with the
    dataset (reporters build a plainer one from the cards otherwise).
    """

    cards: tuple[Scorecard, ...] = field(converter=_cards)
    dataset_title: Label = EMPTY_LABEL
    as_of: date | None = None
    units: Mapping[str, Label] = field(factory=dict)
    gaps: GapList | None = None

    @classmethod
    def of(cls, cards: Iterable[Scorecard], dataset: Dataset | None = None,
           as_of: date | None = None) -> ScoreReport:
        """A report of ``cards``; with ``dataset``, with unit names and its rectification list."""
        cards = tuple(cards)
        day = as_of or (cards[0].as_of if cards else None)
        if dataset is None:
            return cls(cards, EMPTY_LABEL, day)
        units = {u.id: u.name for u in dataset.units}
        return cls(cards, dataset.campaign.title, day, units, build_gaps(cards, dataset, day))

    def unit_name(self, unit: str) -> Label:
        return self.units.get(unit) or Label(unit, unit)

    def gap_list(self) -> GapList:
        return self.gaps if self.gaps is not None else build_gaps(self.cards, None, self.as_of)


@frozen
class HeatMap:
    """Per unit and item, how many of the unit's checks are met (of those that count).

    Only checks about a unit (coverage, timeliness … set ``check.unit``)
    enter; ``cells[(unit, item)]`` is ``(met, counted)``, absent when the
    item has no counted check about that unit. An assessor's check counts
    as the share it scored (90 % → 0.9 met), not as unmet.
    """

    rubric_id: str
    units: tuple[str, ...]
    items: tuple[tuple[str, Label], ...]
    cells: Mapping[tuple[str, str], tuple[float, int]]

    def share(self, unit: str, item: str) -> float | None:
        cell = self.cells.get((unit, item))
        if cell is None or cell[1] == 0:
            return None
        return cell[0] / cell[1]

    @property
    def empty(self) -> bool:
        return not self.items


def heat_map(card: Scorecard) -> HeatMap:
    """The unit × item matrix of a scorecard (units in scope, items with unit checks)."""
    cells: dict[tuple[str, str], tuple[float, int]] = {}
    items: list[tuple[str, Label]] = []
    for item in card.items.values():
        counts: dict[str, list[float]] = {}
        for criterion in item.criteria:
            for check in criterion.checks:
                if check.unit is None or check.manual or not (check.due or check.passed):
                    continue
                tally = counts.setdefault(check.unit, [0, 0])
                if check.score is not None:
                    tally[0] += check.weight * check.score / 100
                elif check.passed:
                    tally[0] += check.weight
                tally[1] += check.weight
        if counts:
            items.append((item.code, item.title))
            cells.update({(unit, item.code): (met, int(total)) for unit, (met, total)
                          in counts.items()})
    units = list(card.scope)
    units += sorted({unit for unit, _ in cells} - set(units))
    return HeatMap(card.rubric_id, tuple(units), tuple(items), cells)

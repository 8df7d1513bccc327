"""All rubrics side by side: totals, areas, which records count where, and disagreements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from attrs import field, frozen

from wenming.dataset import Dataset
from wenming.model.labels import EMPTY_LABEL, Label
from wenming.scoring.scorecard import AreaResult, Scorecard
from wenming.scoring.states import State

__all__ = ["NO_RECORD", "Comparison", "KindComparison", "RubricColumn", "build_comparison"]

#: A kind whose criteria are met by records of other kinds, none of its own.
NO_RECORD = Label("无此类记录（由其他类别记录达标）", "No record (met by other kinds)")


@frozen
class RubricColumn:
    """One rubric's headline numbers."""

    rubric_id: str
    version: str
    title: Label
    model: str
    total: float
    maximum: float
    nominal: float
    pass_line: float | None
    verdict: str | None
    areas: tuple[AreaResult, ...]
    overlay: str | None = None
    counted: int = 0

    @property
    def share(self) -> float:
        """Total as a share of the maximum due (0 when nothing is due)."""
        return self.total / self.maximum if self.maximum else 0.0


@frozen
class KindComparison:
    """How the criteria about one evidence kind fare in each rubric.

    ``states[rubric]`` is MET when every scored criterion using the kind is
    met, UNMET when none is, PARTIAL otherwise; a non-scored state
    (not-yet-due, needs-manual …) when none is scored; absent when the
    rubric does not ask for the kind at all.
    """

    kind: str
    label: Label
    states: Mapping[str, State]
    #: Records of this kind each rubric counted; empty when built without the dataset.
    records: Mapping[str, int] = field(factory=dict)

    def unrecorded(self, rubric: str) -> bool:
        """Met in ``rubric`` by the records of other kinds: none of this kind counted.

        A criterion asking for "volunteer service or eco outreach" is met by
        either; the kind it did not need must not read as met.
        """
        return (self.states.get(rubric) is State.MET and bool(self.records)
                and self.records.get(rubric, 0) == 0)

    def shown(self, rubric: str) -> Label | None:
        """The state in ``rubric`` in words, or None when the rubric does not ask for the kind."""
        state = self.states.get(rubric)
        if state is None:
            return None
        return NO_RECORD if self.unrecorded(rubric) else state.label

    @property
    def divergent(self) -> bool:
        """Met (by records of this kind) in one rubric but falling short in another."""
        return bool(self.met_in) and bool(self.short_in)

    @property
    def met_in(self) -> tuple[str, ...]:
        return tuple(r for r, s in self.states.items()
                     if s is State.MET and not self.unrecorded(r))

    @property
    def short_in(self) -> tuple[str, ...]:
        return tuple(r for r, s in self.states.items() if s.shortfall)


@frozen
class Comparison:
    """Rubrics compared on one dataset.

    ``evidence_use`` maps each record counted by any rubric to the rubric
    ids that count it (in rubric order); ``unused`` lists records no
    rubric counts.
    """

    as_of: date | None
    dataset_title: Label
    rubrics: tuple[RubricColumn, ...]
    evidence_use: Mapping[str, tuple[str, ...]]
    evidence_kinds: Mapping[str, str]
    kinds: tuple[KindComparison, ...]
    unused: tuple[str, ...] = ()

    @property
    def rubric_ids(self) -> tuple[str, ...]:
        return tuple(r.rubric_id for r in self.rubrics)

    def single_use(self) -> dict[str, str]:
        """Records counted by exactly one rubric: evidence id → that rubric."""
        if len(self.rubrics) < 2:
            return {}
        return {e: rubrics[0] for e, rubrics in self.evidence_use.items() if len(rubrics) == 1}

    def shared(self) -> tuple[str, ...]:
        """Records counted by every rubric compared."""
        every = len(self.rubrics)
        return tuple(e for e, rubrics in self.evidence_use.items() if len(rubrics) == every)

    def divergent(self) -> tuple[KindComparison, ...]:
        return tuple(k for k in self.kinds if k.divergent)

    def area_codes(self) -> tuple[str, ...]:
        """Area codes in first-seen order across rubrics."""
        return tuple(dict.fromkeys(a.code for r in self.rubrics for a in r.areas))


def build_comparison(cards: Iterable[Scorecard], dataset: Dataset | None = None
                     ) -> Comparison:
    """Compare ``cards`` (one per rubric) on the dataset they were scored on."""
    cards = tuple(cards)
    use: dict[str, list[str]] = {}
    per_kind: dict[str, dict[str, list[State]]] = {}
    columns: list[RubricColumn] = []
    for card in cards:
        counted: set[str] = set()
        for item in card.items.values():
            for evidence_id in item.evidence:
                if evidence_id not in counted:
                    counted.add(evidence_id)
                    use.setdefault(evidence_id, []).append(card.rubric_id)
            for criterion in item.criteria:
                for kind in criterion.kinds:
                    per_kind.setdefault(kind, {}).setdefault(card.rubric_id, []).append(
                        criterion.state)
        columns.append(RubricColumn(
            card.rubric_id, card.rubric_version, card.rubric_title, card.model, card.total,
            card.maximum, card.nominal, card.pass_line, card.verdict, card.areas, card.overlay,
            len(counted)))

    evidence_kinds: dict[str, str] = {}
    unused: tuple[str, ...] = ()
    counts: dict[str, dict[str, int]] = {}
    if dataset is not None:
        known = dataset.kinds_by_id()
        evidence_kinds = {e: known[e] for e in use if e in known}
        unused = tuple(e for e in known if e not in use)
        for evidence_id, rubrics in use.items():
            per_rubric = counts.setdefault(evidence_kinds.get(evidence_id, ""), {})
            for rubric in rubrics:
                per_rubric[rubric] = per_rubric.get(rubric, 0) + 1
    kinds = tuple(
        KindComparison(kind, _kind_label(dataset, kind),
                       {r: _combined(states) for r, states in by_rubric.items()},
                       {r: counts.get(kind, {}).get(r, 0) for r in by_rubric}
                       if dataset is not None else {})
        for kind, by_rubric in sorted(per_kind.items()))
    return Comparison(
        cards[0].as_of if cards else None,
        dataset.campaign.title if dataset is not None else EMPTY_LABEL,
        tuple(columns), {e: tuple(r) for e, r in use.items()}, evidence_kinds, kinds, unused)


def _combined(states: list[State]) -> State:
    scored = [s for s in states if s.scored]
    if not scored:
        for state in (State.ERROR, State.NEEDS_MANUAL, State.NOT_YET_DUE, State.WAIVED):
            if state in states:
                return state
        return State.NOT_APPLICABLE
    if all(s is State.MET for s in scored):
        return State.MET
    if all(s is State.UNMET for s in scored):
        return State.UNMET
    return State.PARTIAL


def _kind_label(dataset: Dataset | None, kind: str) -> Label:
    if dataset is not None and kind in dataset.vocabulary.kinds:
        return dataset.vocabulary.kinds[kind].label
    return Label(kind, kind)

"""The rectification list (整改清单): every shortfall, who fixes it, by when, for how much.

A shortfall is one failed check of one criterion of a partial or unmet item.
Shortfalls that a single action fixes — the same check label (period,
festival-year, unit), the same responsible unit and overlapping evidence
kinds — are merged into one :class:`Gap`, even across rubrics, so the list
says once "hold a Spring Festival activity in 2021" and shows what it earns
under each rubric. Items that a person must assess, or whose evaluation
failed, are listed apart as :class:`ToAssess`: they are not shortfalls yet.

Every gap says who answers for it and why (:mod:`wenming.model.duties`), and
what kind of action it is (:class:`Action`): 补做 — the activity can still be
done inside a window that is open; 补档 — the work was done, its record needs
completing; 已失分 — the window has closed, the points are lost and can only be
explained to the inspectors. Deadlines follow from the kind (:func:`classify`).

Bonus items are left out: missing a bonus is not something to rectify.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from attrs import define, field, frozen

from wenming.dataset import Dataset
from wenming.model.duties import Basis, Responsibilities, Responsibility
from wenming.model.labels import EMPTY_LABEL, Label
from wenming.reports.gap_rules import (
    FILING_DAYS,
    RECTIFICATION_PHASE,
    Action,
    Rules,
    classify,
    gap_deadline,
)
from wenming.scoring.checks import Check, Reason
from wenming.scoring.reasons import MAX_REASONS
from wenming.scoring.scorecard import CriterionResult, ItemResult, Scorecard
from wenming.scoring.states import State

__all__ = ["FILING_DAYS", "RECTIFICATION_PHASE", "Action", "Gap", "GapList", "Rules",
           "Shortfall", "ToAssess", "build_gaps", "classify", "gap_deadline"]

@frozen
class Shortfall:
    """One failed check of one criterion, in one rubric."""

    rubric_id: str
    rubric_title: Label
    item_code: str
    item_title: Label
    area: str
    criterion: Label
    finding: Label
    gain: float
    kinds: tuple[str, ...] = ()
    deadline: date | None = None
    remediation: Label = EMPTY_LABEL
    #: ``finding`` worded for a reader (rubric names for internal refs); not in JSON.
    shown: Label | None = None
    action: Action = Action.REDO
    #: The last day on which the action still counts for this check (None: it never will).
    counts_until: date | None = None
    #: Why records near the check did not count (bounded, see :attr:`Check.reasons`).
    reasons: tuple[Reason, ...] = ()
    reasons_more: int = 0


@frozen
class Gap:
    """One action on the rectification list and what it recovers in each rubric.

    ``label`` is the check's own label (a period, festival-year or unit);
    ``finding`` says what is missing in words (``2021年春节：0/1``);
    ``overdue`` says the time to act has passed: the row is lost.
    ``unit`` is who must act (see :mod:`wenming.model.duties`) and
    ``responsibility`` why; ``gains`` maps rubric id to the points recovered
    there — or, for an :attr:`Action.LOST` row, lost there. ``deadline`` is
    None exactly when the row is lost.
    """

    rank: int
    label: Label
    finding: Label
    unit: str
    unit_name: Label
    deadline: date | None
    overdue: bool
    kinds: tuple[str, ...]
    kind_names: tuple[Label, ...]
    shortfalls: tuple[Shortfall, ...]
    gains: Mapping[str, float]
    #: ``finding`` worded for a reader (see :attr:`Shortfall.shown`); reporters show it.
    shown: Label | None = None
    action: Action = Action.REDO
    responsibility: Responsibility | None = None
    #: The last day on which the action still counts (the earliest over its checks).
    counts_until: date | None = None

    @property
    def lost(self) -> bool:
        return self.action is Action.LOST

    @property
    def placed_by(self) -> Label:
        """Why :attr:`unit` is responsible (责任依据)."""
        return self.responsibility.placed_by if self.responsibility is not None else EMPTY_LABEL

    @property
    def person(self) -> str | None:
        return self.responsibility.person if self.responsibility is not None else None

    @property
    def reasons(self) -> tuple[tuple[Reason, ...], int]:
        """Why records did not count (未计入原因): at most :data:`MAX_REASONS` for the row,
        each record once, and how many more there are."""
        seen: dict[str, Reason] = {}
        more = 0
        for shortfall in self.shortfalls:
            more += shortfall.reasons_more
            for reason in shortfall.reasons:
                seen.setdefault(reason.evidence, reason)
        shown = tuple(seen.values())[:MAX_REASONS]
        return shown, more + len(seen) - len(shown)

    @property
    def combined_gain(self) -> float:
        return round(sum(self.gains.values()), 4)

    @property
    def rubrics(self) -> tuple[str, ...]:
        return tuple(self.gains)

    @property
    def what(self) -> Label:
        """What is missing, with the kinds of record that would fix it."""
        return self._what(self.finding)

    @property
    def what_shown(self) -> Label:
        """:attr:`what` as reports print it, with rubric names instead of internal refs."""
        return self._what(self.shown or self.finding)

    def _what(self, finding: Label) -> Label:
        if not self.kind_names:
            return finding
        zh = "、".join(k.zh for k in self.kind_names)
        en = ", ".join(k.en for k in self.kind_names)
        return Label(f"{zh} — {finding.zh}", f"{en} — {finding.en}")

    @property
    def remediation(self) -> Label:
        return next((s.remediation for s in self.shortfalls if s.remediation.zh
                     or s.remediation.en), EMPTY_LABEL)


@frozen
class ToAssess:
    """An item a person must settle (no assessor record) or whose evaluation failed."""

    rubric_id: str
    rubric_title: Label
    item_code: str
    item_title: Label
    state: State
    reasons: tuple[Label, ...]
    unit: str
    unit_name: Label
    points: float
    #: ``reasons`` worded for a reader (rubric names for internal refs); not in JSON.
    shown: tuple[Label, ...] = ()

    @property
    def reasons_shown(self) -> tuple[Label, ...]:
        return self.shown or self.reasons


@frozen
class GapList:
    """The rectification list for one or more scorecards as of a date."""

    as_of: date
    rubrics: Mapping[str, Label]
    gaps: tuple[Gap, ...]
    to_assess: tuple[ToAssess, ...] = ()
    rectification_end: date | None = None
    dataset_title: Label = EMPTY_LABEL
    #: The date the office wants everything done by (``--by``), if it set one.
    by: date | None = None

    def __len__(self) -> int:
        return len(self.gaps)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.gaps)

    def total_gain(self) -> dict[str, float]:
        """Points recoverable per rubric if every gap that still can be closed were closed."""
        return self._total(lost=False)

    def total_lost(self) -> dict[str, float]:
        """Points per rubric on rows whose window has closed (已失分)."""
        return self._total(lost=True)

    def _total(self, *, lost: bool) -> dict[str, float]:
        totals = {rubric: 0.0 for rubric in self.rubrics}
        for gap in self.gaps:
            if gap.lost is not lost:
                continue
            for rubric, gain in gap.gains.items():
                totals[rubric] = round(totals.get(rubric, 0.0) + gain, 4)
        return totals

    def for_unit(self, unit: str) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.unit == unit)


@define
class _Pending:
    """A gap while it is being merged: shortfalls plus the checks behind them."""

    label: Label
    unit: str
    kinds: set[str]
    members: list[tuple[Shortfall, str, CriterionResult, Check]] = field(factory=list)
    responsibility: Responsibility | None = None
    #: A criterion's checks grouped (see :func:`_group`) say what they are as a whole.
    finding: Label | None = None


def build_gaps(cards: Iterable[Scorecard], dataset: Dataset | None, as_of: date | None = None,
               *, by: date | None = None) -> GapList:
    """The rectification list across every scorecard in ``cards``.

    ``dataset`` supplies unit names, kind names, owners and the rectification
    phase; without it, ids stand in for names, the rubric's owner is
    responsible and deadlines come from checks alone. ``as_of`` defaults to
    the first card's date; ``by`` caps every deadline (``--by``).
    """
    cards = tuple(cards)
    day = as_of or (cards[0].as_of if cards else date.today())
    rect_end = None
    rules = Rules(day, by)
    resolver: Responsibilities | None = None
    if dataset is not None:
        campaign = dataset.campaign
        if campaign.has_phase(RECTIFICATION_PHASE):
            rect_end = campaign.phase(RECTIFICATION_PHASE).end
        rules = Rules(day, by, rect_end, campaign.end)
        resolver = Responsibilities(campaign, dataset.units)

    pending: list[_Pending] = []
    index: dict[tuple[Label, str, Action], list[_Pending]] = {}
    assess: list[ToAssess] = []
    for card in cards:
        for item in card.items.values():
            if item.bonus:
                continue
            item_duty = _responsible(resolver, card.rubric_id, item, None, None)
            assess.extend(_to_assess(card, item, item_duty.unit, dataset))
            if not item.state.shortfall:
                continue
            for criterion in item.criteria:
                name = criterion.label or Label(criterion.type, criterion.type)
                failed = [check for check in criterion.checks if check.failed]
                members = []
                for check in failed:
                    action, _, until = classify(check, criterion.type, rules)
                    members.append((Shortfall(
                        card.rubric_id, card.rubric_title, item.code, item.title, item.area,
                        name, check.finding(), criterion.gain_if_fixed([check]),
                        criterion.kinds, check.deadline, item.remediation,
                        _shown(check, criterion, name), action, until, check.reasons,
                        check.reasons_more), check))
                duty = _responsible(resolver, card.rubric_id, item, criterion, None)
                group = _group(members, criterion, name, duty, card.rubric_id)
                if group is not None:
                    pending.append(group)
                    continue
                for shortfall, check in members:
                    owner = (_responsible(resolver, card.rubric_id, item, criterion, check.unit)
                             if check.unit else duty)
                    _merge(pending, index, shortfall, owner, card.rubric_id, criterion, check,
                           shortfall.action)

    gaps = [_finish(p, dataset, rules) for p in pending]
    far = date.max
    gaps.sort(key=lambda g: (g.lost, -g.combined_gain, g.deadline or far))
    ranked = tuple(_with_rank(g, i) for i, g in enumerate(gaps, 1))
    return GapList(day, {c.rubric_id: c.rubric_title for c in cards}, ranked, tuple(assess),
                   rect_end, dataset.campaign.title if dataset is not None else EMPTY_LABEL,
                   by)


def _responsible(resolver: Responsibilities | None, rubric: str, item: ItemResult,
                 criterion: CriterionResult | None, unit: str | None) -> Responsibility:
    if resolver is None:
        if unit:
            return Responsibility(unit, Basis.CHECK_UNIT)
        return Responsibility(item.owner or "", Basis.RUBRIC)
    if criterion is None:
        kinds = tuple(k for c in item.criteria for k in c.kinds)
        return resolver.resolve(rubric, item.code, "", kinds, unit, item.owner)
    return resolver.resolve(rubric, item.code, criterion.id, criterion.kinds, unit, item.owner)


def _merge(pending: list[_Pending], index: dict[tuple[Label, str, Action], list[_Pending]],
           shortfall: Shortfall, owner: Responsibility, rubric: str, criterion: CriterionResult,
           check: Check, action: Action = Action.REDO) -> None:
    # A shortfall joins the first gap, in list order, with its label, unit and kind of
    # action and a kind of record in common; the index holds only those few candidates,
    # so merging stays linear.
    kinds = set(criterion.kinds)
    member = (shortfall, rubric, criterion, check)
    key = (check.label, owner.unit, action)
    candidates = index.get(key) if kinds else None
    for candidate in candidates or ():
        if candidate.kinds & kinds:
            candidate.kinds.update(kinds)
            candidate.members.append(member)
            return
    gap = _Pending(check.label, owner.unit, kinds, [member], owner)
    pending.append(gap)
    if kinds:  # a gap without kinds overlaps nothing, so nothing ever joins it
        index.setdefault(key, []).append(gap)


#: What rounding each single gain to 4 places may lose, per check.
_ROUNDING = 0.00005


def _group(members: Sequence[tuple[Shortfall, Check]], criterion: CriterionResult, name: Label,
           owner: Responsibility, rubric: str) -> _Pending | None:
    """One gap for a criterion whose failed checks recover less one by one than together.

    Under a threshold (90 % of records filed in time) or a capped deduction,
    fixing one check alone may earn nothing, so listing each at 0 would
    leave the criterion's lost points nowhere on the list. The group names
    how many checks fall short and how many of them must be fixed to
    recover the points; its shortfalls keep every check. Costs O(checks).
    """
    if len(members) < 2 or len({s.action for s, _ in members}) > 1:
        return None
    checks = [check for _, check in members]
    whole = criterion.gain_if_fixed(checks)
    singles = sum(shortfall.gain for shortfall, _ in members)
    if whole - singles <= _ROUNDING * len(members) + 0.0001:
        return None
    # Heavier checks first: the fewest fixes that recover the points.
    ordered = sorted(checks, key=lambda c: -c.weight)
    needed = criterion.fixes_needed(ordered)
    short, points = len(members), _number(whole)
    finding = Label(f"{name.zh}：{short} 项未达标，整改其中 {needed} 项可挽回 {points} 分",
                    f"{name.en}: {short} checks fall short; fixing {needed} of them "
                    f"recovers {points} points")
    group = _Pending(Label(name.zh, name.en), owner.unit, set(criterion.kinds), finding=finding,
                     responsibility=owner)
    group.members = [(shortfall, rubric, criterion, check) for shortfall, check in members]
    return group


def _number(value: float) -> str:
    return format(round(value, 2), "g")


def _shown(check: Check, criterion: CriterionResult, name: Label) -> Label:
    """The finding as a reader should see it: an on-site assessment check is labelled
    with its rubric-internal ref (``实地考察：no-smoking``); its criterion's label names it."""
    finding = check.finding()
    if criterion.type != "attested" or criterion.label is None:
        return finding
    return Label(finding.zh.replace(check.label.zh, f"实地考察：{name.zh}", 1),
                 finding.en.replace(check.label.en, f"On-site assessment: {name.en}", 1))


def _finish(p: _Pending, dataset: Dataset | None, rules: Rules) -> Gap:
    # Fixing the same criterion's checks together can earn more than the sum
    # of fixing each alone (all-or-nothing credit), so gains are per criterion.
    by_criterion: dict[tuple[str, int], tuple[CriterionResult, list[Check]]] = {}
    for _, rubric, criterion, check in p.members:
        by_criterion.setdefault((rubric, id(criterion)), (criterion, []))[1].append(check)
    gains: dict[str, float] = {}
    if len(p.members) == 1:
        # One check of one criterion: its shortfall already holds what fixing it recovers.
        shortfall, rubric, _, _ = p.members[0]
        gains[rubric] = round(shortfall.gain, 4)
    else:
        for (rubric, _), (criterion, checks) in by_criterion.items():
            gains[rubric] = round(gains.get(rubric, 0.0) + criterion.gain_if_fixed(checks), 4)
    shortfalls = tuple(m[0] for m in p.members)
    action = shortfalls[0].action
    deadlines = [d for d in (classify(check, criterion.type, rules)[1]
                             for _, _, criterion, check in p.members) if d is not None]
    deadline = min(deadlines) if deadlines and action is not Action.LOST else None
    ends = [s.counts_until for s in shortfalls if s.counts_until is not None]
    kinds = tuple(dict.fromkeys(k for s in shortfalls for k in s.kinds))
    finding = p.finding or shortfalls[0].finding
    shown = p.finding or shortfalls[0].shown or finding
    return Gap(0, p.label, finding, p.unit, _unit_name(dataset, p.unit), deadline,
               action is Action.LOST, kinds, tuple(_kind_name(dataset, k) for k in kinds),
               shortfalls, gains,
               shown, action, p.responsibility, min(ends) if ends else None)


def _with_rank(gap: Gap, rank: int) -> Gap:
    # The gap was built a moment ago and nothing else holds it: setting its rank in
    # place spares a copy of every gap (attrs.evolve), which counts at 100,000 gaps.
    object.__setattr__(gap, "rank", rank)
    return gap


def _to_assess(card: Scorecard, item: ItemResult, owner: str, dataset: Dataset | None
               ) -> Sequence[ToAssess]:
    open_criteria = [c for c in item.criteria
                     if c.state in (State.NEEDS_MANUAL, State.ERROR)]
    if item.state not in (State.NEEDS_MANUAL, State.ERROR) and not open_criteria:
        return ()
    reasons: list[Label] = []
    shown: list[Label] = []
    for criterion in open_criteria:
        name = criterion.label or Label(criterion.type, criterion.type)
        if criterion.state is State.ERROR:
            reasons.append(Label(f"{name.zh}：出错 — {criterion.error}",
                                 f"{name.en}: error — {criterion.error}"))
            shown.append(reasons[-1])
        else:
            manual = [c for c in criterion.checks if c.manual]
            reasons.extend(c.finding() for c in manual)
            shown.extend(_shown(c, criterion, name) for c in manual)
    state = item.state if item.state in (State.NEEDS_MANUAL, State.ERROR) \
        else State.NEEDS_MANUAL
    points = item.nominal if item.state is State.ERROR else (item.manual_points or item.nominal)
    return (ToAssess(card.rubric_id, card.rubric_title, item.code, item.title, state,
                     tuple(reasons), owner, _unit_name(dataset, owner), points,
                     tuple(shown)),)


def _unit_name(dataset: Dataset | None, unit: str) -> Label:
    if dataset is not None and unit in dataset.units:
        return dataset.units[unit].name
    return Label(unit, unit)


def _kind_name(dataset: Dataset | None, kind: str) -> Label:
    if dataset is not None and kind in dataset.vocabulary.kinds:
        return dataset.vocabulary.kinds[kind].label
    return Label(kind, kind)

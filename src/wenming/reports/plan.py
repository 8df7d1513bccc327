"""What if: the dataset plus hypothetical records, and the planner that proposes them.

Both work on a copy: the hypothetical records join the dataset's own in a
new :class:`~wenming.dataset.Dataset` and the ledgers on disk are never
touched. Every projection is a re-scoring of that copy, never an estimate,
so a plan's projected totals are exactly what scoring the dataset with the
proposed records gives.

The planner looks at the campaign as it stood on the as-of date — only the
records dated on or before it — and scores it as of the target date: what
fell due in between and is unmet is what can still be done, if its window
is still open. It proposes one activity per entry of the rectification list
(:func:`~wenming.reports.gaps.build_gaps` merges what one action fixes in
several rubrics): all that can be done (``target="full"``), or the fewest
that bring every rubric over its pass line, those helping rubrics still
below it first (``target="pass"``, see :mod:`wenming.reports.plan_search`).

An activity's window lies inside the period its checks name: it opens on
the later of the as-of date and the period's first day, and closes on the
period's last day (or ``--by``). Its hypothetical records are dated on the
day the window opens and carry what their checks ask for — a tag, a
reference, a participant count, the festival, a unit in the item's scope —
so doing each activity on the first day of its window gives exactly the
projected scores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date

import attrs
from attrs import frozen

from wenming.dataset import Dataset
from wenming.errors import WenmingError
from wenming.loaders.ledger_file import load_records
from wenming.model import Evidence
from wenming.model.labels import EMPTY_LABEL, Label
from wenming.reports.gaps import Gap, Shortfall, build_gaps
from wenming.reports.plan_records import Bounds, planned_record, rubric_of
from wenming.reports.plan_search import least, passes
from wenming.scoring.checks import Check
from wenming.scoring.reasons import festival_name
from wenming.scoring.scorecard import Scorecard
from wenming.scoring.scorer import Scorer
from wenming.scoring.states import State
from wenming.store import EvidenceColumns

__all__ = ["TARGETS", "Activity", "ItemChange", "Lost", "Plan", "PlanError", "RubricChange",
           "WhatIf", "build_plan", "build_what_if", "known_by", "load_records",
           "with_records"]

#: What a plan aims at: every rubric over its pass line, or as many points as time allows.
TARGETS = ("pass", "full")
#: Prefix of the ids the planner gives its hypothetical records.
PLAN_ID_PREFIX = "PLAN"


class PlanError(WenmingError, ValueError):
    """A plan that cannot be made: the target date before the as-of date, or no such target."""


# -- adding records ---------------------------------------------------------------
def with_records(dataset: Dataset, records: Iterable[Evidence]) -> Dataset:
    """A new dataset: ``dataset``'s records and ``records``, with its waivers and overlays."""
    columns = EvidenceColumns.of_store(dataset.store).extend(records)
    return Dataset.build(dataset.campaign, dataset.units, columns, dataset.vocabulary,
                         waivers=dataset.waivers, overlays=dataset.overlays.values(),
                         root=dataset.root)


def known_by(dataset: Dataset, as_of: date) -> Dataset:
    """The dataset as it stood on ``as_of``: only the records dated on or before it."""
    keep = dataset.store.day <= as_of.toordinal()
    if keep.all():
        return dataset
    return Dataset.build(dataset.campaign, dataset.units,
                         EvidenceColumns.of_store(dataset.store, keep), dataset.vocabulary,
                         waivers=dataset.waivers, overlays=dataset.overlays.values(),
                         root=dataset.root)


# -- what if -------------------------------------------------------------------------
@frozen
class ItemChange:
    """One item whose state or points differ with the hypothetical records."""

    code: str
    title: Label
    state_before: State
    state_after: State
    points_before: float
    points_after: float

    @property
    def delta(self) -> float:
        return round(self.points_after - self.points_before, 4)


@frozen
class RubricChange:
    """One rubric before and after: totals, maxima, verdicts and the items that changed."""

    rubric_id: str
    title: Label
    before: Scorecard
    after: Scorecard
    items: tuple[ItemChange, ...]

    @property
    def delta(self) -> float:
        return round(self.after.total - self.before.total, 4)


@frozen
class WhatIf:
    """The difference the hypothetical ``records`` make as of ``as_of``."""

    as_of: date
    records: tuple[Evidence, ...]
    rubrics: tuple[RubricChange, ...]
    dataset_title: Label = EMPTY_LABEL
    source: str = ""


def _changes(before: Sequence[Scorecard], after: Sequence[Scorecard]
             ) -> tuple[RubricChange, ...]:
    out = []
    for old, new in zip(before, after, strict=True):
        items = tuple(
            ItemChange(code, item.title, item.state, new.items[code].state, item.points,
                       new.items[code].points)
            for code, item in old.items.items()
            if code in new.items and (item.state is not new.items[code].state
                                      or abs(item.points - new.items[code].points) > 1e-9))
        out.append(RubricChange(old.rubric_id, old.rubric_title, old, new, items))
    return tuple(out)


def build_what_if(scorer: Scorer, dataset: Dataset, records: Sequence[Evidence], as_of: date,
                  rubric_ids: Sequence[str] | None = None, *, source: str = "") -> WhatIf:
    """Score ``dataset`` and ``dataset`` plus ``records`` as of ``as_of``; say what changed."""
    ids = list(rubric_ids) if rubric_ids else None
    before = scorer.score_all(dataset, ids, as_of)
    after = scorer.score_all(with_records(dataset, records), ids, as_of)
    return WhatIf(as_of, tuple(records), _changes(before, after), dataset.campaign.title,
                  source)


# -- the planner ---------------------------------------------------------------------
@frozen
class Activity:
    """One proposed activity: ``count`` records of ``kind`` by ``unit``, dated between
    ``opens`` and ``deadline``, inside the period ``what`` names.

    ``opens`` is the later of the as-of date and the period's first day.
    ``gains`` are the points the rectification list expects per rubric;
    ``records`` are the hypothetical records the projection scored (dated on
    ``opens``, filed the same day, with the tags, references, participants,
    festival and unit their checks need).
    """

    rank: int
    what: Label
    kind: str
    kind_name: Label
    unit: str
    unit_name: Label
    opens: date
    deadline: date
    count: int
    gains: Mapping[str, float]
    where: tuple[tuple[str, str, Label], ...]
    records: tuple[Evidence, ...]

    @property
    def combined_gain(self) -> float:
        return round(sum(self.gains.values()), 4)

    @property
    def needs(self) -> Label:
        """What the records must carry to count, in words ("" when nothing beyond the kind).

        The tag, reference, participant minimum and festival the checks ask
        for, and the unit to file them under when it is not the one that acts.
        """
        zh: list[str] = []
        en: list[str] = []
        records = self.records
        tags = list(dict.fromkeys(t for r in records for t in r.tags))
        refs = list(dict.fromkeys(t for r in records for t in r.refs))
        if tags:
            zh.append("标签「" + "」「".join(tags) + "」")
            en.append("tag " + ", ".join(tags))
        if refs:
            zh.append("关联「" + "」「".join(refs) + "」")
            en.append("refers to " + ", ".join(refs))
        people = max((r.participants or 0 for r in records), default=0)
        if people:
            zh.append(f"参与人数不少于 {people} 人")
            en.append(f"at least {people} participants")
        festivals = [festival_name(f) for f in
                     dict.fromkeys(r.festival for r in records if r.festival)]
        if festivals:
            zh.append("节日标注为" + "、".join(f.zh for f in festivals))
            en.append("festival " + ", ".join(f.en for f in festivals))
        units = list(dict.fromkeys(r.unit for r in records if r.unit != self.unit))
        if units:
            zh.append("以 " + "、".join(units) + " 名义填报")
            en.append("filed under " + ", ".join(units))
        return Label("；".join(zh), "; ".join(en))


@frozen
class Lost:
    """Points no new record can bring back by the target date, and why."""

    what: Label
    unit: str
    unit_name: Label
    deadline: date | None
    gains: Mapping[str, float]
    reason: Label
    where: tuple[tuple[str, str, Label], ...] = ()

    @property
    def combined(self) -> float:
        return round(sum(self.gains.values()), 4)


@frozen
class Plan:
    """Proposed activities and the scorecards they project, as of ``by``.

    ``before`` scores the records known on ``as_of`` as of ``by`` (nothing
    more done); ``after`` scores them with every activity's records.
    """

    as_of: date
    by: date
    target: str
    activities: tuple[Activity, ...]
    lost: tuple[Lost, ...]
    before: tuple[Scorecard, ...]
    after: tuple[Scorecard, ...]
    dataset_title: Label = EMPTY_LABEL

    @property
    def records(self) -> tuple[Evidence, ...]:
        return tuple(r for a in self.activities for r in a.records)

    @property
    def rubrics(self) -> dict[str, Label]:
        return {c.rubric_id: c.rubric_title for c in self.after}

    def reached(self) -> bool:
        """Whether every rubric with a pass line passes in the projection."""
        return all(_passes(c) for c in self.after)

    def lost_total(self) -> dict[str, float]:
        totals = {rubric: 0.0 for rubric in self.rubrics}
        for entry in self.lost:
            for rubric, points in entry.gains.items():
                totals[rubric] = round(totals.get(rubric, 0.0) + points, 4)
        return totals


_passes = passes



_CheckKey = tuple[str, str, Label]


@attrs.define
class _Candidate:
    gap: Gap
    open: list[Shortfall]
    kind: str
    count: int
    deadline: date
    keys: list[tuple[str, str, Label, str | None]]
    records: list[Evidence] = attrs.field(factory=list)
    opens: date | None = None
    #: (rubric, item code, criterion index) of the checks the activity is for.
    criteria: list[tuple[str, str, int, Check]] = attrs.field(factory=list)
    #: The expected gain per rubric: the gap's, shared among its windows' activities.
    estimate: dict[str, float] = attrs.field(factory=dict)
    #: What to do, when the gap's words name several periods and this is one of them.
    what: Label | None = None

    @property
    def gains(self) -> dict[str, float]:
        return self.estimate


def build_plan(scorer: Scorer, dataset: Dataset, as_of: date, by: date, target: str = "pass",
               rubric_ids: Sequence[str] | None = None, *,
               on_step: Callable[[str], object] | None = None) -> Plan:
    """Propose activities between ``as_of`` and ``by`` and project the scorecards as of ``by``.

    Only records dated on or before ``as_of`` are taken as done (see
    :func:`known_by`). A shortfall whose window closed before ``as_of``, or
    that no new record can fix (a record filed late stays late), is listed
    as lost. Costs one scoring per activity proposed for ``target="pass"``,
    and two or three for ``"full"``.
    """
    if target not in TARGETS:
        raise PlanError(f"unknown target {target!r}; expected one of {', '.join(TARGETS)} / "
                        f"未知目标 {target!r}，可用：{'、'.join(TARGETS)}")
    if by < as_of:
        raise PlanError(f"--by {by} is before the as-of date {as_of} / "
                        f"目标日 {by} 早于基准日 {as_of}")
    ids = list(rubric_ids) if rubric_ids else list(scorer.rubric_ids())

    def step(label: str) -> None:
        if on_step is not None:
            on_step(label)

    base = known_by(dataset, as_of)
    step("baseline")
    before = scorer.score_all(base, ids, by)
    gaps = build_gaps(before, base, by)
    checks = _check_index(before)
    candidates: list[_Candidate] = []
    lost: list[Lost] = []
    # Best gain first, whatever the list's own order (it puts lost rows last, and as of
    # ``by`` a window still open today may count as closed).
    for gap in sorted(gaps.gaps, key=_by_gain):
        parts, closed = _classify(gap, checks, as_of, by)
        candidates += parts
        if closed is not None:
            lost.append(closed)
    rubrics = {card.rubric_id: rubric_of(scorer, card.rubric_id, base) for card in before}
    # Ids the planner invents must not collide with the dataset's.
    taken = set(dataset.store.ids)
    serial = iter(range(1, 10**7))
    for candidate in candidates:
        what = candidate.gap.what_shown
        candidate.records = [
            planned_record(_new_id(taken, serial), candidate.kind,
                           candidate.opens or candidate.deadline, candidate.gap.unit, what,
                           candidate.criteria, rubrics, base)
            for _ in range(candidate.count)]

    chosen: list[_Candidate] = []
    after = before
    if target == "full":
        chosen = list(candidates)
        step("projection")
        after = _score_with(scorer, base, chosen, ids, by)
    else:
        def score(indices: Sequence[int]) -> list[Scorecard]:
            step(f"trying {len(indices)} activities")
            return _score_with(scorer, base, [candidates[i] for i in indices], ids, by)

        bounds = Bounds(before, [c.records for c in candidates],
                        [c.kind for c in candidates], base)
        picked, after = least(candidates, before, bounds.of, bounds.loose, score)
        chosen = [candidates[i] for i in picked]
    # An activity whose records met none of its checks earns nothing (a check may need
    # an amount, or a festival named): it is not proposed, and its points are lost.
    useless = [c for c in chosen if not _met_any(c, after)]
    if useless:
        chosen = [c for c in chosen if c not in useless]
        step("projection")
        after = _score_with(scorer, base, chosen, ids, by)
        lost += [_lost(c.gap, c.open, _NOT_MET, c.deadline) for c in useless]
    activities = tuple(_activity(i, c, base, as_of) for i, c in enumerate(chosen, 1))
    # A late filing under a threshold may cost nothing alone; it is not a loss to list.
    lost = [e for e in lost if e.combined > 0]
    lost.sort(key=lambda e: (-e.combined, e.deadline or date.max))
    return Plan(as_of, by, target, activities, tuple(lost), tuple(before), tuple(after),
                dataset.campaign.title)


_CLOSED = Label("窗口已关闭：期限早于基准日",
                "window closed: its deadline is before the as-of date")
_UNDATED = Label("新增记录无法补救（如逾期归档、评定分数）",
                 "no new record can fix it (a late filing, an assessor's score)")
_TOO_MANY = Label("记录已超出上限，新增记录无济于事",
                  "already more records than allowed: adding more cannot help")
_NOT_MET = Label("按该类型新增记录仍不达标（可能需要金额、节日等信息）",
                 "records of this kind would not meet it (it may need an amount or a festival)")


def _check_index(cards: Sequence[Scorecard]) -> dict[_CheckKey, list[tuple[Check, int]]]:
    index: dict[_CheckKey, list[tuple[Check, int]]] = {}
    for card in cards:
        for item in card.items.values():
            for criterion in item.criteria:
                for check in criterion.checks:
                    if check.failed:
                        index.setdefault((card.rubric_id, item.code, check.finding()), []
                                         ).append((check, criterion.index))
    return index


def _by_gain(gap: Gap) -> tuple[float, date]:
    ends = [s.deadline for s in gap.shortfalls if s.deadline is not None]
    return -gap.combined_gain, min(ends, default=date.max)


def _classify(gap: Gap, checks: Mapping[_CheckKey, list[tuple[Check, int]]], as_of: date,
              by: date) -> tuple[list[_Candidate], Lost | None]:
    """The activities ``gap`` needs — one per window its open checks name (a group of
    periods is one activity per period) — and what of it is lost."""
    open_: list[Shortfall] = []
    closed: list[Shortfall] = []
    undated: list[Shortfall] = []
    too_many: list[Shortfall] = []
    windows: dict[tuple[date | None, date | None], list[tuple[Shortfall, Check, int]]] = {}
    for shortfall in gap.shortfalls:
        if shortfall.deadline is None or not shortfall.kinds:
            undated.append(shortfall)
            continue
        if shortfall.deadline < as_of:
            closed.append(shortfall)
            continue
        found = checks.get((shortfall.rubric_id, shortfall.item_code, shortfall.finding), [])
        if any(c.maximum is not None and c.found > c.maximum for c, _ in found):
            too_many.append(shortfall)
            continue
        open_.append(shortfall)
        for check, index in found:
            windows.setdefault((check.start, check.deadline), []).append(
                (shortfall, check, index))
        if not found:
            windows.setdefault((None, shortfall.deadline), [])
    candidates: list[_Candidate] = []
    if open_:
        kind = max(gap.kinds, key=lambda k: sum(k in s.kinds for s in open_)) \
            if gap.kinds else open_[0].kinds[0]
        whole = _gains(gap, open_)
        share = 1 / len(windows)
        for (start, end), members in windows.items():
            mine = list(dict.fromkeys(m[0] for m in members)) or open_
            deadline = min([end or by, *(s.deadline for s in mine if s.deadline is not None)])
            assert deadline <= by
            # Inside the period the checks name: a record before its first day counts
            # elsewhere (the previous quarter), so the window opens on that day.
            opens = min(max(as_of, start or as_of), deadline)
            candidates.append(_Candidate(
                gap, mine, kind, max([max(1, c.required - c.found) for _, c, _ in members],
                                     default=1), deadline,
                [(s.rubric_id, s.item_code, c.label, c.unit) for s, c, _ in members],
                opens=opens, criteria=[(s.rubric_id, s.item_code, i, c) for s, c, i in members],
                estimate={r: round(g * share, 4) for r, g in whole.items()},
                what=_part(gap, members) if len(windows) > 1 else None))
    lost = None
    for group, reason in ((closed, _CLOSED), (undated, _UNDATED), (too_many, _TOO_MANY)):
        if group:
            deadlines = [s.deadline for s in group if s.deadline is not None]
            lost = _lost(gap, group, reason, min(deadlines) if deadlines else None)
            break  # a gap is listed once, with its first reason
    return candidates, lost


def _part(gap: Gap, members: Sequence[tuple[Shortfall, Check, int]]) -> Label | None:
    """One period of a gap that groups several: the criterion and that period's finding."""
    if not members:
        return None
    finding = members[0][1].finding()
    return Label(f"{gap.label.zh} — {finding.zh}", f"{gap.label.en} — {finding.en}")


def _gains(gap: Gap, shortfalls: Sequence[Shortfall]) -> dict[str, float]:
    """What fixing ``shortfalls`` of ``gap`` recovers per rubric, as the list expects."""
    if len(shortfalls) == len(gap.shortfalls):
        return dict(gap.gains)
    out: dict[str, float] = {}
    for s in shortfalls:
        out[s.rubric_id] = round(out.get(s.rubric_id, 0.0) + s.gain, 4)
    return out


def _lost(gap: Gap, shortfalls: Sequence[Shortfall], reason: Label, deadline: date | None
          ) -> Lost:
    gains: dict[str, float] = {}
    if len(shortfalls) == len(gap.shortfalls):
        gains = dict(gap.gains)
    else:
        for s in shortfalls:
            gains[s.rubric_id] = round(gains.get(s.rubric_id, 0.0) + s.gain, 4)
    where = tuple(dict.fromkeys((s.rubric_id, s.item_code, s.item_title) for s in shortfalls))
    return Lost(gap.what_shown, gap.unit, gap.unit_name, deadline, gains, reason, where)


def _new_id(taken: set[str], serial: Iterable[int]) -> str:
    for number in serial:
        record_id = f"{PLAN_ID_PREFIX}-{number:04d}"
        if record_id not in taken:
            return record_id
    raise PlanError("no free id for a proposed record / 无可用的拟增记录编号")


def _score_with(scorer: Scorer, base: Dataset, chosen: Sequence[_Candidate], ids: Sequence[str],
                by: date) -> list[Scorecard]:
    records = [r for c in chosen for r in c.records]
    return scorer.score_all(with_records(base, records), ids, by)


def _met_any(candidate: _Candidate, cards: Sequence[Scorecard]) -> bool:
    wanted = set(candidate.keys)
    for card in cards:
        for item in card.items.values():
            for criterion in item.criteria:
                for check in criterion.checks:
                    if check.passed and (card.rubric_id, item.code, check.label,
                                         check.unit) in wanted:
                        return True
    return False


def _activity(rank: int, candidate: _Candidate, dataset: Dataset, as_of: date) -> Activity:
    gap = candidate.gap
    known = dataset.vocabulary.kinds
    kind_name = known[candidate.kind].label if candidate.kind in known \
        else Label(candidate.kind, candidate.kind)
    where = tuple(dict.fromkeys((s.rubric_id, s.item_code, s.item_title)
                                for s in candidate.open))
    return Activity(rank, candidate.what or gap.shown or gap.finding, candidate.kind,
                    kind_name, gap.unit,
                    gap.unit_name, candidate.opens or as_of, candidate.deadline,
                    candidate.count, candidate.gains, where, tuple(candidate.records))


"""Why a record did not count: reasons for the records near an unmet check.

A finding "0 of 1" sends a clerk looking for a record that may well exist: a
volunteer activity without the tag 志愿服务, a lecture dated two days after the
quarter, a division's meeting under an item only the bureau answers. For every
unmet check (failed, or not yet met while its window runs), each record of a
kind the criterion counts that lies in or within :data:`NEAR_DAYS` days of the
check's window, in the item's wider unit scope, and that no check of the
criterion counted, gets a :class:`~wenming.scoring.checks.Reason` naming every
cause that applies.

Reasons are bounded: at most :data:`MAX_REASONS` per check, the nearest first
(records in scope before those out of it, then by distance from the window,
then by date); ``reasons_more`` counts the rest. They are computed only for
unmet checks, with one store query per criterion and column operations over
its rows, so scoring a province costs little more.

The causes the generic rules can see are the criterion's own parameters that
built-in types share: its window (and each check's period or festival
window), ``tags``, ``refs``, a ``participants`` minimum (as the example
plugin's ``min-participants`` type has), the festivals a record is labelled
for, and the item's unit scope. ``timeliness`` gives its late records their
reason itself. A record in the window that passes every rule the generic code
knows, yet was not counted, is ``not-counted`` (a plugin's own rule).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

import attrs
import numpy as np
import numpy.typing as npt
from attrs import frozen

from wenming.calendar import DateWindow, Granularity, get_festival
from wenming.model.labels import Label
from wenming.scoring.checks import Check, Measured, Reason
from wenming.scoring.context import EvalContext, WindowSpecError
from wenming.store import EvidenceStore, IntArray

#: Reasons listed per check; the rest are counted in ``reasons_more``.
MAX_REASONS: Final = 5
#: Built-in types whose checks do not count records towards a number: a trend compares
#: years, findings are problems, attested and measured checks take a score or a rate.
NOT_COUNTING: Final = frozenset({"trend", "findings", "attested", "ratio", "survey"})
#: How many days either side of a check's window a record is still "near" it.
NEAR_DAYS: Final = 30


def unmet(check: Check) -> bool:
    """A check that reasons explain: counted records short of what it requires."""
    if check.passed or check.manual or check.score is not None or isinstance(check, Measured):
        return False
    return check.found < check.required


def explain(checks: Sequence[Check], params: object, kinds: Sequence[str], ctx: EvalContext,
            scope: Sequence[str]) -> tuple[Check, ...]:
    """``checks`` with reasons on the unmet ones (the others returned as they are).

    ``ctx.units`` is the criterion's unit scope; ``scope`` the wider one of the
    item (every unit whose records could have been meant for it).
    """
    todo = [i for i, c in enumerate(checks) if unmet(c) and not c.reasons]
    if not todo or not kinds:
        return tuple(checks)
    default = _default_window(params, ctx)
    windows: dict[int, DateWindow] = {}
    for i in todo:
        check = checks[i]
        first = check.start or default.start
        last = check.deadline or default.end
        if last >= first:
            windows[i] = DateWindow(first, last)
    if not windows:
        return tuple(checks)
    lo = min(w.start for w in windows.values()).toordinal() - NEAR_DAYS
    # What is dated after the as-of date was not in the archive yet: never a candidate.
    hi = min(max(w.end for w in windows.values()).toordinal() + NEAR_DAYS,
             ctx.as_of.toordinal())
    store = ctx.dataset.store
    wider = tuple(dict.fromkeys((*ctx.units, *scope)))
    if lo > hi:
        return tuple(checks)
    rows = store.select(kinds, wider, lo, hi)
    if not rows.size:
        return tuple(checks)
    counted = {e for c in checks for e in c.evidence}
    ids = store.ids
    rows = rows[np.fromiter((ids[r] not in counted for r in rows.tolist()), dtype=bool,
                            count=rows.size)]
    if not rows.size:
        return tuple(checks)
    rules = _Rules(params, ctx, store)
    # Candidates by unit, then day: a per-unit check reads its own slice.
    rows = rows[np.lexsort((store.rank[rows], store.day[rows], store.unit[rows]))]
    units, days = store.unit[rows], store.day[rows]
    in_scope = np.isin(units, [store.units.code[u] for u in ctx.units if u in store.units.code])
    # Whatever the window, these records have a cause; the others only if outside it.
    faulty = ~in_scope | rules.faults(rows)
    out = list(checks)
    for i, window in windows.items():
        check = checks[i]
        a, b = 0, rows.size
        if check.unit is not None:
            code = store.units.code.get(check.unit, -1)
            a = int(units.searchsorted(code, "left"))
            b = int(units.searchsorted(code, "right"))
        start, end = window.start.toordinal(), window.end.toordinal()
        span = days[a:b]
        outside = (span < start) | (span > end)
        near = np.flatnonzero((span >= start - NEAR_DAYS) & (span <= end + NEAR_DAYS)
                              & (outside | faulty[a:b]))
        if not near.size:
            continue
        near += a
        distance = np.maximum(np.maximum(start - days[near], days[near] - end), 0)
        order = np.lexsort((days[near], distance, ~in_scope[near]))
        picked = near[order[:MAX_REASONS]]
        reasons = tuple(rules.reason(int(rows[k]), window, bool(in_scope[k])) for k in picked)
        out[i] = attrs.evolve(check, reasons=reasons, reasons_more=int(near.size) - len(reasons))
    return tuple(out)


def _default_window(params: object, ctx: EvalContext) -> DateWindow:
    spec = getattr(params, "window", None)
    try:
        return ctx.window(spec if isinstance(spec, str) else None)
    except WindowSpecError:
        return ctx.campaign.window


class _Rules:
    """The causes the generic rules can name for one record of one criterion."""

    def __init__(self, params: object, ctx: EvalContext, store: EvidenceStore) -> None:
        self.ctx, self.store = ctx, store
        self.tags = tuple(getattr(params, "tags", ()) or ())
        self.refs = tuple(getattr(params, "refs", ()) or ())
        minimum = getattr(params, "participants", None)
        self.participants = (minimum if isinstance(minimum, int)
                             and not isinstance(minimum, bool) else None)
        self.festivals = tuple(getattr(params, "festivals", ()) or ())

    def faults(self, rows: IntArray) -> npt.NDArray[np.bool_]:
        """Which of ``rows`` fail a rule that does not depend on the window."""
        store = self.store
        bad = np.zeros(rows.size, dtype=bool)
        if self.festivals:
            # Not counted though inside a festival's window: it counts for another.
            bad[:] = True
        if self.tags:
            bad |= ~np.isin(store.tags[rows], _codes(store.tag_sets, self.tags))
        if self.refs:
            bad |= ~np.isin(store.refs[rows], _codes(store.ref_sets, self.refs))
        if self.participants is not None:
            bad |= store.participants[rows] < self.participants
        return bad

    def reason(self, row: int, window: DateWindow, in_scope: bool) -> Reason:
        store, ctx = self.store, self.ctx
        day = date.fromordinal(int(store.day[row]))
        causes: list[str] = []
        words: list[Label] = []
        days: int | None = None

        def cause(code: str, text: Label) -> None:
            causes.append(code)
            words.append(text)

        if not in_scope:
            unit = store.units.order[int(store.unit[row])]
            name = ctx.unit_label(unit) if unit in ctx.dataset.units else Label(unit, unit)
            cause("unit-not-in-scope", Label(f"{name.zh}不在本条的单位范围内",
                                             f"{name.en} is not in the criterion's scope"))
        if day < window.start or day > window.end:
            before = day < window.start
            days = (window.start - day).days if before else (day - window.end).days
            cause("outside-window", Label(
                f"在窗口（{window}）{'之前' if before else '之后'} {days} 天",
                f"{days} day{'s' if days != 1 else ''} {'before' if before else 'after'} "
                f"the window ({window})"))
        if self.tags and not set(self.tags) & set(store.tag_sets[int(store.tags[row])]):
            cause("lacks-tag", Label(f"缺少标签「{'」或「'.join(self.tags)}」",
                                     f"lacks the tag {' or '.join(self.tags)}"))
        if self.refs and not set(self.refs) & set(store.ref_sets[int(store.refs[row])]):
            cause("lacks-ref", Label(f"未关联「{'」或「'.join(self.refs)}」",
                                     f"does not refer to {' or '.join(self.refs)}"))
        if self.participants is not None:
            people = int(store.participants[row])
            if people < self.participants:
                cause("few-participants", Label(
                    f"参与人数{'未填' if people < 0 else f' {people} 人'}，"
                    f"少于 {self.participants} 人",
                    f"{'no participant count' if people < 0 else f'{people} participants'}"
                    f", fewer than {self.participants}"))
        if not causes and self.festivals:
            label = int(store.festival[row])
            if label >= 0:
                name = festival_name(store.festivals[label])
                cause("other-festival", Label(f"标注为{name.zh}活动", f"labelled for {name.en}"))
            else:
                cause("other-festival", Label("离所列的另一个节日更近，计入该节日",
                                              "nearer to another listed festival, counted "
                                              "there"))
        text = Label("；".join(w.zh for w in words), "; ".join(w.en for w in words))
        return Reason(store.ids[row], day, tuple(causes), text, days)


def _codes(sets: Sequence[tuple[str, ...]], names: Sequence[str]) -> list[int]:
    wanted = set(names)
    return [code for code, members in enumerate(sets) if wanted.intersection(members)]


def festival_name(festival_id: str) -> Label:
    """A festival's label in both languages; an id the calendar does not know is its own label."""
    try:
        festival = get_festival(festival_id)
    except KeyError:
        return Label(festival_id, festival_id)
    return Label(festival.zh, festival.en)


def timeliness_reason(row: int, store: EvidenceStore, note: Label, unfiled: bool,
                      lag: int | None) -> Reason:
    """The reason of one late or unfiled record, as ``timeliness`` words it."""
    return Reason(store.ids[row], date.fromordinal(int(store.day[row])),
                  ("unfiled",) if unfiled else ("filed-late",), note, lag)


@frozen
class Rule:
    """One rule of what makes a record count, or (with ``cause``) not count."""

    text: Label
    cause: str | None = None


def _window_words(spec: str | None, phase: object) -> Label:
    if spec is None and isinstance(phase, str):
        return Label(f"{phase} 阶段", f"the {phase} phase")
    if spec is None or spec == "campaign":
        return Label("整个创建周期", "the whole campaign")
    prefix, _, name = spec.partition(":")
    if prefix == "phase":
        return Label(f"{name} 阶段", f"the {name} phase")
    if prefix == "by-phase-end":
        return Label(f"{name} 阶段结束前", f"the time up to the end of the {name} phase")
    return Label(spec, spec)


def counting_rules(criterion_type: str, params: object, item_scope: str,
                   conditions: Sequence[str], kind_names: Sequence[Label]
                   ) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """What records count for a criterion, and what makes one not count, in words.

    Read from the same parameters :func:`explain` reads (kinds, window, per,
    festivals, tags, refs, participants, within_days) and the item's scope
    and conditions, so ``rubrics show`` says beforehand what a reason will
    say afterwards. Returns (counts, does not count); the second names each
    rule's cause code.
    """
    if criterion_type in NOT_COUNTING:
        return (Rule(Label("本条不按记录条数计分（趋势、问题、评定或比例）",
                           "this criterion does not count records towards a number (a "
                           "trend, findings, an assessment or a ratio)")),), ()
    counts: list[Rule] = []
    excluded: list[Rule] = []
    if kind_names:
        counts.append(Rule(Label("类别为" + "、".join(k.zh for k in kind_names),
                                 "of the kind " + " or ".join(k.en for k in kind_names))))
    elif criterion_type == "timeliness":
        counts.append(Rule(Label("任何类别", "of any kind")))
    window = getattr(params, "window", None)
    per = getattr(params, "per", None)
    festivals = tuple(getattr(params, "festivals", ()) or ())
    where = _window_words(window if isinstance(window, str) else None,
                          getattr(params, "phase", None))
    if festivals:
        counts.append(Rule(Label(f"日期在每个所列节日前后的窗口内（{where.zh}）",
                                 f"dated inside the days around each listed festival "
                                 f"({where.en})")))
        excluded.append(Rule(Label("标注为另一个节日，或离所列的另一个节日更近：计入该节日",
                                   "labelled for another festival, or nearer to another "
                                   "listed one: it counts there"), "other-festival"))
    elif per:
        try:
            unit = Granularity.parse(str(per)).label
            period = Label(unit.zh, unit.en)
        except ValueError:
            period = Label(str(per), str(per))
        counts.append(Rule(Label(f"日期在{where.zh}内，每{period.zh}单独计",
                                 f"dated inside {where.en}, each {period.en} on its own")))
    else:
        counts.append(Rule(Label(f"日期在{where.zh}内", f"dated inside {where.en}")))
    excluded.append(Rule(Label("日期在窗口（或所属周期）之外，哪怕只差一天；一条记录只计入它所在的周期",
                               "dated outside the window (or its period), even by a day; a "
                               "record counts once, for the period it falls in"),
                         "outside-window"))
    scope = (Label("由申报单位本身填报", "filed by an applicant itself")
             if item_scope == "applicant" else
             Label("由申报单位或其下属单位填报", "filed by an applicant or a unit under it"))
    if conditions:
        scope = Label(f"{scope.zh}，且单位满足：{'；'.join(conditions)}",
                      f"{scope.en}, of units meeting: {'; '.join(conditions)}")
    counts.append(Rule(scope))
    excluded.append(Rule(Label("填报单位不在上述范围内", "its unit is outside that scope"),
                         "unit-not-in-scope"))
    for name, zh, en, cause in (("tags", "带有标签", "carrying the tag", "lacks-tag"),
                                ("refs", "关联", "referring to", "lacks-ref")):
        wanted = tuple(getattr(params, name, ()) or ())
        if wanted:
            counts.append(Rule(Label(f"{zh}「{'」或「'.join(wanted)}」",
                                     f"{en} {' or '.join(wanted)}")))
            excluded.append(Rule(Label(f"缺少「{'」或「'.join(wanted)}」",
                                       f"lacks {' or '.join(wanted)}"), cause))
    people = getattr(params, "participants", None)
    if isinstance(people, int) and not isinstance(people, bool):
        counts.append(Rule(Label(f"参与人数不少于 {people} 人", f"with {people} participants "
                                 "or more")))
        excluded.append(Rule(Label(f"参与人数少于 {people} 人或未填", f"fewer than {people} "
                                   "participants, or none recorded"), "few-participants"))
    limit = getattr(params, "within_days", None)
    if criterion_type == "timeliness" and isinstance(limit, int):
        counts.append(Rule(Label(f"事后 {limit} 天内归档", f"filed within {limit} days of the "
                                 "event")))
        excluded.append(Rule(Label(f"事后超过 {limit} 天才归档", f"filed more than {limit} "
                                   "days after the event"), "filed-late"))
        excluded.append(Rule(Label("没有归档日期", "no filing date"), "unfiled"))
    counts.append(Rule(Label("日期不晚于评估日（之后的记录当日尚未归档）",
                             "dated on or before the as-of date (later ones were not in the "
                             "archive yet)")))
    return tuple(counts), tuple(excluded)


__all__ = ["MAX_REASONS", "NEAR_DAYS", "NOT_COUNTING", "Rule", "counting_rules", "explain",
           "festival_name",
           "timeliness_reason", "unmet"]

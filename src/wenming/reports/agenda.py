"""The agenda: what falls due in the next days, what it is worth, and who must act.

Everything comes from the scorecards' checks — a check that is still
running unmet (``pending``) and whose ``deadline`` falls in the horizon is
something to do before that day, and so is one unmet whose last day is the
as-of date itself (it is due, but the day is not over); a ``manual`` check is an item waiting for
an assessor — and from the campaign's phases and their deliverables. No
rubric is special-cased: any rubric's checks land on the same agenda, and
entries that one action settles in several rubrics (the same period, unit
and kind of record) are merged, as the rectification list merges gaps.

Points at stake are what the check is worth to its criterion if it were
met rather than failed on its deadline, the criterion's other checks
staying as they are on the as-of date.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

import attrs
from attrs import frozen

from wenming.calendar import UnknownFestivalError, festival_date, get_festival
from wenming.calendar.festivals import YearOutOfRangeError
from wenming.dataset import Dataset
from wenming.model.duties import Responsibilities
from wenming.model.labels import EMPTY_LABEL, Label, Lang
from wenming.reports.timeline import DeliverableStatus, build_timeline
from wenming.rubric.document import Rubric
from wenming.scoring.checks import Check
from wenming.scoring.credit import earned_fraction, is_counted
from wenming.scoring.scorecard import CriterionResult, ItemResult, Scorecard

__all__ = ["Agenda", "AgendaCategory", "AgendaEntry", "EmptyAgendaError", "Stake",
           "agenda_to_ics", "build_agenda"]


class AgendaCategory(enum.Enum):
    """What kind of deadline an entry is."""

    PERIOD = "period"
    FESTIVAL = "festival"
    DELIVERABLE = "deliverable"
    COVERAGE = "coverage"
    ASSESSMENT = "assessment"

    @property
    def label(self) -> Label:
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    AgendaCategory.PERIOD: Label("周期截止", "Period ends"),
    AgendaCategory.FESTIVAL: Label("节日窗口", "Festival window"),
    AgendaCategory.DELIVERABLE: Label("阶段成果", "Phase deliverable"),
    AgendaCategory.COVERAGE: Label("单位尚缺", "Unit still missing"),
    AgendaCategory.ASSESSMENT: Label("待人工评定", "Awaiting an assessor"),
}


@frozen
class Stake:
    """One rubric item an entry counts for, and the points at stake there."""

    rubric_id: str
    item_code: str
    item_title: Label
    points: float
    #: The criterion's id (or ``#index`` where it has none): with the rubric, item,
    #: unit and period it names the duty, whatever else an entry merges.
    criterion: str = ""


@frozen
class AgendaEntry:
    """One thing to get done by ``deadline``.

    ``what`` names it (the check's label and the kinds of record that
    count); ``opens`` is the first day a record counts, when known (a
    festival's window, a phase's start); ``stakes`` lists every rubric item
    it counts for. ``overdue`` marks an assessment whose day has passed.
    """

    deadline: date
    category: AgendaCategory
    what: Label
    unit: str
    unit_name: Label
    kinds: tuple[str, ...]
    kind_names: tuple[Label, ...]
    stakes: tuple[Stake, ...]
    opens: date | None = None
    overdue: bool = False
    found: int = 0
    required: int = 0

    @property
    def gains(self) -> dict[str, float]:
        """Points at stake per rubric."""
        out: dict[str, float] = {}
        for stake in self.stakes:
            out[stake.rubric_id] = round(out.get(stake.rubric_id, 0.0) + stake.points, 4)
        return out

    @property
    def combined(self) -> float:
        return round(sum(s.points for s in self.stakes), 4)

    @property
    def title(self) -> Label:
        """What to do, with the kinds of record in words."""
        if not self.kind_names:
            return self.what
        return Label(f"{'、'.join(k.zh for k in self.kind_names)} — {self.what.zh}",
                     f"{', '.join(k.en for k in self.kind_names)} — {self.what.en}")


@frozen
class Agenda:
    """What closes between ``as_of`` and ``horizon`` (``as_of`` + ``days``)."""

    as_of: date
    days: int
    entries: tuple[AgendaEntry, ...]
    rubrics: Mapping[str, Label]
    dataset_title: Label = EMPTY_LABEL

    @property
    def horizon(self) -> date:
        return self.as_of + timedelta(days=self.days)

    def __len__(self) -> int:
        return len(self.entries)

    def by_unit(self) -> dict[str, tuple[AgendaEntry, ...]]:
        """The entries of each responsible unit, units in order of their first deadline."""
        out: dict[str, list[AgendaEntry]] = {}
        for entry in self.entries:
            out.setdefault(entry.unit, []).append(entry)
        return {unit: tuple(entries) for unit, entries in out.items()}

    def total_at_stake(self) -> dict[str, float]:
        totals = {rubric: 0.0 for rubric in self.rubrics}
        for entry in self.entries:
            for rubric, points in entry.gains.items():
                totals[rubric] = round(totals.get(rubric, 0.0) + points, 4)
        return totals


@attrs.define
class _Draft:
    deadline: date
    category: AgendaCategory
    what: Label
    unit: str
    kinds: set[str]
    order: list[str]
    stakes: list[Stake]
    opens: date | None = None
    overdue: bool = False
    found: int = 0
    required: int = 0


def build_agenda(cards: Iterable[Scorecard], dataset: Dataset, as_of: date, days: int = 90,
                 rubrics: Mapping[str, Rubric] | None = None) -> Agenda:
    """The agenda of ``dataset`` from ``as_of`` over the next ``days`` days.

    ``cards`` are scorecards as of ``as_of``. ``rubrics`` (id → rubric, e.g.
    :attr:`wenming.Scorer.rubrics`) give the points of criteria that have no
    counted check yet; without them such a check's stake is its item's
    nominal points shared among the item's pending checks.
    """
    if days < 0:
        raise ValueError(f"days must be 0 or more, got {days} / 天数不能为负：{days}")
    cards = tuple(cards)
    horizon = as_of + timedelta(days=days)
    fallback = dataset.campaign.responsible_unit()
    # Who answers for an entry: the same precedence as the rectification list's.
    duties = Responsibilities(dataset.campaign, dataset.units)
    drafts: list[_Draft] = []
    index: dict[tuple[date, Label, str], list[_Draft]] = {}
    for card in cards:
        rubric = (rubrics or {}).get(card.rubric_id)
        for item in card.items.values():
            if item.bonus:
                continue
            owner = duties.resolve(card.rubric_id, item.code, "",
                                   [k for c in item.criteria for k in c.kinds], None,
                                   item.owner).unit
            manual = [c for cr in item.criteria for c in cr.checks if c.manual
                      and c.deadline is not None and c.deadline <= horizon]
            if manual:
                deadline = min(c.deadline for c in manual if c.deadline is not None)
                points = item.manual_points or item.nominal
                what = Label(f"{item.code} {item.title.zh}：待人工评定",
                             f"{item.code} {item.title.en}: awaiting an assessor")
                drafts.append(_Draft(deadline, AgendaCategory.ASSESSMENT, what, owner,
                                     set(), [], [Stake(card.rubric_id, item.code, item.title,
                                                       points)],
                                     overdue=deadline < as_of))
            pending = sum(1 for cr in item.criteria for c in cr.checks if _open(c, as_of))
            for criterion in item.criteria:
                for check in criterion.checks:
                    if not _open(check, as_of) or check.deadline is None \
                            or not as_of <= check.deadline <= horizon:
                        continue
                    stake = Stake(card.rubric_id, item.code, item.title,
                                  _stake(check, criterion, item, rubric, pending),
                                  criterion.id or f"#{criterion.index}")
                    _add(drafts, index, check, criterion, stake,
                         duties.resolve(card.rubric_id, item.code, criterion.id,
                                        criterion.kinds, None, item.owner).unit)
    _phases(drafts, dataset, as_of, horizon, fallback)
    drafts.sort(key=lambda d: (d.deadline, -sum(s.points for s in d.stakes), d.unit))
    entries = tuple(_finish(d, dataset) for d in drafts)
    return Agenda(as_of, days, entries, {c.rubric_id: c.rubric_title for c in cards},
                  dataset.campaign.title)


def _open(check: Check, as_of: date) -> bool:
    """Unmet and still to be done: running, or due on the as-of day itself."""
    if check.pending:
        return True
    return check.failed and check.deadline == as_of


def _add(drafts: list[_Draft], index: dict[tuple[date, Label, str], list[_Draft]],
         check: Check, criterion: CriterionResult, stake: Stake, owner: str) -> None:
    # One record settles the same period for the same unit in every rubric that counts
    # a kind it has: those checks are one entry, as on the rectification list.
    assert check.deadline is not None
    unit = check.unit or owner
    key = (check.deadline, check.label, unit)
    kinds = set(criterion.kinds)
    for draft in index.get(key, ()):
        if draft.kinds & kinds or not (draft.kinds or kinds):
            draft.kinds |= kinds
            draft.order += [k for k in criterion.kinds if k not in draft.order]
            draft.stakes.append(stake)
            draft.found = min(draft.found, check.found)
            draft.required = max(draft.required, check.required)
            return
    category = AgendaCategory.COVERAGE if check.unit is not None else AgendaCategory.PERIOD
    opens = None
    if criterion.type == "festivals":
        category = AgendaCategory.FESTIVAL
        opens = _festival_opens(check)
    draft = _Draft(check.deadline, category, check.label, unit, kinds, list(criterion.kinds),
                   [stake], opens, found=check.found, required=check.required)
    drafts.append(draft)
    index.setdefault(key, []).append(draft)


def _festival_opens(check: Check) -> date | None:
    """The first day of a festival check's window: its label names the festival and year
    (``端午节 2021`` in English), its deadline is the window's last day."""
    name, _, year = check.label.en.rpartition(" ")
    try:
        day = festival_date(get_festival(name), int(year))
    except (UnknownFestivalError, YearOutOfRangeError, ValueError):
        return None
    assert check.deadline is not None
    if day > check.deadline:
        return None
    return day - (check.deadline - day)


def _stake(check: Check, criterion: CriterionResult, item: ItemResult, rubric: Rubric | None,
           pending: int) -> float:
    """What meeting ``check`` on its deadline earns over failing it."""
    points = _criterion_points(criterion, rubric, item)
    if points is None:
        return round(item.nominal / max(1, pending), 4)
    counted = [c for c in criterion.checks if is_counted(c) and c is not check]
    met = attrs.evolve(check, due=True, found=max(check.found, check.required), score=None)
    failed = attrs.evolve(check, due=True)
    args = (criterion.credit, points, criterion.threshold, criterion.deduct)
    gain = (earned_fraction(*args, [*counted, met])
            - earned_fraction(*args, [*counted, failed])) * points
    return round(max(0.0, gain), 4)


def _criterion_points(criterion: CriterionResult, rubric: Rubric | None, item: ItemResult
                      ) -> float | None:
    # A criterion with a counted check reports its points as its maximum; one with none
    # yet reports 0, so its points come from the rubric document.
    if criterion.maximum > 0:
        return criterion.maximum
    if rubric is None:
        return None
    try:
        criteria = rubric.item(item.code).criteria
    except KeyError:
        return None
    if not 0 <= criterion.index < len(criteria):
        return None
    declared = criteria[criterion.index].points
    # An overlay may re-weight the item; the document's share of the item is kept.
    document = rubric.item(item.code).points
    return declared * item.nominal / document if document else declared


def _phases(drafts: list[_Draft], dataset: Dataset, as_of: date, horizon: date,
            fallback: str) -> None:
    """Phase deliverables due in the horizon, joined to the checks that count them."""
    timeline = build_timeline(dataset, as_of)
    for phase in timeline.phases:
        end = phase.window.end
        if not as_of <= end <= horizon:
            continue
        for deliverable in phase.deliverables:
            if deliverable.status not in (DeliverableStatus.MISSING,
                                          DeliverableStatus.UPCOMING):
                continue
            what = Label(f"{phase.name.zh}：{deliverable.label.zh}",
                         f"{phase.name.en}: {deliverable.label.en}")
            matched = [d for d in drafts if d.deadline == end and deliverable.kind in d.kinds
                       and d.category is AgendaCategory.PERIOD]
            if matched:
                for draft in matched:
                    draft.category = AgendaCategory.DELIVERABLE
                    draft.what = what
                    draft.opens = phase.window.start
                continue
            drafts.append(_Draft(end, AgendaCategory.DELIVERABLE, what, fallback,
                                 {deliverable.kind}, [deliverable.kind], [],
                                 phase.window.start, required=1))


def _finish(draft: _Draft, dataset: Dataset) -> AgendaEntry:
    kinds = tuple(draft.order)
    known = dataset.vocabulary.kinds
    names = tuple(known[k].label if k in known else Label(k, k) for k in kinds)
    unit_name = dataset.units[draft.unit].name if draft.unit in dataset.units \
        else Label(draft.unit, draft.unit)
    return AgendaEntry(draft.deadline, draft.category, draft.what, draft.unit, unit_name,
                       kinds, names, tuple(draft.stakes), draft.opens, draft.overdue,
                       draft.found, draft.required)


def entries_for(agenda: Agenda, rubric_ids: Sequence[str]) -> tuple[AgendaEntry, ...]:
    """The entries that count in any of ``rubric_ids``."""
    wanted = set(rubric_ids)
    return tuple(e for e in agenda.entries if any(s.rubric_id in wanted for s in e.stakes))


def agenda_to_ics(agenda: Agenda, lang: str = "zh") -> bytes:
    """The agenda as an iCalendar file (RFC 5545) that Outlook, WeCom and phone calendars import.

    One all-day event per duty on its deadline (calendar days in Beijing,
    Asia/Shanghai): a duty is one rubric item's criterion for one unit and
    period, so an entry that one action settles in two rubrics is two events
    on the same day, titled alike with the rubric item each is for. The
    description lists every item the entry counts for and the points at
    stake, in ``lang`` then in the other language. A reminder fires seven
    days before. An event's UID derives from its duty alone — rubric,
    item, criterion, unit, period and deadline — never from which rubrics
    were selected, so importing an export of one rubric and one of all of
    them updates the shared events instead of doubling them.

    An agenda without entries has no event to write, and RFC 5545 wants at
    least one: :class:`EmptyAgendaError` says so (the CLI writes no file).
    """
    import hashlib
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from icalendar import Alarm, Calendar, Event, vText

    from wenming.calendar import CAMPAIGN_TZ

    first: Lang = "en" if lang == "en" else "zh"
    other: Lang = "zh" if first == "en" else "en"
    zone = ZoneInfo(CAMPAIGN_TZ)
    stamp = datetime.combine(agenda.as_of, time(0, 0), zone)
    calendar = Calendar()
    calendar.add("prodid", "-//wenming//agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property is written as given unless typed as text: a CR or LF in the
    # campaign's title would end the line and start a property (or event) of its own.
    calendar.add("x-wr-calname", vText(_ics_line(
        f"{agenda.dataset_title.text(first)} — {Label('到期事项', 'agenda').text(first)}")))
    calendar.add("x-wr-timezone", CAMPAIGN_TZ)
    if not agenda.entries:
        raise EmptyAgendaError(agenda)
    for entry in agenda.entries:
        title = entry.title.text(first)
        unit = entry.unit_name.text(first)
        description = _ics_text("\n\n".join(_ics_description(entry, lng)
                                            for lng in (first, other)))
        for duty, suffix in _duties(entry):
            event = Event()
            summary = f"{title}（{unit}）" if first == "zh" else f"{title} ({unit})"
            event.add("summary", _ics_line(f"{summary} {suffix}".rstrip()))
            event.add("dtstart", entry.deadline)
            event.add("dtend", entry.deadline + timedelta(days=1))
            event.add("dtstamp", stamp)
            event.add("uid", hashlib.sha256(duty.encode()).hexdigest()[:32] + "@wenming")
            event.add("categories", [_ics_line(entry.category.label.text(first))])
            event.add("description", description)
            event.add("transp", "TRANSPARENT")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _ics_line(title))
            alarm.add("trigger", timedelta(days=-7))
            event.add_component(alarm)
            calendar.add_component(event)
    ics: bytes = calendar.to_ical()
    return ics


class EmptyAgendaError(ValueError):
    """Nothing falls due in the agenda's days, so there is no event for a calendar file."""

    def __init__(self, agenda: Agenda) -> None:
        self.agenda = agenda
        super().__init__(f"nothing falls due between {agenda.as_of} and {agenda.horizon}: "
                         "no calendar file is written / 期间没有到期事项，不生成日历文件")


def _duties(entry: AgendaEntry) -> list[tuple[str, str]]:
    """Each duty of ``entry`` as (identity, summary suffix).

    The identity names the rubric item, criterion, unit, period and deadline
    — what the duty is — and nothing that depends on the rubrics selected or
    on what else the entry merged (its kinds, its other stakes).
    """
    period = f"{entry.deadline}|{entry.unit}|{entry.what.en}"
    if not entry.stakes:  # a phase deliverable that no rubric counts
        return [(f"deliverable|{period}|{','.join(entry.kinds)}", "")]
    duties = {f"{s.rubric_id}|{s.item_code}|{s.criterion}|{period}":
              f"[{s.rubric_id} {s.item_code}]" for s in entry.stakes}
    if len(duties) == 1:
        return [(next(iter(duties)), "")]
    return list(duties.items())


# Control characters other than LF and TAB (CR included: it is normalised to LF first).
_ICS_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _ics_text(text: str) -> str:
    """``text`` for a TEXT value: line breaks as LF (escaped by icalendar), no terminal
    escapes or NUL (shown as U+FFFD, as the reporters do)."""
    return _ICS_CONTROL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _ics_line(text: str) -> str:
    """``text`` on one line: a calendar name or event title has no line breaks."""
    return " ".join(_ics_text(text).split("\n"))


def _ics_description(entry: AgendaEntry, lang: Lang) -> str:
    zh = lang == "zh"
    lines = [f"{entry.category.label.text(lang)}：{entry.title.text(lang)}" if zh
             else f"{entry.category.label.text(lang)}: {entry.title.text(lang)}"]
    lines.append(("责任单位：" if zh else "Responsible unit: ") + entry.unit_name.text(lang))
    if entry.opens is not None:
        lines.append(("时间窗口：" if zh else "Window: ") + f"{entry.opens} – {entry.deadline}")
    for stake in entry.stakes:
        points = f"{stake.points:g}"
        lines.append(f"{stake.rubric_id} {stake.item_code} {stake.item_title.text(lang)}："
                     f"涉及 {points} 分" if zh else
                     f"{stake.rubric_id} {stake.item_code} {stake.item_title.text(lang)}: "
                     f"{points} points at stake")
    return "\n".join(lines)

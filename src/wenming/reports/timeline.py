"""The campaign's phases as of a date, and whether each produced its deliverables."""

from __future__ import annotations

import enum
from datetime import date

from attrs import frozen

from wenming.calendar import DateWindow
from wenming.dataset import Dataset
from wenming.model.labels import Label

__all__ = ["Deliverable", "DeliverableStatus", "PhaseEntry", "PhaseStatus", "Timeline",
           "build_timeline"]


class PhaseStatus(enum.Enum):
    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"

    @property
    def label(self) -> Label:
        return _PHASE_LABELS[self]


class DeliverableStatus(enum.Enum):
    """``met``: a record of the kind dated in the phase; ``missing``: the phase is
    running and none yet; ``overdue``: the phase ended without one; ``upcoming``:
    the phase has not started."""

    MET = "met"
    MISSING = "missing"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"

    @property
    def label(self) -> Label:
        return _DELIVERABLE_LABELS[self]


_PHASE_LABELS = {
    PhaseStatus.DONE: Label("已结束", "Done"),
    PhaseStatus.CURRENT: Label("进行中", "Current"),
    PhaseStatus.UPCOMING: Label("未开始", "Upcoming"),
}
_DELIVERABLE_LABELS = {
    DeliverableStatus.MET: Label("已形成", "Met"),
    DeliverableStatus.MISSING: Label("尚缺", "Missing"),
    DeliverableStatus.OVERDUE: Label("逾期未形成", "Overdue"),
    DeliverableStatus.UPCOMING: Label("未到期", "Upcoming"),
}


@frozen
class Deliverable:
    """One deliverable of a phase; ``outside`` lists records of its kind (id, date) dated
    outside the phase window, up to the as-of date: they exist but do not count here."""

    kind: str
    label: Label
    status: DeliverableStatus
    evidence: tuple[str, ...] = ()
    outside: tuple[tuple[str, date], ...] = ()

    @property
    def note(self) -> Label | None:
        """Why a deliverable with records of its kind is still missing or overdue."""
        if not self.outside or self.status not in (DeliverableStatus.MISSING,
                                                   DeliverableStatus.OVERDUE):
            return None
        dated = [f"{rid} {day.isoformat()}" for rid, day in self.outside]
        return Label(f"有 {len(dated)} 条记录日期不在本阶段时间内：{'、'.join(dated)}",
                     f"{len(dated)} record(s) dated outside the phase: {', '.join(dated)}")


@frozen
class PhaseEntry:
    id: str
    name: Label
    window: DateWindow
    status: PhaseStatus
    deliverables: tuple[Deliverable, ...] = ()

    @property
    def overdue(self) -> tuple[Deliverable, ...]:
        return tuple(d for d in self.deliverables if d.status is DeliverableStatus.OVERDUE)

    @property
    def missing(self) -> tuple[Deliverable, ...]:
        return tuple(d for d in self.deliverables if d.status is DeliverableStatus.MISSING)


@frozen
class Timeline:
    """The phases of a campaign as of a date (two may be current in a shared month)."""

    campaign_id: str
    title: Label
    window: DateWindow
    as_of: date
    phases: tuple[PhaseEntry, ...]

    def phase(self, phase_id: str) -> PhaseEntry:
        for entry in self.phases:
            if entry.id == phase_id:
                return entry
        raise KeyError(f"no phase {phase_id!r}")

    def current(self) -> tuple[PhaseEntry, ...]:
        return tuple(p for p in self.phases if p.status is PhaseStatus.CURRENT)

    def overdue(self) -> tuple[tuple[PhaseEntry, Deliverable], ...]:
        return tuple((p, d) for p in self.phases for d in p.overdue)


def build_timeline(dataset: Dataset, as_of: date) -> Timeline:
    """Phases and deliverables as of ``as_of``, from any participating unit's records.

    Only records dated inside the phase window and not after ``as_of`` count.
    """
    campaign = dataset.campaign
    units = dataset.participants()
    kinds = dataset.vocabulary.kinds
    entries: list[PhaseEntry] = []
    for phase in campaign.phases:
        if phase.end < as_of:
            status = PhaseStatus.DONE
        elif phase.start > as_of:
            status = PhaseStatus.UPCOMING
        else:
            status = PhaseStatus.CURRENT
        seen = phase.window if phase.end <= as_of else (
            DateWindow(phase.start, as_of) if phase.start <= as_of else None)
        deliverables: list[Deliverable] = []
        for kind in phase.deliverables:
            records = dataset.records((kind,), units, seen) if seen is not None else []
            if records:
                state = DeliverableStatus.MET
            elif status is PhaseStatus.DONE:
                state = DeliverableStatus.OVERDUE
            elif status is PhaseStatus.CURRENT:
                state = DeliverableStatus.MISSING
            else:
                state = DeliverableStatus.UPCOMING
            label = kinds[kind].label if kind in kinds else Label(kind, kind)
            outside: tuple[tuple[str, date], ...] = ()
            if state in (DeliverableStatus.OVERDUE, DeliverableStatus.MISSING):
                # A record dated a day after the phase does not count for it; say so,
                # or "overdue" reads as "never made".
                outside = tuple((r.id, r.date) for r in dataset.records((kind,), units)
                                if r.date <= as_of and not phase.window.contains(r.date))
            deliverables.append(Deliverable(kind, label, state, tuple(r.id for r in records),
                                            outside))
        entries.append(PhaseEntry(phase.id, phase.name, phase.window, status,
                                  tuple(deliverables)))
    return Timeline(campaign.id, campaign.title, campaign.window, as_of, tuple(entries))

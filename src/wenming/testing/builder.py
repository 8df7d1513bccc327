"""The standard small test system and a builder of datasets on it."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import attrs

from wenming.calendar import DateWindow, get_festival, parse_date, parse_window
from wenming.dataset import Dataset
from wenming.model import (
    Campaign,
    Evidence,
    GroupMember,
    Label,
    Phase,
    Role,
    Task,
    Unit,
    UnitKind,
    UnitTree,
    Vocabulary,
)
from wenming.model.tailoring import Overlay, Waiver
from wenming.model.vocabulary import base_kinds

__all__ = ["MUNICIPAL_PHASES", "STANDARD_APPLICANTS", "DatasetBuilder", "installed_vocabulary"]

#: The applicants of the standard system.
STANDARD_APPLICANTS: tuple[str, ...] = ("hq", "east", "west")

#: The six phases of the seed municipal plan, with its own dates.
MUNICIPAL_PHASES: tuple[Phase, ...] = tuple(
    Phase(pid, Label(zh, en), parse_window(window), deliverables)
    for pid, zh, en, window, deliverables in (
        ("preparation", "前期准备", "Preparation", "2020.04-2020.05",
         ("leading-group-establishment", "work-plan", "staff-consultation")),
        ("mobilisation", "宣传发动", "Mobilisation", "2020.05-2020.06",
         ("mobilisation-meeting",)),
        ("full-creation", "全面创建", "Full creation", "2020.06-2021.07", ()),
        ("self-check", "自检自查", "Self-check", "2021.08-2021.09",
         ("self-scoring-sheet", "rectification-list")),
        ("rectification", "整改提高", "Rectification", "2021.09-2021.11",
         ("rectification-record",)),
        ("inspection", "迎检评估", "Inspection", "2021.11-2021.12",
         ("materials-compilation", "video-materials")),
    )
)

_STANDARD_UNITS = (
    Unit("hq", Label("局机关", "Headquarters"), UnitKind.BUREAU),
    Unit("east", Label("东区分局", "East sub-bureau"), UnitKind.DISPATCHED, "hq"),
    Unit("west", Label("西区分局", "West sub-bureau"), UnitKind.DISPATCHED, "hq"),
    Unit("office", Label("办公室", "General office"), UnitKind.DIVISION, "hq"),
    Unit("party", Label("机关党委", "Party committee"), UnitKind.DIVISION, "hq"),
    Unit("centre", Label("监测中心", "Monitoring centre"), UnitKind.AFFILIATED, "hq"),
)

_STANDARD_GROUP = (
    GroupMember("hq", Role.LEADER, "组长甲"),
    GroupMember("hq", Role.DEPUTY, "副组长乙"),
    GroupMember("office", Role.MEMBER),
    GroupMember("party", Role.MEMBER),
    GroupMember("centre", Role.MEMBER),
    GroupMember("office", Role.OFFICE_DIRECTOR, "主任丙"),
)


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else parse_date(value)


class DatasetBuilder:
    """Builds a small, valid :class:`Dataset` for tests and examples.

    The standard system: ``hq`` (bureau) with dispatched sub-bureaus ``east``
    and ``west``, divisions ``office`` and ``party``, and an affiliated
    ``centre``; the applicants are ``hq``, ``east`` and ``west``; the
    municipal plan's six phases; a complete leading group. Every method
    returns the builder.
    """

    def __init__(self, window: str | DateWindow = "2020.04-2021.12", *,
                 campaign_id: str = "test-campaign", level: str = "municipal") -> None:
        self._window = window if isinstance(window, DateWindow) else parse_window(window)
        self._campaign_id = campaign_id
        self._level = level
        self._units: list[Unit] = list(_STANDARD_UNITS)
        self._applicants: tuple[str, ...] = STANDARD_APPLICANTS
        self._phases: tuple[Phase, ...] = MUNICIPAL_PHASES
        self._tasks: tuple[Task, ...] = ()
        self._group: tuple[GroupMember, ...] = _STANDARD_GROUP
        self._evidence: list[Evidence] = []
        self._overlays: list[Overlay] = []
        self._waivers: list[Waiver] = []
        self._counter = itertools.count(1)
        self._vocabulary: Vocabulary | None = None

    def add(self, kind: str, day: date | str, unit: str = "hq", *, id: str | None = None,
            filed: date | str | None = None, end: date | str | None = None,
            amount: float | None = None, festival: str | None = None,
            score: float | None = None, refs: Iterable[str] = (),
            participants: int | None = None, title: str = "",
            unfiled: bool = False) -> DatasetBuilder:
        """Add one evidence record; ``filed`` defaults to the effective date.

        ``unfiled=True`` leaves the filing date empty, as a record not yet archived.
        """
        when = _day(day)
        filed_on = None if unfiled else (_day(filed) if filed else when)
        self._evidence.append(Evidence(
            id=id or f"E{next(self._counter):05d}", unit=unit, kind=kind, date=when,
            title=title or kind, end=_day(end) if end else None,
            filed=filed_on, amount=amount, participants=participants,
            festival=get_festival(festival).id if festival else None, score=score,
            refs=tuple(refs)))
        return self

    def add_unit(self, id: str, kind: UnitKind | str, parent: str | None,
                 zh: str | None = None, en: str | None = None) -> DatasetBuilder:
        kind = kind if isinstance(kind, UnitKind) else UnitKind.parse(kind)
        self._units.append(Unit(id, Label(zh or id, en or id), kind, parent))
        return self

    def with_applicants(self, *unit_ids: str) -> DatasetBuilder:
        self._applicants = unit_ids
        return self

    def with_leading_group(self, members: Iterable[GroupMember]) -> DatasetBuilder:
        self._group = tuple(members)
        return self

    def with_phases(self, phases: Iterable[Phase]) -> DatasetBuilder:
        self._phases = tuple(phases)
        return self

    def with_tasks(self, tasks: Iterable[Task]) -> DatasetBuilder:
        self._tasks = tuple(tasks)
        return self

    def with_overlay(self, overlay: Overlay) -> DatasetBuilder:
        self._overlays.append(overlay)
        return self

    def with_waiver(self, waiver: Waiver) -> DatasetBuilder:
        self._waivers.append(waiver)
        return self

    def with_vocabulary(self, vocabulary: Vocabulary) -> DatasetBuilder:
        """Resolve kinds with ``vocabulary`` (e.g. ``host.vocabulary()``) only.

        Without it, the builder knows wenming's kinds and, when a record names
        another one, the kinds of the installed plugins.
        """
        self._vocabulary = vocabulary
        return self

    def build(self, root: Path | None = None) -> Dataset:
        """Validate and build; raises :class:`wenming.errors.DatasetError` like a load would."""
        campaign = Campaign(
            id=self._campaign_id, title=Label("测试创建活动", "Test campaign"), level=self._level,
            applicants=self._applicants, window=self._window, phases=self._phases,
            tasks=self._tasks, leading_group=self._group,
            office_unit="office" if any(u.id == "office" for u in self._units) else None)
        vocabulary = self._vocabulary or Vocabulary.of(base_kinds())
        if self._vocabulary is None and any(e.kind not in vocabulary for e in self._evidence):
            # A kind that an installed plugin adds: use what is installed, as a load would.
            vocabulary = installed_vocabulary()
        evidence = [attrs.evolve(e, kind=vocabulary.resolve(e.kind))
                    if e.kind in vocabulary else e for e in self._evidence]
        return Dataset.build(campaign, UnitTree.build(self._units), evidence, vocabulary,
                             waivers=self._waivers, overlays=self._overlays, root=root)


@functools.cache
def installed_vocabulary() -> Vocabulary:
    """The vocabulary of wenming and every installed plugin (broken ones left out)."""
    from wenming.plugins.manager import PluginHost

    return PluginHost().vocabulary()

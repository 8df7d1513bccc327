"""The standard small test system and a builder of datasets on it."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable, Mapping
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

__all__ = ["MUNICIPAL_PHASES", "STANDARD_APPLICANTS", "STANDARD_UNIT_IDS", "DatasetBuilder",
           "installed_vocabulary"]

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

#: The ids of the standard system's units; a case file naming one sets its attributes.
STANDARD_UNIT_IDS: tuple[str, ...] = tuple(u.id for u in _STANDARD_UNITS)

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


def _attributes(values: Mapping[str, object]) -> dict[str, float | bool | str]:
    # The units loader keeps numbers as floats; so does the builder, so a ratio reads alike.
    out: dict[str, float | bool | str] = {}
    for name, value in values.items():
        if isinstance(value, bool | str):
            out[name] = value
        elif isinstance(value, int | float) and math.isfinite(value):
            out[name] = float(value)
        else:
            raise ValueError(f"attribute {name!r}: {value!r} is not a number, true/false "
                             "or a word")
    return out


class DatasetBuilder:
    """Builds a small, valid :class:`Dataset` for tests and examples.

    The standard system: ``hq`` (bureau) with dispatched sub-bureaus ``east``
    and ``west``, divisions ``office`` and ``party``, and an affiliated
    ``centre``; the applicants are ``hq``, ``east`` and ``west``; the
    municipal plan's six phases; a complete leading group. Every method
    returns the builder.
    """

    def __init__(self, window: str | DateWindow = "2020.04-2021.12", *,
                 campaign_id: str = "test-campaign", level: str = "municipal",
                 declaration: date | str | None = None) -> None:
        self._window = window if isinstance(window, DateWindow) else parse_window(window)
        self._declaration = _day(declaration) if declaration is not None else None
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
            unfiled: bool = False, tags: Iterable[str] = (), rate: float | None = None,
            sample: int | None = None, numerator: float | None = None,
            denominator: float | None = None) -> DatasetBuilder:
        """Add one evidence record; ``filed`` defaults to the effective date.

        ``unfiled=True`` leaves the filing date empty, as a record not yet archived.
        ``tags`` are the record's labels (领导班子成员, 窗口服务), as a ledger's 标签
        column gives them; ``rate`` and ``sample``, or ``numerator`` and
        ``denominator``, are a survey's result (满意率 96 of 120 asked; 知晓 176 of 200).
        """
        when = _day(day)
        filed_on = None if unfiled else (_day(filed) if filed else when)
        self._evidence.append(Evidence(
            id=id or f"E{next(self._counter):05d}", unit=unit, kind=kind, date=when,
            title=title or kind, end=_day(end) if end else None,
            filed=filed_on, amount=amount, participants=participants,
            festival=get_festival(festival).id if festival else None, score=score,
            refs=tuple(refs), tags=tuple(tags), rate=rate, sample=sample,
            numerator=numerator, denominator=denominator))
        return self

    def add_unit(self, id: str, kind: UnitKind | str, parent: str | None,
                 zh: str | None = None, en: str | None = None, *,
                 attributes: Mapping[str, float | bool | str] | None = None
                 ) -> DatasetBuilder:
        """Add a unit; ``attributes`` are what a units file says of it (``staff = 120``,
        ``window = true``), read by ``applies_if``, ratios and veto subjects."""
        kind = kind if isinstance(kind, UnitKind) else UnitKind.parse(kind)
        self._units.append(Unit(id, Label(zh or id, en or id), kind, parent,
                                attributes=_attributes(attributes or {})))
        return self

    def with_attributes(self, unit: str, **attributes: float | bool | str) -> DatasetBuilder:
        """Set attributes of a unit already in the system (``with_attributes("hq", staff=120)``)."""
        for index, known in enumerate(self._units):
            if known.id == unit:
                merged = {**known.attributes, **_attributes(attributes)}
                self._units[index] = attrs.evolve(known, attributes=merged)
                return self
        raise KeyError(f"no unit {unit!r} in the builder; add it with add_unit first")

    def with_declaration(self, day: date | str | None) -> DatasetBuilder:
        """The application date (申报日期): vetoes look back from it."""
        self._declaration = _day(day) if day is not None else None
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
            office_unit="office" if any(u.id == "office" for u in self._units) else None,
            declaration=self._declaration)
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

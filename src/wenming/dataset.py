"""The immutable, indexed dataset every rubric scores.

Evidence is held by a columnar :class:`~wenming.store.EvidenceStore`, sorted
once when the dataset is built, so the questions criteria ask — "how many
records of kinds K for units U between d1 and d2, and which" — cost a few
binary searches over typed arrays instead of a scan of Python objects.
:class:`~wenming.model.Evidence` objects are made only for what is shown.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cached_property
from itertools import pairwise
from pathlib import Path
from typing import Final

import numpy as np
from attrs import field, frozen

from wenming.calendar import DateWindow
from wenming.errors import DataIssue, DatasetError, bi
from wenming.model import Campaign, Evidence, UnitTree, Vocabulary
from wenming.model.tailoring import Overlay, Waiver
from wenming.store import (
    EvidenceColumns,
    EvidenceStore,
    EvidenceView,
    IntArray,
    UnitRanges,
    string_order,
)

__all__ = ["Dataset"]


@frozen
class Dataset:
    """A campaign, its units and evidence, indexed for scoring.

    Build one with :meth:`build` (validates references) or with a loader such
    as :func:`wenming.load_dataset`. Instances never change after building.
    """

    campaign: Campaign
    units: UnitTree
    store: EvidenceStore = field(repr=False)
    vocabulary: Vocabulary
    waivers: tuple[Waiver, ...] = ()
    overlays: Mapping[str, Overlay] = field(factory=dict)
    root: Path | None = None
    # Unit scopes asked for again and again (every item of every rubric asks for the
    # participants or a subtree); computed once. Only ever filled with derived values.
    _scopes: dict[str, tuple[str, ...]] = field(init=False, factory=dict, eq=False, repr=False)

    @classmethod
    def build(
        cls,
        campaign: Campaign,
        units: UnitTree,
        evidence: Iterable[Evidence] | EvidenceColumns,
        vocabulary: Vocabulary,
        *,
        waivers: Iterable[Waiver] = (),
        overlays: Iterable[Overlay] = (),
        root: Path | None = None,
    ) -> Dataset:
        """Check every reference (units, kinds, ids, phases) and build the dataset.

        ``evidence`` is records, or the columns a loader filled. All problems are
        collected and raised together as :class:`DatasetError`.
        """
        columns = evidence if isinstance(evidence, EvidenceColumns) \
            else EvidenceColumns().extend(evidence)
        id_order = string_order(columns.ids)
        issues = _check(campaign, units, columns, vocabulary, id_order)
        if issues:
            raise DatasetError(issues)
        store = EvidenceStore.build(columns, UnitRanges(units), tuple(vocabulary.kinds),
                                    id_order)
        return cls(campaign, units, store, vocabulary, tuple(waivers),
                   {o.rubric: o for o in overlays}, root)

    # -- lookups ---------------------------------------------------------
    @property
    def evidence(self) -> Sequence[Evidence]:
        """Every record, in the order read; each :class:`Evidence` is built on access."""
        return EvidenceView(self.store)

    def __len__(self) -> int:
        return len(self.store)

    def get(self, evidence_id: str) -> Evidence:
        return self.store.record(self.store.position(evidence_id))

    def participants(self) -> tuple[str, ...]:
        """Every unit taking part: the applicants and all units under them."""
        found = self._scopes.get("")
        if found is None:
            seen: dict[str, None] = {}
            for applicant in self.campaign.applicants:
                seen.update(dict.fromkeys(self.subtree(applicant)))
            found = self._scopes[""] = tuple(seen)
        return found

    def subtree(self, unit: str) -> tuple[str, ...]:
        """``unit`` and every unit under it, depth first (as ``units.descendants``)."""
        found = self._scopes.get("/" + unit)
        if found is None:
            found = self._scopes["/" + unit] = self.units.descendants(unit)
        return found

    def rows(self, kinds: Iterable[str], units: Iterable[str] | None,
             window: DateWindow | None = None) -> IntArray:
        """Store rows of ``kinds`` for ``units`` (None: all) inside ``window``, unordered."""
        lo = window.start.toordinal() if window else None
        hi = window.end.toordinal() if window else None
        return self.store.select(kinds, units, lo, hi)

    def count(self, kinds: Iterable[str], units: Iterable[str],
              window: DateWindow | None = None) -> int:
        """How many records :meth:`records` would return, without building them."""
        return int(self.rows(kinds, units, window).size)

    def ids(self, kinds: Iterable[str], units: Iterable[str],
            window: DateWindow | None = None) -> tuple[str, ...]:
        """The ids of what :meth:`records` would return, in the same order."""
        return self.store.ids_of(self.rows(kinds, units, window))

    def records(
        self,
        kinds: Iterable[str],
        units: Iterable[str],
        window: DateWindow | None = None,
    ) -> list[Evidence]:
        """Records of any of ``kinds`` for any of ``units`` dated inside ``window``.

        Sorted by effective date, then id.
        """
        store = self.store
        record = store.record
        return [record(r) for r in store.in_order(self.rows(kinds, units, window)).tolist()]

    def amount_by_year(self, kinds: Iterable[str], units: Iterable[str]) -> dict[int, float]:
        """Sum of ``amount`` per calendar year of the effective date."""
        totals: dict[int, float] = defaultdict(float)
        for record in self.records(kinds, units):
            if record.amount is not None:
                totals[record.date.year] += record.amount
        return dict(totals)

    def units_with(
        self, kinds: Iterable[str], units: Iterable[str], window: DateWindow | None = None
    ) -> set[str]:
        order = self.store.units.order
        return {order[u] for u in set(self.store.unit[self.rows(kinds, units, window)].tolist())}

    def kinds_by_id(self) -> dict[str, str]:
        """Each record's id and kind, in the order the records were read."""
        store = self.store
        rows = store.loaded.tolist()
        ids, names = store.ids, store.kinds
        return {ids[r]: names[k] for r, k in zip(rows, store.kind[store.loaded].tolist(),
                                                  strict=True)}

    def ledger_files(self) -> set[str]:
        """Every ledger the records were read from, as recorded in their origins."""
        return {file for file, _ in self.store.files}

    def source_files(self) -> set[str]:
        """Every ledger and attachment path the records were read from, as recorded."""
        names = self.ledger_files()
        names.update(a.path for found in self.store.attachments.values() for a in found)
        return names

    @cached_property
    def content_hash(self) -> str:
        """A stable SHA-256 of everything scoring reads (not of file layout)."""
        digest = hashlib.sha256()
        digest.update(repr(self.campaign).encode())
        for unit in sorted(self.units, key=lambda u: u.id):
            digest.update(repr(unit).encode())
        digest.update(self.store.sha256().encode())  # computed once, shared with ==
        for waiver in self.waivers:
            digest.update(repr(waiver).encode())
        for name in sorted(self.overlays):
            digest.update(repr(self.overlays[name]).encode())
        return digest.hexdigest()


def _check(
    campaign: Campaign, units: UnitTree, columns: EvidenceColumns, vocabulary: Vocabulary,
    id_order: list[int],
) -> list[DataIssue]:
    issues: list[DataIssue] = []
    for applicant in campaign.applicants:
        if applicant not in units:
            issues.append(DataIssue("campaign", bi("applicant is not a known unit",
                                                   "申报单位不在单位名单中"),
                                    field="applicants", value=applicant,
                                    expected=_UNIT_ID))
    if campaign.office_unit is not None and campaign.office_unit not in units:
        issues.append(DataIssue("campaign", bi("the leading group's office is not a known unit",
                                   "领导小组办公室所在单位不在单位名单中"),
                                field="office", value=campaign.office_unit,
                                expected=_UNIT_ID))
    for member in campaign.leading_group:
        if member.unit not in units:
            issues.append(DataIssue("campaign", bi("leading-group member names an unknown unit",
                                       "领导小组成员所在单位不在单位名单中"),
                                    field="leading_group.unit", value=member.unit,
                                    expected=_UNIT_ID))
    for task in campaign.tasks:
        for owner in task.owners:
            if owner not in units:
                issues.append(DataIssue("campaign",
                                        bi(f"task {task.id!r} is owned by an unknown unit",
                                           f"任务 {task.id!r} 的责任单位不在单位名单中"),
                                        field="tasks.owners", value=owner,
                                        expected=_UNIT_ID))
    for duty in campaign.duties:
        for owner in duty.owners:
            if owner not in units:
                issues.append(DataIssue(duty.source, f"item {duty.target!r} is assigned to an "
                                        "unknown unit / 任务分工的责任单位不存在",
                                        field="duties.owners", value=owner,
                                        expected=_UNIT_ID))
    for kind_field, kinds in [*((f"phases.{p.id}.deliverables", p.deliverables)
                                for p in campaign.phases),
                              *((f"tasks.{t.id}.kinds", t.kinds) for t in campaign.tasks)]:
        for kind in kinds:
            if kind not in vocabulary.kinds:
                issues.append(DataIssue("campaign", _UNKNOWN_KIND, field=kind_field,
                                        value=kind, expected=_kind_hint(vocabulary, kind)))
    issues.extend(_check_evidence(units, columns, vocabulary, id_order))
    return issues



_UNIT_ID: Final = bi("a unit id from the units file", "单位文件中的单位编号")
_UNKNOWN_KIND: Final = bi("unknown evidence kind", "未知的证据类别")


def _kind_hint(vocabulary: Vocabulary, name: str) -> str:
    close = vocabulary.suggest(name)
    if close:
        return bi(f"a known kind, e.g. {', '.join(close)}",
                  f"已知的证据类别，如 {'、'.join(close)}")
    return bi("a kind from the vocabulary", "证据类别表中的类别")


def _check_evidence(units: UnitTree, columns: EvidenceColumns, vocabulary: Vocabulary,
                    id_order: list[int]) -> list[DataIssue]:
    issues: list[DataIssue] = []
    where = columns.where
    ids = columns.ids
    # Equal ids sit side by side in sorted order (by position among equals): each
    # repeat is reported against the first record read with that id.
    first = id_order[0] if id_order else 0
    for before, after in pairwise(id_order):
        if ids[before] != ids[after]:
            first = after
        else:
            other_where, other_line = where(first)
            place, line = where(after)
            issues.append(DataIssue(place, bi("duplicate evidence id", "证据编号重复"), line=line,
                                    field="id", value=ids[after],
                                    expected=bi(f"a unique id (first used at {other_where}:"
                                                f"{other_line})", f"唯一的编号（已在 {other_where}"
                                                f" 第 {other_line} 行使用）")))
    unit_codes = np.frombuffer(columns.unit, dtype=np.int32) if len(columns) else None
    for code, unit in enumerate(columns.units.values):
        if unit in units or unit_codes is None:
            continue
        for position in np.flatnonzero(unit_codes == code).tolist():
            place, line = where(position)
            issues.append(DataIssue(place, bi("evidence for an unknown unit",
                                              "单位不在单位名单中"), line=line,
                                    field="unit", value=unit,
                                    expected=_UNIT_ID))
    kind_codes = np.frombuffer(columns.kind, dtype=np.int32) if len(columns) else None
    for code, kind in enumerate(columns.kinds.values):
        if kind in vocabulary.kinds or kind_codes is None:
            continue
        for position in np.flatnonzero(kind_codes == code).tolist():
            place, line = where(position)
            issues.append(DataIssue(place, _UNKNOWN_KIND, line=line, field="kind",
                                    value=kind, expected=_kind_hint(vocabulary, kind)))
    if len(columns):
        day = np.frombuffer(columns.day, dtype=np.int32)
        end = np.frombuffer(columns.end, dtype=np.int32)
        for position in np.flatnonzero((end != 0) & (end < day)).tolist():
            place, line = where(position)
            start = date.fromordinal(int(day[position])).isoformat()
            issues.append(DataIssue(place, bi("end date is before the start date",
                                              "结束日期早于开始日期"), line=line,
                                    field="end",
                                    value=date.fromordinal(int(end[position])).isoformat(),
                                    expected=bi(f"on or after {start}", f"不早于 {start}")))
    return issues

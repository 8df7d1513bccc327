"""The immutable, indexed dataset every rubric scores.

Indexing happens once, when the dataset is built: per (unit, kind) the
records are kept sorted by effective date, so the questions criteria ask —
"records of kinds K for units U between d1 and d2", "amount of kind K per
year" — cost a few binary searches instead of a scan of all evidence.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import cached_property
from operator import attrgetter
from pathlib import Path

import orjson
from attrs import field, frozen

from wenming.calendar import DateWindow
from wenming.errors import DataIssue, DatasetError
from wenming.model import Campaign, Evidence, UnitTree, Vocabulary
from wenming.model.tailoring import Overlay, Waiver

__all__ = ["Dataset"]


_BY_DATE_AND_ID = attrgetter("date", "id")



@frozen
class _Index:
    by_id: Mapping[str, int]
    # (unit, kind) -> record positions sorted by date, and their date ordinals;
    # arrays keep a million records' index to a few bytes each.
    positions: Mapping[tuple[str, str], array[int]]
    ordinals: Mapping[tuple[str, str], array[int]]
    kinds_of_unit: Mapping[str, frozenset[str]]
    # kind -> the same, across every unit, for queries over many units
    kind_positions: Mapping[str, array[int]]
    kind_ordinals: Mapping[str, array[int]]


@frozen
class Dataset:
    """A campaign, its units and evidence, indexed for scoring.

    Build one with :meth:`build` (validates references) or with a loader such
    as :func:`wenming.load_dataset`. Instances never change after building.
    """

    campaign: Campaign
    units: UnitTree
    evidence: tuple[Evidence, ...]
    vocabulary: Vocabulary
    waivers: tuple[Waiver, ...] = ()
    overlays: Mapping[str, Overlay] = field(factory=dict)
    root: Path | None = None
    _index: _Index = field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _build_index(self.evidence))

    @classmethod
    def build(
        cls,
        campaign: Campaign,
        units: UnitTree,
        evidence: Iterable[Evidence],
        vocabulary: Vocabulary,
        *,
        waivers: Iterable[Waiver] = (),
        overlays: Iterable[Overlay] = (),
        root: Path | None = None,
    ) -> Dataset:
        """Check every reference (units, kinds, ids, phases) and build the dataset.

        All problems are collected and raised together as :class:`DatasetError`.
        """
        records = tuple(evidence)
        issues = _check(campaign, units, records, vocabulary)
        if issues:
            raise DatasetError(issues)
        return cls(campaign, units, records, vocabulary, tuple(waivers),
                   {o.rubric: o for o in overlays}, root)

    # -- lookups ---------------------------------------------------------
    def __len__(self) -> int:
        return len(self.evidence)

    def get(self, evidence_id: str) -> Evidence:
        return self.evidence[self._index.by_id[evidence_id]]

    def participants(self) -> tuple[str, ...]:
        """Every unit taking part: the applicants and all units under them."""
        seen: dict[str, None] = {}
        for applicant in self.campaign.applicants:
            seen.update(dict.fromkeys(self.units.descendants(applicant)))
        return tuple(seen)

    def records(
        self,
        kinds: Iterable[str],
        units: Iterable[str],
        window: DateWindow | None = None,
    ) -> list[Evidence]:
        """Records of any of ``kinds`` for any of ``units`` dated inside ``window``.

        Sorted by effective date, then id.
        """
        kinds = tuple(kinds)
        lo = window.start.toordinal() if window else None
        hi = window.end.toordinal() if window else None
        units = units if isinstance(units, Collection) else tuple(units)
        # Walking each kind's records and filtering by unit beats one lookup per
        # (unit, kind) pair only when there are fewer such records than pairs.
        kind_positions = self._index.kind_positions
        if len(units) * len(kinds) > sum(len(kind_positions.get(k, ())) for k in kinds):
            return self._wide_records(kinds, frozenset(units), lo, hi)
        found: list[int] = []
        positions, ordinals, kinds_of_unit = (
            self._index.positions, self._index.ordinals, self._index.kinds_of_unit)
        for unit in units:
            present = kinds_of_unit.get(unit)
            if not present:
                continue
            for kind in kinds:
                if kind not in present:
                    continue
                key = (unit, kind)
                pos = positions[key]
                if lo is None or hi is None:
                    found.extend(pos)
                    continue
                dates = ordinals[key]
                found.extend(pos[bisect_left(dates, lo):bisect_right(dates, hi)])
        evidence = self.evidence
        return sorted((evidence[i] for i in found), key=_BY_DATE_AND_ID)

    def _wide_records(self, kinds: tuple[str, ...], units: frozenset[str], lo: int | None,
                      hi: int | None) -> list[Evidence]:
        evidence = self.evidence
        found: list[int] = []
        index = self._index
        for kind in kinds:
            pos = index.kind_positions.get(kind)
            if pos is None:
                continue
            if lo is not None and hi is not None:
                dates = index.kind_ordinals[kind]
                pos = pos[bisect_left(dates, lo):bisect_right(dates, hi)]
            found.extend(i for i in pos if evidence[i].unit in units)
        return sorted((evidence[i] for i in found), key=_BY_DATE_AND_ID)

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
        return {r.unit for r in self.records(kinds, units, window)}

    @cached_property
    def content_hash(self) -> str:
        """A stable SHA-256 of everything scoring reads (not of file layout)."""
        digest = hashlib.sha256()
        digest.update(repr(self.campaign).encode())
        for unit in sorted(self.units, key=lambda u: u.id):
            digest.update(repr(unit).encode())
        # orjson serialises a record's fields several times faster than repr().
        dumps = orjson.dumps
        for record in sorted(self.evidence, key=attrgetter("id")):
            digest.update(dumps((record.id, record.unit, record.kind, record.date, record.end,
                                 record.filed, record.amount, record.participants,
                                 record.festival, record.score, record.tags, record.refs,
                                 [(a.path, a.sha256) for a in record.attachments],
                                 record.title)))
        for waiver in self.waivers:
            digest.update(repr(waiver).encode())
        for name in sorted(self.overlays):
            digest.update(repr(self.overlays[name]).encode())
        return digest.hexdigest()


def _build_index(evidence: Sequence[Evidence]) -> _Index:
    by_id: dict[str, int] = {}
    buckets: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for position, record in enumerate(evidence):
        by_id[record.id] = position
        buckets[(record.unit, record.kind)].append((record.date.toordinal(), position))
    positions: dict[tuple[str, str], array[int]] = {}
    ordinals: dict[tuple[str, str], array[int]] = {}
    kinds_of_unit: dict[str, set[str]] = defaultdict(set)
    by_kind: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for key, pairs in buckets.items():
        pairs.sort()
        ordinals[key] = array("l", [p[0] for p in pairs])
        positions[key] = array("l", [p[1] for p in pairs])
        kinds_of_unit[key[0]].add(key[1])
        by_kind[key[1]].extend(pairs)
    kind_positions: dict[str, array[int]] = {}
    kind_ordinals: dict[str, array[int]] = {}
    for kind, pairs in by_kind.items():
        pairs.sort()
        kind_ordinals[kind] = array("l", [p[0] for p in pairs])
        kind_positions[kind] = array("l", [p[1] for p in pairs])
    return _Index(by_id, positions, ordinals,
                  {unit: frozenset(kinds) for unit, kinds in kinds_of_unit.items()},
                  kind_positions, kind_ordinals)


def _where(record: Evidence) -> tuple[str, int | None]:
    if record.origin is None:
        return f"evidence {record.id!r}", None
    return str(record.origin.file) + (f"[{record.origin.sheet}]" if record.origin.sheet else ""), \
        record.origin.row


def _check(
    campaign: Campaign, units: UnitTree, evidence: Sequence[Evidence], vocabulary: Vocabulary
) -> list[DataIssue]:
    issues: list[DataIssue] = []
    for applicant in campaign.applicants:
        if applicant not in units:
            issues.append(DataIssue("campaign", "applicant is not a known unit",
                                    field="applicants", value=applicant,
                                    expected="a unit id from the units file"))
    if campaign.office_unit is not None and campaign.office_unit not in units:
        issues.append(DataIssue("campaign", "the leading group's office is not a known unit",
                                field="office", value=campaign.office_unit,
                                expected="a unit id from the units file"))
    for member in campaign.leading_group:
        if member.unit not in units:
            issues.append(DataIssue("campaign", "leading-group member names an unknown unit",
                                    field="leading_group.unit", value=member.unit,
                                    expected="a unit id from the units file"))
    for task in campaign.tasks:
        for owner in task.owners:
            if owner not in units:
                issues.append(DataIssue("campaign", f"task {task.id!r} is owned by an unknown "
                                        "unit", field="tasks.owners", value=owner,
                                        expected="a unit id from the units file"))
    for kind_field, kinds in [*((f"phases.{p.id}.deliverables", p.deliverables)
                                for p in campaign.phases),
                              *((f"tasks.{t.id}.kinds", t.kinds) for t in campaign.tasks)]:
        for kind in kinds:
            if kind not in vocabulary.kinds:
                issues.append(DataIssue("campaign", "unknown evidence kind", field=kind_field,
                                        value=kind, expected="a kind id from the vocabulary"))
    first_seen: dict[str, Evidence] = {}
    for record in evidence:
        where, line = _where(record)
        if record.id in first_seen:
            other = first_seen[record.id]
            other_where, other_line = _where(other)
            issues.append(DataIssue(where, "duplicate evidence id", line=line, field="id",
                                    value=record.id,
                                    expected=f"a unique id (first used at {other_where}:"
                                             f"{other_line})"))
        else:
            first_seen[record.id] = record
        if record.unit not in units:
            issues.append(DataIssue(where, "evidence for an unknown unit", line=line,
                                    field="unit", value=record.unit,
                                    expected="a unit id from the units file"))
        if record.kind not in vocabulary.kinds:
            issues.append(DataIssue(where, "unknown evidence kind", line=line, field="kind",
                                    value=record.kind,
                                    expected=_kind_hint(vocabulary, record.kind)))
        if record.end is not None and record.end < record.date:
            issues.append(DataIssue(where, "end date is before the start date", line=line,
                                    field="end", value=record.end.isoformat(),
                                    expected=f"on or after {record.date.isoformat()}"))
    return issues



def _kind_hint(vocabulary: Vocabulary, name: str) -> str:
    close = vocabulary.suggest(name)
    return f"a known kind, e.g. {', '.join(close)}" if close else "a kind from the vocabulary"

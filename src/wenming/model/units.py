"""Units and the tree they form (HQ → dispatched sub-bureaus → divisions …)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping

from attrs import field, frozen

from wenming.errors import DataIssue, DatasetError
from wenming.model.labels import Label


class UnitKind(enum.Enum):
    """What sort of body a unit is; values are the identifiers used in files."""

    BUREAU = "bureau"
    DISPATCHED = "dispatched"
    DIVISION = "division"
    AFFILIATED = "affiliated"
    OTHER = "other"

    @property
    def label(self) -> Label:
        return _KIND_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> UnitKind:
        key = text.strip().lower()
        for kind in cls:
            if key in (kind.value, kind.label.zh, kind.label.en.lower()):
                return kind
        if key in _KIND_ALIASES:
            return _KIND_ALIASES[key]
        accepted = ", ".join(k.value for k in cls)
        raise ValueError(f"unknown unit kind {text!r}; expected one of {accepted}")


_KIND_LABELS = {
    UnitKind.BUREAU: Label("局机关", "Bureau headquarters"),
    UnitKind.DISPATCHED: Label("派出局", "Dispatched sub-bureau"),
    UnitKind.DIVISION: Label("处室", "Division"),
    UnitKind.AFFILIATED: Label("直属单位", "Affiliated unit"),
    UnitKind.OTHER: Label("其他", "Other"),
}
_KIND_ALIASES = {
    "hq": UnitKind.BUREAU,
    "headquarters": UnitKind.BUREAU,
    "机关": UnitKind.BUREAU,
    "sub-bureau": UnitKind.DISPATCHED,
    "派出生态环境局": UnitKind.DISPATCHED,
    "department": UnitKind.DIVISION,
    "处": UnitKind.DIVISION,
    "科室": UnitKind.DIVISION,
    "centre": UnitKind.AFFILIATED,
    "center": UnitKind.AFFILIATED,
    "事业单位": UnitKind.AFFILIATED,
}


@frozen
class Unit:
    """One organisational unit taking part in a campaign."""

    id: str
    name: Label
    kind: UnitKind = UnitKind.OTHER
    parent: str | None = None
    #: What the units file says about the unit beyond its place in the tree: headcounts
    #: (``staff = 120``), flags (``window = true``), words. Rubric conditions
    #: (``applies_if``) and ratio criteria read them.
    attributes: Mapping[str, float | bool | str] = field(factory=dict, kw_only=True, hash=False)


@frozen
class UnitTree:
    """The units of a dataset, validated as a forest and indexed by id.

    Build it with :meth:`build`, which rejects duplicate ids, unknown parents
    and cycles, naming the ids involved.
    """

    units: Mapping[str, Unit]
    _children: Mapping[str, tuple[str, ...]] = field(repr=False)

    @classmethod
    def build(cls, units: Iterable[Unit], *, source: str = "units") -> UnitTree:
        by_id: dict[str, Unit] = {}
        issues: list[DataIssue] = []
        for unit in units:
            if unit.id in by_id:
                issues.append(DataIssue(source, "duplicate unit id", field="id", value=unit.id,
                                        expected="each unit id once"))
                continue
            by_id[unit.id] = unit
        for unit in by_id.values():
            if unit.parent is not None and unit.parent not in by_id:
                issues.append(DataIssue(source, f"unit {unit.id!r} names a parent that does not "
                                        "exist", field="parent", value=unit.parent,
                                        expected="the id of another unit"))
        if not issues:
            issues.extend(_cycles(by_id, source))
        if issues:
            raise DatasetError(issues, "the unit tree is invalid")
        children: dict[str, list[str]] = {uid: [] for uid in by_id}
        for unit in by_id.values():
            if unit.parent is not None:
                children[unit.parent].append(unit.id)
        return cls(by_id, {k: tuple(v) for k, v in children.items()})

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.units

    def __getitem__(self, unit_id: str) -> Unit:
        return self.units[unit_id]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.units.values())

    def __len__(self) -> int:
        return len(self.units)

    def children(self, unit_id: str) -> tuple[str, ...]:
        return self._children[unit_id]

    def descendants(self, unit_id: str, *, include_self: bool = True) -> tuple[str, ...]:
        """Every unit under ``unit_id`` in depth-first order."""
        out = [unit_id] if include_self else []
        stack = list(reversed(self._children[unit_id]))
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(reversed(self._children[current]))
        return tuple(out)

    def ancestors(self, unit_id: str) -> tuple[str, ...]:
        out: list[str] = []
        parent = self.units[unit_id].parent
        while parent is not None:
            out.append(parent)
            parent = self.units[parent].parent
        return tuple(out)

    def roots(self) -> tuple[str, ...]:
        return tuple(u.id for u in self.units.values() if u.parent is None)

    def of_kind(self, unit_ids: Iterable[str], *kinds: UnitKind) -> tuple[str, ...]:
        return tuple(uid for uid in unit_ids if self.units[uid].kind in kinds)


def _cycles(by_id: Mapping[str, Unit], source: str) -> list[DataIssue]:
    issues: list[DataIssue] = []
    settled: set[str] = set()
    for start in by_id:
        path: list[str] = []
        seen: set[str] = set()
        current: str | None = start
        while current is not None and current not in settled:
            if current in seen:
                loop = [*path[path.index(current):], current]
                issues.append(DataIssue(source, "units form a cycle: " + " → ".join(loop),
                                        field="parent", value=current,
                                        expected="a tree with no unit its own ancestor"))
                break
            seen.add(current)
            path.append(current)
            current = by_id[current].parent
        settled.update(path)
    return issues

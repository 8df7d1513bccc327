"""A rubric as data: areas → items → criteria, plus bonuses and vetoes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from attrs import field, frozen

from wenming.model.labels import EMPTY_LABEL, Label

CREDIT_RULES = ("all-or-nothing", "proportional", "deduct")
SCOPES = ("system", "applicant")
METHODS = ("materials", "onsite", "survey", "report")


@frozen
class Criterion:
    """One scored requirement of an item, evaluated by a registered criterion type."""

    type: str
    points: float
    params: Any
    label: Label | None = None
    credit: str = "all-or-nothing"
    deduct: float | None = None
    threshold: float = 1.0


@frozen
class Item:
    """A scored item (测评项目), with the code as written in its source."""

    code: str
    title: Label
    points: float
    criteria: tuple[Criterion, ...]
    area: str = ""
    method: str = "materials"
    owner: str | None = None
    scope: str = "system"
    remediation: Label = EMPTY_LABEL


@frozen
class Area:
    code: str
    title: Label
    points: float
    items: tuple[Item, ...]


@frozen
class Veto:
    """A negative-list condition (否决项): a violation inside a look-back window."""

    code: str
    title: Label
    kinds: tuple[str, ...]
    lookback_months: int = 24
    consequence: str = "disqualify"
    deduct: float = 0.0


@frozen
class Rubric:
    """A validated rubric document. Build with :func:`wenming.rubric.load_rubric`."""

    id: str
    version: str
    title: Label
    issuer: Label
    level: str
    total: float
    areas: tuple[Area, ...]
    pass_line: float | None = None
    model: str = "points"
    bonus_cap: float | None = None
    bonuses: tuple[Item, ...] = ()
    vetoes: tuple[Veto, ...] = ()
    defaults: Mapping[str, Any] = field(factory=dict)
    origin: str = ""
    provider: str = ""
    content_hash: str = ""
    overlay: str | None = None

    def items(self) -> Iterator[Item]:
        for area in self.areas:
            yield from area.items

    def item(self, code: str) -> Item:
        for item in self.items():
            if item.code == code:
                return item
        raise KeyError(f"rubric {self.id!r} has no item {code!r}")

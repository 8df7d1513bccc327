"""A rubric as data: areas → items → criteria, plus bonuses and vetoes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from attrs import field, frozen

from wenming.model.labels import EMPTY_LABEL, Label

CREDIT_RULES = ("all-or-nothing", "proportional", "deduct")
SCOPES = ("system", "applicant")
METHODS = ("materials", "onsite", "survey", "report")
#: Where a criterion's rule comes from: ``seed`` (the document asks for exactly
#: this) or ``choice`` (the rubric picks a cadence or threshold the document
#: leaves open, e.g. 定期). ``overlay`` is never written in a rubric: applying
#: an overlay that changes a criterion's parameters marks it so.
BASES = ("seed", "choice")
OVERLAY_BASIS = "overlay"


@frozen
class Criterion:
    """One scored requirement of an item, evaluated by a registered criterion type.

    ``id`` is unique within the rubric and stable across versions, so a
    reviewer, a test and an overlay can all name the same criterion;
    ``source`` is a reference to the clause it encodes (never its text);
    ``interprets`` says which words of the document a ``choice`` reads.
    """

    type: str
    points: float
    params: Any
    label: Label | None = None
    credit: str = "all-or-nothing"
    deduct: float | None = None
    threshold: float = 1.0
    id: str = ""
    source: str | None = None
    basis: str = "seed"
    interprets: str | None = None


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
    source: str | None = None


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

    def criteria(self) -> Iterator[tuple[Item, Criterion]]:
        """Every criterion with its item, scored items first, then bonuses."""
        for item in (*self.items(), *self.bonuses):
            for criterion in item.criteria:
                yield item, criterion

    def criterion(self, criterion_id: str) -> tuple[Item, Criterion]:
        for item, criterion in self.criteria():
            if criterion.id == criterion_id:
                return item, criterion
        raise KeyError(f"rubric {self.id!r} has no criterion {criterion_id!r}")

"""Scorecards: results that show their arithmetic, serialisable to JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cached_property
from typing import Any

import cattrs
from attrs import field, frozen
from cattrs.gen import make_dict_unstructure_fn, override

from wenming.model.labels import EMPTY_LABEL, Label
from wenming.model.tailoring import Waiver
from wenming.scoring.checks import Check
from wenming.scoring.credit import CreditTotals
from wenming.scoring.states import State

SCHEMA = "wenming.scorecard/1"


@frozen
class RuleShape:
    """How a criterion's or an item's points are reached beyond its credit rule, as data.

    ``bands`` ([[threshold, share], …]) or ``slope`` (from, per, deduct) turn a
    measured value into a share; ``per_record`` marks points earned per record up
    to the points; ``applies_if`` is the condition on unit attributes; ``methods``
    how assessors judge it; on an item, ``pool`` (deductions share its points) and
    ``caps`` (criterion ids that lose at most so many points together).
    """

    bands: tuple[tuple[float, float], ...] = ()
    slope: tuple[float, float, float] | None = None
    per_record: bool = False
    applies_if: str | None = None
    methods: tuple[str, ...] = ()
    pool: bool = False
    caps: tuple[tuple[tuple[str, ...], float], ...] = ()

    def __bool__(self) -> bool:
        return self != RuleShape()


@frozen
class CriterionResult:
    """How one criterion scored: its checks, credit rule and points."""

    index: int
    type: str
    label: Label | None
    state: State
    points: float
    maximum: float
    credit: str
    checks: tuple[Check, ...] = ()
    error: str | None = None
    kinds: tuple[str, ...] = ()
    threshold: float = 1.0
    deduct: float | None = None
    # The trace back to the document (see docs/rubric-format.md); defaults keep
    # scorecards written before criteria had ids readable.
    id: str = ""
    source: str | None = None
    basis: str = "seed"
    interprets: str | None = None
    #: bands, slope, per-record, condition, methods; in JSON only when there is one
    shape: RuleShape | None = None

    @property
    def passed(self) -> int:
        return sum(c.weight for c in self.checks if c.passed)

    @property
    def due(self) -> int:
        return sum(c.weight for c in self.checks if c.due or c.passed)

    def gain_if_fixed(self, fixed: Iterable[Check]) -> float:
        """Points this criterion would gain if the ``fixed`` checks passed.

        Costs O(len(fixed)) after the first call, which takes the criterion's
        credit totals once.
        """
        return self._credit_totals.gain(self.points, fixed)

    def fixes_needed(self, fixed: Sequence[Check]) -> int:
        """How many of ``fixed``, met in order, recover all that meeting them all would."""
        return self._credit_totals.fixes_needed(self.points, fixed)

    @cached_property
    def _credit_totals(self) -> CreditTotals:
        return CreditTotals(self.credit, self.maximum, self.threshold, self.deduct, self.checks)


@frozen
class ItemResult:
    """One item's state, points and the words and records behind them."""

    code: str
    title: Label
    area: str
    state: State
    points: float
    maximum: float
    nominal: float
    criteria: tuple[CriterionResult, ...] = ()
    findings: tuple[Label, ...] = ()
    evidence: tuple[str, ...] = ()
    owner: str | None = None
    remediation: Label = EMPTY_LABEL
    waiver: Waiver | None = None
    manual_points: float = 0.0
    bonus: bool = False
    #: pool, caps, condition, methods; in JSON only when there is one
    shape: RuleShape | None = None

    @property
    def recoverable(self) -> float:
        """Points this item would add if every due shortfall were fixed."""
        return round(self.maximum - self.points, 4) if self.state.shortfall else 0.0


@frozen
class AreaResult:
    code: str
    title: Label
    points: float
    maximum: float
    nominal: float


@frozen
class VetoResult:
    """A veto that records triggered; ``source`` and ``basis`` trace it to the document."""

    code: str
    title: Label
    consequence: str
    deduct: float
    evidence: tuple[str, ...]
    source: str | None = None
    basis: str = "seed"


@frozen
class Arithmetic:
    """The scoring model's formula and the numbers that went into it."""

    model: str
    numerator: float
    denominator: float
    formula: str


@frozen
class Scorecard:
    """A rubric's verdict on a dataset as of a date, for a unit scope."""

    rubric_id: str
    rubric_version: str
    rubric_hash: str
    rubric_title: Label
    dataset_hash: str
    as_of: date
    scope: tuple[str, ...]
    unit: str | None
    total: float
    maximum: float
    nominal: float
    pass_line: float | None
    verdict: str | None
    arithmetic: Arithmetic
    areas: tuple[AreaResult, ...]
    items: Mapping[str, ItemResult]
    bonus: float = 0.0
    bonus_cap: float | None = None
    vetoes: tuple[VetoResult, ...] = ()
    overlay: str | None = None
    provider: str = ""
    schema: str = field(default=SCHEMA)

    @property
    def model(self) -> str:
        return self.arithmetic.model

    def item(self, code: str) -> ItemResult:
        return self.items[code]

    def shortfalls(self) -> tuple[ItemResult, ...]:
        return tuple(i for i in self.items.values() if i.state.shortfall)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _converter.unstructure(self)
        data["items"] = [data["items"][code] for code in self.items]
        return {"schema": SCHEMA, **{k: v for k, v in data.items() if k != "schema"}}

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecard:
        if data.get("schema") != SCHEMA:
            raise ValueError(f"unsupported scorecard schema {data.get('schema')!r}; "
                             f"expected {SCHEMA!r}")
        payload = dict(data)
        payload["items"] = {item["code"]: item for item in payload["items"]}
        return _converter.structure(payload, cls)

    @classmethod
    def from_json(cls, text: str) -> Scorecard:
        return cls.from_dict(json.loads(text))


def card_item_dict(item: ItemResult) -> dict[str, Any]:
    """One item as it appears in :meth:`Scorecard.to_dict`'s ``items`` list."""
    return unstructure(item)


def unstructure(value: object) -> dict[str, Any]:
    """A scorecard part (item, criterion result, check) as in :meth:`Scorecard.to_dict`."""
    data: dict[str, Any] = _converter.unstructure(value)
    return data


_converter = cattrs.Converter()
_converter.register_unstructure_hook(date, date.isoformat)
_converter.register_structure_hook(date, lambda value, _: date.fromisoformat(value))
_converter.register_unstructure_hook(State, lambda state: state.value)


def _check_hook(cls: type[Check]) -> Any:
    # Reasons appear only on the unmet checks that have them, so a scorecard of met
    # checks reads as before; a check's own window start stays out of the JSON.
    base = make_dict_unstructure_fn(cls, _converter, start=override(omit=True))

    def unstructure_check(check: Check) -> dict[str, Any]:
        data: dict[str, Any] = base(check)
        if not check.reasons:
            del data["reasons"], data["reasons_more"]
        return data

    return unstructure_check


_converter.register_unstructure_hook_factory(
    lambda cls: isinstance(cls, type) and issubclass(cls, Check), _check_hook)


def _shaped_hook(cls: type[Any]) -> Any:
    # A rule shape appears only where a rubric gives one, so scorecards of rubrics
    # without shapes read exactly as before.
    base = make_dict_unstructure_fn(cls, _converter)

    def unstructure_shaped(value: Any) -> dict[str, Any]:
        data: dict[str, Any] = base(value)
        if value.shape is None:
            del data["shape"]
        return data

    return unstructure_shaped


_converter.register_unstructure_hook_factory(
    lambda cls: cls in (CriterionResult, ItemResult), _shaped_hook)
_converter.register_structure_hook(State, lambda value, _: State(value))

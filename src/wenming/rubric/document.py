"""A rubric as data: areas → items → criteria, plus bonuses and vetoes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from attrs import field, frozen

from wenming.model.labels import EMPTY_LABEL, Label
from wenming.rubric.conditions import Condition

#: ``shortfall`` deducts ``deduct`` per record short of what a check requires (少一个扣1分).
CREDIT_RULES = ("all-or-nothing", "proportional", "deduct", "shortfall")
SCOPES = ("system", "applicant")
METHODS = ("materials", "onsite", "survey", "report")
#: Where a criterion's rule comes from: ``seed`` (the document asks for exactly
#: this) or ``choice`` (the rubric picks a cadence or threshold the document
#: leaves open, e.g. 定期). ``overlay`` is never written in a rubric: applying
#: an overlay that changes a criterion's parameters marks it so.
BASES = ("seed", "choice")
#: Which date of a record a veto's look-back reads: ``event`` (when it happened) or
#: ``closing`` (its ``end``, e.g. 结案之日: a case still open has not closed and counts).
COUNTED_FROM = ("event", "closing")
OVERLAY_BASIS = "overlay"
#: How assessors judge an item or criterion (``methods``), as real documents name them;
#: a rubric may write the id or the Chinese name.
ASSESSMENT_METHODS: Mapping[str, Label] = {
    "materials": Label("材料审核", "document review"),
    "onsite": Label("实地考察", "on-site inspection"),
    "survey": Label("问卷调查", "questionnaire survey"),
    "report": Label("听取汇报", "briefing"),
    "consult": Label("征求相关部门意见", "opinions of the departments concerned"),
    "interview": Label("个别访谈", "interviews"),
    "incognito": Label("明察暗访", "unannounced visit"),
    "spot-check": Label("随机抽查", "random spot check"),
}
_METHOD_ALIASES = {"查阅资料": "materials", "查阅材料": "materials", "实地查看": "onsite",
                   "问卷": "survey", "座谈": "interview", "暗访": "incognito",
                   "抽查": "spot-check"}


def method_id(name: str) -> str | None:
    """The method id for an id, Chinese name or alias; ``None`` if it is none of them."""
    if name in ASSESSMENT_METHODS:
        return name
    for key, label in ASSESSMENT_METHODS.items():
        if name in (label.zh, label.en):
            return key
    return _METHOD_ALIASES.get(name)


@frozen
class Slope:
    """A linear deduction below a level: 不低于80%，每低1个百分点扣1分."""

    start: float  # ``from`` in the rubric: the measured value that still earns every point
    per: float = 1.0
    deduct: float = 1.0

    def lost(self, value: float) -> float:
        """Points lost at ``value``: ``deduct`` per ``per`` below ``start``, pro rata."""
        return max(0.0, self.start - value) / self.per * self.deduct


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
    #: ``[[95, 1.0], [80, 0.66]]``: a measured value at or above a threshold earns that
    #: share of the points (first match); below every threshold, nothing.
    bands: tuple[tuple[float, float], ...] = ()
    slope: Slope | None = None
    applies_if: Condition | None = None
    methods: tuple[str, ...] = ()

    def measured_share(self, value: float) -> float:
        """The share of the points a measured ``value`` earns under ``bands`` or ``slope``."""
        if self.bands:
            return next((share for threshold, share in self.bands if value >= threshold), 0.0)
        if self.slope is not None:
            if self.points <= 0:
                return 1.0 if self.slope.lost(value) == 0 else 0.0
            return max(0.0, self.points - self.slope.lost(value)) / self.points
        return 1.0


@frozen
class SharedCap:
    """Criteria of one item that lose at most ``most`` points together (准确或及时 扣2分)."""

    criteria: tuple[str, ...]
    most: float
    label: Label | None = None


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
    #: Criteria deduct from the item's points together, until they are used up.
    pool: bool = False
    applies_if: Condition | None = None
    methods: tuple[str, ...] = ()
    caps: tuple[SharedCap, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The code, then ``<area>.<code>`` (``二.4``), as a document cites the item.

        Waivers, overlays and case files may use either; scorecards use the code.
        """
        if not self.area or self.area == "bonus" or self.code.startswith(f"{self.area}."):
            return (self.code,)
        return (self.code, f"{self.area}.{self.code}")


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
    #: Whose records count (``subject``): records with one of these tags (领导班子成员) …
    subject_tags: tuple[str, ...] = ()
    #: … of units meeting this condition.
    subject_units: Condition | None = None
    #: The trace back to the document, as a criterion's.
    source: str | None = None
    basis: str = "seed"
    interprets: str | None = None
    #: Only records naming one of these clauses (``refs``) and carrying one of these
    #: tags count; either list alone filters by itself.
    refs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    #: A rate veto (满意率低于60%): only survey records that measured less count.
    rate_below: float | None = None
    counted_from: str = "event"


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
        """The item of ``code``, or of ``<area>.<code>`` as the document cites it."""
        for item in self.items():
            if code in item.names:
                return item
        raise KeyError(f"rubric {self.id!r} has no item {code!r}")

    def item_code(self, name: str) -> str | None:
        """The code of the item or bonus that ``name`` cites (its code or ``<area>.<code>``)."""
        for item in (*self.items(), *self.bonuses):
            if name in item.names:
                return item.code
        return None

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

"""What each page shows, as typed data: the page renders it, its ``/api`` twin returns it.

Every builder here is a pure function of the workspace (and the request's
query); none writes HTML. The attrs classes are the API's response types, so
the OpenAPI document is generated from them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import orjson
from attrs import frozen

from wenming.errors import DataIssue
from wenming.model.labels import Label

if TYPE_CHECKING:
    from wenming.dataset import Dataset
    from wenming.model.evidence import Evidence
    from wenming.rubric import Rubric
    from wenming.scoring import Scorecard
    from wenming.scoring.scorecard import CriterionResult, ItemResult
    from wenming.serve.workspace import Upload, Workspace

__all__ = [
    "CardSummary",
    "CriterionView",
    "ErrorBody",
    "LedgersView",
    "Problem",
    "RecordRef",
    "RubricInfo",
    "RubricView",
    "ScorecardsView",
    "Summary",
    "UnitInfo",
    "VersionInfo",
    "label",
    "problems",
]


def label(value: Label | None) -> dict[str, str] | None:
    return None if value is None else {"zh": value.zh, "en": value.en}


@frozen
class Problem:
    """One located problem: file, row or line, column or key, value found, what is accepted."""

    where: str
    message: str
    line: int | None = None
    field: str | None = None
    value: str | None = None
    expected: str | None = None


def problems(issues: Iterable[DataIssue]) -> list[Problem]:
    return [Problem(i.where, i.message, i.line, i.field,
                    None if i.value is None else str(i.value), i.expected) for i in issues]


@frozen
class ErrorBody:
    """Every error answer of the API: ``ok`` false, the HTTP status, and what is wrong."""

    status: int
    message: str
    problems: list[Problem]
    ok: bool = False


@frozen
class UnitInfo:
    id: str
    name: dict[str, str]
    kind: str
    parent: str | None


@frozen
class CardSummary:
    """A rubric's result in one line: points, the maximum due, the pass line, the verdict."""

    rubric_id: str
    title: dict[str, str]
    total: float
    maximum: float
    pass_line: float | None
    verdict: str | None


@frozen
class Summary:
    """The workspace's front page: the campaign, its size and every counted rubric's result."""

    workspace: str
    campaign_id: str
    title: dict[str, str]
    window: str
    as_of: date
    units: int
    records: int
    cards: list[CardSummary]


@frozen
class ScorecardsView:
    """The scorecards as of a date, for the campaign or one unit's scope.

    ``report`` is the ``wenming.score-report/1`` document that ``wenming score
    --format json`` writes for the same workspace, date and unit.
    """

    as_of: date
    unit: str | None
    units: list[UnitInfo]
    report: dict[str, Any]


@frozen
class RecordRef:
    """A record as a criterion saw it; ``reason`` says why it was not counted."""

    id: str
    unit: str
    kind: str
    date: date
    title: str
    file: str | None
    reason: dict[str, str] | None = None
    #: The scorer's cause codes (``outside-window``, ``lacks-tag`` …) when a check gave them.
    causes: tuple[str, ...] = ()


@frozen
class CriterionView:
    """One item of a scorecard opened: its criteria (clause, checks) and the records."""

    rubric_id: str
    as_of: date
    unit: str | None
    item: dict[str, Any]
    counted: list[RecordRef]
    not_counted: list[RecordRef]


@frozen
class RubricInfo:
    id: str
    version: str
    title: dict[str, str]
    level: str
    total: float
    provider: str
    counted: bool


@frozen
class RubricItem:
    code: str
    title: dict[str, str]
    area: str
    points: float


@frozen
class RubricView:
    """An installed rubric and its items (``wenming rubrics show`` in short)."""

    rubric: RubricInfo
    items: list[RubricItem]


@frozen
class VersionInfo:
    seq: int
    name: str
    sha256: str
    size: int
    uploaded: str
    replaced: str | None
    current: bool


@frozen
class LedgersView:
    """The ledgers the workspace reads now, and every uploaded version (newest first)."""

    files: dict[str, int]
    versions: list[VersionInfo]
    accepted: list[VersionInfo]


# -- builders ---------------------------------------------------------------------------------
def card_summary(card: Scorecard) -> CardSummary:
    return CardSummary(card.rubric_id, label(card.rubric_title) or {}, card.total,
                       card.maximum, card.pass_line, card.verdict)


def unit_infos(dataset: Dataset) -> list[UnitInfo]:
    return [UnitInfo(u.id, label(u.name) or {}, str(getattr(u.kind, "value", u.kind)), u.parent)
            for u in dataset.units.units.values()]


def summary(ws: Workspace, as_of: date) -> Summary:
    dataset = ws.dataset()
    campaign = dataset.campaign
    cards = ws.scorecards(as_of)
    return Summary(ws.root.name, campaign.id, label(campaign.title) or {}, str(campaign.window),
                   as_of, len(dataset.units), len(dataset.evidence),
                   [card_summary(c) for c in cards])


def score_report_json(cards: Sequence[Scorecard], dataset: Dataset, as_of: date) -> bytes:
    """Exactly what ``wenming score --format json`` writes for these scorecards."""
    import io

    from wenming.reporters import JSON
    from wenming.reports import ScoreReport

    report = ScoreReport.of(cards, dataset, as_of)
    stream = getattr(JSON, "stream", None)
    if stream is not None:  # the CLI streams the JSON reporter's output: so do we
        buffer = io.BytesIO()
        stream(report, "zh", buffer)
        return buffer.getvalue()
    rendered = JSON.render(report, lang="zh")
    return rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")


def scorecards(ws: Workspace, as_of: date, unit: str | None) -> ScorecardsView:
    dataset = ws.dataset()
    cards = ws.scorecards(as_of, unit)
    report = orjson.loads(score_report_json(cards, dataset, as_of))
    return ScorecardsView(as_of, unit, unit_infos(dataset), report)


def _record(record: Evidence, reason: Label | None = None,
            causes: tuple[str, ...] = ()) -> RecordRef:
    return RecordRef(record.id, record.unit, record.kind, record.date, record.title,
                     record.origin.file if record.origin else None, label(reason), causes)


def _why_not(record: Evidence, card: Scorecard, dataset: Dataset,
             criterion: CriterionResult) -> tuple[Label, tuple[str, ...]]:
    """Why a record of a criterion's kind is in none of its checks, and the cause codes.

    An unmet check names the records near its window that did not count and why
    (:class:`wenming.scoring.checks.Reason`); other records get the plain reason
    that shows from the record itself.
    """
    for check in criterion.checks:
        for reason in check.reasons:
            if reason.evidence == record.id:
                return reason.text, reason.causes
    return _plain_reason(record, card, dataset), ()


def _plain_reason(record: Evidence, card: Scorecard, dataset: Dataset) -> Label:
    if record.date > card.as_of:
        return Label(f"日期 {record.date} 晚于评估日 {card.as_of}",
                     f"dated {record.date}, after the as-of date {card.as_of}")
    window = dataset.campaign.window
    if not window.start <= record.date <= window.end:
        return Label(f"日期 {record.date} 不在活动期 {window} 内",
                     f"dated {record.date}, outside the campaign window {window}")
    if card.scope and record.unit not in card.scope:
        return Label(f"单位 {record.unit} 不在评分范围内",
                     f"unit {record.unit} is outside the scope scored")
    return Label("不符合任何一项检查的期间、节日或条件（或该要求已满足，无需再计）",
                 "matches no check's period, festival or condition (or the requirement "
                 "was already met without it)")


def criterion(ws: Workspace, rubric_id: str, code: str, as_of: date,
              unit: str | None) -> CriterionView | None:
    from wenming.scoring.scorecard import card_item_dict

    cards = {c.rubric_id: c for c in ws.scorecards(as_of, unit)}
    card = cards.get(rubric_id)
    if card is None or code not in card.items:
        return None
    item: ItemResult = card.items[code]
    dataset = ws.dataset()
    counted_ids: dict[str, None] = {}
    for result in item.criteria:
        for check in result.checks:
            counted_ids.update(dict.fromkeys(check.evidence))
    counted_ids.update(dict.fromkeys(item.evidence))
    counted = [_record(dataset.get(i)) for i in counted_ids if _has(dataset, i)]
    everyone = list(dataset.units.units)
    not_counted: list[RecordRef] = []
    for result in item.criteria:
        if not result.kinds:
            continue
        for record in dataset.records(result.kinds, everyone):
            if record.id not in counted_ids:
                not_counted.append(_record(record, *_why_not(record, card, dataset, result)))
                counted_ids[record.id] = None  # listed once, under its first criterion
    return CriterionView(rubric_id, as_of, unit, card_item_dict(item), counted, not_counted)


def _has(dataset: Dataset, evidence_id: str) -> bool:
    try:
        dataset.get(evidence_id)
    except (KeyError, IndexError, ValueError):
        return False
    return True


def rubric_info(rubric: Rubric, counted: Mapping[str, Rubric]) -> RubricInfo:
    return RubricInfo(rubric.id, rubric.version, label(rubric.title) or {}, rubric.level,
                      rubric.total, rubric.provider, rubric.id in counted)


def rubric_view(rubric: Rubric, counted: Mapping[str, Rubric]) -> RubricView:
    items = [RubricItem(item.code, label(item.title) or {}, item.area, item.points)
             for item in rubric.items()]
    return RubricView(rubric_info(rubric, counted), items)


def ledgers(ws: Workspace, accepted: Sequence[Upload] = ()) -> LedgersView:
    import hashlib
    from collections import Counter

    files: Counter[str] = Counter()
    try:
        dataset = ws.dataset()
        files.update(r.origin.file if r.origin else "—" for r in dataset.evidence)
    except Exception:
        pass
    log = ws.uploads()
    latest: dict[str, int] = {}
    for entry in log:
        path = ws.root / "evidence" / entry.name
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == entry.sha256:
            latest[entry.name] = entry.seq  # the newest version whose bytes are in place

    def info(entry: Upload) -> VersionInfo:
        return VersionInfo(entry.seq, entry.name, entry.sha256, entry.size, entry.uploaded,
                           entry.replaced, latest.get(entry.name) == entry.seq)

    return LedgersView(dict(sorted(files.items())), [info(e) for e in reversed(log)],
                       [info(e) for e in accepted])

"""What one scoring run stores: plain values taken from scorecards, the gaps and the data.

A :class:`Snapshot` is built without a database, so what is archived can be
checked (and tested) apart from how it is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

from wenming.archive.fingerprint import Fingerprint, fingerprint
from wenming.model.labels import Label

if TYPE_CHECKING:
    from wenming.dataset import Dataset
    from wenming.scoring import Scorecard

__all__ = ["GapRow", "ItemRow", "RubricRow", "Snapshot", "take_snapshot"]


@frozen
class RubricRow:
    rubric_id: str
    version: str
    hash: str
    title: Label
    total: float
    maximum: float
    nominal: float
    pass_line: float | None
    verdict: str | None


@frozen
class ItemRow:
    rubric_id: str
    code: str
    area: str
    title: Label
    state: str
    points: float
    maximum: float
    bonus: bool
    #: The evidence kinds the item's criteria read: the records that can explain a change.
    kinds: tuple[str, ...] = ()


@frozen
class GapRow:
    """One line of the rectification list; ``finding`` is worded as the gaps report shows it."""

    rank: int
    unit: str
    finding: Label
    deadline: date | None
    gains: Mapping[str, float]


@frozen
class Snapshot:
    """One scoring run, ready to be archived."""

    recorded_at: datetime
    as_of: date
    campaign_id: str
    campaign_title: Label
    dataset_path: str
    dataset_hash: str
    rubrics: tuple[RubricRow, ...]
    items: tuple[ItemRow, ...]
    gaps: tuple[GapRow, ...]
    fingerprint: Fingerprint
    wenming_version: str = ""


def _version() -> str:
    from wenming import __version__

    return __version__


def take_snapshot(cards: Iterable[Scorecard], dataset: Dataset, as_of: date, *,
                  path: str | Path = "", now: datetime | None = None) -> Snapshot:
    """The snapshot of ``cards`` (scored from ``dataset`` as of ``as_of``)."""
    from wenming.reports.gaps import build_gaps

    cards = tuple(cards)
    rubrics = tuple(
        RubricRow(c.rubric_id, c.rubric_version, c.rubric_hash, c.rubric_title, c.total,
                  c.maximum, c.nominal, c.pass_line, c.verdict)
        for c in cards)
    items = tuple(
        ItemRow(c.rubric_id, item.code, item.area, item.title, item.state.value, item.points,
                item.maximum, item.bonus,
                tuple(sorted({k for criterion in item.criteria for k in criterion.kinds})))
        for c in cards for item in c.items.values())
    gap_list = build_gaps(cards, dataset, as_of)
    gaps = tuple(GapRow(g.rank, g.unit, g.what_shown, g.deadline, dict(g.gains))
                 for g in gap_list.gaps)
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    return Snapshot(
        recorded_at=stamp, as_of=as_of, campaign_id=dataset.campaign.id,
        campaign_title=dataset.campaign.title,
        dataset_path=str(Path(path).resolve()) if path else "",
        dataset_hash=dataset.content_hash, rubrics=rubrics, items=items, gaps=gaps,
        fingerprint=fingerprint(dataset), wenming_version=_version())

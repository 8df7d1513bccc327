"""Phase items: deliverables dated inside their phase, and what a mid-campaign date shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from wenming.scoring import State
from wenming.testing import MUNICIPAL_PHASES, DatasetBuilder


def _moved(records: list[Any], kind: str, day: str) -> list[Any]:
    """The archive with the (single) record of ``kind`` re-dated to ``day``."""
    hits = [r for r in records if r.kind == kind]
    assert len(hits) == 1
    return [r._replace(day=date.fromisoformat(day)) if r.kind == kind else r for r in records]


def test_deliverable_one_day_after_its_phase_does_not_count(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # Preparation is 2020.04–2020.05, so 2020-06-01 is its first day out.
    card = card_of(build(_moved(records, "leading-group-establishment", "2020-06-01")))
    p1 = card.item("P1")
    # Leading group set up (2 points) is lost; work plan 2 + staff consulted 1 remain.
    assert p1.state is State.PARTIAL
    assert p1.points == pytest.approx(3)
    assert p1.maximum == pytest.approx(5)
    text = "\n".join(f.en for f in p1.findings)
    assert "Leading group set up: Unmet (0 of 1 checks met)" in text
    assert "record(s) dated outside the window (2020-06-01)" in text
    zh = "\n".join(f.zh for f in p1.findings)
    assert "窗口外有 1 条记录（2020-06-01）" in zh
    assert card.total == pytest.approx(98)


def test_deliverable_on_the_last_day_of_its_phase_counts(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    card = card_of(build(_moved(records, "leading-group-establishment", "2020-05-31")))
    assert card.item("P1").state is State.MET
    assert card.item("P1").points == pytest.approx(5)


def test_deliverable_before_the_phase_does_not_count(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # The mobilisation phase opens on 2020-05-01; a deployment meeting the day before is early.
    card = card_of(build(_moved(records, "deployment-meeting", "2020-04-30")))
    p2 = card.item("P2")
    assert (p2.state, p2.points) == (State.PARTIAL, pytest.approx(2))
    assert "record(s) dated outside the window (2020-04-30)" in "\n".join(
        f.en for f in p2.findings)


def test_shared_boundary_month_counts_for_mobilisation(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # May 2020 belongs to both preparation and mobilisation.
    moved = _moved(records, "mobilisation-meeting", "2020-05-20")
    meeting = next(r for r in moved if r.kind == "mobilisation-meeting")
    card = card_of(build(moved))
    p2 = card.item("P2")
    assert p2.state is State.MET
    assert p2.points == pytest.approx(4)
    assert meeting.id in p2.evidence


def test_mid_campaign_later_phases_are_not_yet_due(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    card = card_of(build(records), "2021-03-31")
    for code in ("P4", "P5", "P6"):
        item = card.item(code)
        assert item.state is State.NOT_YET_DUE, code
        assert (item.points, item.maximum) == (0, 0), code
    # Phases that have ended, and full creation whose deliverables already exist, are met.
    for code in ("P1", "P2", "P3"):
        assert card.item(code).state is State.MET, code
    # Left out of the denominator by 2021-03-31: P4 4 + P5 3 + P6 4, each unit's self-check in
    # S4 (2, due when the campaign ends), and three full-creation criteria whose records come
    # later while the phase still runs to July: patriotic education (T2, 1, on 2021-04-20),
    # civilized tourism (T6, 0.5, on 2021-04-28) and the service window (T12, 2, on
    # 2021-05-06). The 2021 year-end summaries are not due either, but their criterion is
    # proportional over the checks that are, so S3 keeps its 8. Everything else is evidenced.
    assert card.maximum == pytest.approx(100 - 4 - 3 - 4 - 2 - 1 - 0.5 - 2)
    assert card.total == pytest.approx(83.5)
    assert (card.item("T2").points, card.item("T2").maximum) == (2, 2)
    assert card.item("T2").state is State.MET
    assert card.item("T12").maximum == pytest.approx(2)
    assert card.item("S4").maximum == pytest.approx(5)
    assert card.item("S3").maximum == pytest.approx(8)
    assert card.verdict == "pass"


def test_mid_campaign_missing_self_check_is_pending_not_failed(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # The self-scoring sheet arrives late in the self-check phase (2021-09-25); on 2021-09-10
    # the phase is still running, so its absence is not a failure yet.
    card = card_of(build(_moved(records, "self-scoring-sheet", "2021-09-25")), "2021-09-10")
    p4 = card.item("P4")
    assert p4.state is State.MET  # the rectification list (2021-09-08) is in; the sheet pending
    assert p4.points == pytest.approx(2)
    assert p4.maximum == pytest.approx(2)
    assert any("not yet due" in f.en for f in p4.findings)


def test_campaign_without_the_plan_phases_is_an_error(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # Only preparation declared: the other phase windows cannot be resolved.
    card = card_of(build(records, DatasetBuilder().with_phases(MUNICIPAL_PHASES[:1])))
    assert card.item("P1").state is State.MET
    for code in ("P2", "P3", "P4", "P5", "P6", "T1"):
        item = card.item(code)
        assert item.state is State.ERROR, code
        assert item.points == 0, code
    text = "\n".join(f.en for f in card.item("P2").findings)
    assert "'mobilisation'" in text
    assert "phases: preparation" in text
    # Items that do not use phase windows still score.
    assert card.item("S3").state is State.MET

"""Item 14's attested rules: scored from on-site assessment records, else manual.

Item 14 = plan 1 + corridor culture 1 + tidiness 2 + no smoking 1 + parking 1,
the three attested criteria proportional to the assessor's score.
"""

from __future__ import annotations

from datetime import date

import pytest

from wenming.scoring import Scorer, State

RUBRIC = "provincial-18"
AS_OF = date(2021, 12, 31)


def english(findings) -> str:
    return "\n".join(f.en for f in findings)


def test_without_an_assessor_record_the_item_needs_manual_assessment(
        scorer: Scorer, ledger, build_dataset, drop) -> None:
    card = scorer.score(build_dataset(drop(ledger, "onsite-assessment")), RUBRIC, as_of=AS_OF)
    item = card.item("14")
    assert item.state is State.NEEDS_MANUAL
    text = english(item.findings)
    for ref in ("office-tidiness", "no-smoking", "orderly-parking"):
        assert f"On-site assessment: {ref}: no assessor record, needs manual assessment" in text
    # An item awaiting manual assessment leaves the denominator (docs: scoring models),
    # so the other 17 items' 94 points are the whole score: nothing earned or lost on 14.
    assert card.total == pytest.approx(94)
    assert card.maximum == pytest.approx(94)
    assert card.verdict == "pass"


def test_one_missing_ref_keeps_the_item_manual(scorer: Scorer, ledger, build_dataset,
                                               drop) -> None:
    records = [r for r in ledger
               if not (r["kind"] == "onsite-assessment" and r["refs"] == ("orderly-parking",))]
    card = scorer.score(build_dataset(records), RUBRIC, as_of=AS_OF)
    assert card.item("14").state is State.NEEDS_MANUAL
    assert "orderly-parking: no assessor record" in english(card.item("14").findings)


def test_with_a_record_the_points_follow_the_score(scorer: Scorer, ledger, build_dataset,
                                                   drop) -> None:
    records = [*drop(ledger, "onsite-assessment"),
               dict(kind="onsite-assessment", day="2021-11-20", score=90.0,
                    refs=("office-tidiness",)),
               dict(kind="onsite-assessment", day="2021-11-20", score=100.0,
                    refs=("no-smoking",)),
               dict(kind="onsite-assessment", day="2021-11-20", score=50.0,
                    refs=("orderly-parking",))]
    card = scorer.score(build_dataset(records), RUBRIC, as_of=AS_OF)
    item = card.item("14")
    # 1 + 1 + 2 × 0.9 + 1 × 1.0 + 1 × 0.5 = 5.3 of 6.
    assert item.state is State.PARTIAL
    assert item.points == pytest.approx(5.3)
    assert item.maximum == 6
    text = english(item.findings)
    assert "office-tidiness: assessed at 90%" in text
    assert "orderly-parking: assessed at 50%" in text
    assert card.total == pytest.approx(99.3)


def test_the_latest_assessor_record_wins(scorer: Scorer, ledger, build_dataset) -> None:
    # The complete ledger scores office-tidiness 100 on 2021-11-20; a re-visit says 60.
    records = [*ledger, dict(kind="onsite-assessment", day="2021-12-10", score=60.0,
                             refs=("office-tidiness",))]
    card = scorer.score(build_dataset(records), RUBRIC, as_of=AS_OF)
    assert card.item("14").points == pytest.approx(6 - 2 * 0.4)


def test_a_record_without_a_score_still_needs_a_person(scorer: Scorer, ledger, build_dataset,
                                                       drop) -> None:
    records = [*drop(ledger, "onsite-assessment"),
               *(dict(kind="onsite-assessment", day="2021-11-20", score=100.0, refs=(ref,))
                 for ref in ("no-smoking", "orderly-parking")),
               dict(kind="onsite-assessment", day="2021-11-20", refs=("office-tidiness",))]
    card = scorer.score(build_dataset(records), RUBRIC, as_of=AS_OF)
    assert card.item("14").state is State.NEEDS_MANUAL
    assert "has no score; needs manual assessment" in english(card.item("14").findings)

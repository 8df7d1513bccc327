"""Item 14's attested rules: scored from on-site assessment records, else pending.

Item 14 = plan 1 + corridor culture 1 + tidiness 2 + no smoking 1 + parking 1,
the three attested criteria proportional to the assessor's score. Without an
assessor record an attested criterion's points are pending: outside the
item's points and maximum, named apart, while the rest of the item counts.
"""

from __future__ import annotations

from datetime import date

import pytest

from wenming.scoring import Scorer, State

RUBRIC = "provincial-18"
AS_OF = date(2021, 12, 31)


def english(findings) -> str:
    return "\n".join(f.en for f in findings)


def test_without_an_assessor_record_the_attested_points_are_pending(
        scorer: Scorer, ledger, build_dataset, drop) -> None:
    card = scorer.score(build_dataset(drop(ledger, "onsite-assessment")), RUBRIC, as_of=AS_OF)
    item = card.item("14")
    text = english(item.findings)
    for ref in ("office-tidiness", "no-smoking", "orderly-parking"):
        assert f"On-site assessment: {ref}: no assessor record, needs manual assessment" in text
    # The plan and the corridor culture are on file and count (2 of 2); the 4 attested
    # points are neither earned nor lost, and are shown apart (docs: scoring, items).
    assert item.state is State.MET
    assert (item.points, item.maximum, item.manual_points) == (2, 2, 4)
    assert "Awaiting an assessor: 4 points, outside the points and the maximum" in text
    assert card.total == pytest.approx(96)
    assert card.maximum == pytest.approx(96)
    assert card.verdict == "pass"


def test_pending_points_keep_a_short_verdict_open(scorer: Scorer, ledger, build_dataset,
                                                  drop) -> None:
    # Without the plan and the corridor (2) and 14 points lost elsewhere (central group
    # study 4, moral lectures 6, sports 2, tree planting 2), 80 of the due 96 fall short
    # of the line (85 × 96/100 = 81.6); the 4 pending points could still reach it.
    records = [r for r in drop(ledger, "onsite-assessment")
               if r.kind not in ("office-environment-plan", "corridor-culture",
                                 "central-group-study", "moral-lecture", "sports-activity",
                                 "tree-planting")]
    card = scorer.score(build_dataset(records), RUBRIC, as_of=AS_OF)
    assert card.item("14").state is State.UNMET
    assert (card.total, card.maximum) == (pytest.approx(80), pytest.approx(96))
    assert card.verdict == "undetermined"
    # Three points more lost (77 + 4 < 81.6) and even the pending four cannot reach it.
    records = [r for r in records if r.kind not in ("song-dance-gathering",
                                                    "photography-contest", "calligraphy-contest")]
    assert scorer.score(build_dataset(records), RUBRIC, as_of=AS_OF).verdict == "fail"


def test_one_missing_ref_leaves_only_its_point_pending(scorer: Scorer, ledger, build_dataset
                                                       ) -> None:
    records = [r for r in ledger
               if not (r["kind"] == "onsite-assessment" and r["refs"] == ("orderly-parking",))]
    card = scorer.score(build_dataset(records), RUBRIC, as_of=AS_OF)
    item = card.item("14")
    assert (item.state, item.points, item.maximum, item.manual_points) == (State.MET, 5, 5, 1)
    assert "orderly-parking: no assessor record" in english(item.findings)
    assert "Awaiting an assessor: 1 point," in english(item.findings)


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
    item = card.item("14")
    assert (item.points, item.maximum, item.manual_points) == (4, 4, 2)
    assert "has no score; needs manual assessment" in english(item.findings)

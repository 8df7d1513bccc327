"""An item part of which awaits an assessor: settled points count, pending ones stand apart.

The rule (docs/scoring.md, "Items"): the item's met/partial/unmet criteria are
summed as usual; a criterion awaiting an assessor adds nothing to points or
maximum, its points are the item's ``manual_points``, a finding names them, and
the verdict counts them as pending.
"""

from __future__ import annotations

import pytest

from tests.scoring.conftest import score_card
from wenming.scoring import State
from wenming.testing import DatasetBuilder

PLAN = {"type": "present", "kinds": ["work-plan"], "points": 3}
SMOKING = {"type": "attested", "ref": "no-smoking", "points": 2}


def test_settled_criteria_count_and_the_unassessed_points_stand_apart():
    data = DatasetBuilder().add("work-plan", "2020-05-01").build()
    card = score_card(data, "2021-12-31", PLAN, SMOKING)
    item = card.item("1")
    assert item.state is State.MET
    assert (item.points, item.maximum, item.manual_points) == (3, 3, 2)
    assert (card.total, card.maximum) == (3, 3)
    assert item.findings[-1].en == ("Awaiting an assessor: 2 points, outside the points and "
                                    "the maximum")
    assert item.findings[-1].zh == "待人工评定：2 分，未计入得分和满分"


def test_a_missing_settled_part_still_loses_its_points():
    card = score_card(DatasetBuilder().build(), "2021-12-31", PLAN, SMOKING)
    item = card.item("1")
    assert item.state is State.UNMET
    assert (item.points, item.maximum, item.manual_points) == (0, 3, 2)


def test_an_item_wholly_awaiting_an_assessor_leaves_the_denominator():
    card = score_card(DatasetBuilder().build(), "2021-12-31", SMOKING)
    item = card.item("1")
    assert item.state is State.NEEDS_MANUAL
    assert (item.points, item.maximum, item.manual_points) == (0, 0, 2)
    assert not any(f.en.startswith("Awaiting an assessor") for f in item.findings)


def test_once_assessed_the_pending_points_join_the_sums():
    data = (DatasetBuilder().add("work-plan", "2020-05-01")
            .add("onsite-assessment", "2021-11-01", score=50, refs=["no-smoking"]).build())
    item = score_card(data, "2021-12-31", PLAN, SMOKING).item("1")
    assert item.state is State.PARTIAL
    assert (item.points, item.maximum, item.manual_points) == (4, 5, 0)


@pytest.mark.parametrize(("plan_points", "smoking_points", "verdict"), [
    # line 60% of 10 nominal = 6 on the nominal scale, rescaled to the due maximum.
    (5, 5, "undetermined"),  # 0 of 5 settled (line 3); the 5 pending could reach it
    (8, 2, "fail"),          # 0 of 8 settled (line 4.8); 2 pending cannot
])
def test_the_verdict_waits_on_the_pending_points_only(plan_points: int, smoking_points: int,
                                                      verdict: str):
    card = score_card(DatasetBuilder().build(), "2021-12-31",
                      {**PLAN, "points": plan_points}, {**SMOKING, "points": smoking_points},
                      head="pass_line = 6")
    assert card.verdict == verdict

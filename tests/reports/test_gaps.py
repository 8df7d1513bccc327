"""The rectification list: shortfalls, owners, deadlines, gains, merging and ranking."""

from __future__ import annotations

from datetime import date

import pytest

from tests.reports import support
from wenming.model import Label
from wenming.model.duties import Basis
from wenming.reports import GapList, build_gaps, gap_deadline
from wenming.reports.gaps import Action
from wenming.scoring import Scorer, State
from wenming.testing import MUNICIPAL_PHASES, DatasetBuilder


@pytest.fixture(scope="module")
def gaps() -> GapList:
    return build_gaps(support.cards(), support.dataset(), support.AS_OF)


def _gap(gaps: GapList, needle: str):
    found = [g for g in gaps.gaps if needle in g.finding.zh]
    assert len(found) == 1, [g.finding.zh for g in gaps.gaps]
    return found[0]


def test_known_shortfall_names_owner_deadline_and_points(gaps):
    plan = _gap(gaps, "前期准备阶段")
    # the item names "party" as owner; no work plan dated in the preparation phase
    assert (plan.unit, plan.unit_name) == ("party", Label("机关党委", "Party committee"))
    assert plan.responsibility is not None and plan.responsibility.basis is Basis.RUBRIC
    # the preparation phase closed in 2020: the points are lost, no deadline to keep
    assert plan.action is Action.LOST and plan.deadline is None
    assert plan.overdue
    assert dict(plan.gains) == {"prov": 4.0}  # all-or-nothing: the item's 4 points
    assert plan.kinds == ("work-plan",)
    assert "0/1" in plan.finding.zh and "创建工作方案" in plan.what.zh
    assert plan.remediation.zh == "补充创建工作方案"
    assert plan.shortfalls[0].item_code == "1"


def test_one_action_fixing_two_rubrics_is_one_gap_with_both_gains(gaps):
    spring = _gap(gaps, "2021年春节")
    assert spring.rubrics == ("prov", "city")
    # prov: 6 points proportional over 3 due festival checks (1 met) → fixing one adds 2;
    # city: the single due check of an all-or-nothing 10-point criterion.
    assert spring.gains["prov"] == pytest.approx(2.0)
    assert spring.gains["city"] == pytest.approx(10.0)
    assert spring.combined_gain == pytest.approx(12.0)
    assert {(s.rubric_id, s.item_code) for s in spring.shortfalls} == {("prov", "3"),
                                                                      ("city", "1")}
    # no owner in either rubric → the leading group's office
    assert spring.unit == "office"
    assert spring.rank == 1


def test_a_different_festival_is_a_different_gap(gaps):
    autumn = _gap(gaps, "2021年中秋")
    assert autumn.rubrics == ("prov",)
    assert autumn.gains["prov"] == pytest.approx(2.0)


def test_unit_checks_go_to_the_unit_concerned(gaps):
    west = _gap(gaps, "西区分局")
    assert west.unit == "west"
    assert west.unit_name.zh == "西区分局"
    assert west.gains["prov"] == pytest.approx(2.0)  # coverage: 1 of 2 sub-bureaus, 4 points
    late = _gap(gaps, "事后 80 天归档")
    assert late.unit == "hq" and late.gains == {"city": 5.0}


def test_ranked_by_combined_gain_then_deadline(gaps):
    combined = [g.combined_gain for g in gaps.gaps]
    assert combined == sorted(combined, reverse=True)
    assert [g.rank for g in gaps.gaps] == list(range(1, len(gaps.gaps) + 1))


def test_gaps_recover_exactly_what_the_cards_lost(gaps):
    cards = {c.rubric_id: c for c in support.cards()}
    totals, lost = gaps.total_gain(), gaps.total_lost()
    for rubric, card in cards.items():
        assert totals[rubric] + lost[rubric] == pytest.approx(card.maximum - card.total)
    # every window of the support scenario has closed by 15 October 2021
    assert totals == {"prov": 0.0, "city": 0.0}


def test_fixing_the_merged_gap_recovers_its_gains():
    before = {c.rubric_id: c.total for c in support.cards()}
    fixed = (DatasetBuilder()
             .add("leading-group-establishment", "2020-04-15", id="G1")
             .add("mobilisation-meeting", "2020-05-20", id="M1")
             .add("moral-lecture", "2020-05-10", id="L1")
             .add("moral-lecture", "2020-09-10", unit="east", id="L2")
             .add("moral-lecture", "2021-03-01", id="L3", filed="2021-05-20")
             .add("festival-activity", "2020-10-01", id="F1", festival="中秋")
             .add("festival-activity", "2021-02-13", id="F2", festival="春节")
             .build())
    after = {c.rubric_id: c.total
             for c in Scorer(support.host()).score_all(fixed, ["prov", "city"], support.AS_OF)}
    assert after["prov"] - before["prov"] == pytest.approx(2.0)
    # city's timeliness share changes too (7 records, 6 on time, still short of 90 %)
    assert after["city"] - before["city"] == pytest.approx(10.0)


def test_manual_items_are_listed_to_assess_not_as_gaps(gaps):
    assert [(e.rubric_id, e.item_code) for e in gaps.to_assess] == [("city", "3")]
    entry = gaps.to_assess[0]
    assert entry.state is State.NEEDS_MANUAL
    assert entry.points == 10
    assert "需人工评定" in entry.reasons[0].zh
    assert all(s.item_code != "3" or s.rubric_id != "city" for g in gaps.gaps
               for s in g.shortfalls)


def test_after_the_rectification_phase_nothing_is_due_before_the_as_of_date():
    late = date(2021, 12, 15)
    gaps = build_gaps(support.cards(late), support.dataset(), late)
    assert gaps.gaps
    for gap in gaps.gaps:
        assert (gap.deadline is None) == gap.lost
        assert gap.deadline is None or late <= gap.deadline


def test_without_a_rectification_phase_only_future_check_deadlines_remain():
    phases = [p for p in MUNICIPAL_PHASES if p.id != "rectification"]
    data = (DatasetBuilder().with_phases(phases).build())
    cards = Scorer(support.host()).score_all(data, ["prov", "city"], support.AS_OF)
    gaps = build_gaps(cards, data, support.AS_OF)
    assert gaps.rectification_end is None
    assert gaps.gaps and {g.deadline for g in gaps.gaps} == {None}


@pytest.mark.parametrize(("check", "rect", "expected"), [
    (date(2021, 2, 19), date(2021, 11, 30), date(2021, 11, 30)),   # check passed → phase end
    (date(2021, 10, 31), date(2021, 11, 30), date(2021, 10, 31)),  # sooner and ahead → check
    (date(2021, 12, 31), date(2021, 11, 30), date(2021, 11, 30)),  # later → phase end
    (None, date(2021, 11, 30), date(2021, 11, 30)),
    (date(2021, 10, 31), None, date(2021, 10, 31)),
    (date(2021, 2, 19), None, None),
])
def test_deadline_rule(check, rect, expected):
    assert gap_deadline(check, rect, support.AS_OF) == expected


def test_without_dataset_ids_stand_in_for_names():
    gaps = build_gaps(support.cards(), None)
    assert gaps.as_of == support.AS_OF
    west = _gap(gaps, "西区分局")
    assert west.unit_name == Label("west", "west")
    assert west.kind_names == (Label("moral-lecture", "moral-lecture"),)

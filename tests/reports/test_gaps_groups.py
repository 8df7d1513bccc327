"""A criterion whose checks earn nothing one by one is one line of the rectification list.

Under a threshold (90 % of records filed in time) fixing one late record alone
recovers nothing, so listing each at 0 points left the criterion's lost points
nowhere on the list. They become one gap that says how many checks fall short
and how many must be fixed to recover the points.
"""

from __future__ import annotations

import math

import attrs
import pytest

from tests.reports import support
from wenming.model.labels import Label
from wenming.reports import build_gaps
from wenming.scoring import Check, CriterionResult, Scorecard, State


def _card(on_time: int, late: int, credit: str = "all-or-nothing", threshold: float = 0.9,
          points: float = 5.0, deduct: float | None = None) -> tuple[Scorecard, CriterionResult]:
    card = next(c for c in support.cards() if c.rubric_id == "city")
    item = card.item("2")
    in_time = Check(Label("按时", "on time"), 1, 1, unit="hq", weight=on_time)
    records = tuple(Check(Label(f"R{i}", f"R{i}"), 1, 0, evidence=(f"R{i}",),
                          unit=("hq", "east", "west")[i % 3],
                          note=Label("无归档日期", "no filing date")) for i in range(late))
    crit = CriterionResult(0, "timeliness", Label("档案及时归档", "Archive filed in time"),
                           State.UNMET, 0.0, points, credit, (in_time, *records),
                           kinds=("moral-lecture",), threshold=threshold, deduct=deduct)
    earned = points * crit._credit_totals.fraction()
    crit = attrs.evolve(crit, points=earned)
    items = dict(card.items)
    items["2"] = attrs.evolve(item, state=State.PARTIAL if earned else State.UNMET,
                              points=earned, maximum=points, criteria=(crit,))
    return attrs.evolve(card, items=items), crit


def _lost_and_listed(card: Scorecard) -> tuple[float, float]:
    gaps = build_gaps([card], support.dataset(), support.AS_OF)
    item = card.item("2")
    listed = sum(g.gains.get("city", 0) for g in gaps.gaps
                 if any(s.item_code == "2" for s in g.shortfalls))
    return round(item.maximum - item.points, 4), round(listed, 4)


def test_late_records_under_a_threshold_are_one_gap_worth_the_lost_points():
    card, _ = _card(on_time=100, late=20)
    gaps = build_gaps([card], support.dataset(), support.AS_OF)
    group = [g for g in gaps.gaps if g.label.en == "Archive filed in time"]
    assert len(group) == 1
    gap = group[0]
    # 108 of 120 must be in time (90 %): 8 of the 20 fixed recover all 5 points
    assert gap.gains == {"city": 5.0}
    assert gap.finding.en == ("Archive filed in time: 20 checks fall short; fixing 8 of them "
                              "recovers 5 points")
    assert gap.finding.zh == "档案及时归档：20 项未达标，整改其中 8 项可挽回 5 分"
    assert len(gap.shortfalls) == 20  # every record is still named
    assert {s.finding.en for s in gap.shortfalls} == {f"R{i}: no filing date" for i in range(20)}
    assert not [g for g in gaps.gaps if g.label.en.startswith("R")]
    assert gap.unit == "office"  # no single sub-bureau can reach the threshold alone


@pytest.mark.parametrize(("on_time", "late", "credit", "deduct"), [
    (100, 20, "all-or-nothing", None), (10, 30, "all-or-nothing", None),
    (5, 12, "deduct", 1.0), (100, 20, "proportional", None), (8, 1, "all-or-nothing", None)])
def test_the_list_accounts_for_every_lost_point(on_time, late, credit, deduct):
    card, _ = _card(on_time, late, credit=credit, deduct=deduct)
    lost, listed = _lost_and_listed(card)
    assert lost > 0
    # proportional at 90 %: fixing all over-recovers one by one; never under
    assert listed == pytest.approx(lost, abs=0.0001 * late + 0.0001) or listed >= lost


def test_checks_that_each_earn_something_stay_separate():
    card, _ = _card(on_time=100, late=20, credit="proportional")
    gaps = build_gaps([card], support.dataset(), support.AS_OF)
    assert len([g for g in gaps.gaps if g.label.en.startswith("R")]) == 20
    assert not [g for g in gaps.gaps if g.label.en == "Archive filed in time"]


def test_fixes_needed_is_the_smallest_number_that_recovers_the_points():
    _, crit = _card(on_time=10, late=30)
    failed = [c for c in crit.checks if c.failed]
    needed = crit.fixes_needed(failed)
    assert needed == math.ceil(0.9 * 40) - 10 == 26
    assert crit.gain_if_fixed(failed[:needed]) == crit.gain_if_fixed(failed) == 5.0
    assert crit.gain_if_fixed(failed[:needed - 1]) == 0.0


def test_grouping_reads_each_check_a_bounded_number_of_times(monkeypatch):
    late = 20_000
    card, _ = _card(on_time=100_000, late=late)
    reads = 0
    real = Check.passed

    def counting(self: Check) -> bool:
        nonlocal reads
        reads += 1
        return real.fget(self)

    monkeypatch.setattr(Check, "passed", property(counting))
    gaps = build_gaps([card], support.dataset(), support.AS_OF)
    assert [g.gains for g in gaps.gaps if g.label.en == "Archive filed in time"] == [
        {"city": 5.0}]
    assert reads < 10 * late  # a search re-scoring prefixes would read ~late × log(late)

"""Item 12: a festival plan every year and an activity at seven festivals, every year.

The festivals criterion is worth 6 points with ``deduct = 1`` per missed
festival-year; the plan is worth 2 (proportional per year).
"""

from __future__ import annotations

from datetime import date

import pytest

from wenming.scoring import Scorer, State
from wenming.testing import DatasetBuilder

RUBRIC = "provincial-18"
OTHER_FESTIVALS_2028 = {
    # Worked out from the lunar calendar: 2028 has a leap fifth month (闰五月),
    # so 端午 (5/5) is 28 May and the leap month's fifth day is 27 June.
    "chunjie": "2028-01-26",
    "yuanxiao": "2028-02-09",
    "sanyuesan": "2028-03-28",
    "qingming": "2028-04-04",
    "zhongqiu": "2028-10-03",
    "chongyang": "2028-10-26",
}


def english(findings) -> str:
    return "\n".join(f.en for f in findings)


def test_a_year_missing_sanyuesan_loses_one_point(scorer: Scorer, ledger, build_dataset,
                                                  drop) -> None:
    records = drop(ledger, "festival-activity",
                   lambda d: d == date(2021, 4, 14))  # 三月三 2021 = 14 April
    card = scorer.score(build_dataset(records), RUBRIC, as_of=date(2021, 12, 31))
    item = card.item("12")
    # 14 festival-years due, 13 held: 6 − 1 × 1, plus the plan's 2.
    assert item.state is State.PARTIAL
    assert item.points == pytest.approx(7)
    assert "Sanyuesan 2021: 0 of 1 required" in english(item.findings)
    assert any("2021年三月三" in f.zh for f in item.findings)
    assert "Sanyuesan 2020" not in english(item.findings)


def test_every_missed_festival_year_costs_a_point_until_none_is_left(
        scorer: Scorer, ledger, build_dataset, drop) -> None:
    # All of 2021's seven missed: 6 − 7 is floored at 0; the plans keep their 2.
    records = drop(ledger, "festival-activity", lambda d: d.year == 2021)
    card = scorer.score(build_dataset(records), RUBRIC, as_of=date(2021, 12, 31))
    assert card.item("12").points == pytest.approx(2)


def test_an_activity_a_week_away_still_counts(scorer: Scorer, ledger, build_dataset,
                                              drop) -> None:
    # 中秋 2021 is 21 September; the window runs 14–28 September.
    records = [*drop(ledger, "festival-activity", lambda d: d == date(2021, 9, 21)),
               dict(kind="festival-activity", day="2021-09-28")]
    card = scorer.score(build_dataset(records), RUBRIC, as_of=date(2021, 12, 31))
    assert card.item("12").points == pytest.approx(8)


def test_a_festival_still_ahead_is_not_yet_due(scorer: Scorer, ledger, build_dataset,
                                               drop) -> None:
    # As of 2021-06-01, 端午 2021 (14 June) and the autumn festivals are ahead;
    # nothing after that date is on file, so they must not count as missed.
    records = drop(ledger, "festival-activity", lambda d: d > date(2021, 6, 1))
    card = scorer.score(build_dataset(records), RUBRIC, as_of=date(2021, 6, 1))
    item = card.item("12")
    assert item.state is State.MET
    assert "Dragon Boat Festival 2021" in english(item.findings)
    assert "not yet due" in english(item.findings)


def _leap_year_2028(duanwu_day: str) -> object:
    # A campaign inside 2028; the standard phases (2020–2021) do not apply to it.
    builder = DatasetBuilder(window="2028.01-2028.12").with_phases(())
    builder.add("festival-plan", "2028-01-05")
    for festival, day in OTHER_FESTIVALS_2028.items():
        builder.add("festival-activity", day, festival=festival)
    builder.add("festival-activity", duanwu_day, festival="duanwu")
    return builder.build()


@pytest.mark.parametrize(
    ("day", "points"),
    [
        ("2028-05-29", 8),  # a day after 端午 (28 May): inside ±7 days
        ("2028-06-04", 8),  # the window's last day
        ("2028-06-05", 7),  # one day too late
        ("2028-06-27", 7),  # 闰五月初五, the leap month's "端午": not the festival
    ],
)
def test_duanwu_in_the_leap_month_year_2028(scorer: Scorer, day: str, points: int) -> None:
    card = scorer.score(_leap_year_2028(day), RUBRIC, as_of=date(2028, 12, 31))
    item = card.item("12")
    assert item.points == pytest.approx(points)
    missed = "Dragon Boat Festival 2028: 0 of 1 required" in english(item.findings)
    assert missed is (points < 8)

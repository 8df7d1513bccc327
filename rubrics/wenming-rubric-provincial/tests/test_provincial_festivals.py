"""Item 12: a festival plan every year and an activity at seven festivals, every year.

The festivals criterion is worth 6 points with ``deduct = 1`` per missed
festival-year; the plan is worth 2 (proportional per year).
"""

from __future__ import annotations

from datetime import date

import pytest

from wenming.calendar import festival_date
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


def _single_year(year: int, activities: dict[str, str | None]) -> object:
    """A one-year campaign with a festival plan and the given festival activities.

    ``activities`` maps a day to the festival its record names, or None for a record
    that names none (the scorer then finds the nearest listed festival).
    """
    builder = DatasetBuilder(window=f"{year}.01-{year}.12").with_phases(())
    builder.add("festival-plan", f"{year}-01-05")
    for day, festival in activities.items():
        fields = {} if festival is None else {"festival": festival}
        builder.add("festival-activity", day, **fields)
    return builder.build()


def _others(year: int) -> dict[str, str | None]:
    return {festival_date(f, year).isoformat(): f
            for f in ("chunjie", "yuanxiao", "duanwu", "zhongqiu", "chongyang")}


@pytest.mark.parametrize(("year", "day"), [(2030, "2030-04-05"), (2049, "2049-04-04")])
def test_one_unlabelled_activity_on_the_shared_day_counts_for_sanyuesan_and_qingming(
        scorer: Scorer, year: int, day: str) -> None:
    shared = date.fromisoformat(day)
    assert festival_date("sanyuesan", year) == festival_date("qingming", year) == shared
    card = scorer.score(_single_year(year, {**_others(year), day: None}), RUBRIC,
                        as_of=date(year, 12, 31))
    item = card.item("12")
    assert item.state is State.MET
    assert item.points == pytest.approx(8)
    festivals = next(c for c in item.criteria if c.type == "festivals")
    held = {c.label.en: c.evidence for c in festivals.checks}
    assert held[f"Sanyuesan {year}"] == held[f"Qingming {year}"] != ()


@pytest.mark.parametrize("year", [2030, 2049])
@pytest.mark.parametrize("named", ["qingming", "sanyuesan"])
def test_a_record_naming_either_festival_on_the_shared_day_counts_for_both(
        scorer: Scorer, year: int, named: str) -> None:
    # The seed asks for an activity during each festival (传统节日期间); when 清明 falls on
    # 三月三 the two periods are one, so the activity is held during both whatever it is
    # called (#23: it used to count for the named festival only, costing a point).
    day = festival_date("qingming", year).isoformat()
    card = scorer.score(_single_year(year, {**_others(year), day: named}), RUBRIC,
                        as_of=date(year, 12, 31))
    item = card.item("12")
    assert item.points == pytest.approx(8), english(item.findings)
    festivals = next(c for c in item.criteria if c.type == "festivals")
    held = {c.label.en: c.evidence for c in festivals.checks}
    assert held[f"Sanyuesan {year}"] == held[f"Qingming {year}"] != ()


def test_a_named_festival_on_a_day_it_does_not_share_counts_for_it_alone(
        scorer: Scorer) -> None:
    # 2041: 三月三 on 3 April, 清明 on 4 April — a record naming 清明 on 4 April is 清明's.
    card = scorer.score(_single_year(2041, {**_others(2041), "2041-04-04": "qingming"}),
                        RUBRIC, as_of=date(2041, 12, 31))
    item = card.item("12")
    assert item.points == pytest.approx(7)
    assert "Sanyuesan 2041: 0 of 1 required" in english(item.findings)


def test_a_day_before_the_shared_day_counts_for_both_too(scorer: Scorer) -> None:
    # 4 April 2030 is one day from both: the same distance, so a tie as well.
    card = scorer.score(_single_year(2030, {**_others(2030), "2030-04-04": None}), RUBRIC,
                        as_of=date(2030, 12, 31))
    assert card.item("12").points == pytest.approx(8)


def test_next_day_festivals_are_not_a_tie(scorer: Scorer) -> None:
    # 2041: 三月三 on 3 April, 清明 on 4 April. An unlabelled activity on 3 April is
    # 三月三's only, so 清明 is missed: 6 − 1 + plan 2.
    assert festival_date("sanyuesan", 2041) == date(2041, 4, 3)
    assert festival_date("qingming", 2041) == date(2041, 4, 4)
    card = scorer.score(_single_year(2041, {**_others(2041), "2041-04-03": None}), RUBRIC,
                        as_of=date(2041, 12, 31))
    item = card.item("12")
    assert item.points == pytest.approx(7)
    assert "Qingming 2041: 0 of 1 required" in english(item.findings)


def test_a_day_equally_far_from_two_festivals_counts_for_both(scorer: Scorer) -> None:
    # 2030: 春节 3 February, 元宵 17 February; 10 February is 7 days from each, the edge
    # of both ±7-day windows. Neither is preferred for coming first in the list.
    others = {k: v for k, v in _others(2030).items() if v not in ("chunjie", "yuanxiao")}
    activities = {**others, "2030-04-05": None, "2030-02-10": None}
    card = scorer.score(_single_year(2030, activities), RUBRIC, as_of=date(2030, 12, 31))
    assert card.item("12").points == pytest.approx(8)

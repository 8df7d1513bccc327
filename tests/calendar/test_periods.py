from datetime import date

import pytest

from wenming.calendar import (
    DateWindow,
    Granularity,
    Period,
    clip,
    period_of,
    periods_between,
)

HALF = Granularity.HALF_YEAR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("month", Granularity.MONTH),
        ("quarter", Granularity.QUARTER),
        ("half-year", HALF),
        ("half_year", HALF),
        ("halfyear", HALF),
        ("year", Granularity.YEAR),
        ("月", Granularity.MONTH),
        ("季度", Granularity.QUARTER),
        ("半年", HALF),
        ("年", Granularity.YEAR),
        (" Quarter ", Granularity.QUARTER),
    ],
)
def test_granularity_parse(text: str, expected: Granularity) -> None:
    assert Granularity.parse(text) is expected


def test_granularity_parse_rejects_unknown_and_lists_accepted() -> None:
    with pytest.raises(ValueError, match="week") as info:
        Granularity.parse("week")
    for accepted in ("half-year", "季度", "半年"):
        assert accepted in str(info.value)


def test_granularity_labels_are_bilingual() -> None:
    assert [g.label.zh for g in Granularity] == ["月", "季度", "半年", "年"]
    assert HALF.label.en == "half-year"
    zh, en = Granularity.QUARTER.label
    assert (zh, en) == ("季度", "quarter")


@pytest.mark.parametrize(
    ("period", "zh", "en"),
    [
        (Period(HALF, 2021, 1), "2021年上半年", "2021 H1"),
        (Period(HALF, 2021, 2), "2021年下半年", "2021 H2"),
        (Period(Granularity.QUARTER, 2021, 3), "2021年第3季度", "2021 Q3"),
        (Period(Granularity.MONTH, 2021, 5), "2021年5月", "2021-05"),
        (Period(Granularity.YEAR, 2021, 1), "2021年", "2021"),
    ],
)
def test_period_labels(period: Period, zh: str, en: str) -> None:
    assert period.label_zh == zh
    assert period.label_en == en
    assert str(period) == en
    assert tuple(period.label) == (zh, en)


@pytest.mark.parametrize(
    ("granularity", "index"),
    [
        (Granularity.MONTH, 0),
        (Granularity.MONTH, 13),
        (Granularity.QUARTER, 5),
        (HALF, 3),
        (Granularity.YEAR, 2),
    ],
)
def test_period_rejects_bad_index(granularity: Granularity, index: int) -> None:
    with pytest.raises(ValueError, match="index"):
        Period(granularity, 2021, index)


def test_period_accepts_granularity_text() -> None:
    assert Period("季度", 2021, 2) == Period(Granularity.QUARTER, 2021, 2)


def test_half_year_boundaries() -> None:
    h1, h2 = Period(HALF, 2021, 1), Period(HALF, 2021, 2)
    assert (h1.start, h1.end) == (date(2021, 1, 1), date(2021, 6, 30))
    assert (h2.start, h2.end) == (date(2021, 7, 1), date(2021, 12, 31))
    assert period_of(date(2021, 6, 30), HALF) == h1
    assert period_of(date(2021, 7, 1), HALF) == h2
    assert h1.window == DateWindow(date(2021, 1, 1), date(2021, 6, 30))


@pytest.mark.parametrize(
    ("index", "start", "end"),
    [
        (1, date(2021, 1, 1), date(2021, 3, 31)),
        (2, date(2021, 4, 1), date(2021, 6, 30)),
        (3, date(2021, 7, 1), date(2021, 9, 30)),
        (4, date(2021, 10, 1), date(2021, 12, 31)),
    ],
)
def test_quarter_boundaries(index: int, start: date, end: date) -> None:
    quarter = Period(Granularity.QUARTER, 2021, index)
    assert (quarter.start, quarter.end) == (start, end)
    assert period_of(start, "quarter") == quarter
    assert period_of(end, "quarter") == quarter


@pytest.mark.parametrize(
    ("year", "last_day"),
    [(2024, 29), (2028, 29), (2000, 29), (2023, 28), (2021, 28), (2100, 28)],
)
def test_february_ends(year: int, last_day: int) -> None:
    february = Period(Granularity.MONTH, year, 2)
    assert february.end == date(year, 2, last_day)
    assert february.next().start == date(year, 3, 1)


def test_leap_day_belongs_to_february_q1_and_h1() -> None:
    leap_day = date(2024, 2, 29)
    assert period_of(leap_day, "month") == Period(Granularity.MONTH, 2024, 2)
    assert period_of(leap_day, "quarter") == Period(Granularity.QUARTER, 2024, 1)
    assert period_of(leap_day, "半年") == Period(HALF, 2024, 1)


def test_year_boundary() -> None:
    december = period_of(date(2021, 12, 31), Granularity.MONTH)
    assert december.next() == period_of(date(2022, 1, 1), Granularity.MONTH)
    assert december.next().previous() == december
    assert Period(Granularity.QUARTER, 2021, 4).next() == Period(Granularity.QUARTER, 2022, 1)
    assert Period(HALF, 2021, 2).next() == Period(HALF, 2022, 1)
    assert Period(Granularity.YEAR, 2021, 1).next() == Period(Granularity.YEAR, 2022, 1)
    assert Period(HALF, 2022, 1).previous() == Period(HALF, 2021, 2)


def test_periods_between_half_years_of_a_campaign() -> None:
    campaign = DateWindow(date(2020, 4, 1), date(2021, 12, 31))
    halves = periods_between(campaign, HALF)
    assert [str(p) for p in halves] == ["2020 H1", "2020 H2", "2021 H1", "2021 H2"]
    assert clip(halves[0], campaign) == DateWindow(date(2020, 4, 1), date(2020, 6, 30))
    assert clip(halves[1], campaign) == halves[1].window
    assert clip(halves[-1], campaign) == halves[-1].window


def test_periods_between_other_granularities() -> None:
    campaign = DateWindow(date(2020, 4, 15), date(2021, 12, 1))
    quarters = periods_between(campaign, "quarter")
    assert quarters[0] == Period(Granularity.QUARTER, 2020, 2)
    assert quarters[-1] == Period(Granularity.QUARTER, 2021, 4)
    assert len(quarters) == 7
    months = periods_between(campaign, "month")
    assert len(months) == 21
    assert clip(months[0], campaign) == DateWindow(date(2020, 4, 15), date(2020, 4, 30))
    assert clip(months[-1], campaign) == DateWindow(date(2021, 12, 1), date(2021, 12, 1))
    assert [str(p) for p in periods_between(campaign, "year")] == ["2020", "2021"]


def test_periods_between_single_day_and_period_edges() -> None:
    assert periods_between(DateWindow(date(2021, 6, 30), date(2021, 6, 30)), HALF) == (
        Period(HALF, 2021, 1),
    )
    edge = DateWindow(date(2021, 6, 30), date(2021, 7, 1))
    assert periods_between(edge, HALF) == (Period(HALF, 2021, 1), Period(HALF, 2021, 2))


def test_clip_rejects_disjoint_period() -> None:
    campaign = DateWindow(date(2020, 4, 1), date(2021, 12, 31))
    with pytest.raises(ValueError, match="2019 H2"):
        clip(Period(HALF, 2019, 2), campaign)


def test_is_due_on_last_day_not_the_day_before() -> None:
    h1 = Period(HALF, 2021, 1)
    assert not h1.is_due(date(2021, 6, 29))
    assert h1.is_due(date(2021, 6, 30))
    assert h1.is_due(date(2022, 1, 1))
    february = Period(Granularity.MONTH, 2024, 2)
    assert not february.is_due(date(2024, 2, 28))
    assert february.is_due(date(2024, 2, 29))
    year = Period(Granularity.YEAR, 2021, 1)
    assert not year.is_due(date(2021, 12, 30))
    assert year.is_due(date(2021, 12, 31))


def test_contains() -> None:
    q2 = Period(Granularity.QUARTER, 2021, 2)
    assert q2.contains(date(2021, 4, 1))
    assert q2.contains(date(2021, 6, 30))
    assert not q2.contains(date(2021, 3, 31))
    assert not q2.contains(date(2021, 7, 1))


def test_ordering_is_chronological_across_granularities() -> None:
    mixed = [
        Period(HALF, 2021, 2),
        Period(Granularity.YEAR, 2021, 1),
        Period(Granularity.MONTH, 2020, 12),
        Period(HALF, 2021, 1),
        Period(Granularity.MONTH, 2021, 1),
    ]
    assert [str(p) for p in sorted(mixed)] == ["2020-12", "2021-01", "2021 H1", "2021", "2021 H2"]
    assert Period(HALF, 2020, 2) < Period(HALF, 2021, 1)
    assert Period(HALF, 2021, 1) <= Period(HALF, 2021, 1)
    with pytest.raises(TypeError):
        _ = Period(HALF, 2021, 1) < date(2021, 1, 1)

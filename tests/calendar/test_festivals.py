import csv
from datetime import date
from pathlib import Path

import pytest
from lunar_python import Lunar

from wenming.calendar import (
    DEFAULT_FESTIVAL_WINDOW,
    FESTIVALS,
    DateWindow,
    Festival,
    FestivalWindow,
    UnknownFestivalError,
    festival_date,
    festival_on,
    festival_window,
    get_festival,
)
from wenming.calendar import festivals as festivals_module

ORACLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "festivals-2020-2030.csv"


def _oracle_cases() -> list[object]:
    if not ORACLE.is_file():
        reason = f"festival oracle {ORACLE} is absent"
        return [pytest.param("", 0, "", marks=pytest.mark.skip(reason=reason))]
    with ORACLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        pytest.param(column, int(row["year"]), value, id=f"{column}-{row['year']}")
        for row in rows
        for column, value in row.items()
        if column != "year"
    ]


@pytest.mark.parametrize(("festival_id", "year", "expected"), _oracle_cases())
def test_matches_oracle(festival_id: str, year: int, expected: str) -> None:
    assert festival_date(festival_id, year).isoformat() == expected
    assert FESTIVALS[festival_id].date_in(year).isoformat() == expected


def test_oracle_covers_every_year_and_known_ids() -> None:
    if not ORACLE.is_file():
        pytest.skip(f"festival oracle {ORACLE} is absent")
    with ORACLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["year"]) for r in rows] == list(range(2020, 2031))
    columns = set(rows[0]) - {"year"}
    assert columns == {
        "chunjie",
        "yuanxiao",
        "sanyuesan",
        "qingming",
        "duanwu",
        "zhongqiu",
        "chongyang",
    }
    assert columns <= set(FESTIVALS)


def test_builtin_ids() -> None:
    assert set(FESTIVALS) == {
        "chunjie",
        "yuanxiao",
        "sanyuesan",
        "qingming",
        "duanwu",
        "qixi",
        "zhongqiu",
        "chongyang",
        "biodiversity-day",
        "environment-day",
        "lei-feng-day",
        "tree-planting-day",
    }
    for festival_id, festival in FESTIVALS.items():
        assert festival.id == festival_id
        assert festival.zh and festival.en
        assert festival.rule in {"lunar", "solar-term", "fixed"}


@pytest.mark.parametrize(
    ("year", "leap_month", "festival_id", "expected"),
    [
        (2020, 4, "duanwu", date(2020, 6, 25)),
        (2023, 2, "sanyuesan", date(2023, 4, 22)),
        (2025, 6, "zhongqiu", date(2025, 10, 6)),
        (2028, 5, "duanwu", date(2028, 5, 28)),
    ],
)
def test_leap_month_years_use_the_regular_month(
    year: int, leap_month: int, festival_id: str, expected: date
) -> None:
    assert Lunar.fromYmd(year, -leap_month, 1).getMonth() == -leap_month
    assert festival_date(festival_id, year) == expected


def test_duanwu_2028_is_not_the_leap_fifth_month() -> None:
    leap = Lunar.fromYmd(2028, -5, 5).getSolar()
    assert (leap.getMonth(), leap.getDay()) == (6, 27)
    assert festival_date("duanwu", 2028) == date(2028, 5, 28)


def test_qingming_2030_is_beijing_date() -> None:
    assert festival_date("qingming", 2030) == date(2030, 4, 5)
    assert festival_date("qingming", 2030) != date(2030, 4, 4)


def test_sanyuesan_and_qingming_coincide_in_2030() -> None:
    assert festival_date("sanyuesan", 2030) == festival_date("qingming", 2030) == date(2030, 4, 5)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2020, date(2020, 8, 25)),
        (2021, date(2021, 8, 14)),
        (2022, date(2022, 8, 4)),
        (2023, date(2023, 8, 22)),
        (2024, date(2024, 8, 10)),
        (2025, date(2025, 8, 29)),
    ],
)
def test_qixi(year: int, expected: date) -> None:
    assert festival_date("qixi", year) == expected


@pytest.mark.parametrize("year", range(2020, 2031))
def test_fixed_days(year: int) -> None:
    assert festival_date("biodiversity-day", year) == date(year, 5, 22)
    assert festival_date("environment-day", year) == date(year, 6, 5)
    assert festival_date("lei-feng-day", year) == date(year, 3, 5)
    assert festival_date("tree-planting-day", year) == date(year, 3, 12)


def test_years_outside_the_oracle() -> None:
    assert festival_date("chunjie", 1999) == date(1999, 2, 16)
    assert festival_date("chunjie", 2035) == date(2035, 2, 8)
    assert festival_date("qingming", 2035) == date(2035, 4, 5)


@pytest.mark.parametrize("year", [*range(1950, 2101, 3), 1999, 2035, 2100])
def test_plausible_dates_for_any_year(year: int) -> None:
    assert date(year, 1, 21) <= festival_date("chunjie", year) <= date(year, 2, 20)
    assert date(year, 4, 4) <= festival_date("qingming", year) <= date(year, 4, 6)
    assert date(year, 5, 25) <= festival_date("duanwu", year) <= date(year, 6, 26)
    assert date(year, 9, 7) <= festival_date("zhongqiu", year) <= date(year, 10, 8)
    spring = festival_date("chunjie", year)
    assert (festival_date("yuanxiao", year) - spring).days == 14


@pytest.mark.parametrize(
    ("name", "festival_id"),
    [
        ("chunjie", "chunjie"),
        ("春节", "chunjie"),
        ("Spring Festival", "chunjie"),
        ("spring festival", "chunjie"),
        ("元宵", "yuanxiao"),
        ("元宵节", "yuanxiao"),
        ("三月三", "sanyuesan"),
        ("清明", "qingming"),
        ("清明节", "qingming"),
        ("端午节", "duanwu"),
        ("DRAGON BOAT FESTIVAL", "duanwu"),
        ("七夕节", "qixi"),
        ("中秋节", "zhongqiu"),
        ("mid-autumn", "zhongqiu"),
        ("重阳节", "chongyang"),
        ("环境日", "environment-day"),
        ("六五世界环境日", "environment-day"),
        ("世界环境日", "environment-day"),
        ("6.5", "environment-day"),
        ("world environment day", "environment-day"),
        ("生物多样性日", "biodiversity-day"),
        ("国际生物多样性日", "biodiversity-day"),
        ("5.22", "biodiversity-day"),
        ("International Day for Biological Diversity", "biodiversity-day"),
        ("学雷锋纪念日", "lei-feng-day"),
        ("植树节", "tree-planting-day"),
        (" tree-planting-day ", "tree-planting-day"),
    ],
)
def test_get_festival_accepts_variants(name: str, festival_id: str) -> None:
    assert get_festival(name).id == festival_id
    assert festival_date(name, 2028) == festival_date(festival_id, 2028)


def test_get_festival_passes_festivals_through() -> None:
    assert get_festival(FESTIVALS["duanwu"]) is FESTIVALS["duanwu"]


@pytest.mark.parametrize(("name", "suggestion"), [("端五节", "端午节"), ("chunjei", "chunjie")])
def test_unknown_festival_suggests_close_matches(name: str, suggestion: str) -> None:
    with pytest.raises(UnknownFestivalError) as info:
        get_festival(name)
    message = str(info.value)
    assert repr(name) in message
    assert suggestion in message
    assert suggestion in info.value.suggestions
    assert isinstance(info.value, KeyError)


def test_unknown_festival_without_close_match() -> None:
    with pytest.raises(KeyError, match="unknown festival"):
        festival_date("Halloween", 2021)


def test_festival_date_is_cached() -> None:
    festival_date("duanwu", 2028)
    hits = festivals_module._cached_date.cache_info().hits
    festival_date("端午节", 2028)
    assert festivals_module._cached_date.cache_info().hits == hits + 1


def test_custom_festival_rules() -> None:
    assert Festival("x", "测试", "Test", "fixed", 10, 1).date_in(2021) == date(2021, 10, 1)
    winter = Festival("dongzhi", "冬至", "Winter Solstice", "solar-term", term="冬至")
    assert winter.date_in(2030) == date(2030, 12, 22)
    assert Festival("xh", "小寒", "Minor Cold", "solar-term", term="小寒").date_in(2030) == date(
        2030, 1, 5
    )
    with pytest.raises(ValueError):
        Festival("bad", "坏", "Bad", "weekly")
    with pytest.raises(ValueError):
        Festival("bad", "坏", "Bad", "fixed", 13, 1)


def test_festival_window() -> None:
    assert FestivalWindow(7, 7) == DEFAULT_FESTIVAL_WINDOW
    assert festival_window("duanwu", 2028) == DateWindow(date(2028, 5, 21), date(2028, 6, 4))
    assert festival_window("春节", 2020, FestivalWindow(before=3, after=0)) == DateWindow(
        date(2020, 1, 22), date(2020, 1, 25)
    )
    with pytest.raises(ValueError):
        FestivalWindow(before=-1)


def test_festival_on_inside_and_outside_window() -> None:
    names = ["duanwu", "environment-day"]
    assert festival_on(date(2028, 5, 21), names) == "duanwu"
    assert festival_on(date(2028, 5, 20), names) is None
    assert festival_on(date(2028, 6, 27), names) is None  # the leap 端午 is not a festival
    assert festival_on(date(2028, 6, 12), names) == "environment-day"
    assert festival_on(date(2028, 6, 13), names) is None
    assert festival_on(date(2028, 5, 28), ["端午节"]) == "duanwu"
    assert festival_on(date(2028, 5, 28), "duanwu") == "duanwu"
    assert festival_on(date(2028, 5, 28), []) is None


def test_festival_on_nearest_wins() -> None:
    names = ["lei-feng-day", "tree-planting-day"]
    assert festival_on(date(2021, 3, 8), names) == "lei-feng-day"
    assert festival_on(date(2021, 3, 9), names) == "tree-planting-day"
    assert festival_on(date(2021, 3, 9), list(reversed(names))) == "tree-planting-day"


def test_festival_on_tie_goes_to_first_listed() -> None:
    day = date(2030, 4, 5)
    assert festival_on(day, ["sanyuesan", "qingming"]) == "sanyuesan"
    assert festival_on(day, ["清明节", "三月三"]) == "qingming"


def test_festival_on_zero_window_and_year_boundary() -> None:
    exact = FestivalWindow(before=0, after=0)
    assert festival_on(date(2028, 5, 28), ["duanwu"], exact) == "duanwu"
    assert festival_on(date(2028, 5, 29), ["duanwu"], exact) is None
    # 春节 2028 is 26 January; a month-long lead-in reaches back into 2027.
    assert festival_on(date(2027, 12, 31), ["chunjie"], FestivalWindow(30, 0)) == "chunjie"
    assert festival_on(date(2027, 12, 26), ["chunjie"], FestivalWindow(30, 0)) is None

"""Task items: system-wide coverage, festivals and quarterly cadences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from wenming.calendar import festival_date
from wenming.scoring import State


def _lines(item: Any, lang: str = "en") -> str:
    return "\n".join(getattr(f, lang) for f in item.findings)


def test_sub_bureau_without_volunteer_records_is_named(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    kept = [r for r in records
            if not (r.unit == "west" and r.kind in ("volunteer-service", "eco-community-outreach"))]
    assert len(kept) == len(records) - 1
    card = card_of(build(kept))
    t5 = card.item("T5")
    # Coverage (2 points, proportional): hq and east have records, west has none -> 2 × 2/3;
    # medical waste, anti-epidemic works, volunteer organisations, environment days 1 each.
    assert t5.state is State.PARTIAL
    assert t5.points == pytest.approx(2 * 2 / 3 + 4)
    assert t5.maximum == pytest.approx(6)
    zh, en = _lines(t5, "zh"), _lines(t5, "en")
    assert "机关和各派出局均开展志愿服务：部分达标（2/3）" in zh
    assert "西区分局：0/1" in zh
    assert "West sub-bureau: 0 of 1 required" in en
    assert "East sub-bureau" not in en
    assert "局机关" not in zh
    assert card.total == pytest.approx(100 - 2 / 3)


def test_volunteer_records_of_a_division_do_not_cover_a_sub_bureau(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # The record exists, but for a division of HQ, not for the sub-bureau.
    moved = [r._replace(unit="office") if r.unit == "west" and r.kind == "volunteer-service"
             else r for r in records]
    t5 = card_of(build(moved)).item("T5")
    assert t5.points == pytest.approx(6 - 2 / 3)
    assert "West sub-bureau: 0 of 1 required" in _lines(t5)


def test_missing_festival_activity_costs_its_share(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    duanwu_2021 = festival_date("duanwu", 2021)
    kept = [r for r in records if not (r.kind == "festival-activity" and r.day == duanwu_2021)]
    assert len(kept) == len(records) - 1
    t6 = card_of(build(kept)).item("T6")
    # Festival-years inside 2020.04–2021.12: 2020 清明 端午 中秋 (春节 and 元宵 2020 fell
    # before the campaign) and all five in 2021 = 8; one missing -> 3 × 7/8; the community,
    # traffic, tourism and charity criteria (1 + 0.5 + 0.5 + 1) are untouched.
    assert t6.points == pytest.approx(3 * 7 / 8 + 3)
    assert "“我们的节日”主题活动：部分达标（7/8）" in _lines(t6, "zh")
    assert "2021年端午：0/1" in _lines(t6, "zh")


def test_festival_activity_a_few_days_off_still_counts(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # Mid-Autumn 2021 is 2021-09-21; an activity three days before it is inside the ±7 days.
    day = festival_date("zhongqiu", 2021)
    moved = [r._replace(day=date(2021, 9, 18)) if r.kind == "festival-activity" and r.day == day
             else r for r in records]
    assert card_of(build(moved)).item("T6").state is State.MET


def test_red_black_list_loses_a_point_per_missed_quarter(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    gone = {date(2020, 8, 12), date(2021, 5, 12)}  # 2020 Q3 and 2021 Q2
    kept = [r for r in records if not (r.kind == "red-black-list" and r.day in gone)]
    assert len(kept) == len(records) - 2
    t7 = card_of(build(kept)).item("T7")
    # Frequency criterion 3 points, deduct 1 per missed quarter: 3 − 2 = 1; integrity
    # education 1, essay 0.5, star selection 0.5.
    assert t7.points == pytest.approx(1 + 2)
    assert t7.state is State.PARTIAL
    zh = _lines(t7, "zh")
    assert "2020年第3季度：0/1" in zh
    assert "2021年第2季度：0/1" in zh
    assert "2020年第4季度" not in zh


def test_red_black_list_deduction_stops_at_zero(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    kept = [r for r in records if not (r.kind == "red-black-list" and r.day.year == 2021)]
    t7 = card_of(build(kept)).item("T7")
    # Four quarters missed in 2021 would cost 4 but the criterion has only 3.
    assert t7.points == pytest.approx(2)


def test_platform_updated_only_half_yearly(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    kept_days = {date(2020, 5, 12), date(2020, 11, 12), date(2021, 5, 12), date(2021, 11, 11)}
    kept = [r for r in records
            if r.kind != "online-platform-update" or r.day in kept_days]
    t13 = card_of(build(kept)).item("T13")
    # 4 of the 7 campaign quarters have an update: 2 × 4/7, plus registration 1, designation 1.
    assert t13.points == pytest.approx(2 * 4 / 7 + 2, abs=1e-3)
    assert "加强日常管理（每季度更新创建信息）：部分达标（4/7）" in _lines(t13, "zh")


def test_task_done_before_full_creation_does_not_count(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # The moral lecture was held during mobilisation, before full creation began (2020-06-01).
    moved = [r._replace(day=date(2020, 5, 25)) if r.kind == "moral-lecture" else r
             for r in records]
    t4 = card_of(build(moved)).item("T4")
    assert (t4.state, t4.points) == (State.PARTIAL, pytest.approx(2))
    assert "举办道德讲堂：未达标（0/1）" in _lines(t4, "zh")

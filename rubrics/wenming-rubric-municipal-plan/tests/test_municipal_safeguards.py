"""Safeguard items: yearly plans and summaries per unit, filing in time, the leading group."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from wenming.model import GroupMember, Role
from wenming.scoring import State
from wenming.testing import DatasetBuilder

CAMPAIGN = (date(2020, 4, 1), date(2021, 12, 31))


def _lines(item: Any, lang: str = "en") -> str:
    return "\n".join(getattr(f, lang) for f in item.findings)


# -- S3: a plan at the start of every year, a summary at its end, in every applicant unit ----

def test_year_without_a_year_end_summary(records: list[Any], build: Callable[..., Any],
                                         card_of: Callable[..., Any]) -> None:
    kept = [r for r in records if not (r.kind == "annual-summary" and r.day.year == 2021)]
    assert len(kept) == len(records) - 3
    s3 = card_of(build(kept)).item("S3")
    assert s3.state is State.PARTIAL
    assert s3.points == pytest.approx(6)
    assert s3.maximum == pytest.approx(8)
    zh = _lines(s3, "zh")
    assert "2021年终总结：未达标（0/3）" in zh
    for name in ("局机关", "东区分局", "西区分局"):
        assert f"{name}：0/1" in zh
    assert "2020年终总结：达标（3/3）" in zh


def test_year_end_summary_not_due_before_the_year_ends(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    kept = [r for r in records if not (r.kind == "annual-summary" and r.day.year == 2021)]
    s3 = card_of(build(kept), "2021-11-30").item("S3")
    # The 2021 summaries are not late on 2021-11-30: three criteria scored, 6 of 6.
    assert s3.state is State.MET
    assert (s3.points, s3.maximum) == (pytest.approx(6), pytest.approx(6))


def test_one_sub_bureau_missing_its_summary(records: list[Any], build: Callable[..., Any],
                                            card_of: Callable[..., Any]) -> None:
    kept = [r for r in records
            if not (r.kind == "annual-summary" and r.unit == "east" and r.day.year == 2020)]
    s3 = card_of(build(kept)).item("S3")
    assert s3.points == pytest.approx(6 + 2 * 2 / 3, abs=1e-3)
    en = _lines(s3)
    assert "East sub-bureau: 0 of 1 required" in en
    assert "West sub-bureau: 0" not in en


def test_plan_written_after_the_first_quarter_is_not_a_start_of_year_plan(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    moved = [r._replace(day=date(2021, 4, 6))
             if r.kind == "annual-plan" and r.unit == "west" and r.day.year == 2021 else r
             for r in records]
    s3 = card_of(build(moved)).item("S3")
    assert s3.points == pytest.approx(6 + 2 * 2 / 3, abs=1e-3)
    assert "2021年初创建计划：部分达标（2/3）" in _lines(s3, "zh")
    assert "西区分局：0/1" in _lines(s3, "zh")


# -- S4: the archive filed in time -------------------------------------------------------------

def _in_campaign(records: list[Any]) -> list[Any]:
    return [r for r in records if CAMPAIGN[0] <= r.day <= CAMPAIGN[1]]


def _late(records: list[Any], count: int, days: int = 31) -> list[Any]:
    """The archive with the first ``count`` in-campaign records filed ``days`` after the event."""
    late_ids = {r.id for r in _in_campaign(records)[:count]}
    return [r._replace(filed=r.day + timedelta(days=days)) if r.id in late_ids else r
            for r in records]


def test_late_filing_below_ninety_percent_loses_the_criterion(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    total = len(_in_campaign(records))
    assert total == 82  # the two 2020 Spring/Lantern activities predate the campaign
    needed = math.ceil(0.9 * total)  # 74
    late = total - needed + 1  # 9 late leaves 73 on time
    s4 = card_of(build(_late(records, late))).item("S4")
    assert s4.state is State.PARTIAL
    assert s4.points == pytest.approx(2)  # self-check only
    zh = _lines(s4, "zh")
    assert f"档案及时归档：未达标（{total - late}/{total}）" in zh
    assert "R001 staff-theory-study：事后 31 天归档（限 30 天）" in zh


def test_late_filing_at_ninety_percent_still_passes(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    total = len(_in_campaign(records))
    late = total - math.ceil(0.9 * total)  # 8 late leaves exactly 74 on time
    s4 = card_of(build(_late(records, late))).item("S4")
    assert s4.state is State.MET
    assert s4.points == pytest.approx(5)


def test_filed_on_the_thirtieth_day_is_in_time(records: list[Any], build: Callable[..., Any],
                                               card_of: Callable[..., Any]) -> None:
    everything = len(_in_campaign(records))
    s4 = card_of(build(_late(records, everything, days=30))).item("S4")
    assert s4.state is State.MET


def test_filing_not_late_until_the_allowance_runs_out(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # Nine records (enough to sink the share) happen on 2021-12-20 and are filed 2022-01-25.
    late_ids = {r.id for r in _in_campaign(records)[:9]}
    moved = [r._replace(day=date(2021, 12, 20), filed=date(2022, 1, 25))
             if r.id in late_ids else r for r in records]
    # On 2021-12-31 their 30 days have not run out: they wait, the rest are all in time.
    on_time = card_of(build(moved), "2021-12-31").item("S4")
    timeliness = on_time.criteria[0]
    assert timeliness.state is State.MET
    assert (timeliness.passed, timeliness.due) == (73, 73)
    # By 2022-01-20 the allowance (to 2022-01-19) has run out and they count as late.
    later = card_of(build(moved), "2022-01-20").item("S4").criteria[0]
    assert later.state is State.UNMET
    assert (later.passed, later.due) == (73, 82)


# -- S1: the leading group -------------------------------------------------------------------

STANDARD_GROUP = (
    GroupMember("hq", Role.LEADER, "组长甲"),
    GroupMember("hq", Role.DEPUTY, "副组长乙"),
    GroupMember("office", Role.MEMBER),
    GroupMember("party", Role.MEMBER),
    GroupMember("centre", Role.MEMBER),
    GroupMember("office", Role.OFFICE_DIRECTOR, "主任丙"),
)


def test_leading_group_missing_a_division_member(records: list[Any], build: Callable[..., Any],
                                                 card_of: Callable[..., Any]) -> None:
    group = [m for m in STANDARD_GROUP if m.unit != "party"]
    card = card_of(build(records, DatasetBuilder().with_leading_group(group)))
    s1 = card.item("S1")
    # 6 checks (leader, deputy, office director; office, party, centre), 5 met: 6 × 5/6.
    assert s1.state is State.PARTIAL
    assert s1.points == pytest.approx(5)
    assert "领导小组成员：机关党委：无成员" in _lines(s1, "zh")
    assert "Leading group member from Party committee: no member" in _lines(s1)
    assert "领导小组人员配齐：部分达标（5/6）" in _lines(s1, "zh")
    assert "领导小组成员：办公室" not in _lines(s1, "zh")
    assert card.total == pytest.approx(99)


def test_leading_group_without_office_director_or_deputy(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    group = [m for m in STANDARD_GROUP if m.role not in (Role.OFFICE_DIRECTOR, Role.DEPUTY)]
    s1 = card_of(build(records, DatasetBuilder().with_leading_group(group))).item("S1")
    assert s1.points == pytest.approx(4)
    zh = _lines(s1, "zh")
    assert "领导小组办公室主任：未明确" in zh
    assert "领导小组副组长：未明确" in zh
    assert "Leading group office director: not appointed" in _lines(s1)


def test_empty_leading_group_is_pending_until_preparation_ends(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    dataset = build(records, DatasetBuilder().with_leading_group(()))
    early = card_of(dataset, "2020-05-15").item("S1")
    assert early.state is State.NOT_YET_DUE
    late = card_of(dataset, "2020-05-31").item("S1")
    assert late.state is State.UNMET
    assert late.points == 0
    assert late.maximum == pytest.approx(6)

"""Safeguard items: yearly plans and summaries per unit, filing in time, the leading group."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from wenming_rubric_municipal_plan import plugin

from wenming.model import GroupMember, Role
from wenming.scoring import State
from wenming.testing import DatasetBuilder, score

CAMPAIGN = (date(2020, 4, 1), date(2021, 12, 31))


def _lines(item: Any, lang: str = "en") -> str:
    return "\n".join(getattr(f, lang) for f in item.findings)


# -- S3: a plan at the start of every year, a summary at its end, in every applicant unit ----

def _summaries(item: Any) -> Any:
    return next(c for c in item.criteria if c.id == "S3.summaries")


def test_year_without_a_year_end_summary(records: list[Any], build: Callable[..., Any],
                                         card_of: Callable[..., Any]) -> None:
    kept = [r for r in records if not (r.kind == "annual-summary" and r.day.year == 2021)]
    assert len(kept) == len(records) - 3
    s3 = card_of(build(kept)).item("S3")
    assert s3.state is State.PARTIAL
    # Summaries: 3 points over 6 unit-years, 3 of them missing -> 1.5 lost.
    assert s3.points == pytest.approx(8 - 1.5)
    assert s3.maximum == pytest.approx(8)
    zh = _lines(s3, "zh")
    assert "年终总结：部分达标（3/6）" in zh
    # The campaign ends on 2021-12-31, so 2021's closing window ends with it.
    for name in ("局机关", "东区分局", "西区分局"):
        assert f"2021年（2021-11-01..2021-12-31）{name}：0/1" in zh
    assert "2020年（2020-11-01..2021-01-31）局机关：0/1" not in zh


def test_year_end_summary_not_due_before_the_year_ends(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    kept = [r for r in records if not (r.kind == "annual-summary" and r.day.year == 2021)]
    s3 = card_of(build(kept), "2021-11-30").item("S3")
    # The 2021 summaries are not late on 2021-11-30: their checks wait, nothing is lost.
    assert s3.state is State.MET
    summaries = _summaries(s3)
    assert (summaries.passed, summaries.due) == (3, 3)


def test_one_sub_bureau_missing_its_summary(records: list[Any], build: Callable[..., Any],
                                            card_of: Callable[..., Any]) -> None:
    kept = [r for r in records
            if not (r.kind == "annual-summary" and r.unit == "east" and r.day.year == 2020)]
    s3 = card_of(build(kept)).item("S3")
    assert s3.points == pytest.approx(8 - 3 / 6, abs=1e-3)
    en = _lines(s3)
    assert "2020 (2020-11-01..2021-01-31) East sub-bureau: 0 of 1 required" in en
    assert "West sub-bureau: 0" not in en


def test_january_summary_closes_the_previous_year(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # West writes its 2020 summary on 2021-01-20: inside 2020's closing window.
    moved = [r._replace(day=date(2021, 1, 20))
             if r.kind == "annual-summary" and r.unit == "west" and r.day.year == 2020 else r
             for r in records]
    summaries = _summaries(card_of(build(moved)).item("S3"))
    assert summaries.state is State.MET
    moved_id = next(r.id for r in moved if r.kind == "annual-summary" and r.unit == "west"
                    and r.day == date(2021, 1, 20))
    west_2020 = next(c for c in summaries.checks if c.unit == "west" and "2020年" in c.label.zh)
    assert moved_id in west_2020.evidence


def test_february_summary_closes_no_year(records: list[Any], build: Callable[..., Any],
                                         card_of: Callable[..., Any]) -> None:
    # Dated 2021-02-01 it is past 2020's window and far too early for 2021's.
    moved = [r._replace(day=date(2021, 2, 1))
             if r.kind == "annual-summary" and r.unit == "west" and r.day.year == 2020 else r
             for r in records]
    s3 = card_of(build(moved)).item("S3")
    summaries = _summaries(s3)
    assert (summaries.passed, summaries.due) == (5, 6)
    assert "2020 (2020-11-01..2021-01-31) West sub-bureau: 0 of 1 required" in _lines(s3)
    assert s3.points == pytest.approx(8 - 0.5)


def test_plan_written_after_the_first_quarter_is_not_a_start_of_year_plan(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    moved = [r._replace(day=date(2021, 4, 6))
             if r.kind == "annual-plan" and r.unit == "west" and r.day.year == 2021 else r
             for r in records]
    s3 = card_of(build(moved)).item("S3")
    assert s3.points == pytest.approx(8 - 3 / 6, abs=1e-3)
    assert "年初创建计划：部分达标（5/6）" in _lines(s3, "zh")
    assert "2021年（2020-12-01..2021-03-31）西区分局：0/1" in _lines(s3, "zh")


def test_december_plan_counts_for_the_next_year(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    moved = [r._replace(day=date(2020, 12, 28))
             if r.kind == "annual-plan" and r.unit == "east" and r.day.year == 2021 else r
             for r in records]
    s3 = card_of(build(moved)).item("S3")
    assert s3.state is State.MET


def test_funds_and_people_every_applicant_unit(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # West spends nothing in 2021 and names nobody responsible.
    kept = [r for r in records
            if not (r.unit == "west" and (r.kind == "person-in-charge-designation"
                                          or (r.kind == "creation-spending"
                                              and r.day.year == 2021)))]
    s3 = card_of(build(kept)).item("S3")
    by_id = {c.id: c for c in s3.criteria}
    assert (by_id["S3.people"].passed, by_id["S3.people"].due) == (2, 3)
    assert (by_id["S3.funds"].passed, by_id["S3.funds"].due) == (5, 6)
    assert s3.points == pytest.approx(8 - 1 / 3 - 1 / 6, abs=1e-3)
    en = _lines(s3)
    assert "2021 (2021-01-01..2021-12-31) West sub-bureau: 0 of 1 required" in en


def test_another_campaign_cycle_is_scored_without_a_new_rubric(
        named_group: tuple[GroupMember, ...]) -> None:
    """A 2022–2024 campaign: three plans, three summaries, three years of funds per unit."""
    builder = DatasetBuilder("2022.01-2024.12").with_leading_group(named_group).with_phases(())
    for unit in ("hq", "east", "west"):
        for year in (2022, 2023, 2024):
            builder.add("annual-plan", f"{year}-01-18", unit)
            builder.add("creation-spending", f"{year}-06-18", unit)
            if not (unit == "east" and year == 2023):
                builder.add("annual-summary", f"{year}-12-16", unit)
    card = score(builder.build(), "municipal-plan", "2024-12-31", plugin)
    s3 = card.item("S3")
    by_id = {c.id: c for c in s3.criteria}
    assert (by_id["S3.plans"].passed, by_id["S3.plans"].due) == (9, 9)
    assert (by_id["S3.funds"].passed, by_id["S3.funds"].due) == (9, 9)
    assert (by_id["S3.summaries"].passed, by_id["S3.summaries"].due) == (8, 9)
    zh = _lines(s3, "zh")
    assert "2023年（2023-11-01..2024-01-31）东区分局：0/1" in zh
    assert "2020" not in zh and "2021" not in zh
    # Mid-cycle, the 2024 summary is not yet due and the 2023 gap already shows.
    mid = {c.id: c for c in score(builder.build(), "municipal-plan", "2024-06-30",
                                  plugin).item("S3").criteria}
    assert (mid["S3.summaries"].passed, mid["S3.summaries"].due) == (5, 6)


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
    assert total == 105  # the two 2020 Spring/Lantern activities predate the campaign
    needed = math.ceil(0.9 * total)  # 95
    late = total - needed + 1  # 11 late leaves 94 on time
    s4 = card_of(build(_late(records, late))).item("S4")
    assert s4.state is State.PARTIAL
    assert s4.points == pytest.approx(2 + 2)  # self-check and supervision only
    zh = _lines(s4, "zh")
    assert f"档案及时归档：未达标（{total - late}/{total}）" in zh
    assert "R001 staff-theory-study：事后 31 天归档（限 30 天）" in zh


def test_late_filing_at_ninety_percent_still_passes(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    total = len(_in_campaign(records))
    late = total - math.ceil(0.9 * total)  # 10 late leaves exactly 95 on time
    s4 = card_of(build(_late(records, late))).item("S4")
    assert s4.state is State.MET
    assert s4.points == pytest.approx(7)


def test_filed_on_the_thirtieth_day_is_in_time(records: list[Any], build: Callable[..., Any],
                                               card_of: Callable[..., Any]) -> None:
    everything = len(_in_campaign(records))
    s4 = card_of(build(_late(records, everything, days=30))).item("S4")
    assert s4.state is State.MET


def test_filing_not_late_until_the_allowance_runs_out(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # Eleven records (enough to sink the share) happen on 2021-12-20 and are filed 2022-01-25.
    late_ids = {r.id for r in _in_campaign(records)[:11]}
    moved = [r._replace(day=date(2021, 12, 20), filed=date(2022, 1, 25))
             if r.id in late_ids else r for r in records]
    # On 2021-12-31 their 30 days have not run out: they wait, the rest are all in time.
    on_time = card_of(build(moved), "2021-12-31").item("S4")
    timeliness = _by_id(on_time, "S4.filed-in-time")
    assert timeliness.state is State.MET
    assert (timeliness.passed, timeliness.due) == (94, 94)
    # By 2022-01-20 the allowance (to 2022-01-19) has run out and they count as late.
    later = _by_id(card_of(build(moved), "2022-01-20").item("S4"), "S4.filed-in-time")
    assert later.state is State.UNMET
    assert (later.passed, later.due) == (94, 105)


def _by_id(item: Any, criterion_id: str) -> Any:
    return next(c for c in item.criteria if c.id == criterion_id)


# -- S4: each unit self-checks; the leading group supervises every year -------------------------

def test_each_unit_self_checks(records: list[Any], build: Callable[..., Any],
                               card_of: Callable[..., Any]) -> None:
    # One self-check at HQ no longer answers for the sub-bureaus.
    kept = [r for r in records if not (r.kind == "self-check" and r.unit != "hq")]
    s4 = card_of(build(kept)).item("S4")
    check = _by_id(s4, "S4.self-check")
    assert check.state is State.PARTIAL
    assert (check.passed, check.due) == (1, 3)
    assert s4.points == pytest.approx(7 - 2 * 2 / 3, abs=1e-3)
    zh = _lines(s4, "zh")
    assert "东区分局：0/1" in zh and "西区分局：0/1" in zh


def test_self_check_of_a_division_counts_for_the_bureau(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    moved = [r._replace(unit="office") if r.kind == "self-check" and r.unit == "hq" else r
             for r in records]
    assert _by_id(card_of(build(moved)).item("S4"), "S4.self-check").state is State.MET


def test_supervision_missing_in_one_year(records: list[Any], build: Callable[..., Any],
                                         card_of: Callable[..., Any]) -> None:
    kept = [r for r in records if not (r.kind == "creation-inspection" and r.day.year == 2021)]
    s4 = card_of(build(kept)).item("S4")
    supervision = _by_id(s4, "S4.supervision")
    assert (supervision.passed, supervision.due) == (1, 2)
    assert s4.points == pytest.approx(7 - 1)
    assert "2021年：0/1" in _lines(s4, "zh")


# -- S1: the leading group -------------------------------------------------------------------

STANDARD_GROUP = (
    GroupMember("hq", Role.LEADER, "组长甲", "党组书记、局长"),
    GroupMember("hq", Role.DEPUTY, "副组长乙", "副局长"),
    GroupMember("office", Role.MEMBER, "办公室主任丁", "办公室主任"),
    GroupMember("party", Role.MEMBER, "机关党委书记戊", "机关党委书记"),
    GroupMember("centre", Role.MEMBER, "监测中心主任己", "监测中心主任"),
    GroupMember("office", Role.OFFICE_DIRECTOR, "主任丙", "办公室主任"),
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


def test_leading_group_leader_must_come_from_the_bureau(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    # A sub-bureau's director as leader is not the bureau's party secretary and director.
    leader = GroupMember("east", Role.LEADER, "东区局长", "党组书记、局长")
    group = [leader if m.role is Role.LEADER else m for m in STANDARD_GROUP]
    s1 = card_of(build(records, DatasetBuilder().with_leading_group(group))).item("S1")
    assert s1.points == pytest.approx(5)
    assert "领导小组组长：由东区分局担任，应由局机关领导担任" in _lines(s1, "zh")


def test_leading_group_member_without_a_name_shows_no_head(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    group = [GroupMember("party", Role.MEMBER) if m.unit == "party" else m
             for m in STANDARD_GROUP]
    s1 = card_of(build(records, DatasetBuilder().with_leading_group(group))).item("S1")
    assert s1.points == pytest.approx(5)
    assert "Leading group member from Party committee: member not named" in _lines(s1)


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

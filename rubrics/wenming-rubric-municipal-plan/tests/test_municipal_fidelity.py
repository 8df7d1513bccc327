"""Issue #23, fidelity third pass: readings checked in a campaign cycle no fixture uses.

The 2029–30 cycle keeps the plan's phases, nine years on: preparation 2029.04–05,
mobilisation 2029.05–06, full creation 2029.06–2030.07, self-check 2030.08–09,
rectification 2030.09–11, inspection 2030.11–12. Each test removes, moves or re-dates
evidence and works out by hand what the scorecard must say.
"""

from __future__ import annotations

from datetime import date

import pytest
from wenming_rubric_municipal_plan import plugin

from wenming import Dataset
from wenming.calendar import parse_window
from wenming.model import Phase
from wenming.scoring import Scorecard
from wenming.testing import MUNICIPAL_PHASES, DatasetBuilder, score

APPLICANTS = ("hq", "east", "west")


def cycle_2029() -> DatasetBuilder:
    phases = [Phase(p.id, p.name, parse_window(
        f"{p.start.year + 9}.{p.start.month:02d}-{p.end.year + 9}.{p.end.month:02d}"),
        p.deliverables) for p in MUNICIPAL_PHASES]
    return DatasetBuilder("2029.04-2030.12").with_phases(phases)


def card(dataset: Dataset, as_of: str = "2030-12-31") -> Scorecard:
    return score(dataset, "municipal-plan", as_of, plugin)


def criterion(scorecard: Scorecard, cid: str):  # type: ignore[no-untyped-def]
    return next(c for item in scorecard.items.values() for c in item.criteria if c.id == cid)


# -- 5. 年终有总结: the year-end window, at each edge -------------------------------------------

def _summaries(*days: str) -> dict[int, int]:
    builder = cycle_2029()
    for day in days:
        for unit in APPLICANTS:
            builder.add("annual-summary", day, unit)
    result = criterion(card(builder.build()), "S3.summaries")
    by_year: dict[int, int] = {}
    for check in result.checks:
        year = int(check.label.zh[:4])
        by_year[year] = by_year.get(year, 0) + check.found
    return by_year


@pytest.mark.parametrize(("day", "expected"), [
    ("2029-10-31", {2029: 0, 2030: 0}),   # before the year's end: no year
    ("2029-11-01", {2029: 3, 2030: 0}),   # the year's last two months open it
    ("2029-11-30", {2029: 3, 2030: 0}),   # was counted for no year before #23
    ("2030-01-31", {2029: 3, 2030: 0}),   # January still closes the year before
    ("2030-02-01", {2029: 0, 2030: 0}),   # ... February does not
    ("2030-10-31", {2029: 0, 2030: 0}),
    ("2030-11-01", {2029: 0, 2030: 3}),   # the campaign's last year: its inspection phase
    ("2030-12-31", {2029: 0, 2030: 3}),   # the campaign's last day
])
def test_a_year_end_summary_counts_from_november_to_january(day: str,
                                                            expected: dict[int, int]) -> None:
    assert _summaries(day) == expected


# -- 6. the creation office's inspection and the leading group's own supervision -------------

def _inspections(supervision_kind: str) -> tuple[Scorecard, Scorecard]:
    """2029–30: the office inspects once a year; the leading group supervises every quarter."""
    from wenming_rubric_provincial import plugin as provincial

    from wenming.testing import make_host

    builder = cycle_2029()
    for day in ("2029-09-10", "2030-05-12"):
        builder.add("creation-inspection", day, "office")
    for day in ("2029-05-20", "2029-08-20", "2029-11-20", "2030-02-20", "2030-05-20",
                "2030-08-20", "2030-11-20"):
        builder.add(supervision_kind, day, "office")
    dataset = builder.build()
    host = make_host(plugin, provincial)
    from wenming.scoring import Scorer
    scorer = Scorer(host)
    return (scorer.score(dataset, "municipal-plan", date(2030, 12, 31)),
            scorer.score(dataset, "provincial-18", date(2030, 12, 31)))


def test_quarterly_supervision_counts_for_the_plan_and_not_against_the_provinces_cap() -> None:
    municipal, provincial = _inspections("创建督查")  # the name a ledger has always used
    supervision = criterion(municipal, "S4.supervision")
    assert supervision.points == pytest.approx(2)
    capped = criterion(provincial, "2.c10")
    # one formal inspection a year is inside 1–2; the seven supervisions are not inspections
    assert capped.points == pytest.approx(2), [c.finding().en for c in capped.checks]
    appraisal = criterion(municipal, "P3.appraisal")
    assert appraisal.points == pytest.approx(4)


def test_supervision_alone_is_not_the_creation_offices_appraisal() -> None:
    builder = cycle_2029()
    builder.add("creation-supervision", "2029-11-20", "office")
    result = criterion(card(builder.build()), "P3.appraisal")
    assert result.points == 0


# -- 1. task work in the rectification phase counts toward a task still unmet ---------------

@pytest.mark.parametrize(("day", "counted"), [
    ("2029-05-31", False),  # mobilisation, before full creation opens in June
    ("2029-06-01", True),   # full creation's first day
    ("2030-08-20", True),   # self-check: the shortfall is found ...
    ("2030-10-15", True),   # ... and made good in rectification (was not counted before #23)
    ("2030-11-30", True),   # rectification's last day (shared with inspection)
    ("2030-12-01", False),  # inspection only: the archive is being compiled
])
def test_task_work_counts_from_full_creation_to_the_end_of_rectification(
        day: str, counted: bool) -> None:
    builder = cycle_2029()
    builder.add("moral-lecture", day)
    result = criterion(card(builder.build()), "T4.moral-lecture")
    assert (result.points == pytest.approx(2)) is counted
    [check] = result.checks
    assert "全面创建至整改提高阶段" in check.label.zh


def test_a_record_after_rectification_is_named_with_how_far_outside_it_lies() -> None:
    builder = cycle_2029()
    builder.add("moral-lecture", "2030-12-05", id="LECTURE-1")
    [check] = criterion(card(builder.build()), "T4.moral-lecture").checks
    assert check.failed
    [reason] = check.reasons
    assert reason.evidence == "LECTURE-1" and reason.days == 5
    assert reason.text.zh == "在窗口（2029-06-01..2030-11-30）之后 5 天"


def test_an_overlay_widens_a_task_window_to_the_whole_campaign() -> None:
    from wenming.model.tailoring import Overlay

    overlay = Overlay(rubric="municipal-plan",
                      criteria={"T4.moral-lecture": {"window": "campaign"}})
    builder = cycle_2029().with_overlay(overlay)
    builder.add("moral-lecture", "2030-12-05")
    assert criterion(card(builder.build()), "T4.moral-lecture").points == pytest.approx(2)
    narrow = cycle_2029()
    narrow.add("moral-lecture", "2030-12-05")
    assert criterion(card(narrow.build()), "T4.moral-lecture").points == 0


# -- 8. 三、13 asks a new-round pre-applicant to register, complete and manage ----------------

def test_t13_asks_the_pre_applicant_what_the_seed_asks_of_it() -> None:
    builder = cycle_2029()
    builder.add("online-platform-registration", "2029-04-20", "office")
    builder.add("online-platform-user-info", "2029-04-25", "office")
    for day in ("2029-05-10", "2029-08-10", "2029-11-10", "2030-02-10", "2030-05-10",
                "2030-08-10", "2030-11-10"):
        builder.add("online-platform-update", day, "office")
    t13 = card(builder.build()).item("T13")
    # No designated person: the seed asks that of a 省级文明单位, not of this applicant.
    assert t13.points == pytest.approx(4)
    assert [c.id for c in t13.criteria] == ["T13.registration", "T13.user-info",
                                            "T13.daily-management"]
    without_info = cycle_2029()
    without_info.add("online-platform-registration", "2029-04-20", "office")
    without_info.add("online-platform-designation", "2029-04-25", "office")
    t13 = card(without_info.build()).item("T13")
    assert criterion(card(without_info.build()), "T13.user-info").points == 0
    assert "完善用户信息" in "\n".join(f.zh for f in t13.findings)


# -- 2. the S1 readings an overlay can change ---------------------------------------------

def test_an_overlay_changes_s1s_readings() -> None:
    from wenming.model import GroupMember, Role
    from wenming.model.tailoring import Overlay

    group = (GroupMember("hq", Role.LEADER, "甲", "党组书记、局长"),
             GroupMember("hq", Role.DEPUTY, "乙", "副局长"),
             GroupMember("office", Role.OFFICE_DIRECTOR, "丙", "办公室主任"),
             GroupMember("party", Role.MEMBER, "丁", "机关党委书记"),
             GroupMember("centre", Role.MEMBER, "戊"))  # no position stated
    default = criterion(card(cycle_2029().with_leading_group(group).build()),
                        "S1.leading-group")
    assert default.points == pytest.approx(6)
    strict = Overlay(rubric="municipal-plan", criteria={"S1.leading-group": {
        "unstated_position": "fail", "head_titles": {"division": ["处长"]}}})
    tailored = criterion(card(cycle_2029().with_leading_group(group).with_overlay(strict)
                              .build()), "S1.leading-group")
    failed = {c.unit for c in tailored.checks if c.failed}
    # office: 办公室主任 is no 处长 under the overlay; party: 书记 neither; centre: unstated
    assert failed == {"office", "party", "centre"}

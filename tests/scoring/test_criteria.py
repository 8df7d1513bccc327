"""Every built-in criterion type, including its as-of behaviour."""

from __future__ import annotations

from datetime import date

from tests.scoring.conftest import score_card
from wenming.scoring import State
from wenming.testing import DatasetBuilder

LECTURE = {"type": "frequency", "kinds": ["moral-lecture"], "per": "half-year", "points": 4}


def test_present_counts_records_in_the_window_and_names_them():
    data = DatasetBuilder().add("work-plan", "2020-04-20", id="P1").build()
    item = score_card(data, "2021-12-31", {"type": "present", "kinds": ["创建工作方案"],
                                           "window": "phase:preparation", "points": 2}).item("1")
    assert item.state is State.MET
    assert item.points == 2
    assert item.evidence == ("P1",)


def test_present_missing_is_unmet_not_silently_passed():
    data = DatasetBuilder().build()
    item = score_card(data, "2021-12-31",
                      {"type": "present", "kinds": ["work-plan"], "points": 2}).item("1")
    assert item.state is State.UNMET
    assert item.points == 0
    assert item.maximum == 2


def test_present_in_a_future_window_is_not_yet_due():
    data = DatasetBuilder().build()
    item = score_card(data, "2020-07-01", {"type": "present", "kinds": ["self-scoring-sheet"],
                                           "window": "phase:self-check", "points": 2}).item("1")
    assert item.state is State.NOT_YET_DUE
    assert item.maximum == 0


def test_frequency_half_year_findings_name_the_missing_period():
    data = (DatasetBuilder().add("moral-lecture", "2020-05-10")
            .add("moral-lecture", "2020-11-10").add("moral-lecture", "2021-03-01").build())
    item = score_card(data, "2021-12-31", {**LECTURE, "credit": "proportional"}).item("1")
    assert item.state is State.PARTIAL
    assert item.points == 3.0
    assert any("2021 H2: 0 of 1 required" in f.en for f in item.findings)
    assert any("2021年下半年" in f.zh for f in item.findings)


def test_frequency_running_period_is_not_yet_due_then_fails_once_ended():
    data = (DatasetBuilder().add("moral-lecture", "2020-05-10")
            .add("moral-lecture", "2020-11-10").add("moral-lecture", "2021-03-01").build())
    early = score_card(data, "2021-09-30", LECTURE).item("1")
    assert early.state is State.MET
    assert any("not yet due" in f.en for f in early.findings)
    late = score_card(data, "2021-12-31", LECTURE).item("1")
    assert late.state is State.UNMET  # all-or-nothing: one missed half-year loses it all


def test_deduct_per_miss_down_to_zero():
    data = DatasetBuilder().add("red-black-list", "2020-05-01").build()
    crit = {"type": "frequency", "kinds": ["red-black-list"], "per": "quarter", "points": 3,
            "credit": "deduct", "deduct": 1}
    item = score_card(data, "2021-12-31", crit).item("1")
    # quarters 2020Q2..2021Q4 = 7, one met: 6 misses x 1 point > 3 points -> floor at zero
    assert item.points == 0
    assert item.state is State.UNMET
    data2 = (DatasetBuilder().add("red-black-list", "2020-05-01")
             .add("red-black-list", "2020-08-01").add("red-black-list", "2020-11-01")
             .add("red-black-list", "2021-02-01").add("red-black-list", "2021-05-01")
             .add("red-black-list", "2021-08-01").build())
    item2 = score_card(data2, "2021-12-31", crit).item("1")
    assert item2.points == 2
    assert item2.state is State.PARTIAL


def test_count_range_more_than_max_fails_with_words():
    builder = DatasetBuilder()
    for day in ("2021-03-01", "2021-06-01", "2021-09-01"):
        builder.add("creation-inspection", day)
    builder.add("creation-inspection", "2020-10-01")
    item = score_card(builder.build(), "2021-12-31",
                      {"type": "count-range", "kinds": ["creation-inspection"], "per": "year",
                       "min": 1, "max": 2, "points": 2, "credit": "proportional"}).item("1")
    assert item.state is State.PARTIAL
    assert any("2021: 3, at most 2 allowed" in f.en for f in item.findings)


def test_festivals_each_year_inside_the_window():
    data = (DatasetBuilder()
            .add("festival-activity", "2020-06-24", festival="端午")  # 2020: 06-25
            .add("festival-activity", "2021-06-30", festival="端午")  # 2021: 06-14, 16 days late
            .build())
    item = score_card(data, "2021-12-31", {"type": "festivals", "festivals": ["端午"],
                                           "points": 2, "credit": "proportional"}).item("1")
    assert item.points == 1
    assert any("Dragon Boat" in f.en and "2021" in f.en for f in item.findings)


def test_festivals_outside_the_campaign_are_not_required():
    data = DatasetBuilder(window="2020.04-2020.12").add(
        "festival-activity", "2020-04-04", festival="qingming").build()
    item = score_card(data, "2020-12-31", {"type": "festivals",
                                           "festivals": ["chunjie", "qingming"],
                                           "points": 2}).item("1")
    # 春节 2020 (01-25) falls before the campaign: only 清明 is required.
    assert item.state is State.MET
    assert item.criteria[0].due == 1


def test_trend_rising_and_falling():
    rising = (DatasetBuilder().add("creation-spending", "2020-06-01", amount=1000)
              .add("creation-spending", "2021-06-01", amount=1500).build())
    crit = {"type": "trend", "kinds": ["creation-spending"], "points": 2}
    assert score_card(rising, "2021-12-31", crit).item("1").state is State.MET
    falling = (DatasetBuilder().add("creation-spending", "2020-06-01", amount=1000)
               .add("creation-spending", "2021-06-01", amount=800).build())
    item = score_card(falling, "2021-12-31", crit).item("1")
    assert item.state is State.UNMET
    assert any("¥1,000.00 → ¥800.00" in f.en for f in item.findings)
    # Before 2021 has ended a lower running total is not yet a failure.
    assert score_card(falling, "2021-06-30", crit).item("1").state is State.NOT_YET_DUE


def test_in_phase_one_day_outside_fails_and_says_where():
    data = DatasetBuilder().add("self-scoring-sheet", "2021-10-01").build()
    item = score_card(data, "2021-12-31", {"type": "in-phase", "kinds": ["self-scoring-sheet"],
                                           "phase": "self-check", "points": 2}).item("1")
    assert item.state is State.UNMET
    assert any("2021-10-01" in f.en and "outside" in f.en for f in item.findings)
    by_end = score_card(data, "2021-12-31", {"type": "in-phase", "kinds": ["self-scoring-sheet"],
                                             "phase": "rectification", "by_end": True,
                                             "points": 2}).item("1")
    assert by_end.state is State.MET


def test_in_phase_shared_boundary_month_counts_for_both():
    data = DatasetBuilder().add("mobilisation-meeting", "2020-05-20").build()
    for phase in ("preparation", "mobilisation"):
        item = score_card(data, "2021-12-31", {"type": "in-phase",
                                               "kinds": ["mobilisation-meeting"],
                                               "phase": phase, "points": 1}).item("1")
        assert item.state is State.MET, phase


def test_coverage_names_the_unit_that_is_missing():
    data = DatasetBuilder().add("volunteer-service", "2020-07-01", unit="hq").add(
        "volunteer-service", "2020-07-02", unit="east").build()
    item = score_card(data, "2021-12-31", {"type": "coverage", "kinds": ["volunteer-service"],
                                           "unit_kinds": ["bureau", "dispatched"], "points": 3,
                                           "credit": "proportional"}).item("1")
    assert item.points == 2
    assert any("West sub-bureau: 0 of 1" in f.en for f in item.findings)
    failed = [c for c in item.criteria[0].checks if c.failed]
    assert [c.unit for c in failed] == ["west"]


def test_timeliness_threshold_share_of_records_filed_in_time():
    builder = DatasetBuilder()
    for n in range(9):
        builder.add("publicity-item", date(2020, 6, 1 + n), filed=date(2020, 6, 10 + n))
    builder.add("publicity-item", "2020-07-01", filed="2020-09-15", id="LATE")
    crit = {"type": "timeliness", "within_days": 30, "threshold": 0.9, "points": 2}
    item = score_card(builder.build(), "2021-12-31", crit).item("1")
    assert item.state is State.MET  # 9 of 10 = 90 %
    assert any("LATE" in f.en and "filed 76 days after" in f.en for f in item.findings)
    builder.add("publicity-item", "2020-08-01", filed="2020-12-01", id="LATE2")
    assert score_card(builder.build(), "2021-12-31", crit).item("1").state is State.UNMET


def test_attested_without_record_needs_manual_assessment():
    data = DatasetBuilder().build()
    item = score_card(data, "2021-12-31",
                      {"type": "attested", "ref": "no-smoking", "points": 2}).item("1")
    assert item.state is State.NEEDS_MANUAL
    assert item.points == 0 and item.maximum == 0
    assert item.manual_points == 2


def test_attested_takes_the_latest_assessor_score():
    data = (DatasetBuilder().add("onsite-assessment", "2021-03-01", score=60, refs=["parking"])
            .add("onsite-assessment", "2021-09-01", score=80, refs=["parking"]).build())
    item = score_card(data, "2021-12-31",
                      {"type": "attested", "ref": "parking", "points": 5}).item("1")
    assert item.state is State.PARTIAL
    assert item.points == 4.0


def test_records_after_the_as_of_date_are_ignored():
    data = DatasetBuilder().add("work-plan", "2021-05-01").build()
    crit = {"type": "present", "kinds": ["work-plan"], "window": "2021", "points": 1}
    assert score_card(data, "2021-04-30", crit).item("1").state is State.NOT_YET_DUE
    assert score_card(data, "2021-05-01", crit).item("1").state is State.MET


def test_unknown_phase_is_an_error_state_not_a_crash():
    data = DatasetBuilder().with_phases(()).build()
    card = score_card(data, "2021-12-31", {"type": "in-phase", "kinds": ["work-plan"],
                                           "phase": "preparation", "points": 1})
    item = card.item("1")
    assert item.state is State.ERROR
    assert any("does not declare" in f.en for f in item.findings)


def test_coverage_per_year_checks_every_unit_every_year():
    data = (DatasetBuilder().add("annual-summary", "2020-12-20", unit="hq")
            .add("annual-summary", "2020-12-21", unit="east")
            .add("annual-summary", "2020-12-22", unit="west")
            .add("annual-summary", "2021-12-20", unit="hq").build())
    item = score_card(data, "2021-12-31", {"type": "coverage", "kinds": ["annual-summary"],
                                           "unit_kinds": ["bureau", "dispatched"], "per": "year",
                                           "points": 6, "credit": "proportional"}).item("1")
    assert item.points == 4
    failed = sorted(c.label.en for c in item.criteria[0].checks if c.failed)
    assert failed == ["2021 East sub-bureau", "2021 West sub-bureau"]


def test_timeliness_ignores_filings_after_the_as_of_date():
    data = (DatasetBuilder().add("publicity-item", "2021-03-01", filed="2021-03-05")
            .add("publicity-item", "2021-03-02", unfiled=True, id="OPEN").build())
    crit = {"type": "timeliness", "within_days": 30, "points": 1}
    assert score_card(data, "2021-03-10", crit).item("1").state is State.MET  # OPEN not late yet
    late = score_card(data, "2021-05-01", crit).item("1")
    assert late.state is State.UNMET
    assert any("OPEN" in f.en and "no filing date" in f.en for f in late.findings)
    refiled = DatasetBuilder().add("publicity-item", "2021-03-01", filed="2021-03-20").build()
    assert score_card(refiled, "2021-03-10", crit).item("1").state is State.NOT_YET_DUE


def test_coverage_counts_a_bureaus_divisions_for_the_bureau_but_not_sub_bureaus():
    data = (DatasetBuilder().add("volunteer-service", "2020-07-01", unit="office")
            .add("volunteer-service", "2020-07-02", unit="east").build())
    item = score_card(data, "2021-12-31", {"type": "coverage", "kinds": ["volunteer-service"],
                                           "unit_kinds": ["bureau", "dispatched"], "points": 3,
                                           "credit": "proportional"}).item("1")
    failed = [c.unit for c in item.criteria[0].checks if c.failed]
    assert failed == ["west"]


def test_attested_latest_by_date_not_by_file_order():
    data = (DatasetBuilder().add("onsite-assessment", "2021-09-01", score=80, refs=["parking"])
            .add("onsite-assessment", "2021-03-01", score=60, refs=["parking"]).build())
    item = score_card(data, "2021-12-31",
                      {"type": "attested", "ref": "parking", "points": 5}).item("1")
    assert item.points == 4.0

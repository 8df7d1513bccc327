"""Each clause of ``clauses.toml`` scored on data built with the kit's own builder (#24).

No ``Dataset`` is built by hand: tags, survey results, unit attributes and the
declaration date all go through :class:`wenming.testing.DatasetBuilder`.
"""

from __future__ import annotations

import json

import pytest

from tests.authors import plugin
from wenming.errors import DatasetError
from wenming.model.tailoring import Waiver
from wenming.scoring import Scorecard, State
from wenming.testing import DatasetBuilder, make_host, score

RUBRIC = "authors-clauses"
AS_OF = "2021-12-31"


def _card(builder: DatasetBuilder, as_of: str = AS_OF) -> Scorecard:
    return score(builder.build(), RUBRIC, as_of, plugin)


VOCABULARY = make_host(plugin).vocabulary()  # wenming's kinds and the package's own


def _builder(**attributes: float | bool | str) -> DatasetBuilder:
    builder = DatasetBuilder().with_vocabulary(VOCABULARY)
    if attributes:
        builder.with_attributes("hq", **attributes)
    return builder


# -- 一.1 findings with an inspection on record, filtered by refs ---------------------------

def test_findings_against_the_clause_deduct_one_point_each() -> None:
    builder = (_builder().add("creation-inspection", "2021-03-01")
               .add("authors-finding", "2021-03-01", refs=["authors-clauses/一.1"])
               .add("authors-finding", "2021-04-01", refs=["authors-clauses/一.1"])
               .add("authors-finding", "2021-05-01", refs=["other/9"]))
    item = _card(builder).item("一.1")
    assert (item.state, item.points, item.maximum) == (State.PARTIAL, 3, 5)
    clean = _card(_builder().add("creation-inspection", "2021-03-01")).item("一.1")
    assert clean.points == 5
    never_inspected = _card(_builder()).item("一.1")
    assert never_inspected.state is State.NOT_APPLICABLE


# -- 一.2 frequency of tagged records ---------------------------------------------------------

def test_only_records_with_the_tag_count_for_the_frequency() -> None:
    untagged = _builder().add("volunteer-service", "2020-06-01").add(
        "volunteer-service", "2021-06-01", tags=["其他"])
    assert _card(untagged).item("一.2").points == 0
    tagged = _builder().add("volunteer-service", "2020-06-01", tags=["志愿服务"]).add(
        "volunteer-service", "2021-06-01", tags=["其他"])
    assert _card(tagged).item("一.2").points == 2  # one year of two


# -- 一.3 deduction pool -------------------------------------------------------------------

def test_pooled_deductions_share_the_item_points() -> None:
    builder = (_builder().add("authors-finding", "2021-03-01", tags=["劝导"])
               .add("authors-finding", "2021-03-02", tags=["八无"]))
    item = _card(builder).item("一.3")
    assert (item.points, item.maximum) == (0, 6)  # 5 + 2 off 6, down to zero
    one = _card(_builder().add("authors-finding", "2021-03-02", tags=["八无"])).item("一.3")
    assert one.points == 4
    assert any("扣完为止" in f.zh for f in one.findings)


# -- 一.4 applies_if on one criterion, methods -----------------------------------------------

def test_a_criterion_applies_only_to_units_meeting_its_condition() -> None:
    small = _card(_builder(staff=20).add("corridor-culture", "2020-06-01")).item("一.4")
    assert (small.points, small.maximum) == (2, 2)
    assert any("fewer than 50 staff" in f.en for f in small.findings)
    assert any(f.zh.startswith("评估方法：实地考察") for f in small.findings)
    large = _card(_builder(staff=80).add("corridor-culture", "2020-06-01")).item("一.4")
    assert (large.points, large.maximum) == (2, 5)


# -- 二.1 ratio of unit attributes with a slope ----------------------------------------------

def test_a_ratio_below_its_level_loses_a_point_per_percentage_point() -> None:
    builder = DatasetBuilder().with_vocabulary(VOCABULARY).with_applicants("hq")
    for unit in ("hq", "east", "west", "office", "party", "centre"):
        builder.with_attributes(unit, staff=0, volunteers=0)
    builder.with_attributes("hq", staff=100, volunteers=7)
    assert _card(builder).item("二.1").points == pytest.approx(7)
    builder.with_attributes("hq", volunteers=12)
    assert _card(builder).item("二.1").points == pytest.approx(10)


# -- 二.2 applies_if on the item, survey with bands ------------------------------------------

def test_a_banded_survey_applies_to_units_with_a_window() -> None:
    none = _card(_builder().add("authors-survey", "2021-06-01", rate=90, sample=100))
    assert none.item("二.2").state is State.NOT_APPLICABLE
    window = _builder(window=True).add("authors-survey", "2021-06-01", rate=90, sample=100)
    item = _card(window).item("二.2")
    assert (item.points, item.maximum) == (pytest.approx(6), 10)  # 85 ≤ 90 < 95: 60 %


# -- 二.4 survey numerator/denominator with a slope; cited as 二.4 ---------------------------

def test_an_awareness_survey_counted_from_numerator_and_denominator() -> None:
    builder = _builder().add("authors-survey", "2021-06-01", numerator=172, denominator=200,
                             tags=["知晓率"])
    card = _card(builder)
    assert card.item("4").points == pytest.approx(6)  # 86 %: 4 points below 90
    waived = builder.with_waiver(Waiver(RUBRIC, "二.4", "县文明办", "测评未开展"))
    assert _card(waived).item("4").state is State.WAIVED


def test_a_waiver_for_an_item_the_rubric_lacks_is_still_refused() -> None:
    builder = _builder().with_waiver(Waiver(RUBRIC, "二.9", "县文明办", "笔误"))
    with pytest.raises(DatasetError, match=r"二\.9"):
        _card(builder)


# -- 三.1 timeliness with a minimum of reports ----------------------------------------------

def test_too_few_reports_cost_one_deduction() -> None:
    builder = _builder()
    for month in (2, 5, 8):
        builder.add("authors-report", f"2021-{month:02d}-01", filed=f"2021-{month:02d}-05")
    item = _card(builder).item("三.1")
    assert item.points == 4  # three in time, one short of four: 2 off


# -- 三.2 a deduction per record short of the target ---------------------------------------

def test_each_report_short_of_twelve_costs_a_point() -> None:
    builder = _builder()
    for month in range(1, 10):
        builder.add("authors-report", f"2021-{month:02d}-10")
    item = _card(builder).item("三.2")
    assert (item.points, item.maximum) == (5, 8)  # 9 of 12: 3 short
    assert _card(_builder()).item("三.2").points == 0


# -- 三.3 a cap shared by two criteria -----------------------------------------------------

def test_inaccurate_or_late_costs_two_points_once() -> None:
    both = (_builder().add("authors-report-error", "2021-03-01", tags=["不准确"])
            .add("authors-report-error", "2021-04-01", tags=["不及时"]))
    item = _card(both).item("三.3")
    assert (item.points, item.maximum) == (4, 6)
    assert [c.points for c in item.criteria] == [1, 1]  # each criterion still shows its loss
    assert any("准确或及时合计最多扣 2 分" in f.zh for f in item.findings)
    one = _card(_builder().add("authors-report-error", "2021-03-01", tags=["不准确"]))
    assert one.item("三.3").points == 4


# -- 加1 points per record, the highest level once, capped ----------------------------------

def test_commendations_earn_by_level_once_per_honour_up_to_the_cap() -> None:
    builder = (_builder().add("commendation", "2020-09-01", title="文明单位", tags=["市级"])
               .add("commendation", "2021-05-01", title="文明单位", tags=["省级"]))
    card = _card(builder)
    assert card.item("加1").points == 3  # the same honour: its highest level once
    assert card.bonus == 3
    more = builder.add("commendation", "2021-06-01", title="先进集体", tags=["市级"])
    assert _card(more).item("加1").points == 5  # 3 + 2
    capped = more.add("commendation", "2021-07-01", title="五一劳动奖状", tags=["国家级"])
    assert _card(capped).item("加1").points == 5  # 10 earned, 5 at most
    untagged = _builder().add("commendation", "2021-06-01", title="表扬信")
    assert _card(untagged).item("加1").points == 0


# -- 否1 a veto on a subject, counted back from the declaration -----------------------------

def test_a_leaders_violation_counts_back_from_the_declaration() -> None:
    leader = _builder().add("discipline-violation", "2019-11-01", tags=["领导班子成员"])
    assert not _card(leader).vetoes  # 24 months before 2021-12-31 start after it
    declared = leader.with_declaration("2021-06-30")
    card = _card(declared)
    assert [(v.code, v.source) for v in card.vetoes] == [("否1", "否决项1")]
    assert card.verdict == "fail"
    staff = _builder().add("discipline-violation", "2021-01-01", tags=["普通职工"])
    assert not _card(staff).vetoes


# -- 否2 a rate veto, filtered by a tag ----------------------------------------------------

def test_a_window_survey_below_sixty_percent_vetoes() -> None:
    low = _builder().add("authors-survey", "2021-06-01", rate=55, sample=80, tags=["窗口服务"])
    card = _card(low)
    assert [(v.code, v.basis) for v in card.vetoes] == [("否2", "choice")]
    assert not _card(_builder().add("authors-survey", "2021-06-01", rate=75, sample=80,
                                    tags=["窗口服务"])).vetoes
    assert not _card(_builder().add("authors-survey", "2021-06-01", rate=55,
                                    sample=80)).vetoes  # not the window's survey
    by_count = _builder().add("authors-survey", "2021-06-01", numerator=50, denominator=100,
                              tags=["窗口服务"])
    assert [v.code for v in _card(by_count).vetoes] == ["否2"]


# -- 否3 a veto counted from a case's closing date ------------------------------------------

def test_a_case_counts_from_its_closing_date() -> None:
    refs = ["authors-clauses/否3"]
    # opened long ago, closed within the last twelve months: it counts
    closed = _builder().add("authors-case", "2019-05-01", end="2021-03-01", refs=refs)
    assert [v.code for v in _card(closed).vetoes] == ["否3"]
    # closed more than twelve months before the as-of date: it no longer does
    old = _builder().add("authors-case", "2019-05-01", end="2020-06-01", refs=refs)
    assert not _card(old).vetoes
    # still open: it counts
    open_case = _builder().add("authors-case", "2019-05-01", refs=refs)
    assert [v.code for v in _card(open_case).vetoes] == ["否3"]
    other = _builder().add("authors-case", "2021-05-01", refs=["other/1"])
    assert not _card(other).vetoes


def test_the_whole_card_adds_up() -> None:
    card = _card(_builder())
    assert card.maximum <= 70 and card.total >= 0
    assert set(card.items) == {"一.1", "一.2", "一.3", "一.4", "二.1", "二.2", "4", "三.1",
                               "三.2", "三.3", "加1"}


def test_the_scorecard_carries_each_rule_shape_as_data() -> None:
    card = _card(_builder(window=True, staff=80))
    data = json.loads(card.to_json())
    items = {item["code"]: item for item in data["items"]}
    assert items["二.2"]["criteria"][0]["shape"]["bands"] == [[95, 1.0], [85, 0.6], [70, 0.3]]
    assert items["二.2"]["shape"]["applies_if"] == "window"
    assert items["二.1"]["criteria"][0]["shape"]["slope"] == [10, 1, 1]
    assert items["一.3"]["shape"]["pool"] is True
    assert items["三.3"]["shape"]["caps"] == [[["三.3.1", "三.3.2"], 2]]
    assert items["一.4"]["shape"]["methods"] == ["onsite"]
    assert items["一.4"]["criteria"][1]["shape"]["applies_if"] == "staff >= 50"
    assert items["加1"]["criteria"][0]["shape"]["per_record"] is True
    assert "shape" not in items["一.2"] and "shape" not in items["一.2"]["criteria"][0]
    back = Scorecard.from_dict(data)  # and it reads back
    for code in ("二.2", "三.3", "一.4", "加1"):
        assert back.items[code].shape == card.items[code].shape
        assert [c.shape for c in back.items[code].criteria] == [
            c.shape for c in card.items[code].criteria]

"""Issue 16's rule shapes, each from a clause as a county 考核量化细则 would write it.

The clauses are invented; their shapes are the ones real documents use.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from wenming.dataset import Dataset
from wenming.errors import RubricError
from wenming.model import Evidence, UnitTree
from wenming.plugins import RubricSource
from wenming.rubric import load_rubric
from wenming.rubric.conditions import ConditionError, parse_condition
from wenming.scoring import Scorecard, State
from wenming.testing import DatasetBuilder, RubricPlugin, make_host, score

AS_OF = "2021-12-31"


def _record(id: str, kind: str, day: str, unit: str = "hq", **extra: Any) -> Evidence:
    when = date.fromisoformat(day)
    return Evidence(id=id, unit=unit, kind=kind, date=when, filed=extra.pop("filed", when),
                    title=extra.pop("title", kind), **extra)


def _dataset(*records: Evidence, attributes: dict[str, dict[str, Any]] | None = None,
             declaration: date | None = None) -> Dataset:
    base = DatasetBuilder().build()
    units = [attrs.evolve(u, attributes=(attributes or {}).get(u.id, {})) for u in base.units]
    campaign = attrs.evolve(base.campaign, declaration=declaration)
    return Dataset.build(campaign, UnitTree.build(units), records, base.vocabulary)


def _rubric(items: str, total: float, vetoes: str = "") -> str:
    return (f'schema = 1\nid = "county"\nversion = "1"\ntitle = "县级考核细则"\n'
            f'level = "county"\ntotal = {total}\n{vetoes}\n'
            f'[[areas]]\ncode = "一"\ntitle = "创建管理"\npoints = {total}\n{items}')


def _item(criteria: str, points: float, code: str = "1", extra: str = "") -> str:
    return (f'[[areas.items]]\ncode = "{code}"\ntitle = {{ zh = "项目", en = "Item" }}\n'
            f"points = {points}\n{extra}\n{criteria}")


def _card(data: Dataset, text: str, as_of: str = AS_OF) -> Scorecard:
    return score(data, "county", as_of, RubricPlugin(text))


def _errors(text: str) -> list[str]:
    host = make_host()
    with pytest.raises(RubricError) as caught:
        load_rubric(RubricSource(text, "county.toml"), criterion_types=host.criterion_types(),
                    vocabulary=host.vocabulary())
    return [f"{i.field}: {i.message}" + (f" — {i.expected}" if i.expected else "")
            for i in caught.value.issues]


# -- 1. deduction from findings ------------------------------------------------------------

# 创建工作督查每发现一处问题扣3分，扣完为止（6分）
FINDINGS = """
[[areas.items.criteria]]
id = "1.1"
type = "findings"
points = 6
kinds = ["inspection-circular"]
baseline_kinds = ["creation-inspection"]
credit = "deduct"
deduct = 3
"""


def test_each_finding_deducts_until_the_points_are_used_up() -> None:
    text = _rubric(_item(FINDINGS, 6), 6)
    inspected = _record("C1", "creation-inspection", "2021-03-01")
    one = _dataset(inspected, _record("F1", "inspection-circular", "2021-03-02"))
    item = _card(one, text).item("1")
    assert (item.state, item.points, item.maximum) == (State.PARTIAL, 3.0, 6.0)
    assert any("F1" in f.zh and "发现问题" in f.zh for f in item.findings)
    three = _dataset(inspected, *(_record(f"F{i}", "inspection-circular", "2021-04-0" + str(i))
                                  for i in range(1, 4)))
    assert _card(three, text).item("1").points == 0.0  # 扣完为止: never below zero
    clean = _card(_dataset(inspected), text).item("1")
    assert (clean.state, clean.points) == (State.MET, 6.0)


def test_findings_without_any_inspection_are_not_applicable_with_the_reason() -> None:
    item = _card(_dataset(), _rubric(_item(FINDINGS, 6), 6)).item("1")
    assert item.state is State.NOT_APPLICABLE
    assert item.criteria[0].error == ("不适用：创建期内无检查记录 / not applicable: no inspection "
                                      "on record (During the campaign)")
    assert any("无检查记录" in f.zh and "no inspection on record" in f.en for f in item.findings)
    assert not any("nothing required yet" in f.en for f in item.findings)


def test_refs_and_tags_filter_the_records_of_every_type() -> None:
    text = _rubric(_item(FINDINGS.replace('credit = "deduct"', 'credit = "deduct"\nrefs = "1"'),
                         6), 6)
    data = _dataset(_record("C1", "creation-inspection", "2021-03-01"),
                    _record("F1", "inspection-circular", "2021-03-02", refs=("1",)),
                    _record("F2", "inspection-circular", "2021-03-03", refs=("7",)))
    assert _card(data, text).item("1").points == 3.0  # F2 is about item 7
    # 领导班子成员带头参加志愿服务: only records tagged so count
    present = _rubric(_item('[[areas.items.criteria]]\ntype = "present"\npoints = 2\n'
                            'kinds = ["volunteer-service"]\ntags = ["领导班子成员"]', 2), 2)
    plain = _dataset(_record("V1", "volunteer-service", "2021-05-01", tags=("普通职工",)))
    assert _card(plain, present).item("1").state is State.UNMET
    led = _dataset(_record("V1", "volunteer-service", "2021-05-01", tags=("领导班子成员",)))
    assert _card(led, present).item("1").evidence == ("V1",)


# 劝导人员不按时到位一次扣5分；"八无"管理不到位一处扣2分（共10分，扣完为止）
POOL = """
[[areas.items.criteria]]
id = "2.1"
type = "findings"
kinds = ["inspection-circular"]
tags = ["劝导"]
credit = "deduct"
deduct = 5
[[areas.items.criteria]]
id = "2.2"
type = "findings"
kinds = ["inspection-circular"]
tags = ["八无"]
credit = "deduct"
deduct = 2
"""


def test_an_item_pool_is_shared_by_its_criteria() -> None:
    text = _rubric(_item(POOL, 10, extra="pool = true"), 10)
    data = _dataset(_record("F1", "inspection-circular", "2021-03-02", tags=("劝导",)),
                    _record("F2", "inspection-circular", "2021-03-03", tags=("八无",)),
                    _record("F3", "inspection-circular", "2021-03-04", tags=("八无",)))
    item = _card(data, text).item("1")
    assert (item.points, item.maximum, item.state) == (1.0, 10.0, State.PARTIAL)
    assert any("共扣 9 分" in f.zh and "9 deducted" in f.en for f in item.findings)
    worse = _dataset(*(_record(f"F{i}", "inspection-circular", f"2021-03-0{i}", tags=("劝导",))
                       for i in range(1, 4)))
    assert _card(worse, text).item("1").points == 0.0
    # Without the pool the same criteria would need points of their own adding up to 10.
    assert any("points do not add up" in e for e in _errors(_rubric(_item(
        POOL.replace('deduct = 5', 'deduct = 5\npoints = 6'), 10), 10)))


def test_a_pool_criterion_cannot_deduct_more_than_the_pool() -> None:
    text = _rubric(_item(POOL.replace("deduct = 5", "deduct = 5\npoints = 12"), 10,
                         extra="pool = true"), 10)
    assert any("criteria[0].points: above the item's pool" in e for e in _errors(text))


# -- 2. bands and slopes; 3. measures --------------------------------------------------------

# 群众满意率≥95%得3分，≥80%得2分，≥60%得1分，低于60%不得分（问卷调查）
SURVEY = """
[[areas.items.criteria]]
id = "3.1"
type = "survey"
points = 3
kinds = ["staff-consultation"]
bands = [[95, 1.0], [80, 0.6666667], [60, 0.3333333]]
methods = ["问卷调查"]
"""


@pytest.mark.parametrize(("extra", "points"), [
    ({"rate": 96.0, "sample": 200}, 3.0),
    ({"rate": 85.0, "sample": 200}, 2.0),
    ({"numerator": 130.0, "denominator": 200.0}, 1.0),  # 65%
    ({"rate": 40.0, "sample": 50}, 0.0),
])
def test_a_survey_scores_by_its_bands(extra: dict[str, Any], points: float) -> None:
    data = _dataset(_record("S0", "staff-consultation", "2021-01-05", rate=10.0, sample=20),
                    _record("S1", "staff-consultation", "2021-11-20", **extra))
    item = _card(data, _rubric(_item(SURVEY, 3), 3)).item("1")
    assert item.points == pytest.approx(points, abs=1e-6)  # the latest survey counts
    assert item.evidence == ("S1",)
    if points < 3.0:  # a full score leaves nothing open to spell out
        assert any("S1" in f.zh and "按分档" in f.zh for f in item.findings)
    assert item.findings[-1].zh == "3.1的评估方法：问卷调查"


def test_no_survey_needs_an_assessor_not_a_free_pass() -> None:
    item = _card(_dataset(), _rubric(_item(SURVEY, 3), 3)).item("1")
    assert item.state is State.NEEDS_MANUAL
    assert any("无测评记录" in f.zh for f in item.findings)


# 志愿者注册人数占在职职工比例不低于10%，每低1个百分点扣1分（4分）
RATIO = """
[[areas.items.criteria]]
id = "4.1"
type = "ratio"
points = 4
numerator = "volunteers"
denominator = "staff"
slope = { from = 10, per = 1, deduct = 1 }
"""


@pytest.mark.parametrize(("volunteers", "points"), [(15, 4.0), (12, 4.0), (9, 1.5), (0, 0.0)])
def test_a_ratio_of_unit_attributes_loses_a_point_per_percentage_point(
        volunteers: int, points: float) -> None:
    data = _dataset(attributes={"hq": {"staff": 100, "volunteers": volunteers},
                                "east": {"staff": 20, "volunteers": 0}})
    item = _card(data, _rubric(_item(RATIO, 4), 4)).item("1")
    # (volunteers + 0) / (100 + 20): 15 → 12.5 %, 12 → 10 %, 9 → 7.5 % (2.5 off), 0 → 0 %
    assert item.points == pytest.approx(points)


def test_a_ratio_with_a_minimum_and_records_as_numerator() -> None:
    # 年度参加志愿服务人次不低于在职职工数的50%
    text = _rubric(_item('[[areas.items.criteria]]\ntype = "ratio"\npoints = 2\n'
                         'kinds = ["volunteer-service"]\nmeasure = "participants"\n'
                         'denominator = "staff"\nmin = 50', 2), 2)
    few = _dataset(_record("V1", "volunteer-service", "2021-05-01", participants=40),
                   attributes={"hq": {"staff": 100}})
    item = _card(few, text).item("1")
    assert item.state is State.UNMET
    assert any("40%" in f.zh and "不低于 50%" in f.zh for f in item.findings)
    enough = _dataset(_record("V1", "volunteer-service", "2021-05-01", participants=40),
                      _record("V2", "volunteer-service", "2021-06-01", participants=20),
                      attributes={"hq": {"staff": 100}})
    assert _card(enough, text).item("1").state is State.MET
    assert _card(_dataset(), text).item("1").state is State.NEEDS_MANUAL  # no staff given


def test_bands_need_a_type_that_measures_and_only_one_rule() -> None:
    present = _item('[[areas.items.criteria]]\ntype = "present"\npoints = 2\nkinds = '
                    '["work-plan"]\nbands = [[90, 1.0]]', 2)
    assert any("measures no value" in e for e in _errors(_rubric(present, 2)))
    both = SURVEY.replace('methods', 'slope = { from = 80 }\nmethods')
    assert any("bands or a slope, not both" in e for e in _errors(_rubric(_item(both, 3), 3)))
    rising = SURVEY.replace("[[95, 1.0], [80", "[[80, 1.0], [95")
    assert any("bands must fall" in e for e in _errors(_rubric(_item(rising, 3), 3)))


# -- 4. conditions -------------------------------------------------------------------------

# 有服务窗口的单位：窗口服务规范，公开办事流程（2分）
WINDOW = ('[[areas.items.criteria]]\ntype = "present"\npoints = 2\n'
          'kinds = ["publicity-item"]')
WINDOW_ITEM = ('applies_if = { when = "window", reason = { zh = "无窗口单位", '
               'en = "the unit has no service window" } }')


def test_an_item_for_window_units_is_not_applicable_elsewhere_with_its_reason() -> None:
    text = _rubric(_item(WINDOW, 2, extra=WINDOW_ITEM), 2)
    item = _card(_dataset(_record("P1", "publicity-item", "2021-03-01")), text).item("1")
    assert item.state is State.NOT_APPLICABLE
    assert item.findings[0].zh == "不适用：无窗口单位"
    assert item.findings[0].en == "not applicable: the unit has no service window"


def test_an_item_for_window_units_scores_only_their_records() -> None:
    text = _rubric(_item(WINDOW, 2, extra=WINDOW_ITEM), 2)
    # hq's record does not count for east, the window unit
    data = _dataset(_record("P1", "publicity-item", "2021-03-01"),
                    attributes={"east": {"window": True}})
    assert _card(data, text).item("1").state is State.UNMET
    data = _dataset(_record("P2", "publicity-item", "2021-03-01", unit="east"),
                    attributes={"east": {"window": True}})
    assert _card(data, text).item("1").evidence == ("P2",)


def test_a_criterion_condition_with_a_comparison() -> None:
    # 职工50人以上的单位须建立志愿服务队
    text = _rubric(_item('[[areas.items.criteria]]\ntype = "present"\npoints = 2\n'
                         'kinds = ["lei-feng-team-establishment"]\napplies_if = "staff >= 50"\n'
                         '[[areas.items.criteria]]\ntype = "present"\npoints = 1\n'
                         'kinds = ["work-plan"]', 3), 3)
    data = _dataset(_record("W1", "work-plan", "2021-03-01"), attributes={"hq": {"staff": 30}})
    item = _card(data, text).item("1")
    assert item.criteria[0].state is State.NOT_APPLICABLE
    assert (item.points, item.maximum) == (1.0, 1.0)
    assert any("不适用：范围内没有满足「staff >= 50」的单位" in f.zh for f in item.findings)
    big = _dataset(_record("W1", "work-plan", "2021-03-01"), attributes={"hq": {"staff": 80}})
    assert _card(big, text).item("1").maximum == 3.0


@pytest.mark.parametrize(("text", "attributes", "holds"), [
    ("window", {"window": True}, True),
    ("window", {"window": False}, False),
    ("window", {}, False),
    ("not window", {}, True),
    ("staff >= 10", {"staff": 10.0}, True),
    ("staff > 10", {"staff": 10.0}, False),
    ("staff >= 10", {"staff": "many"}, False),
    ("级别 == 县级", {"级别": "县级"}, True),
    ('level != "city"', {"level": "county"}, True),
    ("window and staff < 100", {"window": True, "staff": 40.0}, True),
])
def test_the_condition_grammar(text: str, attributes: dict[str, Any], holds: bool) -> None:
    assert parse_condition(text).holds(attributes) is holds


@pytest.mark.parametrize("text", ["", "staff >=", "staff >= many", "a b", ">= 3"])
def test_conditions_that_do_not_parse(text: str) -> None:
    with pytest.raises(ConditionError):
        parse_condition(text)


def test_a_bad_condition_is_a_located_rubric_error() -> None:
    text = _rubric(_item(WINDOW, 2, extra='applies_if = "staff >= many"'), 2)
    assert any(e.startswith("areas[0](code 一).items[0](code 1).applies_if: not a condition")
               for e in _errors(text))


# -- 5. clause metadata ----------------------------------------------------------------------

def test_methods_are_shown_and_checked() -> None:
    text = _rubric(_item(WINDOW, 2, extra='methods = ["材料审核", "onsite"]'), 2)
    item = _card(_dataset(_record("P1", "publicity-item", "2021-03-01")), text).item("1")
    assert item.findings[-1].zh == "评估方法：材料审核、实地考察"
    assert item.findings[-1].en == "Assessed by: document review, on-site inspection"
    bad = _rubric(_item(WINDOW, 2, extra='methods = ["看一看"]'), 2)
    assert any("unknown assessment method" in e for e in _errors(bad))


def test_item_codes_are_what_the_author_wrote() -> None:
    # Documents restart numbering in each area: the author writes 一.1 and 二.1, and a
    # code is never rewritten, so adding an item elsewhere cannot move it (#24).
    text = _rubric(_item(WINDOW, 2, code="一.1"), 4).replace(
        "points = 4\n", "points = 2\n", 1) + (
        '\n[[areas]]\ncode = "二"\ntitle = "二"\npoints = 2\n' + _item(WINDOW, 2, code="4"))
    card = _card(_dataset(_record("P1", "publicity-item", "2021-03-01")), text)
    assert set(card.items) == {"一.1", "4"}
    assert card.item("4").area == "二"
    same = text.replace('code = "4"', 'code = "1"')  # 一.1 and 1 are two codes
    assert set(_card(_dataset(), same).items) == {"一.1", "1"}
    repeated = text.replace('code = "一.1"', 'code = "1"').replace('code = "4"', 'code = "1"')
    errors = _errors(repeated)
    # One cause, no cascade of default criterion ids, and the fix in the message.
    assert len(errors) == 1 and "item code used twice" in errors[0], errors
    assert '"二.1"' in errors[0]
    twice = _rubric(_item(WINDOW, 1, code="1") + "\n" + _item(WINDOW.replace("2", "1"), 1,
                                                                 code="1"), 2)
    assert any("item code used twice" in e for e in _errors(twice.replace(
        "points = 2\n[[areas.items.criteria]]", "points = 1\n[[areas.items.criteria]]")))


# 申报前两年内领导班子成员发生严重违纪的，取消申报资格
VETO = """
[[vetoes]]
code = "否1"
title = "领导班子成员严重违纪"
kinds = ["discipline-violation"]
lookback_months = 24
subject = { tags = ["领导班子成员"] }
"""


def test_a_veto_counts_its_subject_back_from_the_declaration() -> None:
    text = _rubric(_item(WINDOW, 2), 2, vetoes=VETO)
    staff = _record("D1", "discipline-violation", "2021-02-01", tags=("普通职工",))
    assert not _card(_dataset(staff), text).vetoes  # not a member of the leading team
    leader = _record("D2", "discipline-violation", "2020-05-01", tags=("领导班子成员",))
    assert [v.code for v in _card(_dataset(leader), text).vetoes] == ["否1"]
    # 24 months before a declaration on 2022-06-30 starts after 2020-05-01 …
    late = _dataset(leader, declaration=date(2022, 6, 30))
    assert not _card(late, text, as_of="2022-06-30").vetoes
    # … and counted from the as-of date alone the same record is still inside.
    assert [v.evidence for v in _card(_dataset(leader), text, as_of="2021-12-31").vetoes] == [
        ("D2",)]


# -- 6. timeliness with a minimum of reports -------------------------------------------------

def test_timeliness_with_no_reports_at_all_loses_points() -> None:
    # 信息报送：全年报送不少于4篇，每少报或迟报一篇扣0.5分（2分）
    text = _rubric(_item('[[areas.items.criteria]]\ntype = "timeliness"\npoints = 2\n'
                         'kinds = ["publicity-item"]\nwindow = "2021"\nmin_reports = 4\n'
                         'credit = "deduct"\ndeduct = 0.5', 2), 2)
    nothing = _card(_dataset(), text).item("1")
    assert (nothing.state, nothing.points) == (State.PARTIAL, 1.5)
    assert any("0/4" in f.zh for f in nothing.findings)
    four = _dataset(*(_record(f"P{i}", "publicity-item", f"2021-0{i}-01") for i in range(1, 5)))
    assert _card(four, text).item("1").points == 2.0
    # Mid-year the count is not yet due.
    assert _card(_dataset(), text, as_of="2021-06-30").item("1").state is State.NOT_YET_DUE


def test_pooled_points_carry_no_float_residue() -> None:
    """#24: 4 − 4 × 0.33 is 2.68 on the scorecard, not 2.6799999999999997."""
    pooled = _rubric(_item(WINDOW, 4, extra="pool = true").replace(
        'type = "present"\npoints = 2', 'type = "findings"\ncredit = "deduct"\ndeduct = 0.33'), 4)
    records = [_record(f"F{n}", "publicity-item", f"2021-0{n}-01") for n in (1, 2, 3, 4)]
    card = _card(_dataset(*records), pooled)
    item = next(iter(card.items.values()))
    assert item.points == 2.68
    assert '"points": 2.68,' in card.to_json()

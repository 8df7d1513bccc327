"""The ``leading-group`` criterion type on its own, evaluated in a hand-made context."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from wenming_rubric_municipal_plan.leading_group import (
    LEADING_GROUP,
    LeadingGroupParams,
    evaluate,
)

from wenming.model import GroupMember, Label, Role
from wenming.scoring import EvalContext
from wenming.testing import DatasetBuilder

FULL = (
    GroupMember("hq", Role.LEADER, "组长甲", "党组书记、局长"),
    GroupMember("hq", Role.DEPUTY, "副组长乙", "副局长"),
    GroupMember("office", Role.MEMBER, "办公室主任丁", "办公室主任"),
    GroupMember("party", Role.MEMBER, "机关党委书记戊", "机关党委书记"),
    GroupMember("centre", Role.MEMBER, "监测中心主任己", "监测中心主任"),
    GroupMember("office", Role.OFFICE_DIRECTOR, "主任丙", "办公室主任"),
)


def _ctx(builder: DatasetBuilder, as_of: str = "2021-12-31",
         units: tuple[str, ...] | None = None) -> EvalContext:
    dataset = builder.build()
    return EvalContext(dataset, date.fromisoformat(as_of),
                       units if units is not None else dataset.participants(), {})


def test_defaults_follow_the_plan() -> None:
    params = LeadingGroupParams()
    assert params.roles == ("leader", "deputy", "office-director")
    assert params.bureau_roles == ("leader", "deputy")
    assert params.member_unit_kinds == ("division", "affiliated")
    assert LEADING_GROUP.name == "leading-group"
    assert LEADING_GROUP.params is LeadingGroupParams
    assert LEADING_GROUP.summary.zh and LEADING_GROUP.summary.en


def test_full_group_passes_every_check() -> None:
    checks = evaluate(LeadingGroupParams(), _ctx(DatasetBuilder().with_leading_group(FULL)))
    assert [c.label for c in checks] == [
        Label("领导小组组长", "Leading group leader"),
        Label("领导小组副组长", "Leading group deputy leader"),
        Label("领导小组办公室主任", "Leading group office director"),
        Label("领导小组成员：办公室", "Leading group member from General office"),
        Label("领导小组成员：机关党委", "Leading group member from Party committee"),
        Label("领导小组成员：监测中心", "Leading group member from Monitoring centre"),
    ]
    assert all(c.passed and c.due for c in checks)
    assert [c.unit for c in checks[3:]] == ["office", "party", "centre"]
    # Due when the preparation phase ends (2020.04–2020.05).
    assert {c.deadline for c in checks} == {date(2020, 5, 31)}


def test_missing_role_and_missing_unit_each_fail_by_name() -> None:
    group = [m for m in FULL if m.role is not Role.OFFICE_DIRECTOR and m.unit != "centre"]
    checks = evaluate(LeadingGroupParams(), _ctx(DatasetBuilder().with_leading_group(group)))
    failed = [c.finding() for c in checks if c.failed]
    assert failed == [
        Label("领导小组办公室主任：未明确", "Leading group office director: not appointed"),
        Label("领导小组成员：监测中心：无成员",
              "Leading group member from Monitoring centre: no member"),
    ]


def test_any_seat_represents_a_unit() -> None:
    # The office's only seat is the office director's: the office is still represented.
    group = [m for m in FULL if not (m.unit == "office" and m.role is Role.MEMBER)]
    checks = evaluate(LeadingGroupParams(), _ctx(DatasetBuilder().with_leading_group(group)))
    assert all(c.passed for c in checks)


def test_units_under_sub_bureaus_need_no_seats() -> None:
    # The plan's members are the heads of the bureau's own divisions and affiliated units;
    # a sub-bureau's station or section is not asked for a seat.
    builder = (DatasetBuilder().with_leading_group(FULL)
               .add_unit("east-lab", "affiliated", "east", "东区监测站", "East monitoring station")
               .add_unit("east-section", "division", "east", "东区综合科", "East section")
               .add_unit("hq-lab", "affiliated", "hq", "市监测站", "City monitoring station"))
    checks = evaluate(LeadingGroupParams(), _ctx(builder))
    assert "east-lab" not in {c.unit for c in checks}
    assert "east-section" not in {c.unit for c in checks}
    failed = [c for c in checks if c.failed]
    assert [c.unit for c in failed] == ["hq-lab"]  # the bureau's own new unit does
    assert failed[0].finding().zh == "领导小组成员：市监测站：无成员"


def test_units_under_a_bureau_division_still_belong_to_the_bureau() -> None:
    builder = (DatasetBuilder().with_leading_group(FULL)
               .add_unit("office-archive", "affiliated", "office", "档案室", "Archive room"))
    failed = [c.unit for c in evaluate(LeadingGroupParams(), _ctx(builder)) if c.failed]
    assert failed == ["office-archive"]


def test_leader_and_deputy_must_sit_for_the_bureau() -> None:
    leader = GroupMember("party", Role.LEADER, "处长甲", "党组书记、局长")
    group = [leader if m.role is Role.LEADER else m for m in FULL]
    checks = evaluate(LeadingGroupParams(), _ctx(DatasetBuilder().with_leading_group(group)))
    leader = checks[0]
    assert leader.failed and leader.unit == "party"
    assert leader.finding().en == ("Leading group leader: held for Party committee; the plan "
                                   "gives it to the bureau's own leadership")
    # The office director may sit for any unit.
    assert LeadingGroupParams(bureau_roles=()).bureau_roles == ()
    relaxed = evaluate(LeadingGroupParams(bureau_roles=()),
                       _ctx(DatasetBuilder().with_leading_group(group)))
    assert relaxed[0].passed


def test_unnamed_office_holders_are_not_appointed() -> None:
    group = [GroupMember(m.unit, m.role) if m.role is Role.OFFICE_DIRECTOR else m for m in FULL]
    checks = evaluate(LeadingGroupParams(), _ctx(DatasetBuilder().with_leading_group(group)))
    director = checks[2]
    assert director.failed
    assert director.finding().zh == "领导小组办公室主任：未写明姓名"


def test_chinese_role_names_and_member_role() -> None:
    params = LeadingGroupParams(roles=("组长", "成员"), member_unit_kinds=("division",))
    group = [m for m in FULL if m.role is not Role.MEMBER]
    checks = evaluate(params, _ctx(DatasetBuilder().with_leading_group(group)))
    # leader held; nobody is a plain member; divisions: the office has the director's seat,
    # the party committee has none; the affiliated centre is not asked for.
    assert [(c.label.en, c.passed) for c in checks] == [
        ("Leading group leader", True),
        ("Leading group member", False),
        ("Leading group member from General office", True),
        ("Leading group member from Party committee", False),
    ]


def test_scope_limits_the_units_checked() -> None:
    checks = evaluate(LeadingGroupParams(),
                      _ctx(DatasetBuilder().with_leading_group(()), units=("east",)))
    # No division or affiliated unit under east: only the three roles are asked for.
    assert len(checks) == 3
    assert not any(c.passed for c in checks)


def test_before_preparation_ends_empty_seats_are_pending() -> None:
    checks = evaluate(LeadingGroupParams(),
                      _ctx(DatasetBuilder().with_leading_group(()), as_of="2020-05-30"))
    assert checks and all(c.pending and not c.failed for c in checks)


def test_without_a_preparation_phase_seats_are_due_at_once() -> None:
    checks = evaluate(LeadingGroupParams(),
                      _ctx(DatasetBuilder().with_leading_group(()).with_phases(()),
                           as_of="2020-04-02"))
    assert checks and all(c.failed and c.deadline is None for c in checks)


@pytest.mark.parametrize(("field", "value", "accepted"), [
    ("roles", ["boss"], "leader"),
    ("member_unit_kinds", ["ministry"], "division"),
    ("roles", "leader", "list"),
    ("bureau_roles", ["chief"], "leader"),
])
def test_bad_parameters_are_rejected_with_the_accepted_values(
        field: str, value: object, accepted: str) -> None:
    with pytest.raises(ValueError, match=accepted):
        LeadingGroupParams(**{field: value})


def test_leader_must_hold_the_secretary_and_director_posts() -> None:
    # The plan gives the group to the party secretary and the director: a leader who is
    # only the director falls short; one whose position is not stated is taken at the
    # file's word by default (the finding says it was not checked), and fails when the
    # strict reading is chosen.
    for position, params, note in (("局长", LeadingGroupParams(), "职务未含书记"),
                                   (None, LeadingGroupParams(unstated_position="fail"),
                                    "未写明职务")):
        group = [GroupMember("hq", Role.LEADER, "组长甲", position)
                 if m.role is Role.LEADER else m for m in FULL]
        checks = evaluate(params, _ctx(DatasetBuilder().with_leading_group(group)))
        leader = checks[0]
        assert leader.failed and note in leader.finding().zh
    group = [GroupMember("hq", Role.LEADER, "组长甲") if m.role is Role.LEADER else m
             for m in FULL]
    leader = evaluate(LeadingGroupParams(), _ctx(DatasetBuilder().with_leading_group(group)))[0]
    assert leader.passed and leader.finding().en.endswith("position not stated, so not checked")
    # two leaders holding one post each satisfy it together
    group = [m for m in FULL if m.role is not Role.LEADER] + [
        GroupMember("hq", Role.LEADER, "组长甲", "党组书记"),
        GroupMember("hq", Role.LEADER, "组长乙", "局长")]
    checks = evaluate(LeadingGroupParams(), _ctx(DatasetBuilder().with_leading_group(group)))
    assert checks[0].passed


def test_a_deputy_does_not_represent_the_unit() -> None:
    group = [GroupMember("party", Role.MEMBER, "戊", "机关党委副书记")
             if m.unit == "party" and m.role is Role.MEMBER else m for m in FULL]
    checks = evaluate(LeadingGroupParams(), _ctx(DatasetBuilder().with_leading_group(group)))
    party = next(c for c in checks if c.unit == "party")
    assert party.failed and "负责人" in party.finding().zh


def test_holds_title_ignores_deputies() -> None:
    from wenming_rubric_municipal_plan.leading_group import holds_title

    assert holds_title("党组书记、局长", ["局长"])
    assert not holds_title("副局长", ["局长"])
    assert holds_title("副局长、局长", ["局长"])
    assert not holds_title(None, ["局长"])


# -- the seed's own group, head titles, dated seats (#23) ------------------------------------

#: 五（一） as the plan words it, seat by seat: the party secretary and director leads; the
#: party committee's secretary (also a deputy director) is deputy leader; the heads of the
#: divisions and affiliated units are members — the party committee's head being the deputy
#: leader already; the office is run by the party committee's full-time deputy secretary.
SEED_GROUP = (
    GroupMember("hq", Role.LEADER, "组长甲", "局党组书记、局长"),
    GroupMember("hq", Role.DEPUTY, "副组长乙", "局机关党委书记、副局长"),
    GroupMember("office", Role.MEMBER, "成员丙", "办公室主任"),
    GroupMember("centre", Role.MEMBER, "成员丁", "监测中心主任"),
    GroupMember("party", Role.OFFICE_DIRECTOR, "主任戊", "机关党委专职副书记"),
)


def test_the_seeds_leading_group_entered_verbatim_scores_six_of_six(
        records: list[Any], build: Callable[..., Any], card_of: Callable[..., Any]) -> None:
    card = card_of(build(records, DatasetBuilder().with_leading_group(SEED_GROUP)))
    [result] = card.items["S1"].criteria
    assert result.points == pytest.approx(6), [c.finding().zh for c in result.checks
                                                if c.failed]
    party = next(c for c in result.checks if c.unit == "party")
    assert party.passed and party.note is None  # headed by the deputy leader's 机关党委书记


def test_a_part_naming_another_unit_speaks_for_that_unit_only() -> None:
    # The office's seat says 机关党委书记: it heads the party committee, not the office.
    group = [m for m in FULL if m.unit not in ("office", "party") or m.role is not Role.MEMBER]
    group.append(GroupMember("office", Role.MEMBER, "戊", "机关党委书记"))
    checks = evaluate(LeadingGroupParams(), _ctx(DatasetBuilder().with_leading_group(group)))
    by_unit = {c.unit: c for c in checks[3:]}
    assert by_unit["party"].passed
    # the office director's seat (办公室主任) still heads the office
    assert by_unit["office"].passed
    group = [m for m in group if m.role is not Role.OFFICE_DIRECTOR]
    checks = evaluate(LeadingGroupParams(roles=()),
                      _ctx(DatasetBuilder().with_leading_group(group)))
    assert {c.unit: c.passed for c in checks} == {"office": False, "party": True,
                                                    "centre": True}


@pytest.mark.parametrize("title", ["馆长", "团长", "校长", "站长", "主任", "总站站长", "负责人"])
def test_head_titles_come_from_the_units_kind_not_a_closed_list(title: str) -> None:
    builder = (DatasetBuilder()
               .add_unit("hall", "affiliated", "hq", "生态环境教育馆", "Eco-education hall")
               .with_leading_group([*FULL, GroupMember("hall", Role.MEMBER, "己", title)]))
    checks = evaluate(LeadingGroupParams(), _ctx(builder))
    hall = next(c for c in checks if c.unit == "hall")
    assert hall.passed, hall.finding().zh


@pytest.mark.parametrize("title", ["副馆长", "主任科员", "调研员", "馆员"])
def test_a_deputy_or_a_rank_is_not_the_head(title: str) -> None:
    builder = (DatasetBuilder()
               .add_unit("hall", "affiliated", "hq", "生态环境教育馆", "Eco-education hall")
               .with_leading_group([*FULL, GroupMember("hall", Role.MEMBER, "己", title)]))
    hall = next(c for c in evaluate(LeadingGroupParams(), _ctx(builder)) if c.unit == "hall")
    assert hall.failed and "负责人" in hall.finding().zh and "…长" in hall.finding().zh


def test_a_declared_head_title_counts_for_its_unit() -> None:
    from wenming import Dataset
    from wenming.model import Label as L
    from wenming.model import Unit, UnitKind, UnitTree

    base = DatasetBuilder().with_leading_group(
        [*FULL, GroupMember("press", Role.MEMBER, "庚", "主编")]).add_unit(
        "press", "affiliated", "hq", "环境报社", "Environment press")
    plain = base.build()
    assert next(c for c in evaluate(LeadingGroupParams(), _ctx(base))
                if c.unit == "press").failed
    units = [u if u.id != "press" else Unit("press", L("环境报社", "Environment press"),
                                            UnitKind.AFFILIATED, "hq",
                                            attributes={"head_title": "主编"})
             for u in plain.units]
    declared = Dataset.build(plain.campaign, UnitTree.build(units), [], plain.vocabulary)
    ctx = EvalContext(declared, date(2021, 12, 31), declared.participants(), {})
    assert next(c for c in evaluate(LeadingGroupParams(), ctx) if c.unit == "press").passed


def test_head_titles_can_be_set_per_kind_by_an_overlay() -> None:
    params = LeadingGroupParams(head_titles={"affiliated": ["院长"]})
    assert params.head_titles["affiliated"] == ("院长",)
    assert params.head_titles["division"] == ("长", "主任", "书记", "负责人")
    checks = evaluate(params, _ctx(DatasetBuilder().with_leading_group(FULL)))
    assert next(c for c in checks if c.unit == "centre").failed  # 监测中心主任 is not 院长


def test_an_unstated_position_counts_unchecked_or_fails_when_chosen() -> None:
    group = [GroupMember(m.unit, m.role, m.person) if m.unit == "centre" else m for m in FULL]
    centre = next(c for c in evaluate(LeadingGroupParams(),
                                      _ctx(DatasetBuilder().with_leading_group(group)))
                  if c.unit == "centre")
    assert centre.passed and centre.note is not None and "未核对" in centre.note.zh
    strict = next(c for c in evaluate(LeadingGroupParams(unstated_position="fail"),
                                      _ctx(DatasetBuilder().with_leading_group(group)))
                  if c.unit == "centre")
    assert strict.failed
    with pytest.raises(ValueError, match="count, fail"):
        LeadingGroupParams(unstated_position="ignore")


# A cycle other than 2020–21: the 2029–30 campaign, its preparation phase in spring 2029.
def _cycle_2029() -> DatasetBuilder:
    from wenming.calendar import parse_window
    from wenming.model import Phase
    from wenming.testing import MUNICIPAL_PHASES

    shifted = [Phase(p.id, p.name, parse_window(
        f"{p.start.year + 9}.{p.start.month:02d}-{p.end.year + 9}.{p.end.month:02d}"),
        p.deliverables) for p in MUNICIPAL_PHASES]
    return DatasetBuilder("2029.04-2030.12").with_phases(shifted)


def test_a_succession_is_scored_as_of_the_date() -> None:
    # The leader changes on 2030-03-01: the outgoing one holds the seat until 2030-02-28.
    group = [m for m in FULL if m.role is not Role.LEADER] + [
        GroupMember("hq", Role.LEADER, "组长甲", "党组书记、局长", end=date(2030, 2, 28)),
        GroupMember("hq", Role.LEADER, "组长乙", "局长", start=date(2030, 3, 1))]
    builder = _cycle_2029().with_leading_group(group)
    before = evaluate(LeadingGroupParams(), _ctx(builder, "2030-01-15"))[0]
    after = evaluate(LeadingGroupParams(), _ctx(builder, "2030-06-30"))[0]
    assert before.passed
    # The successor is the director only: the secretary's post is missing after the change.
    assert after.failed and "职务未含书记" in after.finding().zh


def test_a_vacancy_is_named_with_its_date() -> None:
    group = [m for m in FULL if m.unit != "centre"] + [
        GroupMember("centre", Role.MEMBER, "己", "监测中心主任", end=date(2029, 10, 31))]
    builder = _cycle_2029().with_leading_group(group)
    on_time = evaluate(LeadingGroupParams(), _ctx(builder, "2029-09-30"))
    late = evaluate(LeadingGroupParams(), _ctx(builder, "2030-04-30"))
    assert next(c for c in on_time if c.unit == "centre").passed
    centre = next(c for c in late if c.unit == "centre")
    assert centre.failed and centre.finding().zh == "领导小组成员：监测中心：2029-10-31起空缺"
    # A seat taken later is not yet held; a score after the campaign reads its last day.
    group = [m for m in FULL if m.role is not Role.OFFICE_DIRECTOR] + [
        GroupMember("office", Role.OFFICE_DIRECTOR, "丙", "办公室主任", start=date(2030, 5, 1))]
    builder = _cycle_2029().with_leading_group(group)
    early = evaluate(LeadingGroupParams(), _ctx(builder, "2030-01-31"))[2]
    assert early.failed and early.finding().en.endswith("not seated until 2030-05-01")
    assert evaluate(LeadingGroupParams(), _ctx(builder, "2031-06-30"))[2].passed


def test_a_deep_tree_asks_every_own_unit_once_and_none_below_a_sub_bureau() -> None:
    # benchmarks/leading_group_depth.py times this shape at 10,000 deep.
    builder = DatasetBuilder().with_leading_group(FULL)
    parent = "office"
    for n in range(300):
        builder.add_unit(f"d{n}", "division", parent, f"第{n}科", f"Section {n}")
        parent = f"d{n}"
    builder.add_unit("sub", "dispatched", parent, "深处分局", "Deep sub-bureau")
    builder.add_unit("below-sub", "division", "sub", "分局科室", "Sub-bureau section")
    checks = evaluate(LeadingGroupParams(), _ctx(builder))
    asked = [c.unit for c in checks[3:]]
    assert sorted(asked) == sorted(["office", "party", "centre", *(f"d{n}" for n in range(300))])

"""The ``leading-group`` criterion type on its own, evaluated in a hand-made context."""

from __future__ import annotations

from datetime import date

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
    # only the director falls short, and so does one whose position is not stated.
    for position, note in (("局长", "职务未含书记"), (None, "未写明职务")):
        group = [GroupMember("hq", Role.LEADER, "组长甲", position)
                 if m.role is Role.LEADER else m for m in FULL]
        checks = evaluate(LeadingGroupParams(), _ctx(DatasetBuilder().with_leading_group(group)))
        leader = checks[0]
        assert leader.failed and note in leader.finding().zh
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

"""campaign.toml: every key checked, issues with their line in the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.loaders.conftest import CAMPAIGN_TOML, find, load_error
from wenming.errors import DataIssue, in_lang
from wenming.loaders import load_dataset


def _write(root: Path, text: str) -> None:
    (root / "campaign.toml").write_text(text, encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def _replace(root: Path, old: str, new: str) -> str:
    assert old in CAMPAIGN_TOML
    text = CAMPAIGN_TOML.replace(old, new)
    _write(root, text)
    return text


def test_bad_window_names_line_key_and_value(dataset_dir: Path) -> None:
    text = _replace(dataset_dir, 'window = "2020.04-2020.05"', 'window = "2020.05-2020.04"')
    issue = find(load_error(dataset_dir), "campaign.toml")
    assert issue.line == _line_of(text, "2020.05-2020.04")
    assert issue.field == "phases[1].window"
    assert issue.message.startswith("not a date window")
    assert issue.value == "2020.05-2020.04"


def test_unknown_deliverable_kind_suggests(dataset_dir: Path) -> None:
    text = _replace(dataset_dir, '"成立领导小组", "work-plan"', '"成立领导小组", "work-plans"')
    issue = find(load_error(dataset_dir), "campaign.toml")
    assert issue.message.startswith("unknown evidence kind")
    assert issue.value == "work-plans"
    assert issue.field == "phases[1].deliverables"
    assert issue.line == _line_of(text, "work-plans")
    assert "work-plan (创建工作方案)" in (issue.expected or "")


def test_unknown_role(dataset_dir: Path) -> None:
    text = _replace(dataset_dir, 'role = "组长"', 'role = "秘书"')
    issue = find(load_error(dataset_dir), "campaign.toml")
    assert issue.message.startswith("unknown leading-group role")
    assert issue.field == "leading_group[1].role"
    assert issue.line == _line_of(text, "秘书")
    assert "office-director (办公室主任)" in (issue.expected or "")


@pytest.mark.parametrize(("role", "expected"), [("副组长", "deputy"), ("member", "member"),
                                                ("成员", "member"), ("leader", "leader")])
def test_roles_in_both_languages(dataset_dir: Path, role: str, expected: str) -> None:
    _replace(dataset_dir, 'role = "组长"', f'role = "{role}"')
    assert load_dataset(dataset_dir).campaign.leading_group[0].role.value == expected


def test_other_timezones_are_refused(dataset_dir: Path) -> None:
    _replace(dataset_dir, 'timezone = "Asia/Shanghai"', 'timezone = "UTC"')
    issue = find(load_error(dataset_dir), "campaign.toml", 8)
    assert issue.message.startswith("the campaign calendar is Asia/Shanghai")
    assert issue.value == "UTC"


def test_unknown_and_missing_keys(dataset_dir: Path) -> None:
    text = _replace(dataset_dir, 'level = "municipal"\n', 'levle = "municipal"\n')
    error = load_error(dataset_dir)
    unknown = find(error, "campaign.toml", _line_of(text, "levle"), "unknown key")
    assert unknown.field == "campaign.levle"
    missing = find(error, "campaign.toml", None, "required key is missing")
    assert missing.field == "campaign.level"


def test_unknown_applicant_is_located_in_campaign_toml(dataset_dir: Path) -> None:
    text = _replace(dataset_dir, 'applicants = ["hq", "east"]', 'applicants = ["hq", "north"]')
    issue = find(load_error(dataset_dir), "campaign.toml")
    assert in_lang(issue.message, "en") == "applicant is not a known unit"
    assert issue.value == "north"
    assert issue.line == _line_of(text, "north")


def test_unknown_group_unit_and_task_owner(dataset_dir: Path) -> None:
    text = CAMPAIGN_TOML.replace('unit = "office"', 'unit = "offise"').replace(
        'owners = ["hq"]', 'owners = ["hq", "south"]')
    _write(dataset_dir, text)
    error = load_error(dataset_dir)
    member = find(error, "campaign.toml", None, "leading-group member")
    assert member.line == _line_of(text, "offise")
    owner = find(error, "campaign.toml", None, "owned by an unknown unit")
    assert owner.line == _line_of(text, "south")


def test_unknown_office_unit(dataset_dir: Path) -> None:
    text = _replace(dataset_dir, 'office = "office"', 'office = "bureau-office"')
    issue = find(load_error(dataset_dir), "campaign.toml")
    assert in_lang(issue.message, "en") == "the leading group's office is not a known unit"
    assert issue.value == "bureau-office"
    assert issue.line == _line_of(text, "bureau-office")


def test_phase_outside_the_campaign(dataset_dir: Path) -> None:
    _replace(dataset_dir, 'window = "2020年5月-2020年6月"', 'window = "2022.01-2022.02"')
    issue = find(load_error(dataset_dir), "campaign.toml")
    assert issue.message.startswith("the phase lies outside the campaign window")
    assert issue.field == "phases[2].window"


def test_duplicate_phase_id(dataset_dir: Path) -> None:
    _replace(dataset_dir, 'id = "mobilisation"', 'id = "preparation"')
    issue = find(load_error(dataset_dir), "campaign.toml")
    assert issue.message.startswith("duplicate phase id")
    assert issue.field == "phases[2].id"


def test_toml_syntax_error_names_its_line(dataset_dir: Path) -> None:
    text = _replace(dataset_dir, 'level = "municipal"', 'level = municipal')
    issue = find(load_error(dataset_dir), "campaign.toml")
    assert issue.message.startswith("invalid TOML")
    assert issue.line == _line_of(text, "level = municipal")


def test_bilingual_label_checked(dataset_dir: Path) -> None:
    _replace(dataset_dir, 'en = "Municipal civilized-unit campaign" }',
             'fr = "Campagne" }')
    issue = find(load_error(dataset_dir), "campaign.toml", 3)
    assert issue.message.startswith("expected a bilingual label")


@pytest.mark.parametrize(("level", "stored"), [("市级", "municipal"), ("自治区级", "provincial"),
                                               ("National", "national")])
def test_levels(dataset_dir: Path, level: str, stored: str) -> None:
    _replace(dataset_dir, 'level = "municipal"', f'level = "{level}"')
    assert load_dataset(dataset_dir).campaign.level == stored


def test_unknown_level(dataset_dir: Path) -> None:
    _replace(dataset_dir, 'level = "municipal"', 'level = "galactic"')
    assert find(load_error(dataset_dir), "campaign.toml", 4).message.startswith(
        "unknown campaign level")


def test_campaign_problems_do_not_hide_evidence_problems(dataset_dir: Path) -> None:
    _replace(dataset_dir, 'window = "2020.04-2021.12"', 'window = 2020')
    (dataset_dir / "evidence" / "dup.jsonl").write_text(
        '{"id": "M-001", "unit": "hq", "kind": "work-plan", "date": "2020-05-01"}\n',
        encoding="utf-8")
    error = load_error(dataset_dir)
    assert find(error, "campaign.toml", 6).message.startswith("expected a date window")
    assert in_lang(find(error, "evidence/dup.jsonl", 1).message, "en") == "duplicate evidence id"


def test_leading_group_seats_carry_their_dates(dataset_dir: Path) -> None:
    _replace(dataset_dir, 'person = "张明"\n',
             'person = "张明"\nfrom = 2020-04-01\nuntil = "2021-02-28"\n')
    leader = load_dataset(dataset_dir).campaign.leading_group[0]
    assert (leader.start, leader.end) == (date(2020, 4, 1), date(2021, 2, 28))
    assert leader.seated_on(date(2021, 2, 28)) and not leader.seated_on(date(2021, 3, 1))
    assert not leader.seated_on(date(2020, 3, 31))


def test_a_seat_ending_before_it_starts_is_located(dataset_dir: Path) -> None:
    text = _replace(dataset_dir, 'person = "张明"\n',
                    'person = "张明"\nfrom = 2021-03-01\nuntil = 2021-02-28\n')
    issue = find(load_error(dataset_dir), "campaign.toml", _line_of(text, "until ="))
    assert issue.field == "leading_group[1].until"
    assert "ends before it starts" in issue.message and "2021-03-01" in (issue.expected or "")


def test_a_seat_without_a_position_is_a_located_warning(dataset_dir: Path) -> None:
    warnings: list[DataIssue] = []
    load_dataset(dataset_dir, on_warning=warnings.append)
    assert not [w for w in warnings if (w.field or "").startswith("leading_group")]
    text = _replace(dataset_dir, 'position = "办公室主任"\n', "")
    load_dataset(dataset_dir, on_warning=warnings.append)
    [seat] = [w for w in warnings if (w.field or "").startswith("leading_group")]
    assert seat.field == "leading_group[2].position" and seat.where == "campaign.toml"
    assert seat.line == _line_of(text, 'role = "office-director"') - 2  # its [[leading_group]]
    assert "未写明职务" in seat.message and "法规处处长" in (seat.expected or "")

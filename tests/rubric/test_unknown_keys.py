"""Every level of a rubric document refuses keys it does not know, saying where and why."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from wenming.errors import RubricError
from wenming.plugins import PluginHost, RubricSource
from wenming.plugins.problems import describe_issues
from wenming.rubric import load_rubric
from wenming.rubric.loader import KNOWN_KEYS
from wenming.testing import make_host

ROOT = Path(__file__).resolve().parents[2]

BASE = """\
schema = 1
id = "t"
version = "1"
title = "t"
level = "other"
total = 4
{top}
[defaults]
scope = "system"
{defaults}
[[areas]]
code = "A"
title = "a"
points = 4
{area}
[[areas.items]]
code = "1"
title = "i"
points = 4
{item}
[[areas.items.criteria]]
type = "present"
kinds = ["work-plan"]
points = 4
{criterion}
[[vetoes]]
code = "否1"
title = "v"
kinds = ["discipline-violation"]
{veto}
"""


def _text(**extra: str) -> str:
    slots = dict.fromkeys(("top", "defaults", "area", "item", "criterion", "veto"), "")
    slots.update(extra)
    return BASE.format(**slots)


def _issues(text: str) -> tuple:
    host = make_host()
    with pytest.raises(RubricError) as caught:
        load_rubric(RubricSource(text, "county.toml"), criterion_types=host.criterion_types(),
                    vocabulary=host.vocabulary())
    return caught.value.issues


def test_the_base_document_loads():
    host = make_host()
    rubric = load_rubric(RubricSource(_text(), "county.toml"),
                         criterion_types=host.criterion_types(), vocabulary=host.vocabulary())
    assert rubric.item("1").method == "materials"


@pytest.mark.parametrize(("slot", "line", "field", "suggestion"), [
    ("top", 'totl = 4', "totl", "total"),
    ("defaults", 'scpoe = "applicant"', "defaults.scpoe", "scope"),
    ("area", 'titel = "x"', "areas[0](code A).titel", "title"),
    ("item", 'mehtod = "onsite"', "areas[0](code A).items[0](code 1).mehtod", "method"),
    ("criterion", 'kind = ["work-plan"]', "areas[0](code A).items[0](code 1).criteria[0].kind",
     "kinds"),
    ("veto", "lookback_month = 12", "vetoes[0](code 否1).lookback_month", "lookback_months"),
])
def test_a_misspelt_key_is_refused_at_every_level_with_a_suggestion(slot, line, field,
                                                                     suggestion):
    issues = _issues(_text(**{slot: line}))
    assert len(issues) == 1, issues
    issue = issues[0]
    assert issue.where == "county.toml"
    assert issue.field == field
    assert issue.value == line.split(" = ")[0]
    assert "unknown key / 未知的键" in issue.message
    assert f"did you mean / 您是否指: {suggestion}" in (issue.expected or "")


def test_a_key_of_another_level_says_where_it_belongs():
    # An item-level credit rule is a real mistake: credit belongs to each criterion.
    (issue,) = _issues(_text(item='credit = "proportional"'))
    assert issue.field == "areas[0](code A).items[0](code 1).credit"
    assert "a key of defaults or criterion, not of item" in (issue.expected or "")
    (issue,) = _issues(_text(area="kinds = [\"work-plan\"]"))
    assert "a key of veto or criterion, not of area" in (issue.expected or "")


def test_a_key_with_no_close_match_lists_the_accepted_keys():
    (issue,) = _issues(_text(area="zzz = 1"))
    assert issue.expected == "one of / 可用的键: code, items, points, title"


def test_several_unknown_keys_are_all_reported_in_one_pass():
    issues = _issues(_text(top="colour = 1", item='applies_when = "window"\nnotes = "x"'))
    assert sorted(i.value for i in issues) == ["applies_when", "colour", "notes"]


def test_an_unknown_criterion_key_is_reported_once_not_again_by_the_parameter_check():
    (issue,) = _issues(_text(criterion="windw = \"campaign\""))
    assert "did you mean / 您是否指: window" in (issue.expected or "")
    assert "parameter error" not in issue.message


def test_unknown_keys_of_a_bonus_are_refused_like_an_item_s():
    text = _text() + """
[[bonuses]]
code = "加1"
title = "b"
points = 1
methd = "onsite"
criteria = [ { type = "present", kinds = ["commendation"], points = 1 } ]
"""
    (issue,) = _issues(text)
    assert issue.field == "bonuses[0](code 加1).methd"
    assert "method" in (issue.expected or "")


def test_the_problem_is_shown_with_file_line_and_column():
    text = _text(item='mehtod = "onsite"')
    issues = _issues(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("mehtod"))
    (shown,) = describe_issues(issues, text, "county.toml")
    assert shown.startswith(f"county.toml:{line}:1 [areas[0](code A).items[0](code 1).mehtod]")
    assert "did you mean / 您是否指: method" in shown


def _rubric_files() -> list[Path]:
    return sorted(ROOT.glob("rubrics/*/src/*/rubric.toml"))


def test_every_key_the_shipped_rubrics_use_is_known():
    files = _rubric_files()
    assert len(files) >= 3
    ids = set()
    for path in files:
        data = tomllib.loads(path.read_text("utf-8"))
        ids.add(data["id"])
        assert set(data) <= KNOWN_KEYS["rubric"], path
        for area in data["areas"]:
            assert set(area) <= KNOWN_KEYS["area"], path
            for item in area["items"]:
                assert set(item) <= KNOWN_KEYS["item"], path
        for veto in data.get("vetoes", []):
            assert set(veto) <= KNOWN_KEYS["veto"], path
    # and, installed, they all load through the strict loader (a strict host raises otherwise)
    assert set(PluginHost(strict=True).rubrics()) >= ids

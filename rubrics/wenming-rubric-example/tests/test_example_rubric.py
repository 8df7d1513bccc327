"""Tests of the example rubric written with wenming's test kit.

The expected points are worked out by hand from rubric.toml: item 1 is 3
points for one leading-group notice; item 2 is 4 points, one per half-year
with a moral lecture; item 3 is 3 points for one volunteer service with 20 or
more participants. The case file beside this module holds more cases.
"""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest
import wenming_rubric_example.plugin as example_plugin

from wenming.plugins import RubricSource, hookimpl
from wenming.scoring import State
from wenming.testing import DatasetBuilder, make_host, score
from wenming.testing_cases import check_rubric, load_cases, run_case

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
RUBRIC_FILE = PACKAGE_ROOT / "src" / "wenming_rubric_example" / "rubric.toml"
CASE_FILE = Path(__file__).with_name("example.cases.toml")


def test_the_rubric_document_is_valid_and_bilingual() -> None:
    assert check_rubric(RUBRIC_FILE, example_plugin) == []


def test_every_criterion_is_traced_to_its_clause() -> None:
    rubric = make_host(example_plugin).rubrics()["example"]
    trace = [(c.id, c.basis, c.interprets) for _, c in rubric.criteria()]
    assert trace == [("1.1", "seed", None), ("2.1", "choice", "定期举办道德讲堂"),
                     ("3.1", "seed", None)]
    assert all(c.source and c.source.startswith("《示例创建方案》") for _, c in rubric.criteria())


def test_without_the_plugin_the_custom_type_is_unknown() -> None:
    problems = check_rubric(RUBRIC_FILE)
    assert len(problems) == 1
    assert "unknown criterion type" in problems[0]
    assert "min-participants" in problems[0]


def test_a_turnout_below_one_is_rejected_when_the_rubric_loads() -> None:
    text = RUBRIC_FILE.read_text("utf-8").replace("participants = 20", "participants = 0")
    problems = check_rubric(text, example_plugin)
    assert any("participants must be at least 1" in p for p in problems), problems


def test_the_plugin_registers_the_rubric_and_its_criterion_type() -> None:
    host = make_host(example_plugin)
    rubric = host.rubrics()["example"]
    assert (rubric.version, rubric.total, rubric.pass_line) == ("0.1.0", 10, 6)
    assert {a.code: a.points for a in rubric.areas} == {"A": 3, "B": 7}
    assert [(i.code, i.points) for i in rubric.items()] == [("1", 3), ("2", 4), ("3", 3)]
    assert "min-participants" in host.criterion_types()


def test_the_entry_point_names_the_plugin_module() -> None:
    project = tomllib.loads((PACKAGE_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == "wenming-rubric-example"
    module = importlib.import_module(project["entry-points"]["wenming"]["example"])
    assert module is example_plugin


def test_only_records_with_enough_participants_count_as_evidence() -> None:
    dataset = (DatasetBuilder()
               .add("volunteer-service", "2020-06-01", participants=35, id="big")
               .add("volunteer-service", "2020-07-01", participants=8, id="small")
               .add("volunteer-service", "2021-05-01", unit="west", participants=21, id="west")
               .build())
    item = score(dataset, "example", "2021-12-31", example_plugin).item("3")
    assert item.state is State.MET
    assert item.points == pytest.approx(3)
    assert sorted(item.evidence) == ["big", "west"]


def test_a_rubric_can_ask_for_several_large_activities() -> None:
    # The same type with min = 2, in a rubric of our own registered next to the plugin.
    text = (RUBRIC_FILE.read_text("utf-8")
            .replace('id = "example"', 'id = "example-two"')
            .replace("participants = 20", "participants = 20\nmin = 2"))
    assert check_rubric(text, example_plugin) == []

    class TwoLarge:
        @hookimpl
        def wenming_rubrics(self) -> list[RubricSource]:
            return [RubricSource(text, "test: min = 2")]

    builder = DatasetBuilder().add("volunteer-service", "2020-06-01", participants=35)
    one = score(builder.build(), "example-two", "2021-12-31", example_plugin, TwoLarge())
    assert one.item("3").state is State.UNMET
    assert any("1 of 2" in f.en for f in one.item("3").findings)
    builder.add("volunteer-service", "2021-06-01", unit="east", participants=22)
    two = score(builder.build(), "example-two", "2021-12-31", example_plugin, TwoLarge())
    assert two.item("3").state is State.MET
    assert two.item("3").points == pytest.approx(3)


def test_every_case_in_the_case_file_passes(request: pytest.FixtureRequest) -> None:
    # With wenming's pytest plugin active the case file is collected on its
    # own, one test per case; running it here as well would only repeat it.
    from wenming import pytest_plugin

    if request.config.pluginmanager.is_registered(pytest_plugin):
        pytest.skip("example.cases.toml is collected by wenming's pytest plugin")
    cases = load_cases(CASE_FILE)
    assert len(cases) >= 10
    failures = [result.diff() for result in (run_case(case, example_plugin) for case in cases)
                if not result.ok]
    assert not failures, "\n\n".join(failures)

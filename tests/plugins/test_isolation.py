"""One broken plugin is reported and left out; the others still work (strict raises)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pytest

from tests.plugins.support import (
    FakeDist,
    FakeEntryPoint,
    fake_entry_points,
    rubric_toml,
)
from wenming.errors import PluginError, RubricError
from wenming.plugins import PluginHost, Reporter, RubricSource, hookimpl
from wenming.plugins.manager import DISABLE_ENV
from wenming.plugins.problems import describe_broken
from wenming.scoring import Scorer, State
from wenming.testing import DatasetBuilder, RubricPlugin


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DISABLE_ENV, raising=False)


class GoodRubric:
    @hookimpl
    def wenming_rubrics(self) -> Iterable[RubricSource]:
        return [RubricSource(rubric_toml("good"), "good.toml")]


BAD_KIND = rubric_toml("bad").replace('"leading-group-establishment"', '"leading-grup"')


class BadRubric:
    @hookimpl
    def wenming_rubrics(self) -> Iterable[RubricSource]:
        return [RubricSource(BAD_KIND, "bad/rubric.toml", "/site/bad/rubric.toml")]


class Exploding:
    @hookimpl
    def wenming_reporters(self) -> Iterable[Reporter]:
        raise ZeroDivisionError("kaboom")


def entry_host(monkeypatch: pytest.MonkeyPatch, *entries: FakeEntryPoint,
               strict: bool = False) -> PluginHost:
    fake_entry_points(monkeypatch, *entries)
    return PluginHost(strict=strict)


def test_an_invalid_rubric_is_left_out_and_the_others_still_score(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host = entry_host(
        monkeypatch,
        FakeEntryPoint("good", GoodRubric(), FakeDist("wenming-rubric-good", "1.0")),
        FakeEntryPoint("bad", BadRubric(), FakeDist("wenming-rubric-bad", "0.3")))
    assert list(host.rubrics()) == ["good"]
    (broken,) = host.broken()
    assert (broken.name, broken.distribution, broken.version) == ("bad", "wenming-rubric-bad",
                                                                  "0.3")
    (problem,) = broken.problems
    assert problem.stage == "rubric bad"
    assert problem.file == "/site/bad/rubric.toml"
    assert [i.message for i in problem.issues] == ["unknown evidence kind"]
    # Reported with the line and column of the bad kind (line 23 of the text, column 10).
    text = describe_broken(broken, host.criterion_types())
    assert "wenming-rubric-bad 0.3 (entry point 'bad')" in text
    assert "/site/bad/rubric.toml:23:10 [areas[0](code 一).items[0](code 1).criteria[0]" \
           ".kinds]: unknown evidence kind (got 'leading-grup')" in text
    assert "kinds.toml" in text  # how to add a kind
    # Reported once: asking again adds nothing.
    assert host.broken() == (broken,)
    data = DatasetBuilder().add("leading-group-establishment", "2020-04-20").build()
    card = Scorer(host).score(data, "good", date(2021, 12, 31))
    assert card.total == 10


def test_a_strict_host_raises_the_rubric_error(monkeypatch: pytest.MonkeyPatch) -> None:
    host = entry_host(monkeypatch, FakeEntryPoint("bad", BadRubric()), strict=True)
    with pytest.raises(RubricError, match="unknown evidence kind"):
        host.rubrics()


def test_an_import_error_is_recorded_with_the_distribution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    host = entry_host(
        monkeypatch,
        FakeEntryPoint("good", GoodRubric(), FakeDist("wenming-rubric-good", "1.0")),
        FakeEntryPoint("lxml-user", ImportError("No module named 'lxml'"),
                       FakeDist("wenming-rubric-lxml", "2.0")))
    assert list(host.rubrics()) == ["good"]
    (broken,) = host.broken()
    assert broken.provider == "wenming-rubric-lxml 2.0 (entry point 'lxml-user')"
    assert broken.problems[0].stage == "load"
    assert "No module named 'lxml'" in broken.problems[0].message
    assert isinstance(broken.problems[0].error, PluginError)
    assert [info.name for info in host.plugins()] == ["wenming", "good"]


def test_a_hook_that_raises_leaves_out_only_that_plugin() -> None:
    host = PluginHost(autoload=False)
    host.register(Exploding(), "exploding")
    assert "json" in host.reporters()  # the built-in reporters are still there
    (broken,) = host.broken()
    assert broken.problems[0].stage == "hook wenming_reporters"
    assert "kaboom" in broken.problems[0].message
    assert broken.problems[0].file is not None and broken.problems[0].file.endswith(
        "test_isolation.py:" + broken.problems[0].file.rsplit(":", 1)[1])


def test_a_misspelt_hook_in_an_installed_plugin_is_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Misspelt:
        @hookimpl
        def wenming_rubric(self) -> list[RubricSource]:
            return []

    host = entry_host(monkeypatch, FakeEntryPoint("typo", Misspelt(), FakeDist("typo", "1")),
                      FakeEntryPoint("good", GoodRubric()))
    assert [info.name for info in host.plugins()] == ["wenming", "good"]
    assert "did you mean 'wenming_rubrics'" in host.broken()[0].problems[0].message


def test_a_crashing_criterion_marks_its_item_error_and_the_rest_is_scored() -> None:
    from attrs import frozen

    from wenming.plugins import CriterionType
    from wenming.scoring import Check
    from wenming.scoring.context import EvalContext

    @frozen
    class Params:
        kinds: tuple[str, ...] = ()

    def crash(params: Params, ctx: EvalContext) -> list[Check]:
        raise RuntimeError("the plugin's own bug")

    class Crashing:
        @hookimpl
        def wenming_criterion_types(self) -> list[CriterionType]:
            return [CriterionType("crash", Params, crash)]

    text = rubric_toml("two", total=10).replace("points = 10\n\n[[areas.items]]",
                                                "points = 10\n\n[[areas.items]]")
    text += """
[[areas]]
code = "二"
title = { zh = "乙", en = "B" }
points = 5
[[areas.items]]
code = "2"
title = { zh = "崩溃", en = "Crash" }
points = 5
[[areas.items.criteria]]
type = "crash"
points = 5
kinds = ["moral-lecture"]
""".replace("total = 10", "")
    text = text.replace("total = 10", "total = 15", 1)
    host = PluginHost(autoload=False, plugins=[Crashing(), RubricPlugin(text)], strict=True)
    data = DatasetBuilder().add("leading-group-establishment", "2020-04-20").build()
    card = Scorer(host).score(data, "two", date(2021, 12, 31))
    assert card.items["2"].state is State.ERROR
    assert any("the plugin's own bug" in f.en for f in card.items["2"].findings)
    assert card.items["1"].state is State.MET
    assert card.items["1"].points == 10

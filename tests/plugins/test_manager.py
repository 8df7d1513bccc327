from __future__ import annotations

import importlib.metadata
import sys
import textwrap
import threading
import time
import types
from collections.abc import Iterable
from pathlib import Path

import pytest

from wenming.errors import PluginConflictError, PluginError, RubricError
from wenming.model.labels import Label
from wenming.model.vocabulary import EvidenceKind
from wenming.plugins import PluginHost, PluginInfo, RubricSource, hookimpl
from wenming.plugins.manager import DISABLE_ENV
from wenming.testing import RubricPlugin

from .support import (
    CriterionPlugin,
    FakeDist,
    FakeEntryPoint,
    KindPlugin,
    ReporterPlugin,
    fake_entry_points,
    require,
    rubric_toml,
    text_reporter,
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DISABLE_ENV, raising=False)


def kind(kind_id: str, zh: str, en: str, *aliases: str) -> EvidenceKind:
    return EvidenceKind(kind_id, Label(zh, en), "activity", aliases)


# -- built-ins -----------------------------------------------------------------
def test_builtin_kinds_are_registered_with_the_builtin_provider() -> None:
    host = PluginHost(autoload=False)
    vocabulary = host.vocabulary()
    assert vocabulary.resolve("leading-group-establishment") == "leading-group-establishment"
    assert len(host.evidence_kinds()) > 50
    assert {k.provider for k in host.evidence_kinds()} == {"wenming (built-in)"}
    (info,) = host.plugins()
    assert info.name == "wenming"
    assert info.provider == "wenming (built-in)"
    assert "wenming_evidence_kinds" in info.hooks
    assert "wenming_rubrics" not in info.hooks  # the core ships no rubric


def test_builtins_can_be_left_out() -> None:
    host = PluginHost(autoload=False, builtins=False)
    assert host.plugins() == ()
    assert host.evidence_kinds() == ()
    assert len(host.vocabulary()) == 0
    assert dict(host.criterion_types()) == {}
    assert dict(host.reporters()) == {}
    assert host.rubric_sources() == ()


# -- explicit plugins ------------------------------------------------------------
def test_plugin_kinds_join_the_vocabulary_with_their_provider() -> None:
    plugin = KindPlugin(kind("lantern-show", "灯会", "Lantern show", "元宵灯会"))
    host = PluginHost(autoload=False, plugins=[plugin])
    vocabulary = host.vocabulary()
    assert vocabulary.resolve("元宵灯会") == "lantern-show"
    assert vocabulary.resolve("work-plan") == "work-plan"  # built-ins still there
    provider = host.provider_of(plugin)
    assert provider == "plugin tests.plugins.support.KindPlugin"
    assert vocabulary["lantern-show"].provider == provider


def test_kind_id_clash_with_builtin_names_both_providers() -> None:
    clash = KindPlugin(kind("work-plan", "别的计划", "Other plan"))
    host = PluginHost(autoload=False, plugins=[clash], strict=True)
    with pytest.raises(PluginConflictError) as caught:
        host.vocabulary()
    error = caught.value
    assert error.what == "evidence kind"
    assert error.name == "work-plan"
    assert error.first == "wenming (built-in)"
    assert error.second.startswith("plugin ")
    assert "wenming (built-in)" in str(error) and error.second in str(error)


def test_alias_clash_between_two_plugins_names_both_providers_and_kinds() -> None:
    first = KindPlugin(kind("lantern-show", "灯会", "Lantern show", "花灯"))
    second = KindPlugin(kind("lantern-parade", "花灯巡游", "Lantern parade", "花 灯"))
    host = PluginHost(autoload=False, builtins=False, strict=True)
    host.register(first, "lanterns-a")
    host.register(second, "lanterns-b")
    with pytest.raises(PluginConflictError) as caught:
        host.evidence_kinds()
    message = str(caught.value)
    assert "plugin lanterns-a (kind 'lantern-show')" in message
    assert "plugin lanterns-b (kind 'lantern-parade')" in message


def test_a_kind_clash_leaves_the_later_plugin_out_like_any_broken_one() -> None:
    """#24: one clash between two packages must not stop every command."""
    first = KindPlugin(kind("lantern-show", "灯会", "Lantern show", "花灯"))
    second = KindPlugin(kind("lantern-parade", "花灯巡游", "Lantern parade", "花 灯"))
    host = PluginHost(autoload=False)
    host.register(first, "lanterns-a")
    host.register(second, "lanterns-b")
    kinds = host.vocabulary().kinds
    assert "lantern-show" in kinds and "lantern-parade" not in kinds
    (broken,) = host.broken()
    assert broken.name == "lanterns-b"
    assert "plugin lanterns-a (kind 'lantern-show')" in broken.problems[0].message


class _KindsAndRubric(KindPlugin):
    def __init__(self, text: str, *kinds: EvidenceKind) -> None:
        super().__init__(*kinds)
        self.text = text

    @hookimpl
    def wenming_rubrics(self) -> list[RubricSource]:
        return [RubricSource(self.text, "parade.toml")]


def test_a_plugin_whose_kinds_fail_reports_the_cause_once_not_each_unknown_kind() -> None:
    text = rubric_toml("parade").replace('"leading-group-establishment"', '"lantern-parade"')
    plugin = _KindsAndRubric(text, kind("lantern-parade", "灯会", "Lantern parade"))
    host = PluginHost(autoload=False)
    host.register(KindPlugin(kind("lantern-show", "灯会", "Lantern show")), "lanterns-a")
    host.register(plugin, "parade")
    assert "parade" not in host.rubrics()
    (broken,) = host.broken()
    stages = [p.stage for p in broken.problems]
    assert stages == ["hook wenming_evidence_kinds", "rubric parade.toml"]  # cause first
    assert "evidence kinds are broken" in broken.problems[1].message
    assert not any("unknown evidence kind" in p.message for p in broken.problems)


def test_inconsistent_kinds_within_one_plugin_name_the_plugin() -> None:
    plugin = KindPlugin(kind("a-kind", "甲", "A"), kind("a-kind", "乙", "B"))
    host = PluginHost(autoload=False, builtins=False, plugins=[], strict=True)
    host.register(plugin, "twice")
    with pytest.raises(PluginError, match="plugin twice registered inconsistent evidence kinds"):
        host.vocabulary()


def test_criterion_type_conflict_names_both_providers() -> None:
    host = PluginHost(autoload=False, builtins=False)
    host.register(CriterionPlugin("ledger-check", "unique-one"), "first-plugin")
    host.register(CriterionPlugin("ledger-check"), "second-plugin")
    with pytest.raises(PluginConflictError) as caught:
        host.criterion_types()
    error = caught.value
    assert (error.what, error.name) == ("criterion type", "ledger-check")
    assert (error.first, error.second) == ("plugin first-plugin", "plugin second-plugin")


def test_reporters_by_name_and_conflicts() -> None:
    one, two = text_reporter("plain"), text_reporter("fancy")
    host = PluginHost(autoload=False, builtins=False, plugins=[ReporterPlugin(one, two)])
    assert dict(host.reporters()) == {"plain": one, "fancy": two}
    host.register(ReporterPlugin(text_reporter("fancy")), "again")
    with pytest.raises(PluginConflictError, match="reporter 'fancy' is registered twice"):
        host.reporters()


def test_results_are_read_only_and_cached() -> None:
    host = PluginHost(autoload=False, builtins=False, plugins=[ReporterPlugin(text_reporter())])
    reporters = host.reporters()
    assert host.reporters() is reporters
    with pytest.raises(TypeError):
        reporters["other"] = text_reporter("other")  # type: ignore[index]


def test_rubric_sources_keep_their_provider() -> None:
    plugin = RubricPlugin("a = 1", "b = 2")
    host = PluginHost(autoload=False, builtins=False)
    host.register(plugin, "rubric-shop")
    assert host.rubric_sources() == tuple((s, "plugin rubric-shop") for s in plugin.sources)


def test_rubrics_are_parsed_with_their_provider() -> None:
    require("wenming.rubric", "load_rubric")
    host = PluginHost(autoload=False)
    host.register(RubricPlugin(rubric_toml("alpha"), rubric_toml("beta", version="2.0")), "shop")
    rubrics = host.rubrics()
    assert sorted(rubrics) == ["alpha", "beta"]
    assert rubrics["beta"].version == "2.0"
    assert rubrics["alpha"].provider == "plugin shop"
    assert host.rubrics() is rubrics


def test_two_rubrics_with_one_id_name_both_providers_on_a_strict_host() -> None:
    require("wenming.rubric", "load_rubric")
    host = PluginHost(autoload=False, strict=True)
    host.register(RubricPlugin(rubric_toml("same-id")), "shop-one")
    host.register(RubricPlugin(rubric_toml("same-id", version="9.9")), "shop-two")
    with pytest.raises(PluginConflictError) as caught:
        host.rubrics()
    assert caught.value.what == "rubric"
    assert (caught.value.first, caught.value.second) == ("plugin shop-one", "plugin shop-two")


def test_a_duplicate_rubric_id_is_isolated_like_a_broken_plugin() -> None:
    require("wenming.rubric", "load_rubric")
    host = PluginHost(autoload=False)
    host.register(RubricPlugin(rubric_toml("same-id"), rubric_toml("alpha")), "shop-one")
    host.register(RubricPlugin(rubric_toml("same-id", version="9.9")), "shop-two")
    # Neither copy is used (which one is meant cannot be told); the rest still is.
    assert sorted(host.rubrics()) == ["alpha"]
    broken = {b.name: b for b in host.broken()}
    assert sorted(broken) == ["shop-one", "shop-two"]
    for name, other in (("shop-one", "shop-two"), ("shop-two", "shop-one")):
        (problem,) = broken[name].problems
        assert problem.stage == "rubric same-id"
        assert f"plugin {other} also register(s)" in problem.message
    # One plugin shipping the id twice is isolated the same way.
    alone = PluginHost(autoload=False)
    alone.register(RubricPlugin(rubric_toml("twice"), rubric_toml("twice")), "shop")
    assert "twice" not in alone.rubrics()
    assert "itself, in another document" in alone.broken()[0].problems[0].message


def test_invalid_rubric_raises_rubric_error() -> None:
    require("wenming.rubric", "load_rubric")
    broken = rubric_toml("broken").replace('"leading-group-establishment"', '"no-such-kind"')
    host = PluginHost(autoload=False, plugins=[RubricPlugin(broken)], strict=True)
    with pytest.raises(RubricError):
        host.rubrics()


def test_rubrics_may_use_kinds_and_types_from_other_plugins() -> None:
    require("wenming.rubric", "load_rubric")
    text = rubric_toml("uses-plugin-kind").replace('"leading-group-establishment"',
                                                   '"lantern-show"')
    host = PluginHost(autoload=False, plugins=[
        RubricPlugin(text), KindPlugin(kind("lantern-show", "灯会", "Lantern show"))])
    assert "uses-plugin-kind" in host.rubrics()


# -- failures inside hooks -------------------------------------------------------
class Exploding:
    @hookimpl
    def wenming_reporters(self) -> Iterable[object]:
        raise ZeroDivisionError("kaboom")


def test_hook_that_raises_is_reported_with_its_provider() -> None:
    host = PluginHost(autoload=False, builtins=False, strict=True)
    host.register(Exploding(), "exploding")
    with pytest.raises(PluginError) as caught:
        host.reporters()
    assert "plugin exploding failed in hook wenming_reporters" in str(caught.value)
    assert "kaboom" in str(caught.value)
    assert isinstance(caught.value.__cause__, ZeroDivisionError)


class WrongType:
    @hookimpl
    def wenming_rubrics(self) -> Iterable[object]:
        return ["rubric.toml"]


class SingleObject:
    @hookimpl
    def wenming_rubrics(self) -> object:
        return RubricSource("id = 'x'", "x.toml")


@pytest.mark.parametrize(("plugin", "expected"), [
    (WrongType(), "returned 'rubric.toml', expected RubricSource"),
    (SingleObject(), "return a list"),
])
def test_hook_results_of_the_wrong_shape_are_rejected(plugin: object, expected: str) -> None:
    host = PluginHost(autoload=False, builtins=False, strict=True)
    host.register(plugin, "odd")
    with pytest.raises(PluginError, match=expected) as caught:
        host.rubric_sources()
    assert "plugin odd" in str(caught.value)


def test_hook_returning_none_adds_nothing() -> None:
    class Nothing:
        @hookimpl
        def wenming_reporters(self) -> None:
            return None

    host = PluginHost(autoload=False, builtins=False, plugins=[Nothing()])
    assert dict(host.reporters()) == {}


def test_generator_hooks_are_accepted() -> None:
    class Yielding:
        @hookimpl
        def wenming_reporters(self) -> Iterable[object]:
            yield text_reporter("yielded")

    host = PluginHost(autoload=False, builtins=False, plugins=[Yielding()])
    assert list(host.reporters()) == ["yielded"]


# -- registration problems -------------------------------------------------------
class Misspelled:
    @hookimpl
    def wenming_rubric(self) -> Iterable[RubricSource]:
        return []


def test_misspelled_hook_names_the_plugin_and_suggests_the_hook() -> None:
    with pytest.raises(PluginError) as caught:
        PluginHost(autoload=False, plugins=[Misspelled()])
    message = str(caught.value)
    assert "'wenming_rubric'" in message
    assert "did you mean 'wenming_rubrics'" in message
    assert "Misspelled" in message


def test_register_with_misspelled_hook_leaves_the_host_unchanged() -> None:
    host = PluginHost(autoload=False, builtins=False)
    with pytest.raises(PluginError, match="unknown hook"):
        host.register(Misspelled(), "typo")
    assert host.plugins() == ()
    host.register(RubricPlugin("a = 1"), "typo")  # the name is free again


def test_unmarked_hook_function_is_an_error() -> None:
    module = types.ModuleType("forgot_the_marker")

    def wenming_rubrics() -> list[RubricSource]:
        return []

    module.wenming_rubrics = wenming_rubrics  # type: ignore[attr-defined]
    with pytest.raises(PluginError, match=r"wenming_rubrics\(\) but does not mark it"):
        PluginHost(autoload=False, plugins=[module])


def test_hook_wrappers_are_refused() -> None:
    class Wrapper:
        @hookimpl(wrapper=True)
        def wenming_reporters(self) -> Iterable[object]:
            result = yield
            return result

    host = PluginHost(autoload=False, builtins=False)
    with pytest.raises(PluginError, match="hook wrapper"):
        host.register(Wrapper(), "wrapper")
    assert host.plugins() == ()


def test_a_module_plugin_is_named_after_the_module() -> None:
    module = types.ModuleType("tidy_plugin")

    @hookimpl
    def wenming_reporters() -> list[object]:
        return [text_reporter("tidy")]

    module.wenming_reporters = wenming_reporters  # type: ignore[attr-defined]
    host = PluginHost(autoload=False, builtins=False, plugins=[module])
    assert host.provider_of(module) == "plugin tidy_plugin"
    assert host.plugins()[0].hooks == ("wenming_reporters",)


def test_two_instances_of_one_class_get_distinct_names() -> None:
    plugins = [ReporterPlugin(text_reporter("a")), ReporterPlugin(text_reporter("b"))]
    host = PluginHost(autoload=False, builtins=False, plugins=plugins)
    names = [info.name for info in host.plugins()]
    assert len(set(names)) == 2
    assert sorted(host.reporters()) == ["a", "b"]


def test_explicit_name_clash_names_both() -> None:
    host = PluginHost(autoload=False, builtins=False)
    host.register(ReporterPlugin(), "same")
    with pytest.raises(PluginConflictError, match="plugin 'same' is registered twice"):
        host.register(ReporterPlugin(), "same")


def test_registering_later_drops_cached_results() -> None:
    host = PluginHost(autoload=False)
    before = len(host.vocabulary())
    host.register(KindPlugin(kind("lantern-show", "灯会", "Lantern show")), "late")
    assert len(host.vocabulary()) == before + 1


def test_provider_of_an_unknown_object_is_a_key_error() -> None:
    host = PluginHost(autoload=False, builtins=False)
    with pytest.raises(KeyError):
        host.provider_of(object())


# -- entry points ----------------------------------------------------------------
def rubric_module(name: str) -> types.ModuleType:
    module = types.ModuleType(name)

    @hookimpl
    def wenming_reporters() -> list[object]:
        return [text_reporter(name.replace("_", "-"))]

    module.wenming_reporters = wenming_reporters  # type: ignore[attr-defined]
    return module


def test_entry_points_are_loaded_with_their_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    module = rubric_module("from_entry_point")
    calls = fake_entry_points(monkeypatch, FakeEntryPoint(
        "municipal-plan", module, FakeDist("wenming-rubric-municipal-plan", "0.1.0")))
    host = PluginHost()
    assert calls == [{"group": "wenming"}]
    assert host.provider_of(module) == (
        "wenming-rubric-municipal-plan 0.1.0 (entry point 'municipal-plan')")
    info = host.plugins()[-1]
    assert info == PluginInfo("municipal-plan", host.provider_of(module),
                              "wenming-rubric-municipal-plan", "0.1.0", ("wenming_reporters",))


def test_broken_entry_point_names_entry_point_and_distribution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good = FakeEntryPoint("fine", rubric_module("fine_plugin"), FakeDist("wenming-fine", "1.0"))
    broken = FakeEntryPoint("municipal-plan", ImportError("No module named 'lxml'"),
                            FakeDist("wenming-rubric-municipal-plan", "0.1.0"))
    fake_entry_points(monkeypatch, good, broken)
    with pytest.raises(PluginError) as caught:
        PluginHost(strict=True)
    message = str(caught.value)
    assert "'municipal-plan'" in message
    assert "wenming-rubric-municipal-plan 0.1.0" in message
    assert "No module named 'lxml'" in message
    assert f"{DISABLE_ENV}=municipal-plan" in message
    assert isinstance(caught.value.__cause__, ImportError)


def test_real_entry_point_to_a_missing_module(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = importlib.metadata.EntryPoint("ghost", "wenming_tests_no_such_module:plugin", "wenming")
    fake_entry_points(monkeypatch, entry)
    with pytest.raises(PluginError, match="entry point 'ghost'") as caught:
        PluginHost(strict=True)
    assert isinstance(caught.value.__cause__, ModuleNotFoundError)


def test_autoload_off_does_not_look_at_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = fake_entry_points(monkeypatch, FakeEntryPoint("boom", ImportError("should not load")))
    host = PluginHost(autoload=False)
    assert calls == []
    assert [info.name for info in host.plugins()] == ["wenming"]


def test_disable_env_skips_named_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = FakeEntryPoint("broken", ImportError("bad"), FakeDist("wenming-broken", "0.0.1"))
    good = FakeEntryPoint("good", rubric_module("good_plugin"), FakeDist("wenming-good", "1.0"))
    fake_entry_points(monkeypatch, broken, good)
    monkeypatch.setenv(DISABLE_ENV, " other , broken ")
    host = PluginHost()
    assert broken.loaded == 0
    assert host.disabled == ("broken",)
    assert [info.name for info in host.plugins()] == ["wenming", "good"]


def test_disable_env_accepts_distribution_names(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = FakeEntryPoint("broken", ImportError("bad"), FakeDist("Wenming-Broken", "0.0.1"))
    fake_entry_points(monkeypatch, broken)
    monkeypatch.setenv(DISABLE_ENV, "wenming-broken")
    assert PluginHost().disabled == ("broken",)


def test_disable_env_star_skips_every_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    entries = [FakeEntryPoint("a", ImportError("a")), FakeEntryPoint("b", ImportError("b"))]
    fake_entry_points(monkeypatch, *entries)
    monkeypatch.setenv(DISABLE_ENV, "*")
    host = PluginHost()
    assert [e.loaded for e in entries] == [0, 0]
    assert host.disabled == ("a", "b")
    assert [info.name for info in host.plugins()] == ["wenming"]  # built-ins stay


def test_misspelled_hook_in_entry_point_names_the_distribution(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_entry_points(monkeypatch, FakeEntryPoint("typo", Misspelled(), FakeDist("wenming-typo",
                                                                                 "2.1")))
    with pytest.raises(PluginError, match=r"wenming-typo 2\.1 \(entry point 'typo'\) implements "
                                          r"unknown hook 'wenming_rubric'"):
        PluginHost(strict=True)


def test_same_entry_point_name_from_two_distributions(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_entry_points(
        monkeypatch,
        FakeEntryPoint("rubric", rubric_module("one_plugin"), FakeDist("wenming-one", "1.0")),
        FakeEntryPoint("rubric", rubric_module("two_plugin"), FakeDist("wenming-two", "2.0")),
    )
    with pytest.raises(PluginConflictError) as caught:
        PluginHost()
    assert caught.value.first == "wenming-one 1.0 (entry point 'rubric')"
    assert caught.value.second == "wenming-two 2.0 (entry point 'rubric')"


def test_one_module_behind_two_entry_points_is_registered_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    module = rubric_module("shared_plugin")
    fake_entry_points(monkeypatch, FakeEntryPoint("one", module), FakeEntryPoint("two", module))
    host = PluginHost(builtins=False)
    assert [info.name for info in host.plugins()] == ["one"]
    assert list(host.reporters()) == ["shared-plugin"]


def test_installed_distribution_is_found_through_real_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A real (if tiny) installed distribution: a dist-info folder on sys.path.
    (tmp_path / "wm_demo_plugin.py").write_text(textwrap.dedent("""
        from wenming.plugins import Reporter, hookimpl

        @hookimpl
        def wenming_reporters():
            return [Reporter("demo", lambda cards, lang="en": "demo")]
    """), encoding="utf-8")
    info = tmp_path / "wenming_demo-0.3.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: wenming-demo\nVersion: 0.3.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text("[wenming]\ndemo = wm_demo_plugin\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "wm_demo_plugin", raising=False)
    host = PluginHost(builtins=False)
    demo = [p for p in host.plugins() if p.name == "demo"]
    assert demo == [PluginInfo("demo", "wenming-demo 0.3.0 (entry point 'demo')", "wenming-demo",
                               "0.3.0", ("wenming_reporters",))]
    assert "demo" in host.reporters()


# -- threads -----------------------------------------------------------------------
def test_concurrent_readers_compute_once() -> None:
    calls: list[int] = []

    class Slow:
        @hookimpl
        def wenming_evidence_kinds(self) -> list[EvidenceKind]:
            calls.append(1)
            time.sleep(0.05)
            return [kind("slow-kind", "慢", "Slow")]

    host = PluginHost(autoload=False, plugins=[Slow()])
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(host.vocabulary()))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(results) == 8 and all(r is results[0] for r in results)

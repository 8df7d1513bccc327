"""Small plugins and fake entry points shared by the plugin-host and CLI tests."""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pytest
from attrs import frozen

from wenming.model.labels import Label
from wenming.model.vocabulary import EvidenceKind, base_kinds
from wenming.plugins import CriterionType, Reporter, builtins, hookimpl


def require(module: str, name: str) -> Any:
    """``module.name``, or skip the test while that part of wenming is still being written."""
    loaded = pytest.importorskip(module)
    if not hasattr(loaded, name):
        pytest.skip(f"{module}.{name} is not written yet")
    return getattr(loaded, name)


def rubric_toml(rubric_id: str = "test-rubric", *, version: str = "1.2.0",
                zh: str = "测试细则", en: str = "Test rubric", total: int = 10) -> str:
    """A minimal valid rubric: one area, one item, one ``present`` criterion."""
    return f"""
schema = 1
id = "{rubric_id}"
version = "{version}"
title = {{ zh = "{zh}", en = "{en}" }}
issuer = {{ zh = "测试机关", en = "Test issuer" }}
level = "municipal"
total = {total}

[[areas]]
code = "一"
title = {{ zh = "组织领导", en = "Leadership" }}
points = {total}

[[areas.items]]
code = "1"
title = {{ zh = "成立领导小组", en = "Leading group set up" }}
points = {total}

[[areas.items.criteria]]
type = "present"
points = {total}
kinds = ["leading-group-establishment"]
"""


class CoreWithoutReporters:
    """The built-in kinds and criterion types, without the built-in reporters.

    CLI tests use their own reporters, so they should neither depend on nor
    clash with the real ones.
    """

    @hookimpl
    def wenming_evidence_kinds(self) -> Iterable[EvidenceKind]:
        return base_kinds()

    @hookimpl
    def wenming_criterion_types(self) -> Iterable[CriterionType]:
        return builtins.wenming_criterion_types()


class KindPlugin:
    """Adds evidence kinds."""

    def __init__(self, *kinds: EvidenceKind) -> None:
        self.kinds = kinds

    @hookimpl
    def wenming_evidence_kinds(self) -> Iterable[EvidenceKind]:
        return self.kinds


def _no_params(params: object, ctx: object, /) -> Sequence[Any]:
    return ()


@frozen
class NoParams:
    pass


def criterion_type(name: str) -> CriterionType:
    return CriterionType(name, NoParams, _no_params, Label("测试", "test"))


class CriterionPlugin:
    def __init__(self, *names: str) -> None:
        self.types = [criterion_type(name) for name in names]

    @hookimpl
    def wenming_criterion_types(self) -> Iterable[CriterionType]:
        return self.types


class ReporterPlugin:
    """Adds reporters; ``render`` records what it was given."""

    def __init__(self, *reporters: Reporter) -> None:
        self.reporters = reporters

    @hookimpl
    def wenming_reporters(self) -> Iterable[Reporter]:
        return self.reporters


def text_reporter(name: str = "plain", render: Callable[..., str | bytes] | None = None,
                  *, binary: bool = False) -> Reporter:
    def count(report: Any, lang: str = "en") -> str:
        return f"{len(report.cards)} cards in {lang}\n"

    return Reporter(name, render or count,
                    Label("测试输出", "test output"), binary=binary,
                    suffix=".bin" if binary else ".txt")


@frozen
class FakeDist:
    name: str
    version: str


class FakeEntryPoint:
    """Quacks like :class:`importlib.metadata.EntryPoint` for the host's needs."""

    group = "wenming"

    def __init__(self, name: str, target: object, dist: FakeDist | None = None) -> None:
        self.name = name
        self.value = f"fake_{name.replace('-', '_')}:plugin"
        self.dist = dist
        self._target = target
        self.loaded = 0

    def load(self) -> object:
        self.loaded += 1
        if isinstance(self._target, BaseException):
            raise self._target
        return self._target


def fake_entry_points(monkeypatch: pytest.MonkeyPatch, *entries: object) -> list[dict[str, Any]]:
    """Make ``importlib.metadata.entry_points`` return ``entries``; returns the calls seen."""
    calls: list[dict[str, Any]] = []

    def entry_points(**kwargs: Any) -> list[object]:
        calls.append(kwargs)
        return list(entries) if kwargs.get("group") == "wenming" else []

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    return calls

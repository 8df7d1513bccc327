"""A rubric package whose kinds.toml is wrong (#24, points 12, 15, 23): each problem at its
line, the cause before its consequences, and locations in the plugin, not the stdlib."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.support import rubric_toml
from wenming.model import EvidenceKind
from wenming.plugins import PluginHost, RubricSource, hookimpl, kinds_from_package
from wenming.plugins.problems import describe_broken

KINDS = """\
[[kind]]
id = "river-patrol"
zh = "河湖巡查"
en = "River patrol"
category = "activty"

[[kind]]
id = "river-report"
en = "River report"
"""


@pytest.fixture
def package(tmp_path: Path) -> Iterator[str]:
    root = tmp_path / "river_pkg"
    root.mkdir()
    (root / "__init__.py").write_text("", "utf-8")
    (root / "kinds.toml").write_text(KINDS, "utf-8")
    sys.path.insert(0, str(tmp_path))
    yield "river_pkg"
    sys.path.remove(str(tmp_path))
    sys.modules.pop("river_pkg", None)


class RiverPlugin:
    def __init__(self, package: str) -> None:
        self.package = package

    @hookimpl
    def wenming_evidence_kinds(self) -> list[EvidenceKind]:
        return kinds_from_package(self.package)

    @hookimpl
    def wenming_rubrics(self) -> list[RubricSource]:
        text = rubric_toml("river").replace('"leading-group-establishment"', '"river-patrol"')
        return [RubricSource(text, "river.toml")]


def test_each_kind_problem_has_its_line_and_the_rubric_is_one_consequence(package: str) -> None:
    host = PluginHost(autoload=False, plugins=[RiverPlugin(package)])
    assert "river" not in host.rubrics()
    (broken,) = host.broken()
    first, second = broken.problems
    assert first.stage == "hook wenming_evidence_kinds"
    located = {(i.line, i.field) for i in first.issues}
    assert located == {(1, "kind[1].category"), (7, "kind[2].zh")}
    assert any("did you mean activity" in (i.expected or "") for i in first.issues)
    assert second.stage == "rubric river.toml" and "evidence kinds are broken" in second.message
    text = describe_broken(broken)
    assert "unknown evidence kind" not in text
    assert text.index("kind[1].category") < text.index("evidence kinds are broken")


class TomlPlugin:
    """Parses its own (broken) kinds text: tomllib raises on the plugin's behalf."""

    @hookimpl
    def wenming_evidence_kinds(self) -> list[EvidenceKind]:
        tomllib.loads("[[kind]\nid = 1")  # the plugin's line
        return []


def test_a_broken_plugin_is_located_in_its_own_file_not_the_standard_library() -> None:
    host = PluginHost(autoload=False, plugins=[TomlPlugin()])
    host.vocabulary()
    (broken,) = host.broken()
    where = broken.problems[0].file or ""
    assert where.startswith(__file__), where
    assert "tomllib" not in where

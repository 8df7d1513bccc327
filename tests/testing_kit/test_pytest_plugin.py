"""The pytest plugin, run in a separate pytest process on a project made for the test.

Plugin autoloading is switched off in the child and the plugin is named with
``-p``, so the result is the same whether or not wenming is installed with its
``pytest11`` entry point.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PLUGIN = '''\
from wenming.plugins import RubricSource, hookimpl

TEXT = """
schema = 1
id = "tiny"
version = "1"
title = { zh = "小细则", en = "Tiny rubric" }
level = "other"
total = 2
[[areas]]
code = "A"
title = { zh = "甲", en = "A" }
points = 2
[[areas.items]]
code = "1"
title = { zh = "道德讲堂", en = "Moral lecture" }
points = 2
[[areas.items.criteria]]
type = "present"
points = 2
kinds = ["moral-lecture"]
"""


@hookimpl
def wenming_rubrics():
    return [RubricSource(TEXT, "tiny_plugin")]
'''

CASES = """\
plugins = ["tiny_plugin"]
rubric = "tiny"
as_of = "2021-12-31"

[[case]]
name = "a lecture earns the item"
rows = [{ kind = "moral-lecture", date = "2020-05-10" }]
[case.expect]
items = { "1" = { state = "met", points = 2 } }

[[case]]
name = "deliberately wrong"
[case.expect]
total = 2
"""

FIXTURES_TEST = """\
import tiny_plugin
import pytest
from wenming.plugins import PluginHost
from wenming.testing import DatasetBuilder


def test_host_is_fresh(wenming_host):
    assert isinstance(wenming_host, PluginHost)
    assert set(wenming_host.rubrics()) == {"tiny"}  # from the conftest, nothing installed
    assert [p.name for p in wenming_host.plugins()][0] == "wenming"


def test_builder_is_fresh(dataset_builder):
    assert isinstance(dataset_builder, DatasetBuilder)
    assert len(dataset_builder.add("moral-lecture", "2020-05-10").build()) == 1


def test_builder_again(dataset_builder):
    assert len(dataset_builder.build()) == 0
"""

CONFTEST = """\
import pytest
import tiny_plugin


@pytest.fixture
def wenming_plugins():
    return [tiny_plugin]
"""


def run_pytest(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    paths = [str(root), str(REPO / "src"), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    env.pop("PYTEST_ADDOPTS", None)
    # Under CI pytest stops truncating the short summary, which then repeats each
    # failure's whole message; the inner run should print as it does on a desk.
    env.pop("CI", None)
    env.pop("BUILD_NUMBER", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "wenming.pytest_plugin", "-p", "no:cacheprovider",
         "--rootdir", str(root), "-c", str(root / "pytest.ini"), *args, str(root)],
        cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)


def counts(output: str) -> dict[str, int]:
    summary = output.strip().splitlines()[-1]
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|errors?|skipped)",
                                                   summary)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", "utf-8")
    (tmp_path / "tiny_plugin.py").write_text(PLUGIN, "utf-8")
    return tmp_path


def test_case_files_are_collected_one_item_per_case(project: Path) -> None:
    (project / "tiny.cases.toml").write_text(CASES, "utf-8")
    (project / "other.toml").write_text(CASES, "utf-8")  # not a case file: ignored
    result = run_pytest(project, "-v")
    assert counts(result.stdout) == {"passed": 1, "failed": 1}, result.stdout
    assert "tiny.cases.toml::a lecture earns the item PASSED" in result.stdout
    assert "tiny.cases.toml::deliberately wrong FAILED" in result.stdout
    # The failure is the readable diff, not a traceback into the plugin.
    assert "case 'deliberately wrong' (" in result.stdout
    assert re.search(r"total\s+2\s+0", result.stdout)
    assert "Traceback" not in result.stdout and "pytest_plugin.py" not in result.stdout


def test_a_broken_case_file_fails_as_tests_naming_the_problem(project: Path) -> None:
    (project / "broken.cases.toml").write_text(
        'rubric = "tiny"\n[[case]]\nname = "x"\n[case.expect]\ntotal = 1\n', "utf-8")
    (project / "unimportable.cases.toml").write_text(
        'plugins = ["not_a_module_anywhere"]\n' + CASES.split("\n", 1)[1], "utf-8")
    (project / "test_other.py").write_text("def test_other():\n    pass\n", "utf-8")
    result = run_pytest(project)
    # The unreadable file is one failing test; the other's plugins are one failing test and
    # each of its cases fails in a line pointing at it; collection goes on to the other files.
    assert counts(result.stdout) == {"failed": 4, "passed": 1}, result.stdout
    assert "broken.cases.toml:2 [case[0].as_of]: no as-of date given" in result.stdout
    assert "not_a_module_anywhere" in result.stdout
    assert "Interrupted" not in result.stdout


def test_fixtures_give_fresh_hosts_and_builders(project: Path) -> None:
    (project / "conftest.py").write_text(CONFTEST, "utf-8")
    (project / "test_fixtures.py").write_text(textwrap.dedent(FIXTURES_TEST), "utf-8")
    result = run_pytest(project)
    assert counts(result.stdout) == {"passed": 3}, result.stdout + result.stderr


def test_without_an_override_the_host_has_only_the_builtins(project: Path) -> None:
    (project / "test_plain.py").write_text(
        "def test_plain(wenming_host):\n"
        "    assert dict(wenming_host.rubrics()) == {}\n"
        "    assert [p.name for p in wenming_host.plugins()] == ['wenming']\n", "utf-8")
    result = run_pytest(project)
    assert counts(result.stdout) == {"passed": 1}, result.stdout + result.stderr


def test_an_invalid_rubric_fails_its_cases_with_located_errors(project: Path) -> None:
    broken = PLUGIN.replace('kinds = ["moral-lecture"]', 'kinds = ["moral-lectur"]')
    (project / "tiny_plugin.py").write_text(broken, "utf-8")
    (project / "tiny.cases.toml").write_text(CASES, "utf-8")
    (project / "test_other.py").write_text("def test_other():\n    pass\n", "utf-8")
    result = run_pytest(project)
    assert counts(result.stdout) == {"failed": 3, "passed": 1}, result.stdout
    # Line 19 of the rubric text, column 10: the bad kind itself — once, not once per case.
    block = ("tiny_plugin:19:10 [areas[0](code A).items[0](code 1).criteria[0].kinds]: "
             "unknown evidence kind (got 'moral-lectur')")
    assert result.stdout.count(block) == 1, result.stdout
    assert result.stdout.count("not run: the plugins of tiny.cases.toml cannot be used") == 2
    assert "Interrupted" not in result.stdout


def test_the_builder_fixture_knows_the_kinds_of_wenming_plugins(project: Path) -> None:
    (project / "lanterns.py").write_text(
        "from wenming.model import EvidenceKind, Label\nfrom wenming.plugins import hookimpl\n"
        "@hookimpl\ndef wenming_evidence_kinds():\n"
        "    return [EvidenceKind('lantern-show', Label('灯会', 'Lantern show'), 'activity')]\n",
        "utf-8")
    (project / "conftest.py").write_text(
        "import pytest\nimport lanterns\n"
        "@pytest.fixture\ndef wenming_plugins():\n    return [lanterns]\n", "utf-8")
    (project / "test_lanterns.py").write_text(
        "def test_it(dataset_builder):\n"
        "    data = dataset_builder.add('灯会', '2020-06-01').build()\n"
        "    assert data.evidence[0].kind == 'lantern-show'\n", "utf-8")
    result = run_pytest(project)
    assert counts(result.stdout) == {"passed": 1}, result.stdout + result.stderr

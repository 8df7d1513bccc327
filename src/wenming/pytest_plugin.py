"""pytest plugin for rubric authors: fixtures, and case files collected as tests.

Installed with wenming (entry point ``wenming`` in the ``pytest11`` group),
or enabled by hand with ``-p wenming.pytest_plugin``. It gives:

* ``wenming_host`` — a fresh :class:`~wenming.plugins.PluginHost` with the
  built-ins and the modules of ``wenming_plugins``, autoload off, so installed
  plugins never leak into a test;
* ``wenming_plugins`` — the plugin modules ``wenming_host`` registers; empty
  unless a ``conftest.py`` overrides it;
* ``dataset_builder`` — a fresh :class:`~wenming.testing.DatasetBuilder`
  that knows the evidence kinds of ``wenming_host``'s plugins;
* collection of ``*.cases.toml`` files: each ``[[case]]`` is a test item,
  scored with the plugin modules the file names in ``plugins = [...]``
  (see :mod:`wenming.testing.cases`). A failing case reports what differs.
  A case file that cannot be read, or whose plugins or rubric are broken,
  gives failing tests with the located problems; it never stops the
  collection of the other files.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from wenming.errors import WenmingError
from wenming.plugins import PluginHost
from wenming.plugins.problems import describe_broken
from wenming.testing import (
    CASE_FILE_SUFFIX,
    Case,
    CaseResult,
    DatasetBuilder,
    import_plugins,
    load_cases,
    make_host,
    run_case,
)

__all__ = [
    "CaseFile",
    "CaseItem",
    "CaseMismatch",
    "CaseProblem",
    "dataset_builder",
    "pytest_collect_file",
    "wenming_host",
    "wenming_plugins",
]


@pytest.fixture
def wenming_plugins() -> Sequence[ModuleType | object]:
    """Plugin modules for ``wenming_host``; override in a conftest to add your own."""
    return ()


@pytest.fixture
def wenming_host(wenming_plugins: Sequence[ModuleType | object]) -> PluginHost:
    """A fresh plugin host: built-ins on, autoload off, plus ``wenming_plugins``."""
    return make_host(*wenming_plugins)


@pytest.fixture
def dataset_builder(wenming_host: PluginHost) -> DatasetBuilder:
    """A fresh builder of the standard small test system (see :class:`DatasetBuilder`).

    It knows the evidence kinds of ``wenming_host`` — wenming's and those of
    ``wenming_plugins`` — so rows may use kinds your plugin adds.
    """
    return DatasetBuilder().with_vocabulary(wenming_host.vocabulary())


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> CaseFile | None:
    if file_path.name.endswith(CASE_FILE_SUFFIX):
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseMismatch(AssertionError):
    """A case whose scorecard differs from what the case file expects."""

    def __init__(self, result: CaseResult) -> None:
        super().__init__(result.diff())
        self.result = result


class CaseProblem(AssertionError):
    """A case that cannot run: its file, its plugins or its rubric are broken."""


class CaseFile(pytest.File):
    """A ``*.cases.toml`` file; its cases share one host built from its ``plugins``."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            cases = load_cases(self.path)
        except WenmingError as error:
            # One failing test naming the file's problems; the other files still collect.
            yield CaseItem.from_parent(self, name="case file", case=None, host=None,
                                       problem=str(error))
            return
        host: PluginHost | None = None
        problem: str | None = None
        try:
            names = cases[0].plugins if cases else ()
            modules = import_plugins(names, origin=str(self.path))
            host = PluginHost(autoload=False, plugins=modules)
            broken = host.broken()
            if broken:
                types = host.criterion_types()
                problem = "\n\n".join(describe_broken(b, types) for b in broken)
                host = None
        except WenmingError as error:
            problem, host = str(error), None
        if problem is not None:
            # The block once, as its own test; each case then fails in one line pointing at
            # it, rather than repeating the same block for every case of the file.
            yield CaseItem.from_parent(self, name="plugins", case=None, host=None,
                                       problem=problem)
            problem = (f"not run: the plugins of {self.path.name} cannot be used; see the "
                       f"test {self.path.name}::plugins / 插件有误，用例未运行")
        for case in cases:
            yield CaseItem.from_parent(self, name=case.name, case=case, host=host,
                                       problem=problem)


class CaseItem(pytest.Item):
    """One ``[[case]]`` of a case file (or the file itself, when it cannot be read)."""

    def __init__(self, *, case: Case | None, host: PluginHost | None,
                 problem: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.host = host
        self.problem = problem

    def runtest(self) -> None:
        if self.problem is not None or self.case is None or self.host is None:
            raise CaseProblem(self.problem or "the case cannot run")
        result = run_case(self.case, host=self.host)
        if not result.ok:
            raise CaseMismatch(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | Any:
        if isinstance(excinfo.value, CaseMismatch):
            return excinfo.value.result.diff()
        if isinstance(excinfo.value, CaseProblem):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        if self.case is None:
            return self.path, None, self.name if self.name == "plugins" else "case file"
        line = self.case.line - 1 if self.case.line is not None else None
        return self.path, line, f"case: {self.case.name}"

"""pytest plugin for rubric authors: fixtures, and case files collected as tests.

Installed with wenming (entry point ``wenming`` in the ``pytest11`` group),
or enabled by hand with ``-p wenming.pytest_plugin``. It gives:

* ``wenming_host`` — a fresh :class:`~wenming.plugins.PluginHost` with the
  built-ins and the modules of ``wenming_plugins``, autoload off, so installed
  plugins never leak into a test;
* ``wenming_plugins`` — the plugin modules ``wenming_host`` registers; empty
  unless a ``conftest.py`` overrides it;
* ``dataset_builder`` — a fresh :class:`~wenming.testing.DatasetBuilder`;
* collection of ``*.cases.toml`` files: each ``[[case]]`` is a test item,
  scored with the plugin modules the file names in ``plugins = [...]``
  (see :mod:`wenming.testing_cases`). A failing case reports what differs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from wenming.errors import WenmingError
from wenming.plugins import PluginHost
from wenming.testing import DatasetBuilder, make_host
from wenming.testing_cases import (
    CASE_FILE_SUFFIX,
    Case,
    CaseResult,
    import_plugins,
    load_cases,
    run_case,
)

__all__ = [
    "CaseFile",
    "CaseItem",
    "CaseMismatch",
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
def dataset_builder() -> DatasetBuilder:
    """A fresh builder of the standard small test system (see :class:`DatasetBuilder`)."""
    return DatasetBuilder()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> CaseFile | None:
    if file_path.name.endswith(CASE_FILE_SUFFIX):
        return CaseFile.from_parent(parent, path=file_path)
    return None


class CaseMismatch(AssertionError):
    """A case whose scorecard differs from what the case file expects."""

    def __init__(self, result: CaseResult) -> None:
        super().__init__(result.diff())
        self.result = result


class CaseFile(pytest.File):
    """A ``*.cases.toml`` file; its cases share one host built from its ``plugins``."""

    def collect(self) -> Iterator[CaseItem]:
        try:
            cases = load_cases(self.path)
            names = cases[0].plugins if cases else ()
            modules = import_plugins(names, origin=str(self.path))
            host = make_host(*modules)
            host.rubrics()  # an invalid rubric is the file's problem, reported once
        except WenmingError as error:
            # A message, not a traceback through the loader: the file is what to fix.
            raise self.CollectError(str(error)) from error
        for case in cases:
            yield CaseItem.from_parent(self, name=case.name, case=case, host=host)


class CaseItem(pytest.Item):
    """One ``[[case]]`` of a case file."""

    def __init__(self, *, case: Case, host: PluginHost, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.host = host

    def runtest(self) -> None:
        result = run_case(self.case, host=self.host)
        if not result.ok:
            raise CaseMismatch(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | Any:
        if isinstance(excinfo.value, CaseMismatch):
            return excinfo.value.result.diff()
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.case.line - 1 if self.case.line is not None else None
        return self.path, line, f"case: {self.case.name}"

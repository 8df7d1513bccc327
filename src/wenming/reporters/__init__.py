"""The reporters wenming ships: every report in tables, Markdown, JSON, HTML, XLSX, CSV.

Each is a :class:`~wenming.plugins.Reporter` whose ``render(report, lang)``
accepts a :class:`~wenming.reports.ScoreReport` (or a plain list of
scorecards), :class:`~wenming.reports.GapList`,
:class:`~wenming.reports.Comparison` or :class:`~wenming.reports.Timeline`;
``csv`` renders only the rectification list. They are registered through
the ``wenming_reporters`` hook like any plugin's, as the stand-ins of
:mod:`wenming.reporters.builtin`, which import a reporter when it first
renders (#22). The names below are resolved on first use (PEP 562); asking
for any of them imports every reporter and registers the progress reports
(trend, agenda, what-if, plan) with them, as importing this package did.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from wenming.reporters.builtin import BUILTIN_REPORTERS

if TYPE_CHECKING:
    from wenming.reporters._rows import UnsupportedReportError, as_report
    from wenming.reporters.csv_format import CSV
    from wenming.reporters.html import HTML
    from wenming.reporters.json_format import JSON
    from wenming.reporters.markdown import MARKDOWN
    from wenming.reporters.table import TABLE
    from wenming.reporters.xlsx import XLSX

_LAZY: dict[str, str] = {
    "UnsupportedReportError": "wenming.reporters._rows",
    "as_report": "wenming.reporters._rows",
    "CSV": "wenming.reporters.csv_format",
    "HTML": "wenming.reporters.html",
    "JSON": "wenming.reporters.json_format",
    "MARKDOWN": "wenming.reporters.markdown",
    "TABLE": "wenming.reporters.table",
    "XLSX": "wenming.reporters.xlsx",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:  # a submodule (``from wenming.reporters import xlsx``) is imported then
        raise AttributeError(f"module 'wenming.reporters' has no attribute {name!r}")
    import_module("wenming.reporters.progress")  # registers the progress reports
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "BUILTIN_REPORTERS",
    "CSV",
    "HTML",
    "JSON",
    "MARKDOWN",
    "TABLE",
    "XLSX",
    "UnsupportedReportError",
    "as_report",
]

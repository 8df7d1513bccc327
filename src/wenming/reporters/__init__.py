"""The reporters wenming ships: every report in tables, Markdown, JSON, HTML, XLSX, CSV.

Each is a :class:`~wenming.plugins.Reporter` whose ``render(report, lang)``
accepts a :class:`~wenming.reports.ScoreReport` (or a plain list of
scorecards), :class:`~wenming.reports.GapList`,
:class:`~wenming.reports.Comparison` or :class:`~wenming.reports.Timeline`;
``csv`` renders only the rectification list. They are registered through
the ``wenming_reporters`` hook like any plugin's.
"""

from wenming.plugins.types import Reporter

# Registers the trend, agenda, what-if and plan reports with the built-in reporters.
from wenming.reporters import progress as _progress  # noqa: F401
from wenming.reporters._rows import UnsupportedReportError, as_report
from wenming.reporters.csv_format import CSV
from wenming.reporters.html import HTML
from wenming.reporters.json_format import JSON
from wenming.reporters.markdown import MARKDOWN
from wenming.reporters.table import TABLE
from wenming.reporters.xlsx import XLSX

BUILTIN_REPORTERS: tuple[Reporter, ...] = (TABLE, MARKDOWN, JSON, CSV, HTML, XLSX)

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

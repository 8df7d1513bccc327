"""The built-in reporters as the plugin host lists them, each imported when it first renders.

``wenming score`` draws one format, yet the reporters' modules bring openpyxl
and Jinja2 with them; listing the formats (``--format`` choices, the host's
``reporters()``) needs only their names. So :data:`BUILTIN_REPORTERS` holds
stand-ins with each reporter's name, summary, suffix and kind of output, whose
``render`` and ``stream`` import the real reporter on first call (#22).
``tests/cli/test_startup.py`` checks every stand-in against its reporter.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from wenming.model.labels import Label
from wenming.plugin_types import Reporter

__all__ = ["BUILTIN_REPORTERS", "real_reporter"]

#: Where each built-in reporter lives: ``module:attribute``.
_WHERE: dict[str, str] = {
    "table": "wenming.reporters.table:TABLE",
    "markdown": "wenming.reporters.markdown:MARKDOWN",
    "json": "wenming.reporters.json_format:JSON",
    "csv": "wenming.reporters.csv_format:CSV",
    "html": "wenming.reporters.html:HTML",
    "xlsx": "wenming.reporters.xlsx:XLSX",
}


def real_reporter(name: str, report: object = None) -> Reporter:
    """The reporter ``name`` itself, ready to draw ``report``."""
    if _is_progress(report):
        # Importing this package registers the progress reports with every format.
        import_module("wenming.reporters.progress")
    module, _, attribute = _WHERE[name].partition(":")
    found: Reporter = getattr(import_module(module), attribute)
    return found


def _is_progress(report: object) -> bool:
    from wenming.reports.agenda import Agenda
    from wenming.reports.plan import Plan, WhatIf
    from wenming.reports.trend import Trend

    return isinstance(report, Trend | Agenda | WhatIf | Plan)


def _render(name: str) -> Callable[..., str | bytes]:
    def render(report: object, *args: Any, **options: Any) -> str | bytes:
        return real_reporter(name, report).render(report, *args, **options)

    return render


def _stream(name: str) -> Callable[..., None]:
    def stream(report: object, *args: Any, **options: Any) -> None:
        streamer = real_reporter(name, report).stream
        assert streamer is not None, name  # the stand-in streams only if its reporter does
        streamer(report, *args, **options)

    return stream


def _stand_in(name: str, summary: Label, suffix: str, *, binary: bool = False,
              streams: bool = False) -> Reporter:
    return Reporter(name, _render(name), summary, binary=binary, suffix=suffix,
                    stream=_stream(name) if streams else None)


BUILTIN_REPORTERS: tuple[Reporter, ...] = (
    _stand_in("table", Label("终端文本表格", "Plain-text tables for the terminal"), ".txt"),
    _stand_in("markdown", Label("Markdown 文本", "Markdown"), ".md"),
    _stand_in("json", Label("JSON（带版本的结构）", "JSON with a versioned schema"), ".json",
              streams=True),
    _stand_in("csv", Label("CSV（仅整改清单）", "CSV (rectification list only)"), ".csv"),
    _stand_in("html", Label("单文件网页（内嵌图表，无外部资源）",
                            "One self-contained HTML page with inline charts"), ".html"),
    _stand_in("xlsx", Label("Excel 工作簿（测评表样式）", "Excel workbook (score sheets)"),
              ".xlsx", binary=True),
)

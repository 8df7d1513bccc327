"""The table, Markdown and HTML drawing of a progress report's neutral sections."""

from __future__ import annotations

from wenming.model.labels import Label, Lang
from wenming.reporters import html as _html
from wenming.reporters import markdown as _markdown
from wenming.reporters import safety
from wenming.reporters import table as _table
from wenming.reporters.progress.agenda import _agenda_layout
from wenming.reporters.progress.plan import _plan_layout
from wenming.reporters.progress.sections import (
    _Grid,
    _Layout,
    _List,
    _Pairs,
)
from wenming.reporters.progress.trend import _trend_layout, trend_chart
from wenming.reporters.progress.what_if import _what_if_layout
from wenming.reports.agenda import Agenda
from wenming.reports.plan import Plan, WhatIf
from wenming.reports.trend import Trend


def _layout(report: object, lang: Lang) -> _Layout:
    if isinstance(report, Trend):
        return _trend_layout(report, lang)
    if isinstance(report, Agenda):
        return _agenda_layout(report, lang)
    if isinstance(report, WhatIf):
        return _what_if_layout(report, lang)
    assert isinstance(report, Plan)
    return _plan_layout(report, lang)


# -- table -----------------------------------------------------------------------
def _as_table(report: object, lang: Lang, width: int) -> str:
    layout = _layout(report, lang)
    blocks = [_table._heading(layout.title, width)]
    for section in layout.sections:
        if isinstance(section, _Pairs):
            blocks.append(_table._pairs([p for p in section.pairs if p[1]], width))
        elif isinstance(section, _Grid):
            blocks += [_table._heading(section.heading, width),
                       _table._table(section.headers, section.rows, width,
                                     right=section.numeric)]
        elif isinstance(section, _List):
            marker = "[ ] " if section.checklist else ""
            blocks.append(_table._heading(section.heading, width))
            if section.lines:
                blocks.append("\n".join(_table._wrap(f"- {marker}{line}", width)
                                        for line in section.lines))
        else:
            blocks.append(_table._wrap(section.text, width))
    return "\n\n".join(blocks) + "\n"


# -- markdown --------------------------------------------------------------------
def _as_markdown(report: object, lang: Lang) -> str:
    layout = _layout(report, lang)
    cell = safety.markdown
    parts = [f"# {cell(layout.title)}"]
    for section in layout.sections:
        if isinstance(section, _Pairs):
            parts.append("\n".join(f"- **{cell(k)}**: {cell(v)}" for k, v in section.pairs
                                   if v))
        elif isinstance(section, _Grid):
            parts += [f"## {cell(section.heading)}",
                      _markdown._table(section.headers, section.rows, right=section.numeric)]
        elif isinstance(section, _List):
            parts.append(f"{'#' * section.level} {cell(section.heading)}")
            marker = "[ ] " if section.checklist else ""
            if section.lines:
                parts.append("\n".join(f"- {marker}{cell(line)}" for line in section.lines))
        else:
            parts.append(cell(section.text))
    return "\n\n".join(parts) + "\n"


# -- html ------------------------------------------------------------------------
_e = safety.html_text


_CSS = """
body { font-family: __FONT__; margin: 0; padding: 24px 32px; color: #1f2933;
       background: #fbfbfa; line-height: 1.5; font-size: 14px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 2px solid #c8d3dd; }
h3 { font-size: 16px; margin: 20px 0 6px; }
.meta { color: #52606d; margin: 0 0 16px; }
table { border-collapse: collapse; margin: 8px 0 16px; background: #fff; width: 100%; }
th, td { border: 1px solid #d9e2ec; padding: 4px 8px; text-align: left; vertical-align: top;
         white-space: pre-line; }
th { background: #e4ecf4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
ul.checklist { list-style: none; padding-left: 8px; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 8px 0 16px; }
svg.chart text { font-family: __FONT__; font-size: 12px; fill: #1f2933; }
svg.chart .muted { fill: #7b8794; }
footer { margin-top: 40px; color: #7b8794; font-size: 12px; }
""".replace("__FONT__", _html.FONT_STACK)


def _html_table(grid: _Grid) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in grid.headers)
    lines = [f"<table><thead><tr>{head}</tr></thead><tbody>"]
    for row in grid.rows:
        cells = "".join(f'<td class="num">{_e(c)}</td>' if i in grid.numeric
                        else f"<td>{_e(c)}</td>" for i, c in enumerate(row))
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _as_html(report: object, lang: Lang) -> str:
    """One self-contained page, like the other HTML reports: no script, font or link."""
    layout = _layout(report, lang)
    body: list[str] = []
    meta = ""
    charts = iter(report.rubrics) if isinstance(report, Trend) else None
    for section in layout.sections:
        if isinstance(section, _Pairs):
            meta = " · ".join(f"{k}: {v}" for k, v in section.pairs if v)
        elif isinstance(section, _Grid):
            body.append(f"<h2>{_e(section.heading)}</h2>")
            if charts is not None:
                body.append(trend_chart(next(charts), lang))
            body.append(_html_table(section))
        elif isinstance(section, _List):
            tag = f"h{section.level}"
            body.append(f"<{tag}>{_e(section.heading)}</{tag}>")
            if section.lines:
                marker = "\u2610 " if section.checklist else ""
                css = ' class="checklist"' if section.checklist else ""
                body.append(f"<ul{css}>" + "".join(f"<li>{_e(marker + line)}</li>"
                                                   for line in section.lines) + "</ul>")
        else:
            body.append(f"<p>{_e(section.text)}</p>")
    footer = Label("由 wenming 生成；本页不引用任何外部资源。",
                   "Generated by wenming; this page loads nothing from outside.").text(lang)
    return "\n".join([
        "<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}">', "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(layout.title)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
        f'<header><h1>{_e(layout.title)}</h1><p class="meta">{_e(meta)}</p></header>',
        "<main>", *body, "</main>", f"<footer>{_e(footer)}</footer>", "</body>", "</html>", ""])

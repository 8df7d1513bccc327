"""``table``: plain-text tables for a terminal.

Columns are measured in display width (tabulate's wide-character mode,
on whenever ``wcwidth`` is installed — a ``tabulate[widechars]``
dependency), so Chinese text lines up with Latin text. Control characters
in data (an ESC sequence would recolour or rewrite the terminal) are shown
as U+FFFD before columns are measured, see :mod:`wenming.reporters.safety`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch

import tabulate as _tabulate
import wcwidth

from wenming.model.labels import Label, Lang
from wenming.plugins.types import Reporter
from wenming.reporters import _rows as rows
from wenming.reporters import safety
from wenming.reporters.labels import check_lang, column, title
from wenming.reports import Comparison, GapList, ScoreReport, Timeline

__all__ = ["TABLE", "render"]

#: Display columns a finding or description may take before it is cut.
CELL_WIDTH = 56


def _table(headers: Sequence[str], body: Sequence[Sequence[str]], right: Sequence[int] = ()
           ) -> str:
    align = ["right" if i in right else "left" for i in range(len(headers))]
    body = [[safety.clean(cell) for cell in row] for row in body]
    headers = [safety.clean(h) for h in headers]
    text = str(_tabulate.tabulate(body, headers=headers, tablefmt="simple",
                                  disable_numparse=True, colalign=align))
    # tabulate trims the continuation lines of multi-line cells; pad them back
    # so that every line of a table is as wide as its rule.
    lines = text.split("\n")
    width = max(wcwidth.wcswidth(line) for line in lines)
    return "\n".join(line + " " * (width - wcwidth.wcswidth(line)) for line in lines)


def _pairs(pairs: Sequence[tuple[str, str]]) -> str:
    cleaned = [(safety.clean(k), safety.clean(v)) for k, v in pairs]
    return str(_tabulate.tabulate(cleaned, tablefmt="plain", disable_numparse=True))


def _heading(text: str) -> str:
    return f"== {text} =="


@singledispatch
def _render(report: object, lang: Lang) -> str:
    raise rows.UnsupportedReportError("table", report, rows.SUPPORTED)


@_render.register(ScoreReport)
def _score(report: ScoreReport, lang: Lang) -> str:
    blocks: list[str] = []
    for card in report.cards:
        body = [rows.item_row(i, lang, width=CELL_WIDTH) for i in card.items.values()]
        blocks += [_heading(rows.rubric_name(card, lang)),
                   _pairs(rows.card_summary(card, lang, report.dataset_title)),
                   _table(rows.item_headers(lang), body, right=(3, 4, 6))]
    if report.gaps is not None:
        blocks += _gap_blocks(report.gaps, lang)
    return "\n\n".join(blocks) + "\n"


@_render.register(GapList)
def _gaps(report: GapList, lang: Lang) -> str:
    return "\n\n".join(_gap_blocks(report, lang)) + "\n"


def _gap_blocks(report: GapList, lang: Lang) -> list[str]:
    heading = f"{title('gaps', lang)} — {column('as_of', lang)} {report.as_of.isoformat()}"
    blocks = [_heading(heading)]
    if report.gaps:
        body = [rows.gap_row(g, report, lang, width=CELL_WIDTH) for g in report.gaps]
        n = len(report.rubrics)
        blocks.append(_table(rows.gap_headers(report, lang), body,
                             right=(0, *range(5, 6 + n))))
    else:
        blocks.append(title("no_gaps", lang))
    if report.to_assess:
        blocks += [_heading(title("to_assess", lang)),
                   _table(rows.assess_headers(lang),
                          [rows.assess_row(e, lang, width=CELL_WIDTH) for e in report.to_assess],
                          right=(5,))]
    return blocks


@_render.register(Comparison)
def _compare(report: Comparison, lang: Lang) -> str:
    day = report.as_of.isoformat() if report.as_of else "—"
    blocks = [_heading(f"{title('compare', lang)} — {column('as_of', lang)} {day}"),
              _table(rows.totals_headers(lang), rows.totals_rows(report, lang),
                     right=(3, 4, 5, 6, 8)),
              _heading(title("areas", lang)),
              _table(rows.area_headers(lang), rows.area_rows(report, lang), right=(3, 4, 5)),
              _heading(title("kinds", lang)),
              _table(rows.kind_headers(report, lang), rows.kind_rows(report, lang))]
    divergent = rows.kind_rows(report, lang, only_divergent=True)
    if divergent:
        blocks += [_heading(title("divergent", lang)),
                   _table(rows.kind_headers(report, lang), divergent)]
    single = rows.single_use_rows(report, lang)
    if single:
        blocks += [_heading(title("single_use", lang)),
                   _table(rows.single_use_headers(lang), single)]
    if report.unused:
        blocks += [_heading(f"{title('unused', lang)} ({len(report.unused)})"),
                   ", ".join(report.unused)]
    return "\n\n".join(blocks) + "\n"


@_render.register(Timeline)
def _timeline(report: Timeline, lang: Lang) -> str:
    heading = (f"{title('timeline', lang)}: {report.title.text(lang)} ({report.window}) — "
               f"{column('as_of', lang)} {report.as_of.isoformat()}")
    blocks = [_heading(heading),
              _table(rows.timeline_headers(lang), rows.timeline_rows(report, lang))]
    overdue = report.overdue()
    if overdue:
        lines = [f"- {p.name.text(lang)}: {d.label.text(lang)} ({d.kind})" for p, d in overdue]
        blocks += [_heading(title("overdue", lang)), "\n".join(lines)]
    return "\n\n".join(blocks) + "\n"


def render(report: object, lang: str = "en") -> str:
    """Render a ScoreReport, GapList, Comparison or Timeline (or scorecards) as text."""
    result: str = _render(rows.as_report(report), check_lang(lang))
    # Tables were cleaned cell by cell (for their widths); headings and lists
    # are cleaned here, with anything a future block might forget.
    return safety.clean(result)


TABLE = Reporter("table", render, Label("终端文本表格", "Plain-text tables for the terminal"),
                 suffix=".txt")

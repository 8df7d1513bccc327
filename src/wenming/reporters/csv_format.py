"""``csv``: the rectification list as one CSV table, for a spreadsheet or a mail merge.

Only a :class:`~wenming.reports.GapList` has the one-row-per-thing shape CSV
needs; other reports raise :class:`UnsupportedReportError` naming the formats
that do render them. The text starts with a UTF-8 byte-order mark so that
Excel, which assumes a legacy code page otherwise, shows the Chinese text.

Every field goes through :func:`wenming.reporters.safety.csv_cell`: control
characters become U+FFFD, and text that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, tab or CR) gets a leading ``'``
(OWASP's advice on CSV injection). Plain numbers such as ``-2`` are left as
they are, so points still read as numbers.
"""

from __future__ import annotations

import csv
import io
from functools import singledispatch

from wenming.model.labels import Label, Lang
from wenming.plugins.types import Reporter
from wenming.reporters import _rows as rows
from wenming.reporters import safety
from wenming.reporters.labels import check_lang, column, number
from wenming.reports import GapList

__all__ = ["BOM", "CSV", "render"]

BOM = "\ufeff"


@singledispatch
def _render(report: object, lang: Lang) -> str:
    raise rows.UnsupportedReportError(
        "csv", report, ["GapList (use table, markdown, json, html or xlsx for the others)"])


@_render.register(GapList)
def _gaps(report: GapList, lang: Lang) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")

    def write(fields: list[object]) -> None:
        writer.writerow([safety.csv_cell(f) for f in fields])

    write([
        column("rank", lang), column("what", lang), column("where", lang),
        column("why_not", lang), column("unit_id", lang), column("unit", lang),
        column("person", lang),
        column("placed_by", lang), column("action", lang), column("deadline", lang),
        *(rows.gain_header(r, lang) for r in report.rubrics),
        column("combined", lang), column("remediation", lang)])
    for gap in report.gaps:
        write([
            gap.rank, gap.what.text(lang), "; ".join(rows.where_lines(gap, lang)),
            "; ".join(rows.reason_lines(gap, lang)), gap.unit,
            gap.unit_name.text(lang), gap.person or "", gap.placed_by.text(lang),
            gap.action.label.text(lang), gap.deadline.isoformat() if gap.deadline else "",
            # numbers stay numbers: on a 已失分 row they are the points lost
            *(number(gap.gains[r]) if r in gap.gains else "" for r in report.rubrics),
            number(gap.combined_gain), gap.remediation.text(lang)])
    return BOM + out.getvalue()


def render(report: object, lang: str = "en") -> str:
    """Render a GapList as CSV (UTF-8 with a byte-order mark)."""
    result: str = _render(rows.as_report(report), check_lang(lang))
    return result


CSV = Reporter("csv", render, Label("CSV（仅整改清单）", "CSV (rectification list only)"),
               suffix=".csv")

"""``xlsx``: workbooks shaped like the score sheets inspectors fill in.

A score report gets one sheet per rubric — area, code, item, points,
maximum, state and findings, then a totals row — and a rectification-list
sheet (整改清单). Totals are written as values, not SUM formulas: under the
XCCDF-style models a total is not the sum of its rows, and a value is what
the scorecard says. Headers are bold, columns sized to their text (CJK
counted double), panes frozen below the headers.

Every value goes through :func:`_put`: a string is always written as a
string — never a formula (openpyxl would make one of any text starting with
``=``) or an error value (``#REF!``) — with its control characters shown as
U+FFFD (they would make openpyxl raise or write a file Excel cannot open),
and text a spreadsheet would read as a formula is marked "quote prefix" so
that editing the cell keeps it text. Numbers and dates keep their types. See
:mod:`wenming.reporters.safety`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import singledispatch

import wcwidth
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from wenming.model.labels import Label, Lang
from wenming.plugins.types import Reporter
from wenming.reporters import _rows as rows
from wenming.reporters import safety
from wenming.reporters.labels import check_lang, column, title, verdict
from wenming.reports import Comparison, GapList, ScoreReport, Timeline
from wenming.scoring.scorecard import Scorecard

__all__ = ["SHEETS", "XLSX", "render", "sheet_name", "table_workbook"]

SHEETS = {
    "gaps": Label("整改清单", "Rectification list"),
    "to_assess": Label("待评定", "To assess"),
    "totals": Label("总分", "Totals"),
    "areas": Label("分项得分", "Areas"),
    "kinds": Label("记录类别", "Evidence kinds"),
    "records": Label("记录", "Records"),
    "timeline": Label("阶段进度", "Timeline"),
}

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")
_WRAP = Alignment(wrap_text=True, vertical="top")
_MAX_WIDTH = 60
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(text: str, taken: Sequence[str] = ()) -> str:
    """A valid, unused sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    base = _BAD_SHEET_CHARS.sub("-", safety.clean(text)).strip("'") or "Sheet"
    name, n = base[:31], 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    return name


def _put(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write one value: strings as strings only, numbers and dates as they are."""
    cell: Cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = safety.clean(value)
        cell.value = text
        # Binding a str lets openpyxl infer a formula or an error value; data never is one.
        cell.data_type = "s"
        if safety.formula_like(text):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def _width(value: object) -> int:
    text = "" if value is None else str(value)
    return max((max(0, wcwidth.wcswidth(line)) for line in text.split("\n")), default=0)


def _fit(sheet: Worksheet, start_row: int = 1) -> None:
    widths: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=start_row):
        for cell in row:
            widths[cell.column] = max(widths.get(cell.column, 0), _width(cell.value))
    for col, width in widths.items():
        letter = sheet.cell(row=1, column=col).column_letter
        sheet.column_dimensions[letter].width = min(_MAX_WIDTH, max(6, width + 2))


def _header(sheet: Worksheet, row: int, headers: Sequence[str]) -> None:
    for col, text in enumerate(headers, 1):
        cell = _put(sheet, row, col, text)
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
        cell.alignment = _WRAP


def _table(sheet: Worksheet, headers: Sequence[str], body: Sequence[Sequence[object]],
           row: int = 1, *, filters: bool = True) -> int:
    """Write a header and rows from ``row``; return the next free row."""
    _header(sheet, row, headers)
    for r, values in enumerate(body, row + 1):
        for c, value in enumerate(values, 1):
            _put(sheet, r, c, value).alignment = _WRAP
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    if body and filters:
        last = sheet.cell(row=row + len(body), column=len(headers)).coordinate
        sheet.auto_filter.ref = f"A{row}:{last}"
    return row + len(body) + 1


def _new_sheet(book: Workbook, name: str) -> Worksheet:
    sheet: Worksheet = book.create_sheet(sheet_name(name, book.sheetnames))
    return sheet


def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _card_sheet(book: Workbook, card: Scorecard, lang: Lang, dataset_title: Label) -> None:
    sheet = _new_sheet(book, card.rubric_id)
    _put(sheet, 1, 1, rows.rubric_name(card, lang)).font = _TITLE
    meta = "  ·  ".join(f"{k}: {v}" for k, v in rows.card_summary(card, lang, dataset_title)[1:]
                        if k != column("total", lang))
    _put(sheet, 2, 1, meta)
    headers = [column(k, lang) for k in ("area", "code", "item", "points", "maximum", "nominal",
                                         "state", "findings", "evidence")]
    areas = {a.code: a.title.text(lang) for a in card.areas}
    bonus = Label("加分项", "Bonus").text(lang)
    body = []
    for item in card.items.values():
        area = bonus if item.bonus else f"{item.area} {areas.get(item.area, '')}".strip()
        body.append([area, item.code, item.title.text(lang), _num(item.points),
                     _num(item.maximum), _num(item.nominal), item.state.label.text(lang),
                     "\n".join(f.text(lang).strip() for f in item.findings),
                     len(item.evidence)])
    end = _table(sheet, headers, body, row=4, filters=False)
    totals = [column("sum", lang), "", verdict(card.verdict).text(lang), _num(card.total),
              _num(card.maximum), _num(card.nominal)]
    for col, value in enumerate(totals, 1):
        _put(sheet, end, col, value).font = _BOLD
    _fit(sheet, start_row=4)


def _gap_sheets(book: Workbook, report: GapList, lang: Lang) -> None:
    sheet = _new_sheet(book, SHEETS["gaps"].text(lang))
    headers = [column("rank", lang), column("what", lang), column("where", lang),
               column("unit_id", lang), column("unit", lang), column("deadline", lang),
               column("overdue", lang), *(rows.gain_header(r, lang) for r in report.rubrics),
               column("combined", lang), column("remediation", lang)]
    body = [[gap.rank, gap.what.text(lang), "\n".join(rows.where_lines(gap, lang)), gap.unit,
             gap.unit_name.text(lang), gap.deadline, column("yes" if gap.overdue else "no", lang),
             *(_num(gap.gains.get(r)) for r in report.rubrics), _num(gap.combined_gain),
             gap.remediation.text(lang)] for gap in report.gaps]
    _table(sheet, headers, body)
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    _fit(sheet)
    if report.to_assess:
        sheet = _new_sheet(book, SHEETS["to_assess"].text(lang))
        _table(sheet, rows.assess_headers(lang),
               [rows.assess_row(e, lang) for e in report.to_assess])
        _fit(sheet)


def _book() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@singledispatch
def _render(report: object, lang: Lang) -> bytes:
    raise rows.UnsupportedReportError("xlsx", report, rows.SUPPORTED)


@_render.register(ScoreReport)
def _score(report: ScoreReport, lang: Lang) -> bytes:
    book = _book()
    for card in report.cards:
        _card_sheet(book, card, lang, report.dataset_title)
    _gap_sheets(book, report.gap_list(), lang)
    return _save(book)


@_render.register(GapList)
def _gaps(report: GapList, lang: Lang) -> bytes:
    book = _book()
    _gap_sheets(book, report, lang)
    return _save(book)


@_render.register(Comparison)
def _compare(report: Comparison, lang: Lang) -> bytes:
    book = _book()
    sheet = _new_sheet(book, SHEETS["totals"].text(lang))
    _table(sheet, rows.totals_headers(lang), [
        [f"{r.title.text(lang)} ({r.rubric_id})", r.version, r.model, _num(r.total),
         _num(r.maximum), _num(r.nominal), _num(r.pass_line), verdict(r.verdict).text(lang),
         r.counted] for r in report.rubrics])
    _fit(sheet)
    sheet = _new_sheet(book, SHEETS["areas"].text(lang))
    _table(sheet, rows.area_headers(lang), [
        [r.rubric_id, a.code, a.title.text(lang), _num(a.points), _num(a.maximum),
         _num(a.nominal)] for r in report.rubrics for a in r.areas])
    _fit(sheet)
    sheet = _new_sheet(book, SHEETS["kinds"].text(lang))
    headers = [*rows.kind_headers(report, lang), title("divergent", lang)]
    body = [[*row, column("yes" if k.divergent else "no", lang)]
            for row, k in zip(rows.kind_rows(report, lang), report.kinds, strict=True)]
    _table(sheet, headers, body)
    _fit(sheet)
    sheet = _new_sheet(book, SHEETS["records"].text(lang))
    _table(sheet, [column("record", lang), column("kind", lang), column("rubrics", lang)],
           [[e, report.evidence_kinds.get(e, ""), ", ".join(r)]
            for e, r in report.evidence_use.items()])
    _fit(sheet)
    return _save(book)


@_render.register(Timeline)
def _timeline(report: Timeline, lang: Lang) -> bytes:
    book = _book()
    sheet = _new_sheet(book, SHEETS["timeline"].text(lang))
    headers = [column(k, lang) for k in ("phase", "window", "status", "deliverable")] \
        + [f"{column('deliverable', lang)} {column('status', lang)}", column("record", lang)]
    body: list[list[object]] = []
    for phase in report.phases:
        lead = [phase.name.text(lang), str(phase.window), phase.status.label.text(lang)]
        if not phase.deliverables:
            body.append([*lead, "", "", ""])
        for d in phase.deliverables:
            body.append([*lead, d.label.text(lang), d.status.label.text(lang),
                         ", ".join(d.evidence)])
    _table(sheet, headers, body)
    _fit(sheet)
    return _save(book)


def render(report: object, lang: str = "en") -> bytes:
    """Render a ScoreReport, GapList, Comparison or Timeline (or scorecards) as XLSX bytes."""
    result: bytes = _render(rows.as_report(report), check_lang(lang))
    return result


XLSX = Reporter("xlsx", render,
                Label("Excel 工作簿（测评表样式）", "Excel workbook (score sheets)"),
                binary=True, suffix=".xlsx")


def table_workbook(sheet: str, headers: Sequence[str], body: Sequence[Sequence[object]],
                   heading: str | None = None) -> bytes:
    """One sheet holding one table, written with the same guards as every report.

    For tables that are not reports, such as ``wenming rubrics show``;
    ``heading`` goes above the table in bold.
    """
    book = _book()
    page = _new_sheet(book, sheet)
    row = 1
    if heading:
        _put(page, 1, 1, heading).font = _TITLE
        row = 3
    _table(page, headers, body, row)
    _fit(page, row)
    return _save(book)

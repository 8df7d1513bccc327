"""``xlsx``: workbooks shaped like the score sheets a clerk hands in.

A score report gets one sheet per rubric, named by its title: a header block
(the rubric, total and verdict first, then unit, campaign, as-of date, and
lines for the preparer to fill in), then area, code, item, points, maximum,
state, findings and remediation, then a totals row. The rectification list
(整改清单) follows, in full and once more per responsible unit — each 责任单位
receives its own sheet. Totals are written as values, not SUM formulas: under
the XCCDF-style models a total is not the sum of its rows, and a value is
what the scorecard says. Every table has bold headers, columns sized to
their text (CJK counted double), panes frozen and an autofilter on its
header row, and prints on A4 landscape, fitted to the page width, with the
header row repeated on every page. Codes, ranks and points are numbers.

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
from datetime import date
from functools import singledispatch

import wcwidth
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from wenming.model.labels import Label, Lang
from wenming.plugins.types import Reporter
from wenming.reporters import _rows as rows
from wenming.reporters import safety
from wenming.reporters.labels import check_lang, column, model_name, title, verdict
from wenming.reports import Comparison, Gap, GapList, ScoreReport, Timeline
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
_FILL_IN = Border(bottom=Side(style="thin"))
_VERDICT_FILL = {"pass": PatternFill("solid", fgColor="D5F5E3"),
                 "fail": PatternFill("solid", fgColor="FADBD8")}
_MAX_WIDTH = 60
_POINTS_FORMAT = "0.00"
#: Column widths (characters) of a rectification sheet, by header key; each rubric's gain
#: column takes _GAIN_WIDTH. Chosen so that with four rubrics the sheet, fitted to the width
#: of A4 landscape, prints at 9 pt or more (tests/reporters/test_xlsx.py measures it).
_GAP_WIDTHS = {"rank": 5, "what": 24, "where": 16, "why_not": 14, "unit_id": 8, "unit": 12,
               "placed_by": 12, "action": 7, "deadline": 11, "combined": 8, "remediation": 20}
_GAIN_WIDTH = 8
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_PLAIN_NUMBER = re.compile(r"0|[1-9][0-9]{0,14}")
#: Excel keeps this name for itself.
_RESERVED_SHEET = "history"

_HEAD = {
    "unit": Label("参评单位", "Unit"),
    "preparer": Label("填表人", "Prepared by"),
    "prepared_on": Label("填表日期", "Date"),
    "checked_by": Label("审核人", "Checked by"),
    "gaps_for": Label("整改清单", "Rectification list"),
    "rectification_end": Label("整改期结束", "Rectification ends"),
    "items": Label("整改事项数", "Actions"),
    "by": Label("要求完成日", "To be done by"),
    "summary": Label("整改清单汇总", "Rectification summary"),
    "sheet": Label("汇总", "Summary"),
    "per_kind": Label("按整改类型", "By row kind"),
    "per_rubric": Label("按测评细则", "By rubric"),
    "per_unit": Label("按责任单位", "By responsible unit"),
    "count": Label("事项数", "Rows"),
    "earliest": Label("最早整改时限", "Earliest deadline"),
}


def sheet_name(text: str, taken: Sequence[str] = ()) -> str:
    """A valid, unused sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    base = _BAD_SHEET_CHARS.sub("-", safety.clean(text)).strip("'").strip() or "Sheet"
    if base.lower() == _RESERVED_SHEET:
        base += " (1)"
    name, n = base[:31], 2
    # Excel compares sheet names without regard to case.
    lowered = {t.lower() for t in taken}
    while name.lower() in lowered:
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
        if isinstance(value, float):
            # Shown as the screen shows it (48.17); the value keeps its own precision.
            cell.number_format = _POINTS_FORMAT
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
    _print_setup(sheet, row)
    return row + len(body) + 1


def _print_setup(sheet: Worksheet, header_row: int) -> None:
    """A4 landscape, as wide as the page, the header row on every page, pages numbered."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.oddFooter.center.text = "&P / &N"


def _header_block(sheet: Worksheet, heading: str, fields: Sequence[tuple[str, object]],
                  lang: Lang) -> int:
    """Heading, then one label/value line per field, then lines to sign; returns the
    row the table starts on."""
    _put(sheet, 1, 1, heading).font = _TITLE
    row = 2
    for label, value in fields:
        _put(sheet, row, 1, label).font = _BOLD
        cell = _put(sheet, row, 2, value)
        cell.alignment = Alignment(horizontal="left")
        if isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"
        row += 1
    for key in ("preparer", "prepared_on", "checked_by"):
        _put(sheet, row, 1, _HEAD[key].text(lang)).font = _BOLD
        for col in (2, 3):
            sheet.cell(row=row, column=col).border = _FILL_IN
        row += 1
    return row + 1


def _code(code: str) -> int | str:
    """An item code as a number when it is one ("3"); "1.2", "A1" or "01" stay text."""
    return int(code) if _PLAIN_NUMBER.fullmatch(code) else code


def _widen(sheet: Worksheet, column: str, width: int) -> None:
    dimension = sheet.column_dimensions[column]
    dimension.width = max(dimension.width or 0, width)


def _new_sheet(book: Workbook, name: str) -> Worksheet:
    sheet: Worksheet = book.create_sheet(sheet_name(name, book.sheetnames))
    return sheet


def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _card_sheet(book: Workbook, card: Scorecard, lang: Lang, report: ScoreReport) -> None:
    sheet = _new_sheet(book, card.rubric_title.text(lang) or card.rubric_id)
    # The unit scored: the card's own, or the first applicant (scopes list it first).
    unit = card.unit or (card.scope[0] if card.scope else None)
    fields: list[tuple[str, object]] = [
        (column("points", lang), _num(card.total)),
        (column("verdict", lang), verdict(card.verdict).text(lang)),
        (column("maximum", lang), _num(card.maximum)),
        (column("nominal", lang), _num(card.nominal)),
        (column("pass_line", lang), _num(card.pass_line)),
        (_HEAD["unit"].text(lang),
         rows.unit_text(unit, report.unit_name(unit), lang) if unit else ""),
        (column("dataset", lang), report.dataset_title.text(lang)),
        (column("as_of", lang), card.as_of),
        (column("rubric", lang), f"{rows.rubric_name(card, lang)} {card.rubric_version}"),
        (column("model", lang), model_name(card.model, lang)),
    ]
    fields += [(k, v) for k, v in rows.card_summary(card, lang)
               if k in (column("overlay", lang), column("vetoes", lang))]
    start = _header_block(sheet, rows.rubric_name(card, lang), fields, lang)
    sheet.cell(row=2, column=2).font = _TITLE
    verdict_cell = sheet.cell(row=3, column=2)
    verdict_cell.font = _BOLD
    if card.verdict in _VERDICT_FILL:
        verdict_cell.fill = _VERDICT_FILL[card.verdict]
    headers = [column(k, lang) for k in ("area", "code", "item", "points", "maximum", "nominal",
                                         "state", "findings", "remediation", "evidence")]
    areas = {a.code: a.title.text(lang) for a in card.areas}
    bonus = Label("加分项", "Bonus").text(lang)
    body = []
    for item in card.items.values():
        area = bonus if item.bonus else f"{item.area} {areas.get(item.area, '')}".strip()
        body.append([area, _code(item.code), item.title.text(lang), _num(item.points),
                     _num(item.maximum), _num(item.nominal), item.state.label.text(lang),
                     "\n".join(rows.findings_text(item, lang)),
                     item.remediation.text(lang) if item.state.shortfall else "",
                     len(item.evidence)])
    end = _table(sheet, headers, body, row=start)
    totals = [column("sum", lang), "", verdict(card.verdict).text(lang), _num(card.total),
              _num(card.maximum), _num(card.nominal)]
    for col, value in enumerate(totals, 1):
        _put(sheet, end, col, value).font = _BOLD
    _fit(sheet, start_row=start)
    _widen(sheet, "B", 12)  # the header block's numbers and date


def _rubric_header(report: GapList, rubric: str, lang: Lang) -> str:
    # A reader knows a rubric by its title; the id is what --rubric takes, kept after it.
    return f"{column('gain', lang)} {rows.rubric_title(rubric, report.rubrics[rubric], lang)}"


_GAP_KEYS = ("rank", "what", "where", "why_not", "unit_id", "unit", "placed_by", "action",
             "deadline")


def _gap_headers(report: GapList, lang: Lang) -> list[str]:
    return [*(column(k, lang) for k in _GAP_KEYS),
            *(_rubric_header(report, r, lang) for r in report.rubrics),
            column("combined", lang), column("remediation", lang)]


def _gap_widths(report: GapList) -> list[int]:
    return [*(_GAP_WIDTHS[k] for k in _GAP_KEYS), *(_GAIN_WIDTH for _ in report.rubrics),
            _GAP_WIDTHS["combined"], _GAP_WIDTHS["remediation"]]


def _gap_row(gap: Gap, report: GapList, lang: Lang) -> list[object]:
    return [gap.rank, gap.what_shown.text(lang), "\n".join(rows.where_lines(gap, lang)),
            "\n".join(rows.reason_lines(gap, lang)),
            gap.unit, gap.unit_name.text(lang) + (f"\n{gap.person}" if gap.person else ""),
            gap.placed_by.text(lang), gap.action.label.text(lang), gap.deadline,
            *(_num(gap.gains.get(r)) for r in report.rubrics), _num(gap.combined_gain),
            gap.remediation.text(lang)]


def _gap_sheet(book: Workbook, name: str, heading: str, report: GapList,
               gaps: Sequence[Gap], lang: Lang, unit: str = "") -> None:
    sheet = _new_sheet(book, name)
    fields: list[tuple[str, object]] = []
    if unit:
        fields.append((column("unit", lang), unit))
    fields += [(column("dataset", lang), report.dataset_title.text(lang)),
               (column("as_of", lang), report.as_of),
               (_HEAD["rectification_end"].text(lang), report.rectification_end or ""),
               (_HEAD["items"].text(lang), len(gaps)),
               (column("combined", lang), _num(sum(g.combined_gain for g in gaps)))]
    start = _header_block(sheet, heading, fields, lang)
    _table(sheet, _gap_headers(report, lang), [_gap_row(g, report, lang) for g in gaps],
           row=start)
    deadline = _GAP_KEYS.index("deadline") + 1
    for row in sheet.iter_rows(min_row=start + 1, min_col=deadline, max_col=deadline):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    for col, width in enumerate(_gap_widths(report), 1):
        sheet.column_dimensions[sheet.cell(row=1, column=col).column_letter].width = width
    sheet.page_margins = PageMargins(left=0.25, right=0.25, top=0.5, bottom=0.5)


def _summary_sheet(book: Workbook, report: GapList, lang: Lang) -> None:
    """What a leader reads first: rows per kind, points per rubric, rows per unit."""
    sheet = _new_sheet(book, _HEAD["sheet"].text(lang))
    fields: list[tuple[str, object]] = [
        (column("dataset", lang), report.dataset_title.text(lang)),
        (column("as_of", lang), report.as_of),
        (_HEAD["rectification_end"].text(lang), report.rectification_end or ""),
        (_HEAD["by"].text(lang), report.by or ""),
        (_HEAD["items"].text(lang), len(report.gaps))]
    row = _header_block(sheet, _HEAD["summary"].text(lang), fields, lang)
    _put(sheet, row, 1, _HEAD["per_kind"].text(lang)).font = _BOLD
    row += 1
    kinds: dict[str, list[Gap]] = {}
    for gap in report.gaps:
        kinds.setdefault(gap.action.label.text(lang), []).append(gap)
    _header(sheet, row, [column("action", lang), _HEAD["count"].text(lang),
                         column("combined", lang)])
    for kind, gaps in kinds.items():
        row += 1
        for col, value in enumerate((kind, len(gaps),
                                     _num(sum(g.combined_gain for g in gaps))), 1):
            _put(sheet, row, col, value)
    row += 2
    _put(sheet, row, 1, _HEAD["per_rubric"].text(lang)).font = _BOLD
    row += 1
    _header(sheet, row, [column("rubric", lang), column("recoverable", lang),
                         column("lost", lang)])
    gains, lost = report.total_gain(), report.total_lost()
    for rubric, title_ in report.rubrics.items():
        row += 1
        for col, value in enumerate((rows.rubric_title(rubric, title_, lang),
                                     _num(gains.get(rubric, 0.0)),
                                     _num(lost.get(rubric, 0.0))), 1):
            _put(sheet, row, col, value)
    row += 2
    _put(sheet, row, 1, _HEAD["per_unit"].text(lang)).font = _BOLD
    per_unit = rows.by_unit(report, limit=None)
    body = [[rows.unit_text(unit, gaps[0].unit_name, lang), len(gaps),
             _num(sum(g.combined_gain for g in gaps if not g.lost)),
             _num(sum(g.combined_gain for g in gaps if g.lost)),
             min((g.deadline for g in gaps if g.deadline is not None), default=None)]
            for unit, gaps in per_unit.items()]
    _table(sheet, [column("unit", lang), _HEAD["count"].text(lang), column("recoverable", lang),
                   column("lost", lang), _HEAD["earliest"].text(lang)], body, row + 1)
    for line in sheet.iter_rows(min_row=row + 2, min_col=5, max_col=5):
        for cell in line:
            cell.number_format = "yyyy-mm-dd"
    for letter, width in (("A", 30), ("B", 14), ("C", 12), ("D", 12), ("E", 14)):
        sheet.column_dimensions[letter].width = width


def _gap_sheets(book: Workbook, report: GapList, lang: Lang, *, summary: bool = False) -> None:
    """The full list, then one sheet per responsible unit (in the order of the list);
    with ``summary``, a summary sheet first, which the workbook opens on."""
    if summary:
        _summary_sheet(book, report, lang)
    heading = title("gaps", lang)
    _gap_sheet(book, SHEETS["gaps"].text(lang), heading, report, report.gaps, lang)
    per_unit = rows.by_unit(report, limit=None)
    if len(per_unit) > rows.MAX_UNIT_SECTIONS:
        # A province's list has thousands of responsible units: a sheet each would make a
        # workbook nobody can page through. The full list's autofilter selects one unit.
        sheet = book[book.sheetnames[-1]]
        _put(sheet, sheet.max_row + 2, 1, _UNIT_SHEETS_OMITTED.text(lang).format(
            units=len(per_unit), limit=rows.MAX_UNIT_SECTIONS))
        per_unit = {}
    for unit, gaps in per_unit.items():
        name = rows.unit_text(unit, gaps[0].unit_name, lang)
        _gap_sheet(book, gaps[0].unit_name.text(lang) or unit, f"{heading} · {name}", report,
                   gaps, lang, unit=name)
    if report.to_assess:
        sheet = _new_sheet(book, SHEETS["to_assess"].text(lang))
        _table(sheet, rows.assess_headers(lang), [
            [e.rubric_id, _code(e.item_code), e.item_title.text(lang),
             e.state.label.text(lang), rows.unit_text(e.unit, e.unit_name, lang),
             _num(e.points), "\n".join(r.text(lang) for r in e.reasons_shown)]
            for e in report.to_assess])
        _fit(sheet)


_UNIT_SHEETS_OMITTED = Label(
    "共 {units} 个责任单位，超过 {limit} 个，未逐单位分表；请用“责任单位”列的筛选查看各单位清单",
    "{units} responsible units, more than {limit}: no sheet per unit; filter the unit column "
    "to see one unit's list")


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
        _card_sheet(book, card, lang, report)
    _gap_sheets(book, report.gap_list(), lang)
    return _save(book)


@_render.register(GapList)
def _gaps(report: GapList, lang: Lang) -> bytes:
    book = _book()
    _gap_sheets(book, report, lang, summary=True)
    book.active = 0
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

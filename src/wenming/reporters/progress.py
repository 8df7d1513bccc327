"""Table, Markdown, HTML, JSON and XLSX for the progress reports: trend, agenda, what-if, plan.

Kept apart from the reporters of the score reports: each report here is
laid out once as neutral sections (pairs, tables, lists), and each format
draws those sections with its own helpers, so the four formats say the
same thing. Importing this module registers the reports with the
``table``, ``markdown``, ``html`` and ``json`` reporters (their
``singledispatch`` functions); ``wenming.reporters`` imports it.

JSON schemas (labels ``{"zh", "en"}``, dates ISO, points numbers):

``wenming.trend/1``
    ``every``, ``dates``, ``dataset_title``, ``rubrics``: list of
    {``rubric_id``, ``title``, ``nominal``, ``pass_line``, ``points``: list of
    {``as_of``, ``total``, ``maximum``, ``line`` (the pass line as the verdict
    applies it that day), ``verdict``, ``met``, ``scored``, ``turned_met``,
    ``no_longer_met``}}.

``wenming.agenda/1``
    ``as_of``, ``days``, ``horizon``, ``dataset_title``, ``rubrics``,
    ``total_at_stake``, ``entries``: list of {``deadline``, ``opens``,
    ``category``, ``what``, ``title``, ``unit``, ``unit_name``, ``kinds``,
    ``found``, ``required``, ``overdue``, ``gains``, ``stakes``: list of
    {``rubric_id``, ``item_code``, ``item_title``, ``points``}}.

``wenming.what-if/1``
    ``as_of``, ``source``, ``records`` (ids), ``rubrics``: list of
    {``rubric_id``, ``title``, ``before``/``after`` {``total``, ``maximum``,
    ``verdict``}, ``delta``, ``items``: list of {``code``, ``title``,
    ``state_before``, ``state_after``, ``points_before``, ``points_after``,
    ``delta``}}.

``wenming.plan/1``
    ``as_of``, ``by``, ``target``, ``reached``, ``rubrics``: list of
    {``rubric_id``, ``title``, ``before``/``after`` {``total``, ``maximum``,
    ``line``, ``verdict``}}, ``activities``: list of {``rank``, ``what``,
    ``kind``, ``unit``, ``opens``, ``deadline``, ``count``, ``gains``,
    ``items``, ``records``: list of {``id``, ``unit``, ``kind``, ``date``,
    ``filed``, ``title``}}, ``lost``: list of {``what``, ``unit``,
    ``deadline``, ``gains``, ``reason``, ``items``}, ``lost_total``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import wcwidth
from attrs import frozen
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from wenming.model.labels import Label, Lang
from wenming.reporters import html as _html
from wenming.reporters import markdown as _markdown
from wenming.reporters import safety
from wenming.reporters import table as _table
from wenming.reporters import xlsx as _xlsx
from wenming.reporters._rows import MAX_UNIT_SECTIONS, unit_text
from wenming.reporters.json_format import SCHEMAS, to_data
from wenming.reporters.labels import number, verdict
from wenming.reports.agenda import Agenda
from wenming.reports.plan import Plan, WhatIf
from wenming.reports.trend import RubricTrend, Trend, pass_line_at
from wenming.scoring.scorecard import Scorecard

__all__ = ["LABELS", "PROGRESS_SCHEMAS"]

PROGRESS_SCHEMAS = {
    "trend": "wenming.trend/1",
    "agenda": "wenming.agenda/1",
    "what-if": "wenming.what-if/1",
    "plan": "wenming.plan/1",
}
SCHEMAS.update(PROGRESS_SCHEMAS)

LABELS: dict[str, Label] = {
    "trend": Label("创建进度趋势", "Progress over time"),
    "agenda": Label("近期到期事项", "Agenda: what falls due"),
    "what_if": Label("假设分析", "What if"),
    "plan": Label("达标计划", "Plan"),
    "date": Label("日期", "Date"),
    "total": Label("得分", "Total"),
    "maximum": Label("满分", "Maximum"),
    "line": Label("达标线", "Pass line"),
    "line_note": Label("满分只计已到期的项目；达标线按结论的算法折算："
                       "名义达标线 ÷ 名义满分 × 满分。",
                       "The maximum counts the items due by each date; the pass line is scaled "
                       "as the verdict scales it: nominal pass line ÷ nominal total × maximum."),
    "span": Label("时间范围", "Dates"),
    "item_titles": Label("条目", "Items"),
    "verdict": Label("结论", "Verdict"),
    "met": Label("达标项", "Items met"),
    "turned_met": Label("新达标", "Newly met"),
    "no_longer_met": Label("不再达标", "No longer met"),
    "every": Label("统计周期", "Step"),
    "as_of": Label("评估日", "As of"),
    "dataset": Label("创建活动", "Campaign"),
    "deadline": Label("截止日", "Deadline"),
    "category": Label("类别", "Category"),
    "what": Label("事项", "What"),
    "unit": Label("责任单位", "Responsible unit"),
    "at_stake": Label("涉及分值", "Points at stake"),
    "items": Label("涉及条目", "Items"),
    "horizon": Label("截至", "Until"),
    "total_at_stake": Label("合计涉及分值", "Total at stake"),
    "nothing_due": Label("此期间没有到期事项。", "Nothing falls due in this period."),
    "checklists": Label("各责任单位清单", "Checklists by responsible unit"),
    "opens": Label("起", "from"),
    "overdue": Label("已逾期", "overdue"),
    "records": Label("假设记录", "Hypothetical records"),
    "rubric": Label("测评细则", "Rubric"),
    "before": Label("现状", "Now"),
    "after": Label("假设后", "With the records"),
    "projected": Label("计划完成后", "Projected"),
    "baseline": Label("不采取行动", "If nothing is done"),
    "delta": Label("变化", "Change"),
    "code": Label("序号", "Code"),
    "item": Label("测评内容", "Item"),
    "state": Label("状态", "State"),
    "points": Label("得分", "Points"),
    "no_change": Label("这些记录不改变任何得分。", "These records change no score."),
    "by": Label("目标日", "By"),
    "projection": Label("得分预测（按目标日评定）", "Projected scores as of the target date"),
    "target": Label("目标", "Target"),
    "target_pass": Label("各细则均达标", "every rubric over its pass line"),
    "target_full": Label("尽可能接近满分", "as close to full marks as time allows"),
    "reached": Label("可达成", "Reached"),
    "activities": Label("建议开展的活动", "Proposed activities"),
    "rank": Label("序号", "No."),
    "window": Label("时间窗口", "Date window"),
    "count": Label("记录数", "Records"),
    "gain": Label("预计得分", "Expected gain"),
    "lost": Label("已无法挽回", "Lost"),
    "reason": Label("原因", "Reason"),
    "no_activities": Label("无需新增活动。", "No activity is needed."),
    "no_lost": Label("没有无法挽回的分值。", "Nothing is lost."),
    "kind": Label("记录类别", "Evidence kind"),
    "yes": Label("是", "yes"),
    "no": Label("否", "no"),
    "rubric_title": Label("细则名称", "Rubric title"),
    "chart": Label("趋势图", "Chart"),
    "scored": Label("已评条目", "Items scored"),
    "opens_on": Label("开始日", "Opens"),
    "unit_name": Label("单位名称", "Unit name"),
    "combined": Label("合计", "Combined"),
    "done": Label("完成", "Done"),
    "found": Label("已有", "Found"),
    "required": Label("要求", "Required"),
    "days": Label("天数", "Days"),
    "source": Label("来源文件", "Source file"),
    "record_id": Label("记录编号", "Record id"),
    "record_date": Label("日期", "Date"),
    "record_title": Label("标题", "Title"),
    "state_before": Label("现状状态", "State now"),
    "state_after": Label("假设后状态", "State with the records"),
    "points_before": Label("现状得分", "Points now"),
    "points_after": Label("假设后得分", "Points with the records"),
    "items_sheet": Label("条目变化", "Item changes"),
    "total_before": Label("现状得分", "Total now"),
    "maximum_before": Label("现状满分", "Maximum now"),
    "verdict_before": Label("现状结论", "Verdict now"),
    "total_after": Label("假设后得分", "Total with the records"),
    "maximum_after": Label("假设后满分", "Maximum with the records"),
    "verdict_after": Label("假设后结论", "Verdict with the records"),
    "total_baseline": Label("不采取行动得分", "Total if nothing is done"),
    "verdict_baseline": Label("不采取行动结论", "Verdict if nothing is done"),
    "total_projected": Label("计划完成后得分", "Projected total"),
    "maximum_projected": Label("计划完成后满分", "Projected maximum"),
    "verdict_projected": Label("计划完成后结论", "Projected verdict"),
    "kind_name": Label("记录类别名称", "Evidence kind name"),
    "agenda_sheet": Label("到期事项", "Agenda"),
    "overdue_column": Label("已逾期", "Overdue"),
}


def _t(key: str, lang: Lang) -> str:
    return LABELS[key].text(lang)


# -- neutral sections --------------------------------------------------------
@frozen
class _Pairs:
    pairs: tuple[tuple[str, str], ...]


@frozen
class _Grid:
    heading: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()


@frozen
class _List:
    heading: str
    lines: tuple[str, ...]
    checklist: bool = False
    level: int = 2


@frozen
class _Note:
    text: str


_Section = _Pairs | _Grid | _List | _Note


@frozen
class _Layout:
    title: str
    sections: tuple[_Section, ...]


def _gains(gains: dict[str, float] | Any) -> str:
    return "\n".join(f"{rubric} +{number(points)}" for rubric, points in gains.items())


def _where(where: Sequence[tuple[str, str, Label]], lang: Lang) -> str:
    return "\n".join(f"{r} {code} {t.text(lang)}" for r, code, t in where)


def _card_cell(card: Scorecard, lang: Lang) -> str:
    return f"{number(card.total)} / {number(card.maximum)} {verdict(card.verdict).text(lang)}"


def _codes(rubric: RubricTrend, codes: Sequence[str], lang: Lang) -> str:
    return "\n".join(f"{c} {rubric.item_title(c).text(lang)}" for c in codes)


def _trend_layout(report: Trend, lang: Lang) -> _Layout:
    sections: list[_Section] = [_Pairs((
        (_t("dataset", lang), report.dataset_title.text(lang)),
        (_t("every", lang), report.every),
        (_t("span", lang), f"{report.start} – {report.end}")))]
    headers = tuple(_t(k, lang) for k in ("date", "total", "maximum", "line", "verdict", "met",
                                         "turned_met", "no_longer_met"))
    for rubric in report.rubrics:
        rows = tuple((p.as_of.isoformat(), number(p.total), number(p.maximum),
                      number(None if p.line is None else round(p.line, 2)),
                      verdict(p.verdict).text(lang), f"{p.met}/{p.scored}",
                      " ".join(p.turned_met), " ".join(p.no_longer_met))
                     for p in rubric.points)
        name = f"{rubric.title.text(lang)} ({rubric.rubric_id})"
        sections.append(_Grid(name, headers, rows, (1, 2, 3)))
        changed = {c for p in rubric.points for c in (*p.turned_met, *p.no_longer_met)}
        shown = [code for code in rubric.items if code in changed]
        if shown:
            sections.append(_List(f"{_t('item_titles', lang)} ({rubric.rubric_id})",
                                  tuple(_codes(rubric, shown, lang).split("\n")),
                                  level=3))
    sections.append(_Note(_t("line_note", lang)))
    return _Layout(_t("trend", lang), tuple(sections))


def _agenda_layout(report: Agenda, lang: Lang) -> _Layout:
    totals = report.total_at_stake()
    sections: list[_Section] = [_Pairs((
        (_t("dataset", lang), report.dataset_title.text(lang)),
        (_t("as_of", lang), report.as_of.isoformat()),
        (_t("horizon", lang), f"{report.horizon} ({report.days})"),
        (_t("total_at_stake", lang), "; ".join(f"{r} {number(p)}" for r, p in totals.items())),
    ))]
    if not report.entries:
        sections.append(_Note(_t("nothing_due", lang)))
        return _Layout(_t("agenda", lang), tuple(sections))
    headers = tuple(_t(k, lang) for k in ("deadline", "category", "what", "unit", "at_stake",
                                         "items"))
    rows = tuple((_deadline(e.deadline, e.opens, e.overdue, lang), e.category.label.text(lang),
                  e.title.text(lang), unit_text(e.unit, e.unit_name, lang), _gains(e.gains),
                  "\n".join(dict.fromkeys(f"{s.rubric_id} {s.item_code} "
                                          f"{s.item_title.text(lang)}" for s in e.stakes)))
                 for e in report.entries)
    sections.append(_Grid(_t("agenda", lang), headers, rows))
    sections.append(_List(_t("checklists", lang), ()))
    for unit, entries in report.by_unit().items():
        first = entries[0]
        lines = tuple(f"{_deadline(e.deadline, e.opens, e.overdue, lang)} "
                      f"{e.title.text(lang)}"
                      + (f" ({'; '.join(f'{r} +{number(p)}' for r, p in e.gains.items())})"
                         if e.gains else "") for e in entries)
        sections.append(_List(unit_text(unit, first.unit_name, lang), lines, checklist=True,
                              level=3))
    return _Layout(_t("agenda", lang), tuple(sections))


def _deadline(day: date, opens: date | None, overdue: bool, lang: Lang) -> str:
    text = day.isoformat() if opens is None else f"{opens} – {day}"
    return f"{text} ({_t('overdue', lang)})" if overdue else text


def _what_if_layout(report: WhatIf, lang: Lang) -> _Layout:
    ids = ", ".join(r.id for r in report.records)
    sections: list[_Section] = [_Pairs((
        (_t("dataset", lang), report.dataset_title.text(lang)),
        (_t("as_of", lang), report.as_of.isoformat()),
        (_t("records", lang), f"{len(report.records)}: {ids}" + (
            f" ({report.source})" if report.source else ""))))]
    headers = tuple(_t(k, lang) for k in ("rubric", "before", "after", "delta"))
    sections.append(_Grid(_t("what_if", lang), headers, tuple(
        (f"{c.title.text(lang)} ({c.rubric_id})", _card_cell(c.before, lang),
         _card_cell(c.after, lang), _signed(c.delta)) for c in report.rubrics), (3,)))
    items = tuple((c.rubric_id, i.code, i.title.text(lang),
                   f"{i.state_before.label.text(lang)} → {i.state_after.label.text(lang)}",
                   f"{number(i.points_before)} → {number(i.points_after)}", _signed(i.delta))
                  for c in report.rubrics for i in c.items)
    if items:
        headers = tuple(_t(k, lang) for k in ("rubric", "code", "item", "state", "points",
                                             "delta"))
        sections.append(_Grid(_t("items", lang), headers, items, (5,)))
    else:
        sections.append(_Note(_t("no_change", lang)))
    return _Layout(_t("what_if", lang), tuple(sections))


def _signed(value: float) -> str:
    return f"+{number(value)}" if value > 0 else number(value)


def _plan_layout(report: Plan, lang: Lang) -> _Layout:
    target = _t("target_pass" if report.target == "pass" else "target_full", lang)
    sections: list[_Section] = [_Pairs((
        (_t("dataset", lang), report.dataset_title.text(lang)),
        (_t("as_of", lang), report.as_of.isoformat()),
        (_t("by", lang), report.by.isoformat()),
        (_t("target", lang), target),
        (_t("reached", lang), _t("yes" if report.reached() else "no", lang))))]
    headers = tuple(_t(k, lang) for k in ("rubric", "baseline", "projected", "line"))
    sections.append(_Grid(_t("projection", lang), headers, tuple(
        (f"{a.rubric_title.text(lang)} ({a.rubric_id})", _card_cell(b, lang),
         _card_cell(a, lang), number(_line(a)))
        for b, a in zip(report.before, report.after, strict=True)), (3,)))
    if report.activities:
        headers = tuple(_t(k, lang) for k in ("rank", "what", "unit", "window", "count",
                                             "gain", "items"))
        rows = tuple((str(a.rank), f"{a.kind_name.text(lang)} — {a.what.text(lang)}",
                      unit_text(a.unit, a.unit_name, lang), f"{a.opens} – {a.deadline}",
                      str(a.count), _gains(dict(a.gains)), _where(a.where, lang))
                     for a in report.activities)
        sections.append(_Grid(_t("activities", lang), headers, rows, (0, 4)))
    else:
        sections.append(_Note(_t("no_activities", lang)))
    if report.lost:
        headers = tuple(_t(k, lang) for k in ("what", "unit", "deadline", "at_stake", "reason",
                                             "items"))
        lost = tuple((e.what.text(lang), unit_text(e.unit, e.unit_name, lang),
                      e.deadline.isoformat() if e.deadline else "—", _gains(dict(e.gains)),
                      e.reason.text(lang), _where(e.where, lang)) for e in report.lost)
        sections.append(_Grid(_t("lost", lang), headers, lost))
    else:
        sections.append(_Note(_t("no_lost", lang)))
    return _Layout(_t("plan", lang), tuple(sections))


def _line(card: Scorecard) -> float | None:
    line = pass_line_at(card)
    return None if line is None else round(line, 2)


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
_LINE_COLOURS = {"total": "#3f7cac", "maximum": "#9fb3c8", "line": "#c0392b"}


def trend_chart(rubric: RubricTrend, lang: Lang) -> str:
    """An inline SVG line chart of one rubric: total, maximum due and pass line by date."""
    points = rubric.points
    width, height, left, right, top, bottom = 720.0, 260.0, 48.0, 16.0, 16.0, 40.0
    top_value = max([p.maximum for p in points] + [p.total for p in points] + [1.0])
    span = max(1, (points[-1].as_of - points[0].as_of).days)

    def x_of(day: date) -> float:
        return left + (width - left - right) * (day - points[0].as_of).days / span

    def y_of(value: float) -> float:
        return top + (height - top - bottom) * (1 - value / top_value)

    def path(values: Sequence[tuple[date, float | None]]) -> str:
        shown = [(x_of(d), y_of(v)) for d, v in values if v is not None]
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in shown)

    legend = {"total": _t("total", lang), "maximum": _t("maximum", lang),
              "line": _t("line", lang)}
    parts = [f'<svg class="chart trend" data-rubric="{_e(rubric.rubric_id)}" '
             f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
             f'height="{height:.0f}" role="img">',
             f"<title>{_e(rubric.title.text(lang))} ({_e(rubric.rubric_id)})</title>"]
    for value in (0.0, top_value / 2, top_value):
        y = y_of(value)
        parts += [f'<line x1="{left:.0f}" x2="{width - right:.0f}" y1="{y:.1f}" y2="{y:.1f}" '
                  'stroke="#e4ecf4"/>',
                  f'<text x="{left - 6:.0f}" y="{y + 4:.1f}" text-anchor="end" class="muted">'
                  f"{_e(number(round(value, 1)))}</text>"]
    series: dict[str, list[tuple[date, float | None]]] = {
              "maximum": [(p.as_of, p.maximum) for p in points],
              "line": [(p.as_of, p.line) for p in points],
              "total": [(p.as_of, p.total) for p in points]}
    for name, values in series.items():
        dash = ' stroke-dasharray="5 4"' if name == "line" else ""
        parts.append(f'<polyline class="{name}" fill="none" stroke="{_LINE_COLOURS[name]}" '
                     f'stroke-width="2"{dash} points="{path(values)}"/>')
    for p in points:
        parts.append(f'<circle cx="{x_of(p.as_of):.1f}" cy="{y_of(p.total):.1f}" r="3" '
                     f'fill="{_LINE_COLOURS["total"]}"><title>{_e(p.as_of)}: '
                     f"{_e(number(p.total))} / {_e(number(p.maximum))}</title></circle>")
    base = height - bottom + 16
    parts += [f'<text x="{left:.0f}" y="{base:.0f}" class="muted">{_e(points[0].as_of)}</text>',
              f'<text x="{width - right:.0f}" y="{base:.0f}" class="muted" text-anchor="end">'
              f"{_e(points[-1].as_of)}</text>"]
    x = left
    for name, text in legend.items():
        parts += [f'<line x1="{x:.0f}" x2="{x + 18:.0f}" y1="{base + 14:.0f}" '
                  f'y2="{base + 14:.0f}" stroke="{_LINE_COLOURS[name]}" stroke-width="2"/>',
                  f'<text x="{x + 22:.0f}" y="{base + 18:.0f}">{_e(text)}</text>']
        x += 40 + max(0, wcwidth.wcswidth(text)) * 12 * 0.55
    parts.append("</svg>")
    return "\n".join(parts)


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


# -- json ------------------------------------------------------------------------
def _label(label: Label) -> dict[str, str]:
    return {"zh": label.zh, "en": label.en}


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


@to_data.register(Trend)
def _trend_data(report: Trend) -> dict[str, Any]:
    return {
        "schema": PROGRESS_SCHEMAS["trend"], "every": report.every,
        "dates": [d.isoformat() for d in report.dates],
        "dataset_title": _label(report.dataset_title),
        "rubrics": [{
            "rubric_id": r.rubric_id, "title": _label(r.title), "nominal": r.nominal,
            "pass_line": r.pass_line,
            "points": [{"as_of": p.as_of.isoformat(), "total": p.total, "maximum": p.maximum,
                        "line": p.line, "verdict": p.verdict, "met": p.met, "scored": p.scored,
                        "turned_met": list(p.turned_met),
                        "no_longer_met": list(p.no_longer_met)} for p in r.points],
        } for r in report.rubrics],
    }


@to_data.register(Agenda)
def _agenda_data(report: Agenda) -> dict[str, Any]:
    return {
        "schema": PROGRESS_SCHEMAS["agenda"], "as_of": report.as_of.isoformat(),
        "days": report.days, "horizon": report.horizon.isoformat(),
        "dataset_title": _label(report.dataset_title),
        "rubrics": {r: _label(t) for r, t in report.rubrics.items()},
        "total_at_stake": report.total_at_stake(),
        "entries": [{
            "deadline": e.deadline.isoformat(), "opens": _day(e.opens),
            "category": e.category.value, "what": _label(e.what), "title": _label(e.title),
            "unit": e.unit, "unit_name": _label(e.unit_name), "kinds": list(e.kinds),
            "found": e.found, "required": e.required, "overdue": e.overdue,
            "gains": e.gains,
            "stakes": [{"rubric_id": s.rubric_id, "item_code": s.item_code,
                        "item_title": _label(s.item_title), "points": s.points}
                       for s in e.stakes],
        } for e in report.entries],
    }


def _summary(card: Scorecard) -> dict[str, Any]:
    return {"total": card.total, "maximum": card.maximum, "line": pass_line_at(card),
            "verdict": card.verdict}


@to_data.register(WhatIf)
def _what_if_data(report: WhatIf) -> dict[str, Any]:
    return {
        "schema": PROGRESS_SCHEMAS["what-if"], "as_of": report.as_of.isoformat(),
        "source": report.source, "records": [r.id for r in report.records],
        "dataset_title": _label(report.dataset_title),
        "rubrics": [{
            "rubric_id": c.rubric_id, "title": _label(c.title), "before": _summary(c.before),
            "after": _summary(c.after), "delta": c.delta,
            "items": [{"code": i.code, "title": _label(i.title),
                       "state_before": i.state_before.value,
                       "state_after": i.state_after.value, "points_before": i.points_before,
                       "points_after": i.points_after, "delta": i.delta} for i in c.items],
        } for c in report.rubrics],
    }


def _where_data(where: Sequence[tuple[str, str, Label]]) -> list[dict[str, Any]]:
    return [{"rubric_id": r, "item_code": c, "item_title": _label(t)} for r, c, t in where]


@to_data.register(Plan)
def _plan_data(report: Plan) -> dict[str, Any]:
    return {
        "schema": PROGRESS_SCHEMAS["plan"], "as_of": report.as_of.isoformat(),
        "by": report.by.isoformat(), "target": report.target, "reached": report.reached(),
        "dataset_title": _label(report.dataset_title),
        "rubrics": [{"rubric_id": a.rubric_id, "title": _label(a.rubric_title),
                     "before": _summary(b), "after": _summary(a)}
                    for b, a in zip(report.before, report.after, strict=True)],
        "activities": [{
            "rank": a.rank, "what": _label(a.what), "kind": a.kind, "unit": a.unit,
            "opens": a.opens.isoformat(), "deadline": a.deadline.isoformat(),
            "count": a.count, "gains": dict(a.gains), "items": _where_data(a.where),
            "records": [{"id": r.id, "unit": r.unit, "kind": r.kind, "date": r.date.isoformat(),
                         "filed": _day(r.filed), "title": r.title} for r in a.records],
        } for a in report.activities],
        "lost": [{"what": _label(e.what), "unit": e.unit, "deadline": _day(e.deadline),
                  "gains": dict(e.gains), "reason": _label(e.reason),
                  "items": _where_data(e.where)} for e in report.lost],
        "lost_total": report.lost_total(),
    }


# -- xlsx ------------------------------------------------------------------------
# Numbers stay numbers and dates stay dates, so that a clerk can sort, filter and
# chart them; every string goes through ``_xlsx._put`` like every other workbook's.
_DATE = "yyyy-mm-dd"


def _sheet(book: Workbook, key: str, lang: Lang) -> Worksheet:
    return _xlsx._new_sheet(book, _t(key, lang))


def _typed_table(sheet: Worksheet, headers: Sequence[str], body: Sequence[Sequence[object]],
                 row: int = 1) -> int:
    """``_xlsx._table`` with every date cell shown as a date; returns the next free row."""
    end = _xlsx._table(sheet, headers, body, row)
    for line in sheet.iter_rows(min_row=row + 1, max_row=end - 1):
        for cell in line:
            if isinstance(cell.value, date):
                cell.number_format = _DATE
    _xlsx._fit(sheet, start_row=row)
    return end


def _verdict_text(card: Scorecard, lang: Lang) -> str:
    return verdict(card.verdict).text(lang)


def _trend_xlsx(report: Trend, lang: Lang) -> bytes:
    """One tidy sheet (a row per rubric and date), and a sheet of native line charts."""
    book = _xlsx._book()
    data = _sheet(book, "trend", lang)
    start = _xlsx._header_block(data, _t("trend", lang), [
        (_t("dataset", lang), report.dataset_title.text(lang)),
        (_t("every", lang), report.every),
        (_t("span", lang), f"{report.start} – {report.end}")], lang)
    headers = [_t("rubric", lang), _t("rubric_title", lang), _t("date", lang),
               _t("total", lang), _t("maximum", lang), _t("line", lang), _t("verdict", lang),
               _t("met", lang), _t("scored", lang), _t("turned_met", lang),
               _t("no_longer_met", lang)]
    body: list[list[object]] = []
    spans: list[tuple[RubricTrend, int, int]] = []
    for rubric in report.rubrics:
        first = start + 1 + len(body)
        body += [[rubric.rubric_id, rubric.title.text(lang), p.as_of, _xlsx._num(p.total),
                  _xlsx._num(p.maximum), _xlsx._num(p.line), verdict(p.verdict).text(lang),
                  p.met, p.scored, _codes(rubric, p.turned_met, lang),
                  _codes(rubric, p.no_longer_met, lang)] for p in rubric.points]
        spans.append((rubric, first, start + len(body)))
    end = _typed_table(data, headers, body, start)
    _xlsx._put(data, end + 1, 1, _t("line_note", lang))
    charts = _sheet(book, "chart", lang)
    _xlsx._put(charts, 1, 1, _t("trend", lang)).font = _xlsx._TITLE
    _xlsx._print_setup(charts, 1)
    anchor = 3
    for rubric, first, last in spans:
        if last < first:
            continue
        chart = LineChart()
        chart.title = f"{rubric.title.text(lang)} ({rubric.rubric_id})"
        chart.y_axis.title = _t("total", lang)
        chart.x_axis.number_format = _DATE
        # Excel since 2019 hides an axis whose "delete" flag is left unset.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.height, chart.width = 8.0, 18.0
        for column_number in (4, 6):  # the total, then the pass line
            chart.add_data(Reference(data, min_col=column_number, min_row=first, max_row=last))
        chart.set_categories(Reference(data, min_col=3, min_row=first, max_row=last))
        _name_series(chart, lang)
        charts.add_chart(chart, f"A{anchor}")
        anchor += 17
    return _xlsx._save(book)


def _name_series(chart: LineChart, lang: Lang) -> None:
    """Name the two series by text: only the first rubric's rows sit under the header row."""
    from openpyxl.chart.series import SeriesLabel

    for series, key in zip(chart.series, ("total", "line"), strict=True):
        series.tx = SeriesLabel(v=_t(key, lang))
    chart.series[1].graphicalProperties.line.dashStyle = "dash"


def _agenda_xlsx(report: Agenda, lang: Lang) -> bytes:
    """The full list, then a checklist sheet per responsible unit (up to the cap)."""
    book = _xlsx._book()
    rubrics = list(report.rubrics)
    full = _sheet(book, "agenda_sheet", lang)
    totals = report.total_at_stake()
    fields: list[tuple[str, object]] = [
        (_t("dataset", lang), report.dataset_title.text(lang)),
        (_t("as_of", lang), report.as_of), (_t("horizon", lang), report.horizon),
        (_t("days", lang), report.days)]
    fields += [(f"{_t('total_at_stake', lang)} {r}", _xlsx._num(totals.get(r, 0.0)))
               for r in rubrics]
    start = _xlsx._header_block(full, _t("agenda", lang), fields, lang)
    headers = [_t("deadline", lang), _t("opens_on", lang), _t("overdue_column", lang),
               _t("category", lang), _t("what", lang), _t("unit", lang), _t("unit_name", lang),
               *(f"{_t('at_stake', lang)} {r}" for r in rubrics), _t("combined", lang),
               _t("items", lang), _t("found", lang), _t("required", lang)]

    def line(e: Any) -> list[object]:
        return [e.deadline, e.opens, _t("yes" if e.overdue else "no", lang),
                e.category.label.text(lang), e.title.text(lang), e.unit,
                e.unit_name.text(lang), *(_xlsx._num(e.gains.get(r)) for r in rubrics),
                _xlsx._num(e.combined),
                "\n".join(dict.fromkeys(f"{s.rubric_id} {s.item_code} "
                                        f"{s.item_title.text(lang)}" for s in e.stakes)),
                e.found, e.required]

    _typed_table(full, headers, [line(e) for e in report.entries], start)
    if not report.entries:
        _xlsx._put(full, full.max_row + 2, 1, _t("nothing_due", lang))
    per_unit = report.by_unit()
    if len(per_unit) > MAX_UNIT_SECTIONS:
        # As with the rectification list: thousands of sheets help nobody; filter instead.
        _xlsx._put(full, full.max_row + 2, 1, _xlsx._UNIT_SHEETS_OMITTED.text(lang).format(
            units=len(per_unit), limit=MAX_UNIT_SECTIONS))
        per_unit = {}
    check_headers = [_t("done", lang), _t("deadline", lang), _t("opens_on", lang),
                     _t("overdue_column", lang), _t("what", lang),
                     *(f"{_t('at_stake', lang)} {r}" for r in rubrics), _t("items", lang)]
    for unit, entries in per_unit.items():
        name = unit_text(unit, entries[0].unit_name, lang)
        sheet = _xlsx._new_sheet(book, entries[0].unit_name.text(lang) or unit)
        begin = _xlsx._header_block(sheet, f"{_t('checklists', lang)} · {name}", [
            (_t("unit", lang), name), (_t("as_of", lang), report.as_of),
            (_t("horizon", lang), report.horizon)], lang)
        # The first column is left empty for the tick.
        _typed_table(sheet, check_headers, [
            ["", e.deadline, e.opens, _t("yes" if e.overdue else "no", lang),
             e.title.text(lang), *(_xlsx._num(e.gains.get(r)) for r in rubrics),
             "\n".join(dict.fromkeys(f"{s.rubric_id} {s.item_code} {s.item_title.text(lang)}"
                                     for s in e.stakes))] for e in entries], begin)
        _xlsx._widen(sheet, "A", 8)
    return _xlsx._save(book)


def _what_if_xlsx(report: WhatIf, lang: Lang) -> bytes:
    book = _xlsx._book()
    sheet = _sheet(book, "what_if", lang)
    start = _xlsx._header_block(sheet, _t("what_if", lang), [
        (_t("dataset", lang), report.dataset_title.text(lang)),
        (_t("as_of", lang), report.as_of), (_t("source", lang), report.source),
        (_t("count", lang), len(report.records))], lang)
    _typed_table(sheet, [_t(k, lang) for k in (
        "rubric", "rubric_title", "total_before", "maximum_before", "verdict_before",
        "total_after", "maximum_after", "verdict_after", "delta")], [
        [c.rubric_id, c.title.text(lang), _xlsx._num(c.before.total),
         _xlsx._num(c.before.maximum), _verdict_text(c.before, lang),
         _xlsx._num(c.after.total), _xlsx._num(c.after.maximum), _verdict_text(c.after, lang),
         _xlsx._num(c.delta)] for c in report.rubrics], start)
    items = _sheet(book, "items_sheet", lang)
    _typed_table(items, [_t(k, lang) for k in (
        "rubric", "code", "item", "state_before", "state_after", "points_before",
        "points_after", "delta")], [
        [c.rubric_id, _xlsx._code(i.code), i.title.text(lang),
         i.state_before.label.text(lang), i.state_after.label.text(lang),
         _xlsx._num(i.points_before), _xlsx._num(i.points_after), _xlsx._num(i.delta)]
        for c in report.rubrics for i in c.items])
    if not any(c.items for c in report.rubrics):
        _xlsx._put(items, 3, 1, _t("no_change", lang))
    records = _sheet(book, "records", lang)
    _typed_table(records, [_t(k, lang) for k in ("record_id", "unit", "kind", "record_date",
                                                 "record_title")],
                 [[r.id, r.unit, r.kind, r.date, r.title] for r in report.records])
    return _xlsx._save(book)


def _plan_xlsx(report: Plan, lang: Lang) -> bytes:
    """The projection, the proposed activities, and what is lost, a sheet each."""
    book = _xlsx._book()
    rubrics = list(report.rubrics)
    sheet = _sheet(book, "plan", lang)
    target = _t("target_pass" if report.target == "pass" else "target_full", lang)
    start = _xlsx._header_block(sheet, _t("plan", lang), [
        (_t("dataset", lang), report.dataset_title.text(lang)),
        (_t("as_of", lang), report.as_of), (_t("by", lang), report.by),
        (_t("target", lang), target),
        (_t("reached", lang), _t("yes" if report.reached() else "no", lang))], lang)
    _typed_table(sheet, [_t(k, lang) for k in (
        "rubric", "rubric_title", "total_baseline", "verdict_baseline", "total_projected",
        "maximum_projected", "verdict_projected", "line")], [
        [a.rubric_id, a.rubric_title.text(lang), _xlsx._num(b.total), _verdict_text(b, lang),
         _xlsx._num(a.total), _xlsx._num(a.maximum), _verdict_text(a, lang),
         _xlsx._num(_line(a))]
        for b, a in zip(report.before, report.after, strict=True)], start)
    activities = _sheet(book, "activities", lang)
    _typed_table(activities, [
        _t("rank", lang), _t("kind", lang), _t("kind_name", lang), _t("what", lang),
        _t("unit", lang), _t("unit_name", lang), _t("opens_on", lang), _t("deadline", lang),
        _t("count", lang), *(f"{_t('gain', lang)} {r}" for r in rubrics), _t("combined", lang),
        _t("items", lang)], [
        [a.rank, a.kind, a.kind_name.text(lang), a.what.text(lang), a.unit,
         a.unit_name.text(lang), a.opens, a.deadline, a.count,
         *(_xlsx._num(a.gains.get(r)) for r in rubrics), _xlsx._num(a.combined_gain),
         _where(a.where, lang)] for a in report.activities])
    if not report.activities:
        _xlsx._put(activities, 3, 1, _t("no_activities", lang))
    lost = _sheet(book, "lost", lang)
    _typed_table(lost, [
        _t("what", lang), _t("unit", lang), _t("unit_name", lang), _t("deadline", lang),
        *(f"{_t('at_stake', lang)} {r}" for r in rubrics), _t("combined", lang),
        _t("reason", lang), _t("items", lang)], [
        [e.what.text(lang), e.unit, e.unit_name.text(lang), e.deadline,
         *(_xlsx._num(e.gains.get(r)) for r in rubrics), _xlsx._num(e.combined),
         e.reason.text(lang), _where(e.where, lang)] for e in report.lost])
    if not report.lost:
        _xlsx._put(lost, 3, 1, _t("no_lost", lang))
    return _xlsx._save(book)


for _type in (Trend, Agenda, WhatIf, Plan):
    _table._render.register(_type, _as_table)
    _markdown._render.register(_type, _as_markdown)
    _html._render.register(_type, _as_html)
_xlsx._render.register(Trend, _trend_xlsx)
_xlsx._render.register(Agenda, _agenda_xlsx)
_xlsx._render.register(WhatIf, _what_if_xlsx)
_xlsx._render.register(Plan, _plan_xlsx)

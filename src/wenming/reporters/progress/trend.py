"""The trend report (``wenming.trend/1``): its layout, SVG chart, JSON data and workbook."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import wcwidth
from openpyxl.chart import LineChart, Reference

from wenming.model.labels import Label, Lang
from wenming.reporters import safety
from wenming.reporters import xlsx as _xlsx
from wenming.reporters.json_format import to_data
from wenming.reporters.labels import number, verdict
from wenming.reporters.progress.sections import (
    _DATE,
    PROGRESS_SCHEMAS,
    _Grid,
    _label,
    _Layout,
    _List,
    _Note,
    _Pairs,
    _Section,
    _sheet,
    _t,
    _typed_table,
)
from wenming.reports.trend import RubricTrend, Trend

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


def _codes(rubric: RubricTrend, codes: Sequence[str], lang: Lang) -> str:
    return "\n".join(f"{c} {rubric.item_title(c).text(lang)}" for c in codes)


def _trend_layout(report: Trend, lang: Lang) -> _Layout:
    sections: list[_Section] = [_Pairs((
        (_t("dataset", lang), report.dataset_title.text(lang)),
        (_t("every", lang), _step(report.every, lang)),
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


def _trend_xlsx(report: Trend, lang: Lang) -> bytes:
    """One tidy sheet (a row per rubric and date), and a sheet of native line charts."""
    book = _xlsx._book()
    data = _sheet(book, "trend", lang)
    start = _xlsx._header_block(data, _t("trend", lang), [
        (_t("dataset", lang), report.dataset_title.text(lang)),
        (_t("every", lang), _step(report.every, lang)),
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


_STEPS = {"week": Label("每周", "week"), "month": Label("每月", "month"),
          "quarter": Label("每季度", "quarter")}


def _step(every: str, lang: Lang) -> str:
    """The step of the curve as a reader says it (每月), the id where none is known."""
    label = _STEPS.get(every)
    return label.text(lang) if label is not None else every

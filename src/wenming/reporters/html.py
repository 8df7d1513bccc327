"""``html``: one self-contained page — inline CSS, inline SVG charts, nothing fetched.

The page must open from a USB stick on an office PC with no network, so it
names no external resource at all: no web fonts, scripts, images or links
(SVG is inline HTML5 SVG, which needs no namespace URL). Chinese text uses
the CJK fonts already installed on Windows, macOS or Linux. Every piece of
text from data is escaped (with its control characters replaced, see
:func:`wenming.reporters.safety.html_text`), and no link or attribute is
ever made from data other than quoted ``id``/``data-rubric`` values.

Charts: the total of each rubric against its maximum (with the pass line),
per rubric the points of each area, and a unit × item heat map of the share
of each unit's checks met (coverage, timeliness … checks carry a unit).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import singledispatch

import wcwidth

from wenming.model.labels import Label, Lang
from wenming.plugins.types import Reporter
from wenming.reporters import _rows as rows
from wenming.reporters import safety
from wenming.reporters.labels import check_lang, column, number, title, verdict
from wenming.reports import Comparison, GapList, ScoreReport, Timeline, heat_map
from wenming.reports.compare import RubricColumn
from wenming.reports.score import HeatMap
from wenming.scoring.scorecard import Scorecard
from wenming.scoring.states import State

__all__ = ["FONT_STACK", "HTML", "render"]

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
              '"WenQuanYi Micro Hei", sans-serif')

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: __FONT__; margin: 0; padding: 24px 32px; color: #1f2933;
       background: #fbfbfa; line-height: 1.5; font-size: 14px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 2px solid #c8d3dd; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
.meta { color: #52606d; margin: 0 0 16px; }
dl.summary { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 8px 0; }
dl.summary dt { font-weight: bold; color: #3e4c59; }
dl.summary dd { margin: 0; }
table { border-collapse: collapse; margin: 8px 0 16px; background: #fff; width: 100%; }
th, td { border: 1px solid #d9e2ec; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #e4ecf4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.findings { font-size: 12px; color: #3e4c59; white-space: pre-line; }
.state { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px;
         white-space: nowrap; }
.s-met { background: #d5f5e3; color: #145a32; }
.s-partial { background: #fdebd0; color: #7e5109; }
.s-unmet, .s-overdue, .s-fail { background: #fadbd8; color: #78281f; }
.s-missing { background: #fcf3cf; color: #7d6608; }
.s-current { background: #d6eaf8; color: #1b4f72; }
.s-pass { background: #d5f5e3; color: #145a32; }
.s-other { background: #eaeded; color: #424949; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 8px 0 16px; }
svg.chart text { font-family: __FONT__; font-size: 12px; fill: #1f2933; }
svg.chart .muted { fill: #7b8794; }
footer { margin-top: 40px; color: #7b8794; font-size: 12px; }
""".replace("__FONT__", FONT_STACK)

#: Display columns of a chart's row label before it is cut (the full text is its tooltip).
_LABEL_COLUMNS = 30
_BAR = "#3f7cac"
_TRACK = "#e4ecf4"
_PASS = "#c0392b"
_STATE_CLASS = {
    State.MET: "s-met", State.PARTIAL: "s-partial", State.UNMET: "s-unmet",
}
_PHASE_FILL = {"done": "#9fb3c8", "current": "#3f7cac", "upcoming": "#d9e2ec"}


_e = safety.html_text


def _px(text: str, size: float = 12.0) -> float:
    """Rough rendered width of ``text``: half an em per display column."""
    return max(0, wcwidth.wcswidth(text)) * size * 0.55


def _badge(text: str, css: str) -> str:
    return f'<span class="state {css}">{_e(text)}</span>'


def _state_badge(state: State, lang: Lang) -> str:
    return _badge(state.label.text(lang), _STATE_CLASS.get(state, "s-other"))


def _verdict_badge(value: str | None, lang: Lang) -> str:
    css = {"pass": "s-pass", "fail": "s-fail"}.get(value or "", "s-other")
    return _badge(verdict(value).text(lang), css)


def _table(headers: Sequence[str], body: Sequence[Sequence[str]], numeric: Sequence[int] = (),
           raw: Sequence[int] = (), css: dict[int, str] | None = None) -> str:
    """A table; cells in ``raw`` columns are already HTML, the rest are escaped."""
    css = css or {}
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    lines = [f"<table><thead><tr>{head}</tr></thead><tbody>"]
    for row in body:
        cells = []
        for i, value in enumerate(row):
            classes = " ".join(c for c in ("num" if i in numeric else "", css.get(i, "")) if c)
            attr = f' class="{classes}"' if classes else ""
            cells.append(f"<td{attr}>{value if i in raw else _e(value)}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _page(heading: str, meta: str, body: Sequence[str], lang: Lang) -> str:
    code = "zh-CN" if lang == "zh" else "en"
    footer = Label("由 wenming 生成；本页不引用任何外部资源。",
                   "Generated by wenming; this page loads nothing from outside.").text(lang)
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{code}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{_e(heading)}</h1><p class=\"meta\">{_e(meta)}</p></header>",
        "<main>",
        *body,
        "</main>",
        f"<footer>{_e(footer)}</footer>",
        "</body>",
        "</html>",
        "",
    ])


# -- charts ----------------------------------------------------------------
def _bars(rows_: Sequence[tuple[str, float, float, str]], css: str, rubric: str = "",
          marks: Sequence[float | None] = ()) -> str:
    """Horizontal bars: (label, value, maximum, caption) per row, scaled to each maximum.

    ``marks`` puts a red tick at that share of a row's bar (the pass line).
    """
    shown = [rows.clip(r[0], _LABEL_COLUMNS) for r in rows_]
    label_w = max([_px(t) for t in shown] + [40]) + 16
    bar_w, row_h, caption_w = 360.0, 26, 200
    width = label_w + bar_w + caption_w
    height = row_h * len(rows_) + 8
    attr = f' data-rubric="{_e(rubric)}"' if rubric else ""
    parts = [f'<svg class="chart {css}"{attr} viewBox="0 0 {width:.0f} {height}" '
             f'width="{width:.0f}" height="{height}" role="img">']
    for i, (label, value, maximum, caption) in enumerate(rows_):
        y = 4 + i * row_h
        share = max(0.0, min(1.0, value / maximum)) if maximum > 0 else 0.0
        parts += [
            f'<text x="{label_w - 8:.0f}" y="{y + 17}" text-anchor="end">{_e(shown[i])}'
            f"<title>{_e(label)}</title></text>",
            f'<rect x="{label_w:.0f}" y="{y + 4}" width="{bar_w:.0f}" height="{row_h - 8}" '
            f'fill="{_TRACK}"/>',
            f'<rect x="{label_w:.0f}" y="{y + 4}" width="{bar_w * share:.1f}" '
            f'height="{row_h - 8}" fill="{_BAR}"><title>{_e(caption)}</title></rect>',
            f'<text x="{label_w + bar_w + 8:.0f}" y="{y + 17}">{_e(caption)}</text>',
        ]
        mark = marks[i] if i < len(marks) else None
        if mark is not None:
            x = label_w + bar_w * max(0.0, min(1.0, mark))
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1}" y2="{y + row_h - 1}" '
                         f'stroke="{_PASS}" stroke-width="2"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def _totals_chart(columns: Sequence[RubricColumn], lang: Lang) -> str:
    data = [(r.rubric_id, r.total, r.maximum,
             f"{number(r.total)} / {number(r.maximum)} ({number(r.nominal)})")
            for r in columns]
    marks = [r.pass_line / r.nominal if r.pass_line is not None and r.nominal else None
             for r in columns]
    return _bars(data, "totals", marks=marks)


def _area_chart(card: Scorecard, lang: Lang) -> str:
    data = [(f"{a.code} {a.title.text(lang)}", a.points, a.maximum,
             f"{number(a.points)} / {number(a.maximum)}") for a in card.areas]
    if not data:
        data = [(card.rubric_id, card.total, card.maximum,
                 f"{number(card.total)} / {number(card.maximum)}")]
    return _bars(data, "areas", rubric=card.rubric_id)


def _heat_colour(share: float) -> str:
    # red (0) → amber (0.5) → green (1), light enough for dark text
    if share < 0.5:
        t = share / 0.5
        r, g, b = 245, int(183 + (220 - 183) * t), int(177 + (140 - 177) * t)
    else:
        t = (share - 0.5) / 0.5
        r, g, b = int(245 + (171 - 245) * t), int(220 + (235 - 220) * t), int(140 + (198 - 140) * t)
    return f"#{r:02x}{g:02x}{b:02x}"


def _heat_chart(matrix: HeatMap, names: dict[str, Label], lang: Lang) -> str:
    labels = [rows.clip((names.get(u) or Label(u, u)).text(lang), _LABEL_COLUMNS)
              for u in matrix.units]
    label_w = max([_px(t) for t in labels] + [40]) + 16
    cell_w, cell_h, head_h = 56, 24, 28
    width = label_w + cell_w * len(matrix.items) + 8
    height = head_h + cell_h * len(matrix.units) + 8
    parts = [f'<svg class="chart heatmap" data-rubric="{_e(matrix.rubric_id)}" '
             f'viewBox="0 0 {width:.0f} {height}" width="{width:.0f}" height="{height}" '
             'role="img">']
    for j, (code, item_title) in enumerate(matrix.items):
        x = label_w + j * cell_w + cell_w / 2
        parts.append(f'<text x="{x:.0f}" y="{head_h - 10}" text-anchor="middle">{_e(code)}'
                     f"<title>{_e(item_title.text(lang))}</title></text>")
    for i, (unit, label) in enumerate(zip(matrix.units, labels, strict=True)):
        y = head_h + i * cell_h
        parts.append(f'<text x="{label_w - 8:.0f}" y="{y + 16}" text-anchor="end">'
                     f"{_e(label)}</text>")
        for j, (code, _) in enumerate(matrix.items):
            x = label_w + j * cell_w
            share = matrix.share(unit, code)
            if share is None:
                parts.append(f'<rect x="{x + 1:.0f}" y="{y + 1}" width="{cell_w - 2}" '
                             f'height="{cell_h - 2}" fill="#f4f5f7"/>')
                continue
            met, counted = matrix.cells[(unit, code)]
            parts += [
                f'<rect x="{x + 1:.0f}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="{_heat_colour(share)}"><title>{_e(label)} · {_e(code)}: '
                f"{met:g}/{counted}</title></rect>",
                f'<text x="{x + cell_w / 2:.0f}" y="{y + 16}" text-anchor="middle">'
                f"{share:.0%}</text>",
            ]
    parts.append("</svg>")
    return "\n".join(parts)


def _timeline_chart(report: Timeline, lang: Lang) -> str:
    start, end = report.window.start, report.window.end
    span = max(1, (end - start).days)
    labels = [rows.clip(p.name.text(lang), _LABEL_COLUMNS) for p in report.phases]
    label_w = max([_px(t) for t in labels] + [40]) + 16
    bar_w, row_h = 560.0, 26
    width = label_w + bar_w + 16
    height = row_h * len(report.phases) + 40

    def x_of(day: date) -> float:
        days = (day - start).days
        return label_w + bar_w * max(0.0, min(1.0, days / span))

    parts = [f'<svg class="chart timeline" viewBox="0 0 {width:.0f} {height}" '
             f'width="{width:.0f}" height="{height}" role="img">']
    for i, (phase, label) in enumerate(zip(report.phases, labels, strict=True)):
        y = 4 + i * row_h
        x0, x1 = x_of(phase.window.start), x_of(phase.window.end)
        parts += [
            f'<text x="{label_w - 8:.0f}" y="{y + 17}" text-anchor="end">{_e(label)}</text>',
            f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(2.0, x1 - x0):.1f}" '
            f'height="{row_h - 8}" fill="{_PHASE_FILL[phase.status.value]}">'
            f"<title>{_e(label)} {_e(phase.window)}: {_e(phase.status.label.text(lang))}"
            "</title></rect>",
        ]
    axis_y = 4 + len(report.phases) * row_h
    parts += [f'<text x="{label_w:.0f}" y="{axis_y + 14}" class="muted">{start}</text>',
              f'<text x="{label_w + bar_w:.0f}" y="{axis_y + 14}" class="muted" '
              f'text-anchor="end">{end}</text>']
    if start <= report.as_of <= end:
        x = x_of(report.as_of)
        parts += [f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{axis_y}" stroke="{_PASS}" '
                  'stroke-width="2" stroke-dasharray="4 3"/>',
                  f'<text x="{x:.1f}" y="{axis_y + 30}" text-anchor="middle">'
                  f"{_e(column('as_of', lang))} {report.as_of}</text>"]
    parts.append("</svg>")
    return "\n".join(parts)


# -- sections --------------------------------------------------------------
def _card_section(card: Scorecard, report: ScoreReport, lang: Lang) -> str:
    summary = rows.card_summary(card, lang)
    items = [[item.code, item.title.text(lang), _state_badge(item.state, lang),
              number(item.points), number(item.maximum),
              "\n".join(rows.findings_text(item, lang)), str(len(item.evidence))]
             for item in card.items.values()]
    matrix = heat_map(card)
    heat = (_heat_chart(matrix, dict(report.units), lang) if not matrix.empty
            else f'<p class="meta">{_e(title("no_heat_map", lang))}</p>')
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in summary
                 if k != column("verdict", lang))
    dl += f"<dt>{_e(column('verdict', lang))}</dt><dd>{_verdict_badge(card.verdict, lang)}</dd>"
    return "\n".join([
        f'<section class="rubric" id="rubric-{_e(card.rubric_id)}">',
        f"<h2>{_e(rows.rubric_name(card, lang))}</h2>",
        f'<dl class="summary">{dl}</dl>',
        f"<h3>{_e(title('areas', lang))}</h3>",
        _area_chart(card, lang),
        f"<h3>{_e(title('heat_map', lang))}</h3>",
        heat,
        _table(rows.item_headers(lang), items, numeric=(3, 4, 6), raw=(2,),
               css={5: "findings"}),
        "</section>",
    ])


def _gap_section(report: GapList, lang: Lang, tag: str = "h2") -> str:
    parts = [f'<section class="gaps"><{tag}>{_e(title("gaps", lang))}</{tag}>']
    if report.gaps:
        body = [rows.gap_row(g, report, lang) for g in report.gaps]
        n = len(report.rubrics)
        css = {1: "findings", 2: "findings"}
        for row, gap in zip(body, report.gaps, strict=True):
            if gap.overdue:
                row[4] = _badge(row[4], "s-overdue")
            else:
                row[4] = _e(row[4])
        parts.append(_table(rows.gap_headers(report, lang), body,
                            numeric=(0, *range(5, 6 + n)), raw=(4,), css=css))
    else:
        parts.append(f"<p>{_e(title('no_gaps', lang))}</p>")
    if report.to_assess:
        parts += [f"<h3>{_e(title('to_assess', lang))}</h3>",
                  _table(rows.assess_headers(lang),
                         [rows.assess_row(e, lang) for e in report.to_assess], numeric=(5,),
                         css={6: "findings"})]
    parts.append("</section>")
    return "\n".join(parts)


def _meta(lang: Lang, *pairs: tuple[str, str]) -> str:
    return " · ".join(f"{k}: {v}" for k, v in pairs if v)


# -- reports ---------------------------------------------------------------
@singledispatch
def _render(report: object, lang: Lang) -> str:
    raise rows.UnsupportedReportError("html", report, rows.SUPPORTED)


@_render.register(ScoreReport)
def _score(report: ScoreReport, lang: Lang) -> str:
    columns = [RubricColumn(c.rubric_id, c.rubric_version, c.rubric_title, c.model, c.total,
                            c.maximum, c.nominal, c.pass_line, c.verdict, c.areas, c.overlay)
               for c in report.cards]
    body = [f"<h2>{_e(title('totals', lang))}</h2>", _totals_chart(columns, lang)]
    body += [_card_section(card, report, lang) for card in report.cards]
    if report.gaps is not None:
        body.append(_gap_section(report.gaps, lang))
    day = report.as_of.isoformat() if report.as_of else ""
    meta = _meta(lang, (column("dataset", lang), report.dataset_title.text(lang)),
                 (column("as_of", lang), day))
    return _page(title("score", lang), meta, body, lang)


@_render.register(GapList)
def _gaps(report: GapList, lang: Lang) -> str:
    gains = report.total_gain()
    chart = _bars([(r, gains.get(r, 0.0), max(gains.values() or [0.0]) or 1.0,
                    number(gains.get(r, 0.0))) for r in report.rubrics], "gains")
    body = [f"<h2>{_e(column('gain', lang))}</h2>", chart, _gap_section(report, lang)]
    meta = _meta(lang, (column("dataset", lang), report.dataset_title.text(lang)),
                 (column("as_of", lang), report.as_of.isoformat()))
    return _page(title("gaps", lang), meta, body, lang)


@_render.register(Comparison)
def _compare(report: Comparison, lang: Lang) -> str:
    kind_body = []
    for k in report.kinds:
        cells = [_e(f"{k.label.text(lang)} ({k.kind})")]
        cells += [_state_badge(k.states[r], lang) if r in k.states else "—"
                  for r in report.rubric_ids]
        kind_body.append(cells)
    n = len(report.rubric_ids)
    body = [f"<h2>{_e(title('totals', lang))}</h2>", _totals_chart(report.rubrics, lang),
            _table(rows.totals_headers(lang), rows.totals_rows(report, lang),
                   numeric=(3, 4, 5, 6, 8)),
            f"<h2>{_e(title('areas', lang))}</h2>"]
    for column_ in report.rubrics:
        data = [(f"{a.code} {a.title.text(lang)}", a.points, a.maximum,
                 f"{number(a.points)} / {number(a.maximum)}") for a in column_.areas]
        if data:
            body += [f"<h3>{_e(column_.title.text(lang))} ({_e(column_.rubric_id)})</h3>",
                     _bars(data, "areas", rubric=column_.rubric_id)]
    body += [f"<h2>{_e(title('kinds', lang))}</h2>",
             _table(rows.kind_headers(report, lang), kind_body, raw=tuple(range(n + 1)))]
    divergent = rows.kind_rows(report, lang, only_divergent=True)
    if divergent:
        body += [f"<h2>{_e(title('divergent', lang))}</h2>",
                 _table(rows.kind_headers(report, lang), divergent)]
    single = rows.single_use_rows(report, lang)
    if single:
        body += [f"<h2>{_e(title('single_use', lang))}</h2>",
                 _table(rows.single_use_headers(lang), single)]
    if report.unused:
        body += [f"<h2>{_e(title('unused', lang))} ({len(report.unused)})</h2>",
                 f"<p>{_e(', '.join(report.unused))}</p>"]
    day = report.as_of.isoformat() if report.as_of else ""
    meta = _meta(lang, (column("dataset", lang), report.dataset_title.text(lang)),
                 (column("as_of", lang), day))
    return _page(title("compare", lang), meta, body, lang)


@_render.register(Timeline)
def _timeline(report: Timeline, lang: Lang) -> str:
    css = {"met": "s-met", "missing": "s-missing", "overdue": "s-overdue",
           "upcoming": "s-other", "done": "s-other", "current": "s-current"}
    body_rows = []
    for phase in report.phases:
        lines = [f"{_e(d.label.text(lang))} "
                 f"{_badge(d.status.label.text(lang), css[d.status.value])}"
                 + (f" <small>{_e(', '.join(d.evidence))}</small>" if d.evidence else "")
                 for d in phase.deliverables]
        body_rows.append([_e(f"{phase.name.text(lang)} ({phase.id})"), _e(phase.window),
                          _badge(phase.status.label.text(lang), css[phase.status.value]),
                          "<br>".join(lines) or "—"])
    body = [_timeline_chart(report, lang),
            _table(rows.timeline_headers(lang), body_rows, raw=(0, 1, 2, 3))]
    overdue = report.overdue()
    if overdue:
        items = "".join(f"<li>{_e(p.name.text(lang))}: {_e(d.label.text(lang))}</li>"
                        for p, d in overdue)
        body += [f"<h2>{_e(title('overdue', lang))}</h2>", f"<ul>{items}</ul>"]
    meta = _meta(lang, (column("dataset", lang), report.title.text(lang)),
                 (column("window", lang), str(report.window)),
                 (column("as_of", lang), report.as_of.isoformat()))
    return _page(title("timeline", lang), meta, body, lang)


def render(report: object, lang: str = "en") -> str:
    """Render a ScoreReport, GapList, Comparison or Timeline (or scorecards) as one HTML page."""
    result: str = _render(rows.as_report(report), check_lang(lang))
    return result


HTML = Reporter("html", render,
                Label("单文件网页（内嵌图表，无外部资源）",
                      "One self-contained HTML page with inline charts"),
                suffix=".html")

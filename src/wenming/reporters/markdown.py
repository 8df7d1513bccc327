"""``markdown``: GitHub-flavoured Markdown, for a wiki page or a pasted message.

Every piece of data goes through :func:`wenming.reporters.safety.markdown`
(or ``markdown_code``): raw HTML in a title or a waiver reason is shown as
text, and Markdown punctuation in data makes no link, image, heading or
extra table cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import singledispatch

from wenming.model.labels import Label, Lang
from wenming.plugins.types import Reporter
from wenming.reporters import _rows as rows
from wenming.reporters import safety
from wenming.reporters.labels import check_lang, column, title
from wenming.reports import Comparison, GapList, ScoreReport, Timeline

__all__ = ["MARKDOWN", "render"]

_cell = safety.markdown


def _table(headers: Sequence[str], body: Sequence[Sequence[str]], right: Sequence[int] = ()
           ) -> str:
    rule = ["---:" if i in right else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |",
             "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


@singledispatch
def _render(report: object, lang: Lang) -> str:
    raise rows.UnsupportedReportError("markdown", report, rows.SUPPORTED)


@_render.register(ScoreReport)
def _score(report: ScoreReport, lang: Lang) -> str:
    parts: list[str] = [f"# {title('score', lang)}"]
    for card in report.cards:
        summary = rows.card_summary(card, lang, report.dataset_title)
        parts += [f"## {_cell(rows.rubric_name(card, lang))}",
                  "\n".join(f"- **{_cell(k)}**: {_cell(v)}" for k, v in summary),
                  _table(rows.item_headers(lang),
                         [rows.item_row(i, lang) for i in card.items.values()],
                         right=(3, 4, 6))]
    if report.gaps is not None:
        parts += _gap_sections(report.gaps, lang, "##")
    return "\n\n".join(parts) + "\n"


def _gap_sections(report: GapList, lang: Lang, level: str) -> list[str]:
    parts = [f"{level} {title('gaps', lang)}",
             f"{column('as_of', lang)}: {report.as_of.isoformat()}"]
    if report.gaps:
        n = len(report.rubrics)
        parts.append(_table(rows.gap_headers(report, lang),
                            [rows.gap_row(g, report, lang) for g in report.gaps],
                            right=(0, *range(6, 7 + n))))
        # Each responsible unit receives its own list: its rows again, with the remedy.
        headers = [*rows.gap_headers(report, lang), column("remediation", lang)]
        per_unit = rows.by_unit(report)
        if per_unit:
            parts.append(f"{level} {title('by_unit', lang)}")
        for unit, gaps in per_unit.items():
            first = gaps[0]
            parts += [f"{level}# {_cell(rows.unit_text(unit, first.unit_name, lang))}",
                      _table(headers, [[*rows.gap_row(g, report, lang),
                                        g.remediation.text(lang)] for g in gaps],
                             right=(0, *range(6, 7 + n)))]
    else:
        parts.append(title("no_gaps", lang))
    if report.to_assess:
        parts += [f"{level} {title('to_assess', lang)}",
                  _table(rows.assess_headers(lang),
                         [rows.assess_row(e, lang) for e in report.to_assess], right=(5,))]
    return parts


@_render.register(GapList)
def _gaps(report: GapList, lang: Lang) -> str:
    return "\n\n".join(_gap_sections(report, lang, "#")) + "\n"


@_render.register(Comparison)
def _compare(report: Comparison, lang: Lang) -> str:
    day = report.as_of.isoformat() if report.as_of else "—"
    parts = [f"# {title('compare', lang)}", f"{column('as_of', lang)}: {day}",
             f"## {title('totals', lang)}",
             _table(rows.totals_headers(lang), rows.totals_rows(report, lang),
                    right=(3, 4, 5, 6, 8)),
             f"## {title('areas', lang)}",
             _table(rows.area_headers(lang), rows.area_rows(report, lang), right=(3, 4, 5)),
             f"## {title('kinds', lang)}",
             _table(rows.kind_headers(report, lang), rows.kind_rows(report, lang))]
    divergent = rows.kind_rows(report, lang, only_divergent=True)
    if divergent:
        parts += [f"## {title('divergent', lang)}",
                  _table(rows.kind_headers(report, lang), divergent)]
    single = rows.single_use_rows(report, lang)
    if single:
        parts += [f"## {title('single_use', lang)}",
                  _table(rows.single_use_headers(lang), single)]
    if report.unused:
        parts += [f"## {title('unused', lang)} ({len(report.unused)})",
                  ", ".join(safety.markdown_code(e) for e in report.unused)]
    return "\n\n".join(parts) + "\n"


@_render.register(Timeline)
def _timeline(report: Timeline, lang: Lang) -> str:
    parts = [f"# {title('timeline', lang)}: {_cell(report.title.text(lang))}",
             f"{column('window', lang)}: {report.window} · "
             f"{column('as_of', lang)}: {report.as_of.isoformat()}",
             _table(rows.timeline_headers(lang), rows.timeline_rows(report, lang))]
    overdue = report.overdue()
    if overdue:
        parts += [f"## {title('overdue', lang)}",
                  "\n".join(f"- {_cell(p.name.text(lang))}: {_cell(d.label.text(lang))} "
                            f"({safety.markdown_code(d.kind)})" for p, d in overdue)]
    return "\n\n".join(parts) + "\n"


def render(report: object, lang: str = "en") -> str:
    """Render a ScoreReport, GapList, Comparison or Timeline (or scorecards) as Markdown."""
    result: str = _render(rows.as_report(report), check_lang(lang))
    # Data were cleaned cell by cell; this pass keeps a missed path from
    # reaching a terminal or a renderer with raw control characters.
    return safety.clean(result)


MARKDOWN = Reporter("markdown", render, Label("Markdown 文本", "Markdown"), suffix=".md")

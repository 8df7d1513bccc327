"""What every reporter shares: accepted inputs, and reports laid out as rows.

Text, Markdown, CSV and XLSX show the same columns; building the rows once
keeps them saying the same thing in every format.
"""

from __future__ import annotations

from collections.abc import Sequence

import wcwidth

from wenming.errors import WenmingError
from wenming.model.labels import Label, Lang
from wenming.reporters import safety
from wenming.reporters.labels import column, model_name, number, verdict
from wenming.reports import (
    Comparison,
    Gap,
    GapList,
    KindComparison,
    ScoreReport,
    Timeline,
    ToAssess,
)
from wenming.reports.gaps import Shortfall
from wenming.reports.timeline import Deliverable
from wenming.scoring.scorecard import ItemResult, Scorecard

__all__ = ["SUPPORTED", "UnsupportedReportError", "as_report"]

Row = list[str]

#: What a full reporter renders.
SUPPORTED = ("ScoreReport", "GapList", "Comparison", "Timeline")


class UnsupportedReportError(WenmingError, TypeError):
    """A reporter was given a report it cannot render (e.g. CSV of a timeline)."""

    def __init__(self, reporter: str, report: object, supported: Sequence[str]) -> None:
        kind = type(report).__name__
        super().__init__(f"the {reporter!r} format cannot render a {kind}; it renders: "
                         f"{', '.join(supported)}")


def as_report(report: object) -> object:
    """Scorecards (one, or a list or tuple) become a :class:`ScoreReport`."""
    if isinstance(report, Scorecard):
        return ScoreReport.of((report,))
    if isinstance(report, list | tuple) and all(isinstance(c, Scorecard) for c in report):
        return ScoreReport.of(report)
    return report


# -- text helpers ----------------------------------------------------------
def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns (CJK count two), with an ellipsis.

    Only for chart labels, whose full text is their tooltip: tables never cut.
    Control characters are replaced first, so that the width measured is the
    width shown.
    """
    text = safety.clean(text)
    if wcwidth.wcswidth(text) <= width:
        return text
    out, used = [], 0
    for char in text:
        w = max(0, wcwidth.wcwidth(char))
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def width(text: str) -> int:
    """Display columns of ``text`` as shown (CJK count two, controls replaced first)."""
    return max(0, wcwidth.wcswidth(safety.clean(text)))


def rubric_name(card: Scorecard, lang: Lang) -> str:
    name = card.rubric_title.text(lang)
    return f"{name} ({card.rubric_id})" if name and name != card.rubric_id else card.rubric_id


def findings_text(item: ItemResult, lang: Lang) -> list[str]:
    """Every finding of an item, one per line: a report never hides one.

    An on-site assessment check is labelled with the rubric's internal ref
    (``实地考察：no-smoking``); the criterion's own label names it for a reader.
    Under an unmet check's line comes why the nearest record did not count
    (see :func:`not_counted_lines`).
    """
    names = {check.label.text(lang): Label(f"实地考察：{c.label.zh}",
                                           f"On-site assessment: {c.label.en}").text(lang)
             for c in item.criteria if c.type == "attested" and c.label is not None
             for check in c.checks}
    why = not_counted_lines(item, lang)
    out = []
    for finding in item.findings:
        raw = finding.text(lang)
        text = raw.strip()
        for internal, shown in names.items():
            text = text.replace(internal, shown)
        if text:
            out.append(text)
        out += why.pop(raw, [])
    # Checks past the findings' own limit keep their reasons, after the rest.
    return out + [line for lines in why.values() for line in lines][:NOT_COUNTED_LINES]


#: Checks whose records not counted are spelled out under an item's findings.
NOT_COUNTED_LINES = 5


def not_counted_lines(item: ItemResult, lang: Lang) -> dict[str, list[str]]:
    """Why records near the item's unmet checks did not count, under each check's line.

    Keyed by the finding line of the check (as the scorer words it); the
    nearest reason per check, for at most :data:`NOT_COUNTED_LINES` checks. A
    late filing is left out: its own finding already says so. The scorecard
    (JSON) keeps every reason; this is what a reader of the findings needs
    first: "not counted: V-12 (2021-03-02): lacks the tag 志愿服务 (and 2 more)".
    """
    out: dict[str, list[str]] = {}
    shown_checks = 0
    for criterion in item.criteria:
        for check in criterion.checks:
            reasons = [r for r in check.reasons
                       if not {"filed-late", "unfiled"} & set(r.causes)]
            if not reasons:
                continue
            shown_checks += 1
            if shown_checks > NOT_COUNTED_LINES:
                continue
            reason = reasons[0].finding()
            rest = len(reasons) - 1 + check.reasons_more
            more = Label(f"（另有 {rest} 条）", f" (and {rest} more)") if rest else \
                Label("", "")
            line = Label(f"↳ 未计入：{reason.zh}{more.zh}",
                         f"↳ not counted: {reason.en}{more.en}").text(lang)
            finding = check.finding()
            key = Label(f"  · {finding.zh}", f"  · {finding.en}").text(lang)
            out.setdefault(key, []).append(line)
    return out


# -- score -----------------------------------------------------------------
def card_summary(card: Scorecard, lang: Lang, dataset_title: Label | None = None
                 ) -> list[tuple[str, str]]:
    total = f"{number(card.total)} / {number(card.maximum)} ({number(card.nominal)})"
    if card.bonus:
        total += " " + Label(f"含加分 {number(card.bonus)}",
                             f"incl. bonus {number(card.bonus)}").text(lang)
    rows = []
    if dataset_title is not None and (dataset_title.zh or dataset_title.en):
        rows.append((column("dataset", lang), dataset_title.text(lang)))
    rows += [
        (column("rubric", lang), rubric_name(card, lang)),
        (column("version", lang), card.rubric_version),
        (column("model", lang), model_name(card.model, lang)),
        (column("as_of", lang), card.as_of.isoformat()),
        (column("total", lang), total),
        (column("verdict", lang), verdict(card.verdict).text(lang)),
        (column("overlay", lang), card.overlay or column("none", lang)),
    ]
    if card.vetoes:
        rows.append((column("vetoes", lang), "; ".join(
            f"{v.code} {v.title.text(lang)} ({', '.join(v.evidence)})" for v in card.vetoes)))
    return rows


def item_headers(lang: Lang) -> Row:
    return [column(k, lang) for k in ("code", "item", "state", "points", "maximum",
                                      "findings", "evidence")]


def item_row(item: ItemResult, lang: Lang, sep: str = "\n") -> Row:
    return [item.code, item.title.text(lang), item.state.label.text(lang), number(item.points),
            number(item.maximum), sep.join(findings_text(item, lang)), str(len(item.evidence))]


# -- gaps ------------------------------------------------------------------
def deadline_text(gap: Gap, lang: Lang) -> str:
    """整改时限: the row kind and its date; a lost row says it can only be explained."""
    if gap.lost:
        return gap.action.note.text(lang) if lang == "zh" else \
            f"{gap.action.label.en}: {gap.action.note.en}"
    if gap.deadline is None:
        return f"{gap.action.label.text(lang)} · {column('asap', lang)}"
    return f"{gap.action.label.text(lang)} · {gap.deadline.isoformat()}"


def placed_text(gap: Gap, lang: Lang) -> str:
    """责任依据, with the person responsible when one is named."""
    basis = gap.placed_by.text(lang)
    person = f"{column('person', lang)}: {gap.person}" if gap.person else ""
    return "\n".join(p for p in (person, f"{column('placed_by', lang)}: {basis}" if basis
                                  else "") if p)


def unit_cell(gap: Gap, lang: Lang) -> str:
    """责任单位 with its person and the basis that placed it (every row says why)."""
    placed = placed_text(gap, lang)
    unit = unit_text(gap.unit, gap.unit_name, lang)
    return f"{unit}\n{placed}" if placed else unit


def reason_lines(gap: Gap, lang: Lang) -> list[str]:
    """未计入原因: each record near the check that did not count, and why (bounded)."""
    shown, more = gap.reasons
    lines = [r.finding().text(lang) for r in shown]
    if more:
        lines.append(f"另有 {more} 条" if lang == "zh" else f"… and {more} more")
    return lines


def gain_text(gap: Gap, value: float | None, lang: Lang) -> str:
    """A gain cell: the number, or for a lost row the points lost, marked as such."""
    if value is None:
        return ""
    if gap.lost:
        return f"已失 {number(value)}" if lang == "zh" else f"{number(value)} lost"
    return number(value)


def rubric_title(rubric_id: str, title_: Label, lang: Lang) -> str:
    """A rubric's title and, for the --rubric option, its id."""
    text = title_.text(lang)
    return f"{text} ({rubric_id})" if text and text != rubric_id else rubric_id


def _where(s: Shortfall, lang: Lang) -> str:
    # Rubric ids, not titles: a title is a line of its own, and ids are what --rubric takes.
    return f"{s.rubric_id} {s.item_code} {s.item_title.text(lang)}"


def where_lines(gap: Gap, lang: Lang) -> list[str]:
    return list(dict.fromkeys(_where(s, lang) for s in gap.shortfalls))


def unit_text(unit: str, name: Label, lang: Lang) -> str:
    text = name.text(lang)
    return text if text == unit else f"{text} ({unit})"


def gain_header(rubric: str, lang: Lang) -> str:
    return f"{column('gain', lang)} {rubric}"


def gap_headers(gaps: GapList, lang: Lang) -> Row:
    # Titles for a reader, as the XLSX and HTML lists have them; CSV keeps bare ids
    # (gain_header) as stable machine column names.
    gains = (f"{column('gain', lang)} {rubric_title(r, title_, lang)}"
             for r, title_ in gaps.rubrics.items())
    return [column("rank", lang), column("what", lang), column("where", lang),
            column("why_not", lang), column("unit", lang), column("deadline", lang),
            *gains, column("combined", lang)]


def gap_row(gap: Gap, gaps: GapList, lang: Lang, sep: str = "\n") -> Row:
    return [str(gap.rank), gap.what_shown.text(lang), sep.join(where_lines(gap, lang)),
            sep.join(reason_lines(gap, lang)), unit_cell(gap, lang).replace("\n", sep),
            deadline_text(gap, lang),
            *(gain_text(gap, gap.gains.get(r), lang) for r in gaps.rubrics),
            gain_text(gap, gap.combined_gain, lang)]


#: Above this many responsible units a report gives no list per unit (a province has
#: thousands: the full list, filtered by its unit column, serves each of them).
MAX_UNIT_SECTIONS = 200


def by_unit(gaps: GapList, limit: int | None = MAX_UNIT_SECTIONS) -> dict[str, list[Gap]]:
    """Each responsible unit's gaps, units in the order they first appear (by rank);
    every 责任单位 receives its own list — none when there are more than ``limit`` units."""
    out: dict[str, list[Gap]] = {}
    for gap in gaps.gaps:
        out.setdefault(gap.unit, []).append(gap)
    return {} if limit is not None and len(out) > limit else out


def assess_headers(lang: Lang) -> Row:
    return [column("rubric", lang), column("code", lang), column("item", lang),
            column("state", lang), column("unit", lang), column("at_stake", lang),
            column("reason", lang)]


def assess_row(entry: ToAssess, lang: Lang, sep: str = "\n") -> Row:
    reasons = [r.text(lang) for r in entry.reasons_shown]
    return [entry.rubric_id, entry.item_code,
            entry.item_title.text(lang),
            entry.state.label.text(lang), unit_text(entry.unit, entry.unit_name, lang),
            number(entry.points), sep.join(reasons)]


# -- comparison ------------------------------------------------------------
def totals_headers(lang: Lang) -> Row:
    return [column(k, lang) for k in ("rubric", "version", "model", "points", "maximum",
                                      "nominal", "pass_line", "verdict", "counted")]


def totals_rows(comparison: Comparison, lang: Lang) -> list[Row]:
    return [[rubric_title(r.rubric_id, r.title, lang), r.version, model_name(r.model, lang),
             number(r.total),
             number(r.maximum), number(r.nominal), number(r.pass_line),
             verdict(r.verdict).text(lang), str(r.counted)] for r in comparison.rubrics]


def area_headers(lang: Lang) -> Row:
    return [column(k, lang) for k in ("rubric", "code", "area", "points", "maximum", "nominal")]


def area_rows(comparison: Comparison, lang: Lang) -> list[Row]:
    return [[r.rubric_id, a.code, a.title.text(lang),
             number(a.points), number(a.maximum), number(a.nominal)]
            for r in comparison.rubrics for a in r.areas]


def kind_headers(comparison: Comparison, lang: Lang) -> Row:
    return [column("kind", lang), *comparison.rubric_ids]


def kind_state(kind: KindComparison, rubric: str, lang: Lang) -> str:
    shown = kind.shown(rubric)
    return "—" if shown is None else shown.text(lang)


def kind_rows(comparison: Comparison, lang: Lang, only_divergent: bool = False) -> list[Row]:
    kinds = comparison.divergent() if only_divergent else comparison.kinds
    return [[kind_name(k, lang), *(kind_state(k, r, lang) for r in comparison.rubric_ids)]
            for k in kinds]


def kind_name(kind: KindComparison, lang: Lang) -> str:
    name = kind.label.text(lang)
    # English readers get the id too, as ledgers and rubric files spell it; Chinese
    # reports stay Chinese.
    return name if lang == "zh" or name == kind.kind else f"{name} ({kind.kind})"


def single_use_rows(comparison: Comparison, lang: Lang) -> list[Row]:
    return [[evidence, comparison.evidence_kinds.get(evidence, ""), rubric]
            for evidence, rubric in comparison.single_use().items()]


def single_use_headers(lang: Lang) -> Row:
    return [column("record", lang), column("kind", lang), column("rubrics", lang)]


# -- timeline --------------------------------------------------------------
def timeline_headers(lang: Lang) -> Row:
    return [column(k, lang) for k in ("phase", "window", "status", "deliverables")]


def deliverable_line(d: Deliverable, lang: Lang) -> str:
    """A deliverable, its status, every record that counted and why none did if so."""
    ids = f" ({', '.join(d.evidence)})" if d.evidence else ""
    colon = "：" if lang == "zh" else ": "
    line = f"{d.label.text(lang)}{colon}{d.status.label.text(lang)}{ids}"
    return f"{line} — {d.note.text(lang)}" if d.note is not None else line


def deliverable_text(timeline: Timeline, lang: Lang) -> list[list[str]]:
    return [[deliverable_line(d, lang) for d in phase.deliverables] for phase in timeline.phases]


def timeline_rows(timeline: Timeline, lang: Lang, sep: str = "\n") -> list[Row]:
    texts = deliverable_text(timeline, lang)
    return [[f"{p.name.text(lang)} ({p.id})", str(p.window), p.status.label.text(lang),
             sep.join(lines) or "—"] for p, lines in zip(timeline.phases, texts, strict=True)]

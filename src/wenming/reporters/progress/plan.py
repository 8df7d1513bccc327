"""The plan report (``wenming.plan/1``): its layout, JSON data and workbook."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wenming.model.labels import Label, Lang
from wenming.reporters import xlsx as _xlsx
from wenming.reporters._rows import unit_text
from wenming.reporters.json_format import to_data
from wenming.reporters.labels import number
from wenming.reporters.progress.sections import (
    PROGRESS_SCHEMAS,
    _card_cell,
    _day,
    _gains,
    _Grid,
    _label,
    _Layout,
    _Note,
    _Pairs,
    _Section,
    _sheet,
    _summary,
    _t,
    _typed_table,
    _verdict_text,
    _where,
)
from wenming.reports.plan import Activity, Plan
from wenming.reports.trend import pass_line_at
from wenming.scoring.scorecard import Scorecard


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
        rows = tuple((str(a.rank), f"{a.kind_name.text(lang)} — {a.what.text(lang)}"
                      + _needs(a, lang),
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


def _needs(activity: Activity, lang: Lang) -> str:
    needs = activity.needs.text(lang)
    return (f"（须：{needs}）" if lang == "zh" else f" (must carry: {needs})") if needs else ""


def _line(card: Scorecard) -> float | None:
    line = pass_line_at(card)
    return None if line is None else round(line, 2)


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
            "needs": _label(a.needs),
            "records": [{"id": r.id, "unit": r.unit, "kind": r.kind, "date": r.date.isoformat(),
                         "filed": _day(r.filed), "title": r.title, "tags": list(r.tags),
                         "refs": list(r.refs), "participants": r.participants,
                         "festival": r.festival} for r in a.records],
        } for a in report.activities],
        "lost": [{"what": _label(e.what), "unit": e.unit, "deadline": _day(e.deadline),
                  "gains": dict(e.gains), "reason": _label(e.reason),
                  "items": _where_data(e.where)} for e in report.lost],
        "lost_total": report.lost_total(),
    }


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
        _t("items", lang), _t("needs", lang)], [
        [a.rank, a.kind, a.kind_name.text(lang), a.what.text(lang), a.unit,
         a.unit_name.text(lang), a.opens, a.deadline, a.count,
         *(_xlsx._num(a.gains.get(r)) for r in rubrics), _xlsx._num(a.combined_gain),
         _where(a.where, lang), a.needs.text(lang)] for a in report.activities])
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

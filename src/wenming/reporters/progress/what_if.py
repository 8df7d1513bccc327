"""The what-if report (``wenming.what-if/1``): its layout, JSON data and workbook."""

from __future__ import annotations

from typing import Any

from wenming.model.labels import Lang
from wenming.reporters import xlsx as _xlsx
from wenming.reporters.json_format import to_data
from wenming.reporters.labels import number
from wenming.reporters.progress.sections import (
    PROGRESS_SCHEMAS,
    _card_cell,
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
)
from wenming.reports.plan import WhatIf


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

"""The agenda report (``wenming.agenda/1``): its layout, JSON data and workbook."""

from __future__ import annotations

from datetime import date
from typing import Any

from wenming.model.labels import Lang
from wenming.reporters import xlsx as _xlsx
from wenming.reporters._rows import MAX_UNIT_SECTIONS, unit_text
from wenming.reporters.json_format import to_data
from wenming.reporters.labels import number
from wenming.reporters.progress.sections import (
    PROGRESS_SCHEMAS,
    _day,
    _gains,
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
from wenming.reports.agenda import Agenda


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


def _agenda_xlsx(report: Agenda, lang: Lang, unit_cap: int = MAX_UNIT_SECTIONS) -> bytes:
    """The full list, then a checklist sheet per responsible unit (up to ``unit_cap``)."""
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
    if len(per_unit) > unit_cap:
        # As with the rectification list: thousands of sheets help nobody; filter instead.
        _xlsx._put(full, full.max_row + 2, 1, _xlsx._UNIT_SHEETS_OMITTED.text(lang).format(
            units=len(per_unit), limit=unit_cap))
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

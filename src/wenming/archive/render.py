"""History and run differences as a text table, Markdown, JSON, HTML or XLSX, in Chinese or English.

Table, Markdown and HTML draw the same sections of text; the XLSX workbook
writes the same facts with their types (points as numbers, dates as dates)
through the guards of :mod:`wenming.reporters.xlsx`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, Final

from tabulate import tabulate

from wenming.archive.db import RunInfo
from wenming.archive.report import History, ItemChange, RecordChange, RunDiff
from wenming.archive.snapshot import ItemRow, RubricRow
from wenming.model.labels import Label, Lang
from wenming.reporters import safety
from wenming.reporters.labels import column, number, verdict
from wenming.scoring.states import State

__all__ = ["FORMATS", "MAX_SHOWN", "render_diff", "render_history"]

FORMATS: Final = ("table", "markdown", "json", "html", "xlsx")
#: The formats that are bytes, not text.
BINARY: Final = ("xlsx",)
#: Records listed per changed item in a table or Markdown (JSON lists them all).
MAX_SHOWN: Final = 8

_WORDS: Final = {
    "run": Label("运行", "Run"),
    "recorded": Label("记录时间（UTC）", "Recorded (UTC)"),
    "records": Label("记录数", "Records"),
    "history": Label("评分历史", "Score history"),
    "diff": Label("两次运行的差异", "What changed between two runs"),
    "totals": Label("总分", "Totals"),
    "items": Label("状态或得分有变化的测评条目", "Items whose state or points changed"),
    "no_items": Label("没有测评条目的状态或得分发生变化。", "No item changed state or points."),
    "explained": Label("相关记录变化", "Record changes of the kinds it reads"),
    "change": Label("变化", "Change"),
    "record_changes": Label("记录变化", "Record changes"),
    "added": Label("新增", "added"),
    "changed": Label("修改", "changed"),
    "removed": Label("删除", "removed"),
    "absent": Label("（无）", "(absent)"),
    "more": Label("另有 {n} 条", "and {n} more"),
    "unknown_records": Label("无法逐条比较", "cannot be compared"),
    "notes": Label("说明", "Notes"),
    "campaign": Label("创建活动", "Campaign"),
    "verdict_of": Label("结论", "Verdict"),
    "kinds": Label("记录类别", "Evidence kinds"),
    "unit": Label("单位", "Unit"),
    "record": Label("记录编号", "Record id"),
    "before": Label("之前", "Before"),
    "runs": Label("运行次数", "Runs"),
    "items_sheet": Label("条目变化", "Item changes"),
    "after": Label("之后", "After"),
}
_SIGNS: Final = {"added": "+", "changed": "~", "removed": "−"}


def _w(key: str, lang: Lang) -> str:
    return _WORDS[key].text(lang)


def _state(value: str, lang: Lang) -> str:
    try:
        return State(value).label.text(lang)
    except ValueError:
        return value


def _score(rubric: RubricRow | None, lang: Lang) -> str:
    if rubric is None:
        return "—"
    return f"{number(rubric.total)} / {number(rubric.maximum)} {verdict(rubric.verdict).text(lang)}"


def _when(run: RunInfo) -> str:
    return run.recorded_at.strftime("%Y-%m-%d %H:%M:%S")


def _run_title(run: RunInfo, lang: Lang) -> str:
    return Label(f"运行 {run.id}（基准日 {run.as_of}，记录于 {_when(run)} UTC）",
                 f"run {run.id} (as of {run.as_of}, recorded {_when(run)} UTC)").text(lang)


# -- plain structures, then one renderer per format ------------------------------------------

_Section = tuple[str, list[str], list[list[str]]]


def _layout(title: str, sections: Sequence[_Section], lines: Sequence[str], fmt: str,
            lang: Lang = "en") -> str:
    if fmt == "html":
        from wenming.reporters.html import sections_page

        return sections_page(title, sections, lang, notes=lines)
    if fmt == "markdown":
        out = [f"# {safety.markdown(title)}", ""]
        out += [f"- {safety.markdown(line)}" for line in lines]
        for head, headers, rows in sections:
            out += ["", f"## {safety.markdown(head)}", ""]
            if not headers:
                out += [safety.markdown(r[0]) for r in rows]
                continue
            out.append("| " + " | ".join(safety.markdown(h) for h in headers) + " |")
            out.append("| " + " | ".join("---" for _ in headers) + " |")
            out += ["| " + " | ".join(safety.markdown(c) for c in row) + " |" for row in rows]
        return "\n".join(out) + "\n"
    out = [safety.clean(title), *(safety.clean(line) for line in lines)]
    for head, headers, rows in sections:
        out += ["", safety.clean(head)]
        if not headers:
            out += [safety.clean(r[0]) for r in rows]
            continue
        cleaned = [[safety.clean(c) for c in row] for row in rows]
        out.append(str(tabulate(cleaned, headers=headers, disable_numparse=True)))
    return "\n".join(out) + "\n"


def _json(value: object) -> str:
    return safety.json_text(json.dumps(value, ensure_ascii=False, indent=2)) + "\n"


def _run_data(run: RunInfo) -> dict[str, Any]:
    return {
        "id": run.id, "recorded_at": run.recorded_at.isoformat(),
        "as_of": run.as_of.isoformat(), "campaign": run.campaign_id,
        "dataset_path": run.dataset_path, "dataset_hash": run.dataset_hash,
        "records": run.record_count, "wenming_version": run.wenming_version,
        "rubrics": [{"id": r.rubric_id, "version": r.version, "hash": r.hash,
                     "total": r.total, "maximum": r.maximum, "nominal": r.nominal,
                     "pass_line": r.pass_line, "verdict": r.verdict} for r in run.rubrics],
    }


def _item_data(item: ItemRow | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"state": item.state, "points": item.points, "maximum": item.maximum}


# -- history -----------------------------------------------------------------------------------

def render_history(history: History, fmt: str, lang: Lang) -> str | bytes:
    """``history`` in ``fmt`` (one of :data:`FORMATS`): text, or bytes for XLSX."""
    if fmt == "xlsx":
        return _history_xlsx(history, lang)
    if fmt == "json":
        data: dict[str, Any] = {"schema": "wenming.history/1", "campaign": history.campaign_id,
                                "runs": [_run_data(r) for r in history.runs]}
        if history.item is not None:
            data["item"] = history.item
            data["items"] = [{"run": run_id, "rubric": i.rubric_id, "code": i.code,
                              "title": {"zh": i.title.zh, "en": i.title.en}, "state": i.state,
                              "points": i.points, "maximum": i.maximum}
                             for run_id, i in history.items]
        return _json(data)
    last = history.runs[-1]
    title = f"{_w('history', lang)}: {last.campaign_title.text(lang)} ({history.campaign_id})"
    runs = {r.id: r for r in history.runs}
    if history.item is None:
        rubric_ids = history.rubric_ids
        headers = [_w("run", lang), _w("recorded", lang), column("as_of", lang),
                   _w("records", lang), *rubric_ids]
        rows = [[str(r.id), _when(r), r.as_of.isoformat(), str(r.record_count),
                 *(_score(r.rubric(rid), lang) for rid in rubric_ids)] for r in history.runs]
        return _layout(title, [(_w("totals", lang), headers, rows)], [], fmt, lang)
    headers = [_w("run", lang), _w("recorded", lang), column("as_of", lang),
               column("rubric", lang), column("state", lang), column("points", lang)]
    rows = [[str(run_id), _when(runs[run_id]), runs[run_id].as_of.isoformat(), i.rubric_id,
             _state(i.state, lang), f"{number(i.points)} / {number(i.maximum)}"]
            for run_id, i in history.items]
    first = history.items[0][1]
    head = f"{history.item} {first.title.text(lang)}"
    return _layout(title, [(head, headers, rows)], [], fmt, lang)


# -- diff --------------------------------------------------------------------------------------

def _record_cell(records: Sequence[RecordChange], lang: Lang) -> str:
    shown = [f"{_SIGNS[r.change]}{r.id}" for r in records[:MAX_SHOWN]]
    if len(records) > MAX_SHOWN:
        shown.append(_w("more", lang).format(n=len(records) - MAX_SHOWN))
    return " ".join(shown) or "—"


def _item_cells(change: ItemChange, lang: Lang) -> list[str]:
    def state(item: ItemRow | None) -> str:
        return _w("absent", lang) if item is None else _state(item.state, lang)

    def points(item: ItemRow | None) -> str:
        return "—" if item is None else number(item.points)

    return [change.rubric_id, change.code, change.item.title.text(lang),
            f"{state(change.before)} → {state(change.after)}",
            f"{points(change.before)} → {points(change.after)}",
            _record_cell(change.records, lang)]


def render_diff(diff: RunDiff, fmt: str, lang: Lang) -> str | bytes:
    """``diff`` in ``fmt`` (one of :data:`FORMATS`): text, or bytes for XLSX."""
    if fmt == "xlsx":
        return _diff_xlsx(diff, lang)
    if fmt == "json":
        def records(found: Sequence[RecordChange]) -> list[dict[str, Any]]:
            return [{"id": r.id, "change": r.change, "kinds": list(r.kinds), "unit": r.unit}
                    for r in found]

        return _json({
            "schema": "wenming.diff/1", "a": _run_data(diff.a), "b": _run_data(diff.b),
            "notes": [{"zh": zh, "en": en} for zh, en in diff.notes],
            "items": [{"rubric": c.rubric_id, "code": c.code,
                       "title": {"zh": c.item.title.zh, "en": c.item.title.en},
                       "before": _item_data(c.before), "after": _item_data(c.after),
                       "records": records(c.records)} for c in diff.items],
            "records": None if diff.records is None else {
                change: records([r for r in diff.records if r.change == change])
                for change in ("added", "changed", "removed")},
        })
    title = f"{_w('diff', lang)}: {_run_title(diff.a, lang)} → {_run_title(diff.b, lang)}"
    lines = [Label(zh, en).text(lang) for zh, en in diff.notes]
    rubric_ids = tuple(dict.fromkeys(r.rubric_id for run in (diff.a, diff.b)
                                     for r in run.rubrics))
    totals = [[rid, _score(diff.a.rubric(rid), lang), _score(diff.b.rubric(rid), lang),
               _delta(diff.a.rubric(rid), diff.b.rubric(rid))] for rid in rubric_ids]
    sections: list[_Section] = [
        (_w("totals", lang), [column("rubric", lang), f"{_w('run', lang)} {diff.a.id}",
                              f"{_w('run', lang)} {diff.b.id}", _w("change", lang)], totals)]
    if diff.items:
        sections.append((_w("items", lang),
                         [column("rubric", lang), column("code", lang), column("item", lang),
                          column("state", lang), column("points", lang),
                          _w("explained", lang)],
                         [_item_cells(c, lang) for c in diff.items]))
    else:
        sections.append((_w("items", lang), [], [[_w("no_items", lang)]]))
    if diff.records is None:
        summary = _w("unknown_records", lang)
    else:
        summary = ", ".join(f"{_w(change, lang)} {diff.count(change)}"
                            for change in ("added", "changed", "removed"))
    sections.append((_w("record_changes", lang), [], [[summary]]))
    return _layout(title, sections, lines, fmt, lang)


def _delta(a: RubricRow | None, b: RubricRow | None) -> str:
    if a is None or b is None:
        return "—"
    change = round(b.total - a.total, 4)
    return f"{'+' if change > 0 else ''}{number(change)}"


# -- xlsx --------------------------------------------------------------------------------------

def _naive(moment: datetime) -> datetime:
    """A UTC time without its zone: Excel has no time zones, and the header says UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _formats(sheet: Any, first_row: int) -> None:
    for line in sheet.iter_rows(min_row=first_row):
        for cell in line:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"


def _finish(sheet: Any, start: int) -> None:
    from wenming.reporters import xlsx

    _formats(sheet, start + 1)
    xlsx._fit(sheet, start_row=start)


def _history_xlsx(history: History, lang: Lang) -> bytes:
    from wenming.reporters import xlsx

    book = xlsx._book()
    last = history.runs[-1]
    title = f"{_w('history', lang)}: {last.campaign_title.text(lang)} ({history.campaign_id})"
    sheet = xlsx._new_sheet(book, _w("history", lang))
    start = xlsx._header_block(sheet, title, [
        (_w("campaign", lang), history.campaign_id), (_w("runs", lang), len(history.runs))],
        lang)
    runs = {r.id: r for r in history.runs}
    if history.item is None:
        rubric_ids = history.rubric_ids
        headers = [_w("run", lang), _w("recorded", lang), column("as_of", lang),
                   _w("records", lang)]
        for rid in rubric_ids:
            headers += [f"{rid} {column('points', lang)}", f"{rid} {column('maximum', lang)}",
                        f"{rid} {_w('verdict_of', lang)}"]
        body: list[list[object]] = []
        for r in history.runs:
            line: list[object] = [r.id, _naive(r.recorded_at), r.as_of, r.record_count]
            for rid in rubric_ids:
                found = r.rubric(rid)
                line += ([None, None, "—"] if found is None else
                         [xlsx._num(found.total), xlsx._num(found.maximum),
                          verdict(found.verdict).text(lang)])
            body.append(line)
    else:
        headers = [_w("run", lang), _w("recorded", lang), column("as_of", lang),
                   column("rubric", lang), column("code", lang), column("item", lang),
                   column("state", lang), column("points", lang), column("maximum", lang)]
        body = [[run_id, _naive(runs[run_id].recorded_at), runs[run_id].as_of, i.rubric_id,
                 xlsx._code(i.code), i.title.text(lang), _state(i.state, lang),
                 xlsx._num(i.points), xlsx._num(i.maximum)] for run_id, i in history.items]
    xlsx._table(sheet, headers, body, start)
    _finish(sheet, start)
    return xlsx._save(book)


def _diff_xlsx(diff: RunDiff, lang: Lang) -> bytes:
    """Totals of both runs, every changed item, and every record change (none left out)."""
    from wenming.reporters import xlsx

    book = xlsx._book()
    sheet = xlsx._new_sheet(book, _w("totals", lang))
    fields: list[tuple[str, object]] = [
        (f"{_w('run', lang)} A", _run_title(diff.a, lang)),
        (f"{_w('run', lang)} B", _run_title(diff.b, lang))]
    fields += [(_w("notes", lang), Label(zh, en).text(lang)) for zh, en in diff.notes]
    start = xlsx._header_block(sheet, _w("diff", lang), fields, lang)
    rubric_ids = tuple(dict.fromkeys(r.rubric_id for run in (diff.a, diff.b)
                                     for r in run.rubrics))
    headers = [column("rubric", lang)]
    for run in (diff.a, diff.b):
        headers += [f"{_w('run', lang)} {run.id} {column('points', lang)}",
                    f"{_w('run', lang)} {run.id} {column('maximum', lang)}",
                    f"{_w('run', lang)} {run.id} {_w('verdict_of', lang)}"]
    headers.append(_w("change", lang))
    body: list[list[object]] = []
    for rid in rubric_ids:
        line: list[object] = [rid]
        a, b = diff.a.rubric(rid), diff.b.rubric(rid)
        for found in (a, b):
            line += ([None, None, "—"] if found is None else
                     [xlsx._num(found.total), xlsx._num(found.maximum),
                      verdict(found.verdict).text(lang)])
        line.append(None if a is None or b is None else xlsx._num(b.total - a.total))
        body.append(line)
    xlsx._table(sheet, headers, body, start)
    _finish(sheet, start)

    items = xlsx._new_sheet(book, _w("items_sheet", lang))
    xlsx._table(items, [
        column("rubric", lang), column("code", lang), column("item", lang),
        f"{_w('before', lang)} {column('state', lang)}",
        f"{_w('after', lang)} {column('state', lang)}",
        f"{_w('before', lang)} {column('points', lang)}",
        f"{_w('after', lang)} {column('points', lang)}", _w("change", lang),
        _w("explained", lang)], [
        [c.rubric_id, xlsx._code(c.code), c.item.title.text(lang),
         _w("absent", lang) if c.before is None else _state(c.before.state, lang),
         _w("absent", lang) if c.after is None else _state(c.after.state, lang),
         None if c.before is None else xlsx._num(c.before.points),
         None if c.after is None else xlsx._num(c.after.points),
         xlsx._num((c.after.points if c.after else 0.0)
                   - (c.before.points if c.before else 0.0)),
         " ".join(f"{_SIGNS[r.change]}{r.id}" for r in c.records)] for c in diff.items])
    if not diff.items:
        xlsx._put(items, 3, 1, _w("no_items", lang))
    _finish(items, 1)

    records = xlsx._new_sheet(book, _w("record_changes", lang))
    xlsx._table(records, [_w("record", lang), _w("change", lang), _w("kinds", lang),
                          _w("unit", lang)],
                [[r.id, _w(r.change, lang), ", ".join(r.kinds), r.unit]
                 for r in diff.records or ()])
    if diff.records is None:
        xlsx._put(records, 3, 1, _w("unknown_records", lang))
    _finish(records, 1)
    return xlsx._save(book)

"""``json``: every report as versioned, documented JSON.

Each document's top-level ``schema`` names the report and its version; a
reader should refuse a major version it does not know. Labels are always
``{"zh": ..., "en": ...}`` (the ``lang`` argument does not apply), dates are
ISO ``YYYY-MM-DD``, points are numbers. Text is kept as it is; control
characters, DEL, C1 controls and lone surrogates are written as ``\\uXXXX``
escapes, never raw (:func:`wenming.reporters.safety.json_text`).

``wenming.score-report/1``
    ``dataset_title`` (label), ``as_of`` (date or null), ``units`` (id →
    label), ``cards`` (each a ``wenming.scorecard/1`` object, see
    :meth:`wenming.scoring.Scorecard.to_dict`), ``gaps`` (a
    ``wenming.gaps/1`` object or null).

``wenming.gaps/1``
    ``as_of``, ``dataset_title``, ``rectification_end`` (date or null),
    ``rubrics`` (id → title), ``total_gain`` (rubric id → points still
    recoverable), ``total_lost`` (rubric id → points on lost rows), ``by``
    (date or null), ``gaps``: list of {``rank``, ``label``, ``finding``,
    ``what``, ``unit``, ``unit_name``, ``person`` (or null), ``placed_by``,
    ``basis`` (check-unit, criterion, item, task, rubric, office or top),
    ``action`` (redo 补做, refile 补档 or lost 已失分), ``deadline`` (date, null
    exactly when lost), ``counts_until``, ``overdue`` (true exactly when lost), ``kinds``,
    ``gains`` (rubric id → points; lost ones for a lost row), ``combined_gain``,
    ``remediation``, ``shortfalls``: list of {``rubric_id``, ``item_code``,
    ``item_title``, ``area``, ``criterion``, ``finding``, ``gain``, ``kinds``,
    ``deadline``, ``action``}}, ``to_assess``: list of {``rubric_id``, ``item_code``,
    ``item_title``, ``state``, ``reasons``, ``unit``, ``unit_name``,
    ``points``}.

``wenming.comparison/1``
    ``as_of``, ``dataset_title``, ``rubrics``: list of {``rubric_id``,
    ``version``, ``title``, ``model``, ``total``, ``maximum``, ``nominal``,
    ``pass_line``, ``verdict``, ``overlay``, ``counted``, ``areas``: list of
    {``code``, ``title``, ``points``, ``maximum``, ``nominal``}},
    ``evidence_use`` (evidence id → rubric ids), ``single_use`` (evidence id
    → the one rubric counting it), ``shared`` (ids every rubric counts),
    ``kinds``: list of {``kind``, ``label``, ``states`` (rubric id → state),
    ``records`` (rubric id → records of the kind it counted; a ``met`` state
    with 0 records was met by other kinds), ``divergent``}, ``unused`` (ids
    no rubric counts).

``wenming.timeline/1``
    ``campaign_id``, ``title``, ``window`` {``start``, ``end``}, ``as_of``,
    ``phases``: list of {``id``, ``name``, ``window``, ``status`` (done |
    current | upcoming), ``deliverables``: list of {``kind``, ``label``,
    ``status`` (met | missing | overdue | upcoming), ``evidence``, ``outside``:
    list of {``id``, ``date``} of records of the kind dated outside the phase}}.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import singledispatch
from typing import Any, BinaryIO

import attrs
import orjson

from wenming.calendar import DateWindow
from wenming.model.labels import Label
from wenming.plugins.types import Reporter
from wenming.reporters import _rows as rows
from wenming.reporters import safety
from wenming.reporters.labels import check_lang
from wenming.reports import Comparison, Gap, GapList, ScoreReport, Timeline
from wenming.scoring.scorecard import ItemResult, card_item_dict, unstructure

__all__ = ["JSON", "SCHEMAS", "render", "to_data"]

SCHEMAS = {
    "score": "wenming.score-report/1",
    "gaps": "wenming.gaps/1",
    "comparison": "wenming.comparison/1",
    "timeline": "wenming.timeline/1",
}


def _label(label: Label | None) -> dict[str, str] | None:
    return None if label is None else {"zh": label.zh, "en": label.en}


def _date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _window(window: DateWindow) -> dict[str, str]:
    return {"start": window.start.isoformat(), "end": window.end.isoformat()}


@singledispatch
def to_data(report: object) -> dict[str, Any]:
    """The JSON-ready dict of a report (see the module documentation for the schemas)."""
    raise rows.UnsupportedReportError("json", report, rows.SUPPORTED)


@to_data.register(ScoreReport)
def _score(report: ScoreReport) -> dict[str, Any]:
    return {
        "schema": SCHEMAS["score"],
        "dataset_title": _label(report.dataset_title),
        "as_of": _date(report.as_of),
        "units": {uid: _label(name) for uid, name in report.units.items()},
        "cards": [card.to_dict() for card in report.cards],
        "gaps": None if report.gaps is None else _gaps(report.gaps),
    }


def _gap(gap: Gap) -> dict[str, Any]:
    return {
        "rank": gap.rank, "label": _label(gap.label), "finding": _label(gap.finding),
        "what": _label(gap.what), "unit": gap.unit, "unit_name": _label(gap.unit_name),
        "deadline": _date(gap.deadline), "overdue": gap.overdue, "kinds": list(gap.kinds),
        "action": gap.action.value, "counts_until": _date(gap.counts_until),
        "person": gap.person, "placed_by": _label(gap.placed_by),
        "basis": gap.responsibility.basis.value if gap.responsibility else None,
        "gains": dict(gap.gains), "combined_gain": gap.combined_gain,
        "remediation": _label(gap.remediation),
        "shortfalls": [{
            "rubric_id": s.rubric_id, "item_code": s.item_code,
            "item_title": _label(s.item_title), "area": s.area,
            "criterion": _label(s.criterion), "finding": _label(s.finding), "gain": s.gain,
            "kinds": list(s.kinds), "deadline": _date(s.deadline),
            "action": s.action.value,
        } for s in gap.shortfalls],
        "reasons": [_label(r.finding()) for r in gap.reasons[0]],
        "reasons_more": gap.reasons[1],
    }


@to_data.register(GapList)
def _gaps(report: GapList) -> dict[str, Any]:
    return {
        "schema": SCHEMAS["gaps"],
        "as_of": _date(report.as_of),
        "dataset_title": _label(report.dataset_title),
        "rectification_end": _date(report.rectification_end),
        "rubrics": {rid: _label(name) for rid, name in report.rubrics.items()},
        "total_gain": report.total_gain(),
        "total_lost": report.total_lost(),
        "by": _date(report.by),
        "gaps": [_gap(g) for g in report.gaps],
        "to_assess": [{
            "rubric_id": e.rubric_id, "item_code": e.item_code,
            "item_title": _label(e.item_title), "state": e.state.value,
            "reasons": [_label(r) for r in e.reasons], "unit": e.unit,
            "unit_name": _label(e.unit_name), "points": e.points,
        } for e in report.to_assess],
    }


@to_data.register(Comparison)
def _comparison(report: Comparison) -> dict[str, Any]:
    return {
        "schema": SCHEMAS["comparison"],
        "as_of": _date(report.as_of),
        "dataset_title": _label(report.dataset_title),
        "rubrics": [{
            "rubric_id": r.rubric_id, "version": r.version, "title": _label(r.title),
            "model": r.model, "total": r.total, "maximum": r.maximum, "nominal": r.nominal,
            "pass_line": r.pass_line, "verdict": r.verdict, "overlay": r.overlay,
            "counted": r.counted,
            "areas": [{"code": a.code, "title": _label(a.title), "points": a.points,
                       "maximum": a.maximum, "nominal": a.nominal} for a in r.areas],
        } for r in report.rubrics],
        "evidence_use": {e: list(r) for e, r in report.evidence_use.items()},
        "single_use": report.single_use(),
        "shared": list(report.shared()),
        "kinds": [{"kind": k.kind, "label": _label(k.label),
                   "states": {r: s.value for r, s in k.states.items()},
                   "records": dict(k.records), "divergent": k.divergent}
                  for k in report.kinds],
        "unused": list(report.unused),
    }


@to_data.register(Timeline)
def _timeline(report: Timeline) -> dict[str, Any]:
    return {
        "schema": SCHEMAS["timeline"],
        "campaign_id": report.campaign_id,
        "title": _label(report.title),
        "window": _window(report.window),
        "as_of": _date(report.as_of),
        "phases": [{
            "id": p.id, "name": _label(p.name), "window": _window(p.window),
            "status": p.status.value,
            "deliverables": [{"kind": d.kind, "label": _label(d.label), "status": d.status.value,
                              "evidence": list(d.evidence),
                              "outside": [{"id": rid, "date": day.isoformat()}
                                          for rid, day in d.outside]}
                             for d in p.deliverables],
        } for p in report.phases],
    }


def render(report: object, lang: str = "en") -> str:
    """Render any report (or scorecards) as JSON; ``lang`` is checked but both languages
    are always written."""
    check_lang(lang)
    return _dumps(to_data(rows.as_report(report))).decode("utf-8") + "\n"


_OPTIONS = orjson.OPT_INDENT_2
# Inside JSON strings only (structure is ASCII): DEL, C1 controls in UTF-8.
_RAW_BYTES = re.compile(rb"\x7f|\xc2[\x80-\x9f]")


def _escape_raw(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(match.group().decode("utf-8"))


def _dumps(value: Any) -> bytes:
    try:
        data = orjson.dumps(value, option=_OPTIONS)
    except orjson.JSONEncodeError:  # a lone surrogate: the slow path escapes it
        return safety.json_text(json.dumps(value, ensure_ascii=False, indent=2)).encode()
    return _RAW_BYTES.sub(_escape_raw, data)


def _open(write: Callable[[bytes], object], head: dict[str, Any], key: str) -> None:
    """Write ``head`` as an object left open, with ``key`` starting a list."""
    text = _dumps(head)[:-1].rstrip()
    write(text + (b"," if head else b"") + b"\n" + _dumps(key) + b": [")


def _each(write: Callable[[bytes], object], values: Iterable[Any]) -> None:
    for index, value in enumerate(values):
        write((b",\n" if index else b"\n") + _dumps(value))


def _stream_item(write: Callable[[bytes], object], item: ItemResult) -> None:
    head = card_item_dict(attrs.evolve(item, criteria=()))
    del head["criteria"]
    _open(write, head, "criteria")
    for index, criterion in enumerate(item.criteria):
        write(b",\n" if index else b"\n")
        head = unstructure(attrs.evolve(criterion, checks=()))
        del head["checks"]
        _open(write, head, "checks")
        _each(write, (unstructure(check) for check in criterion.checks))
        write(b"\n]}")
    write(b"\n]}")


def stream(report: object, lang: str, handle: BinaryIO) -> None:
    """Write the JSON of :func:`render` to ``handle`` piece by piece.

    A province's score report holds every evidence id its checks cite — hundreds
    of megabytes as text — so it is never built whole: scorecards are written
    check by check, the rectification list gap by gap. The data is that of
    :func:`render`; only white space may differ.
    """
    check_lang(lang)
    report = rows.as_report(report)
    write = handle.write
    if not isinstance(report, ScoreReport):
        write(_dumps(to_data(report)) + b"\n")
        return
    _open(write, {"schema": SCHEMAS["score"], "dataset_title": _label(report.dataset_title),
                  "as_of": _date(report.as_of),
                  "units": {uid: _label(n) for uid, n in report.units.items()}}, "cards")
    for number, card in enumerate(report.cards):
        write(b",\n" if number else b"\n")
        head = attrs.evolve(card, items={}).to_dict()
        del head["items"]
        _open(write, head, "items")
        for index, item in enumerate(card.items.values()):
            write(b",\n" if index else b"\n")
            _stream_item(write, item)
        write(b"\n]}")
    write(b'\n],\n"gaps": ')
    if report.gaps is None:
        write(b"null")
    else:
        gaps = report.gaps
        head = _gaps(attrs.evolve(gaps, gaps=()))
        del head["gaps"]
        to_assess = head.pop("to_assess")
        head["total_gain"] = gaps.total_gain()
        head["total_lost"] = gaps.total_lost()
        head["to_assess"] = to_assess
        _open(write, head, "gaps")
        _each(write, (_gap(g) for g in gaps.gaps))
        write(b"\n]}")
    write(b"\n}\n")


JSON = Reporter("json", render, Label("JSON（带版本的结构）", "JSON with a versioned schema"),
                suffix=".json", stream=stream)

"""整改清单, agenda, trend and plan: the CLI's reports, filtered by responsible unit.

Each report is built by the same function the CLI calls and written by the
same reporter, so a download with no filter is byte for byte what
``wenming gaps|agenda|trend|plan`` writes for the same workspace, date and
rubrics. The unit filter keeps the entries whose responsible unit is the one
chosen (a trend has no unit; it is not filtered).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any, Final

import anyio
import attrs
from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery

from wenming.plugins.types import Reporter
from wenming.serve.common import (
    AsOfQuery,
    WorkspaceDep,
    as_of,
    attachment,
    html,
    lang_of,
    refuse,
    unit_of,
)
from wenming.serve.render import report_parts
from wenming.serve.workspace import Workspace

__all__ = ["HANDLERS", "KINDS", "build"]

#: The reports served, with the formats each downloads in (those the CLI writes).
KINDS: Final[dict[str, tuple[str, ...]]] = {
    "gaps": ("xlsx", "csv", "html", "json", "md"),
    "agenda": ("ics", "xlsx", "html", "json", "md"),
    "trend": ("xlsx", "html", "json", "md"),
    "plan": ("xlsx", "html", "json", "md"),
}
_MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "csv": "text/csv", "html": "text/html",
          "json": "application/json", "md": "text/markdown",
          "ics": "text/calendar"}
_REPORTER = {"xlsx": "xlsx", "csv": "csv", "html": "html", "json": "json", "md": "markdown"}
_NAMES = {"gaps": "整改清单", "agenda": "近期到期事项", "trend": "创建进度趋势", "plan": "达标计划"}


def build(ws: Workspace, kind: str,
          query: dict[str, str | None]) -> tuple[object, dict[str, Any]]:
    """The report ``kind`` for the query, filtered by ``unit``; and the filters as applied."""
    from wenming.reports import build_agenda, build_gaps, build_plan, build_trend
    from wenming.scoring import Scorer

    dataset = ws.dataset()
    day = as_of(ws, dataset, query.get("as_of"))
    unit = unit_of(dataset, query.get("unit"))
    ids = list(ws.rubrics())
    scorer = Scorer(ws.host)
    applied: dict[str, Any] = {"as_of": day, "unit": unit}
    report: object
    if kind == "gaps":
        report = build_gaps(ws.scorecards(day), dataset, day)
        if unit:
            report = attrs.evolve(report, gaps=tuple(g for g in report.gaps if g.unit == unit),
                                  to_assess=tuple(e for e in report.to_assess
                                                  if e.unit == unit))
    elif kind == "agenda":
        days = _int(query.get("days"), 90, "days", 0, 3660)
        applied["days"] = days
        report = build_agenda(ws.scorecards(day), dataset, day, days, scorer.rubrics)
        if unit:
            report = attrs.evolve(report, entries=tuple(e for e in report.entries
                                                        if e.unit == unit))
    elif kind == "trend":
        every = query.get("every") or "month"
        if every not in ("week", "month", "quarter"):
            raise refuse("query", "unknown step / 统计周期无效", field="every", value=every,
                         expected="week, month or quarter")
        applied["every"] = every
        report = build_trend(scorer, dataset, ids, every, None, day)
    elif kind == "plan":
        by = as_of(ws, dataset, query.get("by") or dataset.campaign.window.end.isoformat(),
                   "by")
        target = query.get("target") or "pass"
        if target not in ("pass", "full"):
            raise refuse("query", "unknown target / 目标无效", field="target", value=target,
                         expected="pass or full")
        if by < day:
            raise refuse("query", "before the as-of date / 早于评估日", field="by",
                         value=by.isoformat(), expected=f"a day from {day} on")
        applied.update(by=by, target=target)
        report = build_plan(scorer, dataset, day, by, target, ids)
        if unit:
            report = attrs.evolve(
                report, activities=tuple(a for a in report.activities if a.unit == unit),
                lost=tuple(x for x in report.lost if x.unit == unit))
    else:
        raise NotFoundException(f"no report {kind!r}")
    return report, applied


def _int(text: str | None, default: int, name: str, low: int, high: int) -> int:
    if not text:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise refuse("query", "not a whole number in range / 数值无效", field=name, value=text,
                     expected=f"a whole number from {low} to {high}")
    return int(text)


def _reporter(ws: WorkspaceDep, fmt: str) -> Reporter:
    if fmt == "ics":
        from wenming.model.labels import Label
        from wenming.reports.agenda import agenda_to_ics

        return Reporter("ics", agenda_to_ics, Label("iCalendar 日历文件", "iCalendar file"),
                        binary=True, suffix=".ics")
    return ws.host.reporters()[_REPORTER[fmt]]


def rendered(ws: WorkspaceDep, report: object, fmt: str, lang: str) -> bytes:
    data = _reporter(ws, fmt).render(report, lang=lang)
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _query(request: Request[Any, Any, Any]) -> dict[str, str | None]:
    return {key: request.query_params.get(key)
            for key in ("as_of", "unit", "days", "every", "by", "target")}


@get("/api/reports/{kind:str}", opt={"action": "view"}, sync_to_thread=True,
     summary="A report (gaps, agenda, trend, plan) as the CLI's JSON, filtered by unit")
def report_api(request: Request[Any, Any, Any], ws: WorkspaceDep, kind: FromPath[str],
               as_of_: AsOfQuery = None, unit: FromQuery[str | None] = None) -> Response[bytes]:
    if kind not in KINDS:
        raise NotFoundException(f"no report {kind!r}; one of {', '.join(KINDS)}")
    report, _ = build(ws, kind, _query(request))
    return Response(rendered(ws, report, "json", "zh"), media_type="application/json")


@get("/reports/{kind:str}", opt={"action": "view"}, sync_to_thread=True,
     include_in_schema=False)
def report_page(request: Request[Any, Any, Any], ws: WorkspaceDep,
                kind: FromPath[str]) -> Response[str]:
    if kind not in KINDS:
        raise NotFoundException(f"no report {kind!r}")
    lang = lang_of(request)
    report, applied = build(ws, kind, _query(request))
    style, body = report_parts(rendered(ws, report, "html", lang).decode("utf-8"))
    from wenming.serve.views import unit_infos

    query = "&".join(f"{k}={v}" for k, v in applied.items() if v is not None)
    return html(request, "report.html.j2", kind=kind, formats=KINDS[kind], applied=applied,
                query=query, units=unit_infos(ws.dataset()), report_style=style,
                report_body=body)


@get("/download/reports/{name:str}", opt={"action": "download"}, sync_to_thread=True,
     summary="A report file as the CLI writes it, e.g. gaps.xlsx or agenda.ics")
def report_download(request: Request[Any, Any, Any], ws: WorkspaceDep, name: FromPath[str],
                    as_of_: AsOfQuery = None,
                    unit: FromQuery[str | None] = None) -> Response[bytes]:
    kind, _, fmt = name.partition(".")
    if kind not in KINDS or fmt not in KINDS[kind]:
        raise NotFoundException(f"no download {name!r}")
    report, applied = build(ws, kind, _query(request))
    day: date = applied["as_of"]
    suffix = f"-{applied['unit']}" if applied.get("unit") else ""
    filename = f"{_NAMES[kind]}-{day.isoformat()}{suffix}.{fmt}"
    return attachment(rendered(ws, report, fmt, lang_of(request)), filename, _MEDIA[fmt])


def what_if(ws: Workspace, name: str, data: bytes, as_of_text: str | None) -> object:
    """``wenming what-if``: the workspace scored with one ledger's records added, nothing kept.

    The ledger is checked as an upload is (name, size, bytes) and read as the
    workspace's own ledgers are; its records never join them.
    """
    import tempfile
    from pathlib import Path

    from wenming.errors import DatasetError
    from wenming.loaders.ledger_file import load_records
    from wenming.reports import build_what_if
    from wenming.scoring import Scorer
    from wenming.serve.uploads import UploadRefused, check_ledger

    problems = check_ledger(name, data)
    if problems:
        raise UploadRefused(problems, status=413 if any(
            "too large" in p.message for p in problems) else 422)
    dataset = ws.dataset()
    day = as_of(ws, dataset, as_of_text)
    with tempfile.TemporaryDirectory(prefix="wenming-what-if-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            extra = load_records(path, dataset, name=name)
        except DatasetError as error:
            raise UploadRefused(error.issues) from error
    return build_what_if(Scorer(ws.host), dataset, extra, day, list(ws.rubrics()),
                         source=name)


async def _one_file(request: Request[Any, Any, Any]) -> tuple[str, bytes]:
    from litestar.datastructures import UploadFile

    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise refuse("request", "not a file upload / 不是文件上传", field="Content-Type",
                     expected="multipart/form-data with one ledger file", status=415)
    form = await request.form()
    files = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
    if len(files) != 1:
        raise refuse("request", "send exactly one ledger / 请只发送一个台账文件",
                     value=len(files), expected="one file")
    return files[0].filename or "", await files[0].read()


@post("/api/reports/what-if", opt={"action": "score"}, status_code=200,
      summary="Score with one ledger's records added (nothing kept); the CLI's what-if JSON")
async def what_if_api(request: Request[Any, Any, Any], ws: WorkspaceDep,
                      as_of_: AsOfQuery = None) -> Response[bytes]:
    name, data = await _one_file(request)
    report = await anyio.to_thread.run_sync(partial(what_if, ws, name, data, as_of_))
    return Response(rendered(ws, report, "json", "zh"), media_type="application/json")


@post("/reports/what-if", opt={"action": "score"}, include_in_schema=False, status_code=200)
async def what_if_page(request: Request[Any, Any, Any], ws: WorkspaceDep) -> Response[str]:
    name, data = await _one_file(request)
    day = request.query_params.get("as_of")
    report = await anyio.to_thread.run_sync(partial(what_if, ws, name, data, day))
    page_html = rendered(ws, report, "html", lang_of(request)).decode("utf-8")
    style, body = report_parts(page_html)
    return html(request, "what_if.html.j2", report_style=style, report_body=body, name=name)


HANDLERS = [report_api, report_page, report_download, what_if_api, what_if_page]

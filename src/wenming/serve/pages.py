"""The workspace's pages and their JSON twins: overview, scorecards, criteria, ledgers, rubrics.

Each pair shares one builder in :mod:`wenming.serve.views`; the page renders
what the twin returns. Every handler names its action in ``opt`` and the app's
guard asks :func:`wenming.serve.access.authorize` before it runs.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import anyio
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect

from wenming.reporters.labels import number
from wenming.serve import views
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
from wenming.serve.uploads import MAX_FILES
from wenming.serve.workspace import Workspace

__all__ = ["HANDLERS"]

_VIEW: dict[str, Any] = {"action": "view"}
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# -- overview -----------------------------------------------------------------------------------
@get("/api", opt=_VIEW, sync_to_thread=True, summary="The workspace at a glance")
def summary_api(ws: WorkspaceDep, as_of_: AsOfQuery = None) -> views.Summary:
    dataset = ws.dataset()
    return views.summary(ws, as_of(ws, dataset, as_of_))


@get("/", opt=_VIEW, sync_to_thread=True, include_in_schema=False)
def summary_page(request: Request[Any, Any, Any], ws: WorkspaceDep,
                 as_of_: AsOfQuery = None) -> Response[str]:
    dataset = ws.dataset()
    data = views.summary(ws, as_of(ws, dataset, as_of_))
    return html(request, "home.html.j2", data=data, number=number)


# -- scorecards ---------------------------------------------------------------------------------
@get("/api/scorecards", opt=_VIEW, sync_to_thread=True,
     summary="Scorecards as of a date, for the campaign or one unit")
def scorecards_api(ws: WorkspaceDep, as_of_: AsOfQuery = None,
                   unit: FromQuery[str | None] = None) -> views.ScorecardsView:
    dataset = ws.dataset()
    return views.scorecards(ws, as_of(ws, dataset, as_of_), unit_of(dataset, unit))


@get("/scorecards", opt=_VIEW, sync_to_thread=True, include_in_schema=False)
def scorecards_page(request: Request[Any, Any, Any], ws: WorkspaceDep, as_of_: AsOfQuery = None,
                    unit: FromQuery[str | None] = None) -> Response[str]:
    from wenming.reporters.html import _TEXT, _card, _gaps
    from wenming.reports import ScoreReport, build_gaps

    dataset = ws.dataset()
    day = as_of(ws, dataset, as_of_)
    chosen = unit_of(dataset, unit)
    cards = ws.scorecards(day, chosen)
    report = ScoreReport.of(cards, dataset, day)
    lang = lang_of(request)
    shown = [{"card": card, "view": _card(card, report, lang)} for card in cards]
    gaps = _gaps(build_gaps(cards, dataset, day), lang)
    words = {key: label.text(lang) for key, label in _TEXT.items()}
    return html(request, "scorecards.html.j2", as_of=day, unit=chosen,
                units=views.unit_infos(dataset), cards=shown, gaps=gaps, number=number,
                words=words)


@get("/api/scorecards/{rubric_id:str}/{code:str}", opt=_VIEW, sync_to_thread=True,
     summary="One item of a scorecard: its criteria, checks and the records behind them")
def criterion_api(ws: WorkspaceDep, rubric_id: FromPath[str], code: FromPath[str],
                  as_of_: AsOfQuery = None,
                  unit: FromQuery[str | None] = None) -> views.CriterionView:
    return _criterion(ws, rubric_id, code, as_of_, unit)


def _criterion(ws: Workspace, rubric_id: str, code: str, as_of_: str | None,
               unit: str | None) -> views.CriterionView:
    dataset = ws.dataset()
    found = views.criterion(ws, rubric_id, code, as_of(ws, dataset, as_of_),
                            unit_of(dataset, unit))
    if found is None:
        raise NotFoundException(f"no item {code!r} in a scorecard of rubric {rubric_id!r}")
    return found


@get("/scorecards/{rubric_id:str}/{code:str}", opt=_VIEW, sync_to_thread=True,
     include_in_schema=False)
def criterion_page(request: Request[Any, Any, Any], ws: WorkspaceDep,
                   rubric_id: FromPath[str], code: FromPath[str],
                   as_of_: AsOfQuery = None, unit: FromQuery[str | None] = None) -> Response[str]:
    data = _criterion(ws, rubric_id, code, as_of_, unit)
    return html(request, "criterion.html.j2", data=data, number=number)


# -- ledgers ------------------------------------------------------------------------------------
@get("/api/ledgers", opt=_VIEW, sync_to_thread=True,
     summary="The ledgers read now and every uploaded version")
def ledgers_api(ws: WorkspaceDep) -> views.LedgersView:
    return views.ledgers(ws)


@get("/ledgers", opt=_VIEW, sync_to_thread=True, include_in_schema=False)
def ledgers_page(request: Request[Any, Any, Any], ws: WorkspaceDep,
                 accepted: FromQuery[str | None] = None) -> Response[str]:
    data = views.ledgers(ws)
    seqs = {int(s) for s in (accepted or "").split(",") if s.isdigit()}
    fresh = [v for v in data.versions if v.seq in seqs]
    return html(request, "ledgers.html.j2", data=data, fresh=fresh)


async def _files(request: Request[Any, Any, Any]) -> list[tuple[str, bytes]]:
    """The files of a multipart request, names checked before anything else is done."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise refuse("upload", "not a file upload / 不是文件上传", field="Content-Type",
                     value=request.headers.get("content-type"),
                     expected="multipart/form-data with one or more files", status=415)
    form = await request.form()
    files: list[tuple[str, bytes]] = []
    for _, value in form.multi_items():
        if isinstance(value, UploadFile):
            if len(files) >= MAX_FILES:
                raise refuse("upload", "too many files / 文件过多", value=len(files) + 1,
                             expected=f"at most {MAX_FILES} files per upload", status=413)
            files.append((value.filename or "", await value.read()))
    return files


async def _upload(request: Request[Any, Any, Any], ws: WorkspaceDep) -> list[views.VersionInfo]:
    files = await _files(request)
    accepted = await anyio.to_thread.run_sync(partial(ws.upload, files))
    view = await anyio.to_thread.run_sync(partial(views.ledgers, ws, accepted))
    return view.accepted


@post("/api/ledgers", opt={"action": "upload"}, status_code=201,
      summary="Add ledgers (multipart, several files); all accepted or none")
async def ledgers_upload_api(request: Request[Any, Any, Any],
                             ws: WorkspaceDep) -> list[views.VersionInfo]:
    return await _upload(request, ws)


@post("/ledgers/upload", opt={"action": "upload"}, include_in_schema=False, status_code=303)
async def ledgers_upload_page(request: Request[Any, Any, Any], ws: WorkspaceDep) -> Redirect:
    accepted = await _upload(request, ws)
    return Redirect("/ledgers?accepted=" + ",".join(str(v.seq) for v in accepted),
                    status_code=303)


@get("/download/template.xlsx", opt={"action": "download"}, sync_to_thread=True,
     summary="The Excel ledger template, with this workspace's units and kinds")
def template_download(ws: WorkspaceDep) -> Response[bytes]:
    import tempfile
    from pathlib import Path

    from wenming.template import write_template

    dataset = ws.dataset()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.xlsx"
        write_template(path, dataset.vocabulary, ws.host.rubrics(),
                       list(dataset.units.units.values()))
        data = path.read_bytes()
    return attachment(data, "台账模板.xlsx", _XLSX)


@get("/download/ledger/{seq:int}", opt={"action": "download"}, sync_to_thread=True,
     summary="One uploaded ledger version, as it was sent")
def version_download(ws: WorkspaceDep, seq: FromPath[int]) -> Response[bytes]:
    found = ws.version_path(seq)
    if found is None or not found[1].is_file():
        raise NotFoundException(f"no uploaded version {seq}")
    entry, path = found
    return attachment(path.read_bytes(), f"v{entry.seq}-{entry.name}",
                      "application/octet-stream")


# -- rubrics ------------------------------------------------------------------------------------
@get("/api/rubrics", opt=_VIEW, sync_to_thread=True, summary="Installed rubrics")
def rubrics_api(ws: WorkspaceDep) -> list[views.RubricInfo]:
    return _rubrics(ws)


def _rubrics(ws: WorkspaceDep) -> list[views.RubricInfo]:
    counted = ws.rubrics()
    return [views.rubric_info(r, counted) for r in ws.host.rubrics().values()]


@get("/rubrics", opt=_VIEW, sync_to_thread=True, include_in_schema=False)
def rubrics_page(request: Request[Any, Any, Any], ws: WorkspaceDep) -> Response[str]:
    return html(request, "rubrics.html.j2", rubrics=_rubrics(ws), number=number)


def _rubric(ws: Workspace, rubric_id: str) -> views.RubricView:
    rubric = ws.host.rubrics().get(rubric_id)
    if rubric is None:
        raise NotFoundException(f"no installed rubric {rubric_id!r}")
    return views.rubric_view(rubric, ws.rubrics())


@get("/api/rubrics/{rubric_id:str}", opt=_VIEW, sync_to_thread=True,
     summary="One installed rubric and its items")
def rubric_api(ws: WorkspaceDep, rubric_id: FromPath[str]) -> views.RubricView:
    return _rubric(ws, rubric_id)


@get("/rubrics/{rubric_id:str}", opt=_VIEW, sync_to_thread=True, include_in_schema=False)
def rubric_page(request: Request[Any, Any, Any], ws: WorkspaceDep,
                rubric_id: FromPath[str]) -> Response[str]:
    return html(request, "rubric.html.j2", data=_rubric(ws, rubric_id), number=number)


HANDLERS = [summary_api, summary_page, scorecards_api, scorecards_page, criterion_api,
            criterion_page, ledgers_api, ledgers_page, ledgers_upload_api, ledgers_upload_page,
            template_download, version_download, rubrics_api, rubrics_page, rubric_api,
            rubric_page]

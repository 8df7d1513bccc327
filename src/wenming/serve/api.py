"""The scorer over HTTP: score or validate a dataset sent with the request; the API's own pages.

``POST /api/score`` and ``POST /api/validate`` take a dataset folder as a zip
(the body itself, ``application/zip``, or one ``.zip`` file in a multipart
form) or as its files in a multipart form whose file names are paths inside
the folder (``campaign.toml``, ``evidence/2021.xlsx``). Nothing is kept: the
folder is unpacked into a temporary directory, checked and scored as
``wenming score`` would, and removed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import anyio
from attrs import frozen
from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery
from litestar.response import Redirect

from wenming.errors import DataIssue, DatasetError, WenmingError
from wenming.serve import views
from wenming.serve.access import ACTIONS, COOKIE
from wenming.serve.common import AsOfQuery, AuthDep, WorkspaceDep, html, refuse
from wenming.serve.uploads import MAX_FILES, UploadRefused, extract_dataset, safe_name

__all__ = ["HANDLERS", "Endpoint", "ValidationView"]


@frozen
class Endpoint:
    method: str
    path: str
    action: str
    summary: str


@frozen
class ValidationView:
    """``wenming validate --format json`` for a dataset that loads (errors answer 422)."""

    valid: bool
    campaign_id: str
    title: dict[str, str]
    window: str
    units: int
    records: int
    files: dict[str, int]
    rubrics: list[views.RubricInfo]
    schema: str = "wenming.validate/1"


async def _dataset_into(request: Request[Any, Any, Any], folder: Path) -> None:
    """Write the dataset the request carries into ``folder`` (names and sizes checked)."""
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/zip", "application/x-zip-compressed")):
        body = await request.body()
        await anyio.to_thread.run_sync(extract_dataset, body, str(folder))
        return
    if not kind.startswith("multipart/form-data"):
        raise refuse("request", "no dataset in the request / 请求中没有数据集",
                     field="Content-Type", value=kind or None,
                     expected="application/zip, or multipart/form-data with the folder's files",
                     status=415)
    form = await request.form()
    files = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
    if not files:
        raise refuse("request", "no file sent / 未发送文件", expected="a .zip or the files")
    if len(files) > MAX_FILES:
        raise refuse("request", "too many files / 文件过多", value=len(files),
                     expected=f"at most {MAX_FILES}; send a .zip instead", status=413)
    if len(files) == 1 and (files[0].filename or "").lower().endswith(".zip"):
        data = await files[0].read()
        await anyio.to_thread.run_sync(extract_dataset, data, str(folder))
        return
    issues: list[DataIssue] = []
    named: list[tuple[str, UploadFile]] = []
    for upload in files:
        try:
            named.append((safe_name(upload.filename or "", folder_parts=True), upload))
        except UploadRefused as error:
            issues += error.issues
    if issues:
        raise UploadRefused(issues, status=400)
    for name, upload in named:
        path = folder.joinpath(*name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(await upload.read())


def _load(ws: WorkspaceDep, folder: Path) -> Any:
    from wenming.loaders import load_dataset
    from wenming.scoring.tailoring_check import raise_for_tailoring

    if not (folder / "campaign.toml").is_file():
        raise UploadRefused([DataIssue("campaign.toml", "missing / 缺少 campaign.toml",
                                       expected="a dataset folder: campaign.toml, units, "
                                                "evidence/")])
    try:
        dataset = load_dataset(folder, vocabulary=ws.host.vocabulary())
        raise_for_tailoring(dataset, ws.host.rubrics())
    except DatasetError as error:
        raise UploadRefused(error.issues) from error
    except WenmingError as error:
        raise UploadRefused([DataIssue("dataset", str(error))]) from error
    return dataset


def _score(ws: WorkspaceDep, folder: Path, as_of_text: str | None, unit: str | None,
           rubric_ids: list[str]) -> bytes:
    from wenming.scoring import Scorer, today
    from wenming.serve.common import as_of, unit_of

    dataset = _load(ws, folder)
    installed = ws.host.rubrics()
    unknown = [r for r in rubric_ids if r not in installed]
    if unknown:
        raise refuse("query", "rubric not installed / 未安装的测评细则", field="rubric",
                     value=", ".join(unknown), expected=", ".join(installed), status=404)
    if as_of_text:
        day = as_of(ws, dataset, as_of_text)
    else:  # as the CLI: today, or the campaign's end once it has passed
        day = min(today(), dataset.campaign.window.end)
    chosen = unit_of(dataset, unit)
    scorer = Scorer(ws.host)
    from wenming.rubric import default_rubric_ids

    ids = rubric_ids or default_rubric_ids(installed)  # as the CLI: examples only when named
    cards = [scorer.score(dataset, r, day, chosen) for r in ids]
    return views.score_report_json(cards, dataset, day)


@post("/api/score", opt={"action": "score"}, status_code=200,
      summary="Score a dataset sent as a zip or as files; the CLI's scorecards JSON",
      description="Body: application/zip, or multipart/form-data with one .zip or the "
                  "folder's files (file names are paths inside it). Answers exactly what "
                  "`wenming score --format json` writes (schema wenming.score-report/1).")
async def score_api(request: Request[Any, Any, Any], ws: WorkspaceDep, as_of_: AsOfQuery = None,
                    unit: FromQuery[str | None] = None,
                    rubric: FromQuery[list[str] | None] = None) -> Response[bytes]:
    with tempfile.TemporaryDirectory(prefix="wenming-score-") as folder:
        await _dataset_into(request, Path(folder))
        data = await anyio.to_thread.run_sync(
            lambda: _score(ws, Path(folder), as_of_, unit, list(rubric or [])))
    return Response(data, media_type="application/json")


@post("/api/validate", opt={"action": "score"}, status_code=200,
      summary="Check a dataset sent as a zip or as files; 422 lists every located problem")
async def validate_api(request: Request[Any, Any, Any], ws: WorkspaceDep) -> ValidationView:
    from collections import Counter

    with tempfile.TemporaryDirectory(prefix="wenming-validate-") as folder:
        await _dataset_into(request, Path(folder))
        dataset = await anyio.to_thread.run_sync(_load, ws, Path(folder))
    campaign = dataset.campaign
    files = Counter(r.origin.file if r.origin else "—" for r in dataset.evidence)
    installed = ws.host.rubrics()
    return ValidationView(True, campaign.id, views.label(campaign.title) or {},
                          str(campaign.window), len(dataset.units), len(dataset.evidence),
                          dict(sorted(files.items())),
                          [views.rubric_info(r, installed) for r in installed.values()])


# -- the API's own pages ------------------------------------------------------------------------
def endpoints(request: Request[Any, Any, Any]) -> list[Endpoint]:
    """Every route of the app with its access rule, from the route table itself."""
    found = []
    for route in request.app.routes:
        for method, handler in getattr(route, "route_handler_map", {}).items():
            if method == "OPTIONS" or method == "HEAD":
                continue
            route_handler = handler[0] if isinstance(handler, tuple) else handler
            summary = route_handler.summary or ""
            found.append(Endpoint(method, route.path, route_handler.opt.get("action", "?"),
                                  summary))
    return sorted(found, key=lambda e: (not e.path.startswith("/api"), e.path, e.method))


@get("/api/endpoints", opt={"action": "public"}, summary="Every endpoint and its access rule")
async def endpoints_api(request: Request[Any, Any, Any]) -> list[Endpoint]:
    return endpoints(request)


@get("/endpoints", opt={"action": "public"}, include_in_schema=False)
async def endpoints_page(request: Request[Any, Any, Any]) -> Response[str]:
    return html(request, "endpoints.html.j2", endpoints=endpoints(request), actions=ACTIONS)


@get("/openapi.json", opt={"action": "public"}, include_in_schema=False)
async def openapi(request: Request[Any, Any, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = request.app.openapi_schema.to_schema()
    return schema


@get("/login", opt={"action": "public"}, include_in_schema=False)
async def login(request: Request[Any, Any, Any], auth: AuthDep,
                token: FromQuery[str | None] = None) -> Response[Any]:
    """The link printed at start-up: a browser that opens it keeps a session cookie."""
    import hmac

    if auth.token is None or token is None or not hmac.compare_digest(
            token.encode(), auth.token.encode()):
        raise refuse("query", "wrong or missing token / 令牌错误", field="token",
                     expected="the link printed when the server started", status=401)
    response: Response[Any] = Redirect("/")
    response.set_cookie(COOKIE, auth.session_value(), httponly=True, samesite="lax",
                        secure=request.url.scheme == "https", path="/")
    return response


HANDLERS = [score_api, validate_api, endpoints_api, endpoints_page, openapi, login]

"""What every handler shares: the language, the as-of date, HTML and download responses."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias
from urllib.parse import quote

from litestar import Request, Response
from litestar.di import NamedDependency
from litestar.params import QueryParameter

from wenming.errors import DataIssue
from wenming.model.labels import Lang
from wenming.serve.access import AuthConfig
from wenming.serve.render import page
from wenming.serve.uploads import UploadRefused
from wenming.serve.workspace import Workspace

if TYPE_CHECKING:
    from wenming.dataset import Dataset

__all__ = ["LANG_COOKIE", "AsOfQuery", "AuthDep", "WorkspaceDep", "as_of", "attachment", "html",
           "lang_of", "refuse", "unit_of"]

LANG_COOKIE = "wenming_lang"
#: The workspace and the authentication settings, as handlers receive them.
WorkspaceDep: TypeAlias = NamedDependency[Workspace]
AuthDep: TypeAlias = NamedDependency[AuthConfig]
#: ``?as_of=``: any form ``--as-of`` reads; default today, or the campaign's end once passed.
AsOfQuery = Annotated[str | None, QueryParameter(name="as_of", required=False,
                                            description="As-of day, e.g. 2021-12-31")]


def lang_of(request: Request[Any, Any, Any]) -> Lang:
    """``?lang=``, else the language cookie, else Chinese: the campaign office's language."""
    value = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    return "en" if value == "en" else "zh"


def html(request: Request[Any, Any, Any], template: str, status: int = 200,
         **values: Any) -> Response[str]:
    """A page in the request's language; ``?lang=`` is remembered in a cookie."""
    lang = lang_of(request)
    body = page(template, lang, here=request.url.path, json_url=_twin(request), **values)
    response = Response(body, status_code=status, media_type="text/html")
    if request.query_params.get("lang") in ("zh", "en"):
        response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="lax", path="/")
    twin = _twin(request)
    if twin:
        response.headers["Link"] = f'<{twin}>; rel="alternate"; type="application/json"'
    return response


def _twin(request: Request[Any, Any, Any]) -> str | None:
    """The ``/api`` address of this page's JSON, for the pages that have one."""
    path = request.url.path
    if request.method != "GET" or path.startswith(("/api", "/download", "/static")):
        return None
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in request.query_params.items()
                     if k != "lang")
    twin = "/api" + (path if path != "/" else "")
    return twin + (f"?{query}" if query else "")


def refuse(where: str, message: str, *, field: str | None = None, value: object = None,
           expected: str | None = None, status: int = 400) -> UploadRefused:
    return UploadRefused([DataIssue(where, message, field=field, value=value,
                                    expected=expected)], status=status,
                         headline="bad request / 请求有误")


def as_of(ws: WorkspaceDep, dataset: Dataset, text: str | None, name: str = "as_of") -> date:
    """The day asked for (any form the CLI's ``--as-of`` reads), else the default day."""
    from wenming.calendar import WindowFormatError, parse_date

    if not text:
        return ws.default_as_of(dataset)
    try:
        day = parse_date(text)
    except WindowFormatError as error:
        raise refuse("query", "not a date / 日期无法识别", field=name, value=text,
                     expected="a day such as 2021-06-30") from error
    window = dataset.campaign.window
    if day < window.start:
        raise refuse("query", "before the campaign starts / 早于活动开始日", field=name,
                     value=text, expected=f"a day from {window.start} on")
    return day


def unit_of(dataset: Dataset, text: str | None, name: str = "unit") -> str | None:
    if not text:
        return None
    if text not in dataset.units:
        import difflib

        close = difflib.get_close_matches(text, list(dataset.units.units), n=3)
        raise refuse("query", "unknown unit / 未知单位", field=name, value=text,
                     expected=f"a unit id{'; did you mean ' + ', '.join(close) if close else ''}",
                     status=404)
    return text


def attachment(data: bytes, filename: str, media_type: str) -> Response[bytes]:
    """A download: the bytes as a reporter wrote them, under a readable file name."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type,
                    headers={"Content-Disposition": disposition})

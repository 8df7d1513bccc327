"""``create_app(workspace)``: the ASGI application ``wenming serve`` runs.

Layers, outermost first: :class:`Shield` (Host allowlist, cross-site request
refusal, security headers on every answer, errors included), then Litestar
with one guard on every route (:func:`wenming.serve.access.authorize`, by the
action each route names), the handlers, and exception handlers that answer
every refusal in one shape — ``{"ok": false, "status", "message", "problems"}``
for ``/api``, a page listing the same problems elsewhere.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from litestar import Litestar, Request, Response, Router
from litestar.connection import ASGIConnection
from litestar.di import Provide
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
)
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from wenming.serve import api, history, pages, reports, setup
from wenming.serve.access import ACTIONS, AuthConfig, actor_from_request, authorize
from wenming.serve.common import html
from wenming.serve.uploads import MAX_FILES, MAX_REQUEST_BYTES, UploadRefused
from wenming.serve.views import ErrorBody, Problem, problems
from wenming.serve.workspace import Workspace, WorkspaceBroken

__all__ = ["LOOPBACK_HOSTS", "SECURITY_HEADERS", "Shield", "create_app"]

log = logging.getLogger("wenming.serve")

#: Host names a loopback server answers to; anything else could be DNS rebinding.
LOOPBACK_HOSTS: Final = ("127.0.0.1", "localhost", "[::1]")
#: Sent with every answer. No script runs at all (the pages have none); styles are
#: inline because the reports' pages carry theirs, so they open from a USB stick too.
SECURITY_HEADERS: Final = {
    "content-security-policy": "default-src 'none'; script-src 'none'; "
                               "style-src 'unsafe-inline'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cache-control": "no-store",
}
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Shield:
    """Host allowlist, cross-site refusal and security headers around the whole app.

    A state-changing request from a browser names where it comes from: it must
    be this site (``Sec-Fetch-Site: same-origin`` or ``none``, and an ``Origin``
    if any equal to this server's). Scripts (curl, other systems) send neither
    header and pass: they carry no browser's cookies to abuse.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None) -> None:
        self.app = app
        self.allowed = None if allowed_hosts is None else frozenset(
            h.lower() for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if str(scope["type"]) != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope["headers"]}
        host = headers.get("host", "")
        name = host.split("]")[0] + "]" if host.startswith("[") else host.rsplit(":", 1)[0]
        if self.allowed is not None and name.lower() not in self.allowed:
            await _refuse(send, 400, "host not allowed / 主机名不被接受", "Host", host,
                          f"one of {', '.join(sorted(self.allowed))}")
            return
        if scope.get("method") not in _SAFE_METHODS:
            site = headers.get("sec-fetch-site")
            origin = headers.get("origin")
            own = f"{scope.get('scheme', 'http')}://{host}"
            if site is not None and site not in ("same-origin", "none"):
                await _refuse(send, 403, "cross-site request refused / 拒绝跨站请求",
                              "Sec-Fetch-Site", site, "same-origin")
                return
            if origin is not None and origin != own:
                await _refuse(send, 403, "cross-site request refused / 拒绝跨站请求",
                              "Origin", origin, own)
                return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                         if k.encode() not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, secured)


async def _refuse(send: Send, status: int, message: str, field: str, value: str,
                  expected: str) -> None:
    import orjson

    body = orjson.dumps({"ok": False, "status": status, "message": message,
                         "problems": [{"where": "request", "message": message, "line": None,
                                       "field": field, "value": value,
                                       "expected": expected}]})
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(body)).encode()),
               *((k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items())]
    start: Any = {"type": "http.response.start", "status": status, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": body, "more_body": False})


# -- authorization ------------------------------------------------------------------------------
def _guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """The one access check, before every handler, page or API alike."""
    auth: AuthConfig = connection.app.state.auth
    action = str(handler.opt.get("action", ""))
    actor = actor_from_request(auth, connection.headers, connection.cookies)
    if authorize(actor, action, "workspace"):
        return
    if actor is None:
        raise NotAuthorizedException(
            "sign in: open the link printed when the server started, or send "
            "Authorization: Bearer TOKEN / 请打开启动时打印的链接登录")
    raise PermissionDeniedException(f"not allowed to {action or 'do this'} / 无权操作")


# -- errors -------------------------------------------------------------------------------------
def _wants_json(request: Request[Any, Any, Any]) -> bool:
    return request.url.path.startswith(("/api", "/openapi")) or \
        "application/json" in request.headers.get("accept", "")


def _answer(request: Request[Any, Any, Any], body: ErrorBody) -> Response[Any]:
    if _wants_json(request):
        return Response(body, status_code=body.status)
    return html(request, "error.html.j2", status=body.status, error=body)


def _on_refused(request: Request[Any, Any, Any], error: UploadRefused) -> Response[Any]:
    return _answer(request, ErrorBody(error.status, error.headline, problems(error.issues)))


def _on_broken(request: Request[Any, Any, Any], error: WorkspaceBroken) -> Response[Any]:
    found = problems(error.issues) or [Problem("workspace", str(error))]
    return _answer(request, ErrorBody(422, "the workspace cannot be read / 工作区无法读取",
                                      found))


def _on_http(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    found = [Problem("request", str(error.detail))]
    extra = error.extra
    if isinstance(extra, list):
        found += [Problem("request", str(e.get("message", e)) if isinstance(e, dict) else str(e),
                          field=str(e.get("key")) if isinstance(e, dict) and e.get("key")
                          else None)
                  for e in extra]
    response = _answer(request, ErrorBody(error.status_code, str(error.detail), found))
    if error.status_code == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="wenming"'
    return response


def _on_crash(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    log.exception("internal error on %s %s", request.method, request.url.path, exc_info=error)
    return _answer(request, ErrorBody(500, "internal error / 内部错误",
                                      [Problem("server", type(error).__name__)]))


# -- the application ----------------------------------------------------------------------------
#: Every route of the app, each naming its action (the route table).
ROUTES: Final = (*pages.HANDLERS, *reports.HANDLERS, *setup.HANDLERS, *history.HANDLERS,
                 *api.HANDLERS)


def create_app(workspace: str | Path | Workspace, *, host: Any = None, token: str | None = None,
               allowed_hosts: Sequence[str] | None = LOOPBACK_HOSTS,
               debug: bool = False) -> ASGIApp:
    """The ASGI app serving ``workspace`` (a dataset folder, or a :class:`Workspace`).

    ``host`` is the plugin host (default: the installed plugins); ``token``, when
    given, is required of every request but the public ones; ``allowed_hosts``
    None answers any Host header (only sensible behind a proxy that checks it).
    """
    import importlib.metadata

    if isinstance(workspace, Workspace):
        ws = workspace
    else:
        if host is None:
            from wenming.plugins import PluginHost

            host = PluginHost()
        ws = Workspace(Path(workspace), host)
    auth = AuthConfig(token)
    try:
        version = importlib.metadata.version("wenming")
    except importlib.metadata.PackageNotFoundError:
        version = "0"
    unknown = [h for h in ROUTES if h.opt.get("action") not in ACTIONS]
    if unknown:  # every route must name its access rule; refuse to start otherwise
        raise RuntimeError(f"routes without an access rule: {unknown}")
    app = Litestar(
        route_handlers=list(ROUTES),
        guards=[_guard],
        dependencies={"ws": Provide(lambda: ws, use_cache=True, sync_to_thread=False),
                      "auth": Provide(lambda: auth, use_cache=True, sync_to_thread=False)},
        exception_handlers={UploadRefused: _on_refused, WorkspaceBroken: _on_broken,
                            HTTPException: _on_http, Exception: _on_crash},
        openapi_config=OpenAPIConfig(
            title="wenming serve", version=version,
            description="The campaign workspace and the scorer over HTTP. Every page has a "
                        "JSON twin under /api; errors answer {ok: false, status, message, "
                        "problems}.",
            path="/schema", render_plugins=[JsonRenderPlugin()],
            openapi_router=Router("/schema", route_handlers=[], opt={"action": "public"},
                                  include_in_schema=False)),
        request_max_body_size=MAX_REQUEST_BYTES,
        multipart_form_part_limit=MAX_FILES + 10,
        signature_namespace={"Workspace": Workspace, "AuthConfig": AuthConfig},
        logging_config=None,  # the embedding program configures logging, not the app
        debug=debug,
    )
    app.state.auth = auth
    app.state.workspace = ws
    return Shield(app, allowed_hosts)

"""Who may do what: one decision for every page and every API call.

Each route names the action it performs (:data:`ACTIONS`); a guard asks
:func:`authorize` before the handler runs, for HTML and JSON alike, so a rule
cannot hold for a page and be forgotten for its JSON twin. Today there are two
modes: on loopback without a token the person at the keyboard owns the
workspace; with a token (required off loopback) only a request that carries it
is let in. A later shared mode (accounts, roles per unit) replaces
:func:`actor_from_request` and :func:`authorize`, not the handlers.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Final, Literal

from attrs import frozen

__all__ = [
    "ACTIONS",
    "COOKIE",
    "Action",
    "Actor",
    "AuthConfig",
    "actor_from_request",
    "authorize",
]

Action = Literal["view", "download", "edit", "upload", "score", "public"]
#: Every action a route may name, with what it lets an actor do.
ACTIONS: Final[dict[str, str]] = {
    "public": "open without signing in (the endpoint list, the OpenAPI document, log-in)",
    "view": "read the workspace's pages and their JSON",
    "download": "download reports, templates and earlier ledger versions",
    "edit": "change the campaign set-up (campaign.toml, units.toml)",
    "upload": "add ledgers to the workspace",
    "score": "score or validate a dataset sent with the request (nothing is kept)",
}
#: The cookie a browser keeps after opening the log-in link (token mode only).
COOKIE: Final = "wenming_session"


@frozen
class Actor:
    """Who is asking: ``id`` and the roles the rules read."""

    id: str
    roles: tuple[str, ...] = ()


@frozen
class AuthConfig:
    """How requests are authenticated: ``token`` None means loopback, owner mode."""

    token: str | None = None

    def session_value(self) -> str:
        """What the session cookie holds: a keyed hash of the token, never the token."""
        assert self.token is not None
        return hmac.new(self.token.encode(), b"wenming-session", hashlib.sha256).hexdigest()


_OWNER = Actor("local", ("owner",))


def actor_from_request(auth: AuthConfig, headers: Any, cookies: Any) -> Actor | None:
    """The actor of a request: the local owner, the token's holder, or nobody."""
    if auth.token is None:
        return _OWNER
    given = str(headers.get("authorization", ""))
    if given.lower().startswith("bearer ") and hmac.compare_digest(
            given[7:].strip().encode(), auth.token.encode()):
        return Actor("token", ("owner",))
    cookie = cookies.get(COOKIE)
    if cookie and hmac.compare_digest(str(cookie).encode(), auth.session_value().encode()):
        return Actor("token", ("owner",))
    return None


def authorize(actor: Actor | None, action: str, resource: str = "workspace") -> bool:
    """Whether ``actor`` may perform ``action`` on ``resource``; unknown actions are denied."""
    if action not in ACTIONS:
        return False
    if action == "public":
        return True
    if actor is None:
        return False
    return "owner" in actor.roles

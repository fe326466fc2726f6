"""Request guards of the web app, as pure ASGI middleware: allowed ``Host`` names and same-site origins
(:class:`HostGuard`), the upload limit (:class:`BodyLimit`) and the access token (:class:`TokenGate`), with the
browser sessions of token mode (:class:`Sessions`: the login page's random session ids, never the token).

They answer before any route runs, with the app's error shape (JSON ``{detail, problems}``, or an HTML fragment
for htmx requests and pages; see :func:`send_error`)."""

from __future__ import annotations

import hmac
import html
import json
import os
import secrets
import time
from collections.abc import Sequence
from urllib.parse import urlencode, urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_UPLOAD = 2 * 1024 * 1024
"""Largest request body accepted (2 MiB); scenarios are a few kB."""
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
"""Host names accepted by default when no token is set (the server is then bound to loopback); any port."""
ALLOWED_HOSTS_ENV = "WINSET_ALLOWED_HOSTS"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _header(scope: Scope, name: bytes) -> str:
    for k, v in scope.get("headers") or []:
        if k == name:
            return v.decode("latin-1")
    return ""


async def send_error(scope: Scope, send: Send, status: int, msg: str, *, close: bool = False) -> None:
    """Answer ``status`` from middleware: JSON ``{detail, problems}``, or, for htmx requests and pages, an HTML
    fragment shown where validation problems go (``#problems``; htmx is told to retarget there)."""
    headers: list[tuple[bytes, bytes]] = []
    if _header(scope, b"hx-request").lower() == "true" or "text/html" in _header(scope, b"accept"):
        body = (
            f'<div id="problems" class="problems bad" role="alert" data-lines="">'
            f'<p class="msg"><strong>{status}</strong> {html.escape(msg)}</p></div>'
        ).encode()
        headers += [
            (b"content-type", b"text/html; charset=utf-8"),
            (b"hx-retarget", b"#problems"),
            (b"hx-reswap", b"outerHTML"),
        ]
    else:
        body = json.dumps({"detail": msg, "problems": []}).encode()
        headers.append((b"content-type", b"application/json"))
    headers.append((b"content-length", str(len(body)).encode()))
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _split_host(value: str) -> tuple[str, str]:
    """``'Example.org:8000'`` -> ``('example.org', '8000')``; ``'[::1]:80'`` -> ``('[::1]', '80')``."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return value, ""
        rest = value[end + 1 :]
        return value[: end + 1], rest[1:] if rest.startswith(":") else ""
    if value.count(":") == 1:
        host, port = value.split(":")
        return host, port
    if value.count(":") > 1:  # a bare IPv6 address
        return f"[{value}]", ""
    return value, ""


class HostGuard:
    """Refuse requests whose ``Host`` is not an allowed name (DNS rebinding), and state-changing requests
    (POST, PUT, PATCH, DELETE) whose ``Origin`` -- or, without one, ``Referer`` -- is another site (cross-site
    request forgery).  ``allowed_hosts``: names (any port) or ``name:port``; ``"*"`` allows every host (the
    origin check still applies)."""

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.any_host = "*" in allowed_hosts
        self.allowed = {_split_host(h) for h in allowed_hosts if h != "*"}

    def host_ok(self, host: str) -> bool:
        if self.any_host:
            return True
        name, port = _split_host(host)
        return bool(name) and ((name, "") in self.allowed or (name, port) in self.allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = _header(scope, b"host")
        if not self.host_ok(host):
            await send_error(
                scope,
                send,
                400,
                f"host '{host}' is not allowed: open the app at http://127.0.0.1:PORT/ or "
                f"http://localhost:PORT/, or allow the name (create_app(allowed_hosts=...) or "
                f"{ALLOWED_HOSTS_ENV}=name,...)",
            )
            return
        if scope.get("method") in UNSAFE_METHODS:
            origin = _header(scope, b"origin")
            source, what = (origin, "Origin") if origin else (_header(scope, b"referer"), "Referer")
            if source and (source == "null" or urlsplit(source).netloc.lower() != host.strip().lower()):
                await send_error(
                    scope,
                    send,
                    403,
                    f"cross-site request refused: {what} '{source}' is not this site ({host}); "
                    f"change the library from its own pages or from a client without {what}",
                )
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """Reject request bodies over ``limit`` bytes with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    def _message(self, size: int | None) -> str:
        got = f" (got {size:,} bytes)" if size is not None else ""
        return (
            f"upload too large: the limit is {self.limit:,} bytes ({self.limit / 1048576:.1f} MiB){got}; "
            f"scenarios are usually a few kB"
        )

    async def _reject(self, scope: Scope, send: Send, size: int | None) -> None:
        await send_error(scope, send, 413, self._message(size), close=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        cl = headers.get(b"content-length")
        if cl is not None:
            try:
                size = int(cl)
            except ValueError:
                size = None
            if size is not None and size > self.limit:
                await self._reject(scope, send, size)
                return
        if cl is None and scope.get("method") in ("POST", "PUT", "PATCH"):
            # no Content-Length (chunked): read the body here, up to the limit, then replay it to the app
            buffered: list[Message] = []
            seen = 0
            while True:
                msg = await receive()
                if msg["type"] != "http.request":
                    buffered.append(msg)
                    break
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    await self._reject(scope, send, None)
                    return
                buffered.append(msg)
                if not msg.get("more_body", False):
                    break

            async def replay() -> Message:
                return buffered.pop(0) if buffered else await receive()

            await self.app(scope, replay, send)
            return
        await self.app(scope, receive, send)


SESSION_COOKIE = "winset_session"
SESSION_HOURS = 12
LOGIN_PATH = "/login"
OPEN_PATHS = frozenset({"/api/health", LOGIN_PATH, "/logout"})
"""Paths answered without a token or session: health, and the login and logout pages."""


class Sessions:
    """Browser sessions of token mode: random ids (never the token) valid for :data:`SESSION_HOURS`, kept in
    memory (a restart logs everyone out), ended by :meth:`end` (log out)."""

    def __init__(self, token: str, hours: float = SESSION_HOURS) -> None:
        self.token, self.ttl = token, hours * 3600
        self._ids: dict[str, float] = {}

    def token_ok(self, supplied: str | None) -> bool:
        return bool(supplied) and hmac.compare_digest(str(supplied).encode(), self.token.encode())

    def start(self) -> str:
        now = time.monotonic()
        self._ids = {k: t for k, t in self._ids.items() if t > now}  # forget expired sessions
        sid = secrets.token_urlsafe(32)
        self._ids[sid] = now + self.ttl
        return sid

    def valid(self, sid: str | None) -> bool:
        if not sid:
            return False
        expires = self._ids.get(sid)
        return expires is not None and expires > time.monotonic()

    def end(self, sid: str | None) -> None:
        if sid:
            self._ids.pop(sid, None)


def set_session_cookie(resp: Response, request: Request, sid: str) -> None:
    """The session cookie: HttpOnly, SameSite=Strict, ``Secure`` when the request came over HTTPS, and holding a
    random session id, not the token."""
    resp.set_cookie(
        SESSION_COOKIE,
        sid,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def safe_next(target: str | None) -> str:
    """A local path to go to after logging in (never another site: ``//evil``, ``https://...`` give ``/``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


class TokenGate:
    """Require the token (``Authorization: Bearer``) or a session (the ``winset_session`` cookie, from the login
    page or from opening ``?token=`` once) on every request except static files, health, login and logout.

    Without either, a browser asking for a page is sent to the login page, an htmx request is told to go there,
    and API clients get 401 JSON."""

    def __init__(self, app: ASGIApp, sessions: Sessions) -> None:
        self.app, self.sessions = app, sessions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith("/static/") or path in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        auth = request.headers.get("authorization", "")
        bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        if self.sessions.token_ok(bearer) or self.sessions.valid(request.cookies.get(SESSION_COOKIE)):
            await self.app(scope, receive, send)
            return
        q = request.query_params.get("token")
        if self.sessions.token_ok(q):  # log in from a link: a session cookie, and the token off the address
            params = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            url = (
                request.url.replace_query_params(**dict(params))
                if params
                else request.url.remove_query_params("token")
            )
            resp: Response = RedirectResponse(str(url), status_code=303)
            set_session_cookie(resp, request, self.sessions.start())
            await resp(scope, receive, send)
            return
        here = path + (f"?{request.url.query}" if request.url.query else "")
        login = f"{LOGIN_PATH}?{urlencode({'next': here})}"
        if request.headers.get("hx-request", "").lower() == "true":
            resp = Response(status_code=401, headers={"HX-Redirect": login})
        elif (
            request.method == "GET"
            and not path.startswith("/api/")
            and "text/html" in request.headers.get("accept", "")
        ):
            resp = RedirectResponse(login, status_code=303)
        else:
            resp = JSONResponse(
                {
                    "detail": "a token is required: send 'Authorization: Bearer TOKEN', or log in at "
                    f"{LOGIN_PATH} in a browser",
                    "problems": [],
                },
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        await resp(scope, receive, send)


def resolve_allowed_hosts(allowed_hosts: Sequence[str] | None, token: str | None) -> list[str]:
    """The Host names the app answers: ``allowed_hosts`` when given, else ``WINSET_ALLOWED_HOSTS``
    (comma-separated), else loopback names only without a token (``winset serve`` then binds loopback) and
    every name with one (the token, not the name, protects the library; the origin check still applies)."""
    if allowed_hosts is None and os.environ.get(ALLOWED_HOSTS_ENV, "").strip():
        allowed_hosts = [h.strip() for h in os.environ[ALLOWED_HOSTS_ENV].split(",") if h.strip()]
    if allowed_hosts is None:
        return ["*"] if token else list(LOOPBACK_HOSTS)
    return list(allowed_hosts)

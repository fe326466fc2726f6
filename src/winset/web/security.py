"""Request guards of the web app, as pure ASGI middleware: allowed ``Host`` names and same-site origins
(:class:`HostGuard`), the upload limit (:class:`BodyLimit`) and the access token (:class:`TokenGate`).

They answer before any route runs, with the app's error shape (JSON ``{detail, problems}``, or an HTML fragment
for htmx requests and pages; see :func:`send_error`)."""

from __future__ import annotations

import hmac
import html
import json
import os
from collections.abc import Sequence
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_UPLOAD = 2 * 1024 * 1024
"""Largest request body accepted (2 MiB); scenarios are a few kB."""
TOKEN_COOKIE = "winset_token"
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


class TokenGate:
    """Require a token (``Authorization: Bearer``, the ``winset_token`` cookie, or ``?token=`` once) on every
    request except static files and ``/api/health``."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app, self.token = app, token

    def _ok(self, supplied: str | None) -> bool:
        return bool(supplied) and hmac.compare_digest(str(supplied).encode(), self.token.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/") or scope["path"] == "/api/health":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        auth = request.headers.get("authorization", "")
        bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        if self._ok(bearer) or self._ok(request.cookies.get(TOKEN_COOKIE)):
            await self.app(scope, receive, send)
            return
        q = request.query_params.get("token")
        if self._ok(q):  # log in from a link: set the cookie and drop the token from the address
            params = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            url = (
                request.url.replace_query_params(**dict(params))
                if params
                else request.url.remove_query_params("token")
            )
            resp: Response = RedirectResponse(str(url), status_code=303)
            resp.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            await resp(scope, receive, send)
            return
        resp = JSONResponse(
            {
                "detail": "a token is required: send 'Authorization: Bearer TOKEN' or open "
                "/?token=TOKEN once",
                "problems": [],
            },
            status_code=401,
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

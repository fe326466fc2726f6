"""The winset web app: scenario library, YAML editor, what-if sliders, saved runs, JSON API.

Pages are server-rendered (Jinja2) and made interactive with HTMX (bundled in ``static/``; no CDN).  The JSON
API lives under ``/api`` and is described by the OpenAPI document at ``/api/openapi.json`` (a self-contained
page listing the endpoints at ``/api/docs``; no page loads anything from another site).
"""

from __future__ import annotations

import hmac
import html
import json
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from fastapi import FastAPI, Form, Query, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..analysis import analyze
from ..formatting import JINJA_FILTERS
from ..report.summary import names, summarize
from ..scenario import Scenario, ScenarioError, loads
from ..scenario.errors import Problem
from ..store import NotFound, Store, StoreError, check_slug
from . import whatif
from .whatif import Override

MAX_UPLOAD = 2 * 1024 * 1024
"""Largest request body accepted (2 MiB); scenarios are a few kB."""
MAX_API_DRAWS = 5000
TOKEN_COOKIE = "winset_token"

WEB_DIR = Path(str(resources.files(__package__)))


# ---------------------------------------------------------------------------------------------------------
# API models
# ---------------------------------------------------------------------------------------------------------
WEB_SEARCH_SAMPLES = 4096
"""Sobol candidates per instrument for the web page's package search and repair (the CLI uses 16,384)."""


class ProblemOut(BaseModel):
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    field: str = ""


class ErrorOut(BaseModel):
    detail: str
    problems: list[ProblemOut] = Field(default_factory=list)


class ScenarioSummary(BaseModel):
    slug: str
    title: str
    builtin: bool
    version: int
    updated: str


class ScenarioOut(ScenarioSummary):
    text: str
    created: str


class ScenarioCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slug: str = Field(
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9_\-]{0,63}$",
        description="Name in the library: lower-case letters, digits, '-', '_'.",
    )
    text: str = Field(description="The scenario as YAML or JSON text.")


class ScenarioUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str
    version: int | None = Field(
        default=None,
        ge=1,
        le=2**31 - 1,
        description="The version this edit started from; a stale version gives 409.",
    )


class ValidateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str


class ValidateOut(BaseModel):
    ok: bool
    title: str | None = None
    problems: list[ProblemOut] = Field(default_factory=list)


class AnalyzeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    overrides: list[Override] = Field(default_factory=list, max_length=500)


class RunIn(AnalyzeIn):
    name: str = Field(default="run", max_length=120)


class RunSummary(BaseModel):
    id: int
    scenario: str
    scenario_version: int
    name: str
    overrides: list[dict[str, Any]]
    created: str


class RunOut(RunSummary):
    result: dict[str, Any]


class SweepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    draws: int = Field(default=1000, ge=1, le=MAX_API_DRAWS)
    seed: int = Field(default=0, ge=0, le=2**63 - 1)


ModelName = Literal["compromise", "median", "bdm", "nash", "ks", "egalitarian"]


def _default_models() -> list[ModelName]:
    return ["compromise", "median", "bdm"]


class ForecastIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    models: list[ModelName] = Field(default_factory=_default_models, min_length=1, max_length=6)
    rounds: int = Field(default=10, ge=0, le=100, description="Largest number of BDM rounds.")
    probability: Literal["paper", "code"] = Field(
        default="paper",
        description="BDM probability of success: the paper's formula or the authors' program's.",
    )


class SearchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    samples: int = Field(default=4096, ge=256, le=20_000, description="Sobol candidates per instrument.")
    seed: int = Field(default=0, ge=0, le=2**32 - 1)


class RepairIn(SearchIn):
    deal: str = Field(max_length=64, description="Id of the deal to repair.")


class WinsetsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reference: str = Field(
        default="reversion",
        max_length=64,
        description="'reversion' or a deal id: where the other issues are held.",
    )
    samples: int = Field(default=5000, ge=100, le=50_000, description="Samples of the ZOPA witness search.")
    seed: int = Field(default=0, ge=0, le=2**32 - 1)


class Revision(BaseModel):
    version: int
    created: str
    size: int


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "No such scenario or run."},
    422: {"model": ErrorOut, "description": "Invalid input: every problem with file, line and field."},
}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    400: {"model": ErrorOut, "description": "The body is not well-formed JSON."},
    409: {"model": ErrorOut, "description": "Conflict: the name is taken or the scenario changed meanwhile."},
    413: {"model": ErrorOut, "description": "The request body is larger than the upload limit."},
}


def _problems(e: ScenarioError) -> list[dict[str, Any]]:
    return [p.as_dict() for p in e.problems]


def _schema_name(node: dict[str, Any] | None) -> str:
    """A short name of an OpenAPI schema: the referenced model, ``list[...]``, or its type."""
    if not node:
        return ""
    if "$ref" in node:
        return str(node["$ref"]).rsplit("/", 1)[-1]
    if node.get("type") == "array":
        return f"list[{_schema_name(node.get('items'))}]"
    if "anyOf" in node:
        return " | ".join(_schema_name(x) for x in node["anyOf"])
    return str(node.get("type", "object"))


def api_endpoints(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every operation of an OpenAPI document with its parameters, body fields and responses, for the docs page."""
    comps = spec.get("components", {}).get("schemas", {})

    def fields(ref: dict[str, Any] | None) -> list[dict[str, Any]]:
        name = _schema_name(ref)
        model = comps.get(name, {})
        req = set(model.get("required", []))
        return [
            {
                "name": k,
                "type": _schema_name(v) if ("$ref" in v or "type" in v or "anyOf" in v) else "any",
                "required": k in req,
                "default": json.dumps(v["default"]) if "default" in v else "",
                "description": v.get("description", ""),
            }
            for k, v in model.get("properties", {}).items()
        ]

    out = []
    for path, item in spec.get("paths", {}).items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            responses = []
            for code, r in op.get("responses", {}).items():
                schema = r.get("content", {}).get("application/json", {}).get("schema")
                responses.append(
                    {"code": code, "description": r.get("description", ""), "schema": _schema_name(schema)}
                )
            desc = op.get("description", "")
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": desc.split("\n")[0].strip() or op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or [""])[0],
                    "params": [
                        {"name": p["name"], "in": p["in"], "type": _schema_name(p.get("schema"))}
                        for p in op.get("parameters", [])
                    ],
                    "body": _schema_name(body),
                    "fields": fields(body),
                    "responses": sorted(responses, key=lambda r: r["code"]),
                    "anchor": f"{method}-{path}".replace("/", "-").replace("{", "").replace("}", ""),
                }
            )
    return out


# ---------------------------------------------------------------------------------------------------------
# middleware: host and origin checks, upload limit, token
# ---------------------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------------------
# the app
# ---------------------------------------------------------------------------------------------------------
def resolve_allowed_hosts(allowed_hosts: Sequence[str] | None, token: str | None) -> list[str]:
    """The Host names the app answers: ``allowed_hosts`` when given, else ``WINSET_ALLOWED_HOSTS``
    (comma-separated), else loopback names only without a token (``winset serve`` then binds loopback) and
    every name with one (the token, not the name, protects the library; the origin check still applies)."""
    if allowed_hosts is None and os.environ.get(ALLOWED_HOSTS_ENV, "").strip():
        allowed_hosts = [h.strip() for h in os.environ[ALLOWED_HOSTS_ENV].split(",") if h.strip()]
    if allowed_hosts is None:
        return ["*"] if token else list(LOOPBACK_HOSTS)
    return list(allowed_hosts)


def create_app(
    store: Store | None = None,
    *,
    db_url: str | None = None,
    token: str | None = None,
    max_upload: int = MAX_UPLOAD,
    seed: bool = True,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """Build the app around a :class:`~winset.store.Store` (a new one at ``db_url`` when not given).

    ``allowed_hosts``: the ``Host`` names to answer (see :func:`resolve_allowed_hosts`); requests for other
    names get 400, and state-changing requests from another site's pages get 403."""
    hosts = resolve_allowed_hosts(allowed_hosts, token)
    store = store or Store(db_url)
    if seed:
        store.seed_builtins()
    app = FastAPI(
        title="winset",
        version=__version__,
        description="Two-level negotiation analysis: scenario library, analysis, what-if runs.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
    templates.env.filters.update(JINJA_FILTERS)
    templates.env.filters["exact"] = whatif.exact
    templates.env.globals["version"] = __version__
    templates.env.globals["slider_step"] = whatif.slider_step
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")

    # ---- errors -----------------------------------------------------------------------------------
    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api/")

    def problems_html(
        request: Request,
        problems: list[dict[str, Any]],
        status: int,
        message: str = "",
        text: str | None = None,
    ) -> HTMLResponse:
        return templates.TemplateResponse(
            request,
            "_problems.html",
            {"problems": problems, "message": message, "ok": False},
            status_code=status,
        )

    @app.exception_handler(ScenarioError)
    async def _scenario_error(request: Request, e: ScenarioError) -> Response:
        if wants_html(request):
            return problems_html(request, _problems(e), 422)
        return JSONResponse({"detail": str(e), "problems": _problems(e)}, status_code=422)

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, e: StoreError) -> Response:
        if wants_html(request):
            if e.status == 404 and request.method == "GET":
                return templates.TemplateResponse(request, "error.html", {"message": str(e)}, status_code=404)
            return problems_html(request, [], e.status, message=str(e))
        return JSONResponse({"detail": str(e), "problems": []}, status_code=e.status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, e: StarletteHTTPException) -> Response:
        headers = dict(e.headers or {})
        if e.status_code == 405:  # list every method of every route on this path, not just the first route's
            allowed: set[str] = set()
            for route in app.router.routes:
                match, _ = route.matches(request.scope)
                if match != Match.NONE and isinstance(route, APIRoute | Route):
                    allowed |= set(route.methods or ())
            if "GET" in allowed:
                allowed.add("HEAD")
            headers["Allow"] = ", ".join(sorted(allowed))
        if wants_html(request) and e.status_code == 404:
            return templates.TemplateResponse(
                request, "error.html", {"message": "No such page."}, status_code=404
            )
        return JSONResponse(
            {"detail": str(e.detail), "problems": []}, status_code=e.status_code, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def _request_error(request: Request, e: RequestValidationError) -> Response:
        probs = []
        for err in e.errors():
            loc = [str(x) for x in err.get("loc", ())]
            probs.append(
                Problem(
                    message=str(err.get("msg", "invalid")), file="<request>", field=".".join(loc)
                ).as_dict()
            )
        if wants_html(request):
            return problems_html(request, probs, 422)
        return JSONResponse(
            {
                "detail": "invalid request: " + "; ".join(f"{p['field']}: {p['message']}" for p in probs),
                "problems": probs,
            },
            status_code=422,
        )

    # ---- helpers ----------------------------------------------------------------------------------
    def load_slug(slug: str) -> tuple[Any, Scenario]:
        rec = store.get(slug)
        return rec, loads(rec.text, file=f"{slug}.yaml")

    def results_ctx(sc: Scenario, overrides: list[Override]) -> dict[str, Any]:
        base = analyze(sc)
        cur = analyze(whatif.apply(sc, overrides)) if overrides else base
        return {
            "sc": sc,
            "res": cur,
            "base": base,
            "overrides": overrides,
            "names": names(sc),
            "summary": summarize(sc, cur),
        }

    # ---- pages ------------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def library(request: Request) -> Response:
        return templates.TemplateResponse(request, "library.html", {"scenarios": store.scenarios()})

    @app.post("/scenarios", response_class=HTMLResponse, include_in_schema=False)
    async def create_page(
        request: Request, slug: str = Form(""), text: str = Form(""), upload: UploadFile | None = None
    ) -> Response:
        if upload is not None and upload.filename:
            raw = await upload.read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ScenarioError.single("file is not UTF-8 text", file=upload.filename) from None
            if not slug:
                slug = Path(upload.filename).stem.lower().replace(" ", "-")[:64]
        check_slug(slug)
        store.create(slug, text)
        resp = HTMLResponse("", status_code=201)
        resp.headers["HX-Redirect"] = f"/s/{slug}"
        return resp

    @app.get("/s/{slug}", response_class=HTMLResponse, include_in_schema=False)
    def scenario_page(request: Request, slug: str) -> Response:
        rec, sc = load_slug(slug)
        ctx = results_ctx(sc, [])
        return templates.TemplateResponse(
            request, "scenario.html", {**ctx, "rec": rec, "runs": store.runs(slug)}
        )

    @app.post("/s/{slug}/check", response_class=HTMLResponse, include_in_schema=False)
    def check_page(request: Request, slug: str, text: str = Form("")) -> Response:
        sc = loads(text, file=f"{slug}.yaml")
        return templates.TemplateResponse(
            request,
            "_problems.html",
            {
                "problems": [],
                "ok": True,
                "message": f"No problems: {len(sc.actors)} actors, {len(sc.issues)} issues, "
                f"{len(sc.bodies)} ratification bodies, {len(sc.deals)} deals.",
            },
        )

    @app.post("/s/{slug}/save", response_class=HTMLResponse, include_in_schema=False)
    def save_page(
        request: Request, slug: str, text: str = Form(""), version: int | None = Form(None)
    ) -> Response:
        rec = store.save(slug, text, expected_version=version)
        resp = templates.TemplateResponse(
            request,
            "_problems.html",
            {
                "problems": [],
                "ok": True,
                "saved": rec,
                "message": f"Saved version {rec.version} of “{rec.title}”.",
            },
        )
        # the page updates its version, heading and window title from this event (JSON keeps the header ASCII)
        resp.headers["HX-Trigger"] = json.dumps(
            {"scenario-saved": {"version": rec.version, "title": rec.title}}
        )
        return resp

    @app.get("/s/{slug}/whatif", response_class=HTMLResponse, include_in_schema=False)
    def whatif_panel(request: Request, slug: str) -> Response:
        rec, sc = load_slug(slug)
        return templates.TemplateResponse(request, "_whatif.html", {**results_ctx(sc, []), "rec": rec})

    @app.post("/s/{slug}/whatif", response_class=HTMLResponse, include_in_schema=False)
    async def whatif_page(request: Request, slug: str) -> Response:
        rec, sc = load_slug(slug)
        form = {k: str(v) for k, v in (await request.form()).items()}
        overrides: list[Override] = []
        try:
            overrides = whatif.from_form(sc, form)
            ctx = results_ctx(sc, overrides)
        except ScenarioError as e:  # shown inside #results, so the sliders keep working
            return templates.TemplateResponse(
                request,
                "_results.html",
                {"sc": sc, "names": names(sc), "overrides": overrides, "problems": _problems(e)},
                status_code=422,
            )
        return templates.TemplateResponse(request, "_results.html", ctx)

    @app.post("/s/{slug}/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, slug: str) -> Response:
        from ..search import search_packages

        _rec, sc = load_slug(slug)
        found = search_packages(sc, n=WEB_SEARCH_SAMPLES).as_dict()
        return templates.TemplateResponse(
            request, "_search.html", {"sc": sc, "names": names(sc), "found": found}
        )

    @app.post("/s/{slug}/repair", response_class=HTMLResponse, include_in_schema=False)
    def repair_page(request: Request, slug: str, deal: str = Form("")) -> Response:
        from ..search import repair_deal

        _rec, sc = load_slug(slug)
        if deal not in [d.id for d in sc.deals]:
            raise ScenarioError.single(f"unknown deal '{deal}'", file="<request>", field="deal")
        rep = repair_deal(sc, deal, n=WEB_SEARCH_SAMPLES).as_dict()
        return templates.TemplateResponse(
            request, "_repair.html", {"sc": sc, "names": names(sc), "rep": rep, "deal": sc.deal(deal)}
        )

    @app.post("/s/{slug}/runs", response_class=HTMLResponse, include_in_schema=False)
    async def save_run_page(request: Request, slug: str) -> Response:
        rec, sc = load_slug(slug)
        form = {k: str(v) for k, v in (await request.form()).items()}
        try:
            overrides = whatif.from_form(sc, form)
            res = analyze(whatif.apply(sc, overrides))
            store.save_run(
                slug, form.get("run_name", ""), [o.model_dump() for o in overrides], res, rec.version
            )
        except ScenarioError as e:  # shown above the runs table, which stays in place
            return templates.TemplateResponse(
                request,
                "_runs.html",
                {"runs": store.runs(slug), "rec": rec, "problems": _problems(e)},
                status_code=422,
            )
        return templates.TemplateResponse(request, "_runs.html", {"runs": store.runs(slug), "rec": rec})

    @app.get("/s/{slug}/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, slug: str, run: list[int] = Query(default=[])) -> Response:
        _rec, sc = load_slug(slug)
        ids = list(dict.fromkeys(run or []))
        if len(ids) < 2:
            return templates.TemplateResponse(
                request,
                "_compare.html",
                {"runs": [], "message": "Tick two or more saved runs to compare them."},
            )
        runs = [store.run(i) for i in ids]
        for r in runs:
            if r.scenario != slug:
                raise NotFound(f"run {r.id} belongs to another scenario")
        return templates.TemplateResponse(
            request, "_compare.html", {"runs": runs, "sc": sc, "names": names(sc), "message": ""}
        )

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        """The API reference, rendered here from the OpenAPI document (no scripts, nothing from other sites)."""
        return templates.TemplateResponse(request, "api.html", {"endpoints": api_endpoints(app.openapi())})

    # ---- JSON API ---------------------------------------------------------------------------------
    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/api/scenarios", response_model=list[ScenarioSummary], tags=["scenarios"])
    def api_list() -> list[dict[str, Any]]:
        """Every scenario in the library."""
        return [r.summary() for r in store.scenarios()]

    @app.post(
        "/api/scenarios",
        response_model=ScenarioOut,
        status_code=201,
        responses=BODY_ERRORS,
        tags=["scenarios"],
    )
    def api_create(body: ScenarioCreate) -> dict[str, Any]:
        """Add a scenario (validated first: invalid text is rejected with every problem, nothing is stored)."""
        return store.create(body.slug, body.text).as_dict()

    @app.get("/api/scenarios/{slug}", response_model=ScenarioOut, responses=ERRORS, tags=["scenarios"])
    def api_get(slug: str) -> dict[str, Any]:
        return store.get(slug).as_dict()

    @app.put("/api/scenarios/{slug}", response_model=ScenarioOut, responses=BODY_ERRORS, tags=["scenarios"])
    def api_put(slug: str, body: ScenarioUpdate) -> dict[str, Any]:
        """Replace a scenario's text (a new version; the old one stays as a revision)."""
        return store.save(slug, body.text, expected_version=body.version).as_dict()

    @app.delete(
        "/api/scenarios/{slug}",
        status_code=204,
        responses={
            **ERRORS,
            403: {"model": ErrorOut, "description": "Built-in scenarios cannot be deleted."},
        },
        tags=["scenarios"],
    )
    def api_delete(slug: str) -> Response:
        store.delete(slug)
        return Response(status_code=204)

    @app.get(
        "/api/scenarios/{slug}/revisions", response_model=list[Revision], responses=ERRORS, tags=["scenarios"]
    )
    def api_revisions(slug: str) -> list[dict[str, Any]]:
        return store.revisions(slug)

    @app.get(
        "/api/scenarios/{slug}/revisions/{version}",
        response_model=ScenarioOut,
        responses=ERRORS,
        tags=["scenarios"],
    )
    def api_revision(slug: str, version: int = PathParam(ge=1, le=2**31 - 1)) -> dict[str, Any]:
        rec = store.get(slug).as_dict()
        rec["text"] = store.revision_text(slug, version)
        rec["version"] = version
        return rec

    @app.post(
        "/api/validate",
        response_model=ValidateOut,
        responses={k: BODY_ERRORS[k] for k in (400, 413, 422)},
        tags=["analysis"],
    )
    def api_validate(body: ValidateIn) -> dict[str, Any]:
        """Check scenario text; ``ok: false`` lists every problem with line and field (status 200)."""
        try:
            sc = loads(body.text, file="<input>")
        except ScenarioError as e:
            return {"ok": False, "title": None, "problems": _problems(e)}
        return {"ok": True, "title": sc.title, "problems": []}

    @app.post(
        "/api/scenarios/{slug}/analyze",
        response_model=dict[str, Any],
        responses=BODY_ERRORS,
        tags=["analysis"],
    )
    def api_analyze(slug: str, body: AnalyzeIn) -> dict[str, Any]:
        """Forecast, deals and sticking points, with optional what-if overrides."""
        _rec, sc = load_slug(slug)
        return analyze(whatif.apply(sc, body.overrides))

    @app.post(
        "/api/scenarios/{slug}/sweep", response_model=dict[str, Any], responses=BODY_ERRORS, tags=["analysis"]
    )
    def api_sweep(slug: str, body: SweepIn) -> dict[str, Any]:
        """Monte Carlo over the scenario's uncertain numbers (at most 5,000 draws here; use the CLI for more)."""
        from ..uncertainty import sweep

        _rec, sc = load_slug(slug)
        return sweep(sc, draws=body.draws, seed=body.seed).to_json()

    @app.post(
        "/api/scenarios/{slug}/forecast",
        response_model=dict[str, Any],
        responses=BODY_ERRORS,
        tags=["analysis"],
    )
    def api_forecast(slug: str, body: ForecastIn) -> dict[str, Any]:
        """Forecast per issue by each model (BDM with per-round trajectories); as ``winset forecast --json``."""
        from ..forecast import forecast

        _rec, sc = load_slug(slug)
        return forecast(
            sc, tuple(dict.fromkeys(body.models)), rounds=body.rounds, probability=body.probability
        )

    @app.post(
        "/api/scenarios/{slug}/search",
        response_model=dict[str, Any],
        responses=BODY_ERRORS,
        tags=["two-level"],
    )
    def api_search(slug: str, body: SearchIn) -> dict[str, Any]:
        """Best ratifiable package by Nash product, with the Pareto frontier; as ``winset search --json``."""
        from ..search import search_packages

        _rec, sc = load_slug(slug)
        return search_packages(sc, n=body.samples, seed=body.seed).as_dict()

    @app.post(
        "/api/scenarios/{slug}/repair",
        response_model=dict[str, Any],
        responses=BODY_ERRORS,
        tags=["two-level"],
    )
    def api_repair(slug: str, body: RepairIn) -> dict[str, Any]:
        """Smallest change to a deal that makes it ratifiable; as ``winset repair --json``."""
        from ..search import repair_deal

        _rec, sc = load_slug(slug)
        if body.deal not in [d.id for d in sc.deals]:
            raise ScenarioError.single(
                f"unknown deal '{body.deal}' (deals: {', '.join(d.id for d in sc.deals)})",
                file="<request>",
                field="deal",
            )
        return repair_deal(sc, body.deal, n=body.samples, seed=body.seed).as_dict()

    @app.post(
        "/api/scenarios/{slug}/winsets",
        response_model=dict[str, Any],
        responses=BODY_ERRORS,
        tags=["two-level"],
    )
    def api_winsets(slug: str, body: WinsetsIn) -> dict[str, Any]:
        """Each body's win-set (1-D exact, 2-D emptiness) and the ZOPA with its reasons; as ``winset winsets --json``."""
        from ..winsets import winset_report

        _rec, sc = load_slug(slug)
        if body.reference != "reversion" and body.reference not in [d.id for d in sc.deals]:
            raise ScenarioError.single(
                f"unknown reference '{body.reference}': use reversion or a deal id",
                file="<request>",
                field="reference",
            )
        return winset_report(sc, reference=body.reference, samples=body.samples, seed=body.seed)

    @app.get(
        "/api/scenarios/{slug}/delay", response_model=dict[str, Any], responses=ERRORS, tags=["two-level"]
    )
    def api_delay(slug: str) -> dict[str, Any]:
        """Cost of delay between the scenario's two sides (Rubinstein, war of attrition); as ``winset delay --json``."""
        from ..delay import analyse_delay
        from ..scenario import compile_scenario

        _rec, sc = load_slug(slug)
        c = compile_scenario(sc)
        return analyse_delay(sc, c).as_dict(sc.id, c.issue_ids)

    @app.get("/api/scenarios/{slug}/runs", response_model=list[RunSummary], responses=ERRORS, tags=["runs"])
    def api_runs(slug: str) -> list[dict[str, Any]]:
        return [r.summary() for r in store.runs(slug)]

    @app.post(
        "/api/scenarios/{slug}/runs",
        response_model=RunOut,
        status_code=201,
        responses=BODY_ERRORS,
        tags=["runs"],
    )
    def api_save_run(slug: str, body: RunIn) -> dict[str, Any]:
        """Run the analysis with the overrides and keep the result."""
        rec, sc = load_slug(slug)
        res = analyze(whatif.apply(sc, body.overrides))
        return store.save_run(
            slug, body.name, [o.model_dump() for o in body.overrides], res, rec.version
        ).as_dict()

    @app.get("/api/runs/{run_id}", response_model=RunOut, responses=ERRORS, tags=["runs"])
    def api_run(run_id: int = PathParam(ge=1, le=2**31 - 1)) -> dict[str, Any]:
        return store.run(run_id).as_dict()

    app.add_middleware(BodyLimit, limit=max_upload)  # type: ignore[arg-type]
    if token:
        app.add_middleware(TokenGate, token=token)  # type: ignore[arg-type]
    app.add_middleware(HostGuard, allowed_hosts=hosts)  # type: ignore[arg-type]  # outermost: runs first
    return app

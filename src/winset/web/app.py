"""The winset web app: scenario library, YAML editor, what-if sliders, saved runs, JSON API.

Pages are server-rendered (Jinja2) and made interactive with HTMX (bundled in ``static/``; no CDN).  The JSON
API lives under ``/api`` and is described by the OpenAPI document at ``/api/openapi.json`` (a self-contained
page listing the endpoints at ``/api/docs``; no page loads anything from another site).

This module builds the app: templates, error handlers, request guards and the routers of
:mod:`~winset.web.pages` and :mod:`~winset.web.api`.  What routes share lives on ``app.state`` (``store``,
``templates``, ``token``, ``sessions``, ``max_upload``, ``allowed_hosts``; see :mod:`~winset.web.deps`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match, Route

from winset import __version__
from winset.formatting import JINJA_FILTERS
from winset.scenario import ScenarioError
from winset.scenario.errors import Problem
from winset.web import api, pages, whatif
from winset.web.deps import as_request, problems, templates
from winset.web.security import MAX_UPLOAD, BodyLimit, HostGuard, Sessions, TokenGate, resolve_allowed_hosts
from winset.web.store import Store, StoreError

WEB_DIR = Path(str(resources.files(__package__)))


# ---------------------------------------------------------------------------------------------------------
# errors: HTML fragments for pages and htmx, ``{detail, problems}`` JSON under /api
# ---------------------------------------------------------------------------------------------------------
def wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/")


def problems_html(
    request: Request, problems: list[dict[str, Any]], status: int, message: str = ""
) -> HTMLResponse:
    return templates(request).TemplateResponse(
        request,
        "_problems.html",
        {"problems": problems, "message": message, "ok": False},
        status_code=status,
    )


def _routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    """Every route, looking inside included routers (FastAPI >= 0.165 keeps an included router as one
    ``_IncludedRouter`` entry holding ``original_router``; older versions copy its routes).  The routers are
    included without a prefix, so their routes match the request's path as they are."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        else:
            yield route


async def _scenario_error(request: Request, e: ScenarioError) -> Response:
    e = as_request(e)  # a service's argument problems name the request's fields, not the service's
    if wants_html(request):
        return problems_html(request, problems(e), 422)
    return JSONResponse({"detail": str(e), "problems": problems(e)}, status_code=422)


async def _store_error(request: Request, e: StoreError) -> Response:
    if wants_html(request):
        if e.status == 404 and request.method == "GET":
            return templates(request).TemplateResponse(
                request, "error.html", {"message": str(e)}, status_code=404
            )
        return problems_html(request, [], e.status, message=str(e))
    return JSONResponse({"detail": str(e), "problems": []}, status_code=e.status)


async def _http_error(request: Request, e: StarletteHTTPException) -> Response:
    headers = dict(e.headers or {})
    if e.status_code == 405:  # list every method of every route on this path, not just the first route's
        allowed: set[str] = set()
        for route in _routes(request.app.router.routes):
            match, _ = route.matches(request.scope)
            if match != Match.NONE and isinstance(route, APIRoute | Route):
                allowed |= set(route.methods or ())
        if "GET" in allowed:
            allowed.add("HEAD")
        headers["Allow"] = ", ".join(sorted(allowed))
    if wants_html(request) and e.status_code == 404:
        return templates(request).TemplateResponse(
            request, "error.html", {"message": "No such page."}, status_code=404
        )
    return JSONResponse({"detail": str(e.detail), "problems": []}, status_code=e.status_code, headers=headers)


async def _request_error(request: Request, e: RequestValidationError) -> Response:
    probs = []
    for err in e.errors():
        loc = [str(x) for x in err.get("loc", ())]
        probs.append(
            Problem(message=str(err.get("msg", "invalid")), file="<request>", field=".".join(loc)).as_dict()
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


# ---------------------------------------------------------------------------------------------------------
# the app
# ---------------------------------------------------------------------------------------------------------
def make_templates() -> Jinja2Templates:
    tpl = Jinja2Templates(directory=str(WEB_DIR / "templates"))
    tpl.env.filters.update(JINJA_FILTERS)
    tpl.env.filters["exact"] = whatif.exact
    tpl.env.globals["version"] = __version__
    tpl.env.globals["slider_step"] = whatif.slider_step
    return tpl


def create_app(
    store: Store | None = None,
    *,
    db_url: str | None = None,
    token: str | None = None,
    max_upload: int = MAX_UPLOAD,
    seed: bool = True,
    allowed_hosts: Sequence[str] | None = None,
) -> FastAPI:
    """Build the app around a :class:`~winset.web.store.Store` (a new one at ``db_url`` when not given).

    ``allowed_hosts``: the ``Host`` names to answer (see :func:`~winset.web.security.resolve_allowed_hosts`);
    requests for other names get 400, and state-changing requests from another site's pages get 403."""
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
        exception_handlers={
            ScenarioError: _scenario_error,
            StoreError: _store_error,
            StarletteHTTPException: _http_error,
            RequestValidationError: _request_error,
        },
    )
    app.state.store = store
    app.state.templates = make_templates()
    app.state.token = token
    app.state.max_upload = max_upload
    app.state.allowed_hosts = hosts
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")

    app.include_router(pages.router)
    app.include_router(api.router)

    app.add_middleware(BodyLimit, limit=max_upload)  # type: ignore[arg-type]
    app.state.sessions = Sessions(token) if token else None
    if token:
        app.add_middleware(TokenGate, sessions=app.state.sessions)  # type: ignore[arg-type]
    app.add_middleware(HostGuard, allowed_hosts=hosts)  # type: ignore[arg-type]  # outermost: runs first
    return app

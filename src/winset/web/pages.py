"""The HTML pages of the web app: the scenario library, a scenario's editor, what-if sliders, package search and
repair, saved runs and their comparison, and the API reference at ``/api/docs``.

Pages are server-rendered (Jinja2) and made interactive with HTMX; the fragments they return (``_*.html``)
replace parts of the page.  Errors come back as the ``_problems.html`` fragment (see :mod:`winset.web.app`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from winset import services
from winset.htmlreport import PLOTLY_JS, charts
from winset.htmlreport.summary import names, summarize
from winset.scenario import Scenario, ScenarioError, loads
from winset.web import whatif
from winset.web.deps import StoreDep, as_request, load_slug, problems, templates
from winset.web.security import LOGIN_PATH, SESSION_COOKIE, safe_next, set_session_cookie
from winset.web.store import NotFound, check_slug
from winset.web.whatif import Override

WEB_SEARCH_SAMPLES = 4096
"""Sobol candidates per instrument for the web page's package search and repair (the CLI uses 16,384)."""

router = APIRouter()


def analysis(sc: Scenario) -> dict[str, Any]:
    """The default analysis (:func:`winset.services.analyze`) as the templates and saved runs read it."""
    return services.analyze(sc).to_dict()


def results_ctx(sc: Scenario, overrides: list[Override]) -> dict[str, Any]:
    base = analysis(sc)
    moved = whatif.apply(sc, overrides) if overrides else sc
    cur = analysis(moved) if overrides else base
    return {
        "sc": sc,
        "res": cur,
        "base": base,
        "overrides": overrides,
        "names": names(sc),
        "summary": summarize(sc, cur),
        "charts": charts.workbench(moved, cur),
    }


def panel_ctx(sc: Scenario) -> dict[str, Any]:
    """The what-if panel: a slider per knob (:func:`winset.web.whatif.sliders`) and each body's bloc fields."""
    sliders = whatif.sliders(sc)
    return {
        "sliders": sliders,
        "body_fields": whatif.BODY_FIELDS,
        "member_fields": whatif.MEMBER_FIELDS,
        "sliders_fields": {
            b.id: {s.knob.kind for s in sliders.values() if s.knob.override.get("body") == b.id}
            for b in sc.bodies
        },
    }


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


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def library(request: Request, store: StoreDep) -> Response:
    return templates(request).TemplateResponse(request, "library.html", {"scenarios": store.scenarios()})


@router.post("/scenarios", response_class=HTMLResponse, include_in_schema=False)
async def create_page(
    request: Request,
    store: StoreDep,
    slug: str = Form(""),
    text: str = Form(""),
    upload: UploadFile | None = None,
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


@router.get("/s/{slug}", response_class=HTMLResponse, include_in_schema=False)
def scenario_page(request: Request, store: StoreDep, slug: str) -> Response:
    rec, sc = load_slug(store, slug)
    ctx = results_ctx(sc, [])
    return templates(request).TemplateResponse(
        request, "scenario.html", {**ctx, **panel_ctx(sc), "rec": rec, "runs": store.runs(slug)}
    )


@router.post("/s/{slug}/check", response_class=HTMLResponse, include_in_schema=False)
def check_page(request: Request, slug: str, text: str = Form("")) -> Response:
    sc = loads(text, file=f"{slug}.yaml")
    return templates(request).TemplateResponse(
        request,
        "_problems.html",
        {
            "problems": [],
            "ok": True,
            "message": f"No problems: {len(sc.actors)} actors, {len(sc.issues)} issues, "
            f"{len(sc.bodies)} ratification bodies, {len(sc.deals)} deals.",
        },
    )


@router.post("/s/{slug}/save", response_class=HTMLResponse, include_in_schema=False)
def save_page(
    request: Request, store: StoreDep, slug: str, text: str = Form(""), version: int | None = Form(None)
) -> Response:
    rec = store.save(slug, text, expected_version=version)
    resp = templates(request).TemplateResponse(
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
    resp.headers["HX-Trigger"] = json.dumps({"scenario-saved": {"version": rec.version, "title": rec.title}})
    return resp


@router.get("/s/{slug}/whatif", response_class=HTMLResponse, include_in_schema=False)
def whatif_panel(request: Request, store: StoreDep, slug: str) -> Response:
    rec, sc = load_slug(store, slug)
    return templates(request).TemplateResponse(
        request, "_whatif.html", {**results_ctx(sc, []), **panel_ctx(sc), "rec": rec, "oob": True}
    )


@router.post("/s/{slug}/whatif", response_class=HTMLResponse, include_in_schema=False)
async def whatif_page(request: Request, store: StoreDep, slug: str) -> Response:
    rec, sc = load_slug(store, slug)
    form = {k: str(v) for k, v in (await request.form()).items()}
    overrides: list[Override] = []
    try:
        overrides = whatif.from_form(sc, form)
        ctx = results_ctx(sc, overrides)
    except ScenarioError as e:  # shown inside #results, so the sliders keep working
        return templates(request).TemplateResponse(
            request,
            "_results.html",
            {"sc": sc, "names": names(sc), "overrides": overrides, "problems": problems(e), "oob": True},
            status_code=422,
        )
    return templates(request).TemplateResponse(request, "_results.html", {**ctx, "oob": True})


@router.post("/s/{slug}/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, store: StoreDep, slug: str) -> Response:
    _rec, sc = load_slug(store, slug)
    ctx: dict[str, Any] = {"sc": sc, "names": names(sc)}
    try:
        found = services.search(sc, samples=WEB_SEARCH_SAMPLES).to_dict()
    except ScenarioError as e:  # shown inside #search-result, so the button keeps working
        return templates(request).TemplateResponse(
            request, "_search.html", {**ctx, "problems": problems(as_request(e))}, status_code=422
        )
    return templates(request).TemplateResponse(request, "_search.html", {**ctx, "found": found})


@router.post("/s/{slug}/repair", response_class=HTMLResponse, include_in_schema=False)
def repair_page(request: Request, store: StoreDep, slug: str, deal: str = Form("")) -> Response:
    _rec, sc = load_slug(store, slug)
    ctx: dict[str, Any] = {"sc": sc, "names": names(sc)}
    try:
        rep = services.repair(sc, deal, samples=WEB_SEARCH_SAMPLES).to_dict()
    except ScenarioError as e:  # shown inside #repair-result, so the form keeps working
        return templates(request).TemplateResponse(
            request, "_repair.html", {**ctx, "problems": problems(as_request(e))}, status_code=422
        )
    return templates(request).TemplateResponse(
        request, "_repair.html", {**ctx, "rep": rep, "deal": sc.deal(deal)}
    )


@router.post("/s/{slug}/runs", response_class=HTMLResponse, include_in_schema=False)
async def save_run_page(request: Request, store: StoreDep, slug: str) -> Response:
    rec, sc = load_slug(store, slug)
    form = {k: str(v) for k, v in (await request.form()).items()}
    try:
        overrides = whatif.from_form(sc, form)
        res = analysis(whatif.apply(sc, overrides))
        store.save_run(slug, form.get("run_name", ""), [o.as_dict() for o in overrides], res, rec.version)
    except ScenarioError as e:  # shown above the runs table, which stays in place
        return templates(request).TemplateResponse(
            request,
            "_runs.html",
            {"runs": store.runs(slug), "rec": rec, "problems": problems(e)},
            status_code=422,
        )
    return templates(request).TemplateResponse(request, "_runs.html", {"runs": store.runs(slug), "rec": rec})


@router.get("/s/{slug}/compare", response_class=HTMLResponse, include_in_schema=False)
def compare_page(
    request: Request, store: StoreDep, slug: str, run: list[int] = Query(default=[])
) -> Response:
    _rec, sc = load_slug(store, slug)
    ids = list(dict.fromkeys(run or []))
    if len(ids) < 2:
        return templates(request).TemplateResponse(
            request,
            "_compare.html",
            {"runs": [], "message": "Tick two or more saved runs to compare them."},
        )
    runs = [store.run(i) for i in ids]
    for r in runs:
        if r.scenario != slug:
            raise NotFound(f"run {r.id} belongs to another scenario")
    return templates(request).TemplateResponse(
        request, "_compare.html", {"runs": runs, "sc": sc, "names": names(sc), "message": ""}
    )


@router.get("/assets/plotly.min.js", include_in_schema=False)
def plotly_js() -> Response:
    """plotly.js for the charts (the cartesian bundle the report embeds; cached for a day)."""
    return FileResponse(PLOTLY_JS, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str = Query("/", max_length=2000)) -> Response:
    if request.app.state.sessions is None:  # no token: nothing to log in to
        return RedirectResponse("/", status_code=303)
    return templates(request).TemplateResponse(
        request, "login.html", {"next": safe_next(next), "message": ""}, status_code=200
    )


@router.post("/login", response_class=HTMLResponse, include_in_schema=False)
def login(
    request: Request, token: str = Form("", max_length=4096), next: str = Form("/", max_length=2000)
) -> Response:
    sessions = request.app.state.sessions
    if sessions is None:
        return RedirectResponse("/", status_code=303)
    if not sessions.token_ok(token):
        return templates(request).TemplateResponse(
            request,
            "login.html",
            {"next": safe_next(next), "message": "That token is not right. Try again."},
            status_code=401,
        )
    resp = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(resp, request, sessions.start())
    return resp


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    sessions = request.app.state.sessions
    if sessions is not None:
        sessions.end(request.cookies.get(SESSION_COOKIE))
    resp = RedirectResponse(LOGIN_PATH if sessions is not None else "/", status_code=303)
    resp.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return resp


@router.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> Response:
    """The API reference, rendered here from the OpenAPI document (no scripts, nothing from other sites)."""
    return templates(request).TemplateResponse(
        request, "api.html", {"endpoints": api_endpoints(request.app.openapi())}
    )


# ---- the timeline page (docs/timeline.md): a date slider over the snapshots ----------------------------------
WEB_TIMELINE_DRAWS = 200
"""Monte Carlo draws for the chance of ratification of the snapshot the slider shows."""


@router.get("/s/{slug}/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(request: Request, store: StoreDep, slug: str) -> Response:
    """Every snapshot's verdicts in one table (no draws: fast), and the latest snapshot under a date slider."""
    rec, sc = load_slug(store, slug)
    overview = services.timeline(sc, draws=0).to_dict()
    last = len(overview["snapshots"]) - 1
    return templates(request).TemplateResponse(
        request,
        "timeline.html",
        {**_timeline_view(sc, last), "rec": rec, "overview": overview, "last": last},
    )


@router.get("/s/{slug}/timeline/view", response_class=HTMLResponse, include_in_schema=False)
def timeline_view(request: Request, store: StoreDep, slug: str, i: int = Query(0)) -> Response:
    """The slider's fragment: one snapshot's changes, forecast, sticking points, ZOPA and deals."""
    _rec, sc = load_slug(store, slug)
    try:
        ctx = _timeline_view(sc, i)
    except ScenarioError as e:
        return templates(request).TemplateResponse(
            request,
            "_problems.html",
            {"problems": problems(as_request(e, {"snapshot": "i"}))},
            status_code=422,
        )
    return templates(request).TemplateResponse(request, "_timeline_view.html", ctx)


def _timeline_view(sc: Scenario, i: int) -> dict[str, Any]:
    res = services.timeline(sc, draws=WEB_TIMELINE_DRAWS, snapshot=i).to_dict()
    snap = services.scenario_at(sc, as_of=res["snapshots"][0]["date"]) if sc.timeline else sc
    return {"sc": snap, "names": names(snap), "snap": res["snapshots"][0], "draws": res["draws"], "i": i}

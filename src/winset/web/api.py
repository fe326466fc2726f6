"""The JSON API under ``/api``: the scenario library, analyses and saved runs.

Every operation is described by the OpenAPI document at ``/api/openapi.json``; the request and response models
are in :mod:`winset.web.schemas`.  Invalid input answers 422 with every problem (file, line, field), in the
shape of :class:`~winset.web.schemas.ErrorOut` (see the exception handlers in :mod:`winset.web.app`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi import Path as PathParam
from fastapi.responses import Response

from winset import __version__
from winset.analysis.default import analyze
from winset.scenario import ScenarioError, loads
from winset.web import whatif
from winset.web.deps import StoreDep, load_slug, problems
from winset.web.schemas import (
    BODY_ERRORS,
    ERRORS,
    AnalyzeIn,
    ErrorOut,
    ForecastIn,
    RepairIn,
    Revision,
    RunIn,
    RunOut,
    RunSummary,
    ScenarioCreate,
    ScenarioOut,
    ScenarioSummary,
    ScenarioUpdate,
    SearchIn,
    SweepIn,
    ValidateIn,
    ValidateOut,
    WinsetsIn,
)

router = APIRouter()


@router.get("/api/health", tags=["meta"])
def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@router.get("/api/scenarios", response_model=list[ScenarioSummary], tags=["scenarios"])
def api_list(store: StoreDep) -> list[dict[str, Any]]:
    """Every scenario in the library."""
    return [r.summary() for r in store.scenarios()]


@router.post(
    "/api/scenarios",
    response_model=ScenarioOut,
    status_code=201,
    responses=BODY_ERRORS,
    tags=["scenarios"],
)
def api_create(body: ScenarioCreate, store: StoreDep) -> dict[str, Any]:
    """Add a scenario (validated first: invalid text is rejected with every problem, nothing is stored)."""
    return store.create(body.slug, body.text).as_dict()


@router.get("/api/scenarios/{slug}", response_model=ScenarioOut, responses=ERRORS, tags=["scenarios"])
def api_get(slug: str, store: StoreDep) -> dict[str, Any]:
    return store.get(slug).as_dict()


@router.put("/api/scenarios/{slug}", response_model=ScenarioOut, responses=BODY_ERRORS, tags=["scenarios"])
def api_put(slug: str, body: ScenarioUpdate, store: StoreDep) -> dict[str, Any]:
    """Replace a scenario's text (a new version; the old one stays as a revision)."""
    return store.save(slug, body.text, expected_version=body.version).as_dict()


@router.delete(
    "/api/scenarios/{slug}",
    status_code=204,
    responses={
        **ERRORS,
        403: {"model": ErrorOut, "description": "Built-in scenarios cannot be deleted."},
    },
    tags=["scenarios"],
)
def api_delete(slug: str, store: StoreDep) -> Response:
    store.delete(slug)
    return Response(status_code=204)


@router.get(
    "/api/scenarios/{slug}/revisions", response_model=list[Revision], responses=ERRORS, tags=["scenarios"]
)
def api_revisions(slug: str, store: StoreDep) -> list[dict[str, Any]]:
    return store.revisions(slug)


@router.get(
    "/api/scenarios/{slug}/revisions/{version}",
    response_model=ScenarioOut,
    responses=ERRORS,
    tags=["scenarios"],
)
def api_revision(store: StoreDep, slug: str, version: int = PathParam(ge=1, le=2**31 - 1)) -> dict[str, Any]:
    rec = store.get(slug).as_dict()
    rec["text"] = store.revision_text(slug, version)
    rec["version"] = version
    return rec


@router.post(
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
        return {"ok": False, "title": None, "problems": problems(e)}
    return {"ok": True, "title": sc.title, "problems": []}


@router.post(
    "/api/scenarios/{slug}/analyze",
    response_model=dict[str, Any],
    responses=BODY_ERRORS,
    tags=["analysis"],
)
def api_analyze(slug: str, body: AnalyzeIn, store: StoreDep) -> dict[str, Any]:
    """Forecast, deals and sticking points, with optional what-if overrides."""
    _rec, sc = load_slug(store, slug)
    return analyze(whatif.apply(sc, body.overrides))


@router.post(
    "/api/scenarios/{slug}/sweep", response_model=dict[str, Any], responses=BODY_ERRORS, tags=["analysis"]
)
def api_sweep(slug: str, body: SweepIn, store: StoreDep) -> dict[str, Any]:
    """Monte Carlo over the scenario's uncertain numbers (at most 5,000 draws here; use the CLI for more)."""
    from winset.uncertainty import sweep

    _rec, sc = load_slug(store, slug)
    return sweep(sc, draws=body.draws, seed=body.seed).to_json()


@router.post(
    "/api/scenarios/{slug}/forecast",
    response_model=dict[str, Any],
    responses=BODY_ERRORS,
    tags=["analysis"],
)
def api_forecast(slug: str, body: ForecastIn, store: StoreDep) -> dict[str, Any]:
    """Forecast per issue by each model (BDM with per-round trajectories); as ``winset forecast --json``."""
    from winset.forecast import forecast

    _rec, sc = load_slug(store, slug)
    return forecast(sc, tuple(dict.fromkeys(body.models)), rounds=body.rounds, probability=body.probability)


@router.post(
    "/api/scenarios/{slug}/search",
    response_model=dict[str, Any],
    responses=BODY_ERRORS,
    tags=["two-level"],
)
def api_search(slug: str, body: SearchIn, store: StoreDep) -> dict[str, Any]:
    """Best ratifiable package by Nash product, with the Pareto frontier; as ``winset search --json``."""
    from winset.analysis.search import search_packages

    _rec, sc = load_slug(store, slug)
    return search_packages(sc, n=body.samples, seed=body.seed).as_dict()


@router.post(
    "/api/scenarios/{slug}/repair",
    response_model=dict[str, Any],
    responses=BODY_ERRORS,
    tags=["two-level"],
)
def api_repair(slug: str, body: RepairIn, store: StoreDep) -> dict[str, Any]:
    """Smallest change to a deal that makes it ratifiable; as ``winset repair --json``."""
    from winset.analysis.search import repair_deal

    _rec, sc = load_slug(store, slug)
    if body.deal not in [d.id for d in sc.deals]:
        raise ScenarioError.single(
            f"unknown deal '{body.deal}' (deals: {', '.join(d.id for d in sc.deals)})",
            file="<request>",
            field="deal",
        )
    return repair_deal(sc, body.deal, n=body.samples, seed=body.seed).as_dict()


@router.post(
    "/api/scenarios/{slug}/winsets",
    response_model=dict[str, Any],
    responses=BODY_ERRORS,
    tags=["two-level"],
)
def api_winsets(slug: str, body: WinsetsIn, store: StoreDep) -> dict[str, Any]:
    """Each body's win-set (1-D exact, 2-D emptiness) and the ZOPA with its reasons; as ``winset winsets --json``."""
    from winset.analysis.winsets import winset_report

    _rec, sc = load_slug(store, slug)
    if body.reference != "reversion" and body.reference not in [d.id for d in sc.deals]:
        raise ScenarioError.single(
            f"unknown reference '{body.reference}': use reversion or a deal id",
            file="<request>",
            field="reference",
        )
    return winset_report(sc, reference=body.reference, samples=body.samples, seed=body.seed)


@router.get(
    "/api/scenarios/{slug}/delay", response_model=dict[str, Any], responses=ERRORS, tags=["two-level"]
)
def api_delay(slug: str, store: StoreDep) -> dict[str, Any]:
    """Cost of delay between the scenario's two sides (Rubinstein, war of attrition); as ``winset delay --json``."""
    from winset.analysis.delay import analyse_delay
    from winset.scenario import compile_scenario

    _rec, sc = load_slug(store, slug)
    c = compile_scenario(sc)
    return analyse_delay(sc, c).as_dict(sc.id, c.issue_ids)


@router.get("/api/scenarios/{slug}/runs", response_model=list[RunSummary], responses=ERRORS, tags=["runs"])
def api_runs(slug: str, store: StoreDep) -> list[dict[str, Any]]:
    return [r.summary() for r in store.runs(slug)]


@router.post(
    "/api/scenarios/{slug}/runs",
    response_model=RunOut,
    status_code=201,
    responses=BODY_ERRORS,
    tags=["runs"],
)
def api_save_run(slug: str, body: RunIn, store: StoreDep) -> dict[str, Any]:
    """Run the analysis with the overrides and keep the result."""
    rec, sc = load_slug(store, slug)
    res = analyze(whatif.apply(sc, body.overrides))
    return store.save_run(
        slug, body.name, [o.model_dump() for o in body.overrides], res, rec.version
    ).as_dict()


@router.get("/api/runs/{run_id}", response_model=RunOut, responses=ERRORS, tags=["runs"])
def api_run(store: StoreDep, run_id: int = PathParam(ge=1, le=2**31 - 1)) -> dict[str, Any]:
    return store.run(run_id).as_dict()

"""The JSON API under ``/api``: the scenario library, analyses and saved runs.

Every operation is described by the OpenAPI document at ``/api/openapi.json``; the request and response models
are in :mod:`winset.web.schemas`.  Invalid input answers 422 with every problem (file, line, field), in the
shape of :class:`~winset.web.schemas.ErrorOut` (see the exception handlers in :mod:`winset.web.app`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from fastapi import Path as PathParam
from fastapi.responses import Response

from winset import __version__, services
from winset.scenario import ScenarioError, loads
from winset.services.results import (
    AnalysisResult,
    DelayResult,
    ForecastResult,
    RepairResult,
    SearchResult,
    SweepResult,
    TimelineResult,
    WinsetsResult,
)
from winset.web import whatif
from winset.web.deps import StoreDep, load_slug, problems, request_fields
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
    TimelineIn,
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
    """Version ``version`` as it was saved: its text, its title and the time it was saved (``updated``)."""
    return store.revision(slug, version).as_dict()


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
    response_model=AnalysisResult,
    responses=BODY_ERRORS,
    tags=["analysis"],
)
def api_analyze(slug: str, body: AnalyzeIn, store: StoreDep) -> AnalysisResult:
    """Forecast, deals and sticking points, with optional what-if overrides; as ``winset analyze --json``."""
    _rec, sc = load_slug(store, slug)
    return services.analyze(whatif.apply(sc, body.overrides), reference=body.reference)


@router.post(
    "/api/scenarios/{slug}/sweep", response_model=SweepResult, responses=BODY_ERRORS, tags=["analysis"]
)
def api_sweep(slug: str, body: SweepIn, store: StoreDep) -> SweepResult:
    """Monte Carlo over the scenario's uncertain numbers (at most 5,000 draws here; use the CLI for more);
    as ``winset sweep --json``."""
    _rec, sc = load_slug(store, slug)
    return services.sweep(
        sc, draws=body.draws, seed=body.seed, top=body.top, big_issue_draws=body.big_issue_draws
    )


@router.post(
    "/api/scenarios/{slug}/forecast",
    response_model=ForecastResult,
    responses=BODY_ERRORS,
    tags=["analysis"],
)
def api_forecast(slug: str, body: ForecastIn, store: StoreDep) -> ForecastResult:
    """Forecast per issue by each model (BDM and SMP with per-round trajectories); as ``winset forecast --json``."""
    _rec, sc = load_slug(store, slug)
    with request_fields(model="models"):
        return services.forecast(
            sc,
            body.models,
            rounds=body.rounds,
            probability=body.probability,
            selection=body.selection,
            q=body.q,
            risk=body.risk,
            stop=body.stop,
            seed=body.seed,
        )


@router.post(
    "/api/scenarios/{slug}/search",
    response_model=SearchResult,
    responses=BODY_ERRORS,
    tags=["two-level"],
)
def api_search(slug: str, body: SearchIn, store: StoreDep) -> SearchResult:
    """Best ratifiable package by Nash product, with the Pareto frontier; as ``winset search --json``."""
    _rec, sc = load_slug(store, slug)
    return services.search(sc, samples=body.samples, seed=body.seed, instruments=body.instruments)


@router.post(
    "/api/scenarios/{slug}/repair",
    response_model=RepairResult,
    responses=BODY_ERRORS,
    tags=["two-level"],
)
def api_repair(slug: str, body: RepairIn, store: StoreDep) -> RepairResult:
    """Smallest change to a deal that makes it ratifiable; as ``winset repair --json``."""
    _rec, sc = load_slug(store, slug)
    return services.repair(sc, body.deal, samples=body.samples, seed=body.seed)


@router.post(
    "/api/scenarios/{slug}/winsets",
    response_model=WinsetsResult,
    responses=BODY_ERRORS,
    tags=["two-level"],
)
def api_winsets(slug: str, body: WinsetsIn, store: StoreDep) -> WinsetsResult:
    """Each body's win-set (1-D exact, 2-D emptiness) and the ZOPA with its reasons; as ``winset winsets --json``."""
    _rec, sc = load_slug(store, slug)
    return services.winsets(
        sc, reference=body.reference, instrument=body.instrument, samples=body.samples, seed=body.seed
    )


@router.get("/api/scenarios/{slug}/delay", response_model=DelayResult, responses=ERRORS, tags=["two-level"])
def api_delay(
    slug: str,
    store: StoreDep,
    side_a: str = Query(
        "",
        max_length=1000,
        description="Actor ids of side 1, comma-separated (default: the actor with the largest capability).",
    ),
    side_b: str = Query(
        "", max_length=1000, description="Actor ids of side 2, comma-separated (default: the next largest)."
    ),
    pie: float = Query(1.0, description="Utility at stake, in the units of delay_cost_per_week."),
) -> DelayResult:
    """Cost of delay between the scenario's two sides (Rubinstein, war of attrition); as ``winset delay --json``."""
    _rec, sc = load_slug(store, slug)
    return services.delay(sc, side_a, side_b, pie=pie)


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
    res = services.analyze(whatif.apply(sc, body.overrides)).to_dict()
    return store.save_run(slug, body.name, [o.as_dict() for o in body.overrides], res, rec.version).as_dict()


@router.get("/api/runs/{run_id}", response_model=RunOut, responses=ERRORS, tags=["runs"])
def api_run(store: StoreDep, run_id: int = PathParam(ge=1, le=2**31 - 1)) -> dict[str, Any]:
    return store.run(run_id).as_dict()


@router.post(
    "/api/scenarios/{slug}/timeline",
    response_model=TimelineResult,
    responses=BODY_ERRORS,
    tags=["analysis"],
)
def api_timeline(slug: str, body: TimelineIn, store: StoreDep) -> TimelineResult:
    """Per dated snapshot of the scenario's timeline: what changed, the forecast, the sticking points, the ZOPA
    and each deal's chance of ratification; as ``winset timeline --json`` (docs/timeline.md)."""
    _rec, sc = load_slug(store, slug)
    return services.timeline(sc, draws=body.draws, seed=body.seed)

"""The request and response models of the JSON API (they are its OpenAPI schemas), and the error responses
every operation documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from winset.models.registry import ALIASES, MODEL_NAMES, Probability, Risk, Selection, Stop
from winset.services.results import AnalysisResult
from winset.vocabulary import Instrument
from winset.web.whatif import Override

# The request models carry no option checks of their own: each analysis's service function validates its
# arguments (a bad one answers 422 with the service's problems, see winset.web.deps.as_request).  The only
# bounds here are the web's own upper limits, tighter than the services': sizes that keep one request's
# response time short, and the seed range (the CLI has none of them).
MAX_API_DRAWS = 5000
"""Most Monte Carlo draws one API request may ask for (the CLI has no such limit)."""
MAX_API_SAMPLES = 20_000
"""Most Sobol candidates per instrument one package search or repair request may ask for."""
MAX_API_WINSET_SAMPLES = 50_000
"""Most random packages one win-set request may try in its ZOPA search."""
MAX_API_ROUNDS = 100
"""Most BDM rounds one forecast request may ask for."""
MAX_SEED = 2**32 - 1
"""Largest seed a request may give (the seeds of the Sobol scrambling and the solvers' random starts)."""

MODEL_CHOICES: tuple[str, ...] = (*MODEL_NAMES, *ALIASES)
"""The registered models (:data:`winset.models.registry.MODEL_NAMES`) and their accepted aliases."""
if TYPE_CHECKING:
    ModelName = str
else:
    ModelName = Literal[MODEL_CHOICES]


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
    reference: str = Field(
        default="auto",
        max_length=64,
        description="Package held fixed in the sticking-point sweep: auto (the deal nearest to agreement), a "
        "forecast model (compromise, weighted_median) or a deal id.",
    )


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    overrides: list[Override] = Field(default_factory=list, max_length=500)
    name: str = Field(default="run", max_length=120)


class RunSummary(BaseModel):
    id: int
    scenario: str
    scenario_version: int
    name: str
    overrides: list[dict[str, Any]]
    created: str


class RunOut(RunSummary):
    result: AnalysisResult | dict[str, Any] = Field(
        description="The analysis (as POST /api/scenarios/{slug}/analyze returns it; a run saved by an older "
        "version keeps the shape of its time)."
    )


class SweepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    draws: int = Field(default=1000, le=MAX_API_DRAWS, description="Monte Carlo draws.")
    seed: int = Field(
        default=0, le=2**63 - 1, description="Random seed: the same seed gives the same result."
    )
    top: int = Field(default=5, description="Drivers listed per output.")
    big_issue_draws: int | None = Field(
        default=None,
        description="Draws (the first of the sweep) on which the exact sticking-point analysis names the one "
        "big issue; 0 skips it. Default: 300, or draws if fewer.",
    )


def _default_models() -> list[ModelName]:
    return ["compromise", "weighted_median", "bdm"]


class ForecastIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    models: list[ModelName] = Field(
        default_factory=_default_models,
        min_length=1,
        max_length=len(MODEL_CHOICES),
        description=f"Models to run: {', '.join(MODEL_NAMES)} (median: weighted_median).",
    )
    rounds: int = Field(default=10, le=MAX_API_ROUNDS, description="Largest number of BDM rounds.")
    probability: Probability = Field(
        default="paper",
        description="BDM probability of success: the paper's formula or the authors' program's.",
    )
    selection: Selection = Field(
        default="least_move", description="BDM offer choice: least_move (paper) or code."
    )
    q: float = Field(default=1.0, description="BDM probability Q that the status quo persists.")
    risk: Risk = Field(
        default="scholz",
        description="BDM risk exponents: scholz (endogenous), neutral (all 1) or declared (each actor's 'risk').",
    )
    stop: Stop = Field(
        default="fixed_point",
        description="BDM stopping: fixed_point (when nobody moves) or none (always run all rounds).",
    )
    seed: int = Field(default=0, le=MAX_SEED, description="Seed of the bargaining solver's random starts.")


class SearchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    samples: int = Field(default=4096, le=MAX_API_SAMPLES, description="Sobol candidates per instrument.")
    seed: int = Field(default=0, le=MAX_SEED, description="Seed of the scrambled Sobol sample.")
    instruments: list[Instrument] | None = Field(
        default=None,
        max_length=16,
        description="Legal instruments to consider; default: those of the scenario's deals.",
    )


class RepairIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    deal: str = Field(max_length=64, description="Id of the deal to repair.")
    samples: int = Field(
        default=4096, le=MAX_API_SAMPLES, description="Sobol candidates for multi-issue repairs."
    )
    seed: int = Field(default=0, le=MAX_SEED, description="Seed of the scrambled Sobol sample.")


class WinsetsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reference: str = Field(
        default="reversion",
        max_length=64,
        description="'reversion' or a deal id: where the other issues are held.",
    )
    instrument: Instrument = Field(
        default="treaty", description="Legal instrument assumed for body applicability."
    )
    samples: int = Field(
        default=5000, le=MAX_API_WINSET_SAMPLES, description="Samples of the ZOPA witness search."
    )
    seed: int = Field(default=0, le=MAX_SEED, description="Seed of the ZOPA search.")


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


MAX_API_TIMELINE_DRAWS = 500
"""Most Monte Carlo draws per snapshot one timeline request may ask for (a timeline runs one set per snapshot)."""


class TimelineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    draws: int = Field(
        default=300,
        ge=0,
        le=MAX_API_TIMELINE_DRAWS,
        description="Monte Carlo draws per snapshot for each deal's chance of ratification (0: left out).",
    )
    seed: int = Field(
        default=0, ge=0, le=2**63 - 1, description="Random seed: the same seed gives the same result."
    )

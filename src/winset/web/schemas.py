"""The request and response models of the JSON API (they are its OpenAPI schemas), and the error responses
every operation documents."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from winset.web.whatif import Override

MAX_API_DRAWS = 5000
"""Most Monte Carlo draws one API request may ask for (the CLI has no such limit)."""


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

"""What-if changes: move an actor's position, salience or capability and re-run the analysis."""

from __future__ import annotations

import copy
import math
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from winset.scenario import Scenario, ScenarioError, validate_data

WhatIfField = Literal["position", "salience", "capability"]


class Override(BaseModel):
    """One what-if change: ``actor``'s ``field`` (on ``issue``, for position and salience) set to ``value``."""

    model_config = ConfigDict(extra="forbid")
    actor: str = Field(max_length=100)
    field: WhatIfField
    issue: str | None = Field(default=None, max_length=100)
    value: float = Field(allow_inf_nan=False)


def apply(sc: Scenario, overrides: list[Override]) -> Scenario:
    """A copy of ``sc`` with the overrides applied and validated again (ranges are dropped from overridden
    numbers: a what-if value is a point).  Raises :class:`ScenarioError` naming the field for a bad change."""
    if not overrides:
        return sc
    data: dict[str, Any] = copy.deepcopy(sc.model_dump(mode="python", exclude_none=True))
    actors = {a["id"]: a for a in data["actors"]}
    issues = {i["id"] for i in data["issues"]}
    problems = []
    for n, o in enumerate(overrides):
        where = f"overrides[{n}]"
        if o.actor not in actors:
            problems.append(
                ScenarioError.single(
                    f"unknown actor '{o.actor}'", file="what-if", field=f"{where}.actor"
                ).problems[0]
            )
            continue
        q = {"value": o.value, "assumption": "what-if change"}
        a = actors[o.actor]
        if o.field == "capability":
            a["capability"] = q
        else:
            if o.issue not in issues:
                problems.append(
                    ScenarioError.single(
                        f"unknown issue '{o.issue}'", file="what-if", field=f"{where}.issue"
                    ).problems[0]
                )
                continue
            a["positions" if o.field == "position" else "salience"][o.issue] = q
    if problems:
        raise ScenarioError(problems)
    return validate_data(data, file="what-if")


MAX_STEP_DECIMALS = 6
"""Sliders whose numbers need more decimals than this (``2/3`` = 0.666…) get ``step="any"``."""
MIN_SLIDER_STEPS = 50


def exact(x: float) -> str:
    """The shortest text that reads back as exactly ``x`` (``1999.0`` -> ``'1999'``, ``2/3`` -> ``'0.6666666666666666'``)."""
    t = repr(float(x))
    return t[:-2] if t.endswith(".0") else t


def _decimals(x: float) -> int:
    exp = Decimal(repr(float(x))).normalize().as_tuple().exponent
    return max(0, -int(exp))


def slider_step(lo: float, hi: float, *values: float) -> str:
    """A range input ``step`` on which ``lo`` and every one of ``values`` lie exactly, so that a slider shows
    (and sends back) the scenario's number unchanged: a power of ten with at least the decimals of those
    numbers, and fine enough for about :data:`MIN_SLIDER_STEPS` steps over the range.  ``"any"`` when the
    numbers need more than :data:`MAX_STEP_DECIMALS` decimals."""
    span = float(hi) - float(lo)
    if not span > 0 or not math.isfinite(span):
        return "any"
    k = max([_decimals(x) for x in (lo, *values)] + [math.ceil(math.log10(MIN_SLIDER_STEPS / span))])
    if k > MAX_STEP_DECIMALS:
        return "any"
    return f"{10.0**-k:.{k}f}"


def _differs(v: float, scenario_value: float) -> bool:
    return abs(v - scenario_value) > 1e-9 * max(1.0, abs(scenario_value))


def from_form(sc: Scenario, form: dict[str, str]) -> list[Override]:
    """Overrides from slider fields ``cap:ACTOR``, ``pos:ACTOR:ISSUE``, ``sal:ACTOR:ISSUE`` that differ from the
    scenario's values."""
    out: list[Override] = []
    for key, raw in form.items():
        parts = key.split(":")
        if parts[0] not in ("cap", "pos", "sal") or len(parts) not in (2, 3):
            continue
        try:
            v = float(raw)
        except (TypeError, ValueError):
            raise ScenarioError.single(f"not a number: {raw!r}", file="what-if", field=key) from None
        try:
            a = sc.actor(parts[1])
        except KeyError:
            raise ScenarioError.single(f"unknown actor '{parts[1]}'", file="what-if", field=key) from None
        if parts[0] == "cap":
            if _differs(v, a.capability.value):
                out.append(Override(actor=a.id, field="capability", value=v))
            continue
        if len(parts) != 3:
            continue
        m = a.positions if parts[0] == "pos" else a.salience
        if parts[2] not in m:
            raise ScenarioError.single(f"unknown issue '{parts[2]}'", file="what-if", field=key)
        if _differs(v, m[parts[2]].value):
            out.append(
                Override(
                    actor=a.id, field="position" if parts[0] == "pos" else "salience", issue=parts[2], value=v
                )
            )
    return out

"""What-if changes: move an actor's position, salience or capability, a body's quota, or a bloc's weight (and its
cohesion and turnout where the scenario format has them), and re-run the analysis.

Each number the what-if panel can move is a :class:`Knob`: its form field, the scenario path of the quantity, its
value, and a slider range taken from the quantity's domain (:mod:`winset.scenario.domains`, the one definition):
a bounded end of the domain is the slider's end; an unbounded end is replaced by the range of every quantity of
the same kind in the scenario (values and their declared ``low``/``high``), so all sliders of one kind share one
scale, and the scenario's own number and its declared range always lie on it.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from winset.scenario import Quantity, Scenario, ScenarioError, validate_data
from winset.scenario.domains import Domain, Path, domain_of
from winset.scenario.schema import Body, Member

WhatIfField = Literal[
    "position",
    "salience",
    "capability",
    "quota",
    "turnout_quorum",
    "approval_quorum",
    "weight",
    "cohesion",
    "turnout",
]
ACTOR_FIELDS = ("position", "salience", "capability")
BODY_FIELDS = ("quota", "turnout_quorum", "approval_quorum")
"""A body's own numbers (the quorums where the scenario format has them)."""
MEMBER_FIELDS = ("weight", "cohesion", "turnout")
"""A bloc's numbers (cohesion and turnout where the scenario format has them)."""
SHARE = Domain("share", "share", 0.0, 1.0, description="A share of a bloc (what-if fallback).")
"""The range of a bloc's cohesion or turnout when :mod:`winset.scenario.domains` does not name it yet."""


class Override(BaseModel):
    """One what-if change: ``actor``'s ``field`` (on ``issue``, for position and salience), ``body``'s quota, or
    ``member`` of ``body``'s weight, cohesion or turnout, set to ``value``."""

    model_config = ConfigDict(extra="forbid")
    actor: str | None = Field(
        default=None, max_length=100, description="Actor id (position, salience, capability)."
    )
    body: str | None = Field(
        default=None, max_length=100, description="Body id (quota, and a member's fields)."
    )
    member: str | None = Field(default=None, max_length=100, description="Member (bloc) id within the body.")
    field: WhatIfField
    issue: str | None = Field(default=None, max_length=100)
    value: float = Field(allow_inf_nan=False)

    def as_dict(self) -> dict[str, Any]:
        """As a saved run keeps it: an actor's change without the body fields (the shape runs had before bodies
        could be changed), a body's without ``actor``."""
        if self.field in ACTOR_FIELDS:
            return self.model_dump(exclude={"body", "member"})
        return self.model_dump(exclude={"actor", "issue"}, exclude_none=True)


def _problem(message: str, field: str) -> Any:
    return ScenarioError.single(message, file="what-if", field=field).problems[0]


def apply(sc: Scenario, overrides: list[Override]) -> Scenario:
    """A copy of ``sc`` with the overrides applied and validated again (ranges are dropped from overridden
    numbers: a what-if value is a point).  Raises :class:`ScenarioError` naming the field for a bad change."""
    if not overrides:
        return sc
    data: dict[str, Any] = copy.deepcopy(sc.model_dump(mode="python", exclude_none=True))
    actors = {a["id"]: a for a in data["actors"]}
    bodies = {b["id"]: b for b in data.get("bodies", [])}
    issues = {i["id"] for i in data["issues"]}
    problems = []
    for n, o in enumerate(overrides):
        where = f"overrides[{n}]"
        q = {"value": o.value, "assumption": "what-if change"}
        if o.field in ACTOR_FIELDS:
            if o.actor not in actors:
                problems.append(_problem(f"unknown actor '{o.actor}'", f"{where}.actor"))
                continue
            a = actors[o.actor]
            if o.field == "capability":
                a["capability"] = q
            elif o.issue not in issues:
                problems.append(_problem(f"unknown issue '{o.issue}'", f"{where}.issue"))
            else:
                a["positions" if o.field == "position" else "salience"][o.issue] = q
            continue
        if o.body not in bodies:
            problems.append(_problem(f"unknown body '{o.body}'", f"{where}.body"))
            continue
        b = bodies[o.body]
        if o.field in BODY_FIELDS:
            if o.field != "quota" and o.field not in Body.model_fields:
                problems.append(_problem(f"bodies have no '{o.field}' in this version", f"{where}.field"))
            else:
                b[o.field] = q
            continue
        members = {m["id"]: m for m in b["members"]}
        if o.member not in members:
            problems.append(_problem(f"unknown member '{o.member}' of body '{o.body}'", f"{where}.member"))
            continue
        if o.field not in MEMBER_FIELDS or (o.field != "weight" and o.field not in Member.model_fields):
            problems.append(_problem(f"members have no '{o.field}' in this version", f"{where}.field"))
            continue
        members[o.member][o.field] = q
    if problems:
        raise ScenarioError(problems)
    return validate_data(data, file="what-if")


# ---------------------------------------------------------------------------------------------------------
# the knobs of the what-if panel
# ---------------------------------------------------------------------------------------------------------
MAX_STEP_DECIMALS = 6
"""Sliders whose numbers need more decimals than this (``2/3`` = 0.666…) get ``step="any"``."""
MIN_SLIDER_STEPS = 50


@dataclass(frozen=True)
class Knob:
    """One number the what-if panel can move."""

    key: str
    """The form field: ``cap:A``, ``pos:A:x``, ``sal:A:x``, ``quota:B``, ``weight:B:m``, ``cohesion:B:m``, ..."""
    label: str
    path: Path
    """Where the quantity lives in the scenario (:func:`winset.scenario.domains.kind_of`)."""
    q: Quantity
    domain: Domain
    override: dict[str, Any]
    """The :class:`Override` fields, without the value."""

    @property
    def value(self) -> float:
        return float(self.q.value)

    @property
    def kind(self) -> str:
        return self.key.split(":")[0]

    def declared(self) -> list[float]:
        """The value and the declared low/high."""
        return [float(x) for x in (self.q.value, self.q.low, self.q.high) if x is not None]


def _domain(sc: Scenario, path: Path) -> Domain:
    try:
        return domain_of(sc, path)
    except KeyError:  # a field the domains do not name yet (a bloc's cohesion or turnout): a share
        return SHARE


def knobs(sc: Scenario) -> list[Knob]:
    """Every number the what-if panel offers, actors first, then bodies and their blocs."""
    out: list[Knob] = []

    def add(key: str, label: str, path: Path, q: Quantity | None, override: dict[str, Any]) -> None:
        if q is not None:
            out.append(Knob(key, label, path, q, _domain(sc, path), override))

    for a in sc.actors:
        add(
            f"cap:{a.id}",
            "capability",
            ("actors", a.id, "capability"),
            a.capability,
            {"actor": a.id, "field": "capability"},
        )
        for i in sc.issues:
            add(
                f"pos:{a.id}:{i.id}",
                f"{a.id} position on {i.name}",
                ("actors", a.id, "positions", i.id),
                a.positions.get(i.id),
                {"actor": a.id, "field": "position", "issue": i.id},
            )
            add(
                f"sal:{a.id}:{i.id}",
                f"{a.id} salience of {i.name}",
                ("actors", a.id, "salience", i.id),
                a.salience.get(i.id),
                {"actor": a.id, "field": "salience", "issue": i.id},
            )
    for b in sc.bodies:
        for f in BODY_FIELDS:
            q = getattr(b, f, None)
            if isinstance(q, Quantity):
                add(f"{f}:{b.id}", f"{b.name}: {f}", ("bodies", b.id, f), q, {"body": b.id, "field": f})
        for m in b.members:
            for f in MEMBER_FIELDS:
                q = getattr(m, f, None)
                if isinstance(q, Quantity):
                    add(
                        f"{f}:{b.id}:{m.id}",
                        f"{m.name or m.id}: {f}",
                        ("bodies", b.id, "members", m.id, f),
                        q,
                        {"body": b.id, "member": m.id, "field": f},
                    )
    return out


def _kind(k: Knob) -> tuple[str, str]:
    """Knobs that share a slider scale: the same domain, and for points on a scale, the same issue."""
    return (k.domain.name, str(k.path[-1]) if k.domain.name == "scale" else "")


@dataclass(frozen=True)
class Slider:
    knob: Knob
    min: float
    max: float
    step: str
    ticks: tuple[float, ...]
    """The declared low, value and high (a ``<datalist>``)."""


def sliders(sc: Scenario) -> dict[str, Slider]:
    """A slider for every knob (form key -> :class:`Slider`), its range from the quantity's domain."""
    ks = knobs(sc)
    spread: dict[tuple[str, str], list[float]] = {}
    for k in ks:
        spread.setdefault(_kind(k), []).extend(k.declared())
    out = {}
    for k in ks:
        peers = spread[_kind(k)]
        d = k.domain
        lo = d.lower if math.isfinite(d.lower) else min(0.0, *peers)
        hi = d.upper if math.isfinite(d.upper) else max(1.0, 2 * max(peers))
        if hi <= lo:
            hi = lo + 1.0
        step = slider_step(lo, hi, *k.declared())
        if d.open_lower:  # the first value inside an open end: one step in (on the step grid), or 0.1% in
            lo += float(step) if step != "any" else (hi - lo) / 1000
        out[k.key] = Slider(k, lo, hi, step, tuple(sorted(set(k.declared()))))
    return out


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
    """Overrides from the knobs' form fields (``cap:ACTOR``, ``pos:ACTOR:ISSUE``, ``quota:BODY``, ...) whose
    value differs from the scenario's.  Raises :class:`ScenarioError` naming the field for text that is not a
    finite number, and for a field of no actor, issue, body or bloc of the scenario."""
    by_key = {k.key: k for k in knobs(sc)}
    prefixes = {"cap", "pos", "sal", *BODY_FIELDS, *MEMBER_FIELDS}
    out: list[Override] = []
    problems = []
    for key, raw in form.items():
        if key.split(":")[0] not in prefixes or ":" not in key:
            continue  # another field of the form (the run's name)
        try:
            v = float(raw)
        except (TypeError, ValueError):
            problems.append(_problem(f"not a number: {raw!r}", key))
            continue
        if not math.isfinite(v):
            problems.append(_problem(f"must be a finite number, got {raw!r}", key))
            continue
        k = by_key.get(key)
        if k is None:
            problems.append(_problem(f"no such number in this scenario: '{key}'", key))
            continue
        if _differs(v, k.value):
            out.append(Override(**k.override, value=v))
    if problems:
        raise ScenarioError(problems)
    return out


def knob_groups(sc: Scenario) -> Iterable[tuple[str, str, list[Knob]]]:
    """The knobs grouped for the panel: ``(group id, heading, knobs)``, one group per actor and per body."""
    ks = knobs(sc)
    for a in sc.actors:
        yield f"actor-{a.id}", a.name, [k for k in ks if k.override.get("actor") == a.id]
    for b in sc.bodies:
        yield f"body-{b.id}", b.name, [k for k in ks if k.override.get("body") == b.id]

"""The winset scenario format (pydantic v2).

A scenario describes a negotiation on two levels (Putnam 1988, "Diplomacy and domestic politics:
the logic of two-level games", *International Organization* 42(3)):

* level I, the table: ``actors`` with capability, a position and a salience on every ``issue``;
* level II, home: ``bodies`` that must ratify a deal (a senate under a 2/3 quota, a referendum,
  a council deciding by unanimity), each with members or blocs, their weights and ideal points,
  and a condition saying when the body is needed (only for a treaty, only for territorial change);
* the ``reversion`` point (what happens with no deal) and the ``deals`` on the table.

Every judgement-based number may be written either as a bare number or as a *quantity*::

    capability: {value: 0.3, assumption: "Military and economic leverage over the outcome"}
    capability: {value: 0.3, source: "SIPRI Military Expenditure Database 2025"}
    capability: {value: 0.3, low: 0.2, high: 0.4, dist: triangular, assumption: "..."}
    capability: {value: 0.3, low: 0, high: 1, dist: beta, alpha: 3, beta: 7, assumption: "..."}

``low``/``high``/``dist`` (uniform, triangular, pert, normal, beta, lognormal)/``sd``/``alpha``/``beta``
describe uncertainty and are used by ``winset sweep``.
"""

from __future__ import annotations

import datetime
import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from winset.scenario.domains import LARGEST, QUOTA
from winset.vocabulary import BOUND_SYMBOLS, BoundOp, Distribution, Instrument, Op, Rule, UtilityShape

NUMBER_TEXT_PATTERN = r"^\s*([-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|\d+\s*/\s*\d+)\s*$"
"""A number written as text: ``6e-1`` (YAML 1.1 reads it as a string) or an exact fraction such as ``2/3``."""
NumberText = Annotated[str, StringConstraints(pattern=NUMBER_TEXT_PATTERN)]


class Quantity(BaseModel):
    """A number with its provenance and (optionally) its uncertainty."""

    model_config = ConfigDict(extra="forbid")

    value: Annotated[
        float,
        WithJsonSchema({"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_TEXT_PATTERN}]}),
    ]
    source: str | None = Field(default=None, description="Citation for the number.")
    assumption: str | None = Field(
        default=None, description="One-line rationale when the number is a judgement (an assumption)."
    )
    low: float | None = Field(default=None, description="Lower end of the plausible range.")
    high: float | None = Field(default=None, description="Upper end of the plausible range.")
    dist: Distribution | None = Field(
        default=None, description="Shape of the uncertainty; uniform when low/high are given without it."
    )
    sd: float | None = Field(
        default=None,
        description="Standard deviation, for dist: normal; for dist: "
        "lognormal the standard deviation of the logarithm.",
    )
    alpha: float | None = Field(
        default=None, description="First shape parameter, for dist: beta on [low, high]."
    )
    beta: float | None = Field(
        default=None, description="Second shape parameter, for dist: beta on [low, high]."
    )

    @model_validator(mode="after")
    def _check(self) -> Quantity:
        for name in ("value", "low", "high", "sd", "alpha", "beta"):
            x = getattr(self, name)
            if x is not None and not math.isfinite(x):
                raise ValueError(f"{name} must be a finite number")
        if (self.low is None) != (self.high is None):
            raise ValueError("give both 'low' and 'high', or neither")
        if self.low is not None and self.high is not None:
            if self.low > self.high:
                raise ValueError(f"low ({self.low}) is above high ({self.high})")
            if not (self.low <= self.value <= self.high):
                raise ValueError(f"value {self.value} lies outside [low, high] = [{self.low}, {self.high}]")
        if self.dist in ("normal", "lognormal") and self.sd is None and self.low is None:
            raise ValueError(f"dist: {self.dist} needs 'sd' (or low/high, read as ±2 sd)")
        if self.sd is not None and self.sd < 0:
            raise ValueError("sd must be non-negative")
        if self.sd is not None and self.dist not in (None, "normal", "lognormal"):
            raise ValueError(f"'sd' applies to dist: normal or lognormal, not {self.dist}")
        if self.dist is not None and self.dist not in ("normal", "lognormal") and self.low is None:
            raise ValueError(f"dist: {self.dist} needs 'low' and 'high'")
        if (self.alpha is not None or self.beta is not None) and self.dist != "beta":
            raise ValueError("'alpha' and 'beta' are the shape parameters of dist: beta")
        if self.dist == "beta" and (
            self.alpha is None or self.beta is None or self.alpha <= 0 or self.beta <= 0
        ):
            raise ValueError("dist: beta needs positive 'alpha' and 'beta' (shape parameters)")
        if self.dist == "lognormal" and (self.value <= 0 or (self.low is not None and self.low <= 0)):
            raise ValueError("dist: lognormal needs a positive value (its median) and a positive low")
        return self

    @property
    def uncertain(self) -> bool:
        return self.low is not None or self.sd is not None

    @property
    def documented(self) -> bool:
        return bool(self.source) or bool(self.assumption)


_NUMBER = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
_FRACTION = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_number(v: Any) -> float | None:
    """A number written as text: ``6e-1`` (which YAML 1.1 reads as a string) or an exact fraction ``2/3``."""
    if not isinstance(v, str):
        return None
    if _NUMBER.match(v):
        return float(v)
    m = _FRACTION.match(v)
    if m and int(m.group(2)) != 0:
        return int(m.group(1)) / int(m.group(2))
    return None


def _to_quantity(v: Any) -> Any:
    if isinstance(v, Quantity):
        return v
    if isinstance(v, bool):
        raise ValueError("expected a number, not a boolean")
    if isinstance(v, int | float):
        return {"value": v}
    if isinstance(v, str):
        x = parse_number(v)
        if x is None:
            raise ValueError(
                f"expected a number (e.g. 0.5 or 2/3) or {{value, source | assumption}}, got '{v}'"
            )
        return {"value": x}
    if isinstance(v, dict) and isinstance(v.get("value"), str) and parse_number(v["value"]) is not None:
        return {**v, "value": parse_number(v["value"])}
    if not isinstance(v, dict):
        raise ValueError("expected a number or a mapping {value, source | assumption, low, high}")
    return v


Q = Annotated[Quantity, BeforeValidator(_to_quantity, json_schema_input_type=float | NumberText | Quantity)]
"""A number (``0.6``, or an exact fraction written ``2/3``), or a mapping
{value, source | assumption, low, high, dist, sd}."""


class Anchor(BaseModel):
    """A labelled point on an issue scale ("0 = no recognition")."""

    model_config = ConfigDict(extra="forbid")
    value: float
    label: str


class Scale(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: float = 0.0
    max: float = 100.0
    unit: str | None = None

    @model_validator(mode="after")
    def _order(self) -> Scale:
        if not all(math.isfinite(x) and abs(x) <= LARGEST for x in (self.min, self.max)):
            raise ValueError(f"scale ends must be finite numbers in [-{LARGEST:g}, {LARGEST:g}]")
        if not self.max > self.min:
            raise ValueError(f"scale max ({self.max}) must be above min ({self.min})")
        return self


class Issue(BaseModel):
    """One dimension of the negotiation."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")
    name: str
    description: str | None = None
    scale: Scale = Field(default_factory=Scale)
    anchors: list[Anchor] = Field(default_factory=list)
    discrete: bool = Field(
        default=False, description="True when only the anchor values are feasible outcomes (package search)."
    )


class Space(BaseModel):
    """Two issues read together as one 2-D policy space (for win-set diagrams)."""

    model_config = ConfigDict(extra="forbid")
    id: str
    name: str | None = None
    issues: list[str] = Field(min_length=2, max_length=2)


class Bound(BaseModel):
    """One bound on one issue: the deal's term on ``issue`` must satisfy ``op value`` (``control ge 45``)."""

    model_config = ConfigDict(extra="forbid")
    issue: str
    op: BoundOp
    value: Q = Field(description="The bound, on the issue's scale; may be uncertain like any number.")
    source: str | None = Field(default=None, description="Citation for the bound.")
    assumption: str | None = Field(default=None, description="Rationale when the bound is a judgement.")

    @property
    def label(self) -> str:
        return f"{self.issue} {BOUND_SYMBOLS[self.op]} {self.value.value:g}"


class RedLine(BaseModel):
    """A red line of a party: a deal that breaks it is unacceptable to that party, whatever else it offers.

    Either one bound (``{issue, op, value}``), or ``any_of`` (at least one of the bounds holds) or ``all_of``
    (every bound holds), each with a ``source`` or an ``assumption``.
    """

    model_config = ConfigDict(extra="forbid")
    issue: str | None = None
    op: BoundOp | None = None
    value: Q | None = Field(default=None, description="The bound, on the issue's scale (may be uncertain).")
    any_of: list[Bound] | None = Field(default=None, min_length=1, description="At least one of these holds.")
    all_of: list[Bound] | None = Field(default=None, min_length=1, description="Every one of these holds.")
    source: str | None = Field(default=None, description="Citation for the red line.")
    assumption: str | None = Field(default=None, description="Rationale when the red line is a judgement.")

    @model_validator(mode="after")
    def _one_form(self) -> RedLine:
        single = [x is not None for x in (self.issue, self.op, self.value)]
        forms = int(any(single)) + int(self.any_of is not None) + int(self.all_of is not None)
        if forms != 1:
            raise ValueError("a red line is one bound {issue, op, value}, or any_of: [...], or all_of: [...]")
        if any(single) and not all(single):
            raise ValueError("a red line bound needs 'issue', 'op' and 'value'")
        return self

    @property
    def combine(self) -> str:
        """``any`` (at least one bound holds) or ``all`` (every bound holds; a single bound)."""
        return "any" if self.any_of is not None else "all"

    @property
    def bounds(self) -> list[Bound]:
        """The bounds of this red line (a single bound as a list of one)."""
        if self.any_of is not None:
            return self.any_of
        if self.all_of is not None:
            return self.all_of
        assert self.issue is not None and self.op is not None and self.value is not None
        return [Bound.model_construct(issue=self.issue, op=self.op, value=self.value)]

    @property
    def label(self) -> str:
        """``control ≥ 45``; ``nato ≤ 0 or troops ≤ 0``; ``a ≥ 1 and b ≤ 2``."""
        return (" or " if self.combine == "any" else " and ").join(b.label for b in self.bounds)


class Actor(BaseModel):
    """A party at the table (level I)."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")
    name: str
    description: str | None = None
    capability: Q
    positions: dict[str, Q]
    salience: dict[str, Q]
    utility: UtilityShape = "linear"
    risk: Q = Field(
        default_factory=lambda: Quantity(value=1.0, assumption="risk neutral by default"),
        description="Risk attitude exponent (1 neutral, <1 risk-acceptant, >1 risk-averse).",
    )
    delay_cost_per_week: Q | None = Field(
        default=None, description="Utility (on the 0-1 scale) lost for each week without a deal."
    )
    discount_factor_per_week: Q | None = Field(
        default=None, description="Weekly discount factor for alternating-offers bargaining (0-1)."
    )
    red_lines: list[RedLine] = Field(
        default_factory=list,
        description="Bounds a deal must keep to be acceptable to this actor, whatever else it offers.",
    )
    reversion: dict[str, Q] = Field(
        default_factory=dict,
        description="This actor's own no-deal world; issues not named fall back to the shared reversion.",
    )
    no_deal_cost: Q | None = Field(
        default=None,
        description="Utility this actor loses with no deal, beyond its own reversion point "
        "(negative: no deal is better than it looks).",
    )


class Member(BaseModel):
    """A member or bloc of a ratification body, with its voting weight and ideal point."""

    model_config = ConfigDict(extra="forbid")
    id: str
    name: str | None = None
    weight: Q
    ideal: dict[str, Q] = Field(
        default_factory=dict, description="Ideal point per issue; issues left out do not move this member."
    )
    salience: dict[str, Q] = Field(
        default_factory=dict, description="Per-issue weight; defaults to the body's salience, else equal."
    )
    no_deal_cost: Q | None = Field(
        default=None, description="Utility this member loses if there is no deal (e.g. the war goes on)."
    )
    community: str | None = Field(
        default=None,
        description="The community this bloc belongs to; with the body's `concurrent: true`, a deal needs a "
        "majority within every community.",
    )
    cohesion: Q | None = Field(
        default=None,
        description="Share of the bloc that votes as its utility says; the rest votes the other way (default 1).",
    )
    turnout: Q | None = Field(default=None, description="Share of the bloc that votes (default 1).")
    red_lines: list[RedLine] = Field(
        default_factory=list,
        description="Bounds a deal must keep for this member to vote yes, whatever else it offers.",
    )
    reversion: dict[str, Q] = Field(
        default_factory=dict,
        description="This member's own no-deal world; issues not named fall back to the shared reversion.",
    )
    source: str | None = Field(default=None, description="Citation for this member's ideal point.")
    assumption: str | None = Field(default=None, description="Rationale when the ideal point is a judgement.")


class Condition(BaseModel):
    """Issue condition: the body is needed when the deal's term on ``issue`` satisfies ``op value``.

    ``op: changed`` means "differs from the reversion point".
    """

    model_config = ConfigDict(extra="forbid")
    issue: str
    op: Op
    value: float | None = None
    source: str | None = Field(default=None, description="Citation for the threshold.")
    assumption: str | None = Field(default=None, description="Rationale when the threshold is a judgement.")

    @model_validator(mode="after")
    def _need_value(self) -> Condition:
        if self.op != "changed" and self.value is None:
            raise ValueError(f"op '{self.op}' needs a 'value'")
        return self


class AppliesWhen(BaseModel):
    """When a ratification body has to approve a deal.

    The body applies when the deal's instrument is in ``instruments`` (if given) **and** at least one of
    ``any_of`` holds (if given).  With neither, the body always applies.
    """

    model_config = ConfigDict(extra="forbid")
    instruments: list[Instrument] | None = None
    any_of: list[Condition] | None = None


class Body(BaseModel):
    """A ratifier at home (level II)."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")
    name: str
    actor: str | None = Field(
        default=None, description="The actor whose domestic level this body belongs to."
    )
    rule: Rule
    quota: Q | None = Field(default=None, description="Share of weight needed, for rule: quota (e.g. 2/3).")
    applies_when: AppliesWhen = Field(default_factory=AppliesWhen)
    salience: dict[str, Q] = Field(default_factory=dict)
    utility: UtilityShape = Field(
        default="quadratic",
        description="Members' loss: quadratic (weighted Euclidean, the spatial-voting standard) or linear.",
    )
    members: list[Member] = Field(min_length=1)
    turnout_quorum: Q | None = Field(
        default=None,
        description="Share of the electorate (the members' total weight) that must vote, else the vote is void.",
    )
    approval_quorum: Q | None = Field(
        default=None, description="Share of the whole electorate that must vote yes for the deal to pass."
    )
    concurrent: bool = Field(
        default=False,
        description="A majority is needed within every community (members grouped by `community`).",
    )
    advisory: bool = Field(
        default=False,
        description="The vote binds no one: in a route it blocks nothing, but bodies that `follow` it "
        "take its result (docs/two-level.md, ratification routes).",
    )
    follows: str | None = Field(
        default=None,
        description="Id of a body whose result this body takes in a route (a parliament that follows an "
        "advisory referendum); without it the body votes its members' own preferences (it may override).",
    )
    source: str | None = None

    @field_validator("quota", mode="after")
    @classmethod
    def _quota_range(cls, v: Q | None) -> Q | None:
        if v is not None and not QUOTA.contains(v.value):
            raise ValueError(f"{QUOTA.label} must be in {QUOTA.interval}, got {v.value}")
        return v

    @model_validator(mode="after")
    def _quota_needed(self) -> Body:
        if self.rule == "quota" and self.quota is None:
            raise ValueError("rule: quota needs a 'quota' (e.g. 2/3 for two thirds)")
        return self

    @property
    def threshold(self) -> float:
        """Share of total weight a deal needs (strictly more than 1/2 for majority and referendum)."""
        if self.rule == "quota":
            assert self.quota is not None
            return self.quota.value
        if self.rule == "unanimity":
            return 1.0
        return 0.5


class RouteCondition(BaseModel):
    """A precondition of a ratification route: a bound on the deal's terms (``{issue, op, value}``: a ceasefire
    before a referendum, ``ceasefire ge 50``), or the outcome of a body's vote (``{body, outcome, deal}``: a
    parliament vote after the referendum on ``deal``, default this deal, ``failed``)."""

    model_config = ConfigDict(extra="forbid")
    issue: str | None = None
    op: BoundOp | None = None
    value: float | None = None
    body: str | None = None
    outcome: Literal["passed", "failed"] | None = None
    deal: str | None = Field(default=None, description="Deal the body voted on (default: this deal).")
    source: str | None = Field(default=None, description="Citation for the precondition.")
    assumption: str | None = Field(default=None, description="Rationale when it is a judgement.")

    @model_validator(mode="after")
    def _one_form(self) -> RouteCondition:
        terms = [x is not None for x in (self.issue, self.op, self.value)]
        votes = [x is not None for x in (self.body, self.outcome)]
        if any(terms) == (any(votes) or self.deal is not None):
            raise ValueError("a precondition is {issue, op, value} or {body, outcome[, deal]}")
        if any(terms) and not all(terms):
            raise ValueError("a precondition on the terms needs 'issue', 'op' and 'value'")
        if any(votes) and not all(votes):
            raise ValueError("a precondition on a vote needs 'body' and 'outcome' (passed or failed)")
        return self

    @property
    def label(self) -> str:
        if self.body is not None:
            return f"{self.body} {self.outcome}" + (f" on {self.deal}" if self.deal else "")
        assert self.op is not None and self.value is not None
        return f"{self.issue} {BOUND_SYMBOLS[self.op]} {self.value:g}"


class Declaration(BaseModel):
    """A guarantee or interpretive declaration attached to an unchanged text: it changes what the named blocs
    believe the terms are, not the terms.  ``blocs`` are ``body/member`` or a body id (all its members)."""

    model_config = ConfigDict(extra="forbid")
    blocs: list[str] = Field(
        min_length=1, description="`body/member` ids, or body ids for all their members."
    )
    terms: dict[str, Q] = Field(description="The terms these blocs perceive, per issue (others as written).")
    source: str | None = Field(default=None, description="Citation for the declaration.")
    assumption: str | None = Field(default=None, description="How it shifts the perceived terms, and why.")


class Route(BaseModel):
    """One way to ratify a deal: the bodies it needs (or those of an instrument), its preconditions, the
    utility parties lose when voters are bypassed, and declarations that come with it."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")
    name: str | None = None
    bodies: list[str] | None = Field(
        default=None, description="Ids of the bodies that must pass the deal by this route."
    )
    instrument: Instrument | None = Field(
        default=None,
        description="Without `bodies`: the veto bodies that apply to the deal as this instrument "
        "(default: the deal's instrument).",
    )
    preconditions: list[RouteCondition] = Field(
        default_factory=list, description="Every one must hold for the route to be open."
    )
    legitimacy_cost: dict[str, Q] = Field(
        default_factory=dict,
        description="Utility lost when this route is used, per actor id, `body/member` or body id "
        "(all its members): the cost of bypassing voters.",
    )
    declarations: list[Declaration] = Field(default_factory=list)
    source: str | None = Field(default=None, description="Citation for the route.")
    assumption: str | None = Field(default=None, description="Rationale when the route is a judgement.")


class Deal(BaseModel):
    """A candidate settlement: a term on every issue and a legal instrument."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$")
    name: str
    description: str | None = None
    instrument: Instrument = "treaty"
    terms: dict[str, Q]
    source: str | None = Field(default=None, description="Where the deal comes from (an article, a draft).")
    assumption: str | None = Field(
        default=None,
        description="How its terms were placed on the issue scales, and why this instrument; "
        "documents every term that carries no source or assumption of its own.",
    )
    routes: list[Route] = Field(
        default_factory=list,
        description="Alternative ratification routes: ratified if any open route passes all its bodies "
        "(default: one route, the veto bodies that apply to the instrument).",
    )
    declarations: list[Declaration] = Field(
        default_factory=list, description="Declarations that come with the deal on every route."
    )


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    url: str | None = None
    note: str | None = None


class CostOfDelay(BaseModel):
    """What waiting costs.  ``horizon_weeks`` turns each actor's weekly delay cost into the utility it loses
    in the no-deal state: u(no deal) = u(reversion) - delay_cost_per_week * horizon_weeks."""

    model_config = ConfigDict(extra="forbid")
    lives_per_week: Q | None = None
    horizon_weeks: Q | None = None
    sides: list[list[str]] | None = Field(
        default=None,
        description="The two sides who bear the cost of waiting, as two lists of actor ids "
        "(e.g. [[UA, EU], [RU]]); `winset delay` uses them unless --side-a/--side-b are given.",
    )
    note: str | None = None


def _iso_date(v: Any) -> Any:
    """An unquoted YAML date (read as a date) is kept as its ISO text."""
    return v.isoformat() if isinstance(v, datetime.date) else v


class Change(BaseModel):
    """One change of a timeline snapshot: exactly one of ``set`` (with ``value``), ``unset``, ``add_deal``,
    ``withdraw_deal``; with the ``source`` or ``assumption`` behind it (docs/timeline.md)."""

    model_config = ConfigDict(extra="forbid")
    set: str | None = Field(
        default=None, description="Dotted path to set, ids naming list items: actors.RU.positions.control."
    )
    value: Any = Field(default=None, description="What the path becomes (a number, a quantity, a mapping).")
    unset: str | None = Field(default=None, description="Dotted path of a key or list item to remove.")
    add_deal: Deal | None = Field(default=None, description="A deal put on the table, as under `deals:`.")
    withdraw_deal: str | None = Field(default=None, description="Id of a deal taken off the table.")
    source: str | None = Field(default=None, description="Citation: outlet, date, URL.")
    assumption: str | None = Field(
        default=None, description="One-line rationale when the change is a judgement."
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Change:
        kinds = [k for k in ("set", "unset", "add_deal", "withdraw_deal") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise ValueError("a change is exactly one of set (with value), unset, add_deal, withdraw_deal")
        if kinds == ["set"] and "value" not in self.model_fields_set:
            raise ValueError("'set' needs a 'value'")
        if kinds != ["set"] and "value" in self.model_fields_set and self.value is not None:
            raise ValueError("'value' goes with 'set' only")
        return self


class Snapshot(BaseModel):
    """A dated state of the negotiation: the changes to the snapshot before it (docs/timeline.md)."""

    model_config = ConfigDict(extra="forbid")
    date: datetime.date = Field(description="ISO date (YYYY-MM-DD); never before the snapshot above it.")
    title: str
    note: str | None = None
    source: str | None = Field(default=None, description="Citation for the snapshot as a whole.")
    sources: list[str] = Field(default_factory=list, description="Ids of `sources:` or citations.")
    changes: list[Change] = Field(default_factory=list)


class Scenario(BaseModel):
    """A whole two-level negotiation."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"title": "winset scenario"})
    id: str
    title: str
    description: str | None = None
    date: Annotated[str | None, BeforeValidator(_iso_date)] = Field(
        default=None, description="Date of the (base) state, ISO YYYY-MM-DD; required with a timeline."
    )
    sources: list[Source] = Field(default_factory=list)
    issues: list[Issue] = Field(min_length=1)
    spaces: list[Space] = Field(default_factory=list)
    actors: list[Actor] = Field(min_length=2)
    reversion: dict[str, Q] = Field(description="The no-deal point: a value on every issue.")
    reversion_note: str | None = None
    bodies: list[Body] = Field(default_factory=list)
    veto_players: list[str] = Field(
        default_factory=list, description="Ids of actors and bodies that can block."
    )
    deals: list[Deal] = Field(default_factory=list)
    cost_of_delay: CostOfDelay | None = None
    timeline: list[Snapshot] = Field(
        default_factory=list,
        description="Dated snapshots after the base state (dated by `date`), each a list of changes "
        "(winset.scenario.timeline, docs/timeline.md).",
    )
    _states: Any = PrivateAttr(default=None)  # the built timeline (winset.scenario.timeline.states)
    _snapshot: Any = PrivateAttr(default=None)  # on a snapshot's scenario: its State

    def __eq__(self, other: object) -> bool:
        """Equal fields make equal scenarios: the built-timeline caches above do not count."""
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable, as BaseModel

    # ---- convenient look-ups -------------------------------------------------------------
    @property
    def issue_ids(self) -> list[str]:
        return [i.id for i in self.issues]

    @property
    def actor_ids(self) -> list[str]:
        return [a.id for a in self.actors]

    def issue(self, issue_id: str) -> Issue:
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def actor(self, actor_id: str) -> Actor:
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def body(self, body_id: str) -> Body:
        for b in self.bodies:
            if b.id == body_id:
                return b
        raise KeyError(body_id)

    def deal(self, deal_id: str) -> Deal:
        for d in self.deals:
            if d.id == deal_id:
                return d
        raise KeyError(deal_id)


def json_schema() -> dict[str, Any]:
    """JSON Schema of the scenario format (``winset schema``)."""
    return Scenario.model_json_schema()

"""Typed, frozen results of every use case: what the CLI's ``--json`` prints and the web API returns.

Each model reproduces, key for key, the JSON the library builds today, so that
``json.dumps(Model.from_dict(d).to_dict())`` equals ``json.dumps(d)`` byte for byte: fields are declared in output
order; numbers that may be whole (user options, scenario quantities) are ``int | float`` so ``1`` stays ``1``;
keys the library leaves out in some runs (``ForecastResult.bdm``, ``SweepResult.one_big_issue``, an evaluate
row's model columns, ...) are listed in ``_absent_if_unset`` and omitted from the output unless given, so
"absent" and ``null`` stay distinct.  Keys of ``dict`` fields are actor, issue, body, deal, model or input ids.
NaN is kept as a float (``json.dumps`` prints ``NaN``, as the CLI does today).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

Number = int | float
"""A number that may be whole in the output (``1`` must not become ``1.0``)."""

Range = tuple[float, float]
"""A closed interval ``[low, high]`` of one issue."""


def _f(description: str) -> Any:
    return Field(description=description)


def _opt(description: str) -> Any:
    """A key the library leaves out in some runs (absent unless given)."""
    return Field(default=None, description=description)


class Result(BaseModel):
    """Base of every result: frozen, no unknown keys, ``to_dict``/``from_dict`` in the CLI's JSON shape."""

    # defer_build: each model's validator is built at its first use, not at import (60 models: most of
    # ``import winset``'s time otherwise)
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        defer_build=True,
    )
    _absent_if_unset: ClassVar[frozenset[str]] = frozenset()

    # no return annotation: with one, the serialization JSON schema (FastAPI's response schema) would be {}
    @model_serializer(mode="wrap")
    def _drop_absent(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        data = handler(self)
        for name in self._absent_if_unset:
            if name not in self.model_fields_set and isinstance(data, dict):
                data.pop(type(self).model_fields[name].alias or name, None)
        return data

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dictionary (``json.dumps`` gives what the CLI prints)."""
        out: dict[str, Any] = self.model_dump(mode="python", by_alias=True)
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Self:
        """Validate a dictionary of the shape :meth:`to_dict` returns."""
        return cls.model_validate(d)


class ScenarioRef(Result):
    _absent_if_unset = frozenset({"date", "snapshot"})
    id: str = _f("Scenario id.")
    title: str = _f("Scenario title.")
    date: str | None = _opt("Date of the timeline snapshot analysed (absent without a timeline).")
    snapshot: str | None = _opt("Title of the timeline snapshot analysed (absent without a timeline).")


# ---------------------------------------------------------------------------------------------------------
# analyze (winset.analysis.default.analyze)
# ---------------------------------------------------------------------------------------------------------
class BlocVote(Result):
    """How one member or bloc of a body votes on one deal (cohesion and turnout applied)."""

    id: str = _f("Member or bloc id.")
    community: str | None = _f("Community of the bloc (concurrent majorities), null when not given.")
    share: float = _f("The bloc's share of the body's weight (of the electorate).")
    prefers_deal: bool = _f("Whether the bloc's utility prefers the deal to no deal.")
    yes_share: float = _f("Share yes among the bloc's voters (its cohesion, or one minus it).")
    turnout: float = _f("Share of the bloc that votes.")


class BodyVote(Result):
    """One ratification body's vote on one deal."""

    id: str = _f("Body id.")
    name: str = _f("Body name.")
    actor: str | None = _f("Actor whose ratification this body is (null: a body of no one actor).")
    rule: str = _f("Decision rule (majority, quota, unanimity, ...).")
    applies: bool = _f("Whether the deal's instrument needs this body's approval.")
    yes_weight: float = _f("Weight of the members voting yes.")
    total_weight: float = _f("Weight of all members.")
    yes_share: float = _f("Share of the weight voting yes.")
    threshold: float = _f("Share needed to pass.")
    margin: float = _f("Yes share minus threshold.")
    passed: bool = _f("Whether the vote passes.")
    yes: list[str] = _f("Members voting yes.")
    no: list[str] = _f("Members voting no.")
    turnout: float = _f("Share of the electorate (the members' weight) that votes.")
    approval: float = _f("Yes votes as a share of the whole electorate.")
    turnout_quorum: float | None = _f(
        "Share of the electorate that must vote, else the vote is void (null: none)."
    )
    approval_quorum: float | None = _f("Share of the electorate that must vote yes (null: none).")
    concurrent: bool = _f("Whether a majority is needed within every community.")
    reason: str = _f("Why the vote passes or fails (e.g. 'void: turnout below quorum').")
    blocs: list[BlocVote] = _f("The vote of every member or bloc.")
    red_lines: dict[str, list[str]] = _f(
        "Red lines the deal breaks, per member id (such a member votes no whatever else the deal offers)."
    )


class RouteBodyVote(Result):
    """How one body a route needs lets the deal through by that route."""

    passed: bool = _f("Whether the body lets the deal through by this route (advisory: always).")
    yes_share: float = _f(
        "Expected yes share of the body's own vote (of the followed body's, if it follows)."
    )
    follows: str | None = _f("The body whose result this one takes, null when it votes its own preferences.")


class RouteVerdict(Result):
    """One ratification route of a deal (docs/two-level.md, ratification routes)."""

    id: str = _f("Route id ('default': the veto bodies that apply to the deal's instrument).")
    name: str = _f("Route name.")
    bodies: list[str] = _f("Bodies the route needs.")
    preconditions: dict[str, bool] = _f("Whether each precondition holds, by its label.")
    open: bool = _f("Whether every precondition holds.")
    votes: dict[str, RouteBodyVote] = _f("Per needed body, whether it lets the deal through.")
    passed: bool = _f("Whether the route is open and every veto actor and needed body lets the deal through.")
    reason: str = _f("'passed', 'closed: precondition ... does not hold' or 'blocked by ...'.")


class DealVerdict(Result):
    """One deal on the table, tested against every actor and ratifier."""

    _absent_if_unset = frozenset({"routes", "route"})

    id: str = _f("Deal id.")
    name: str = _f("Deal name.")
    instrument: str = _f("Legal instrument (treaty, executive agreement, ...).")
    terms: dict[str, float] = _f("Term per issue id.")
    utility: dict[str, float] = _f("Utility of the deal per actor id.")
    no_deal_utility: dict[str, float] = _f("Utility of no deal (the reversion) per actor id.")
    accepts: dict[str, bool] = _f("Whether each actor prefers the deal to no deal.")
    bodies: list[BodyVote] = _f("Vote of every ratification body.")
    sellable_at_home: dict[str, bool] = _f("Whether every body of each actor that must ratify passes it.")
    blockers: list[str] = _f("Veto players that block the deal.")
    red_lines: dict[str, list[str]] = _f(
        "Red lines the deal breaks, per actor id (such an actor rejects it whatever else it offers)."
    )
    blocking_red_lines: dict[str, list[str]] = _f(
        "Per blocking veto player, the red lines that block ('red line control ≥ 45'; for a body "
        "'GC: red line x ≤ 40' per member); blockers with no red line broken are left out."
    )
    ratifiable: bool = _f("Whether every veto player accepts the deal.")
    pareto_dominated_by: list[str] = _f("Ids of deals every actor likes at least as well, one better.")
    routes: list[RouteVerdict] | None = _opt(
        "Each ratification route's outcome (present when the scenario uses routes, advisory or following bodies)."
    )
    route: str | None = _opt("The first listed route that passes (null: none; present with `routes`).")


class StickingIssue(Result):
    """What each veto player accepts on one issue, the others held at the reference package."""

    issue: str = _f("Issue id.")
    name: str = _f("Issue name.")
    kind: str = _f("deadlock, fixable, blocked_elsewhere or agreed.")
    reference_value: float = _f("Term of the reference package on this issue.")
    move: float = _f("Smallest move of this term that every veto player accepts (fixable).")
    gap: float = _f("Gap between the binding veto players' ranges (deadlock).")
    gap_share: float = _f("Gap as a share of the issue's scale.")
    salience: float = _f("Mean salience of the issue to the veto players.")
    score: float = _f("Ranking score (larger: the bigger sticking point).")
    binding: list[str] | None = _f("The veto players whose ranges do not overlap (deadlock), else null.")
    blocked_by: list[str] = _f("Veto players that block whatever the term on this issue.")
    overlap: list[Range] = _f("Terms every veto player accepts.")
    ranges: dict[str, list[Range]] = _f("Terms each veto player accepts, per veto player id.")


class PartyIssue(Result):
    """What each veto player accepts on one issue with the other issues at its own best attainable terms
    (independent of the deals on the table)."""

    issue: str = _f("Issue id.")
    name: str = _f("Issue name.")
    kind: str = _f(
        "deadlock (the ranges do not overlap), contested (they overlap but leave out some veto player's best "
        "value), unacceptable (a veto player accepts nothing even at its best terms) or open."
    )
    score: float = _f("deadlock: gap share × salience; contested: salience-weighted concessions; else 0.")
    gap: float = _f("Gap between the binding veto players' ranges (deadlock).")
    salience: float = _f("Mean salience of the issue to the veto players.")
    binding: list[str] | None = _f("The veto players whose ranges do not overlap (deadlock), else null.")
    accepts_nothing: list[str] = _f("Veto players that accept no value even at their best terms.")
    red_line_clash: list[str] = _f(
        "Two veto players' red lines that no value of this issue meets together (a deadlock), else empty."
    )
    overlap: list[Range] = _f("Values every veto player accepts.")
    best: dict[str, float] = _f(
        "Each veto player's best value on this issue (its ideal within its red lines)."
    )
    concessions: dict[str, float] = _f(
        "How far each conceding veto player's best value lies from the overlap."
    )
    ranges: dict[str, list[Range]] = _f("Values each veto player accepts, per veto player id.")


class MissedIssue(Result):
    """An issue on which the closest deal lies outside what every veto player accepts (the rest held at it)."""

    issue: str = _f("Issue id.")
    kind: str = _f("deadlock or fixable.")
    value: float = _f("The deal's term on the issue.")
    move: float = _f("Smallest move of the term that every veto player accepts (fixable).")
    gap: float = _f("Gap between the binding veto players' ranges (deadlock).")
    overlap: list[Range] = _f("Terms every veto player accepts, the rest of the deal unchanged.")


class ClosestDeal(Result):
    """The deal nearest to agreement and what it misses."""

    id: str = _f("Deal id.")
    name: str = _f("Deal name.")
    ratifiable: bool = _f("Whether every veto player accepts it.")
    blockers: list[str] = _f("Veto players that block it.")
    blocking_red_lines: dict[str, list[str]] = _f(
        "Per blocker, the red lines that block where that is the reason."
    )
    misses: list[MissedIssue] = _f("Issues where it lies outside what every veto player accepts.")


class StickingPoints(Result):
    reference: str = _f("Package the other issues are held at: a deal id or a forecast model.")
    instrument: str = _f("Instrument the reference package is judged as.")
    reference_package: dict[str, float] = _f("Reference term per issue id.")
    issues: list[StickingIssue] = _f("Every issue, the biggest sticking point first.")
    one_big_issue: str | None = _f(
        "Id of the one big issue, from the parties (independent of the deals on the table): the top deadlocked, "
        "else the top contested issue of 'parties'; null when there is none."
    )
    parties: list[PartyIssue] = _f(
        "Every issue, each veto player at its own best attainable terms elsewhere, the biggest sticking point first."
    )
    closest_deal: ClosestDeal | None = _f(
        "The deal nearest to agreement and what it misses (null: no deals)."
    )
    reference_ratifiable: bool = _f("Whether every veto player accepts the reference package.")
    blocked_on_every_issue: list[str] = _f("Veto players that no single-issue move satisfies.")


class AnalysisResult(Result):
    """``winset analyze``: forecast, deal verdicts and sticking points."""

    scenario: ScenarioRef = _f("The scenario analysed.")
    forecast: dict[str, dict[str, float]] = _f(
        "Point forecast per model (compromise, weighted_median, bdm), per issue."
    )
    deals: list[DealVerdict] = _f("Every deal of the scenario.")
    sticking_points: StickingPoints = _f("Sticking-point analysis around the reference package.")
    veto_players: list[str] = _f("Actors and bodies whose acceptance a deal needs.")


# ---------------------------------------------------------------------------------------------------------
# forecast (winset.models.registry.forecast)
# ---------------------------------------------------------------------------------------------------------
class BdmOptions(Result):
    rounds: int = _f("Largest number of rounds.")
    probability: str = _f("Probability of success: paper or code.")
    selection: str = _f("Offer choice: least_move or code.")
    q: Number = _f("Probability that the status quo persists.")
    risk: str = _f("Risk exponents: scholz, neutral or declared.")
    stop: str = _f("Stopping rule: fixed_point or none.")
    tol: Number = _f("Movement below which an actor counts as still (0-1 scale).")


class BdmTrace(Result):
    options: BdmOptions = _f("Options of the run.")
    rounds_run: dict[str, int] = _f("Rounds run per issue.")
    median: dict[str, list[float]] = _f("Forecast (weighted median) after each round, per issue.")
    mean: dict[str, list[float]] = _f("Weighted mean position after each round, per issue.")
    positions: dict[str, dict[str, list[float]]] = _f("Position after each round, per issue, per actor.")


class SmpTrace(Result):
    turns: int = _f("Turns run.")
    probabilities: dict[str, list[float]] = _f("Probability of each actor's position winning, per turn.")
    positions: dict[str, dict[str, list[float]]] = _f("Position after each turn, per issue, per actor.")


class BargainingOutcome(Result):
    feasible: bool = _f("Whether some package gives every actor more than no deal.")
    gain: dict[str, float] = _f("Utility gain over no deal per actor.")


class EnsembleInterval(Result):
    coverage: float = _f("Nominal coverage of the interval.")
    interval: dict[str, tuple[float, float]] = _f("Interval [low, high] per issue.")
    weights: dict[str, float] = _f("Weight of each component model.")


class ForecastResult(Result):
    """``winset forecast --json``: point forecasts per model, with BDM/SMP trajectories."""

    _absent_if_unset = frozenset({"bdm", "smp", "bargaining", "ensemble"})
    scenario: ScenarioRef = _f("The scenario forecast.")
    models: dict[str, dict[str, float]] = _f("Point forecast per model, per issue.")
    bdm: BdmTrace | None = _opt("BDM trajectories (absent when BDM was not run).")
    smp: SmpTrace | None = _opt("SMP trajectories (absent when SMP was not run).")
    bargaining: dict[str, BargainingOutcome] | None = _opt(
        "Per bargaining solution (nash, ks, egalitarian) run; absent when none was."
    )
    ensemble: EnsembleInterval | None = _opt("The ensemble's prediction interval (absent unless it was run).")


# ---------------------------------------------------------------------------------------------------------
# winsets (winset.analysis.winsets.winset_report)
# ---------------------------------------------------------------------------------------------------------
Interval = tuple[Number, Number, bool, bool]
"""``[low, high, low_closed, high_closed]``."""


class WinsetRow1D(Result):
    body: str = _f("Body id.")
    issue: str = _f("Issue id.")
    rule: str = _f("Decision rule.")
    threshold: float = _f("Share needed to pass.")
    reversion: float = _f("Reversion point (no deal) on this issue.")
    winset: list[Interval] = _f("Terms where the body's vote passes: [low, high, low closed, high closed].")
    lets_through: list[Interval] = _f("Terms the body passes or need not ratify.")
    text: str = _f("The win-set as text.")
    text_through: str = _f("What the body lets through, as text.")


class WinsetVerdict2D(Result):
    space: str = _f("Declared space id.")
    body: str = _f("Body id.")
    issues: list[str] = _f("The two issues of the plane.")
    empty: bool = _f("Whether the win-set of the reversion point is empty in the plane.")
    exact: bool = _f("Whether the verdict is exact.")
    best_share: float = _f("Heaviest share of members that can gain together.")
    depth_share: float | None = _f("Tukey depth share of the reversion point (exact quadratic case).")
    direction: Range | None = _f("A direction into the win-set (Tukey path, non-empty).")
    witness: Range | None = _f("A point of the win-set (region path, non-empty).")
    method: str = _f("How the verdict was reached.")
    note: str = _f("Caveats.")


class ZopaSlice(Result):
    issue: str = _f("Issue id.")
    overlap: list[Range] = _f("Terms every veto player lets through, others at the reference.")
    kind: str = _f("deadlock, fixable, blocked_elsewhere or agreed.")
    gap: float = _f("Gap between the binding veto players' ranges.")
    binding: list[str] | None = _f("Veto players whose ranges do not overlap, else null.")
    blocked_by: list[str] = _f("Veto players that block whatever the term.")


class Zopa(Result):
    nonempty: bool = _f("Whether a package every veto player lets through was found.")
    exact: bool = _f("Whether the verdict is exact.")
    verdict: str = _f("The verdict as text.")
    witness: dict[str, float] | None = _f("A package in the ZOPA per issue, else null.")
    method: str = _f("How the ZOPA was searched.")
    samples: int = _f("Random packages tried.")
    seed: int = _f("Seed of the search.")
    reasons: list[str] = _f("Why the ZOPA is empty (when it is).")
    accepts_nothing: list[str] = _f("Veto players that accept no package found.")
    disjoint_pairs: list[tuple[str, str]] = _f("Pairs of veto players with no package both let through.")
    slices: list[ZopaSlice] = _f("Exact one-issue ZOPA per issue.")


class WinsetsResult(Result):
    """``winset winsets --json``."""

    scenario: str = _f("Scenario id.")
    reference: str = _f("Package the other issues are held at: reversion or a deal id.")
    instrument: str = _f("Instrument assumed for body applicability.")
    one_d: list[WinsetRow1D] = _f("Exact win-set per body and issue.")
    two_d: list[WinsetVerdict2D] = _f("2-D emptiness per declared space and body.")
    zopa: Zopa = _f("Zone of possible agreement across all veto players.")


# ---------------------------------------------------------------------------------------------------------
# search and repair (winset.analysis.search: SearchResult.as_dict, RepairResult.as_dict)
# ---------------------------------------------------------------------------------------------------------
class PackageBodyVote(Result):
    """One body's vote on a searched or repaired package (note: ``passes``, not ``passed``)."""

    id: str = _f("Body id.")
    name: str = _f("Body name.")
    rule: str = _f("Decision rule.")
    applies: bool = _f("Whether the instrument needs this body's approval.")
    yes_share: float = _f("Share of the weight voting yes.")
    threshold: float = _f("Share needed to pass.")
    passes: bool = _f("Whether the vote passes.")


class FrontierPoint(Result):
    label: str = _f("Which representative (best for an actor, Kalai-Smorodinsky, max total utility).")
    instrument: str = _f("Instrument.")
    package: dict[str, float] = _f("Term per issue id.")
    utility: dict[str, float] = _f("Utility per actor id.")


class NearMiss(Result):
    package: dict[str, float] = _f("Term per issue id.")
    instrument: str = _f("Instrument.")
    blocked_by: list[str] = _f("Veto players that block it.")


class SearchResult(Result):
    """``winset search --json``: the ratifiable package with the highest Nash product."""

    feasible: bool = _f("Whether a ratifiable package was found.")
    instrument: str = _f("Instrument of the best package ('' when none).")
    package: dict[str, float] | None = _f("Best package per issue id, else null.")
    nash_value: float | None = _f("Nash product of the best package, else null.")
    gains: dict[str, float] = _f("Utility gain over no deal per actor.")
    utility: dict[str, float] = _f("Utility of the best package per actor.")
    no_deal: dict[str, float] = _f("Utility of no deal per actor.")
    bodies: list[PackageBodyVote] = _f("Vote of every body on the best package.")
    frontier: list[FrontierPoint] = _f("Representative Pareto-optimal ratifiable packages.")
    frontier_size: int = _f("Points on the Pareto frontier.")
    n_candidates: int = _f("Candidate packages tested.")
    n_feasible: int = _f("Ratifiable candidates.")
    blockers: dict[str, int] = _f("Candidates each veto player blocks.")
    sole_blockers: dict[str, int] = _f("Candidates each veto player alone blocks.")
    method: str = _f("How the search was done.")
    reason: str = _f("Why nothing was found ('' when found).")
    near_miss: NearMiss | None = _f("The candidate blocked by fewest veto players, when none is ratifiable.")
    notes: list[str] = _f("Caveats.")
    concessions: dict[str, dict[str, float]] = _f(
        "Who concedes what in the best package: per actor id, per issue it cares about, the distance from its "
        "position (scale units; 0: it gets its way). Empty when nothing was found."
    )


class RepairChange(Result):
    issue: str = _f("Issue id.")
    name: str = _f("Issue name.")
    from_: float = Field(alias="from", description="Term of the deal.")
    to: float = _f("Repaired term.")
    delta: float = _f("Change.")


class SingleIssueRepair(Result):
    issue: str = _f("Issue id.")
    to: float = _f("Nearest term that makes the deal ratifiable, others unchanged.")
    delta: float = _f("Change.")
    distance: float = _f("Change as a share of the scale.")


class Concession(Result):
    utility_change: float = _f("u(repaired) - u(deal as written); negative: this actor concedes.")
    moves: dict[str, float] = _f(
        "Per changed issue: change in distance from its position (+ towards, - away)."
    )


class RepairResult(Result):
    """``winset repair --json``: the smallest change that makes a deal ratifiable."""

    deal: str = _f("Deal id.")
    instrument: str = _f("Instrument of the deal.")
    already_ratifiable: bool = _f("Whether the deal is ratifiable as it stands.")
    found: bool = _f("Whether a repair was found.")
    distance: float | None = _f("Share of each scale moved, summed; null when not found.")
    package: dict[str, float] | None = _f("Repaired package per issue id; null when not found.")
    changes: list[RepairChange] = _f("Issues changed.")
    single_issue: list[SingleIssueRepair] = _f("Exact one-issue repairs, nearest first.")
    blockers_before: list[str] = _f("Veto players blocking the deal as it stands.")
    method: str = _f("How the repair was searched.")
    reason: str = _f("Why nothing was found ('' when found).")
    bodies: list[PackageBodyVote] = _f("Vote of every body on the repaired package (empty when not found).")
    cost: str = _f("What the repair minimised: distance (share of each scale moved) or concessions.")
    concessions: dict[str, Concession] = _f(
        "Who concedes what, per actor id: utility change against the deal as written and, per changed issue, "
        "the move towards (+) or away from (-) its position (empty when not found or already ratifiable)."
    )


# ---------------------------------------------------------------------------------------------------------
# delay (winset.analysis.delay.DelayAnalysis.as_dict)
# ---------------------------------------------------------------------------------------------------------
class DelaySide(Result):
    name: str = _f("Side name.")
    members: list[str] = _f("Actor ids on this side.")
    delay_cost_per_week: float | None = _f("Utility lost per week of delay (null: not finite).")
    discount_factor_per_week: float | None = _f("Weekly discount factor (null: not given).")
    prize: float | None = _f("Utility gained from the other's concession instead of one's own.")
    demand: dict[str, float] = _f("Capability-weighted demand per issue id.")


class RubinsteinDiscount(Result):
    side1_proposes: list[float] = _f("Shares (side 1, side 2) when side 1 proposes first.")
    side2_proposes: list[float] = _f("Shares (side 1, side 2) when side 2 proposes first.")


class FixedCostSide1(Result):
    side1: list[float] = _f("Side 1's share: [low, high] (equal when unique).")
    case: str = _f("Which case of Rubinstein (1982).")
    unique: bool = _f("Whether the equilibrium partition is unique.")


class FixedCostSide2(Result):
    side2: list[float] = _f("Side 2's share: [low, high] (equal when unique).")
    case: str = _f("Which case of Rubinstein (1982).")
    unique: bool = _f("Whether the equilibrium partition is unique.")


class RubinsteinFixedCost(Result):
    side1_proposes: FixedCostSide1 = _f("Side 1 proposes first.")
    side2_proposes: FixedCostSide2 = _f("Side 2 proposes first (shares from side 2's point of view).")


class AttritionSummary(Result):
    expected_weeks: float | None = _f("Expected weeks to agreement (null: not finite).")
    median_weeks: float | None = _f("Median weeks to agreement.")
    p90_weeks: float | None = _f("90th percentile of weeks to agreement.")
    p_side1_concedes: float | None = _f("Probability that side 1 concedes first.")


class DelayResult(Result):
    """``winset delay --json``: who gains from waiting, and how long a war of attrition lasts."""

    scenario: str = _f("Scenario id.")
    note: str = _f("How the sides were formed.")
    pie: Number = _f("Size of the pie (utility).")
    sides: list[DelaySide] = _f("The two sides.")
    rubinstein_discount: RubinsteinDiscount | None = _f("Shares with discount factors; null when not given.")
    rubinstein_fixed_cost: RubinsteinFixedCost = _f("Shares with fixed weekly costs.")
    complete_information_delay_weeks: int = _f("Delay under complete information (always 0).")
    attrition: AttritionSummary = _f("Stationary war of attrition (Hendricks, Weiss & Wilson 1988).")
    expected_utility_cost: dict[str, float | None] = _f("Expected utility lost to delay per side name.")
    lives_per_week: float | None = _f("Lives lost per week of delay, when the scenario gives it.")
    expected_lives_lost: float | None = _f("Expected lives lost before agreement, when known.")


# ---------------------------------------------------------------------------------------------------------
# sweep (winset.uncertainty.SweepResult.to_json plus the CLI's one_big_issue)
# ---------------------------------------------------------------------------------------------------------
class UncertainInput(Result):
    path: str = _f("Dotted path of the number in the scenario.")
    value: Number = _f("Central value.")
    low: Number | None = _f("Lower end of the range, if given.")
    high: Number | None = _f("Upper end of the range, if given.")
    dist: str = _f("Distribution drawn from.")
    sd: Number | None = _f("Standard deviation, if given.")


class ForecastInterval(Result):
    point: float = _f("Forecast at the central values.")
    mean: float = _f("Mean across draws.")
    sd: float = _f("Standard deviation across draws.")
    q05: float = _f("5th percentile.")
    q25: float = _f("25th percentile.")
    q50: float = _f("Median.")
    q75: float = _f("75th percentile.")
    q95: float = _f("95th percentile.")


class BodyOdds(Result):
    """One body's vote on one deal across the draws of a sweep."""

    p_pass: float = _f("Share of draws in which the body passes the deal.")
    p_low: float = _f("Lower end of the 95 % Wilson interval of p_pass.")
    p_high: float = _f("Upper end of the 95 % Wilson interval of p_pass.")
    yes_share_point: float = _f("Expected yes share (of the votes cast) at the central values.")
    yes_share_mean: float = _f("Mean expected yes share across draws.")
    yes_share_q05: float = _f("5th percentile of the expected yes share.")
    yes_share_q50: float = _f("Median expected yes share.")
    yes_share_q95: float = _f("95th percentile of the expected yes share.")


class DealOdds(Result):
    _absent_if_unset = frozenset({"routes", "most_likely_route"})
    p_ratified: float = _f("Share of draws in which the deal is ratifiable.")
    se: float = _f("Binomial standard error of p_ratified.")
    ratifiable_at_point: bool = _f("Whether the deal is ratifiable at the central values.")
    p_blocked_by: dict[str, float] = _f("Share of draws each veto player blocks the deal.")
    bodies: dict[str, BodyOdds] = _f("P(pass) and the yes share of every body that must ratify the deal.")
    routes: dict[str, float] | None = _opt(
        "Share of draws in which each ratification route passes (with routes)."
    )
    most_likely_route: str | None = _opt("The route that passes in most draws (null: none ever passes).")


class Driver(Result):
    input: str = _f("Input path.")
    rho: float = _f("Spearman rank correlation with the output.")


class Sensitivity(Result):
    method: str = _f("How sensitivity is measured.")
    drivers: dict[str, list[Driver]] = _f(
        "Strongest drivers per output (model.issue, ratified.deal or yes_share.deal.body)."
    )


class TornadoRow(Result):
    input: str = _f("Input path.")
    low: Number = _f("Input at its low end.")
    high: Number = _f("Input at its high end.")
    at_low: float = _f("Output with the input at its low end.")
    at_high: float = _f("Output with the input at its high end.")
    swing: float = _f("at_high minus at_low.")


class LivesOverHorizon(Result):
    point: int = _f("Lives lost over the horizon at the central values.")
    mean: int = _f("Mean across draws.")
    q05: int = _f("5th percentile.")
    q25: int = _f("25th percentile.")
    q50: int = _f("Median.")
    q75: int = _f("75th percentile.")
    q95: int = _f("95th percentile.")


class BigIssueOdds(Result):
    reference: str = _f("'parties': the one big issue comes from the veto players, not from a deal.")
    draws: int = _f("Draws analysed.")
    seed: int = _f("Seed.")
    p: dict[str, float] = _f("Share of draws each issue (or 'none') is the one big issue.")
    se: dict[str, float] = _f("Binomial standard errors.")


class SweepResult(Result):
    """``winset sweep --json``: Monte Carlo sweep of every uncertain number."""

    _absent_if_unset = frozenset({"lives_over_horizon", "one_big_issue"})
    scenario: ScenarioRef = _f("The scenario swept.")
    draws: int = _f("Monte Carlo draws.")
    seed: int = _f("Random seed.")
    inputs: list[UncertainInput] = _f("Every uncertain number.")
    forecast: dict[str, dict[str, ForecastInterval]] = _f("Forecast intervals per model, per issue.")
    deals: dict[str, DealOdds] = _f("Odds of ratification per deal id.")
    sensitivity: Sensitivity = _f("What drives each output.")
    tornado: dict[str, list[TornadoRow]] = _f("One-at-a-time swings per output, largest first.")
    lives_over_horizon: LivesOverHorizon | None = _opt("Lives lost over the horizon (absent unless given).")
    one_big_issue: BigIssueOdds | None = _opt(
        "How often each issue is the one big issue (absent if skipped)."
    )


# ---------------------------------------------------------------------------------------------------------
# evaluate, pareto, senate history
# ---------------------------------------------------------------------------------------------------------
class Difference(Result):
    mean: float = _f("Mean absolute error minus the compromise model's, on the issues both forecast.")
    low: float = _f("2.5 % bootstrap percentile (proposals resampled).")
    high: float = _f("97.5 % bootstrap percentile.")


class GroupAccuracy(Result):
    mae: float | None = _f("Mean absolute error; null when the model applies to no issue.")
    mae_share: float | None = _f("Mean absolute error as a share of each issue's scale.")
    n: int = _f("Issues scored.")
    median: float | None = _f("Median absolute error.")
    within10: float | None = _f("Share of issues forecast within 10 % of the scale.")


class ModelAccuracy(GroupAccuracy):
    vs_compromise: Difference | None = _f("Paired bootstrap of the difference from the compromise model.")


class IssueAccuracy(Result):
    """One issue's outcome and each model's forecast (a model's key is absent when it was not run)."""

    _absent_if_unset = frozenset(
        {
            "compromise",
            "weighted_median",
            "bdm",
            "smp",
            "nash",
            "nash_eu",
            "procedural",
            "exchange",
            "ensemble",
        }
    )
    issue: str = _f("Issue id.")
    outcome: float = _f("Actual outcome.")
    scale: tuple[Number, Number] = _f("Scale [min, max].")
    compromise: float | None = _opt("Compromise forecast.")
    weighted_median: float | None = _opt("Weighted median forecast.")
    bdm: float | None = _opt("BDM forecast.")
    smp: float | None = _opt("SMP forecast.")
    nash: float | None = _opt("Nash forecast; null when the issue has no reference point.")
    nash_eu: float | None = _opt("Weighted Nash with a costly reference point; null without one.")
    procedural: float | None = _opt("Procedural model; null without a reference point or procedure.")
    exchange: float | None = _opt("Exchange model forecast.")
    ensemble: float | None = _opt("Ensemble forecast (shipped parameters).")


class HeldOut(Result):
    mae: float = _f("Mean absolute error of the held-out forecasts.")
    n: int = _f("Issues scored.")


class EnsembleFit(Result):
    weights: dict[str, float] = _f("Convex weight per component model.")
    costs: dict[str, float] = _f("Cost of no agreement of nash_eu and procedural inside the ensemble.")
    half_width: float = _f("Half-width of the 80 % interval, as a share of the scale.")
    model_costs: dict[str, float] = _f("Cost of no agreement of nash_eu and procedural as single models.")


class CrossValidation(Result):
    folds: int = _f("Outer folds (whole proposals).")
    inner: int = _f("Inner folds choosing the hyper-parameters.")
    seed: int = _f("Seed of the fold assignment.")
    issues: int = _f("Issues.")
    proposals: int = _f("Proposals.")
    models: dict[str, HeldOut] = _f("Held-out error per model.")
    coverage: float = _f("Share of held-out outcomes inside the ensemble's 80 % interval.")
    interval_width: float = _f("Mean width of the interval as a share of the scale.")
    per_fold: list[EnsembleFit] = _f("The ensemble fitted in each outer fold.")


class EvaluateResult(Result):
    """``winset evaluate --json`` (winset.studies.accuracy.evaluate)."""

    _absent_if_unset = frozenset({"cross_validation", "ensemble_fit"})
    models: dict[str, ModelAccuracy] = _f("Accuracy per model.")
    groups: dict[str, dict[str, GroupAccuracy]] = _f(
        "Accuracy per procedure (COD, CNS) and rule (QMV, Unan)."
    )
    issues: list[IssueAccuracy] = _f("Per issue.")
    cross_validation: CrossValidation | None = _opt("Cross-validation by proposal (--cross-validate).")
    ensemble_fit: EnsembleFit | None = _opt("The ensemble fitted on every issue (--fit-ensemble).")


class ParetoOutcome(Result):
    outcome: dict[str, str] = _f("Value per issue name.")
    utility: dict[str, float] = _f("Utility per party.")


class ParetoResult(Result):
    """``winset pareto --json``: frontier and bargaining points of an additive domain (a GENIUS domain or a
    scenario on a discrete grid; winset.analysis.pareto.domains.summarise)."""

    domain: str = _f("Domain (or scenario) name.")
    parties: list[str] = _f("Party (profile or actor) names.")
    bargaining_parties: list[str] = _f("Parties the Nash and Kalai-Smorodinsky points weigh (veto players).")
    issues: list[str] = _f("Issue names.")
    n_outcomes: int = _f("Outcomes in the domain (product of the issues' value counts).")
    method: str = _f("How the frontier was computed: the additive path or enumeration.")
    rational: int | None = _f("Individually rational outcomes; null on the additive path (never listed).")
    disagreement: dict[str, float] = _f("Disagreement utility per party.")
    frontier_size: int = _f("Pareto-optimal rational outcomes, one per utility vector.")
    frontier: list[ParetoOutcome] = _f("The best frontier outcomes by total utility (--top).")
    nash: ParetoOutcome | None = _f("Nash bargaining outcome; null when none is rational.")
    kalai_smorodinsky: ParetoOutcome | None = _f(
        "Kalai-Smorodinsky (1975): largest smallest normalised gain ('maxmin'); null when none is rational."
    )
    kalai_smorodinsky_spread: ParetoOutcome | None = _f(
        "Kalai-Smorodinsky as NegMAS 0.16 ks_points: smallest spread of normalised gains ('spread')."
    )
    ks_definitions: dict[str, str] = _f("The two Kalai-Smorodinsky definitions, by name.")
    max_welfare: ParetoOutcome | None = _f("Outcome of largest total utility; null when none is rational.")


class OutOfSample(Result):
    method: str = _f("How the out-of-sample prediction is made.")
    hits: int = _f("Roll calls predicted right.")
    hit_rate: float = _f("Share predicted right.")
    baseline_hits: int = _f("Right under always-pass.")
    beats_baseline: bool = _f("Whether it beats always-pass.")
    failures_caught: int = _f("Failed ratifications predicted to fail.")


class SenateSummary(Result):
    roll_calls: int = _f("Treaty roll calls.")
    scaled: int = _f("Roll calls with a cutting line.")
    hit_rate: float = _f("Share of roll calls predicted right.")
    hits: int = _f("Roll calls predicted right.")
    baseline_always_pass: float = _f("Hit rate of always predicting pass.")
    baseline_hits: int = _f("Hits of always predicting pass.")
    beats_baseline: bool = _f("Whether the prediction beats always-pass.")
    scaled_hits: int = _f("Hits on the scaled roll calls.")
    scaled_baseline_hits: int = _f("Always-pass hits on the scaled roll calls.")
    failures: int = _f("Failed ratifications.")
    failures_caught: int = _f("Failed ratifications predicted to fail.")
    vote_hit_rate: float = _f("Share of individual votes predicted right (scaled roll calls).")
    votes_scored: int = _f("Individual votes scored.")
    w2: Number = _f("Second-dimension weight of DW-NOMINATE distances.")
    in_sample: bool = _f("Whether the cutting lines were fitted to these votes (always true).")
    out_of_sample: OutOfSample = _f("Leave-one-out prediction.")


class ContestedRollCall(Result):
    congress: int = _f("Congress.")
    rollnumber: int = _f("Roll call number.")
    date: str = _f("Date of the vote.")
    actual: tuple[int, int] = _f("Actual yeas and nays.")
    predicted: tuple[int, int] = _f("Predicted yeas and nays.")
    actual_pass: bool = _f("Whether it passed at two thirds.")
    predicted_pass: bool = _f("Whether it was predicted to pass.")
    vote_hit_rate: float = _f("Share of individual votes predicted right (NaN when none scored).")
    description: str = _f("Treaty description (first 60 characters).")


class Score(Result):
    brier: float = _f("Brier score: mean squared error of P(yea) (lower is better).")
    log_loss: float = _f("Mean negative log-likelihood of the votes (lower is better; P clipped).")


class CalibrationBin(Result):
    low: float = _f("Lower end of the bin of predicted P(yea).")
    high: float = _f("Upper end of the bin.")
    votes: int = _f("Votes in the bin.")
    predicted: float = _f("Mean predicted P(yea) in the bin.")
    observed: float = _f("Observed yea share in the bin.")


class SenateCalibrationResult(Result):
    """``winset senate-history --calibration --json``: the member-level vote model against every vote."""

    method: str = _f("How the predictions are fitted out of sample.")
    votes: int = _f("Individual yea/nay votes scored.")
    roll_calls: int = _f("Roll calls.")
    yea_share: float = _f("Share of the votes that are yea.")
    log_loss_clip: float = _f("Predictions are clipped to [clip, 1 - clip] for the log-loss.")
    cohesion_range: tuple[float, float] = _f(
        "Smallest and largest cohesion fitted (one per left-out roll call)."
    )
    scores: dict[str, Score] = _f(
        "Per prediction (cohesion, cohesion_by_side, always_yea, deterministic_rule, base_rate)."
    )
    scaled_votes: int = _f("Votes on roll calls with a cutting line (not lopsided).")
    scores_scaled: dict[str, Score] = _f("The same scores on those votes only.")
    calibration: list[CalibrationBin] = _f("Votes binned by the cohesion model's P(yea).")


class SenateHistoryResult(Result):
    """``winset senate-history --json``."""

    summary: SenateSummary = _f("Overall accuracy.")
    contested: list[ContestedRollCall] = _f("Scaled roll calls and failures.")


# ---------------------------------------------------------------------------------------------------------
# validate and report (no JSON today: new shapes)
# ---------------------------------------------------------------------------------------------------------
class ValidationResult(Result):
    """``winset validate``: a valid scenario's size and its undocumented numbers."""

    _absent_if_unset = frozenset({"snapshots", "dates"})

    path: str = _f("Resolved path of the scenario file.")
    actors: int = _f("Number of actors.")
    issues: int = _f("Number of issues.")
    bodies: int = _f("Number of ratification bodies.")
    deals: int = _f("Number of deals.")
    undocumented: list[str] = _f("Judgement-based numbers with neither a source nor an assumption.")
    snapshots: int | None = _opt("Dated snapshots, the base included (absent without a timeline).")
    dates: list[str] | None = _opt("Date of every snapshot, the base first (absent without a timeline).")


class ReportResult(Result):
    """``winset report``: the HTML report written."""

    output: str = _f("Path of the report written.")
    bytes: int = _f("Size of the report in bytes.")
    draws: int = _f("Monte Carlo draws of the uncertainty section (0: left out).")


# ---------------------------------------------------------------------------------------------------------
# timeline (winset.services.timeline)
# ---------------------------------------------------------------------------------------------------------
class TimelineSnapshot(Result):
    """One dated snapshot: what changed, and the forecast, sticking points, ZOPA and deals as of that date."""

    date: str | None = _f("ISO date of the snapshot (null: a scenario without a date).")
    title: str = _f("Title of the snapshot ('base' for the scenario above its timeline).")
    note: str | None = _f("Note of the snapshot.")
    sources: list[str] = _f("The snapshot's own sources.")
    changes: list[str] = _f("What changed since the snapshot before, one line per change with its source.")
    forecast: dict[str, dict[str, float]] = _f("Point forecast per model of the default analysis, per issue.")
    sticking_points: StickingPoints = _f("Sticking points around the reference package.")
    zopa: Zopa = _f("Zone of possible agreement across all veto players (reference: the reversion).")
    deals: list[DealVerdict] = _f("Every deal on the table at this date.")
    odds: dict[str, DealOdds] = _f("Chance of ratification per deal id (Monte Carlo; empty when draws = 0).")


class TimelineResult(Result):
    """``winset timeline --json``: how the analysis moved from snapshot to snapshot."""

    scenario: ScenarioRef = _f("The scenario.")
    draws: int = _f("Monte Carlo draws per snapshot for the chance of ratification (0: left out).")
    seed: int = _f("Random seed.")
    snapshots: list[TimelineSnapshot] = _f("Every snapshot, the earliest first.")


RESULT_MODELS: tuple[type[Result], ...] = (
    AnalysisResult,
    ForecastResult,
    WinsetsResult,
    SearchResult,
    RepairResult,
    DelayResult,
    SweepResult,
    EvaluateResult,
    ParetoResult,
    SenateHistoryResult,
    ValidationResult,
    ReportResult,
    TimelineResult,
)
"""The top-level result of every use case."""

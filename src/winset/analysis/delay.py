"""The cost of delay: who gains from waiting, how long agreement may take, and what the wait costs.

Two sides bargain over a pie of size ``pie`` (by default 1, the whole 0-1 utility scale) in weekly rounds.

* :func:`rubinstein_discount`: alternating offers with weekly discount factors ``d1, d2`` (Rubinstein 1982,
  "Perfect equilibrium in a bargaining model", *Econometrica* 50(1): 97-109, Theorem / eq. for the
  stationary partition): the first proposer gets ``(1 - d2) / (1 - d1 d2)``, the responder the rest;
  agreement is immediate.
* :func:`rubinstein_fixed_cost`: the same game with fixed weekly costs ``c1, c2`` (Rubinstein 1982, the
  fixed-bargaining-cost case): if ``c1 < c2`` the first proposer (side 1) gets everything; if ``c1 > c2``
  side 1 gets only ``c2`` and side 2 the rest; if ``c1 = c2 = c`` every partition giving side 1 between
  ``c`` and the whole pie is an equilibrium (multiplicity).  The lower-cost side therefore gets all as
  proposer, and as responder all but one week of its *own* cost (the proposer keeps ``c2``, one week of the
  responder's cost).  Agreement is immediate.
* :func:`attrition`: with complete information both models predict agreement at once, so the expected delay
  is 0.  Real delay needs uncertainty; the simplest estimate is the stationary war of attrition (Maynard
  Smith 1974, *J. Theor. Biol.* 47: 209-221; Hendricks, Weiss & Wilson 1988, "The war of attrition in
  continuous time with complete information", *Int. Econ. Rev.* 29(4): 663-680; applied to delayed
  stabilisations by Alesina & Drazen 1991, *AER* 81(5): 1170-1188): each side concedes at a constant hazard
  that keeps the other indifferent between conceding and waiting, ``lambda_i = c_j / V_j`` (``V_j`` what side
  ``j`` gains by the other's concession instead of its own), so agreement comes at rate ``lambda_1 +
  lambda_2``: ``E[T] = 1 / (c_1/V_1 + c_2/V_2)`` weeks, exponentially distributed.  The cumulative human
  cost is ``lives_per_week x E[T]``.

:func:`two_sides` maps a scenario's actors to the two sides: by default the two actors with the largest
capability, or user-given coalitions (capability-weighted means of each member's weekly cost, discount factor
and position: an assumption, stated in the output).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from winset.scenario.compiled import Compiled
from winset.scenario.schema import Scenario
from winset.utility import actor_utilities


def rubinstein_discount(d1: np.ndarray | float, d2: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Rubinstein (1982) shares with discount factors: ``(proposer, responder) = ((1-d2)/(1-d1 d2), 1 - that)``.
    Broadcasts; ``d1 = d2 = 1`` (no impatience) is undefined and returns ``nan``."""
    d1 = np.asarray(d1, dtype=float)
    d2 = np.asarray(d2, dtype=float)
    den = 1.0 - d1 * d2
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(den > 0, (1.0 - d2) / den, np.nan)
    return x, 1.0 - x


@dataclass(frozen=True)
class FixedCostSplit:
    """Equilibrium partition(s) with fixed per-period costs; side 1 proposes first."""

    share1_low: float
    share1_high: float  # equal to share1_low when the equilibrium partition is unique
    unique: bool
    case: str

    @property
    def share2_low(self) -> float:
        return 1.0 - self.share1_high

    @property
    def share2_high(self) -> float:
        return 1.0 - self.share1_low


def rubinstein_fixed_cost(c1: float, c2: float, pie: float = 1.0) -> FixedCostSplit:
    """Rubinstein (1982) perfect-equilibrium partitions with fixed per-period costs ``c1, c2`` (in the units of
    ``pie``; side 1 proposes first).  Shares are returned as fractions of the pie.

    * ``c1 < c2``: unique, side 1 gets the whole pie;
    * ``c1 > c2``: unique, side 1 gets ``c2`` (one period of the other's cost), side 2 the rest;
    * ``c1 = c2 = c``: every share of side 1 in ``[c, 1]`` (multiplicity).

    Costs at or above the pie leave the responder's threat empty; shares are clipped to ``[0, 1]``.
    """
    if pie <= 0:
        raise ValueError("pie must be positive")
    a, b = c1 / pie, c2 / pie
    if np.isclose(a, b, rtol=0, atol=1e-15):
        lo = float(min(max(a, 0.0), 1.0))
        return FixedCostSplit(lo, 1.0, unique=lo >= 1.0, case="equal costs: multiple equilibria")
    if a < b:
        return FixedCostSplit(1.0, 1.0, unique=True, case="proposer has the lower cost: takes all")
    s = float(min(max(b, 0.0), 1.0))
    return FixedCostSplit(
        s,
        s,
        unique=True,
        case="responder has the lower cost: proposer keeps one period of the responder's cost",
    )


@dataclass(frozen=True)
class Attrition:
    """Stationary war of attrition between two sides (weeks)."""

    rate1: np.ndarray  # weekly hazard of side 1 conceding
    rate2: np.ndarray
    expected_weeks: np.ndarray
    median_weeks: np.ndarray
    p90_weeks: np.ndarray
    p_side1_concedes: np.ndarray


def attrition(
    c1: np.ndarray | float, c2: np.ndarray | float, v1: np.ndarray | float, v2: np.ndarray | float
) -> Attrition:
    """Concession hazards ``lambda_1 = c_2 / V_2`` and ``lambda_2 = c_1 / V_1`` (each keeps the other side
    indifferent between conceding now and waiting: ``c_j dt = lambda_i V_j dt``), time to agreement
    ``T ~ Exp(lambda_1 + lambda_2)``: mean ``1/Lambda``, median ``ln 2/Lambda``, 90th percentile
    ``ln 10/Lambda``.  Hendricks, Weiss & Wilson (1988), stationary equilibrium.  Broadcasts."""
    c1, c2, v1, v2 = (np.asarray(x, dtype=float) for x in (c1, c2, v1, v2))
    with np.errstate(divide="ignore", invalid="ignore"):
        lam1 = np.where(v2 > 0, c2 / v2, np.inf)
        lam2 = np.where(v1 > 0, c1 / v1, np.inf)
        tot = lam1 + lam2
        mean = np.where(tot > 0, 1.0 / tot, np.inf)
        p1 = np.where(tot > 0, lam1 / tot, 0.5)
    return Attrition(
        rate1=lam1,
        rate2=lam2,
        expected_weeks=mean,
        median_weeks=np.log(2) * mean,
        p90_weeks=np.log(10) * mean,
        p_side1_concedes=p1,
    )


# ---------------------------------------------------------------------------------------------------------
# scenario mapping
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Side:
    name: str
    members: tuple[str, ...]
    delay_cost: float  # utility per week
    discount: float  # weekly discount factor (nan: not given)
    position: np.ndarray  # (k,) capability-weighted demand
    prize: float  # utility the side gains from the other's concession instead of its own


@dataclass(frozen=True)
class DelayAnalysis:
    side1: Side
    side2: Side
    pie: float
    discount_split: tuple[float, float] | None  # side 1 proposing first
    discount_split_responder: tuple[float, float] | None  # side 2 proposing first (side 1's share, side 2's)
    fixed_split: FixedCostSplit  # side 1 proposing first
    fixed_split_responder: FixedCostSplit  # side 2 proposing first (from side 2's point of view)
    attrition: Attrition
    lives_per_week: float | None
    note: str

    @property
    def expected_lives(self) -> float | None:
        if self.lives_per_week is None:
            return None
        return float(self.lives_per_week * self.attrition.expected_weeks)

    def as_dict(self, scenario_id: str, issue_ids: Sequence[str]) -> dict[str, Any]:
        """JSON-ready (non-finite numbers as ``None``): what ``winset delay --json`` prints and the API returns."""

        def f(x: Any) -> float | None:
            x = float(x)
            return x if x == x and abs(x) != float("inf") else None

        s1, s2, at = self.side1, self.side2, self.attrition
        fs, fr = self.fixed_split, self.fixed_split_responder
        return {
            "scenario": scenario_id,
            "note": self.note,
            "pie": self.pie,
            "sides": [
                {
                    "name": s.name,
                    "members": list(s.members),
                    "delay_cost_per_week": f(s.delay_cost),
                    "discount_factor_per_week": f(s.discount),
                    "prize": f(s.prize),
                    "demand": dict(zip(issue_ids, map(float, s.position), strict=True)),
                }
                for s in (s1, s2)
            ],
            "rubinstein_discount": None
            if self.discount_split is None
            else {
                "side1_proposes": list(self.discount_split),
                "side2_proposes": list(self.discount_split_responder or ()),
            },
            "rubinstein_fixed_cost": {
                "side1_proposes": {
                    "side1": [fs.share1_low, fs.share1_high],
                    "case": fs.case,
                    "unique": fs.unique,
                },
                "side2_proposes": {
                    "side2": [fr.share1_low, fr.share1_high],
                    "case": fr.case,
                    "unique": fr.unique,
                },
            },
            "complete_information_delay_weeks": 0,
            "attrition": {
                "expected_weeks": f(at.expected_weeks),
                "median_weeks": f(at.median_weeks),
                "p90_weeks": f(at.p90_weeks),
                "p_side1_concedes": f(at.p_side1_concedes),
            },
            "expected_utility_cost": {
                s.name: f(s.delay_cost * float(at.expected_weeks)) if s.delay_cost > 0 else 0.0
                for s in (s1, s2)
            },
            "lives_per_week": self.lives_per_week,
            "expected_lives_lost": self.expected_lives,
        }


def _weighted(values: np.ndarray, w: np.ndarray) -> float:
    ok = np.isfinite(values)
    if not ok.any() or w[ok].sum() <= 0:
        return float("nan")
    return float((values[ok] * w[ok]).sum() / w[ok].sum())


def two_sides(
    c: Compiled, side1: Sequence[str] | None = None, side2: Sequence[str] | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two sides: given coalitions, else the two actors with the largest capability."""
    if side1 and side2:
        s1, s2 = tuple(side1), tuple(side2)
    else:
        order = np.argsort(-c.capability, kind="stable")
        top = [c.actor_ids[i] for i in order]
        if side1:
            s1 = tuple(side1)
            s2 = tuple(side2) if side2 else (next(a for a in top if a not in s1),)
        elif side2:
            s2 = tuple(side2)
            s1 = (next(a for a in top if a not in s2),)
        else:
            s1, s2 = (top[0],), (top[1],)
    unknown = [a for a in s1 + s2 if a not in c.actor_ids]
    if unknown:
        raise KeyError(", ".join(unknown))
    if set(s1) & set(s2):
        raise ValueError(f"an actor cannot be on both sides: {', '.join(sorted(set(s1) & set(s2)))}")
    return s1, s2


def analyse_delay(
    sc: Scenario,
    c: Compiled,
    side1: Sequence[str] | None = None,
    side2: Sequence[str] | None = None,
    pie: float = 1.0,
) -> DelayAnalysis:
    """Map the scenario to two sides and apply the three models.  Each side's weekly cost, discount factor and
    demand are capability-weighted means over its actors (assumption); its prize ``V`` is the
    capability-weighted mean over its actors of ``u(own demand) - u(other side's demand)``."""
    if c.batch_shape:
        raise ValueError("analyse_delay works on one scenario draw")
    declared = sc.cost_of_delay.sides if sc.cost_of_delay and sc.cost_of_delay.sides else None
    from_scenario = not (side1 or side2) and declared is not None
    if from_scenario:
        assert declared is not None
        side1, side2 = declared
    s1, s2 = two_sides(c, side1, side2)
    idx = [np.array([c.actor_index(a) for a in s]) for s in (s1, s2)]
    cap = c.capability
    demands = [(c.positions[i] * cap[i, None]).sum(0) / cap[i].sum() for i in idx]
    u = actor_utilities(np.stack(demands), c.positions, c.salience, c.span, c.shape)  # (2, n)
    sides = []
    for j, (names, i) in enumerate(zip((s1, s2), idx, strict=True)):
        prize = _weighted(u[j, i] - u[1 - j, i], cap[i])
        sides.append(
            Side(
                name="+".join(names),
                members=names,
                delay_cost=_weighted(c.delay_cost[i], cap[i]),
                discount=_weighted(c.discount[i], cap[i]),
                position=demands[j],
                prize=prize,
            )
        )
    a, b = sides
    disc = resp = None
    if np.isfinite(a.discount) and np.isfinite(b.discount):
        x, y = rubinstein_discount(a.discount, b.discount)
        disc = (float(x), float(y))
        x2, y2 = rubinstein_discount(b.discount, a.discount)
        resp = (float(y2), float(x2))
    cod = sc.cost_of_delay
    lives = cod.lives_per_week.value if cod and cod.lives_per_week else None
    note = (
        "sides declared in the scenario (cost_of_delay.sides)"
        if from_scenario
        else "two largest actors by capability"
        if not (side1 or side2)
        else "sides chosen by the user"
    )
    if len(s1) + len(s2) > 2:
        note += "; coalition values are capability-weighted means of their actors"
    return DelayAnalysis(
        side1=a,
        side2=b,
        pie=pie,
        discount_split=disc,
        discount_split_responder=resp,
        fixed_split=rubinstein_fixed_cost(a.delay_cost, b.delay_cost, pie),
        fixed_split_responder=rubinstein_fixed_cost(b.delay_cost, a.delay_cost, pie),
        attrition=attrition(a.delay_cost, b.delay_cost, a.prize, b.prize),
        lives_per_week=lives,
        note=note,
    )

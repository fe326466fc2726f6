"""The legal range of every kind of number in a scenario, defined once.

Both the loader (:func:`winset.scenario.loader.cross_check`, the quota validator in
:mod:`winset.scenario.schema`) and the Monte Carlo sampler (:mod:`winset.uncertainty.sampling`) read these
domains, so a value the loader accepts is never clipped by the sampler, and a draw is never a value the
loader would reject.  :func:`domain_of` maps the path of a quantity in a scenario (the sampler's
``("actors", "US", "capability")`` or the loader's ``("actors", 0, "capability")``) to its domain.

=========================  ===============  ======================================================
quantity                   domain           why
=========================  ===============  ======================================================
positions, ideal points,   issue scale      a point outside ``[scale.min, scale.max]`` has no meaning
terms, reversion (shared
and own), red-line bounds
capability                 ``[0, L]``       leverage; zero means no say in the forecasts
salience (actor, body,     ``[0, L]``       weight of an issue; zero means indifferent
member)
risk exponent              ``(0, L]``       ``u ** r`` needs ``r > 0``
delay cost per week        ``[0, L]``       utility lost per week without a deal
discount factor per week   ``(0, 1)``       alternating-offers bargaining needs ``0 < delta < 1``
member weight              ``[0, L]``       voting weight
quota                      ``(0, 1]``       share of the body's weight a deal needs
no-deal cost (actor,       ``[-L, L]``      utility lost with no deal; negative: the party gains
member)
member cohesion, turnout   ``[0, 1]``       share of a bloc that follows its utility; share that votes
turnout, approval quorum   ``(0, 1]``       share of the electorate that must vote; that must vote yes
lives per week, horizon    ``[0, L]``       counts of lives and of weeks
=========================  ===============  ======================================================

``L`` is :data:`LARGEST` (``1e30``): no number is infinite, and none is so large that the models' products
overflow.  An issue scale's ends obey the same limit (:class:`winset.scenario.schema.Scale`).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from winset.scenario.schema import Scenario

Path = tuple[str | int, ...]

LARGEST = 1e30
"""The largest magnitude of any number in a scenario (and of an issue scale's ends).

The models multiply a few numbers together (capability × salience × position, squared distances × salience ×
weight) and sum them over actors and members: with every factor at most ``1e30`` such products stay below
``1e300``, far from the float limit (``1.8e308``), whereas a capability of ``1e308`` overflowed to ``inf``.  No
real input comes near it (world GDP in dollars is about ``1e14``, the world's population ``8e9``).  Every domain
is limited to ``±LARGEST`` (:meth:`Domain.contains`, :attr:`Domain.closed_bounds`), so the loader, the sampler
and the what-if overrides all refuse larger numbers, and the infinities with them.  A domain's ``upper`` stays
``inf`` where the quantity has no bound of its own (a slider can still tell the two apart)."""


@dataclass(frozen=True)
class Domain:
    """The legal values of one kind of number: ``lower``..``upper``, each end open or closed."""

    name: str
    label: str
    """How loader messages name the number ("risk exponent must be in (0, 1e+30], got 0")."""
    lower: float = -math.inf
    upper: float = math.inf
    """An infinite end means no bound but :data:`LARGEST` (``contains``, ``interval`` and ``closed_bounds``
    apply it), so a presenter can tell a real bound (``isfinite``) from the size limit."""
    open_lower: bool = False
    open_upper: bool = False
    description: str = ""

    def contains(self, x: float) -> bool:
        if not (math.isfinite(x) and abs(x) <= LARGEST):
            return False
        ok_lo = x > self.lower if self.open_lower else x >= self.lower
        ok_hi = x < self.upper if self.open_upper else x <= self.upper
        return ok_lo and ok_hi

    @property
    def unbounded(self) -> bool:
        """No limit but the largest magnitude :data:`LARGEST`."""
        return self.lower == -math.inf and self.upper == math.inf

    @property
    def interval(self) -> str:
        """``(0, 1]``, ``[0, 1e+30]``: the domain as the loader's messages print it."""
        left = "(" if self.open_lower else "["
        right = ")" if self.open_upper else "]"
        lo, hi = max(self.lower, -LARGEST), min(self.upper, LARGEST)
        return f"{left}{lo:g}, {hi:g}{right}"  # [0, 1e+30]

    @property
    def closed_bounds(self) -> tuple[float, float]:
        """The smallest closed float interval holding exactly the domain's floats (the sampler clips to it).

        An open end moves to the next representable float inside the domain, so for every float ``x``,
        ``contains(x)`` is ``lo <= x <= hi``.
        """
        lo = math.nextafter(self.lower, math.inf) if self.open_lower else self.lower
        hi = math.nextafter(self.upper, -math.inf) if self.open_upper else self.upper
        return (max(lo, -LARGEST), min(hi, LARGEST))

    def on_scale(self, lower: float, upper: float) -> Domain:
        """This domain with the ends of an issue scale."""
        return dataclasses.replace(self, lower=lower, upper=upper)


SCALE = Domain(
    "scale", "a value", description="A point on an issue scale (positions, ideals, terms, reversion)."
)
CAPABILITY = Domain("capability", "capability", 0.0, description="An actor's leverage over the outcome.")
SALIENCE = Domain("salience", "salience", 0.0, description="How much an issue matters (actor, body, member).")
RISK = Domain(
    "risk", "risk exponent", 0.0, open_lower=True, description="Risk attitude exponent (1 neutral)."
)
DELAY_COST = Domain(
    "delay_cost_per_week", "delay cost", 0.0, description="Utility an actor loses per week without a deal."
)
DISCOUNT = Domain(
    "discount_factor_per_week",
    "discount factor",
    0.0,
    1.0,
    open_lower=True,
    open_upper=True,
    description="Weekly discount factor for alternating-offers bargaining.",
)
WEIGHT = Domain("weight", "weight", 0.0, description="A member's voting weight.")
QUOTA = Domain(
    "quota", "quota", 0.0, 1.0, open_lower=True, description="Share of a body's weight a deal needs."
)
NO_DEAL_COST = Domain(
    "no_deal_cost",
    "no-deal cost",
    description="Utility an actor or member loses with no deal; negative when it is better off without one.",
)
LEGITIMACY_COST = Domain(
    "legitimacy_cost",
    "legitimacy cost",
    description="Utility a party loses when a deal is ratified by a route that bypasses voters.",
)
COHESION = Domain(
    "cohesion",
    "cohesion",
    0.0,
    1.0,
    description="Share of a bloc that votes as its utility says; the rest votes the other way.",
)
TURNOUT = Domain("turnout", "turnout", 0.0, 1.0, description="Share of a bloc that votes.")
QUORUM = Domain(
    "quorum",
    "quorum",
    0.0,
    1.0,
    open_lower=True,
    description="Share of the electorate that must vote (turnout quorum) or vote yes (approval quorum).",
)
LIVES = Domain("lives_per_week", "lives per week", 0.0, description="Lives lost per week of waiting.")
HORIZON = Domain("horizon_weeks", "horizon (weeks)", 0.0, description="Weeks of waiting priced in.")

DOMAINS: tuple[Domain, ...] = (
    SCALE,
    CAPABILITY,
    SALIENCE,
    RISK,
    DELAY_COST,
    DISCOUNT,
    WEIGHT,
    QUOTA,
    NO_DEAL_COST,
    LEGITIMACY_COST,
    COHESION,
    TURNOUT,
    QUORUM,
    LIVES,
    HORIZON,
)
"""Every domain, one per kind of number."""

_ACTOR = {"capability": CAPABILITY, "risk": RISK, "delay_cost_per_week": DELAY_COST}
_ACTOR |= {"discount_factor_per_week": DISCOUNT, "no_deal_cost": NO_DEAL_COST}
_MEMBER = {"weight": WEIGHT, "no_deal_cost": NO_DEAL_COST, "cohesion": COHESION, "turnout": TURNOUT}
_MAPS = {"positions": SCALE, "terms": SCALE, "ideal": SCALE, "salience": SALIENCE}


def kind_of(path: Path) -> tuple[Domain, str | None]:
    """The domain of the quantity at ``path`` and, for a point on an issue scale, the issue id.

    A red line's bound ends in ``("value", issue)``: ``("actors", "RU", "red_lines", 0, "value", "control")``,
    ``("actors", "RU", "red_lines", 1, "any_of", 0, "value", "nato")``.

    The domain of a point on a scale is :data:`SCALE` with infinite ends; :func:`domain_of` puts in the
    issue's own ends.  Raises ``KeyError`` for a path that names no quantity.
    """
    match path:
        case ("reversion", issue) | ("actors", _, "reversion", issue):
            return SCALE, str(issue)
        case ("bodies", _, "members", _, "reversion", issue):
            return SCALE, str(issue)
        case ("actors", _, "red_lines", *_, "value", issue):
            return SCALE, str(issue)
        case ("bodies", _, "members", _, "red_lines", *_, "value", issue):
            return SCALE, str(issue)
        case ("actors", _, "positions" | "salience" as m, issue) | ("deals", _, "terms" as m, issue):
            return _MAPS[m], (str(issue) if _MAPS[m] is SCALE else None)
        case ("actors", _, field) if field in _ACTOR:
            return _ACTOR[str(field)], None
        case ("bodies", _, "quota"):
            return QUOTA, None
        case ("bodies", _, "turnout_quorum" | "approval_quorum"):
            return QUORUM, None
        case ("bodies", _, "salience", _):
            return SALIENCE, None
        case ("bodies", _, "members", _, field) if field in _MEMBER:
            return _MEMBER[str(field)], None
        case ("bodies", _, "members", _, "ideal" | "salience" as m, issue):
            return _MAPS[m], (str(issue) if _MAPS[m] is SCALE else None)
        case ("deals", _, "routes", _, "legitimacy_cost", _):
            return LEGITIMACY_COST, None
        case ("deals", _, "declarations", _, "terms", issue):
            return SCALE, str(issue)
        case ("deals", _, "routes", _, "declarations", _, "terms", issue):
            return SCALE, str(issue)
        case ("cost_of_delay", "lives_per_week"):
            return LIVES, None
        case ("cost_of_delay", "horizon_weeks"):
            return HORIZON, None
    raise KeyError(f"no quantity at {'.'.join(str(p) for p in path)}")


def domain_of(sc: Scenario, path: Path) -> Domain:
    """The domain of the quantity at ``path`` in ``sc`` (a point on an issue takes that issue's scale)."""
    dom, issue = kind_of(path)
    if issue is None:
        return dom
    s = sc.issue(issue).scale
    return dom.on_scale(s.min, s.max)


# ---------------------------------------------------------------------------------------------------------
# the precision of an issue scale
# ---------------------------------------------------------------------------------------------------------
SCALE_RESOLUTION = 1e-4
"""A point on an issue scale is meaningful to 1/10,000 of the scale's span, rounded up to a power of ten (0.01 on
a 0-100 or a 1978-2030 scale, 0.0001 on 0-1, whole units on 0-1,000,000): interval ends found by solving utilities carry floating-point dust far below
it (``3.553e-15`` for 0), and a repair that moves an issue by less than it changes nothing."""


def scale_decimals(lo: float, hi: float) -> int:
    """Decimals that show a point of the scale ``[lo, hi]`` to :data:`SCALE_RESOLUTION` of its span.

    >>> scale_decimals(0, 100), scale_decimals(0, 1), scale_decimals(1978, 2030), scale_decimals(0, 1e6)
    (2, 4, 2, 0)
    """
    span = float(hi) - float(lo)
    if not (span > 0 and math.isfinite(span)):
        return 4
    # the decimals of the power of ten at or above span * SCALE_RESOLUTION (0.01 for spans 10 < s <= 100)
    return max(0, round(-math.log10(SCALE_RESOLUTION)) - math.ceil(math.log10(span) - 1e-12))


def round_on_scale(x: float, lo: float, hi: float) -> float:
    """``x`` rounded to the precision of the scale ``[lo, hi]`` (never ``-0.0``).

    >>> round_on_scale(3.552713678800501e-15, 0, 100), round_on_scale(-0.0021, 0, 100), round_on_scale(24.599999999999994, 0, 100)
    (0.0, 0.0, 24.6)
    """
    return round(float(x), scale_decimals(lo, hi)) + 0.0


def text_on_scale(x: float, lo: float, hi: float) -> str:
    """``x`` as text at the precision of the scale ``[lo, hi]``, without trailing zeros: what every presenter
    shows (:func:`winset.formatting.fmt_on_scale` is this function).

    >>> text_on_scale(3.552713678800501e-15, 0, 100), text_on_scale(55.8333, 0, 100), text_on_scale(1999.0, 1978, 2030)
    ('0', '55.83', '1999')
    """
    v = round_on_scale(x, lo, hi)
    if not math.isfinite(v):
        return str(v)
    s = f"{v:.{scale_decimals(lo, hi)}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s

"""The array form of a scenario, used by every model.

Arrays may carry leading batch axes (Monte Carlo draws): ``positions`` has shape ``(*batch, n_actors,
n_issues)``, ``capability`` ``(*batch, n_actors)`` and so on.  Every analysis function broadcasts over
those leading axes, so one call evaluates thousands of draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from winset.scenario.redlines import RedLines, compile_red_lines
from winset.scenario.routes import CompiledRoute, compile_routes
from winset.scenario.schema import Body, Quantity, Scenario

ValueOf = Callable[[Quantity, tuple[str | int, ...]], "float | np.ndarray"]


def point_value(q: Quantity, path: tuple[str | int, ...]) -> float:
    """The default reading of a quantity: its central ``value``."""
    return q.value


@dataclass(frozen=True)
class CompiledBody:
    id: str
    name: str
    actor: str | None
    rule: str
    threshold: np.ndarray  # (*batch,) share of weight needed
    member_ids: tuple[str, ...]
    weights: np.ndarray  # (*batch, m)
    ideal: np.ndarray  # (*batch, m, k); zero where the member has no ideal point
    salience: np.ndarray  # (*batch, m, k); zero where the member does not care
    shape: float  # loss exponent of every member: 2 quadratic (default), 1 linear
    no_deal_cost: np.ndarray  # (*batch, m) utility each member loses with no deal
    instruments: tuple[str, ...] | None = None  # applies only to deals in these instruments (None: any)
    conditions: tuple[tuple[int, str, float], ...] = ()  # (issue index, op, value): applies if any holds
    # probabilistic ratification (None: today's deterministic vote, cohesion 1, turnout 1, no quorum)
    cohesion: np.ndarray | None = None  # (*batch, m) share of each bloc that follows its utility
    turnout: np.ndarray | None = None  # (*batch, m) share of each bloc that votes
    turnout_quorum: np.ndarray | None = None  # (*batch,) share of the electorate that must vote
    approval_quorum: np.ndarray | None = None  # (*batch,) share of the electorate that must vote yes
    communities: tuple[str, ...] = ()  # community names (concurrent majorities), empty: not concurrent
    community_of: tuple[int, ...] = ()  # (m,) index into ``communities`` of each member
    reversion: np.ndarray | None = (
        None  # (*batch, m, k) each member's own no-deal point; None: the shared one
    )
    red_lines: RedLines | None = None  # the members' red lines (parties = members); None: no member has one
    advisory: bool = False  # in a route the vote blocks nothing (bodies that follow it take its result)
    follows: str | None = None  # id of the body whose result this one takes in a route

    def member_reversion(self, shared: np.ndarray) -> np.ndarray:
        """Each member's no-deal point, ``(*batch, m, k)`` (or ``(*batch, 1, k)`` when all share ``shared``)."""
        return np.asarray(shared)[..., None, :] if self.reversion is None else self.reversion


def _conditions(body: Body, iids: list[str]) -> tuple[tuple[int, str, float], ...]:
    """A body's ``applies_when.any_of`` as (issue index, op, value); ``changed`` has value nan."""
    return tuple(
        (iids.index(c.issue), c.op, float("nan") if c.value is None else float(c.value))
        for c in body.applies_when.any_of or []
    )


def _vote_model(body: Body, v: ValueOf, b: tuple[int, ...]) -> dict[str, Any]:
    """The probabilistic-ratification arrays of ``body`` (cohesion, turnout, quorums, communities); the
    arrays are left out (None: the deterministic vote) where the scenario does not state them."""
    base = ("bodies", body.id)
    out: dict[str, Any] = {}
    for name in ("cohesion", "turnout"):
        qs = [getattr(m, name) for m in body.members]
        if any(q is not None for q in qs):
            out[name] = _stack(
                [
                    1.0 if q is None else v(q, base + ("members", m.id, name))
                    for m, q in zip(body.members, qs, strict=True)
                ],
                b,
            )
    for name in ("turnout_quorum", "approval_quorum"):
        q = getattr(body, name)
        if q is not None:
            out[name] = np.broadcast_to(np.asarray(v(q, base + (name,)), dtype=float), b).copy()
    if body.concurrent:
        names = tuple(dict.fromkeys(m.community or m.id for m in body.members))
        out["communities"] = names
        out["community_of"] = tuple(names.index(m.community or m.id) for m in body.members)
    return out


@dataclass(frozen=True)
class Compiled:
    issue_ids: tuple[str, ...]
    actor_ids: tuple[str, ...]
    deal_ids: tuple[str, ...]
    lo: np.ndarray  # (k,)
    hi: np.ndarray  # (k,)
    positions: np.ndarray  # (*batch, n, k)
    salience: np.ndarray  # (*batch, n, k)
    capability: np.ndarray  # (*batch, n)
    risk: np.ndarray  # (*batch, n)
    shape: np.ndarray  # (n,) exponent of the distance loss: 1 linear, 2 quadratic
    delay_cost: np.ndarray  # (*batch, n) utility per week; 0 where not given
    discount: np.ndarray  # (*batch, n) weekly discount factor; nan where not given
    horizon_weeks: np.ndarray  # (*batch,) weeks of delay priced into the no-deal utility
    reversion: np.ndarray  # (*batch, k)
    deals: np.ndarray  # (*batch, d, k)
    instruments: tuple[str, ...]
    bodies: tuple[CompiledBody, ...]
    veto_players: tuple[str, ...]
    batch_shape: tuple[int, ...] = ()
    actor_reversion: np.ndarray | None = None  # (*batch, n, k) each actor's own no-deal point; None: shared
    no_deal_cost: np.ndarray | None = None  # (*batch, n) utility each actor loses with no deal; None: 0
    red_lines: RedLines | None = None  # the actors' red lines (parties = actors); None: no actor has one
    deal_routes: tuple[tuple[CompiledRoute, ...], ...] = ()  # per deal its ratification routes

    @property
    def routed(self) -> bool:
        """Whether ratification goes by routes (a deal lists ``routes`` or declarations, or a body is advisory
        or follows another): :mod:`winset.analysis.routes` decides; otherwise today's rule, unchanged."""
        return any(
            not (len(r) == 1 and r[0].default and not r[0].declarations) for r in self.deal_routes
        ) or any(b.advisory or b.follows for b in self.bodies)

    @property
    def own_reversions(self) -> bool:
        """Whether some actor or member has its own no-deal point (the win-set fast paths assume one ``r``)."""
        return self.actor_reversion is not None or any(b.reversion is not None for b in self.bodies)

    def reversion_of_actors(self) -> np.ndarray:
        """Each actor's no-deal point, ``(*batch, n, k)`` (or ``(*batch, 1, k)`` when all share one)."""
        return self.reversion[..., None, :] if self.actor_reversion is None else self.actor_reversion

    @property
    def span(self) -> np.ndarray:
        return self.hi - self.lo

    @property
    def no_deal_penalty(self) -> np.ndarray:
        """Utility each actor loses in the no-deal state, beyond its no-deal point: weekly delay cost x horizon
        plus its ``no_deal_cost``, ``(*batch, n)``."""
        pen = self.delay_cost * self.horizon_weeks[..., None]
        return pen if self.no_deal_cost is None else pen + self.no_deal_cost

    def draw(self, j: int) -> Compiled:
        """Draw ``j`` of a scenario compiled with a one-dimensional batch, as an unbatched :class:`Compiled`."""
        if len(self.batch_shape) != 1:
            raise ValueError(f"draw() needs a one-dimensional batch, this one is {self.batch_shape}")

        def pick(a: np.ndarray, core: int) -> np.ndarray:
            a = np.asarray(a)
            return a[j] if a.ndim > core else a

        bodies = tuple(
            replace(
                b,
                threshold=pick(b.threshold, 0),
                weights=pick(b.weights, 1),
                ideal=pick(b.ideal, 2),
                salience=pick(b.salience, 2),
                no_deal_cost=pick(b.no_deal_cost, 1),
                cohesion=None if b.cohesion is None else pick(b.cohesion, 1),
                turnout=None if b.turnout is None else pick(b.turnout, 1),
                turnout_quorum=None if b.turnout_quorum is None else pick(b.turnout_quorum, 0),
                approval_quorum=None if b.approval_quorum is None else pick(b.approval_quorum, 0),
                reversion=None if b.reversion is None else pick(b.reversion, 2),
                red_lines=None if b.red_lines is None else b.red_lines.draw(j),
            )
            for b in self.bodies
        )
        return replace(
            self,
            positions=pick(self.positions, 2),
            salience=pick(self.salience, 2),
            capability=pick(self.capability, 1),
            risk=pick(self.risk, 1),
            delay_cost=pick(self.delay_cost, 1),
            discount=pick(self.discount, 1),
            horizon_weeks=pick(self.horizon_weeks, 0),
            reversion=pick(self.reversion, 1),
            deals=pick(self.deals, 2),
            bodies=bodies,
            batch_shape=(),
            actor_reversion=None if self.actor_reversion is None else pick(self.actor_reversion, 2),
            no_deal_cost=None if self.no_deal_cost is None else pick(self.no_deal_cost, 1),
            red_lines=None if self.red_lines is None else self.red_lines.draw(j),
            deal_routes=tuple(tuple(r.draw(j) for r in rs) for rs in self.deal_routes),
        )

    def issue_index(self, issue_id: str) -> int:
        return self.issue_ids.index(issue_id)

    def actor_index(self, actor_id: str) -> int:
        return self.actor_ids.index(actor_id)


def _stack(values: Sequence[float | np.ndarray], batch: tuple[int, ...]) -> np.ndarray:
    """Stack scalars or batch-shaped arrays along a new last axis: result shape (*batch, len(values))."""
    if not values:
        return np.zeros(batch + (0,))
    return np.stack([np.broadcast_to(np.asarray(v, dtype=float), batch) for v in values], axis=-1)


def compile_scenario(
    sc: Scenario, value_of: ValueOf = point_value, batch_shape: tuple[int, ...] = ()
) -> Compiled:
    """Turn a validated scenario into arrays.

    ``value_of(quantity, path)`` reads each number; the default takes its central value.  A sampler
    (see :mod:`winset.uncertainty`) returns arrays of shape ``batch_shape`` instead.
    """
    iids = sc.issue_ids
    k = len(iids)
    lo = np.array([i.scale.min for i in sc.issues], dtype=float)
    hi = np.array([i.scale.max for i in sc.issues], dtype=float)
    b = batch_shape

    def v(q: Quantity, path: tuple[str | int, ...]) -> float | np.ndarray:
        return value_of(q, path)

    def row(m: dict[str, Quantity], path: tuple[str | int, ...], default: float = 0.0) -> np.ndarray:
        return _stack([v(m[i], path + (i,)) if i in m else default for i in iids], b)

    positions = np.stack([row(a.positions, ("actors", a.id, "positions")) for a in sc.actors], axis=-2)
    salience = np.stack([row(a.salience, ("actors", a.id, "salience")) for a in sc.actors], axis=-2)
    capability = _stack([v(a.capability, ("actors", a.id, "capability")) for a in sc.actors], b)
    risk = _stack([v(a.risk, ("actors", a.id, "risk")) for a in sc.actors], b)
    shape = np.array([2.0 if a.utility == "quadratic" else 1.0 for a in sc.actors])
    delay = _stack(
        [
            v(a.delay_cost_per_week, ("actors", a.id, "delay_cost_per_week"))
            if a.delay_cost_per_week
            else 0.0
            for a in sc.actors
        ],
        b,
    )
    disc = _stack(
        [
            v(a.discount_factor_per_week, ("actors", a.id, "discount_factor_per_week"))
            if a.discount_factor_per_week
            else np.nan
            for a in sc.actors
        ],
        b,
    )
    reversion = row(sc.reversion, ("reversion",))

    def own(m: dict[str, Quantity], path: tuple[str | int, ...]) -> np.ndarray:
        """A party's own no-deal point: its ``reversion`` where given, the shared one elsewhere."""
        return _stack([v(m[i], path + (i,)) if i in m else reversion[..., k] for k, i in enumerate(iids)], b)

    actor_rev = (
        np.stack([own(a.reversion, ("actors", a.id, "reversion")) for a in sc.actors], axis=-2)
        if any(a.reversion for a in sc.actors)
        else None
    )
    actor_cost = (
        _stack(
            [
                v(a.no_deal_cost, ("actors", a.id, "no_deal_cost")) if a.no_deal_cost else 0.0
                for a in sc.actors
            ],
            b,
        )
        if any(a.no_deal_cost for a in sc.actors)
        else None
    )
    actor_lines = (
        compile_red_lines([(("actors", a.id), a.red_lines) for a in sc.actors], iids, v, b)
        if any(a.red_lines for a in sc.actors)
        else None
    )
    cod = sc.cost_of_delay
    horizon = np.broadcast_to(
        np.asarray(
            v(cod.horizon_weeks, ("cost_of_delay", "horizon_weeks")) if cod and cod.horizon_weeks else 0.0,
            dtype=float,
        ),
        b,
    ).copy()
    if sc.deals:
        deals = np.stack([row(d.terms, ("deals", d.id, "terms")) for d in sc.deals], axis=-2)
    else:
        deals = np.zeros(b + (0, k))

    bodies = []
    for body in sc.bodies:
        base = ("bodies", body.id)
        weights = _stack([v(m.weight, base + ("members", m.id, "weight")) for m in body.members], b)
        ideal = np.stack([row(m.ideal, base + ("members", m.id, "ideal")) for m in body.members], axis=-2)
        sal_rows = []
        for m in body.members:
            cols: list[float | np.ndarray] = []
            for i in iids:
                if i not in m.ideal:
                    cols.append(0.0)
                elif i in m.salience:
                    cols.append(v(m.salience[i], base + ("members", m.id, "salience", i)))
                elif i in body.salience:
                    cols.append(v(body.salience[i], base + ("salience", i)))
                else:
                    cols.append(1.0)
            sal_rows.append(_stack(cols, b))
        thr: float | np.ndarray = body.threshold
        if body.rule == "quota" and body.quota is not None:
            thr = v(body.quota, base + ("quota",))
        bodies.append(
            CompiledBody(
                id=body.id,
                name=body.name,
                actor=body.actor,
                rule=body.rule,
                threshold=np.broadcast_to(np.asarray(thr, dtype=float), b).copy(),
                member_ids=tuple(m.id for m in body.members),
                weights=weights,
                ideal=ideal,
                salience=np.stack(sal_rows, axis=-2),
                no_deal_cost=_stack(
                    [
                        v(m.no_deal_cost, base + ("members", m.id, "no_deal_cost")) if m.no_deal_cost else 0.0
                        for m in body.members
                    ],
                    b,
                ),
                shape=2.0 if body.utility == "quadratic" else 1.0,
                instruments=None
                if body.applies_when.instruments is None
                else tuple(body.applies_when.instruments),
                conditions=_conditions(body, iids),
                **_vote_model(body, v, b),
                reversion=np.stack(
                    [own(m.reversion, base + ("members", m.id, "reversion")) for m in body.members], axis=-2
                )
                if any(m.reversion for m in body.members)
                else None,
                red_lines=compile_red_lines(
                    [(base + ("members", m.id), m.red_lines) for m in body.members], iids, v, b
                )
                if any(m.red_lines for m in body.members)
                else None,
                advisory=body.advisory,
                follows=body.follows,
            )
        )
    return Compiled(
        issue_ids=tuple(iids),
        actor_ids=tuple(sc.actor_ids),
        deal_ids=tuple(d.id for d in sc.deals),
        lo=lo,
        hi=hi,
        positions=positions,
        salience=salience,
        capability=capability,
        risk=risk,
        shape=shape,
        delay_cost=delay,
        discount=disc,
        horizon_weeks=horizon,
        reversion=reversion,
        deals=deals,
        instruments=tuple(d.instrument for d in sc.deals),
        bodies=tuple(bodies),
        veto_players=tuple(sc.veto_players),
        batch_shape=b,
        actor_reversion=actor_rev,
        no_deal_cost=actor_cost,
        red_lines=actor_lines,
        deal_routes=compile_routes(sc, v, b),
    )

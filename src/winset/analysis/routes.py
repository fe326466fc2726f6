"""Ratification routes: which way home a deal can take, and whether it gets there (docs/two-level.md).

A deal is ratified when some route is **open** (every precondition holds: a bound on the deal's terms, or the
outcome of a body's vote on this or another deal) and **passes**: every veto actor accepts the deal (after the
route's legitimacy cost) and every body the route needs lets it through.  A route names its bodies, or an
instrument (then the veto bodies that apply to the deal as that instrument are needed, as without routes).
Within a route:

* a body that ``follows`` another takes that body's result (a parliament that follows a referendum);
* an ``advisory`` body blocks nothing (it is voted so that others can follow it);
* a legitimacy cost ``L`` lowers the named parties' utility of the deal by ``L`` (a member then votes yes iff
  ``u(x) - L > u(r_m) - c_m``, an actor accepts iff ``u(x) - L > u(no deal)``);
* a declaration replaces the terms its blocs *perceive* (their vote and red lines are judged on them), not the
  terms themselves.

Everything is on the batch axis: one call judges every draw of a sweep.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from winset.ratify import EPS, REASONS, Vote, body_applies, tally, vote
from winset.scenario.compiled import Compiled, CompiledBody
from winset.scenario.redlines import keeps
from winset.scenario.routes import CompiledRoute


@dataclass(frozen=True)
class RouteResult:
    """One route of one deal; arrays have shape ``(*batch,)``."""

    route: CompiledRoute
    open: np.ndarray  # every precondition holds
    conditions: dict[str, np.ndarray]  # precondition label -> holds
    votes: dict[str, Vote]  # every body voted in this route (needed or followed), on the one deal (d = 1)
    bodies: dict[str, np.ndarray]  # body id -> lets the deal through by this route (follows applied)
    needed: tuple[str, ...]  # bodies the route needs
    actors: dict[str, np.ndarray]  # veto actor -> accepts (legitimacy cost applied)
    passed: np.ndarray

    def reason(self) -> str:
        """Why the route passes or fails (unbatched): ``passed``; ``closed: precondition ... does not hold``;
        ``blocked by plebiscite (rejected: yes share short of the threshold)``."""
        shut = [lab for lab, ok in self.conditions.items() if not bool(np.all(ok))]
        if shut:
            return "closed: precondition " + ", ".join(shut) + " does not hold"
        why = []
        for a, ok in self.actors.items():
            if not bool(np.all(ok)):
                why.append(a)
        for b in self.needed:
            if not bool(np.all(self.bodies[b])):
                vt = self.votes[b]
                code = int(np.ravel(vt.reason)[0]) if vt.reason is not None else 1
                via = _leader(self, b)
                why.append(f"{b} ({'follows ' + via + ': ' if via != b else ''}{REASONS[code]})")
        return "passed" if not why else "blocked by " + ", ".join(why)


def _leader(r: RouteResult, b: str) -> str:
    """The body whose result ``b`` takes (itself unless it follows one): a follower's vote carries its id."""
    return r.votes[b].body if b in r.votes else b


def evaluate_routes(
    c: Compiled,
    base: dict[str, Vote],
    utility: np.ndarray,
    no_deal: np.ndarray,
    accepts: np.ndarray,
) -> tuple[tuple[RouteResult, ...], ...]:
    """Every route of every deal of ``c`` (its ``deals``), given the bodies' votes on all the deals (``base``,
    for preconditions on another vote) and the actors' ``utility`` ``(*batch, d, n)``, ``no_deal`` and
    ``accepts``."""
    bodies = {b.id: b for b in c.bodies}
    veto_actors = [v for v in c.veto_players if v not in bodies]
    veto_bodies = [v for v in c.veto_players if v in bodies]

    def base_pass(b: str, j: int) -> np.ndarray:
        """``b``'s result on deal ``j`` (a follower: its leader's), with the deal's own declarations."""
        while bodies[b].follows:
            b = str(bodies[b].follows)
        first = c.deal_routes[j][0]
        if not any(d.body == b for d in first.declarations[: first.shared]):
            return np.asarray(base[b].passed[..., j])
        own = replace(first, declarations=first.declarations[: first.shared], member_cost=())
        return np.asarray(_route_vote(c, bodies[b], own, c.deals[..., j : j + 1, :]).passed[..., 0])

    out = []
    for j, routes in enumerate(c.deal_routes):
        pk = np.asarray(c.deals[..., j : j + 1, :], dtype=float)  # (*batch, 1, k)
        res = []
        for rt in routes:
            conds: dict[str, np.ndarray] = {}
            for i, op, value, label in rt.term_conditions:
                x = pk[..., 0, i]
                ok = {"ge": x >= value - EPS, "gt": x > value + EPS, "le": x <= value + EPS}.get(
                    op, x < value - EPS
                )
                conds[label] = np.asarray(ok)
            for b, outcome, dj, label in rt.vote_conditions:
                p = base_pass(b, dj)
                conds[label] = p if outcome == "passed" else ~p
            is_open = np.ones(c.batch_shape, dtype=bool)
            for ok in conds.values():
                is_open = is_open & ok
            votes: dict[str, Vote] = {}
            if rt.bodies is not None:
                needed = tuple(rt.bodies)
                applies = {b: np.ones(c.batch_shape, dtype=bool) for b in needed}
            else:
                needed = tuple(veto_bodies)
                applies = {
                    b: np.asarray(body_applies(bodies[b], pk, rt.instrument, c.reversion)[..., 0])
                    for b in needed
                }
            through = {
                b: _lets_through(c, rt, pk, votes, b) | ~applies[b] | bodies[b].advisory for b in needed
            }
            needed = tuple(b for b in needed if not bool(np.all(~applies[b])))
            actors = {}
            for a in veto_actors:
                n = c.actor_index(a)
                if rt.actor_cost is None:
                    actors[a] = np.asarray(accepts[..., j, n])
                    continue
                ok = utility[..., j, n] - rt.actor_cost[..., n] > no_deal[..., n] + EPS
                if c.red_lines is not None:
                    ok = ok & keeps(c.red_lines, pk, len(c.actor_ids))[..., 0, n]
                actors[a] = np.asarray(ok)
            passed = is_open.copy()
            for ok in list(actors.values()) + [through[b] for b in needed]:
                passed = passed & ok
            res.append(
                RouteResult(
                    rt, is_open, conds, votes, {b: through[b] for b in needed}, needed, actors, passed
                )
            )
        out.append(tuple(res))
    return tuple(out)


def _lets_through(
    c: Compiled, rt: CompiledRoute, pk: np.ndarray, votes: dict[str, Vote], b: str
) -> np.ndarray:
    """Whether body ``b`` passes the package by route ``rt`` (a follower: its leader's result), ``(*batch,)``;
    records the votes cast in ``votes`` (a follower's entry is its leader's vote, carrying the leader's id)."""
    bodies = {x.id: x for x in c.bodies}
    leader = b
    while bodies[leader].follows:
        leader = str(bodies[leader].follows)
    if leader not in votes:
        votes[leader] = _route_vote(c, bodies[leader], rt, pk)
    vt = votes[leader]
    if leader != b:
        votes[b] = replace(vt, body=leader)
    return np.asarray(vt.passed[..., 0])


def _route_vote(c: Compiled, body: CompiledBody, rt: CompiledRoute, pk: np.ndarray) -> Vote:
    """``body``'s vote on the one package ``pk`` ``(*batch, 1, k)`` by route ``rt``: the route's legitimacy
    costs lower its members' utility of the deal, its declarations change what their blocs perceive."""
    cost = dict(rt.member_cost).get(body.id)
    if cost is not None:
        body = replace(body, no_deal_cost=body.no_deal_cost - cost)
    vt = vote(body, pk, c.reversion, c.span)
    decls = [d for d in rt.declarations if d.body == body.id]
    if not decls:
        return replace(vt, applies=np.ones_like(vt.passed))
    yes = np.array(vt.yes)
    for d in decls:
        seen = np.array(
            np.broadcast_to(pk, np.broadcast_shapes(pk.shape, d.values.shape[:-1] + pk.shape[-2:]))
        )
        seen[..., 0, list(d.issues)] = d.values
        y2 = vote(body, seen, c.reversion, c.span).yes
        yes = np.array(np.broadcast_to(yes, np.broadcast_shapes(yes.shape, y2.shape)))
        yes[..., list(d.members)] = y2[..., list(d.members)]
    return tally(body, yes, np.ones(yes.shape[:-1], dtype=bool))


def ratified(results: tuple[tuple[RouteResult, ...], ...], batch: tuple[int, ...]) -> np.ndarray:
    """``(*batch, d)``: whether some route of each deal passes."""
    cols = []
    for res in results:
        ok = np.zeros(batch, dtype=bool)
        for r in res:
            ok = ok | r.passed
        cols.append(ok)
    return np.stack(cols, axis=-1) if cols else np.zeros(batch + (0,), dtype=bool)


def route_taken(res: tuple[RouteResult, ...]) -> str | None:
    """The first listed route that passes (unbatched), or ``None``."""
    return next((r.route.id for r in res if bool(np.all(r.passed))), None)


def route_json(r: RouteResult) -> dict[str, object]:
    """One route's outcome as JSON (unbatched): see ``RouteVerdict`` in :mod:`winset.services.results`."""
    return {
        "id": r.route.id,
        "name": r.route.name,
        "bodies": list(r.needed),
        "preconditions": {lab: bool(np.all(ok)) for lab, ok in r.conditions.items()},
        "open": bool(np.all(r.open)),
        "votes": {
            b: {
                "passed": bool(np.all(r.bodies[b])),
                "yes_share": round(float(np.ravel(r.votes[b].yes_share)[0]), 4),
                "follows": None if _leader(r, b) == b else _leader(r, b),
            }
            for b in r.needed
        },
        "passed": bool(np.all(r.passed)),
        "reason": r.reason(),
    }

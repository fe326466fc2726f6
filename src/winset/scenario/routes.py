"""The array form of a deal's ratification routes (docs/two-level.md, "Ratification routes").

:func:`compile_routes` turns each deal's ``routes`` (and its ``declarations``) into :class:`CompiledRoute` s; the
logic that decides which route passes is :mod:`winset.analysis.routes`.  A deal without ``routes`` gets one
default route: the veto bodies that apply to its instrument (today's rule).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from winset.scenario.schema import Declaration, Issue, Quantity, RouteCondition, Scenario

ValueOf = Callable[[Quantity, tuple[str | int, ...]], "float | np.ndarray"]


@dataclass(frozen=True)
class CompiledDeclaration:
    """What the members ``members`` of body ``body`` perceive on ``issues``: ``values`` ``(*batch, len(issues))``."""

    body: str
    members: tuple[int, ...]
    issues: tuple[int, ...]
    values: np.ndarray


@dataclass(frozen=True)
class CompiledRoute:
    id: str
    name: str
    bodies: tuple[str, ...] | None  # None: the veto bodies that apply to ``instrument``
    instrument: str  # the instrument bodies' ``applies_when`` is judged with
    term_conditions: tuple[tuple[int, str, float, str], ...] = ()  # (issue index, op, value, label)
    vote_conditions: tuple[tuple[str, str, int, str], ...] = ()  # (body id, outcome, deal index, label)
    actor_cost: np.ndarray | None = None  # (*batch, n) legitimacy cost per actor; None: none
    member_cost: tuple[tuple[str, np.ndarray], ...] = ()  # (body id, (*batch, m) cost per member)
    declarations: tuple[CompiledDeclaration, ...] = ()
    default: bool = False  # the implicit route of a deal without ``routes``
    shared: int = 0  # the first ``shared`` declarations are the deal's own (they come with every route)

    def draw(self, j: int) -> CompiledRoute:
        """Draw ``j`` of a one-dimensional batch."""

        def pick(a: np.ndarray, core: int) -> np.ndarray:
            a = np.asarray(a)
            return a[j] if a.ndim > core else a

        return replace(
            self,
            actor_cost=None if self.actor_cost is None else pick(self.actor_cost, 1),
            member_cost=tuple((b, pick(x, 1)) for b, x in self.member_cost),
            declarations=tuple(replace(d, values=pick(d.values, 1)) for d in self.declarations),
        )


def binary(issue: Issue) -> bool:
    """A yes/no issue (join or not): ``discrete: true`` on a 0-1 scale with anchors at 0 and 1."""
    return (
        issue.discrete
        and (issue.scale.min, issue.scale.max) == (0.0, 1.0)
        and {a.value for a in issue.anchors} == {0.0, 1.0}
    )


def condition_label(sc: Scenario, c: RouteCondition) -> str:
    """A precondition as text: ``ceasefire ≥ 50``; on a binary issue the anchor it requires,
    ``nato_membership: no`` (``le 0`` / ``lt 1``) or ``: yes`` (``ge 1`` / ``gt 0``)."""
    if c.issue is None or c.value is None or c.issue not in sc.issue_ids:
        return c.label
    issue = sc.issue(c.issue)
    if not binary(issue):
        return c.label
    ok = [
        a
        for a in (0.0, 1.0)
        if {"ge": a >= c.value, "gt": a > c.value, "le": a <= c.value}.get(str(c.op), a < c.value)
    ]
    if len(ok) != 1:
        return c.label
    return f"{c.issue}: " + next(a.label for a in issue.anchors if a.value == ok[0])


def _stack(values: list[float | np.ndarray], batch: tuple[int, ...]) -> np.ndarray:
    return np.stack([np.broadcast_to(np.asarray(x, dtype=float), batch) for x in values], axis=-1)


def compile_routes(sc: Scenario, v: ValueOf, batch: tuple[int, ...]) -> tuple[tuple[CompiledRoute, ...], ...]:
    """Per deal, its routes (the default route when it lists none)."""
    iids = sc.issue_ids
    aids = sc.actor_ids
    members = {b.id: [m.id for m in b.members] for b in sc.bodies}
    deal_ix = {d.id: n for n, d in enumerate(sc.deals)}

    def declarations(decls: list[Declaration], path: tuple[str | int, ...]) -> list[CompiledDeclaration]:
        out = []
        for n, dc in enumerate(decls):
            issues = [i for i in iids if i in dc.terms]
            values = _stack([v(dc.terms[i], path + (n, "terms", i)) for i in issues], batch)
            by_body: dict[str, list[int]] = {}
            for bloc in dc.blocs:
                body, _, member = bloc.partition("/")
                ms = members[body]
                by_body.setdefault(body, []).extend([ms.index(member)] if member else range(len(ms)))
            for body, idx in by_body.items():
                out.append(
                    CompiledDeclaration(
                        body, tuple(sorted(set(idx))), tuple(iids.index(i) for i in issues), values
                    )
                )
        return out

    result: list[tuple[CompiledRoute, ...]] = []
    for d in sc.deals:
        shared = declarations(d.declarations, ("deals", d.id, "declarations"))
        if not d.routes:
            name = f"the {d.instrument} route"
            result.append(
                (
                    CompiledRoute(
                        "default",
                        name,
                        None,
                        d.instrument,
                        declarations=tuple(shared),
                        default=True,
                        shared=len(shared),
                    ),
                )
            )
            continue
        routes = []
        for r in d.routes:
            base = ("deals", d.id, "routes", r.id)
            terms = tuple(
                (iids.index(c.issue), c.op, float(c.value), condition_label(sc, c))
                for c in r.preconditions
                if c.issue is not None and c.op is not None and c.value is not None
            )
            votes = tuple(
                (c.body, c.outcome, deal_ix[c.deal or d.id], c.label)
                for c in r.preconditions
                if c.body is not None and c.outcome is not None
            )
            actor_cost = None
            if any(p in aids for p in r.legitimacy_cost):
                actor_cost = _stack(
                    [
                        v(r.legitimacy_cost[a], base + ("legitimacy_cost", a))
                        if a in r.legitimacy_cost
                        else 0.0
                        for a in aids
                    ],
                    batch,
                )
            member_cost: dict[str, list[float | np.ndarray]] = {}
            for party, q in r.legitimacy_cost.items():
                if party in aids:
                    continue
                body, _, member = party.partition("/")
                row = member_cost.setdefault(body, [0.0] * len(members[body]))
                x = v(q, base + ("legitimacy_cost", party))
                for m in [members[body].index(member)] if member else range(len(members[body])):
                    row[m] = np.asarray(row[m]) + x
            routes.append(
                CompiledRoute(
                    id=r.id,
                    name=r.name or r.id,
                    bodies=None if r.bodies is None else tuple(r.bodies),
                    instrument=r.instrument or d.instrument,
                    term_conditions=terms,
                    vote_conditions=votes,
                    actor_cost=actor_cost,
                    member_cost=tuple((b, _stack(row, batch)) for b, row in member_cost.items()),
                    declarations=tuple(shared + declarations(r.declarations, base + ("declarations",))),
                    shared=len(shared),
                )
            )
        result.append(tuple(routes))
    return tuple(result)

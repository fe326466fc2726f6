"""Additive negotiation domains (GENIUS profiles, winset scenarios on a discrete grid) and their bargaining
summary, by the additive path (:mod:`~winset.analysis.pareto.additive`) or by enumeration.

A domain's utility is ``min(cap, offset + sum_k T_k[j_k])``.  GENIUS: ``T_k = w_k * eval_k / max eval_k``,
offset 0, cap 1 (:mod:`winset.io.genius`).  A winset scenario whose issues are all discrete:
``T_k[j, i] = -w_ik (|v_kj - p_ik| / span_k) ** e_i``, offset 1, no cap (:mod:`winset.utility`).

The Nash and Kalai–Smorodinsky points weigh the *bargaining parties* only: every profile of a GENIUS domain;
the veto players of a scenario (:func:`~winset.analysis.pareto.points.bargaining_parties`).  An outcome is
individually rational when every bargaining party gets at least its reservation value (GENIUS: the profile's;
a scenario: the no-deal utility).  The frontier is over every party.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from winset.analysis.pareto.additive import additive_frontier
from winset.analysis.pareto.enumerated import pareto_frontier, pareto_mask
from winset.analysis.pareto.points import MAX_OUTCOMES, bargaining_parties, frontier_points

if TYPE_CHECKING:
    from winset.io.genius import GeniusDomain
    from winset.scenario.schema import Scenario

__all__ = ["AdditiveDomain", "summarise"]


@dataclass(frozen=True)
class AdditiveDomain:
    name: str
    parties: tuple[str, ...]
    issues: tuple[str, ...]
    values: tuple[tuple[str, ...], ...]  # value labels per issue
    tables: tuple[np.ndarray, ...]  # (m_k, n) contribution of each value to each party
    reservation: np.ndarray  # (n,)
    bargainers: np.ndarray  # party indices weighed by Nash and Kalai-Smorodinsky
    offset: float = 0.0
    cap: float | None = None

    @property
    def n_outcomes(self) -> int:
        out = 1
        for t in self.tables:
            out *= len(t)
        return out

    def utilities(self) -> np.ndarray:
        """Every outcome's utilities ``(N, n)`` (first issue slowest), summed in issue order from zero as the
        additive path sums them."""
        n = len(self.parties)
        acc = np.zeros((1, n))
        for t in self.tables:
            acc = (acc[:, None, :] + t[None, :, :]).reshape(-1, n)
        acc += self.offset
        return acc if self.cap is None else np.minimum(acc, self.cap, out=acc)

    def bound(self, values: np.ndarray) -> np.ndarray:
        v = values + self.offset
        return v if self.cap is None else np.minimum(v, self.cap)

    @classmethod
    def from_genius(cls, g: GeniusDomain) -> AdditiveDomain:
        return cls(
            name=g.name,
            parties=tuple(p.name for p in g.profiles),
            issues=tuple(i.name for i in g.issues),
            values=tuple(i.values for i in g.issues),
            tables=g.tables,
            reservation=g.reservation,
            bargainers=np.arange(len(g.profiles)),
            cap=1.0,
        )

    @classmethod
    def from_scenario(cls, sc: Scenario) -> AdditiveDomain:
        """Every issue must be discrete (its anchor values are the grid); raises ``ValueError`` otherwise."""
        from winset.ratify import no_deal_utility
        from winset.scenario.compiled import compile_scenario
        from winset.utility import normalised_weights

        loose = [i.id for i in sc.issues if not i.discrete]
        if loose:
            raise ValueError(f"issues {', '.join(loose)} are not discrete (discrete: true)")
        c = compile_scenario(sc)
        grid = [np.array(sorted({a.value for a in i.anchors}), dtype=float) for i in sc.issues]
        w = normalised_weights(c.salience)  # (n, k)
        tables = tuple(
            -w[None, :, k] * (np.abs(g[:, None] - c.positions[None, :, k]) / c.span[k]) ** c.shape[None, :]
            for k, g in enumerate(grid)
        )
        return cls(
            name=sc.title if getattr(sc, "title", None) else sc.id,
            parties=tuple(c.actor_ids),
            issues=tuple(c.issue_ids),
            values=tuple(tuple(f"{v:g}" for v in g) for g in grid),
            tables=tables,
            reservation=no_deal_utility(c),
            bargainers=bargaining_parties(c),
            offset=1.0,
        )


def summarise(dom: AdditiveDomain, method: str = "auto") -> dict[str, Any]:
    """The rational Pareto frontier and the bargaining points of ``dom``.

    ``method``: ``"additive"`` (issue-by-issue merge, no outcome enumerated), ``"enumerate"`` (every outcome;
    at most :data:`MAX_OUTCOMES`), or ``"auto"`` (additive: every domain here is additive).  Returns the
    frontier utilities ``(F, n)`` and choices ``(F, K)`` sorted by total utility, the indices into them of
    ``nash``, ``ks_maxmin``, ``ks_spread`` and ``max_welfare``, ``rational`` (count; ``None`` on the additive
    path, which never lists the outcomes), ``disagreement``, ``method`` (the path used, in words).
    """
    B = dom.bargainers
    r = np.asarray(dom.reservation, dtype=float)
    if method == "enumerate":
        if dom.n_outcomes > MAX_OUTCOMES:
            raise ValueError(f"{dom.n_outcomes:,} outcomes: more than the {MAX_OUTCOMES:,} enumerated")
        u = dom.utilities()
        worst, best = u.min(0), u.max(0)
        rational = np.flatnonzero((u[:, B] >= r[B]).all(1))
        front = rational[pareto_frontier(u[rational], unique=True)]
        util = u[front]
        choices = np.stack(np.unravel_index(front, [len(t) for t in dom.tables]), -1)
        n_rational: int | None = int(len(rational))
        how = f"enumeration: all {dom.n_outcomes:,} outcomes evaluated"
    else:
        f = additive_frontier(dom.tables, cap=dom.cap if dom.offset == 0 else None)
        util, choices = f.utilities, f.choices
        if dom.offset:
            util = dom.bound(util)
            keep = pareto_mask(util, unique=True)
            util, choices = util[keep], choices[keep]
        worst = dom.bound(sum(t.min(0) for t in dom.tables))
        best = dom.bound(sum(t.max(0) for t in dom.tables))
        ok = (util[:, B] >= r[B]).all(1)
        util, choices = util[ok], choices[ok]
        order = np.lexsort((*choices.T[::-1], -util.sum(1)))
        util, choices = util[order], choices[order]
        n_rational = None
        how = (
            f"additive path: per-issue frontiers merged issue by issue (largest merge {f.largest_merge:,} "
            f"candidates); none of the {dom.n_outcomes:,} outcomes enumerated"
        )
    rows = np.arange(len(util))
    pts = frontier_points(util[:, B], rows, r[B], worst[B], best[B])
    return {
        "utilities": util,
        "choices": choices,
        "n_outcomes": dom.n_outcomes,
        "rational": n_rational,
        "disagreement": np.maximum(r, worst),
        "method": how,
        **pts,
        "max_welfare": 0 if len(util) else None,
    }

"""Axiomatic bargaining solutions over the continuous issue space: Nash, Kalai-Smorodinsky, egalitarian.

The feasible set is every package ``x`` in the box of issue scales; actor ``i`` values it at the spatial
utility of :mod:`winset.utility`, ``u_i(x) = 1 - sum_k w_ik (|x_k - p_ik| / span_k) ** e_i``, and the
disagreement point is its no-deal utility ``d_i`` (:func:`winset.ratify.no_deal_utility`: utility of the
reversion point minus the priced cost of delay).

* **Asymmetric Nash** (Nash 1950; Kalai 1977, "Nonsymmetric Nash solutions and replications of 2-person
  bargaining", *Int. J. Game Theory* 6): ``argmax_x sum_i b_i log(u_i(x) - d_i)`` with bargaining power
  ``b_i`` proportional to capability (``b_i = c_i / sum c``).
* **Kalai-Smorodinsky** (Kalai & Smorodinsky 1975, *Econometrica* 43(3)): the Pareto point whose gains are
  proportional to each actor's *utopia* gain ``a_i = max{u_i(x) : u_j(x) >= d_j for all j} - d_i``:
  ``argmax_x min_i (u_i(x) - d_i) / a_i``.
* **Egalitarian** (Kalai 1977, "Proportional solutions to bargaining situations", *Econometrica* 45(7)):
  equal gains, ``argmax_x min_i (u_i(x) - d_i)``.  (NegMAS's ``kalai_points`` computes this max-min point,
  not the Kalai-Smorodinsky solution.)

Solving: the city-block/quadratic loss is made smooth by lifting ``e_ik >= |x_k - p_ik| / span_k`` (two
linear inequalities per actor and issue), which turns each problem into a smooth concave programme solved
by SLSQP (``scipy.optimize.minimize``).  Each programme is convex (concave objective or max-min of concave
gaps over a convex set), so the first start that converges to a feasible point is the optimum; further
seeded starts are tried only when SLSQP fails on the earlier ones.  When no package
gives every actor strictly more than its disagreement utility (the egalitarian value is <= 0) there is no
bargaining surplus: the solution is the disagreement outcome (the reversion point) and ``feasible`` is False.
Problems in a batch are solved one by one (each is a small optimisation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from scipy.optimize import minimize

Solution = Literal["nash", "ks", "egalitarian"]


@dataclass(frozen=True)
class BargainingResult:
    """``outcome`` ``(*batch, k)``, ``utility`` ``(*batch, n)`` at the outcome, ``disagreement`` ``(*batch, n)``,
    ``feasible`` ``(*batch,)`` (some package gives every actor a strict gain)."""

    solution: str
    outcome: np.ndarray
    utility: np.ndarray
    disagreement: np.ndarray
    feasible: np.ndarray


class _Problem:
    """One bargaining problem in lifted variables ``z = (x (k), e (n*k))``."""

    def __init__(
        self,
        p: np.ndarray,
        sal: np.ndarray,
        span: np.ndarray,
        shape: np.ndarray,
        d: np.ndarray,
        lo: np.ndarray,
        hi: np.ndarray,
    ) -> None:
        self.p, self.span, self.shape, self.d, self.lo, self.hi = p, span, shape, d, lo, hi
        tot = sal.sum(-1, keepdims=True)
        self.w = np.divide(sal, tot, out=np.zeros_like(sal), where=tot > 0)
        self.n, self.k = p.shape
        nk = self.n * self.k
        # e_ik - (x_k - p_ik)/span_k >= 0 and e_ik + (x_k - p_ik)/span_k >= 0
        a = np.zeros((2 * nk, self.k + nk))
        b = np.zeros(2 * nk)
        for sign, off in ((-1.0, 0), (1.0, nk)):
            rows = np.arange(nk) + off
            a[rows, self.k + np.arange(nk)] = 1.0
            a[rows, np.tile(np.arange(self.k), self.n)] = sign / np.tile(span, self.n)
            b[rows] = -sign * (p / span).ravel()
        self.a_lin, self.b_lin = a, b  # a @ z + b >= 0

    def lift(self, x: np.ndarray) -> np.ndarray:
        return np.concatenate([x, (np.abs(x - self.p) / self.span).ravel()])

    def gap(self, z: np.ndarray) -> np.ndarray:
        e = z[self.k :].reshape(self.n, self.k)
        return 1.0 - (self.w * e ** self.shape[:, None]).sum(-1) - self.d

    def gap_jac(self, z: np.ndarray) -> np.ndarray:
        e = z[self.k :].reshape(self.n, self.k)
        jac = np.zeros((self.n, self.k + self.n * self.k))
        de = -self.w * self.shape[:, None] * np.where(e > 0, e, 0.0) ** (self.shape[:, None] - 1.0)
        # block-diagonal: row i holds d gap_i / d e_i. in columns k + i*k ... k + (i+1)*k - 1
        jac[np.repeat(np.arange(self.n), self.k), self.k + np.arange(self.n * self.k)] = de.ravel()
        return jac

    def utility(self, x: np.ndarray) -> np.ndarray:
        return 1.0 - (self.w * (np.abs(x - self.p) / self.span) ** self.shape[:, None]).sum(-1)

    def bounds(self, extra: int = 0) -> list[tuple[float | None, float | None]]:
        return (
            [(float(a), float(b)) for a, b in zip(self.lo, self.hi, strict=True)]
            + [(0.0, None)] * (self.n * self.k)
            + [(None, None)] * extra
        )


def _maxmin(pr: _Problem, scale: np.ndarray, starts: list[np.ndarray]) -> tuple[np.ndarray, float]:
    """``argmax_x min_i gap_i(x) / scale_i`` (variables z and t)."""
    best_x, best_t = starts[0], -np.inf
    nz = pr.k + pr.n * pr.k
    obj_grad = np.zeros(nz + 1)
    obj_grad[nz] = -1.0
    for x0 in starts:
        z0 = pr.lift(x0)
        t0 = float((pr.gap(z0) / scale).min())
        cons = [
            {
                "type": "ineq",
                "fun": lambda v: pr.gap(v[:nz]) - v[nz] * scale,
                "jac": lambda v: np.hstack([pr.gap_jac(v[:nz]), -scale[:, None]]),
            },
            {
                "type": "ineq",
                "fun": lambda v: pr.a_lin @ v[:nz] + pr.b_lin,
                "jac": lambda v: np.hstack([pr.a_lin, np.zeros((pr.a_lin.shape[0], 1))]),
            },
        ]
        res = minimize(
            lambda v: -v[nz],
            np.append(z0, t0),
            jac=lambda v: obj_grad,
            method="SLSQP",
            bounds=pr.bounds(1),
            constraints=cons,
            options={"maxiter": 500, "ftol": 1e-12},
        )
        x = np.clip(res.x[: pr.k], pr.lo, pr.hi)
        t = float(((pr.utility(x) - pr.d) / scale).min())
        if t > best_t:
            best_x, best_t = x, t
        if res.success:  # a convex programme: a converged start is the global optimum
            break
    return best_x, best_t


def _nash(pr: _Problem, power: np.ndarray, starts: list[np.ndarray]) -> np.ndarray:
    """``argmax_x sum_i b_i log gap_i(x)`` from strictly feasible starts."""
    eps = 1e-12

    def safe_log(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ok = g > eps
        val = np.where(ok, np.log(np.where(ok, g, 1.0)), np.log(eps) + (g - eps) / eps)
        der = np.where(ok, 1.0 / np.where(ok, g, 1.0), 1.0 / eps)
        return val, der

    def f(z: np.ndarray) -> float:
        return -float(power @ safe_log(pr.gap(z))[0])

    def g(z: np.ndarray) -> np.ndarray:
        return -(power * safe_log(pr.gap(z))[1]) @ pr.gap_jac(z)

    best_x, best_v = starts[0], -np.inf
    cons = [{"type": "ineq", "fun": lambda z: pr.a_lin @ z + pr.b_lin, "jac": lambda z: pr.a_lin}]
    for x0 in starts:
        res = minimize(
            f,
            pr.lift(x0),
            jac=g,
            method="SLSQP",
            bounds=pr.bounds(),
            constraints=cons,
            options={"maxiter": 500, "ftol": 1e-14},
        )
        x = np.clip(res.x[: pr.k], pr.lo, pr.hi)
        gap = pr.utility(x) - pr.d
        v = float(power @ np.log(gap)) if (gap > 0).all() else -np.inf
        if v > best_v:
            best_x, best_v = x, v
        if res.success and np.isfinite(v):  # concave objective: a converged feasible start is optimal
            break
    return best_x


def solve(
    positions: Any,
    salience: Any,
    capability: Any,
    disagreement: Any,
    lo: Any,
    hi: Any,
    *,
    shape: Any = 1.0,
    reversion: Any = None,
    solution: Solution = "nash",
    starts: int = 4,
    seed: int = 0,
    exact: bool = True,
) -> BargainingResult:
    """Bargaining solution for each problem of a batch.

    positions/salience ``(*batch, n, k)``, capability and disagreement utilities ``(*batch, n)``, lo/hi
    ``(k,)`` issue scales, ``shape`` ``(n,)`` loss exponents (1 linear, 2 quadratic), ``reversion``
    ``(*batch, k)`` the outcome returned when there is no surplus (default: the box centre).
    ``starts`` seeded random starting packages are added to the actors' ideal points' centroid.
    ``exact``: the Nash solution of a one-issue problem with linear utilities is computed exactly on the
    batch axis (:func:`winset.models.nash_eu.solve_gaps`) instead of by SLSQP.
    """
    if solution not in ("nash", "ks", "egalitarian"):
        raise ValueError(f"solution must be 'nash', 'ks' or 'egalitarian', got {solution!r}")
    p = np.asarray(positions, dtype=float)
    batch, (n, k) = p.shape[:-2], p.shape[-2:]
    sal = np.broadcast_to(np.asarray(salience, dtype=float), p.shape).reshape(-1, n, k)
    cap = np.broadcast_to(np.asarray(capability, dtype=float), batch + (n,)).reshape(-1, n)
    dis = np.broadcast_to(np.asarray(disagreement, dtype=float), batch + (n,)).reshape(-1, n)
    lo_a = np.broadcast_to(np.asarray(lo, dtype=float), (k,))
    hi_a = np.broadcast_to(np.asarray(hi, dtype=float), (k,))
    span = hi_a - lo_a
    shp = np.broadcast_to(np.asarray(shape, dtype=float), (n,))
    rev = (
        np.broadcast_to(np.asarray(reversion, dtype=float), batch + (k,)).reshape(-1, k)
        if reversion is not None
        else np.broadcast_to(0.5 * (lo_a + hi_a), (p.reshape(-1, n, k).shape[0], k))
    )
    pf = p.reshape(-1, n, k)
    if exact and solution == "nash" and k == 1 and np.all(shp == 1.0):
        return _nash_one_issue(pf, sal, cap, dis, lo_a, hi_a, rev, batch)
    rng = np.random.default_rng(seed)
    out = np.empty((pf.shape[0], k))
    util = np.empty((pf.shape[0], n))
    feas = np.zeros(pf.shape[0], dtype=bool)
    for b in range(pf.shape[0]):
        pr = _Problem(pf[b], sal[b], span, shp, dis[b], lo_a, hi_a)
        cands = [pf[b].mean(0), rev[b].copy()] + [lo_a + rng.random(k) * span for _ in range(max(starts, 1))]
        x_eq, t_eq = _maxmin(pr, np.ones(n), cands)
        if t_eq <= 1e-12:
            out[b] = rev[b]
        else:
            feas[b] = True
            if solution == "egalitarian":
                out[b] = x_eq
            elif solution == "ks":
                utopia = np.empty(n)
                for i in range(n):  # utopia of actor i: its best package that leaves no one below d
                    xi, _ = _maxmin_with_floor(pr, i, [x_eq, pf[b, i]])
                    utopia[i] = pr.utility(xi)[i] - dis[b, i]
                out[b], _ = _maxmin(pr, np.maximum(utopia, 1e-12), [x_eq] + cands)
            else:
                power = cap[b] / cap[b].sum() if cap[b].sum() > 0 else np.full(n, 1.0 / n)
                out[b] = _nash(pr, power, [x_eq] + [0.5 * (x_eq + c) for c in cands])
        util[b] = pr.utility(out[b])
    return BargainingResult(
        solution=solution,
        outcome=out.reshape(batch + (k,)),
        utility=util.reshape(batch + (n,)),
        disagreement=dis.reshape(batch + (n,)),
        feasible=feas.reshape(batch),
    )


def _nash_one_issue(
    pf: np.ndarray,
    sal: np.ndarray,
    cap: np.ndarray,
    dis: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    rev: np.ndarray,
    batch: tuple[int, ...],
) -> BargainingResult:
    """Exact asymmetric Nash on one issue with linear utilities: ``u_i = 1 - w_i |x - p_i| / span`` with
    ``w_i`` 1 (0 for an actor with no salience), every actor kept strictly above its disagreement utility."""
    from winset.models.nash_eu import solve_gaps

    n = pf.shape[1]
    span = float(hi[0] - lo[0])
    w = (sal[..., 0] > 0).astype(float)
    tot = cap.sum(-1, keepdims=True)
    power = np.where(tot > 0, cap / np.where(tot > 0, tot, 1.0), 1.0 / n)
    m = pf.shape[0]
    x, feas = solve_gaps(
        pf[..., 0],
        w / span,
        power,
        1.0 - dis,
        np.full(m, lo[0]),
        np.full(m, hi[0]),
        rev[:, 0],
        np.ones((m, n), dtype=bool),
    )
    flat = ~((power > 0) & (w > 0)).any(-1)  # nobody's utility moves: every outcome is a solution
    x = np.where(flat & feas, np.clip(pf[..., 0].mean(-1), lo[0], hi[0]), x)  # SLSQP's first start
    util = 1.0 - w * np.abs(x[:, None] - pf[..., 0]) / span
    return BargainingResult(
        solution="nash",
        outcome=x.reshape(batch + (1,)),
        utility=util.reshape(batch + (n,)),
        disagreement=dis.reshape(batch + (n,)),
        feasible=feas.reshape(batch),
    )


def _maxmin_with_floor(pr: _Problem, i: int, starts: list[np.ndarray]) -> tuple[np.ndarray, float]:
    """Actor ``i``'s best package subject to every actor keeping at least its disagreement utility."""
    best_x, best_v = starts[0], -np.inf
    cons = [
        {"type": "ineq", "fun": pr.gap, "jac": pr.gap_jac},
        {"type": "ineq", "fun": lambda z: pr.a_lin @ z + pr.b_lin, "jac": lambda z: pr.a_lin},
    ]
    for x0 in starts:
        res = minimize(
            lambda z: -pr.gap(z)[i],
            pr.lift(np.clip(x0, pr.lo, pr.hi)),
            jac=lambda z: -pr.gap_jac(z)[i],
            method="SLSQP",
            bounds=pr.bounds(),
            constraints=cons,
            options={"maxiter": 500, "ftol": 1e-12},
        )
        x = np.clip(res.x[: pr.k], pr.lo, pr.hi)
        g = pr.utility(x) - pr.d
        v = g[i] if (g >= -1e-9).all() else -np.inf
        if v > best_v:
            best_x, best_v = x, float(v)
        if res.success and np.isfinite(v):  # a convex programme: a converged feasible start is optimal
            break
    return best_x, best_v


def solve_scenario(c: Any, solution: Solution = "nash", starts: int = 4, seed: int = 0) -> BargainingResult:
    """:func:`solve` on a compiled scenario: disagreement = :func:`winset.ratify.no_deal_utility`, bargaining
    power = capability, outcome with no surplus = the reversion point."""
    from winset.ratify import no_deal_utility

    return solve(
        c.positions,
        c.salience,
        c.capability,
        no_deal_utility(c),
        c.lo,
        c.hi,
        shape=c.shape,
        reversion=c.reversion,
        solution=solution,
        starts=starts,
        seed=seed,
    )

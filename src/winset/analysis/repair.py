"""Deal repair: the smallest change to a named deal that every veto player accepts.

The repair finds the smallest change to a named deal that makes it ratifiable, distance
``sum_k |x_k - deal_k| / span_k`` (share of each scale moved).  Moves on one issue are solved exactly from
the acceptance intervals; multi-issue repairs by multi-start exact coordinate descent on the same
intervals (a local optimum, exact when one issue suffices or the space is one-dimensional).

The ratifiability test and the exact one-issue acceptance intervals are those of the package search
(:mod:`winset.analysis.search`), so a repair never crosses a veto player's red line.

Who concedes what: :func:`concessions` reports, per actor, its utility change from the deal as written to the
repair and, per changed issue, how far the change moves the term towards (+) or away from (-) its position.
``cost="concessions"`` (instead of the default ``"distance"``) looks for the repair whose concessions are
smallest: the sum over actors of the utility each loses against the deal as written
(``sum_a max(0, u_a(deal) - u_a(x))``), with the distance as a tie-breaker (``1e-6 x``), so the changes fall where
the parties gain or care least.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from winset.analysis.deals import issue_acceptance
from winset.analysis.search import (
    _body_report,
    _discrete_values,
    _feasible_values,
    candidate_packages,
    ratifiable,
)
from winset.scenario.compiled import Compiled, compile_scenario
from winset.scenario.domains import round_on_scale
from winset.scenario.schema import Scenario
from winset.utility import actor_utilities
from winset.vocabulary import REPAIR_COSTS

__all__ = ["COSTS", "RepairResult", "concessions", "repair_deal"]

COSTS = REPAIR_COSTS
"""What a repair minimises (:data:`winset.vocabulary.REPAIR_COSTS`)."""

Cost = Callable[[np.ndarray], np.ndarray]


@dataclass
class RepairResult:
    deal: str
    instrument: str
    already_ratifiable: bool
    found: bool
    distance: float | None  # sum_k |x_k - deal_k| / span_k
    package: dict[str, float] | None
    changes: list[dict[str, Any]]  # issue, name, from, to, delta
    single_issue: list[dict[str, Any]]  # exact one-issue repairs: issue, to, delta, distance
    blockers_before: list[str]
    method: str
    reason: str = ""
    bodies: list[dict[str, Any]] = field(default_factory=list)
    cost: str = "distance"
    concessions: dict[str, dict[str, Any]] = field(default_factory=dict)  # actor -> utility change, moves

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def _distance(x: np.ndarray, d0: np.ndarray, span: np.ndarray) -> np.ndarray:
    return np.asarray((np.abs(x - d0) / span).sum(-1))


def concessions(c: Compiled, d0: np.ndarray, x: np.ndarray) -> dict[str, dict[str, Any]]:
    """Who concedes what between the deal ``d0`` and the package ``x``: per actor, ``utility_change``
    (``u(x) - u(d0)``, negative: a concession) and ``moves`` per changed issue, the change in the actor's distance
    from its position there (positive: towards it, negative: away from it, a concession)."""
    u = actor_utilities(np.stack([d0, x]), c.positions, c.salience, c.span, c.shape)
    changed = [k for k in range(len(d0)) if abs(x[k] - d0[k]) > 1e-6 * c.span[k]]
    out: dict[str, dict[str, Any]] = {}
    for n, a in enumerate(c.actor_ids):
        p = c.positions[n]
        out[a] = {
            "utility_change": float(u[1, n] - u[0, n]),
            "moves": {
                c.issue_ids[k]: float(abs(d0[k] - p[k]) - abs(x[k] - p[k]))
                for k in changed
                if c.salience[n, k] > 0
            },
        }
    return out


def _cost_function(c: Compiled, d0: np.ndarray, cost: str) -> Cost:
    """``packages (d, k) -> (d,)``: the repair's objective (see the module docstring)."""
    if cost == "distance":
        return lambda pk: _distance(pk, d0, c.span)
    u0 = actor_utilities(d0[None, :], c.positions, c.salience, c.span, c.shape)[0]

    def conceded(pk: np.ndarray) -> np.ndarray:
        u = actor_utilities(np.atleast_2d(pk), c.positions, c.salience, c.span, c.shape)
        lost = np.maximum(u0 - u, 0.0).sum(-1) + 1e-6 * _distance(np.atleast_2d(pk), d0, c.span)
        return np.asarray(lost if np.ndim(pk) > 1 else lost[0])

    return conceded


def _pull(
    c: Compiled,
    x0: np.ndarray,
    d0: np.ndarray,
    instrument: str,
    values: list[np.ndarray | None],
    rounds: int = 10,
    cost: Cost | None = None,
) -> np.ndarray:
    """Exact coordinate descent of the distance to ``d0`` (or of ``cost``) over the ratifiable set, from a
    ratifiable ``x0``.  With a ``cost``, each coordinate's candidates also include every actor's position moved
    into the values all accept."""
    x = x0.copy()
    for _ in range(rounds):
        moved = False
        for k in range(len(x)):
            if x[k] == d0[k] and cost is None:
                continue
            if values[k] is not None:
                cand = _feasible_values(c, k, x, instrument, values[k], 2)
            else:
                acc = issue_acceptance(c, k, x, instrument)
                ends = [np.clip(d0[k], a, b) for a, b in acc.overlap]
                if cost is not None:
                    ends += [np.clip(p, a, b) for a, b in acc.overlap for p in c.positions[:, k]]
                cand = np.array(ends, dtype=float)
                if len(cand):
                    pk = np.repeat(x[None, :], len(cand), 0)
                    pk[:, k] = cand
                    ok, _ = ratifiable(c, pk, instrument)
                    cand = _open_end_fix(c, x, k, cand, ok, instrument)
            if not len(cand):
                continue
            if cost is None:
                j = int(np.argmin(np.abs(cand - d0[k])))
                better = abs(cand[j] - d0[k]) < abs(x[k] - d0[k]) - 1e-12
            else:
                pk = np.repeat(x[None, :], len(cand), 0)
                pk[:, k] = cand
                f = cost(pk)
                j = int(np.argmin(f))
                better = bool(f[j] < float(cost(x[None, :])[0]) - 1e-12)
            if better:
                x[k] = cand[j]
                moved = True
        if not moved:
            break
    return x


def _open_end_fix(
    c: Compiled, x: np.ndarray, k: int, cand: np.ndarray, ok: np.ndarray, instrument: str
) -> np.ndarray:
    """An interval end that is not itself accepted (strict preference: open end) is replaced by the nearest
    accepted point a hair inside (1e-9 of the scale); the distance then differs from the infimum by that."""
    out = []
    eps = 1e-9 * float(c.span[k])
    for v, good in zip(cand, ok, strict=True):
        if good:
            out.append(v)
            continue
        for s in (eps, -eps):
            pk = x.copy()
            pk[k] = np.clip(v + s * np.sign(x[k] - v if x[k] != v else 1.0), c.lo[k], c.hi[k])
            if ratifiable(c, pk[None, :], instrument)[0][0]:
                out.append(pk[k])
                break
    return np.array(out, dtype=float)


def _polish(
    c: Compiled,
    x0: np.ndarray,
    d0: np.ndarray,
    instrument: str,
    values: list[np.ndarray | None],
    seed: int,
    batch: int = 256,
    iters: int = 200,
    cost: Cost | None = None,
) -> np.ndarray:
    """Random-direction pattern search on the distance to ``d0`` that never leaves the ratifiable set: lets a
    repair slide along a binding constraint, which coordinate moves alone cannot (Hooke & Jeeves 1961, with
    random poll directions as in mesh adaptive direct search, Audet & Dennis 2006)."""
    rng = np.random.default_rng(seed)
    free = np.array([v is None for v in values])
    if not free.any():
        return x0
    f = cost if cost is not None else (lambda pk: _distance(pk, d0, c.span))
    x = x0.copy()
    best = float(f(x[None, :])[0])
    h = 0.05
    for _ in range(iters):
        dirs = rng.normal(size=(batch, len(x))) * free
        dirs /= np.maximum(np.abs(dirs).sum(1, keepdims=True), 1e-300)
        steps = h * np.exp(rng.uniform(np.log(0.1), 0.0, size=(batch, 1)))
        pk = np.clip(x + steps * dirs * c.span, c.lo, c.hi)
        dist = f(pk)
        better = dist < best - 1e-12
        if better.any():
            ok, _ = ratifiable(c, pk[better], instrument)
            if ok.any():
                cand = pk[better][ok]
                j = int(np.argmin(f(cand)))
                x = cand[j]
                best = float(f(x[None, :])[0])
                continue
        h *= 0.5
        if h < 1e-7:
            break
    return x


def repair_deal(
    sc: Scenario,
    deal_id: str,
    n: int = 16384,
    seed: int = 0,
    starts: int = 16,
    polish: int = 4,
    cost: str = "distance",
) -> RepairResult:
    """The smallest change to deal ``deal_id`` (same instrument) that makes it ratifiable; ``cost`` (one of
    :data:`COSTS`) says what "smallest" means."""
    if cost not in COSTS:
        raise ValueError(f"cost must be one of {', '.join(COSTS)}, got {cost!r}")
    c = compile_scenario(sc)
    j = c.deal_ids.index(deal_id)
    d0 = c.deals[j].copy()
    inst = c.instruments[j]
    values = _discrete_values(sc)
    ok0, veto0 = ratifiable(c, d0[None, :], inst)
    before = [v for v, m in veto0.items() if not m[0]]
    ids = c.issue_ids
    objective = _cost_function(c, d0, cost)
    f_cost = None if cost == "distance" else objective
    method = (
        (
            "cost = utility the actors concede against the deal as written, summed (distance as tie-breaker); "
            if cost == "concessions"
            else ""
        )
        + "distance = sum over issues of |change| / scale span; one-issue repairs exact (acceptance "
        "intervals, winset.analysis.deals.issue_acceptance); multi-issue repair by exact coordinate descent from the "
        f"{starts} nearest ratifiable packages of a {n:,}-point Sobol sample (seed {seed}), the best "
        f"{polish} polished by a feasibility-keeping random-direction pattern search: a local optimum"
    )
    if ok0[0]:
        return RepairResult(
            deal=deal_id,
            instrument=inst,
            already_ratifiable=True,
            found=True,
            distance=0.0,
            package=dict(zip(ids, map(float, d0), strict=True)),
            changes=[],
            single_issue=[],
            blockers_before=[],
            method=method,
            bodies=_body_report(c, d0, inst),
            cost=cost,
        )
    single: list[dict[str, Any]] = []
    starts_pk = []
    for k in range(len(d0)):
        cand = _feasible_values(c, k, d0, inst, values[k], 2) if values[k] is not None else None
        if cand is None:
            acc = issue_acceptance(c, k, d0, inst)
            ends = np.array([np.clip(d0[k], a, b) for a, b in acc.overlap], dtype=float)
            if len(ends):
                pk = np.repeat(d0[None, :], len(ends), 0)
                pk[:, k] = ends
                ok, _ = ratifiable(c, pk, inst)
                cand = _open_end_fix(c, d0, k, ends, ok, inst)
            else:
                cand = np.empty(0)
        if len(cand):
            v = float(cand[np.argmin(np.abs(cand - d0[k]))])
            xk = d0.copy()
            xk[k] = v
            single.append(
                {
                    "issue": ids[k],
                    "to": v,
                    "delta": v - float(d0[k]),
                    "distance": abs(v - float(d0[k])) / float(c.span[k]),
                }
            )
            starts_pk.append(xk)
    single.sort(key=lambda s: float(s["distance"]))
    cands, _ = candidate_packages(sc, c, n, seed)
    ok, _ = ratifiable(c, cands, inst)
    f = cands[ok]
    if len(f):
        near = f[np.argsort(objective(f))[:starts]]
        starts_pk += list(near)
    if not starts_pk:
        blocks = {v: int((~m).sum()) for v, m in ratifiable(c, cands, inst)[1].items()}
        worst = max(blocks, key=lambda v: blocks[v]) if blocks else ""
        return RepairResult(
            deal=deal_id,
            instrument=inst,
            already_ratifiable=False,
            found=False,
            distance=None,
            package=None,
            changes=[],
            single_issue=[],
            blockers_before=before,
            method=method,
            reason=f"no ratifiable package found as a {inst.replace('_', ' ')}: {worst} blocks "
            f"{blocks.get(worst, 0):,} of {len(cands):,} sampled packages",
            cost=cost,
        )
    pulled = np.array([_pull(c, s, d0, inst, values, cost=f_cost) for s in starts_pk])
    okp, _ = ratifiable(c, pulled, inst)
    pulled = pulled[okp]
    best = np.argsort(objective(pulled))[:polish]
    polished = np.array(
        [
            _pull(
                c,
                _polish(c, pulled[b], d0, inst, values, seed + i, cost=f_cost),
                d0,
                inst,
                values,
                cost=f_cost,
            )
            for i, b in enumerate(best)
        ]
    )
    okq, _ = ratifiable(c, polished, inst)
    pulled = np.concatenate([pulled, polished[okq]])
    dist = _distance(pulled, d0, c.span)
    b = int(np.argmin(objective(pulled)))
    x = pulled[b]
    changes = [
        {
            "issue": ids[k],
            "name": sc.issues[k].name,
            "from": float(d0[k]),
            "to": float(x[k]),
            "delta": float(x[k] - d0[k]),
        }
        for k in range(len(d0))
        if round_on_scale(x[k] - d0[k], c.lo[k], c.hi[k]) != 0  # a change too small to show is none
    ]
    return RepairResult(
        deal=deal_id,
        instrument=inst,
        already_ratifiable=False,
        found=True,
        distance=float(dist[b]),
        package=dict(zip(ids, map(float, x), strict=True)),
        changes=changes,
        single_issue=single,
        blockers_before=before,
        method=method,
        bodies=_body_report(c, x, inst),
        cost=cost,
        concessions=concessions(c, d0, x),
    )

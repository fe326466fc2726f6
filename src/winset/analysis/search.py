"""Package search and deal repair: settlements inside every required win-set.

A package ``x`` (a term on every issue, plus a legal instrument) is **ratifiable** when every veto player lets
it through: each veto actor strictly prefers it to no deal and every body that must ratify it passes it
(:func:`winset.ratify.veto_accepts`; the same test as :func:`winset.analysis.deals.evaluate_deals`).  The ratifiable set is
the intersection of the level-II win-sets (Putnam 1988, "Diplomacy and domestic politics: the logic of
two-level games", *International Organization* 42(3), 427-460).

* :func:`search_packages` looks for the ratifiable package maximising the asymmetric Nash product
  ``prod_i (u_i(x) - d_i)^{w_i}`` (Nash 1950, *Econometrica* 18(2); Kalai 1977, *IJGT* 6(3)) over the veto
  actors (every actor when none is a veto player), ``d_i`` the no-deal utility and ``w_i`` proportional to
  capability.  Ratification is a step function of ``x``, so gradients are useless: the search scores a
  scrambled Sobol sample (scipy.stats.qmc; Owen scrambling, seeded) plus the scenario's deals, the reversion
  point, the compromise forecast and the actors' ideal points, all in numpy batches, then refines the best
  ratifiable candidates by **exact coordinate ascent**: along one issue, the other terms held fixed, the set
  of values every veto player accepts is a union of intervals computed exactly
  (:func:`winset.analysis.deals.issue_acceptance`), and the Nash objective is concave on each interval (utilities are
  concave in ``x`` for linear and quadratic loss), so it is maximised on a fine grid of each interval plus
  its ends; then a batched pattern search along oblique directions (pairs of issues and seeded random
  directions, shrinking steps) slides along boundaries that run diagonally, where moving one issue at a
  time stalls, and coordinate ascent finishes.  The result is a local optimum of a non-convex problem; the
  sample makes it a good one, not a certified global one.  Discrete issues (``discrete: true``) only take their anchor values; when every issue
  is discrete and the grid is small, every package is enumerated and the answer is exact.
* The exact Pareto frontier (:mod:`winset.analysis.pareto`) of the ratifiable candidates found is reported with a few
  representative points; when nothing is ratifiable the report says which veto player blocks most
  candidates (and how many it blocks alone).
* :func:`repair_deal` (:mod:`winset.analysis.repair`) finds the smallest change to a named deal that makes
  it ratifiable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from winset.analysis.deals import evaluate_deals, issue_acceptance
from winset.analysis.pareto import bargaining_parties, ks_maxmin, pareto_frontier
from winset.models.compromise import compromise
from winset.ratify import no_deal_utility, veto_accepts
from winset.scenario.compiled import Compiled, compile_scenario
from winset.scenario.schema import Scenario
from winset.utility import actor_utilities

__all__ = [
    "SearchResult",
    "candidate_packages",
    "nash_objective",
    "ratifiable",
    "search_packages",
]

MAX_ENUMERATE = 200_000


# ---------------------------------------------------------------------------------------------------------
# building blocks (pure, batched)
# ---------------------------------------------------------------------------------------------------------
def ratifiable(
    c: Compiled, packages: np.ndarray, instrument: str
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``(d, k)`` packages -> ``(d,)`` ratifiable, and each veto player's ``(d,)`` let-through mask."""
    veto = veto_accepts(c, packages, instrument)
    ok = np.ones(np.asarray(packages).shape[:-1], dtype=bool)
    for v in veto.values():
        ok &= v
    return ok, veto


def nash_objective(c: Compiled, packages: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """``sum_i w_i log(u_i(x) - d_i)`` over the Nash actors (``-inf`` unless every gain is positive);
    ``w`` defaults to capability normalised to sum 1."""
    who = bargaining_parties(c)
    u = actor_utilities(np.asarray(packages, dtype=float), c.positions, c.salience, c.span, c.shape)[..., who]
    g = u - no_deal_utility(c)[who]
    w = c.capability[who] / c.capability[who].sum() if weights is None else np.asarray(weights)[who]
    pos = (g > 0).all(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        val = (w * np.log(np.where(g > 0, g, 1.0))).sum(-1)
    return np.where(pos, val, -np.inf)


def _discrete_values(sc: Scenario) -> list[np.ndarray | None]:
    return [np.array(sorted({a.value for a in i.anchors})) if i.discrete else None for i in sc.issues]


def _snap(x: np.ndarray, values: list[np.ndarray | None]) -> np.ndarray:
    x = np.array(x, dtype=float, copy=True)
    for k, vals in enumerate(values):
        if vals is not None:
            j = np.abs(x[..., k, None] - vals).argmin(-1)
            x[..., k] = vals[j]
    return x


def candidate_packages(sc: Scenario, c: Compiled, n: int = 16384, seed: int = 0) -> tuple[np.ndarray, str]:
    """Candidate packages ``(N, k)`` and how they were made.

    Every discrete grid no larger than :data:`MAX_ENUMERATE` is enumerated in full; otherwise a scrambled Sobol
    sample of ``n`` points (rounded up to a power of two) over the issue scales, discrete issues snapped to the
    nearest anchor, plus the deals, the reversion, the compromise forecast and every actor's ideal point.
    """
    from scipy.stats import qmc

    values = _discrete_values(sc)
    k = len(values)
    if all(v is not None for v in values):
        size = int(np.prod([len(v) for v in values if v is not None]))
        if size <= MAX_ENUMERATE:
            grids = np.meshgrid(*[v for v in values if v is not None], indexing="ij")
            return np.stack(
                [g.ravel() for g in grids], -1
            ), f"all {size:,} combinations of the discrete values"
    m = max(1, int(np.ceil(np.log2(max(n, 2)))))
    s = qmc.Sobol(d=k, scramble=True, seed=seed).random_base2(m)
    pts = c.lo + s * c.span
    seeds = [
        c.deals.reshape(-1, k),
        c.reversion[None, :],
        compromise(c.positions, c.salience, c.capability)[None, :],
        c.positions,
    ]
    pts = np.concatenate([pts, *seeds])
    return (
        _snap(np.clip(pts, c.lo, c.hi), values),
        f"scrambled Sobol sample of {2**m:,} packages (seed {seed}) "
        "+ the deals, the reversion, the compromise forecast and the actors' ideal points",
    )


def _feasible_values(
    c: Compiled, issue: int, x: np.ndarray, instrument: str, values: np.ndarray | None, grid: int
) -> np.ndarray:
    """Values of ``issue`` every veto player accepts with the rest of the package at ``x`` (exact intervals,
    sampled on a grid of each plus its ends; for a discrete issue the accepted anchors)."""
    if values is not None:
        pk = np.repeat(x[None, :], len(values), 0)
        pk[:, issue] = values
        ok, _ = ratifiable(c, pk, instrument)
        return values[ok]
    acc = issue_acceptance(c, issue, x, instrument)
    pts = []
    for a, b in acc.overlap:
        pts.append(np.linspace(a, b, grid))
    if not pts:
        return np.empty(0)
    cand = np.concatenate(pts)
    # interval ends are closures; keep only values that are really accepted (open ends drop out)
    pk = np.repeat(x[None, :], len(cand), 0)
    pk[:, issue] = cand
    ok, _ = ratifiable(c, pk, instrument)
    return cand[ok]


def _split(ok: np.ndarray, counts: list[int]) -> list[np.ndarray]:
    return np.split(ok, np.cumsum(counts)[:-1]) if counts else []


def _accepted_values_batch(
    c: Compiled, issue: int, X: np.ndarray, instrument: str, values: np.ndarray | None, grid: int
) -> list[np.ndarray]:
    """:func:`_feasible_values` for each row of ``X`` ``(R, k)``, the ratification test in one batch."""
    cands = []
    for x in X:
        if values is not None:
            cands.append(values)
            continue
        acc = issue_acceptance(c, issue, x, instrument)
        pts = [np.linspace(a, b, grid) for a, b in acc.overlap]
        cands.append(np.concatenate(pts) if pts else np.empty(0))
    counts = [len(v) for v in cands]
    if not sum(counts):
        return [np.empty(0) for _ in cands]
    pk = np.repeat(X, counts, 0)
    pk[:, issue] = np.concatenate(cands)
    ok, _ = ratifiable(c, pk, instrument)
    return [v[o] for v, o in zip(cands, _split(ok, counts), strict=True)]


def _coordinate_ascent_batch(
    c: Compiled,
    X0: np.ndarray,
    instrument: str,
    values: list[np.ndarray | None],
    rounds: int = 6,
    grid: int = 201,
) -> np.ndarray:
    """Exact coordinate ascent from each row of ``X0`` ``(R, k)``, the rows in lockstep: each step tests the
    candidate values of every still-improving row in one batch.  Row ``r`` of the result is the optimum reached
    from ``X0[r]`` alone (rows never interact)."""
    X = np.array(X0, dtype=float, copy=True).reshape(-1, len(values))
    best = nash_objective(c, X) if len(X) else np.empty(0)
    active = np.ones(len(X), dtype=bool)
    for _ in range(rounds):
        rows = np.flatnonzero(active)
        if not len(rows):
            break
        improved = np.zeros(len(X), dtype=bool)
        for k in range(X.shape[1]):
            rows = np.flatnonzero(active)
            cands = _accepted_values_batch(c, k, X[rows], instrument, values[k], grid)
            counts = [len(v) for v in cands]
            if not sum(counts):
                continue
            pk = np.repeat(X[rows], counts, 0)
            pk[:, k] = np.concatenate(cands)
            vals = _split(nash_objective(c, pk), counts)
            starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
            for r, val, s0 in zip(rows, vals, starts, strict=True):
                if not len(val):
                    continue
                j = int(np.argmax(val))
                if val[j] > best[r] + 1e-12:
                    best[r], X[r] = val[j], pk[s0 + j]
                    improved[r] = True
        active &= improved
    return X


def _coordinate_ascent(
    c: Compiled,
    x0: np.ndarray,
    instrument: str,
    values: list[np.ndarray | None],
    rounds: int = 6,
    grid: int = 201,
) -> np.ndarray:
    """Exact coordinate ascent from one package (:func:`_coordinate_ascent_batch` of one row)."""
    return _coordinate_ascent_batch(c, x0[None, :], instrument, values, rounds, grid)[0]


def _directions(c: Compiled, k: int, cont: list[int], seed: int, n_random: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    dirs = []
    for a in range(len(cont)):
        for b in range(a + 1, len(cont)):
            for sgn in (1.0, -1.0):
                v = np.zeros(k)
                v[cont[a]], v[cont[b]] = 1.0, sgn
                dirs.append(v)
    for _ in range(n_random):
        v = np.zeros(k)
        v[cont] = rng.normal(size=len(cont))
        dirs.append(v)
    dv = np.array(dirs)
    dv /= np.linalg.norm(dv, axis=1, keepdims=True)
    dv *= c.span  # a unit step moves each issue by its share of the span
    return dv


def _direction_search_batch(
    c: Compiled,
    X0: np.ndarray,
    instrument: str,
    values: list[np.ndarray | None],
    seeds: Sequence[int],
    points: int = 65,
    n_random: int = 8,
    tol: float = 1e-5,
) -> np.ndarray:
    """Pattern search along oblique directions from each row of ``X0`` ``(R, k)`` (row ``r`` with seed
    ``seeds[r]``), all rows' steps in one batch.

    Coordinate ascent stalls where the ratifiable region's boundary runs diagonally (a move on one issue alone
    leaves the region).  Each step tries the package ``x + t v`` for ``points`` values of ``t`` in
    ``[-T, T]`` along every pairwise direction ``e_i +- e_j`` and ``n_random`` seeded random directions (in
    units of each scale's span), keeps the best ratifiable one, and shrinks ``T`` by 4 when none improves;
    it stops when ``T`` falls below ``tol`` of the spans.  Discrete issues stay fixed.  Rows never interact.
    """
    X = np.array(X0, dtype=float, copy=True).reshape(-1, len(values))
    k = X.shape[1]
    cont = [j for j in range(k) if values[j] is None]
    if len(cont) < 2 or not len(X):
        return X
    dvs = [_directions(c, k, cont, s, n_random) for s in seeds]
    ts = np.linspace(-1.0, 1.0, points)
    best = nash_objective(c, X)
    big = np.full(len(X), 0.25)
    while (big > tol).any():
        rows = np.flatnonzero(big > tol)
        pks = []
        for r in rows:
            pk = (X[r][None, None, :] + float(big[r]) * ts[None, :, None] * dvs[r][:, None, :]).reshape(-1, k)
            inside = ((pk >= c.lo - 1e-12) & (pk <= c.hi + 1e-12)).all(1)
            pks.append(pk[inside])
        counts = [len(p) for p in pks]
        allpk = np.concatenate(pks)
        ok, _ = ratifiable(c, allpk, instrument)
        val = np.where(ok, nash_objective(c, allpk), -np.inf)
        for r, pk, okr, vr in zip(rows, pks, _split(ok, counts), _split(val, counts), strict=True):
            if okr.any():
                j = int(np.argmax(vr))
                if vr[j] > best[r] + 1e-12:
                    best[r], X[r] = vr[j], pk[j]
                    continue
            big[r] /= 4.0
    return X


# ---------------------------------------------------------------------------------------------------------
# package search
# ---------------------------------------------------------------------------------------------------------
@dataclass
class SearchResult:
    feasible: bool
    instrument: str
    package: dict[str, float] | None
    nash_value: float | None
    gains: dict[str, float]
    utility: dict[str, float]
    no_deal: dict[str, float]
    bodies: list[dict[str, Any]]
    frontier: list[dict[str, Any]]  # representative Pareto points: label, instrument, package, utility
    frontier_size: int
    n_candidates: int
    n_feasible: int
    blockers: dict[str, int]  # veto player -> candidates it blocks
    sole_blockers: dict[str, int]  # veto player -> candidates only it blocks
    method: str
    reason: str = ""
    near_miss: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    concessions: dict[str, dict[str, float]] = field(default_factory=dict)  # actor -> issue -> |x - position|

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def _body_report(c: Compiled, x: np.ndarray, instrument: str) -> list[dict[str, Any]]:
    ev = evaluate_deals(c, x[None, :], instrument)
    out = []
    for b in c.bodies:
        v = ev.votes[b.id]
        out.append(
            {
                "id": b.id,
                "name": b.name,
                "rule": b.rule,
                "applies": bool(v.applies[0]),
                "yes_share": float(v.yes_share[0]),
                "threshold": float(v.threshold),
                "passes": bool(v.passed[0]),
            }
        )
    return out


def search_packages(
    sc: Scenario, n: int = 16384, seed: int = 0, instruments: Sequence[str] | None = None, refine: int = 8
) -> SearchResult:
    """Find the ratifiable package with the highest asymmetric Nash product (see the module docstring).

    ``instruments`` defaults to those of the scenario's deals (``treaty`` when it has none); ``refine`` is the
    number of best candidates per instrument refined by coordinate ascent.
    """
    c = compile_scenario(sc)
    values = _discrete_values(sc)
    if instruments is None:
        instruments = sorted(set(c.instruments)) or ["treaty"]
    cands, how = candidate_packages(sc, c, n, seed)
    nd = no_deal_utility(c)
    feas_pk, feas_inst, feas_u = [], [], []
    blocks = {v: 0 for v in c.veto_players}
    sole = {v: 0 for v in c.veto_players}
    best: tuple[float, np.ndarray, str] | None = None
    near: tuple[int, np.ndarray, str, list[str]] | None = None
    exact = how.startswith("all ")
    resampled: list[str] = []
    for inst in instruments:
        ok, veto = ratifiable(c, cands, inst)
        stack = (
            np.stack([~veto[v] for v in c.veto_players])
            if c.veto_players
            else np.zeros((0, len(cands)), bool)
        )
        nblock = stack.sum(0)
        for j, v in enumerate(c.veto_players):
            blocks[v] += int(stack[j].sum())
            sole[v] += int((stack[j] & (nblock == 1)).sum())
        if not ok.all():
            # nearest miss: fewest blockers, then best Nash value among those
            m = nblock.min()
            idx = np.flatnonzero(nblock == m)
            val = nash_objective(c, cands[idx])
            j = int(idx[np.argmax(val)])
            if m > 0 and (near is None or m < near[0]):
                near = (int(m), cands[j], inst, [v for i, v in enumerate(c.veto_players) if stack[i, j]])
        f = np.flatnonzero(ok)
        pool = cands
        if not len(f) and not exact and len(cands):
            # a thin ratifiable region can slip between the sample's points: sample again around the nearest
            # misses (fewest blockers), at two scales, before giving up on this instrument
            rng = np.random.default_rng(seed + 7919)
            near_idx = np.argsort(nblock, kind="stable")[:64]
            cloud = (
                cands[near_idx][:, None, :]
                + rng.normal(size=(len(near_idx), 128, cands.shape[1]))
                * c.span
                * np.array([0.02, 0.08]).repeat(64)[None, :, None]
            )
            cloud = _snap(np.clip(cloud.reshape(-1, cands.shape[1]), c.lo, c.hi), values)
            ok2, _ = ratifiable(c, cloud, inst)
            if ok2.any():
                pool, f = cloud, np.flatnonzero(ok2)
                resampled.append(inst)
        if not len(f):
            continue
        pk = pool[f]
        val = nash_objective(c, pk)
        top = f[np.argsort(-val)[:refine]] if not exact else f[np.argsort(-val)[:1]]
        if exact:
            refined = np.empty((0, pk.shape[1]))
        else:  # the best candidates refined together, in lockstep (each as if alone)
            refined = _coordinate_ascent_batch(c, pool[top], inst, values)
            refined = _direction_search_batch(c, refined, inst, values, [seed + r for r in range(len(top))])
            refined = _coordinate_ascent_batch(c, refined, inst, values)
        allpk = np.concatenate([pk, np.array(refined).reshape(-1, pk.shape[1])])
        feas_pk.append(allpk)
        feas_inst += [inst] * len(allpk)
        feas_u.append(actor_utilities(allpk, c.positions, c.salience, c.span, c.shape))
        allval = nash_objective(c, allpk)
        j = int(np.argmax(allval))
        if np.isfinite(allval[j]) and (best is None or allval[j] > best[0]):
            best = (float(allval[j]), allpk[j], inst)
    n_total = len(cands) * len(instruments)
    method = (
        f"{how}; each package tested as {', '.join(instruments)}"
        + (
            ""
            if exact
            else f"; best {refine} ratifiable per instrument refined by exact coordinate ascent "
            "and oblique pattern search"
        )
        + (
            f"; no sampled package was ratifiable as {', '.join(resampled)}: resampled around the nearest "
            "misses"
            if resampled
            else ""
        )
    )
    ids = c.issue_ids
    if not feas_pk:
        worst = max(blocks, key=lambda v: blocks[v]) if blocks else ""
        reason = (
            f"ZOPA empty: none of the {n_total:,} candidate packages is ratifiable. "
            f"{worst} blocks the most ({blocks.get(worst, 0):,} of {n_total:,})"
            + (f", {sole.get(worst, 0):,} of them alone" if worst else "")
            + "."
        )
        nm = None
        if near is not None:
            nm = {
                "package": dict(zip(ids, map(float, near[1]), strict=True)),
                "instrument": near[2],
                "blocked_by": near[3],
            }
            reason += f" The nearest miss is blocked only by {', '.join(near[3])}."
        return SearchResult(
            feasible=False,
            instrument="",
            package=None,
            nash_value=None,
            gains={},
            utility={},
            no_deal=dict(zip(c.actor_ids, map(float, nd), strict=True)),
            bodies=[],
            frontier=[],
            frontier_size=0,
            n_candidates=n_total,
            n_feasible=0,
            blockers=blocks,
            sole_blockers=sole,
            method=method,
            reason=reason,
            near_miss=nm,
        )
    P = np.concatenate(feas_pk)
    U = np.concatenate(feas_u)
    fr = pareto_frontier(U, unique=True)
    reps: list[dict[str, Any]] = []

    def rep(label: str, j: int) -> None:
        reps.append(
            {
                "label": label,
                "instrument": feas_inst[j],
                "package": dict(zip(ids, map(float, P[j]), strict=True)),
                "utility": dict(zip(c.actor_ids, map(float, U[j]), strict=True)),
            }
        )

    for i, a in enumerate(c.actor_ids):
        j = int(fr[np.argmax(U[fr, i])])
        rep(f"best for {a}", j)
    # the same actors as the Nash product: a non-veto actor's ideal point is no bargaining point
    bp = bargaining_parties(c)
    ks = ks_maxmin(U[:, bp], nd[bp], candidates=fr)
    if ks is not None:
        rep("Kalai–Smorodinsky", ks)
    rep("max total utility", int(fr[0]))
    notes = []
    if best is None:
        # ratifiable packages exist but none gives every Nash actor a positive gain (non-veto actors lose)
        j = int(fr[0])
        best = (float("-inf"), P[j], feas_inst[j])
        notes.append("no ratifiable package gives every Nash actor a gain; showing the max-welfare one")
    x, inst = best[1], best[2]
    u = actor_utilities(x[None, :], c.positions, c.salience, c.span, c.shape)[0]
    return SearchResult(
        feasible=True,
        instrument=inst,
        package=dict(zip(ids, map(float, x), strict=True)),
        nash_value=best[0] if np.isfinite(best[0]) else None,
        gains=dict(zip(c.actor_ids, map(float, u - nd), strict=True)),
        utility=dict(zip(c.actor_ids, map(float, u), strict=True)),
        no_deal=dict(zip(c.actor_ids, map(float, nd), strict=True)),
        bodies=_body_report(c, x, inst),
        frontier=reps,
        frontier_size=len(fr),
        n_candidates=n_total,
        n_feasible=len(P),
        blockers=blocks,
        sole_blockers=sole,
        method=method,
        notes=notes,
        concessions=concessions_from_positions(c, x),
    )


def concessions_from_positions(c: Compiled, x: np.ndarray) -> dict[str, dict[str, float]]:
    """Who concedes what in package ``x``: per actor, per issue it cares about, how far ``x`` lies from its
    position (scale units; 0: it gets its way there)."""
    return {
        a: {
            c.issue_ids[k]: float(abs(x[k] - c.positions[n, k]))
            for k in range(len(x))
            if c.salience[n, k] > 0
        }
        for n, a in enumerate(c.actor_ids)
    }


# ---------------------------------------------------------------------------------------------------------
# deal repair
# ---------------------------------------------------------------------------------------------------------

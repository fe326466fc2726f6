"""A plain per-actor loop implementation of the Scholz, Calbert & Smith (2011) BDM model.

Written independently of :mod:`winset.models.bdm` (no numpy, no closed forms: every vote is summed voter by
voter) so that it can serve as a test oracle and as the baseline of ``benchmarks/bench_bdm.py``.  Same
options and equations as :func:`winset.models.bdm.bdm`; one problem (one issue, one draw) at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class LoopResult:
    positions: list[list[float]]  # rounds+1 lists of n positions (original scale)
    median: list[float]
    mean: list[float]
    risk: list[list[float]]
    probability: list[list[float]]  # first round P_ij
    eu: list[list[float]]  # first round EU_i(i -> j)


def _votes(
    k: int, i: int, j: int, x: Sequence[float], w: Sequence[float], r: Sequence[float] | None
) -> float:
    """Voter k's vote for x_i against x_j (S-eq. 4); with ``r`` the voter's risk exponent is applied."""
    e = 1.0 if r is None else r[k]
    return w[k] * (abs(x[k] - x[j]) ** e - abs(x[k] - x[i]) ** e)


def _median(x: Sequence[float], w: Sequence[float]) -> float:
    n = len(x)
    worsts = []
    for i in range(n):
        worst = 0.0
        for j in range(n):
            total = 0.0
            for k in range(n):
                total += _votes(k, i, j, x, w, None)
            worst = min(worst, total)
        worsts.append(worst)
    top = max(worsts)
    for i in range(n):  # first actor whose worst pairwise margin ties the best (within rounding)
        if worsts[i] >= top - 1e-12 * (1.0 + sum(w)):
            return x[i]
    return x[0]


def _probability(
    i: int, j: int, x: Sequence[float], w: Sequence[float], r: Sequence[float], variant: str
) -> float:
    if x[i] == x[j]:
        return 0.0
    n = len(x)
    if variant == "paper":
        num = den = 0.0
        for k in range(n):
            v = _votes(k, i, j, x, w, None)
            num += max(v, 0.0)
            den += abs(v)
        return num / den if den > 0 else 0.0
    num = sum(max(_votes(k, i, j, x, w, r), 0.0) for k in range(n))
    den = 0.0
    for k in range(n):
        for a in range(n):
            for b in range(n):
                den += abs(_votes(k, a, b, x, w, r))
    return num / den if den > 0 else 0.0


def _eu(
    i: int, j: int, x: Sequence[float], s: Sequence[float], p: float, mu: float, r: float, q: float
) -> float:
    d = abs(x[i] - x[j])
    dm = abs(x[i] - mu)
    us = 2 - 4 * (0.5 - 0.5 * d) ** r
    uf = 2 - 4 * (0.5 + 0.5 * d) ** r
    usq = 2 - 4 * 0.5**r
    eu = s[j] * (p * us + (1 - p) * uf) + (1 - s[j]) * us - q * usq
    if q != 1.0:
        ub = 2 - 4 * max(0.5 - 0.25 * (dm + d), 0.0) ** r
        uw = 2 - 4 * (0.5 + 0.25 * (dm + d)) ** r
        t = 1.0 if dm < d else 0.0
        eu -= (1 - q) * (t * ub + (1 - t) * uw)
    return eu


def bdm_loop(
    positions: Sequence[float],
    capability: Sequence[float],
    salience: Sequence[float],
    *,
    lo: float | None = None,
    hi: float | None = None,
    rounds: int = 10,
    probability: str = "paper",
    selection: str = "least_move",
    q: float = 1.0,
    risk: str = "scholz",
    stop: str = "fixed_point",
    tol: float = 1e-9,
) -> LoopResult:
    """Plain-loop BDM for one issue (see :mod:`winset.models.bdm` for the equations and options)."""
    n = len(positions)
    lo_v = min(positions) if lo is None else lo
    hi_v = max(positions) if hi is None else hi
    span = hi_v - lo_v if hi_v > lo_v else 1.0
    x = [(p - lo_v) / span for p in positions]
    s = list(salience)
    w = [capability[i] * s[i] for i in range(n)]
    wsum = sum(w)
    traj, med, mean, risks = [list(x)], [_median(x, w)], [sum(w[i] * x[i] for i in range(n)) / wsum], []
    p_first: list[list[float]] = []
    eu_first: list[list[float]] = []
    done = False
    for t in range(rounds):
        if done:
            traj.append(list(x))
            med.append(med[-1])
            mean.append(mean[-1])
            risks.append([1.0] * n)
            continue
        mu = _median(x, w)
        ones = [1.0] * n
        r = ones
        if risk == "scholz":
            p1 = [[_probability(i, j, x, w, ones, probability) for j in range(n)] for i in range(n)]
            exposure = []
            for i in range(n):
                e = 0.0
                for j in range(n):
                    if j != i:
                        e += _eu(j, i, x, s, p1[j][i], mu, 1.0, q)
                exposure.append(e)
            emax, emin = max(exposure), min(exposure)
            r = []
            for i in range(n):
                big = (2 * exposure[i] - emax - emin) / (emax - emin) if emax - emin > 1e-12 else 0.0
                r.append((1 - big / 3) / (1 + big / 3))
        risks.append(list(r))
        p = [[_probability(i, j, x, w, r, probability) for j in range(n)] for i in range(n)]
        if t == 0:
            p_first = p
            eu_first = [[_eu(i, j, x, s, p[i][j], mu, r[i], q) for j in range(n)] for i in range(n)]
        new = list(x)
        for i in range(n):
            offers: dict[str, list[tuple[float, float]]] = {
                "confrontation": [],
                "compromise": [],
                "capitulation": [],
            }
            for j in range(n):
                if j == i or abs(x[j] - x[i]) <= 1e-9:
                    continue
                ei = _eu(i, j, x, s, p[i][j], mu, r[i], q)
                ej = _eu(j, i, x, s, p[j][i], mu, r[i], q)
                tie = 1e-12  # as winset.models.bdm.TIE
                if ej - ei > tie and ei > tie:
                    offers["confrontation"].append((abs(x[j] - x[i]), x[j]))
                elif ej > tie and ei < -tie and ej + ei > tie:
                    pos = x[i] + (x[j] - x[i]) * abs(ei / ej)
                    key = abs(pos - x[i])
                    if selection == "code":
                        key = (abs(ei) * x[i] + abs(ej) * x[j]) / (abs(ei) + abs(ej))
                    offers["compromise"].append((key, pos))
                elif ej > tie and ei < -tie:
                    offers["capitulation"].append((abs(x[j] - x[i]), x[j]))
            for kind in ("confrontation", "compromise", "capitulation"):
                if offers[kind]:
                    best = offers[kind][0]
                    for o in offers[kind][1:]:
                        if o[0] < best[0]:
                            best = o
                    new[i] = best[1]
                    break
        moved = max(abs(new[i] - x[i]) for i in range(n))
        x = new
        traj.append(list(x))
        med.append(_median(x, w))
        mean.append(sum(w[i] * x[i] for i in range(n)) / wsum)
        if stop == "fixed_point" and moved <= tol:
            done = True

    def back(v: float) -> float:
        return v * span + lo_v

    return LoopResult(
        positions=[[back(v) for v in row] for row in traj],
        median=[back(v) for v in med],
        mean=[back(v) for v in mean],
        risk=risks,
        probability=p_first,
        eu=eu_first,
    )

"""The zone of possible agreement (ZOPA): packages every veto actor prefers to no deal and every applicable body
passes.

Exact per-issue slices (:func:`winset.analysis.deals.issue_acceptance`); in the full space a seeded search (batch
sampling, then differential evolution on the smallest *slack*, :func:`veto_slack`) returns a witness package or
says honestly that none was found; a pairwise check names the pairs of veto players with no common acceptable
package found, and the per-issue gaps say where they fall apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from winset.analysis.deals import sticking_points
from winset.analysis.parties import red_line_clashes
from winset.analysis.winsets.gains import _member_gain
from winset.ratify import EPS, body_applies, no_deal_utility, passes, veto_accepts
from winset.scenario.compiled import Compiled
from winset.scenario.domains import text_on_scale
from winset.utility import actor_utilities


def veto_slack(
    c: Compiled, packages: np.ndarray, instruments: Sequence[str] | str = "treaty"
) -> dict[str, np.ndarray]:
    """A continuous margin per veto player, positive (> EPS) exactly when it lets the package through.

    Actor: ``u(x) - u(no deal)`` (its own no deal), at most ``-(violation + 2 EPS)`` where ``x`` breaks one of
    its red lines.  Body that must ratify: the gain ``u_m(x) - u_m(r) + c_m`` of the weakest
    member in the smallest yes-coalition of the best-off members that meets the rule (a weighted order
    statistic); a body that need not ratify: ``+1``.  ``packages`` ``(d, k)`` -> ``{id: (d,)}``.
    """
    packages = np.atleast_2d(np.asarray(packages, dtype=float))
    out: dict[str, np.ndarray] = {}
    bodies = {b.id: b for b in c.bodies}
    u = actor_utilities(packages, c.positions, c.salience, c.span, c.shape)
    u_nd = no_deal_utility(c)
    for v in c.veto_players:
        if v in bodies:
            b = bodies[v]
            gain = _member_gain(c, b, packages)
            order = np.argsort(-gain, axis=-1, kind="stable")
            g_sorted = np.take_along_axis(gain, order, -1)
            w_sorted = b.weights[order]
            share = np.cumsum(w_sorted, -1) / b.weights.sum()
            ok = passes(share, b.rule, np.asarray(b.threshold))  # (d, m): coalition of the first j+1 passes
            first = np.where(ok.any(-1), ok.argmax(-1), -1)
            sl = np.where(
                first >= 0, np.take_along_axis(g_sorted, np.maximum(first, 0)[:, None], -1)[:, 0], -1.0
            )
            app = body_applies(b, packages, instruments, c.reversion)
            out[v] = np.where(app, sl, 1.0)
        else:
            n = c.actor_index(v)
            out[v] = u[..., n] - u_nd[n]
            if c.red_lines is not None:
                bad = ~c.red_lines.keeps(packages)[..., n]
                pen = -c.red_lines.violation(packages, c.span)[..., n] - 2 * EPS
                out[v] = np.where(bad, np.minimum(out[v], pen), out[v])
    return out


@dataclass
class Zopa:
    """The zone of possible agreement: packages all veto players let through."""

    nonempty: bool
    exact: bool
    witness: dict[str, float] | None
    method: str
    samples: int
    seed: int
    accepts_nothing: list[str] = field(default_factory=list)  # veto players with no acceptable package found
    disjoint_pairs: list[tuple[str, str]] = field(default_factory=list)  # no package both accept found
    issue_gaps: list[dict[str, object]] = field(default_factory=list)  # deadlocked issues at the reference
    best_min_slack: float = 0.0
    blocking_at_best: list[str] = field(default_factory=list)
    slices: list[dict[str, object]] = field(default_factory=list)  # exact per-issue ZOPA, others at reference
    scales: dict[str, tuple[float, float]] = field(
        default_factory=dict
    )  # issue -> (min, max): text precision

    def _text(self, issue: str, x: float) -> str:
        lo, hi = self.scales.get(issue, (-np.inf, np.inf))
        return text_on_scale(x, lo, hi)

    @property
    def verdict(self) -> str:
        if self.nonempty:
            terms = ", ".join(f"{k}={self._text(k, v)}" for k, v in (self.witness or {}).items())
            return f"non-empty (witness {terms})"
        if self.exact:
            return "empty (exact)"
        return f"no witness found in {self.samples:,} samples + differential evolution (seed {self.seed})"

    def reasons(self) -> list[str]:
        out = []
        for v in self.accepts_nothing:
            out.append(f"{v} accepts no package at all (prefers no deal to everything found)")
        for a, b in self.disjoint_pairs:
            out.append(f"{a} and {b}: no package found that both let through")
        for g in self.issue_gaps:
            gap = float(g["gap"])  # type: ignore[arg-type]
            what = (
                f"gap of {self._text(str(g['issue']), gap)}"
                if gap > 0
                else "acceptable ranges touch but do not overlap"
            )
            out.append(f"issue {g['issue']}: {what} between {g['binding']} (others at the reference)")
        if not out and self.blocking_at_best:
            out.append(
                "every pair can agree, but not all at once; closest package found is blocked by "
                + ", ".join(self.blocking_at_best)
            )
        return out


def _search(
    c: Compiled, ids: Sequence[str], base: np.ndarray, instrument: str, seed: int, maxiter: int
) -> tuple[np.ndarray, float]:
    """Best package for ``min(slack of ids)``: best of ``base`` then differential evolution (Storn & Price
    1997) from a seeded population."""
    from scipy.optimize import differential_evolution

    def f(x: np.ndarray) -> np.ndarray:
        pk = np.atleast_2d(np.asarray(x, dtype=float))
        if pk.shape[-1] != len(c.lo):
            pk = pk.T
        sl = veto_slack(c, pk, instrument)
        return np.asarray(-np.min(np.stack([sl[v] for v in ids]), axis=0))

    vals = -f(base)
    j = int(np.argmax(vals))
    if vals[j] > EPS or maxiter <= 0:
        return base[j], float(vals[j])
    res = differential_evolution(
        f,
        list(zip(c.lo, c.hi, strict=True)),
        seed=seed,
        maxiter=maxiter,
        popsize=15,
        polish=False,
        vectorized=True,
        updating="deferred",
        x0=base[j],
        tol=0,
        atol=0,
    )
    if -res.fun > vals[j]:
        return np.asarray(res.x), float(-res.fun)
    return base[j], float(vals[j])


def zopa(
    c: Compiled,
    reference: np.ndarray | None = None,
    samples: int = 20_000,
    seed: int = 0,
    instrument: str = "treaty",
    maxiter: int = 60,
) -> Zopa:
    """Is there a package every veto actor prefers to no deal and every applicable body passes?

    Exact for one issue (the acceptance slice *is* the space).  Otherwise: evaluate the scenario's deals, the
    per-issue overlaps at ``reference``, every actor's and member's ideal point and ``samples`` uniform
    draws (seeded) in one batch; if none is accepted by all, maximise the smallest slack
    (:func:`veto_slack`) by differential evolution.  A witness proves non-emptiness; failing to find one is
    reported as such, with the reasons.  Exact and without a search when two veto actors' red lines exclude
    each other on an issue (:func:`winset.analysis.parties.red_line_clashes`; the clashing pairs are the
    reasons).  Otherwise the reasons are: veto players that accept nothing found, pairs of veto players with
    no common package found (the same search per pair) and the per-issue gaps of
    :func:`winset.analysis.deals.sticking_points`.
    """
    if c.batch_shape:
        raise ValueError("zopa works on one scenario draw")
    k = len(c.issue_ids)
    ref = np.asarray(c.reversion if reference is None else reference, dtype=float)
    sp = sticking_points(c, ref, instrument)
    gaps: list[dict[str, object]] = [
        {"issue": a.issue, "gap": a.gap, "binding": a.binding} for a in sp if a.kind == "deadlock"
    ]
    rng = np.random.default_rng(seed)
    cands = [c.deals.reshape(-1, k), c.positions.reshape(-1, k), ref[None, :]]
    for b in c.bodies:
        ideal = np.where(b.salience > 0, b.ideal, ref)
        cands.append(ideal)
    for a in sp:
        for lo_, hi_ in a.overlap:
            x = ref.copy()
            x[c.issue_index(a.issue)] = (lo_ + hi_) / 2
            cands.append(x[None, :])
    cands.append(rng.uniform(c.lo, c.hi, size=(samples, k)))
    base = np.clip(np.concatenate(cands), c.lo, c.hi)
    acc = veto_accepts(c, base, instrument)
    allok = np.ones(len(base), dtype=bool)
    for v in acc.values():
        allok &= v
    ids = list(c.veto_players)
    sl = veto_slack(c, base, instrument)
    mins = np.min(np.stack([sl[v] for v in ids]), 0) if ids else np.ones(len(base))
    nwit = None
    method = "batch sampling"
    clashes = red_line_clashes(c)
    if clashes:  # two veto players' red lines exclude each other on an issue: empty, no search needed
        method = (
            "exact (red lines clash: " + "; ".join(" against ".join(x.labels) for x in clashes.values()) + ")"
        )
    elif allok.any():  # the most robust witness: largest smallest slack among the accepted packages
        nwit = base[int(np.argmax(np.where(allok, mins, -np.inf)))]
    else:
        x, _ = _search(c, ids, base, instrument, seed, maxiter)
        method = "batch sampling + differential evolution"
        if all(bool(np.asarray(v)[0]) for v in veto_accepts(c, x[None, :], instrument).values()):
            nwit = x
    exact = k == 1 or bool(clashes)
    if k == 1:
        method = "exact (one issue)"
    witness = None if nwit is None else dict(zip(c.issue_ids, map(float, nwit), strict=True))
    slices: list[dict[str, object]] = [
        {
            "issue": a.issue,
            "overlap": [list(o) for o in a.overlap],
            "kind": a.kind,
            "gap": a.gap,
            "binding": list(a.binding) if a.binding else None,
            "blocked_by": list(a.blocked_by),
        }
        for a in sorted(sp, key=lambda a: c.issue_index(a.issue))
    ]
    z = Zopa(
        nonempty=nwit is not None,
        exact=exact,
        witness=witness,
        method=method,
        samples=len(base),
        seed=seed,
        issue_gaps=gaps,
        slices=slices,
        scales={i: (float(c.lo[k]), float(c.hi[k])) for k, i in enumerate(c.issue_ids)},
    )
    if nwit is not None:
        z.best_min_slack = (
            float(min(veto_slack(c, nwit[None, :], instrument)[v][0] for v in ids)) if ids else 1.0
        )
        return z
    j = int(np.argmax(mins))
    z.best_min_slack = float(mins[j])
    z.blocking_at_best = [v for v in ids if sl[v][j] <= EPS]
    if clashes:  # the pairs whose red lines clash are disjoint for certain; nothing else is searched
        z.disjoint_pairs = list(dict.fromkeys((x.floor, x.ceiling) for x in clashes.values()))
        return z
    alone: dict[str, bool] = {}
    for pid in ids:
        if (acc[pid]).any():
            alone[pid] = True
        else:
            _, s1 = _search(c, [pid], base, instrument, seed, maxiter)
            alone[pid] = s1 > EPS
    z.accepts_nothing = [pid for pid in ids if not alone[pid]]
    for p1, p2 in combinations([pid for pid in ids if alone[pid]], 2):
        if (acc[p1] & acc[p2]).any():
            continue
        _, s2 = _search(c, [p1, p2], base, instrument, seed, maxiter)
        if s2 <= EPS:
            z.disjoint_pairs.append((p1, p2))
    return z

"""Deals: evaluation against no deal, Pareto dominance, and sticking points.

* :func:`evaluate` scores packages for every actor and ratifier and says who would block each one.
* :func:`pareto_dominated` marks packages that another package beats for every actor.
* :func:`sticking_points` finds, per issue, the range of values each veto player can accept (holding
  the other issues at a reference package), the gap where those ranges fail to overlap, and ranks the
  issues by ``gap x salience``: the "one big issue" is the top of that list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from winset.analysis.pareto import dominates, pareto_mask
from winset.analysis.routes import RouteResult, evaluate_routes, ratified
from winset.ratify import EPS, Vote, actor_accepts, no_deal_utility, veto_accepts, vote
from winset.scenario.compiled import Compiled
from winset.utility import actor_utilities, normalised_weights


@dataclass(frozen=True)
class Evaluation:
    """Scores of ``d`` packages; every array may carry leading batch axes."""

    utility: np.ndarray  # (*batch, d, n)
    no_deal: np.ndarray  # (*batch, n)
    accepts: np.ndarray  # (*batch, d, n)
    votes: dict[str, Vote]
    veto: dict[str, np.ndarray]  # id -> (*batch, d) lets it through
    ratifiable: np.ndarray  # (*batch, d)
    dominated: np.ndarray  # (*batch, d) Pareto-dominated by another package in the set
    routes: tuple[tuple[RouteResult, ...], ...] = ()  # per deal its routes (when ``Compiled.routed``)

    @property
    def gain(self) -> np.ndarray:
        return self.utility - self.no_deal[..., None, :]

    def blockers(self, j: int) -> list[str]:
        """Veto players that block package ``j`` (unbatched evaluations only)."""
        return [v for v, ok in self.veto.items() if not bool(np.asarray(ok)[..., j].all())]


def pareto_dominated(util: np.ndarray) -> np.ndarray:
    """``util`` ``(*batch, d, n)`` -> ``(*batch, d)``: True where some other row is >= on every actor and
    > on one (weak Pareto dominance, Pareto 1906).

    Few packages (the deals on the table, batched over draws): an all-pairs comparison.  Many packages (a
    search's candidates): the exact skyline of :func:`winset.analysis.pareto.pareto_mask`, without the ``d x d`` array.
    """
    d = util.shape[-2]
    if d > 256:
        flat = util.reshape(-1, d, util.shape[-1])
        return np.stack([~pareto_mask(u) for u in flat]).reshape(util.shape[:-1])
    # challenger (axis -2) against candidate (axis -3)
    return np.asarray(dominates(util[..., None, :, :], util[..., :, None, :], tol=EPS).any(-1))


def evaluate_deals(
    c: Compiled, packages: np.ndarray | None = None, instruments: Sequence[str] | str | None = None
) -> Evaluation:
    """Evaluate packages (default: the scenario's deals) for every actor, body and veto player."""
    routed = packages is None and c.routed and len(c.deal_routes) == len(c.deal_ids) == c.deals.shape[-2]
    if packages is None:
        packages = c.deals
        instruments = c.instruments if instruments is None else instruments
    packages = np.asarray(packages, dtype=float)
    if instruments is None:
        instruments = "treaty"
    util = actor_utilities(packages, c.positions, c.salience, c.span, c.shape)
    votes = {b.id: vote(b, packages, c.reversion, c.span, instruments, c.issue_ids) for b in c.bodies}
    veto = veto_accepts(c, packages, instruments)
    ok = np.ones(packages.shape[:-1], dtype=bool)
    for v in veto.values():
        ok &= v
    no_deal, accepts = no_deal_utility(c), actor_accepts(c, packages)
    routes: tuple[tuple[RouteResult, ...], ...] = ()
    if routed:  # ratified when some open route passes (winset.analysis.routes)
        routes = evaluate_routes(c, votes, util, no_deal, accepts)
        ok = np.broadcast_to(ratified(routes, c.batch_shape), ok.shape).copy()
    return Evaluation(
        utility=util,
        no_deal=no_deal,
        accepts=accepts,
        votes=votes,
        veto=veto,
        ratifiable=ok,
        dominated=pareto_dominated(util),
        routes=routes,
    )


def red_line_breakpoints(c: Compiled, issue: int) -> list[float]:
    """Every red-line bound on ``issue`` (of actors and of members; unbatched): where acceptance may change."""
    out = [] if c.red_lines is None else list(np.ravel(c.red_lines.bounds_on(issue)))
    for b in c.bodies:
        if b.red_lines is not None:
            out += list(np.ravel(b.red_lines.bounds_on(issue)))
    return [float(x) for x in out]


def red_lines_broken(c: Compiled, package: np.ndarray) -> dict[str, list[str]]:
    """The red lines one unbatched ``package`` ``(k,)`` breaks, per party: actor id, or ``body/member`` for a
    member of a body: ``{"RU": ["control ≥ 45"], "ref/GC": ["x ≤ 40"]}`` (parties that break none left out)."""
    out: dict[str, list[str]] = {}
    pk = np.asarray(package, dtype=float)
    if c.red_lines is not None:
        for n, a in enumerate(c.actor_ids):
            if labels := c.red_lines.reasons(pk, n):
                out[a] = labels
    for b in c.bodies:
        if b.red_lines is not None:
            for m, mid in enumerate(b.member_ids):
                if labels := b.red_lines.reasons(pk, m):
                    out[f"{b.id}/{mid}"] = labels
    return out


def blocking_red_lines(
    c: Compiled, package: np.ndarray, blockers: Sequence[str], instrument: str = "treaty"
) -> dict[str, list[str]]:
    """Why each of ``blockers`` blocks ``package``, where a red line is the reason: ``{"RU": ["red line control ≥
    45"], "ref": ["GC: red line x ≤ 40"]}``.  A body's entry names the red lines of members that vote no for
    them (and would not otherwise be enough to pass it is not claimed); blockers with no red line broken are left
    out (they prefer their no deal, or their vote fails on the merits)."""
    broken = red_lines_broken(c, package)
    bodies = {b.id: b for b in c.bodies}
    out: dict[str, list[str]] = {}
    for v in blockers:
        if v in bodies:
            rows = [
                f"{key.split('/', 1)[1]}: red line {lab}"
                for key, labs in broken.items()
                if key.split("/", 1)[0] == v
                for lab in labs
            ]
        else:
            rows = [f"red line {lab}" for lab in broken.get(v, [])]
        if rows:
            out[v] = rows
    return out


# ---------------------------------------------------------------------------------------------------------
# sticking points
# ---------------------------------------------------------------------------------------------------------
def acceptance_radius(
    ideal: np.ndarray,
    salience: np.ndarray,
    shape: np.ndarray | float,
    reference: np.ndarray,
    reversion: np.ndarray,
    span: np.ndarray,
    issue: int | np.ndarray,
    no_deal_cost: np.ndarray | float = 0.0,
) -> np.ndarray:
    """How far from its ideal on ``issue`` each voter accepts, other issues held at ``reference``.

    Voter i accepts x when ``L_i(x) < L_i(r) + cost_i`` with ``L`` the weighted distance loss.  Holding the
    other issues at ``reference`` leaves a budget ``B = L_i(r) + cost_i - sum_{j != k} w_ij d_ij^e`` for issue
    k, so it accepts ``|x_k - p_ik| < span_k * (B / w_ik) ** (1/e)``.  Returns that radius (in scale units)
    per voter; ``nan`` when the budget is not positive (nothing on this issue suffices), ``inf`` when the
    voter does not care about the issue but accepts the rest.  Shapes: ideal/salience ``(m, k)``.  With an array
    of issue indices, one radius per voter and issue: ``(m, len(issue))``.
    """
    w = normalised_weights(salience)
    e = np.broadcast_to(np.asarray(shape, dtype=float), w.shape[:-1])[..., None]
    d_ref = (np.abs(reference - ideal) / span) ** e
    d_rev = (np.abs(reversion - ideal) / span) ** e
    idx = np.atleast_1d(np.asarray(issue, dtype=int))
    base = (w * d_rev).sum(-1) + no_deal_cost - (w * d_ref).sum(-1)
    budget = base[..., None] + w[..., idx] * d_ref[..., idx]
    wk = w[..., idx]
    with np.errstate(divide="ignore", invalid="ignore"):
        r = span[idx] * (np.maximum(budget, 0.0) / wk) ** (1.0 / e)
    r = np.where(wk <= 0, np.where(budget > EPS, np.inf, np.nan), r)
    r = np.where(budget > EPS, r, np.nan)
    return r[..., 0] if np.ndim(issue) == 0 else r


@dataclass
class IssueAcceptance:
    issue: str
    ranges: dict[str, list[tuple[float, float]]]  # veto player -> accepted intervals (closure)
    overlap: list[tuple[float, float]]  # values every veto player accepts
    gap: float  # in scale units; 0 when ranges overlap
    gap_share: float  # gap / scale span
    salience: float  # mean normalised salience of the veto players on this issue
    score: float  # deadlock: gap_share * salience; fixable: move_share * salience; else 0
    binding: tuple[str, str] | None  # (player with the highest floor, player with the lowest ceiling)
    blocked_by: list[str] = field(default_factory=list)  # accept no value here given the rest of the package
    kind: str = "agreed"  # deadlock | fixable | blocked_elsewhere | agreed
    move: float = 0.0  # fixable: distance from the reference value to the nearest value all accept
    reference_value: float = 0.0

    @property
    def rank_key(self) -> tuple[int, float, str]:
        order = {"deadlock": 0, "fixable": 1, "blocked_elsewhere": 2, "agreed": 3}[self.kind]
        return (order, -self.score, self.issue)


def _runs(points: np.ndarray, ok: np.ndarray) -> list[tuple[float, float]]:
    """Closed intervals where ``ok`` holds.

    ``points`` interleaves breakpoints (even indices) and the midpoints between them (odd indices).
    Acceptance is constant between breakpoints, so a run that starts or ends at a midpoint really extends
    to the neighbouring breakpoint: that breakpoint is the interval's end (its closure).
    """
    out: list[tuple[float, float]] = []
    n = len(points)
    i = 0
    while i < n:
        if not ok[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and ok[j + 1]:
            j += 1
        start = points[i - 1] if i % 2 == 1 else points[i]
        end = points[j + 1] if j % 2 == 1 else points[j]
        out.append((float(start), float(end)))
        i = j + 1
    return out


def _breakpoints_all(
    c: Compiled, reference: np.ndarray, issues: Sequence[int] | None = None
) -> list[np.ndarray]:
    """Per issue (default: every issue), where any veto player's acceptance along it may change, the other issues
    at ``reference``: each voter's acceptance-interval ends, body conditions, red-line bounds, the reversion value,
    the scale ends."""
    return _breakpoints_many(c, np.asarray(reference, dtype=float)[None, :], issues)[0]


def _breakpoints_many(
    c: Compiled, references: np.ndarray, issues: Sequence[int] | None = None
) -> list[list[np.ndarray]]:
    """:func:`_breakpoints_all` for each row of ``references`` ``(V, k)`` at once (one radius computation per
    voter group for all references and issues)."""
    idx = np.arange(len(c.issue_ids)) if issues is None else np.asarray(issues, dtype=int)
    refs = np.asarray(references, dtype=float)[:, None, :]  # (V, 1, k) against (voters, k)
    ends = []  # (V, voters, len(idx)) arrays of interval ends
    r = acceptance_radius(
        c.positions, c.salience, c.shape, refs, c.reversion_of_actors(), c.span, idx, c.no_deal_penalty
    )
    p = c.positions[:, idx]
    ends += [p - r, p + r]
    for b in c.bodies:
        rb = acceptance_radius(
            b.ideal, b.salience, b.shape, refs, b.member_reversion(c.reversion), c.span, idx, b.no_deal_cost
        )
        pb = b.ideal[:, idx]
        ends += [pb - rb, pb + rb]
    cols = np.concatenate(ends, axis=-2)  # (V, all voters, len(idx))
    fixed = []
    for k in idx:
        extra = [c.lo[k], c.hi[k], c.reversion[k]]
        extra += [value for b in c.bodies for j, op, value in b.conditions if op != "changed" and j == k]
        extra += red_line_breakpoints(c, int(k))
        fixed.append(np.asarray(extra, dtype=float))
    out = []
    for v in range(cols.shape[0]):
        row = []
        for n, k in enumerate(idx):
            col = cols[v, :, n]
            bps = np.concatenate([fixed[n], col[np.isfinite(col)]])
            row.append(np.unique(np.clip(bps, c.lo[k], c.hi[k])))
        out.append(row)
    return out


def _probe(
    c: Compiled, issue: int, reference: np.ndarray, bp: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The breakpoints along ``issue`` (default: :func:`_breakpoints_all`) interleaved with their midpoints, and
    the packages there (other issues at ``reference``)."""
    if bp is None:
        bp = _breakpoints_all(c, reference, [issue])[0]
    pts = np.empty(2 * len(bp) - 1)
    pts[0::2] = bp
    pts[1::2] = (bp[:-1] + bp[1:]) / 2
    pk = np.repeat(np.asarray(reference, dtype=float)[None, :], len(pts), axis=0)
    pk[:, issue] = pts
    return pts, pk


def issue_acceptance(
    c: Compiled, issue: int, reference: np.ndarray, instrument: str = "treaty"
) -> IssueAcceptance:
    """Exact acceptance sets of every veto player on one issue, the rest of the package at ``reference``.

    Acceptance is piecewise constant in ``x_k`` between breakpoints (each voter's acceptance-interval ends,
    body conditions, the reversion value, the scale ends), so testing every breakpoint and every midpoint
    between two neighbours classifies the whole line exactly.  Own no-deal points enter the radii, red-line
    bounds are breakpoints, and every point is judged by :func:`winset.ratify.veto_accepts`.
    """
    lo, hi = c.lo[issue], c.hi[issue]
    pts, pk = _probe(c, issue, reference)
    acc = veto_accepts(c, pk, instrument)
    ranges = {v: _runs(pts, ok) for v, ok in acc.items()}
    allok = np.ones(len(pts), dtype=bool)
    for ok in acc.values():
        allok &= ok
    overlap = _runs(pts, allok)
    live = {v: rg for v, rg in ranges.items() if rg}
    blocked = [v for v, rg in ranges.items() if not rg]
    gap, binding = 0.0, None
    if not overlap and live:
        floor_v = max(live, key=lambda v: live[v][0][0])
        ceil_v = min(live, key=lambda v: live[v][-1][1])
        gap = max(0.0, live[floor_v][0][0] - live[ceil_v][-1][1])
        binding = (floor_v, ceil_v)
    sal = veto_salience(c, issue)
    span = hi - lo
    x0 = float(reference[issue])
    move = 0.0
    if blocked:
        kind, score = "blocked_elsewhere", 0.0
    elif not overlap:
        kind, score = "deadlock", gap / span * sal
    else:
        move = min(0.0 if a <= x0 <= b else min(abs(x0 - a), abs(x0 - b)) for a, b in overlap)
        kind = "fixable" if move > EPS else "agreed"
        score = move / span * sal
    return IssueAcceptance(
        issue=c.issue_ids[issue],
        ranges=ranges,
        overlap=overlap,
        gap=gap,
        gap_share=gap / span,
        salience=sal,
        score=score,
        binding=binding,
        blocked_by=blocked,
        kind=kind,
        move=move,
        reference_value=x0,
    )


def veto_salience(c: Compiled, issue: int) -> float:
    """Mean normalised salience of the veto players on ``issue`` (a body: its members' weighted mean)."""
    vals = []
    bodies = {b.id: b for b in c.bodies}
    wa = normalised_weights(c.salience)
    for v in c.veto_players:
        if v in bodies:
            b = bodies[v]
            wm = normalised_weights(b.salience)[:, issue]
            vals.append(float((wm * b.weights).sum() / b.weights.sum()))
        else:
            vals.append(float(wa[c.actor_index(v), issue]))
    if not vals:
        vals = list(wa[:, issue])
    return float(np.mean(vals))


def sticking_points(c: Compiled, reference: np.ndarray, instrument: str = "treaty") -> list[IssueAcceptance]:
    """Every issue's acceptance analysis, most blocking first.

    ``reference`` is the package the other issues are held at (a forecast, a deal, or any point).  Each issue
    is one of:

    * ``deadlock``: the veto players' acceptable ranges do not overlap; score ``gap/span x salience``;
    * ``fixable``: they overlap but the reference value lies outside the overlap, so moving this issue alone
      (by ``move``) makes the package acceptable to all; score ``move/span x salience``;
    * ``blocked_elsewhere``: some veto player accepts no value here, given the rest of the package;
    * ``agreed``: the reference value is already acceptable to all.

    Deadlocks rank first, then fixable issues, each by score.  The top issue is "the one big issue".
    """
    if c.batch_shape:
        raise ValueError("sticking_points works on one scenario draw; index the batch first")
    ref = np.asarray(reference, dtype=float)
    res = [issue_acceptance(c, k, ref, instrument) for k in range(len(c.issue_ids))]
    return sorted(res, key=lambda a: a.rank_key)


def closest_deal(ev: Evaluation, parties: np.ndarray | None = None) -> int | None:
    """Index of the deal nearest to agreement: fewest blocking veto players, then the highest smallest gain
    over no deal across ``parties`` (actor indices; the bargaining parties of
    :func:`winset.analysis.pareto.bargaining_parties`, as the Nash and Kalai–Smorodinsky points weigh them;
    every actor when ``None``).  ``None`` when there are no deals."""
    n = ev.utility.shape[-2]
    if n == 0:
        return None
    blockers = (
        np.sum([~v for v in ev.veto.values()], axis=0, dtype=int) if ev.veto else np.zeros(n, dtype=int)
    )
    gain = ev.gain if parties is None else ev.gain[..., parties]
    min_gain = gain.min(axis=-1) if gain.shape[-1] else np.zeros(n)
    return int(np.lexsort((-min_gain, blockers))[0])


def resolve_reference(c: Compiled, reference: str = "auto", ev: Evaluation | None = None) -> str:
    """The package a sticking-point analysis holds the other issues at: ``auto`` becomes the deal nearest to
    agreement (:func:`closest_deal`), or ``compromise`` when there are no deals; other names are returned as
    they are (a forecast model or a deal id)."""
    if reference != "auto":
        return reference
    from winset.analysis.pareto import bargaining_parties

    best = closest_deal(ev if ev is not None else evaluate_deals(c), bargaining_parties(c))
    return "compromise" if best is None else c.deal_ids[best]

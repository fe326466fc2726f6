"""Sticking points from the parties, not from the deals on the table.

For each issue ``k`` and each veto player ``v``: the values of ``x_k`` that ``v`` accepts when every other issue
is at ``v``'s *best terms* (:func:`best_terms`): an actor's ideal point moved inside its red lines; a body's
weighted median of its members' ideal points on each issue (the point its median member would pick; the shared
reversion on issues no member cares about), moved inside every member's single-bound red lines.  An actor's
utility is additive over issues, so its ideal elsewhere gives it the widest acceptable range on ``k``: if the
actors' ranges on ``k`` do not meet, no package at all satisfies them.  For a body the median is a good, not a
provably best, completion.

Where the ranges of the veto players do not overlap the issue is a *deadlock*, ranked by ``gap / span x
salience`` (:func:`winset.analysis.deals.veto_salience`).  Where they overlap but the overlap leaves out some
veto player's own best value, the issue is *contested*, ranked by the concessions it asks for:
``sum_v s_vk |b_vk - O_k| / span_k`` (``b_vk`` the player's best value, ``|b - O|`` its distance to the overlap
``O_k``, ``s_vk`` its normalised salience on the issue).  A *red-line clash* (:func:`red_line_clashes`): two
veto players (actors) hold red lines on the issue that no value meets together (``control >= 73`` against
``control <= 55``, or ``army_cap <= 600`` against ``army_cap > 600``); the issue is then a deadlock whatever the
ranges say (they are closed intervals, so two strict bounds that touch seem to overlap in one point), the gap
is the larger of the ranges' gap and the red lines' gap, and both red lines are named.  *Unacceptable*: some veto player accepts no value even
at its best terms elsewhere.  The top deadlock, else the top contested issue, is "the one big issue".  Nothing
here reads the deals, so adding or removing a deal never changes the answer.  Acceptance along each line is exact
(breakpoints and midpoints judged by the rule of :func:`winset.ratify.veto_accepts`, as in
:func:`winset.analysis.deals.issue_acceptance`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from winset.analysis.deals import _breakpoints_many, _probe, _runs, veto_salience
from winset.ratify import actor_accepts, vote
from winset.scenario.compiled import Compiled, CompiledBody
from winset.scenario.redlines import RedLines
from winset.utility import normalised_weights


@dataclass
class PartyRanges:
    """What each veto player accepts on one issue, the other issues at its own best terms."""

    issue: str
    ranges: dict[str, list[tuple[float, float]]]  # veto player -> accepted closed intervals
    overlap: list[tuple[float, float]]  # values every veto player accepts (at its own best terms)
    gap: float  # scale units; 0 when the ranges meet
    gap_share: float
    salience: float
    score: float  # deadlock: gap_share x salience; contested: the concession score; else 0
    binding: tuple[str, str] | None  # (highest floor, lowest ceiling) in a deadlock
    kind: str = "open"  # deadlock | unacceptable | contested | open (see the module docstring)
    accepts_nothing: list[str] = field(default_factory=list)
    concessions: dict[str, float] = field(default_factory=dict)  # veto player -> distance to the overlap
    best: dict[str, float] = field(default_factory=dict)  # veto player -> its best value on this issue
    red_line_clash: list[str] = field(default_factory=list)  # ["RU: control ≥ 73", "UA: control ≤ 55"]

    @property
    def rank_key(self) -> tuple[int, float, str]:
        order = {"deadlock": 0, "unacceptable": 1, "contested": 2, "open": 3}
        return (order[self.kind], -self.score, self.issue)


def _into_red_lines(
    rl: RedLines | None, party: int, x: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> np.ndarray:
    """``x`` moved inside party ``party``'s red lines: every broken bound of an ``all`` red line, and the least
    broken bound of an ``any_of``, clipped to its value (within the scale)."""
    if rl is None or rl.empty:
        return x
    x = x.copy()
    for j in rl.of_party(party):
        if not rl.broken(x[None, :])[0, j]:
            continue
        stop = rl.start[j + 1] if j + 1 < len(rl.start) else len(rl.issue)
        atoms = np.arange(rl.start[j], stop)
        over = -rl.margin(x[None, :])[0, atoms]
        pick = atoms[over > 0] if not rl.any_of[j] else atoms[[int(np.argmin(over))]]
        for a in pick:
            k = int(rl.issue[a])
            x[k] = float(np.clip(rl.value[a], lo[k], hi[k]))
    return x


def _body_best(c: Compiled, b: CompiledBody) -> np.ndarray:
    """A body's best terms: per issue the weighted median of the ideal points of the members that care."""
    out = np.asarray(c.reversion, dtype=float).copy()
    for k in range(len(c.issue_ids)):
        care = (b.salience[:, k] > 0) & (b.weights > 0)
        if not care.any():
            continue
        p, w = b.ideal[care, k], b.weights[care]
        order = np.argsort(p, kind="stable")
        cum = np.cumsum(w[order])
        out[k] = float(p[order][int(np.searchsorted(cum, cum[-1] / 2))])
    if b.red_lines is not None:
        for m in range(len(b.member_ids)):
            rl = b.red_lines
            single = [j for j in rl.of_party(m) if not rl.any_of[j]]
            if single:
                out = _into_red_lines(rl, m, out, c.lo, c.hi)
    return out


def best_terms(c: Compiled) -> dict[str, np.ndarray]:
    """Each veto player's best terms ``(k,)`` (see the module docstring); unbatched scenarios."""
    return {v: _own_best(c, v) for v in c.veto_players}


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out = []
    for x0, x1 in a:
        for y0, y1 in b:
            lo, hi = max(x0, y0), min(x1, y1)
            if lo <= hi:
                out.append((lo, hi))
    return out


def _player_accepts(c: Compiled, v: str, packages: np.ndarray) -> np.ndarray:
    """Whether veto player ``v`` lets each package through, judged as a treaty (:func:`veto_accepts`'s rule)."""
    bodies = {b.id: b for b in c.bodies}
    if v in bodies:
        vt = vote(bodies[v], packages, c.reversion, c.span, "treaty", c.issue_ids)
        return np.asarray(~vt.applies | vt.passed)
    return np.asarray(actor_accepts(c, packages)[..., c.actor_index(v)])


def _all_ranges(c: Compiled, best: dict[str, np.ndarray]) -> list[dict[str, list[tuple[float, float]]]]:
    """Per issue, each veto player's accepted intervals with the other issues at its ``best`` terms (one batched
    acceptance test per veto player)."""
    k_all = range(len(c.issue_ids))
    out: list[dict[str, list[tuple[float, float]]]] = [{} for _ in k_all]
    many = _breakpoints_many(c, np.stack(list(best.values()))) if best else []
    for (v, ref), bps in zip(best.items(), many, strict=True):
        probes = [_probe(c, k, ref, bps[k]) for k in k_all]
        ok = _player_accepts(c, v, np.concatenate([pk for _, pk in probes]))
        at = 0
        for k, (pts, _) in enumerate(probes):
            out[k][v] = _runs(pts, ok[at : at + len(pts)])
            at += len(pts)
    return out


@dataclass(frozen=True)
class Clash:
    """Two veto players' red lines that no value of one issue meets together."""

    floor: str  # the veto player whose bound asks for a value at least this high
    ceiling: str  # the veto player whose bound asks for a value at most this high
    gap: float  # floor bound - ceiling bound (scale units; 0 when two bounds touch and one is strict)
    labels: tuple[str, str]  # ("RU: control ≥ 73", "UA: control ≤ 55")


def red_line_clashes(c: Compiled) -> dict[int, Clash]:
    """Per issue index: the clash of the highest floor and the lowest ceiling that veto players (actors) set
    there with red lines that must hold on their own (one bound, or a bound of an ``all_of``); issues without
    a clash are left out.  Unbatched scenarios."""
    rl = c.red_lines
    if rl is None or rl.empty or c.batch_shape:
        return {}
    bodies = {b.id for b in c.bodies}
    veto = {c.actor_index(v): v for v in c.veto_players if v not in bodies}
    floors: dict[int, tuple[float, bool, str, str]] = {}
    ceilings: dict[int, tuple[float, bool, str, str]] = {}
    for j in range(len(rl.party)):
        who = veto.get(int(rl.party[j]))
        if who is None or rl.any_of[j]:
            continue
        stop = int(rl.start[j + 1]) if j + 1 < len(rl.start) else len(rl.issue)
        for a in range(int(rl.start[j]), stop):
            k, v, strict = int(rl.issue[a]), float(rl.value[a]), bool(rl.strict[a])
            item = (v, strict, who, f"{who}: {rl.labels[j]}")
            if rl.sign[a] > 0:  # ge/gt: the highest floor, a strict one first on a tie
                if k not in floors or (v, strict) > floors[k][:2]:
                    floors[k] = item
            elif k not in ceilings or (v, not strict) < (ceilings[k][0], not ceilings[k][1]):
                ceilings[k] = item
    out = {}
    for k in floors.keys() & ceilings.keys():
        (fv, fs, fw, fl), (cv, cs, cw, cl) = floors[k], ceilings[k]
        if fw != cw and (fv > cv or (fv == cv and (fs or cs))):
            out[k] = Clash(floor=fw, ceiling=cw, gap=fv - cv, labels=(fl, cl))
    return out


def party_ranges(
    c: Compiled,
    issue: int,
    best: dict[str, np.ndarray],
    ranges: dict[str, list[tuple[float, float]]] | None = None,
    start: dict[str, np.ndarray] | None = None,
    clash: Clash | None = None,
) -> PartyRanges:
    """The acceptable values of every veto player on ``issue``, each with the other issues at its best terms."""
    if ranges is None:
        ranges = {}
        for v, ref in best.items():
            pts, pk = _probe(c, issue, ref)
            ranges[v] = _runs(pts, _player_accepts(c, v, pk))
    live = {v: rg for v, rg in ranges.items() if rg}
    nothing = [v for v, rg in ranges.items() if not rg]
    overlap: list[tuple[float, float]] = [(float(c.lo[issue]), float(c.hi[issue]))]
    for rg in live.values():
        overlap = _intersect(overlap, rg)
    span = float(c.hi[issue] - c.lo[issue])
    sal = veto_salience(c, issue)
    gap, binding, kind, score = 0.0, None, "open", 0.0
    start = best_terms(c) if start is None else start
    own = {v: float(start[v][issue]) for v in best}
    concessions: dict[str, float] = {}
    if nothing:
        kind = "unacceptable"
    elif not overlap and live:
        floor_v = max(live, key=lambda v: live[v][0][0])
        ceil_v = min(live, key=lambda v: live[v][-1][1])
        gap = max(0.0, live[floor_v][0][0] - live[ceil_v][-1][1])
        binding, kind, score = (floor_v, ceil_v), "deadlock", gap / span * sal
    else:
        concessions = {v: abs(_clip_into(x, overlap) - x) for v, x in own.items()}
        score = sum(_player_salience(c, v, issue) * d / span for v, d in concessions.items())
        kind = "contested" if score > 1e-12 else "open"
    if clash is not None:  # a red-line clash is a deadlock whatever the (closed) ranges say
        if kind != "deadlock" or clash.gap >= gap:
            gap, binding = clash.gap, (clash.floor, clash.ceiling)
        kind, score, concessions = "deadlock", gap / span * sal, {}
    return PartyRanges(
        issue=c.issue_ids[issue],
        ranges=ranges,
        overlap=overlap,
        gap=gap,
        gap_share=gap / span,
        salience=sal,
        score=score,
        binding=binding,
        kind=kind,
        accepts_nothing=nothing,
        concessions=concessions,
        best=own,
        red_line_clash=list(clash.labels) if clash is not None else [],
    )


def _own_best(c: Compiled, v: str) -> np.ndarray:
    """Veto player ``v``'s own best terms, before narrowing (:func:`best_terms`)."""
    bodies = {b.id: b for b in c.bodies}
    if v in bodies:
        return _body_best(c, bodies[v])
    n = c.actor_index(v)
    return _into_red_lines(c.red_lines, n, np.asarray(c.positions[n], dtype=float), c.lo, c.hi)


def _player_salience(c: Compiled, v: str, issue: int) -> float:
    """Normalised salience of ``issue`` to veto player ``v`` (a body: its members' weighted mean)."""
    bodies = {b.id: b for b in c.bodies}
    if v in bodies:
        b = bodies[v]
        wm = normalised_weights(b.salience)[:, issue]
        return float((wm * b.weights).sum() / b.weights.sum())
    return float(normalised_weights(c.salience)[c.actor_index(v), issue])


def _clip_into(x: float, intervals: list[tuple[float, float]]) -> float:
    """The point of a union of closed intervals nearest to ``x``."""
    return min((min(max(x, a), b) for a, b in intervals), key=lambda y: abs(y - x))


MAX_ROUNDS = 12
"""Rounds of narrowing in :func:`party_sticking_points` (it stops earlier when nothing moves)."""


def party_sticking_points(c: Compiled) -> list[PartyRanges]:
    """Every issue's :class:`PartyRanges`, deadlocks first (largest score first); unbatched scenarios.

    Narrowing to what is attainable: each veto player's best terms on an issue are moved to the nearest value
    every veto player accepts there (the overlap of the ranges of the round before), and the ranges are
    recomputed, until nothing moves or an issue deadlocks.  For actors this never invents a deadlock: a package
    every veto player accepts stays inside every overlap (moving another issue to the nearest value of an
    overlap holding that package's term only brings an actor closer to its ideal there).
    """
    if c.batch_shape:
        raise ValueError("party_sticking_points works on one scenario draw; index the batch first")
    start = best_terms(c)
    best = {v: x.copy() for v, x in start.items()}
    k_all = range(len(c.issue_ids))
    clashes = red_line_clashes(c)
    rows = [party_ranges(c, k, best, rg, start, clashes.get(k)) for k, rg in enumerate(_all_ranges(c, best))]
    for _ in range(MAX_ROUNDS):
        if any(r.kind in ("deadlock", "unacceptable") for r in rows):
            break
        moved = {
            v: np.array([_clip_into(float(x[k]), rows[k].overlap) for k in k_all]) for v, x in start.items()
        }
        if all(np.allclose(moved[v], best[v], rtol=0, atol=1e-9) for v in best):
            break
        best = moved
        rows = [
            party_ranges(c, k, best, rg, start, clashes.get(k)) for k, rg in enumerate(_all_ranges(c, best))
        ]
    return sorted(rows, key=lambda a: a.rank_key)


def one_big_issue(rows: list[PartyRanges]) -> str | None:
    """The top deadlock, else the top contested issue of :func:`party_sticking_points`; ``None`` when every veto
    player's best value lies in what all accept on every issue (or someone accepts nothing at all)."""
    return rows[0].issue if rows and rows[0].kind in ("deadlock", "contested") else None

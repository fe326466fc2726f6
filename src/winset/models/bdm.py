"""Bueno de Mesquita's expected-utility model (EUM), as specified by Scholz, Calbert & Smith (2011).

Reference: J. B. Scholz, G. J. Calbert and G. A. Smith, "Unravelling Bueno De Mesquita's group decision
model", *Journal of Theoretical Politics* 23(4): 510-531 (2011) (conference version: ICAART 2011), after
B. Bueno de Mesquita, "Political forecasting: an expected utility method", in Bueno de Mesquita & Stokman
(eds.), *European Community Decision Making*, Yale UP 1994, ch. 4.  Equation numbers below ("S-eq. n") are
those of Scholz et al. as cited by the independent C# implementation ``decisionmechanics/eum``.

One issue at a time (issues are independent in the model).  Actor ``i`` has a position ``x_i`` (normalised
here to [0, 1] on the issue scale), capability ``c_i`` and salience ``s_i``; ``w_i = c_i s_i``.  Each round:

1. **Votes** (S-eq. 4): voter ``k`` casts ``v_k(i:j) = w_k (|x_k - x_j| - |x_k - x_i|)`` for ``x_i`` against
   ``x_j``.  The **median** is the actor position that no other actor position beats in these pairwise
   votes (the Condorcet winner; the capability x salience weighted median in one dimension).
2. **Probability of success** ``P_ij`` that ``i`` wins a contest with ``j`` (S-eq. 30).  Two readings:

   * ``probability="paper"``: ``P_ij = sum_k max(0, v_k(i:j)) / sum_k |v_k(i:j)|`` (so ``P_ij + P_ji = 1``);
   * ``probability="code"``: the form in the authors' program as reproduced by J. McKibben's replication
     (github.com/jmckib/bdm-scholz-expected-utility-model; decisionmechanics/eum's README reports that it
     replicates the paper's results): votes
     use each voter's current risk exponent, ``w_k(|x_k-x_j|^r_k - |x_k-x_i|^r_k)``, and the denominator is
     the sum of absolute votes over *every* voter and *every* ordered pair of actors.  The resulting ``P``
     are small (about ``1/n``) and do not sum to one.

3. **Utilities** of challenger ``i`` against ``j`` seen with risk exponent ``r`` (S-eqs. 15-19, 24), with
   ``d = |x_i - x_j|`` and ``mu`` the median:
   ``U_s = 2 - 4(0.5 - 0.5 d)^r``, ``U_f = 2 - 4(0.5 + 0.5 d)^r``,
   ``U_b = 2 - 4(0.5 - 0.25(|x_i - mu| + d))^r``, ``U_w = 2 - 4(0.5 + 0.25(|x_i - mu| + d))^r``,
   ``U_sq = 2 - 4 * 0.5^r``.
4. **Expected utility of a challenge** (S-eqs. 25a/b):
   ``EU_i(i->j) = s_j (P_ij U_s + (1 - P_ij) U_f) + (1 - s_j) U_s - Q U_sq - (1 - Q)(T U_b + (1 - T) U_w)``
   with ``T = 1`` when ``|x_i - mu| < |x_i - x_j|`` (Eftekhari & Rahimi 2014, sec. 2.6) and ``Q`` the
   probability that the status quo persists (``q``; 1 in the replication code, which drops the last term).
5. **Risk exponents** (S-eqs. 32-33): with every ``r = 1``, actor ``i``'s exposure is
   ``E_i = sum_{j != i} EU_j(j->i)``; ``R_i = (2 E_i - max E - min E) / (max E - min E)`` and
   ``r_i = (1 - R_i/3) / (1 + R_i/3)`` in [1/2, 2] (``risk="scholz"``, the default).  Alternatives:
   ``risk="neutral"`` (every ``r = 1``) and ``risk="declared"``: each actor's ``risk`` from the scenario
   (the analyst's judgement of its risk attitude, held fixed over the rounds) instead of the endogenous one.
6. **Offers** (S-sec. 6).  Receiver ``i`` compares, with its own ``r_i``, ``e_i = EU_i(i->j)`` and
   ``e_j = EU_j(j->i)`` for every other position ``x_j``:
   *confrontation* when ``e_j > e_i > 0`` (``i`` loses and moves to ``x_j``); *compromise* when
   ``e_j > 0 > e_i`` and ``e_j > |e_i|`` (``i`` moves to ``x_i + (x_j - x_i)|e_i / e_j|``); *capitulation*
   when ``e_j > 0 > e_i`` and ``e_j <= |e_i|`` (``i`` moves to ``x_j``).  ``i`` accepts a confrontation
   if any, else a compromise, else a capitulation, choosing among offers of that kind the one that moves
   it least (``selection="least_move"``, the paper) or, for compromises, the one with the smallest
   ``(|e_i| x_i + |e_j| x_j) / (|e_i| + |e_j|)`` (``selection="code"``, the replication program).
   Everyone moves at once.  (McKibben's program tests capitulation with ``e_j < |e_j|``, which never holds;
   we use the paper's condition under both ``selection`` options.)  Actors closer than ``SAME`` (1e-9 of
   the scale) make each other no offers; expected utilities within ``TIE`` (1e-12) of each other or of 0
   count as equal.
7. **Stopping rule**.  BDM (1994) iterates "until the issue is resolved"; Scholz et al. run a fixed number
   of rounds.  Here: at most ``rounds`` rounds; with ``stop="fixed_point"`` a problem stops (its trajectory
   stays constant) once no actor moves by more than ``tol`` (on the 0-1 scale) in a round; ``stop="none"``
   always runs every round.  The forecast is the median of the last round (``forecast``); the weighted mean
   is reported alongside.

Everything is vectorised over a leading batch axis (issues x Monte Carlo draws); loops run over rounds only.
The "paper" probability uses a closed form over sorted positions (O(n^2 log n) per problem); the "code"
probability needs every voter x pair (O(n^3)).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

Probability = Literal["paper", "code"]
Selection = Literal["least_move", "code"]
Stop = Literal["fixed_point", "none"]

KINDS = ("none", "confrontation", "compromise", "capitulation")
SAME = 1e-9
"""Positions closer than this (on the 0-1 scale) count as the same: no offers pass between them."""
TIE = 1e-12
"""Expected utilities closer than this count as equal in the offer rules (symmetric dyads produce exact ties
that rounding would otherwise break at random)."""


@dataclass(frozen=True)
class BDMResult:
    """Trajectories of one or many BDM runs (original issue scale).

    ``positions`` ``(*batch, rounds+1, n)`` (row 0 = input); ``median`` / ``mean`` ``(*batch, rounds+1)``;
    ``risk`` ``(*batch, rounds, n)`` risk exponents used in each round; ``move`` ``(*batch, rounds, n)`` the
    kind of offer each actor accepted (index into :data:`KINDS`); ``partner`` ``(*batch, rounds, n)`` the
    actor whose offer it accepted (-1: none); ``rounds_run`` ``(*batch,)`` rounds before the stopping rule
    fired.  First-round diagnostics on the 0-1 scale: ``first_probability`` ``(*batch, n, n)`` ``P_ij`` and
    ``first_eu`` ``(*batch, n, n)`` ``EU_i(i->j)`` with the first-round risk exponents.
    """

    positions: np.ndarray
    median: np.ndarray
    mean: np.ndarray
    risk: np.ndarray
    move: np.ndarray
    partner: np.ndarray
    rounds_run: np.ndarray
    first_probability: np.ndarray
    first_eu: np.ndarray
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def forecast(self) -> np.ndarray:
        """The model's prediction: the median position after the last round, ``(*batch,)``."""
        return self.median[..., -1]


# ---------------------------------------------------------------------------------------------------------
# pure pieces (all take x on [0, 1] with a flat batch axis B)
# ---------------------------------------------------------------------------------------------------------
def _rowsearch(sorted_x: np.ndarray, q: np.ndarray, side: Literal["left", "right"]) -> np.ndarray:
    """``searchsorted`` per batch row: sorted_x ``(B, n)``, q ``(B, ...)`` -> indices in [0, n]."""
    b, n = sorted_x.shape
    off = (np.arange(b, dtype=float) * 4.0).reshape((b,) + (1,) * (q.ndim - 1))
    idx = np.searchsorted((sorted_x + np.arange(b)[:, None] * 4.0).ravel(), (q + off).ravel(), side=side)
    return idx.reshape(q.shape) - (np.arange(b) * n).reshape(off.shape)


def pairwise_vote_shares(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positive and negative vote totals for every ordered pair (S-eq. 4, linear votes).

    Returns ``(pro, con)`` of shape ``(B, n, n)``: ``pro[i, j] = sum_k max(0, v_k(i:j))`` and
    ``con[i, j] = sum_k max(0, -v_k(i:j))`` with ``v_k(i:j) = w_k(|x_k - x_j| - |x_k - x_i|)``.
    Closed form over positions sorted per row: with ``a < b`` the two positions and ``m`` their midpoint,
    voters at or below ``a`` give the lower one ``b - a``, voters in ``(a, m]`` give it ``a + b - 2 x_k``;
    symmetrically for the upper one (voters at ``m`` give zero either way).
    """
    bsz, n = x.shape
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, -1)
    ws = np.take_along_axis(w, order, -1)
    zero = np.zeros((bsz, 1))
    cw = np.concatenate([zero, np.cumsum(ws, -1)], -1)  # cw[t] = weight of the t smallest
    cm = np.concatenate([zero, np.cumsum(ws * xs, -1)], -1)
    wt = cw[:, -1][:, None, None]
    # per actor: weight (and weighted position) at or below / strictly below its position
    le = _rowsearch(xs, x, "right")
    lt = _rowsearch(xs, x, "left")
    w_le, m_le = np.take_along_axis(cw, le, -1), np.take_along_axis(cm, le, -1)
    w_lt, m_lt = np.take_along_axis(cw, lt, -1), np.take_along_axis(cm, lt, -1)
    xi, xj = x[:, :, None], x[:, None, :]
    i_low = xi < xj
    a, b = np.where(i_low, xi, xj), np.where(i_low, xj, xi)
    w_le_a = np.where(i_low, w_le[:, :, None], w_le[:, None, :])
    m_le_a = np.where(i_low, m_le[:, :, None], m_le[:, None, :])
    w_lt_b = np.where(i_low, w_lt[:, None, :], w_lt[:, :, None])
    m_lt_b = np.where(i_low, m_lt[:, None, :], m_lt[:, :, None])
    mid = _rowsearch(xs, 0.5 * (a + b), "right")
    flat = mid.reshape(bsz, -1)
    w_m = np.take_along_axis(cw, flat, -1).reshape(mid.shape)
    m_m = np.take_along_axis(cm, flat, -1).reshape(mid.shape)
    s_ab, ln = a + b, b - a
    low = ln * w_le_a + s_ab * (w_m - w_le_a) - 2.0 * (m_m - m_le_a)  # votes for the lower position
    high = ln * (wt - w_lt_b) + 2.0 * (m_lt_b - m_m) - s_ab * (w_lt_b - w_m)
    low, high = np.maximum(low, 0.0), np.maximum(high, 0.0)
    same = xi == xj
    pro = np.where(same, 0.0, np.where(i_low, low, high))
    con = np.where(same, 0.0, np.where(i_low, high, low))
    return pro, con


def median_position(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The Condorcet winner among actor positions under the linear votes of S-eq. 4: ``(B, n) -> (B,)``.

    The total vote for ``x_i`` against ``x_j`` is ``F(x_j) - F(x_i)`` with ``F(y) = sum_k w_k |x_k - y|``, so
    the winner is the actor position minimising ``F`` (a weighted median); ties go to the first actor.
    """
    f = (w[:, None, :] * np.abs(x[:, :, None] - x[:, None, :])).sum(-1)
    best = np.argmax(
        f <= f.min(-1, keepdims=True) + 1e-12 * (1.0 + np.abs(f).max(-1, keepdims=True)), axis=-1
    )
    return np.take_along_axis(x, best[:, None], -1)[:, 0]


def probability_paper(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``P_ij = sum_k max(0, v_k(i:j)) / sum_k |v_k(i:j)|`` (S-eq. 30); 0 when ``x_i = x_j``."""
    pro, con = pairwise_vote_shares(x, w)
    tot = pro + con
    return np.divide(pro, tot, out=np.zeros_like(pro), where=tot > 0)


def probability_code(x: np.ndarray, w: np.ndarray, r: np.ndarray, chunk_elems: int = 2_000_000) -> np.ndarray:
    """The replication program's ``P_ij`` (see the module docstring): O(n^3) per problem."""
    bsz, n = x.shape
    out = np.empty((bsz, n, n))
    step = max(1, chunk_elems // max(n**3, 1))
    for s in range(0, bsz, step):
        xs, ws, rs = x[s : s + step], w[s : s + step], r[s : s + step]
        y = np.abs(xs[:, :, None] - xs[:, None, :]) ** rs[:, :, None]  # y[b, k, a] = |x_k - x_a|^r_k
        v = ws[:, :, None, None] * (y[:, :, None, :] - y[:, :, :, None])  # v[b, k, i, j]
        num = np.maximum(v, 0.0).sum(1)
        ys = np.sort(y, axis=-1)
        coef = 2.0 * np.arange(n) - n + 1.0
        den = 2.0 * (ws * (ys * coef).sum(-1)).sum(-1)  # sum_k w_k sum_{a,b} |y_ka - y_kb|
        p = np.divide(num, den[:, None, None], out=np.zeros_like(num), where=den[:, None, None] > 0)
        same = xs[:, :, None] == xs[:, None, :]
        out[s : s + step] = np.where(same, 0.0, p)
    return out


def expected_utility(
    x: np.ndarray, s: np.ndarray, p: np.ndarray, mu: np.ndarray, r: Any, q: float
) -> np.ndarray:
    """``EU[i, j]``: expected utility to ``i`` of challenging ``j`` (S-eqs. 15-19, 24, 25), ``(B, n, n)``.

    ``r`` (a number or an array broadcasting to ``(B, n, n)``) is the risk exponent each entry is seen with
    (the perceiver's).
    """
    return expected_utility_pair(x, s, p, mu, r, q, cols=None)[0]


def expected_utility_pair(
    x: np.ndarray, s: np.ndarray, p: np.ndarray, mu: np.ndarray, r: Any, q: float, cols: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """:func:`expected_utility` with exponent ``r`` and, when ``cols`` is given, also with exponent ``cols``;
    the logarithms of the utility bases are shared (``a ** r = exp(r log a)``)."""
    xi, xj = x[:, :, None], x[:, None, :]
    d = np.abs(xi - xj)
    dm = np.abs(xi - mu[:, None, None])
    sj = s[:, None, :]
    t = (dm < d).astype(float) if q != 1.0 else None
    bases = [0.5 - 0.5 * d, 0.5 + 0.5 * d]
    if q != 1.0:
        bases += [np.clip(0.5 - 0.25 * (dm + d), 0.0, None), 0.5 + 0.25 * (dm + d)]
    scalar_one = isinstance(r, int | float) and float(r) == 1.0
    with np.errstate(divide="ignore"):
        logs = None if scalar_one else [np.log(b_) for b_ in bases]

    def one(e: Any) -> np.ndarray:
        if scalar_one and e is r:
            pw = bases
        else:
            assert logs is not None
            pw = [np.exp(e * lg) for lg in logs]
        us, uf = 2.0 - 4.0 * pw[0], 2.0 - 4.0 * pw[1]
        usq = 2.0 - 4.0 * np.exp(np.asarray(e, dtype=float) * np.log(0.5))
        eu = sj * (p * us + (1.0 - p) * uf) + (1.0 - sj) * us - q * usq
        if t is not None:
            ub, uw = 2.0 - 4.0 * pw[2], 2.0 - 4.0 * pw[3]
            eu = eu - (1.0 - q) * (t * ub + (1.0 - t) * uw)
        return eu

    if cols is not None and logs is None:
        with np.errstate(divide="ignore"):
            logs = [np.log(b_) for b_ in bases]
    return one(r), (one(cols) if cols is not None else None)


def risk_exponents(exposure: np.ndarray) -> np.ndarray:
    """S-eqs. 32-33: ``R = (2E - max E - min E)/(max E - min E)``, ``r = (1 - R/3)/(1 + R/3)``; ``(B, n)``."""
    lo, hi = exposure.min(-1, keepdims=True), exposure.max(-1, keepdims=True)
    rng = hi - lo
    big = np.divide(2.0 * exposure - hi - lo, rng, out=np.zeros_like(exposure), where=rng > 1e-12)
    return (1.0 - big / 3.0) / (1.0 + big / 3.0)


def _round(
    x: np.ndarray,
    w: np.ndarray,
    s: np.ndarray,
    probability: str,
    selection: str,
    q: float,
    risk: str,
    declared: np.ndarray | None = None,
) -> tuple[np.ndarray, ...]:
    """One round on normalised positions ``(B, n)``: new positions, r, move kind, partner, P, EU."""
    bsz, n = x.shape
    mu = median_position(x, w)
    ones = np.ones((bsz, n))
    eye = np.eye(n, dtype=bool)[None]
    p_paper = probability_paper(x, w) if probability == "paper" else None
    if risk == "scholz":
        p1 = p_paper if p_paper is not None else probability_code(x, w, ones)
        e1 = expected_utility(x, s, p1, mu, 1.0, q)
        exposure = np.where(eye, 0.0, e1).sum(axis=1)  # E_i = sum_j EU_j(j -> i)
        r = risk_exponents(exposure)
    elif risk == "declared":
        assert declared is not None
        r = declared
    else:
        r = ones
    p = p_paper if p_paper is not None else probability_code(x, w, r)
    # EU_i(i->j) seen with r_i (rows) and with r_j (columns; transposed below)
    e_row, e_col_opt = expected_utility_pair(x, s, p, mu, r[:, :, None], q, cols=r[:, None, :])
    assert e_col_opt is not None
    e_col = e_col_opt
    ei = e_row
    ej = np.swapaxes(e_col, -1, -2)  # ej[i, j] = EU_j(j -> i) seen with r_i
    xi, xj = x[:, :, None], x[:, None, :]
    valid = ~eye & (np.abs(xi - xj) > SAME)
    conf = valid & (ej - ei > TIE) & (ei > TIE)
    neg = valid & (ej > TIE) & (ei < -TIE)
    comp = neg & (ej + ei > TIE)
    capit = neg & (ej + ei <= TIE)
    ratio = np.divide(np.abs(ei), np.abs(ej), out=np.zeros_like(ei), where=ej != 0)
    comp_pos = xi + (xj - xi) * ratio
    target = np.where(comp, comp_pos, np.broadcast_to(xj, ei.shape))
    dist = np.abs(target - xi)
    inf = np.inf
    if selection == "code":
        key_comp = (np.abs(ei) * xi + np.abs(ej) * xj) / np.where(
            np.abs(ei) + np.abs(ej) > 0, np.abs(ei) + np.abs(ej), 1.0
        )
    else:
        key_comp = dist
    kind = np.zeros((bsz, n), dtype=np.int8)
    partner = np.full((bsz, n), -1)
    new = x.copy()
    for code, mask, key in ((3, capit, dist), (2, comp, key_comp), (1, conf, dist)):  # highest priority last
        k = np.where(mask, key, inf)
        j = np.argmin(k, axis=-1)
        has = mask.any(-1)
        pos = np.take_along_axis(target, j[:, :, None], -1)[:, :, 0]
        new = np.where(has, pos, new)
        kind = np.where(has, code, kind).astype(np.int8)
        partner = np.where(has, j, partner)
    return new, r, kind, partner, p, ei


def bdm(
    positions: Any,
    capability: Any,
    salience: Any,
    *,
    lo: Any = None,
    hi: Any = None,
    rounds: int = 10,
    probability: Probability = "paper",
    selection: Selection = "least_move",
    q: float = 1.0,
    risk: Literal["scholz", "neutral", "declared"] = "scholz",
    stop: Stop = "fixed_point",
    tol: float = 1e-9,
    chunk: int | None = None,
    risk_exponent: Any = None,
) -> BDMResult:
    """Run the Scholz et al. (2011) BDM expected-utility model on one issue, batched.

    positions, capability, salience broadcast to ``(*batch, n)``; salience on [0, 1] (the probability that
    the challenged actor resists).  ``lo``/``hi`` (broadcast to ``batch``) give the issue scale; by default
    the smallest and largest initial position of each problem (as in Scholz et al.).  Other options: see
    the module docstring.  ``chunk`` bounds how many problems are processed at once (memory); by default
    about four million pairwise entries (``chunk x n^2``) per step, at least 64 problems.
    """
    if probability not in ("paper", "code"):
        raise ValueError(f"probability must be 'paper' or 'code', got {probability!r}")
    if selection not in ("least_move", "code"):
        raise ValueError(f"selection must be 'least_move' or 'code', got {selection!r}")
    if stop not in ("fixed_point", "none"):
        raise ValueError(f"stop must be 'fixed_point' or 'none', got {stop!r}")
    if risk not in ("scholz", "neutral", "declared"):
        raise ValueError(f"risk must be 'scholz', 'neutral' or 'declared', got {risk!r}")
    if (risk == "declared") != (risk_exponent is not None):
        raise ValueError("risk='declared' needs risk_exponent (each actor's r), and only it takes one")
    if rounds < 0:
        raise ValueError("rounds must be non-negative")
    x0 = np.asarray(positions, dtype=float)
    c = np.asarray(capability, dtype=float)
    s = np.asarray(salience, dtype=float)
    shape = np.broadcast_shapes(x0.shape, c.shape, s.shape)
    batch, n = shape[:-1], shape[-1]
    x0, c, s = (np.broadcast_to(a, shape).reshape(-1, n) for a in (x0, c, s))
    r_decl = (
        None
        if risk_exponent is None
        else np.broadcast_to(np.asarray(risk_exponent, dtype=float), shape).reshape(-1, n)
    )
    if r_decl is not None and not (np.isfinite(r_decl).all() and (r_decl > 0).all()):
        raise ValueError("risk exponents must be positive numbers")
    lo_a = x0.min(-1) if lo is None else np.broadcast_to(np.asarray(lo, dtype=float), batch).reshape(-1)
    hi_a = x0.max(-1) if hi is None else np.broadcast_to(np.asarray(hi, dtype=float), batch).reshape(-1)
    span = np.where(hi_a - lo_a > 0, hi_a - lo_a, 1.0)
    bsz = x0.shape[0]
    traj = np.empty((bsz, rounds + 1, n))
    med = np.empty((bsz, rounds + 1))
    rr = np.ones((bsz, rounds, n))
    kinds = np.zeros((bsz, rounds, n), dtype=np.int8)
    partners = np.full((bsz, rounds, n), -1)
    ran = np.zeros(bsz, dtype=int)
    p_first = np.zeros((bsz, n, n))
    eu_first = np.zeros((bsz, n, n))
    if chunk is None:
        chunk = max(64, 4_000_000 // max(1, n * n))
    for a in range(0, bsz, max(1, chunk)):
        sl = slice(a, a + max(1, chunk))
        w = c[sl] * s[sl]
        x = (x0[sl] - lo_a[sl, None]) / span[sl, None]
        traj[sl, 0] = x
        med[sl, 0] = median_position(x, w)
        active = np.ones(x.shape[0], dtype=bool)
        ss = s[sl]
        for t in range(rounds):
            # with stop="fixed_point" only problems still moving are computed
            idx = np.flatnonzero(active) if stop == "fixed_point" else np.arange(x.shape[0])
            if idx.size:
                new, r, kind, partner, p, eu = _round(
                    x[idx],
                    w[idx],
                    ss[idx],
                    probability,
                    selection,
                    q,
                    risk,
                    None if r_decl is None else r_decl[sl][idx],
                )
                if t == 0:
                    p_first[sl][idx], eu_first[sl][idx] = p, eu
                moved = np.abs(new - x[idx]).max(-1) > tol
                x = x.copy()
                x[idx] = new
                rr[sl][idx, t] = r
                kinds[sl][idx, t] = kind
                partners[sl][idx, t] = partner
                ran[sl][idx] += moved if stop == "fixed_point" else 1
                if stop == "fixed_point":
                    active[idx] = moved
            traj[sl, t + 1] = x
            med[sl, t + 1] = median_position(x, w)
    wsum = (c * s).sum(-1)
    mean = np.einsum("btn,bn->bt", traj, c * s) / np.where(wsum > 0, wsum, 1.0)[:, None]
    scale = lambda v, extra: v * span.reshape((-1,) + (1,) * extra) + lo_a.reshape((-1,) + (1,) * extra)  # noqa: E731
    return BDMResult(
        positions=scale(traj, 2).reshape(batch + (rounds + 1, n)),
        median=scale(med, 1).reshape(batch + (rounds + 1,)),
        mean=scale(mean, 1).reshape(batch + (rounds + 1,)),
        risk=rr.reshape(batch + (rounds, n)),
        move=kinds.reshape(batch + (rounds, n)),
        partner=partners.reshape(batch + (rounds, n)),
        rounds_run=ran.reshape(batch),
        first_probability=p_first.reshape(batch + (n, n)),
        first_eu=eu_first.reshape(batch + (n, n)),
        options={
            "rounds": rounds,
            "probability": probability,
            "selection": selection,
            "q": q,
            "risk": risk,
            "stop": stop,
            "tol": tol,
        },
    )


@dataclass(frozen=True)
class ScenarioBDM:
    """BDM run on every issue of a compiled scenario: arrays carry the issue as the last axis.

    ``positions`` ``(*batch, rounds+1, n, k)``, ``forecast`` ``(*batch, rounds+1, k)`` (median per round),
    ``mean`` ``(*batch, rounds+1, k)``, ``rounds_run`` ``(*batch, k)``.
    """

    issue_ids: tuple[str, ...]
    actor_ids: tuple[str, ...]
    positions: np.ndarray
    forecast: np.ndarray
    mean: np.ndarray
    rounds_run: np.ndarray
    result: BDMResult


def run(c: Any, **kw: Any) -> ScenarioBDM:
    """BDM on every issue of a :class:`~winset.scenario.compiled.Compiled` scenario.

    Issues become a batch axis; positions are normalised on each issue's scale.  BDM salience is the
    probability that a challenged actor resists, so it must lie in [0, 1]: saliences already in [0, 1]
    are used as they are, larger ones are divided by the largest salience in the scenario (per draw).
    """
    pos = np.moveaxis(np.asarray(c.positions, dtype=float), -1, -2)  # (*batch, k, n)
    sal = np.moveaxis(np.asarray(c.salience, dtype=float), -1, -2)
    if sal.size:  # per scenario draw: saliences above 1 are divided by that draw's largest salience
        smax = sal.max(axis=(-2, -1), keepdims=True)
        sal = sal / np.where(smax > 1.0, smax, 1.0)
    cap = np.asarray(c.capability, dtype=float)[..., None, :]
    if kw.get("risk") == "declared":  # each actor's risk attitude from the scenario, the same on every issue
        kw = {**kw, "risk_exponent": np.asarray(c.risk, dtype=float)[..., None, :]}
    res = bdm(pos, cap, sal, lo=c.lo, hi=c.hi, **kw)
    return ScenarioBDM(
        issue_ids=tuple(c.issue_ids),
        actor_ids=tuple(c.actor_ids),
        positions=np.moveaxis(res.positions, -3, -1),  # (*batch, rounds+1, n, k)
        forecast=np.moveaxis(res.median, -2, -1),
        mean=np.moveaxis(res.mean, -2, -1),
        rounds_run=res.rounds_run,
        result=res,
    )

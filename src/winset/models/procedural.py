"""Procedural models of EU legislation on one issue: the Commission's agenda setting under consultation, and
co-decision between the Council and the Parliament.

Spatial set-up (Steunenberg 1994, "Decision making under different institutional arrangements: legislation
by the European Community", *J. Institutional and Theoretical Economics* 150(4); Tsebelis & Garrett 2000,
"Legislative politics in the European Union", *European Union Politics* 1(1): 9-36; summarised in Tsebelis
2002, *Veto Players*, ch. 11): actors have single-peaked (distance) preferences on the issue; ``q`` is the
reference point (the law if nothing passes).  An actor ``i`` accepts ``x`` over ``q`` when
``|x - p_i| <= |q - p_i| + kappa * span``; ``kappa >= 0`` is the cost of no agreement of Franchino & Mariotto
(2022), *PSRM* 10(2): 227-242 (``kappa = 0`` is the classic model).  Each actor's acceptable set is an interval
``[L_i, R_i]`` around ``q``.

* The Council's **win-set** of ``q``: the outcomes a qualified majority (or, under unanimity, every member)
  accepts.  In one dimension it is an interval ``[L*, R*]``: ``R*`` is the largest ``x`` with
  ``weight{i : R_i >= x} >= threshold`` (the QMV pivot on that side), ``L*`` likewise.  Under Lisbon both
  the member count (55 %) and the population (65 %) criteria must hold (:mod:`winset.io.eu_council`).
* **Consultation** (CNS; Steunenberg 1994, Crombez 1996): the Commission proposes its most preferred point
  among those a qualified majority prefers to ``q`` that the Council cannot amend unanimously (inside the
  members' range): ``clip(p_COM, W ∩ [min p_council, max p_council])``.
* **Co-decision** (COD, as amended at Amsterdam; Tsebelis & Garrett 2000): the Council and the Parliament are
  co-equal; the outcome lies in the joint win-set ``J = W ∩ A_EP`` within the range of their ideals, and the
  conciliation splits the difference between the Parliament's best point of ``J`` and the Council's (its
  weighted median member's) best point of ``J`` (assumption: equal bargaining power in conciliation; the
  Commission has no formal role).

Without a reference point the models do not apply (nan).  Without a Commission position the agenda setter is
the Council's weighted median; without a Parliament position co-decision is scored as consultation.
"""

from __future__ import annotations

import numpy as np


def _pivots(
    lo_end: np.ndarray, hi_end: np.ndarray, w: np.ndarray, share: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``(L*, R*)`` per row: ``R*`` the largest x with weight{R_i >= x} >= share * total (rows ``(m, n)``)."""
    tot = w.sum(-1, keepdims=True)
    need = share[:, None] * tot * (1 - 1e-12)
    # R*: sort R descending, first index where the cumulative weight reaches the threshold
    o = np.argsort(-hi_end, axis=-1)
    rs = np.take_along_axis(hi_end, o, -1)
    cw = np.cumsum(np.take_along_axis(w, o, -1), -1)
    idx = np.argmax(cw >= need, axis=-1)
    r_star = np.take_along_axis(rs, idx[:, None], -1)[:, 0]
    o = np.argsort(lo_end, axis=-1)
    ls = np.take_along_axis(lo_end, o, -1)
    cw = np.cumsum(np.take_along_axis(w, o, -1), -1)
    idx = np.argmax(cw >= need, axis=-1)
    l_star = np.take_along_axis(ls, idx[:, None], -1)[:, 0]
    return l_star, r_star


def _weighted_median(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    o = np.argsort(x, axis=-1)
    xs = np.take_along_axis(x, o, -1)
    cw = np.cumsum(np.take_along_axis(w, o, -1), -1)
    idx = np.argmax(cw >= 0.5 * cw[:, -1:] - 1e-12, axis=-1)
    return np.take_along_axis(xs, idx[:, None], -1)[:, 0]


def procedural(
    positions: np.ndarray,
    reference: np.ndarray,
    council_weight: np.ndarray,
    threshold: np.ndarray,
    *,
    population: np.ndarray | None = None,
    lisbon: np.ndarray | None = None,
    commission: np.ndarray | None = None,
    parliament: np.ndarray | None = None,
    codecision: np.ndarray | None = None,
    span: np.ndarray | float = 100.0,
    cost: float = 0.0,
) -> np.ndarray:
    """Outcome per issue (rows ``m``).

    positions ``(m, n)`` (nan: no position); reference ``(m,)`` (nan: model not scored); council_weight
    ``(m, n)`` (0 for non-members); threshold ``(m,)`` share of the weight a decision needs (1: unanimity);
    population ``(m, n)`` and lisbon ``(m,)`` bool for the double majority (members 55 %, population =
    ``threshold``); commission/parliament ``(m,)`` their positions (nan: none); codecision ``(m,)`` bool.
    """
    x = np.asarray(positions, float)
    m, n = x.shape
    q = np.asarray(reference, float)
    cw = np.where(np.isnan(x), 0.0, np.asarray(council_weight, float))
    member = cw > 0
    thr = np.asarray(threshold, float)
    sp = np.broadcast_to(np.asarray(span, float), (m,))
    com = np.full(m, np.nan) if commission is None else np.asarray(commission, float)
    ep = np.full(m, np.nan) if parliament is None else np.asarray(parliament, float)
    cod = np.zeros(m, bool) if codecision is None else np.asarray(codecision, bool)
    qq = np.where(np.isnan(q), 0.0, q)
    xp = np.where(member, x, qq[:, None])  # non-members: harmless placeholder at q (weight 0)
    r = np.abs(qq[:, None] - xp) + cost * sp[:, None]
    lo_i, hi_i = xp - r, xp + r
    unan = thr >= 1.0
    l_w, r_w = _pivots(lo_i, hi_i, cw, np.where(unan, 1.0, thr))
    # unanimity: every member (with or without weight) must accept
    l_u = np.where(member, lo_i, -np.inf).max(-1)
    r_u = np.where(member, hi_i, np.inf).min(-1)
    l_w = np.where(unan, l_u, l_w)
    r_w = np.where(unan, r_u, r_w)
    if lisbon is not None and population is not None:
        lis = np.asarray(lisbon, bool) & ~unan
        pop = np.where(member, np.asarray(population, float), 0.0)
        l_c, r_c = _pivots(lo_i, hi_i, member.astype(float), np.full(m, 0.55))
        l_p, r_p = _pivots(lo_i, hi_i, pop, thr)
        l_w = np.where(lis, np.maximum(l_c, l_p), l_w)
        r_w = np.where(lis, np.minimum(r_c, r_p), r_w)
    h_lo = np.where(member, x, np.inf).min(-1)
    h_hi = np.where(member, x, -np.inf).max(-1)
    med = _weighted_median(np.where(member, x, np.inf), cw)
    setter = np.where(np.isnan(com), med, com)
    # consultation
    f_lo, f_hi = np.maximum(l_w, h_lo), np.minimum(r_w, h_hi)
    cns = np.where(f_lo <= f_hi, np.clip(setter, f_lo, f_hi), qq)
    # co-decision
    has_ep = ~np.isnan(ep)
    epv = np.where(has_ep, ep, qq)
    r_e = np.abs(qq - epv) + cost * sp
    j_lo = np.maximum(np.maximum(l_w, epv - r_e), np.minimum(h_lo, epv))
    j_hi = np.minimum(np.minimum(r_w, epv + r_e), np.maximum(h_hi, epv))
    ok = j_lo <= j_hi
    codv = np.where(ok, 0.5 * (np.clip(epv, j_lo, j_hi) + np.clip(med, j_lo, j_hi)), qq)
    outcome = np.where(cod & has_ep, codv, cns)
    return np.where(np.isnan(q) | ~member.any(-1), np.nan, outcome)

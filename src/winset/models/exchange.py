"""The exchange model: actors trade positions between the issues of one proposal by relative salience.

Stokman & van Oosten (1994), "The exchange of voting positions: an object-oriented model of policy
networks", in Bueno de Mesquita & Stokman (eds.), *European Community Decision Making*, Yale UP; applied to
the EU by Arregui, Stokman & Thomson (2004), "Bargaining in the European Union and shifts in actors' policy
positions", *European Union Politics* 5(1): 47-72, and Stokman & Thomson (2004), *EUP* 5(1): 5-23.

The expected outcome of issue ``k`` is the compromise ``O_k = sum_i c_i s_ik x_ik / sum_i c_i s_ik``.
Actor ``i`` values an outcome at ``-s_ik |O_k - x_ik| / span_k``.  Two actors ``i``, ``j`` on opposite
sides of the expected outcome on both issues ``k`` and ``l``, with ``s_ik / s_il > s_jk / s_jl``, gain by
exchanging: ``j`` moves its position on ``k`` (its relatively less salient issue) toward ``i``, shifting
``O_k`` by ``a``, and ``i`` moves on ``l`` toward ``j``, shifting ``O_l`` by ``b``.  The exchange rate gives
both the same gain (Stokman & van Oosten's equal-gain rule): ``a (s_ik + s_jk) / span_k = b (s_il + s_jl)
/ span_l``; the gain of each is ``a (s_ik s_jl - s_il s_jk) / ((s_il + s_jl) span_k)``.  The size is the
largest with which neither mover passes its partner's position and no outcome passes the gaining actor's
ideal.  Exchanges are made in order of gain, each actor's position on an issue at most once (the mover),
until none is left; the forecast is the compromise of the shifted positions.  A proposal with one issue is
forecast by the compromise model.
"""

from __future__ import annotations

import numpy as np


def _outcome(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    tot = w.sum(0)
    return np.where(tot > 0, (w * x).sum(0) / np.where(tot > 0, tot, 1.0), np.nanmean(x, 0))


def exchange_proposal(
    positions: np.ndarray, salience: np.ndarray, capability: np.ndarray, span: np.ndarray | None = None
) -> np.ndarray:
    """Forecast of each issue of one proposal: positions/salience ``(n, K)`` (nan: no position),
    capability ``(n,)``; returns ``(K,)``."""
    x = np.array(positions, dtype=float)
    s = np.where(np.isnan(x), 0.0, np.asarray(salience, float))
    n, k = x.shape
    sp = np.full(k, 100.0) if span is None else np.asarray(span, float)
    present = ~np.isnan(x)
    x = np.where(present, x, 0.0)
    w = np.asarray(capability, float)[:, None] * s
    free = present & (w > 0)  # positions not yet moved in an exchange
    if k < 2:
        return _outcome(x, w)
    pairs = np.array([(kk, ll) for kk in range(k) for ll in range(k) if kk != ll])
    kk_, ll_ = pairs[:, 0], pairs[:, 1]
    sik, sil = s[:, kk_].T[:, :, None], s[:, ll_].T[:, :, None]  # (P, n_i, 1)
    sjk, sjl = s[:, kk_].T[:, None, :], s[:, ll_].T[:, None, :]  # (P, 1, n_j)
    num = sik * sjl - sil * sjk
    den = np.where(sil + sjl > 0, (sil + sjl) * sp[kk_][:, None, None], 1.0)
    rate = (sik + sjk) * sp[ll_][:, None, None] / den  # b / a
    for _ in range(n * k):
        o = _outcome(x, w)
        tot = w.sum(0)
        dk = (x[:, kk_] - o[kk_]).T  # (P, n)
        dl = (x[:, ll_] - o[ll_]).T
        # i gains on kk and moves on ll; j gains on ll and moves on kk
        ok = (dk[:, :, None] * dk[:, None, :] < 0) & (dl[:, :, None] * dl[:, None, :] < 0) & (num > 0)
        ok &= free[:, kk_].T[:, None, :] & free[:, ll_].T[:, :, None]
        if not ok.any():
            break
        xk, xl = x[:, kk_].T, x[:, ll_].T
        a_max = np.minimum(
            w[:, kk_].T[:, None, :] * np.abs(xk[:, :, None] - xk[:, None, :]) / tot[kk_][:, None, None],
            np.abs(dk)[:, :, None],
        )
        b_max = np.minimum(
            w[:, ll_].T[:, :, None] * np.abs(xl[:, None, :] - xl[:, :, None]) / tot[ll_][:, None, None],
            np.abs(dl)[:, None, :],
        )
        a = np.minimum(a_max, b_max / np.where(rate > 0, rate, np.inf))
        gain = np.where(ok, a * num / den, 0.0)
        pi, i, j = np.unravel_index(int(np.argmax(gain)), gain.shape)
        if gain[pi, i, j] <= 1e-12:
            break
        kk, ll = int(kk_[pi]), int(ll_[pi])
        a_sh = float(a[pi, i, j])
        b_sh = a_sh * float(rate[pi, i, j])
        x[j, kk] += np.sign(x[i, kk] - x[j, kk]) * a_sh * tot[kk] / w[j, kk]
        x[i, ll] += np.sign(x[j, ll] - x[i, ll]) * b_sh * tot[ll] / w[i, ll]
        free[j, kk] = False
        free[i, ll] = False
    return _outcome(x, w)


def exchange(
    positions: np.ndarray,
    salience: np.ndarray,
    capability: np.ndarray,
    proposal: np.ndarray,
    span: np.ndarray | None = None,
) -> np.ndarray:
    """Forecast per issue (rows ``m``) of padded arrays ``(m, n)`` (nan: no position), the issues grouped by
    ``proposal`` ``(m,)`` (the same actor column is the same actor across a proposal's issues)."""
    x = np.asarray(positions, float)
    m = x.shape[0]
    sp = np.full(m, 100.0) if span is None else np.asarray(span, float)
    out = np.empty(m)
    props = np.asarray(proposal)
    for pr in dict.fromkeys(props.tolist()):
        idx = np.flatnonzero(props == pr)
        cap = np.max(np.where(np.isnan(x[idx]), 0.0, np.asarray(capability, float)[idx]), axis=0)
        out[idx] = exchange_proposal(x[idx].T, np.asarray(salience, float)[idx].T, cap, sp[idx])
    return out

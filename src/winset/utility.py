"""Spatial utility functions (pure, vectorised).

An actor with ideal point ``p`` and saliences ``s`` values an outcome ``x`` at

    u(x) = 1 - sum_k w_k * (|x_k - p_k| / (hi_k - lo_k)) ** e,      w_k = s_k / sum_j s_j,

the weighted city-block loss (e = 1, "linear") or weighted quadratic loss (e = 2) that is standard in
spatial models of EU decision-making (Thomson, Stokman, Achen & König, *The European Union Decides*,
Cambridge UP 2006, ch. 1-2).  Utilities lie in [0, 1]: 1 at the ideal point, 0 at the far end of every
issue.  Zero salience on every issue gives a constant utility of 1 (indifference).
"""

from __future__ import annotations

import numpy as np


def normalised_weights(salience: np.ndarray) -> np.ndarray:
    """Salience divided by its sum over the last (issue) axis; all-zero rows stay zero."""
    s = np.asarray(salience, dtype=float)
    tot = s.sum(axis=-1, keepdims=True)
    if (tot > 0).all():  # the common case: a plain division (the same values, without the masked output)
        return s / tot
    return np.divide(s, tot, out=np.zeros_like(s), where=tot > 0)


BLOCK = 1 << 15
"""Elements per temporary array in :func:`loss`: a large batch is computed in blocks of its leading axis this size
(each block's temporaries stay in the CPU cache: several times faster per element than one big pass)."""


def loss(
    x: np.ndarray, ideal: np.ndarray, salience: np.ndarray, span: np.ndarray, shape: np.ndarray | float = 1.0
) -> np.ndarray:
    """Weighted distance loss ``sum_k w_k (|x_k - p_k| / span_k) ** e``; broadcasts over leading axes.

    ``x`` and ``ideal`` broadcast against each other on all but the last axis (issues); ``shape`` is
    the exponent per ideal point (shape ``ideal.shape[:-1]`` or scalar).  Every element is computed as by one
    pass over the whole batch; large batches go in blocks of the leading axis (:data:`BLOCK`).
    """
    w = normalised_weights(salience)
    x = np.asarray(x, dtype=float)
    e = np.asarray(shape, dtype=float)
    full = np.broadcast_shapes(x.shape, np.shape(ideal), w.shape, np.shape(span), e.shape + (1,))
    if len(full) < 2 or full[0] < 2 or np.prod(full) <= BLOCK:
        return _loss(x, ideal, w, span, e)
    xb, ib, wb, sb = (np.broadcast_to(a, full) for a in (x, ideal, w, span))
    eb = np.broadcast_to(e, full[:-1])
    step = max(1, BLOCK // int(np.prod(full[1:])))
    out = np.empty(full[:-1])
    for i in range(0, full[0], step):
        sl = slice(i, i + step)
        out[sl] = _loss(xb[sl], ib[sl], wb[sl], sb[sl], eb[sl])
    return out


def _loss(x: np.ndarray, ideal: np.ndarray, w: np.ndarray, span: np.ndarray, e: np.ndarray) -> np.ndarray:
    d = np.abs(x - ideal) / span
    if not (e == 1.0).all():  # d ** 1.0 is d exactly: skip the element-wise power for linear loss
        d = d ** e[..., None]
    return (w * d).sum(-1)


def utility(
    x: np.ndarray, ideal: np.ndarray, salience: np.ndarray, span: np.ndarray, shape: np.ndarray | float = 1.0
) -> np.ndarray:
    """``1 - loss``: see the module docstring."""
    return 1.0 - loss(x, ideal, salience, span, shape)


def actor_utilities(
    outcomes: np.ndarray, positions: np.ndarray, salience: np.ndarray, span: np.ndarray, shape: np.ndarray
) -> np.ndarray:
    """Utility of every actor for every outcome.

    outcomes ``(*batch, d, k)``, positions/salience ``(*batch, n, k)`` -> ``(*batch, d, n)``.
    """
    return utility(
        outcomes[..., :, None, :], positions[..., None, :, :], salience[..., None, :, :], span, shape
    )

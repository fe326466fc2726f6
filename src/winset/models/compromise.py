"""Two classic one-shot forecasts of a collective decision, per issue.

Both weight actor i on issue k by its *exercised power* ``c_i * s_ik`` (capability times salience).

* **Compromise model** (van den Bos 1991; Achen 2006, "Evaluating political decision-making models",
  in Thomson et al., *The European Union Decides*, eq. 4.1): the weighted mean
  ``x_k = sum_i c_i s_ik p_ik / sum_i c_i s_ik``.
* **Weighted median** (Black 1948's median voter, with power weights; Achen 2006, eq. 4.2): the position
  ``p`` at which the cumulative weight of actors at or below ``p`` first reaches half the total.
"""

from __future__ import annotations

import numpy as np


def _weights(capability: np.ndarray, salience: np.ndarray) -> np.ndarray:
    return np.asarray(capability, dtype=float)[..., :, None] * np.asarray(salience, dtype=float)


def compromise(positions: np.ndarray, salience: np.ndarray, capability: np.ndarray) -> np.ndarray:
    """Capability x salience weighted mean per issue: ``(*batch, n, k) -> (*batch, k)``.

    An issue nobody cares about (zero total weight) gets the plain mean of positions.
    """
    w = _weights(capability, salience)
    tot = w.sum(axis=-2)
    num = (w * positions).sum(axis=-2)
    plain = np.asarray(positions, dtype=float).mean(axis=-2)
    return np.where(tot > 0, num / np.where(tot > 0, tot, 1.0), plain)


def weighted_median(positions: np.ndarray, salience: np.ndarray, capability: np.ndarray) -> np.ndarray:
    """Capability x salience weighted median per issue: ``(*batch, n, k) -> (*batch, k)``.

    The smallest position whose cumulative weight (sorted by position) is at least half the total weight.
    """
    p = np.asarray(positions, dtype=float)
    w = np.broadcast_to(_weights(capability, salience), p.shape)
    order = np.argsort(p, axis=-2, kind="stable")
    ps = np.take_along_axis(p, order, axis=-2)
    ws = np.take_along_axis(w, order, axis=-2)
    cum = np.cumsum(ws, axis=-2)
    half = 0.5 * cum[..., -1:, :]
    idx = np.argmax(cum >= half - 1e-12 * np.maximum(half, 1.0), axis=-2)  # first index reaching half
    return np.take_along_axis(ps, idx[..., None, :], axis=-2)[..., 0, :]

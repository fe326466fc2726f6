"""Fitting and cross-validating the ensemble forecast (:mod:`winset.models.ensemble`) on DEU data.

Only ever run on the development half of DEU III: the other half is the test set.  Cross-validation splits by
proposal (the issues of one proposal are decided together): ``folds`` outer folds of whole proposals, assigned
at random with a fixed seed.  Inside each outer training set:

* the hyper-parameters, the costs of no agreement of ``nash_eu`` and ``procedural`` (each from :data:`GRID`),
  are chosen by an inner cross-validation by proposal (``inner`` folds) minimising the mean absolute error of
  the stacked forecast;
* the stacking weights (convex: ``w >= 0``, ``sum w = 1``) minimise the absolute error on the whole training
  set (a linear programme, ``scipy.optimize.linprog``);
* the 80 % interval's half-width is the split-conformal quantile (rank ``ceil(0.8 (n + 1))``) of the inner
  out-of-fold absolute errors as a share of the scale.

The outer held-out forecasts give the cross-validated error and the interval's coverage.  Single models with a
hyper-parameter (``nash_eu``, ``procedural``) are scored the same way: the cost minimising the training
error, then the held-out error.  :func:`fit` applies the procedure to the whole file and returns the parameters
that :mod:`winset.models.ensemble` ships.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.optimize import linprog

from winset.io.deu import IssueData
from winset.models.ensemble import COMPONENTS
from winset.studies.accuracy import forecasts, nash_eu_forecast, panel, procedural_forecast

GRID = (0.0, 0.1, 0.3, 1.0, 3.0)
FOLDS = 10
INNER = 5
COVERAGE = 0.8
FIXED = ("compromise", "weighted_median", "exchange")
TUNED = ("nash_eu", "procedural")


def tables(issues: list[IssueData]) -> dict[str, Any]:
    """Every component's forecast (the tuned ones for each cost of :data:`GRID`), outcomes, scales, groups."""
    p = panel(issues)
    fc = forecasts(issues, FIXED)
    return {
        "fixed": fc,
        "nash_eu": {k: nash_eu_forecast(p, k) for k in GRID},
        "procedural": {k: procedural_forecast(p, k) for k in GRID},
        "y": p.y,
        "span": p.hi - p.lo,
        "lo": p.lo,
        "hi": p.hi,
        "proposal": p.proposal,
    }


def fold_ids(groups: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold of each issue: whole proposals dealt at random to ``k`` folds."""
    keys = np.unique(groups)
    order = np.random.default_rng(seed).permutation(len(keys))
    fold_of = {keys[j]: r % k for r, j in enumerate(order)}
    return np.array([fold_of[g] for g in groups])


def _features(t: dict[str, Any], kn: float, kp: float) -> np.ndarray:
    comp = t["fixed"]["compromise"]
    cols = {
        **t["fixed"],
        "nash_eu": t["nash_eu"][kn],
        "procedural": t["procedural"][kp],
    }
    return np.stack([np.where(np.isnan(cols[c]), comp, cols[c]) for c in COMPONENTS], axis=-1)


def lad_weights(f: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Convex weights minimising ``sum |y - f w|`` (``f`` ``(N, M)``)."""
    n, m = f.shape
    c = np.concatenate([np.zeros(m), np.ones(n)])
    eye = np.eye(n)
    a_ub = np.block([[-f, -eye], [f, -eye]])
    b_ub = np.concatenate([-y, y])
    a_eq = np.concatenate([np.ones(m), np.zeros(n)])[None, :]
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=(0, None), method="highs")
    w = np.clip(res.x[:m], 0.0, None)
    return w / w.sum()


def conformal_half_width(abs_share: np.ndarray, coverage: float = COVERAGE) -> float:
    """The ``ceil(coverage (n + 1))``-th smallest absolute error (split conformal), capped at the largest."""
    e = np.sort(abs_share)
    r = min(math.ceil(coverage * (len(e) + 1)), len(e))
    return float(e[r - 1])


def _fit(t: dict[str, Any], idx: np.ndarray, inner: int, seed: int) -> dict[str, Any]:
    """Hyper-parameters by inner CV on ``idx``, then weights on all of ``idx``."""
    y, span = t["y"] / t["span"], t["span"]
    fid = fold_ids(t["proposal"][idx], inner, seed + 1)
    best: tuple[float, float, float, np.ndarray] | None = None
    for kn in GRID:
        for kp in GRID:
            f = _features(t, kn, kp)[idx] / span[idx, None]
            pred = np.empty(len(idx))
            for g in range(inner):
                tr, te = fid != g, fid == g
                pred[te] = f[te] @ lad_weights(f[tr], y[idx][tr])
            resid = np.abs(pred - y[idx])
            if best is None or resid.mean() < best[0] - 1e-12:
                best = (float(resid.mean()), kn, kp, resid)
    assert best is not None
    _, kn, kp, resid = best
    w = lad_weights(_features(t, kn, kp)[idx] / span[idx, None], y[idx])
    return {
        "weights": {c: round(float(v), 6) for c, v in zip(COMPONENTS, w, strict=True) if v > 1e-6},
        "costs": {"nash_eu": kn, "procedural": kp},
        "half_width": conformal_half_width(resid),
    }


def _apply(t: dict[str, Any], fit: dict[str, Any], idx: np.ndarray) -> np.ndarray:
    f = _features(t, fit["costs"]["nash_eu"], fit["costs"]["procedural"])[idx]
    w = np.array([fit["weights"].get(c, 0.0) for c in COMPONENTS])
    return f @ w


def cross_validate(
    issues: list[IssueData], folds: int = FOLDS, inner: int = INNER, seed: int = 0
) -> dict[str, Any]:
    """Held-out (cross-validated by proposal) error of every fast model and of the ensemble, and the
    ensemble interval's coverage."""
    t = tables(issues)
    y, span = t["y"], t["span"]
    fid = fold_ids(t["proposal"], folds, seed)
    m = len(y)
    held = {name: np.full(m, np.nan) for name in (*FIXED, *TUNED, "ensemble")}
    low, high = np.full(m, np.nan), np.full(m, np.nan)
    chosen: list[dict[str, Any]] = []
    for g in range(folds):
        tr, te = np.flatnonzero(fid != g), np.flatnonzero(fid == g)
        for name in FIXED:
            held[name][te] = t["fixed"][name][te]
        for name in TUNED:
            held[name][te] = t[name][_best_cost(t, name, tr)][te]
        fit = _fit(t, tr, inner, seed)
        fit["model_costs"] = {name: _best_cost(t, name, tr) for name in TUNED}
        chosen.append(fit)
        pt = _apply(t, fit, te)
        held["ensemble"][te] = pt
        low[te] = np.clip(pt - fit["half_width"] * span[te], t["lo"][te], t["hi"][te])
        high[te] = np.clip(pt + fit["half_width"] * span[te], t["lo"][te], t["hi"][te])
    models = {}
    for name, f in held.items():
        ok = ~np.isnan(f)
        models[name] = {"mae": float(np.abs(f - y)[ok].mean()), "n": int(ok.sum())}
    inside = (y >= low - 1e-9) & (y <= high + 1e-9)
    return {
        "folds": folds,
        "inner": inner,
        "seed": seed,
        "issues": m,
        "proposals": int(len(np.unique(t["proposal"]))),
        "models": models,
        "coverage": float(inside.mean()),
        "interval_width": float(((high - low) / span).mean()),
        "per_fold": chosen,
    }


def _best_cost(t: dict[str, Any], name: str, idx: np.ndarray) -> float:
    """The cost of :data:`GRID` with the smallest mean absolute error of model ``name`` on ``idx``."""
    y = t["y"]
    errs = {k: float(np.nanmean(np.abs(t[name][k][idx] - y[idx]))) for k in GRID}
    return min(GRID, key=lambda k: (errs[k], k))


def fit(issues: list[IssueData], inner: int = INNER, seed: int = 0) -> dict[str, Any]:
    """The ensemble's parameters fitted on every issue given (the development half), and the costs of the
    single ``nash_eu`` and ``procedural`` models (smallest error on the same issues)."""
    t = tables(issues)
    idx = np.arange(len(t["y"]))
    out = _fit(t, idx, inner, seed)
    out["model_costs"] = {name: _best_cost(t, name, idx) for name in TUNED}
    return out

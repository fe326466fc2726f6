"""Forecast accuracy against actual outcomes (the DEU data sets, read by :mod:`winset.io.deu`).

The DEU data sets (Thomson et al., *The European Union Decides*, Cambridge UP 2006; DEU II, 2012) record, for
each controversial issue of an EU legislative proposal, every actor's position, salience and capability and
the outcome on the same issue scale.  Achen (2006, ch. 10 of that book) scores models by their mean absolute
error.  This module reports, for each model, the mean absolute error (MAE) over issues, on the issue scale and
as a share of the scale.

Models (named as in :mod:`winset.models.registry`): ``compromise`` (weighted mean), ``weighted_median``, ``bdm`` (Scholz et al. 2011, see
:mod:`winset.models.bdm`), ``nash`` (asymmetric Nash bargaining on the issue with linear utilities, see
:mod:`winset.models.bargaining`).  Issues are independent; BDM runs batched over issues with the same number
of actors.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from winset.io.deu import IssueData

MODELS = ("compromise", "weighted_median", "bdm", "nash")


def forecasts(
    issues: list[IssueData], models: tuple[str, ...] = MODELS, **bdm_kw: Any
) -> dict[str, np.ndarray]:
    """Each model's forecast per issue, ``{model: (n_issues,)}`` (nan where a model does not apply)."""
    from winset.models.bargaining import solve
    from winset.models.bdm import bdm
    from winset.models.compromise import compromise, weighted_median

    m = len(issues)
    out = {name: np.full(m, np.nan) for name in models}
    by_n: dict[int, list[int]] = {}
    for j, it in enumerate(issues):
        by_n.setdefault(len(it.actors), []).append(j)
    for _n, idx in by_n.items():  # one batched call per actor count
        x = np.stack([issues[j].position for j in idx])
        s = np.stack([issues[j].salience for j in idx])
        c = np.stack([issues[j].capability for j in idx])
        lo = np.array([issues[j].lo for j in idx])
        hi = np.array([issues[j].hi for j in idx])
        if "compromise" in models:
            out["compromise"][idx] = compromise(x[..., None], s[..., None], c)[..., 0]
        if "weighted_median" in models:
            out["weighted_median"][idx] = weighted_median(x[..., None], s[..., None], c)[..., 0]
        if "bdm" in models:
            out["bdm"][idx] = bdm(x, c, s, lo=lo, hi=hi, **bdm_kw).forecast
    if "nash" in models:
        from winset.utility import utility

        for j, it in enumerate(issues):
            if it.reversion is None:
                continue
            span = np.array([it.hi - it.lo])
            p = it.position[:, None]
            d = utility(np.array([[it.reversion]]), p, np.ones_like(p), span)
            out["nash"][j] = solve(
                p, np.ones_like(p), it.capability, d, [it.lo], [it.hi], reversion=[it.reversion]
            ).outcome[0]
    return out


def evaluate(issues: list[IssueData], models: tuple[str, ...] = MODELS, **bdm_kw: Any) -> dict[str, Any]:
    """Mean absolute error of each model: ``{"models": {name: {mae, mae_share, n}}, "issues": [...]}``."""
    fc = forecasts(issues, models, **bdm_kw)
    y = np.array([it.outcome for it in issues])
    span = np.array([it.hi - it.lo for it in issues])
    res: dict[str, Any] = {"models": {}, "issues": []}
    for name, f in fc.items():
        ok = ~np.isnan(f)
        err = np.abs(f - y)
        res["models"][name] = {
            "mae": float(err[ok].mean()) if ok.any() else None,
            "mae_share": float((err[ok] / span[ok]).mean()) if ok.any() else None,
            "n": int(ok.sum()),
        }
    for j, it in enumerate(issues):
        res["issues"].append(
            {
                "issue": it.id,
                "outcome": it.outcome,
                "scale": [it.lo, it.hi],
                **{name: (None if np.isnan(f[j]) else float(f[j])) for name, f in fc.items()},
            }
        )
    return res

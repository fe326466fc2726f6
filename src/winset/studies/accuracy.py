"""Forecast accuracy against actual outcomes (the DEU data sets, read by :mod:`winset.io.deu`).

The DEU data sets (Thomson et al., *The European Union Decides*, Cambridge UP 2006; DEU III, Arregui &
Perarnaud 2021) record, for each controversial issue of an EU legislative proposal, every actor's position and
salience, the reference point and the outcome on the same issue scale.  Achen (2006, ch. 10 of that book)
scores models by their absolute error.  For each model this module reports the mean and median absolute error
(on the issue scale and as a share of it), the share of issues forecast within 10 % of the scale, the same per
procedure (COD/CNS) and Council rule (QMV/Unan), and a paired bootstrap interval (resampling proposals, the
issues of one proposal together) of the model's mean absolute error minus the compromise model's on the issues
both forecast.

Models (named as in :mod:`winset.models.registry`): ``compromise``, ``weighted_median``, ``bdm``, ``smp``
(KTAB, one issue at a time), ``nash`` (asymmetric Nash with linear utilities, the reference point as the
disagreement point, capability as bargaining power: the classic model, solved exactly), ``nash_eu`` (weighted
by capability, salience-weighted utilities, a costly reference point: :mod:`winset.models.nash_eu`),
``procedural`` (:mod:`winset.models.procedural`), ``exchange`` (:mod:`winset.models.exchange`) and
``ensemble`` (the shipped combination, :mod:`winset.models.ensemble`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from winset.io import eu_council as eu
from winset.io.deu import IssueData
from winset.models.registry import EVALUATED_MODELS

MODELS: tuple[str, ...] = EVALUATED_MODELS
"""The models scored here, in the registry's order (:data:`winset.models.registry.EVALUATED_MODELS`)."""
FAST_MODELS: tuple[str, ...] = tuple(m for m in MODELS if m not in ("bdm", "smp"))
"""Every model but the two iterative ones (BDM, SMP): under a second on the whole DEU III."""
SMP_MIN_SALIENCE = 0.1
"""Salience (KTAB's 0-100 scale) given to an actor with none, so that SMP can score every issue."""
BOOTSTRAP = 2000
WITHIN = 0.10
"""An issue counts as forecast well when the error is at most this share of its scale."""


@dataclass(frozen=True)
class Panel:
    """Issues as padded arrays ``(m, n)`` over the union of actors (nan: no position)."""

    actors: tuple[str, ...]
    x: np.ndarray
    s: np.ndarray
    c: np.ndarray
    q: np.ndarray
    y: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    proposal: np.ndarray
    procedure: np.ndarray
    rule: np.ndarray
    council_weight: np.ndarray
    population: np.ndarray
    threshold: np.ndarray
    lisbon: np.ndarray


def panel(issues: list[IssueData]) -> Panel:
    actors = tuple(dict.fromkeys(a for it in issues for a in it.actors))
    col = {a: j for j, a in enumerate(actors)}
    m, n = len(issues), len(actors)
    x = np.full((m, n), np.nan)
    s = np.zeros((m, n))
    c = np.zeros((m, n))
    cw = np.zeros((m, n))
    pop = np.zeros((m, n))
    thr = np.ones(m)
    lis = np.zeros(m, bool)
    for r, it in enumerate(issues):
        j = [col[a] for a in it.actors]
        x[r, j] = it.position
        s[r, j] = it.salience
        c[r, j] = it.capability
        treaty = eu.treaty_at(it.date)
        table = eu.AMSTERDAM if treaty == "amsterdam" else eu.NICE
        for a in it.actors:
            code = a.lower()
            if code in eu.MEMBERS:
                cw[r, col[a]] = 1.0 if treaty == "lisbon" else table.get(code, 0.0)
                pop[r, col[a]] = eu.POPULATION[code]
        thr[r] = 1.0 if it.rule.lower().startswith("unan") else eu.qmv_share(treaty, it.date)
        lis[r] = treaty == "lisbon"
    return Panel(
        actors=actors,
        x=x,
        s=s,
        c=c,
        q=np.array([np.nan if it.reversion is None else it.reversion for it in issues]),
        y=np.array([it.outcome for it in issues]),
        lo=np.array([it.lo for it in issues]),
        hi=np.array([it.hi for it in issues]),
        proposal=np.array([it.proposal or it.id for it in issues]),
        procedure=np.array([it.procedure for it in issues]),
        rule=np.array([it.rule for it in issues]),
        council_weight=cw,
        population=pop,
        threshold=thr,
        lisbon=lis,
    )


def _role(p: Panel, name: str) -> np.ndarray:
    j = [k for k, a in enumerate(p.actors) if a.lower() == name]
    return p.x[:, j[0]] if j else np.full(len(p.y), np.nan)


def nash_eu_forecast(p: Panel, cost: float) -> np.ndarray:
    from winset.models.nash_eu import nash_1d

    ok = ~np.isnan(p.q)
    present = ~np.isnan(p.x)
    out = np.full(len(p.y), np.nan)
    out[ok] = nash_1d(
        np.where(present, p.x, 0.0)[ok],
        p.s[ok],
        np.where(present, p.c, 0.0)[ok],
        p.q[ok],
        p.lo[ok],
        p.hi[ok],
        cost=cost,
    )
    return out


def procedural_forecast(p: Panel, cost: float) -> np.ndarray:
    from winset.models.procedural import procedural

    out = procedural(
        p.x,
        p.q,
        p.council_weight,
        p.threshold,
        population=p.population,
        lisbon=p.lisbon,
        commission=_role(p, "com"),
        parliament=_role(p, "ep"),
        codecision=p.procedure == "COD",
        span=p.hi - p.lo,
        cost=cost,
    )
    return np.where(p.procedure == "", np.nan, out)


def forecasts(
    issues: list[IssueData], models: tuple[str, ...] = MODELS, **bdm_kw: Any
) -> dict[str, np.ndarray]:
    """Each model's forecast per issue, ``{model: (n_issues,)}`` (nan where a model does not apply)."""
    from winset.models.compromise import compromise, weighted_median
    from winset.models.ensemble import combine, params
    from winset.models.exchange import exchange
    from winset.models.nash_eu import nash_1d

    p = panel(issues)
    m = len(issues)
    present = ~np.isnan(p.x)
    xz = np.where(present, p.x, 0.0)
    w_cap = np.where(present, p.c, 0.0)
    out = {name: np.full(m, np.nan) for name in models}
    costs = params()["model_costs"]
    base: dict[str, np.ndarray] = {}
    need = set(models) | (set(params()["weights"]) if "ensemble" in models else set())
    if need & {"compromise", "ensemble"}:
        base["compromise"] = compromise(xz[..., None], p.s[..., None], w_cap)[..., 0]
    if "weighted_median" in need:
        xi = np.where(present, p.x, np.inf)  # absent actors carry no weight; placed last
        base["weighted_median"] = weighted_median(xi[..., None], p.s[..., None], w_cap)[..., 0]
    if "nash" in need:
        ok = ~np.isnan(p.q)
        v = np.full(m, np.nan)
        v[ok] = nash_1d(xz[ok], present[ok].astype(float), w_cap[ok], p.q[ok], p.lo[ok], p.hi[ok], cost=0.0)
        base["nash"] = v
    if "nash_eu" in need:
        base["nash_eu"] = nash_eu_forecast(p, costs["nash_eu"])
    if "procedural" in need:
        base["procedural"] = procedural_forecast(p, costs["procedural"])
    if "exchange" in need:
        base["exchange"] = exchange(p.x, p.s, w_cap, p.proposal, p.hi - p.lo)
    if "ensemble" in models:
        pr = params()
        base["ensemble"] = combine(base, p.lo, p.hi, pr["weights"], pr["half_width"])[0]
    for name in models:
        if name in base:
            out[name] = base[name]
    if "bdm" in models or "smp" in models:
        _slow_models(issues, models, out, **bdm_kw)
    return out


def _slow_models(
    issues: list[IssueData], models: tuple[str, ...], out: dict[str, np.ndarray], **bdm_kw: Any
) -> None:
    from winset.models.bdm import bdm
    from winset.models.smp import run as smp_run

    by_n: dict[int, list[int]] = {}
    for j, it in enumerate(issues):
        by_n.setdefault(len(it.actors), []).append(j)
    for _n, idx in by_n.items():  # one batched call per actor count
        x = np.stack([issues[j].position for j in idx])
        s = np.stack([issues[j].salience for j in idx])
        c = np.stack([issues[j].capability for j in idx])
        lo = np.array([issues[j].lo for j in idx])
        hi = np.array([issues[j].hi for j in idx])
        if "bdm" in models:
            out["bdm"][idx] = bdm(x, c, s, lo=lo, hi=hi, **bdm_kw).forecast
    if "smp" in models:
        for j, it in enumerate(issues):
            span = it.hi - it.lo
            pos = 100.0 * (it.position - it.lo) / span
            cap = np.maximum(it.capability, 1e-9)  # KTAB needs positive capabilities
            # and a positive salience (0 divides by zero in its vote): a floor of 0.1 on its 0-100 scale
            r = smp_run(pos[:, None], np.maximum(100.0 * it.salience[:, None], SMP_MIN_SALIENCE), cap)
            out["smp"][j] = it.lo + span * float(r.forecast[0]) / 100.0


def _stats(err: np.ndarray, span: np.ndarray) -> dict[str, Any]:
    if not len(err):
        return {"mae": None, "mae_share": None, "n": 0, "median": None, "within10": None}
    return {
        "mae": float(err.mean()),
        "mae_share": float((err / span).mean()),
        "n": int(len(err)),
        "median": float(np.median(err)),
        "within10": float((err <= WITHIN * span + 1e-9).mean()),
    }


def bootstrap_difference(
    err: np.ndarray, ref: np.ndarray, groups: np.ndarray, reps: int = BOOTSTRAP, seed: int = 0
) -> dict[str, float] | None:
    """Paired cluster bootstrap of ``mean(err) - mean(ref)``: resample groups (proposals) with replacement;
    ``{"mean", "low", "high"}`` (the 2.5 % and 97.5 % percentiles)."""
    if not len(err):
        return None
    keys, inv = np.unique(groups, return_inverse=True)
    g = len(keys)
    d_sum = np.bincount(inv, weights=err - ref, minlength=g)
    cnt = np.bincount(inv, minlength=g).astype(float)
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, g, size=(reps, g))
    boot = d_sum[pick].sum(1) / cnt[pick].sum(1)
    lo_, hi_ = np.percentile(boot, [2.5, 97.5])
    return {"mean": float((err - ref).mean()), "low": float(lo_), "high": float(hi_)}


def evaluate(
    issues: list[IssueData], models: tuple[str, ...] = MODELS, seed: int = 0, **bdm_kw: Any
) -> dict[str, Any]:
    """Accuracy of each model: ``{"models": {name: {...}}, "groups": {group: {name: {...}}}, "issues": [...]}``."""
    if "compromise" not in models:
        models = ("compromise", *models)
    fc = forecasts(issues, models, **bdm_kw)
    y = np.array([it.outcome for it in issues])
    span = np.array([it.hi - it.lo for it in issues])
    props = np.array([it.proposal or it.id for it in issues])
    proc = np.array([it.procedure for it in issues])
    rule = np.array([it.rule for it in issues])
    ref_err = np.abs(fc["compromise"] - y)
    res: dict[str, Any] = {"models": {}, "groups": {}, "issues": []}
    for name, f in fc.items():
        ok = ~np.isnan(f)
        err = np.abs(f - y)
        row = _stats(err[ok], span[ok])
        row["vs_compromise"] = (
            None if name == "compromise" else bootstrap_difference(err[ok], ref_err[ok], props[ok], seed=seed)
        )
        res["models"][name] = row
    for label, mask in (
        *((v, proc == v) for v in ("COD", "CNS")),
        *((v, rule == v) for v in ("QMV", "Unan")),
    ):
        if not mask.any():
            continue
        res["groups"][label] = {}
        for name, f in fc.items():
            ok = mask & ~np.isnan(f)
            res["groups"][label][name] = _stats(np.abs(f - y)[ok], span[ok])
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

"""Which uncertain inputs drive the results.

* ``spearman``: the rank correlation of every uncertain input with every output across the draws
  (:func:`rank_correlation`, used by :meth:`winset.uncertainty.sweep.SweepResult.sensitivity`);
* ``tornado``: one-at-a-time swings, each input set to its low and high end (the 5th/95th percentile for
  an unbounded normal) with every other number at its central value, evaluated as one batch;
* :func:`big_issue_probability`: how often each issue is the one sticking point across draws.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from winset.analysis.deals import evaluate_deals
from winset.analysis.parties import one_big_issue, party_sticking_points
from winset.models import forecasts
from winset.scenario.schema import Scenario
from winset.uncertainty.sampling import Input, Path, check_seed, compile_with, sample, uncertain_inputs


def rank_correlation(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman's rho of every column of ``x`` ``(N, p)`` with every column of ``y`` ``(N, q)``: ``(p, q)``.

    Pearson correlation of average ranks (ties share their mean rank); 0 where a column is constant.
    """
    from scipy import stats  # imported here: loading scipy.stats costs ~0.5 s, most runs never need it

    rx = stats.rankdata(x, axis=0)
    ry = stats.rankdata(np.asarray(y, dtype=float), axis=0)
    rx = rx - rx.mean(0)
    ry = ry - ry.mean(0)
    num = rx.T @ ry
    den = np.sqrt((rx**2).sum(0))[:, None] * np.sqrt((ry**2).sum(0))[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
    return np.asarray(r)


def tornado(sc: Scenario, inputs: list[Input] | None = None) -> dict[str, list[dict[str, Any]]]:
    """One-at-a-time swings: each input at its low and at its high end, the rest at their central values.

    Evaluated as one batch of ``2 p`` scenarios.  Returns ``{output: [{input, low, high, at_low, at_high,
    swing}]}`` sorted by ``|swing|``, for the forecast of every model on every issue and (0/1) for whether
    each deal is ratifiable, and each body's expected yes share on each deal it must ratify.
    """
    inputs = uncertain_inputs(sc) if inputs is None else inputs
    p = len(inputs)
    if p == 0:
        return {}
    vals: dict[Path, np.ndarray] = {}
    ends = [inp.swing() for inp in inputs]
    for a, inp in enumerate(inputs):
        v = np.full(2 * p, inp.quantity.value)
        v[2 * a], v[2 * a + 1] = ends[a]
        vals[inp.path] = v
    c = compile_with(sc, vals, 2 * p)
    outs: dict[str, np.ndarray] = {}
    for m, arr in forecasts(c).items():
        for k, i in enumerate(c.issue_ids):
            outs[f"{m}.{i}"] = arr[:, k]
    ev = evaluate_deals(c)
    for j, d in enumerate(c.deal_ids):
        outs[f"ratified.{d}"] = ev.ratifiable[:, j].astype(float)
    for j, d in enumerate(c.deal_ids):
        for b, vt in ev.votes.items():
            if np.asarray(vt.applies)[:, j].any():
                outs[f"yes_share.{d}.{b}"] = np.asarray(vt.yes_share)[:, j]
    res: dict[str, list[dict[str, Any]]] = {}
    for o, y in outs.items():
        rows = [
            {
                "input": inp.name,
                "low": ends[a][0],
                "high": ends[a][1],
                "at_low": round(float(y[2 * a]), 4),
                "at_high": round(float(y[2 * a + 1]), 4),
                "swing": round(float(y[2 * a + 1] - y[2 * a]), 4),
            }
            for a, inp in enumerate(inputs)
        ]
        res[o] = sorted(rows, key=lambda r: (-abs(r["swing"]), r["input"]))
    return res


BIG_ISSUE_DRAWS = 300
"""Draws :func:`big_issue_probability` uses by default (the exact party analysis costs ~60 ms a draw on Anchorage)."""


def big_issue_probability(
    sc: Scenario, draws: int = BIG_ISSUE_DRAWS, seed: int = 0, reference: str = "parties"
) -> dict[str, Any]:
    """How often each issue is "the one big issue" across the first ``draws`` draws of a sweep with ``seed``.

    On each draw the sticking points from the parties (:func:`winset.analysis.parties.party_sticking_points`, each
    veto player at its best attainable terms; independent of the deals on the table) name the top deadlocked or
    contested issue, or none.  ``reference`` is kept for callers of the earlier, deal-based version and must be
    ``"parties"``.  Returns ``{"reference": "parties", "draws", "seed", "p": {issue or "none": probability},
    "se": {...}}`` (binomial standard errors).
    """
    seed = check_seed(seed)
    if not 1 <= draws <= 100_000:
        raise ValueError(f"draws must be between 1 and 100,000, got {draws}")
    if reference not in ("parties", "auto"):
        raise ValueError(
            f"reference must be 'parties' (the one big issue no longer depends on a deal), got {reference!r}"
        )
    c = sample(sc, draws, seed)
    counts = dict.fromkeys((*c.issue_ids, "none"), 0)
    for j in range(draws):  # one exact analysis per draw (party_sticking_points is not batched)
        counts[one_big_issue(party_sticking_points(c.draw(j))) or "none"] += 1
    p = {k: v / draws for k, v in counts.items()}
    return {
        "reference": "parties",
        "draws": draws,
        "seed": seed,
        "p": p,
        "se": {k: math.sqrt(v * (1 - v) / draws) for k, v in p.items()},
    }

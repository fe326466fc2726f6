"""The JSON-ready win-set report: what ``winset winsets --json`` prints and the web API returns."""

from __future__ import annotations

import warnings
from typing import Any

from winset.analysis.winsets.emptiness import winset_empty_2d
from winset.analysis.winsets.intervals import body_winset_1d
from winset.analysis.winsets.zopa import Zopa, zopa
from winset.scenario.schema import Scenario


def winset_report(
    sc: Scenario,
    reference: str = "reversion",
    instrument: str = "treaty",
    samples: int = 20_000,
    seed: int = 0,
) -> dict[str, Any]:
    """JSON-ready win-sets of every body (1-D exact, 2-D emptiness per declared space) and the ZOPA, around
    ``reference`` (``"reversion"`` or a deal id): what ``winset winsets --json`` prints and the web API returns."""
    from winset.scenario.compiled import compile_scenario

    c = compile_scenario(sc)
    ref = c.reversion if reference == "reversion" else c.deals[c.deal_ids.index(reference)]
    res: dict[str, Any] = {
        "scenario": sc.id,
        "reference": reference,
        "instrument": instrument,
        "one_d": [],
        "two_d": [],
        "zopa": {},
    }
    for b in c.bodies:
        for i in c.issue_ids:
            w = body_winset_1d(c, b, i, reference=ref, instrument=instrument)
            lo, hi = (float(v[c.issue_index(i)]) for v in (c.lo, c.hi))
            res["one_d"].append(
                {
                    "body": b.id,
                    "issue": i,
                    "rule": b.rule,
                    "threshold": w.threshold,
                    "reversion": w.reversion,
                    "winset": [iv.as_list() for iv in w.passes],
                    "lets_through": [iv.as_list() for iv in w.lets_through],
                    "text": " ∪ ".join(iv.text(lo, hi) for iv in w.passes) or "empty",
                    "text_through": " ∪ ".join(iv.text(lo, hi) for iv in w.lets_through) or "none",
                }
            )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sp in sc.spaces:
            for b in c.bodies:
                v = winset_empty_2d(c, b, sp.issues, reference=ref)
                res["two_d"].append(
                    {
                        "space": sp.id,
                        "body": b.id,
                        "issues": list(v.issues),
                        "empty": v.empty,
                        "exact": v.exact,
                        "best_share": v.best_share,
                        "depth_share": v.depth_share,
                        "direction": v.direction,
                        "witness": v.witness,
                        "method": v.method,
                        "note": v.note,
                    }
                )
        z = zopa(c, reference=ref, samples=samples, seed=seed, instrument=instrument)
    res["zopa"] = zopa_json(z)
    return res


def zopa_json(z: Zopa) -> dict[str, Any]:
    """The JSON-ready ZOPA (``winset winsets --json``'s ``zopa``; ``winset timeline`` per snapshot)."""
    return {
        "nonempty": z.nonempty,
        "exact": z.exact,
        "verdict": z.verdict,
        "witness": z.witness,
        "method": z.method,
        "samples": z.samples,
        "seed": z.seed,
        "reasons": z.reasons(),
        "accepts_nothing": z.accepts_nothing,
        "disjoint_pairs": [list(p) for p in z.disjoint_pairs],
        "slices": z.slices,
    }

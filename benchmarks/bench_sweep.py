"""Timing of the batched Monte Carlo sweep against a per-draw loop over the same analysis.

Workload (issue #5): the Anchorage 2025 scenario (24 uncertain inputs, 4 actors, 3 ratification bodies, 5 deals),
``--draws`` draws: every forecast model (compromise, weighted median, Bueno de Mesquita) and the full deal
evaluation (actor utilities, every body's vote, vetoes) on every draw.

Baseline: the per-draw loop an analyst would write around the one-scenario analysis: for each draw, compile the
scenario with that draw's numbers (a batch of one) and run the same functions.  It is timed on ``--loop-draws``
draws and scaled linearly to the full workload; both give the same ratifiability on those draws (checked).

Probabilistic ratification (issue #14): the same sweep with every bloc's cohesion (0.8-1.0) and turnout
(0.5-0.9) drawn, against the deterministic sweep of the scenario as written (cohesion and turnout 1), in the
same run; target at most 1.5x slower.

    .venv/bin/python benchmarks/bench_sweep.py               # 100,000 draws
    .venv/bin/python benchmarks/bench_sweep.py --draws 10000
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from winset.analysis.deals import evaluate_deals
from winset.models import forecasts
from winset.scenario import Scenario, load, validate_data
from winset.uncertainty import compile_with, draw_inputs, sweep


def with_cohesion_and_turnout(sc: Scenario) -> Scenario:
    """``sc`` with an uncertain cohesion and turnout on every member of every body."""
    data = sc.model_dump(mode="json", exclude_none=True)
    for body in data.get("bodies", []):
        for m in body["members"]:
            m["cohesion"] = {"value": 0.9, "low": 0.8, "high": 1.0, "assumption": "benchmark"}
            m["turnout"] = {"value": 0.7, "low": 0.5, "high": 0.9, "assumption": "benchmark"}
    return validate_data(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", default="anchorage-2025")
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--loop-draws", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    sc = load(a.scenario)

    t0 = time.perf_counter()
    res = sweep(sc, draws=a.draws, seed=a.seed, with_tornado=False)
    t_vec = time.perf_counter() - t0

    vals = draw_inputs(sc, a.seed, 0, a.loop_draws)
    t0 = time.perf_counter()
    loop_ok = []
    for j in range(a.loop_draws):
        c = compile_with(sc, {p: v[j : j + 1] for p, v in vals.items()}, 1)
        forecasts(c)
        loop_ok.append(evaluate_deals(c).ratifiable[0])
    t_loop = (time.perf_counter() - t0) / a.loop_draws * a.draws
    same = np.array_equal(np.array(loop_ok), res.samples["ratifiable"][: a.loop_draws])

    print(f"scenario {sc.id}: {len(res.inputs)} uncertain inputs, {a.draws:,} draws")
    print(f"batched winset.uncertainty.sweep   : {t_vec:10.2f} s")
    print(f"per-draw loop (compile + analyse)  : {t_loop:10.2f} s  (timed on {a.loop_draws:,} draws, scaled)")
    print(f"ratio loop / batched               : {t_loop / t_vec:10.0f}x")
    print(f"same ratifiability on the looped draws: {'yes' if same else 'NO'}")

    prob = with_cohesion_and_turnout(sc)
    t_det, t_prob = [t_vec], []
    for _ in range(2):  # alternate, best of each (the machine is shared; imports warm up in the first run)
        t0 = time.perf_counter()
        res_p = sweep(prob, draws=a.draws, seed=a.seed, with_tornado=False)
        t_prob.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        sweep(sc, draws=a.draws, seed=a.seed, with_tornado=False)
        t_det.append(time.perf_counter() - t0)
    print(f"deterministic sweep, best of {len(t_det)}     : {min(t_det):10.2f} s")
    ratio = min(t_prob) / min(t_det)
    t_prob_best = min(t_prob)
    print(
        f"with cohesion and turnout drawn    : {t_prob_best:10.2f} s  (best of {len(t_prob)}; "
        f"{len(res_p.inputs)} uncertain inputs)"
    )
    print(f"ratio probabilistic / deterministic: {ratio:10.2f}x  (target <= 1.5x)")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()

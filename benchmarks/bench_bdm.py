"""Timing of the vectorised BDM model against a per-draw numpy loop and a plain per-actor loop implementation.

Workload (issue #3): 100 actors x 10 issues x 1,000 Monte Carlo draws = 10,000 one-issue problems, each run for
``--rounds`` rounds (every round computed: ``stop="none"``), "paper" probability.

Baseline: ``bdm_loop`` (``tests/oracles/reference_loop.py``), the same model written as plain Python loops over
actors (O(n^3) per round).  It needs seconds per problem per round at n = 100, so it is timed on
``--loop-problems`` of the 10,000 problems in the same run and its per-problem time is scaled to the full
workload (the loop does the same work for every problem: its time is linear in the number of problems).
Both implementations' trajectories are compared on those problems.

Second baseline, the fair one: the same ``bdm`` function called once per Monte Carlo draw (a Python loop over
draws, numpy inside), timed on ``--per-draw`` draws and scaled to all of them; its positions must equal the
batched run's.  Peak memory is the process's maximum resident set size (``resource.getrusage``) after the
per-draw run and after the batched run (the per-draw run goes first, so the second figure is the batched
peak whenever it is the larger).

    .venv/bin/python benchmarks/bench_bdm.py            # full workload (a few minutes)
    .venv/bin/python benchmarks/bench_bdm.py --draws 50 # quick look
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

import numpy as np

from winset.models.bdm import bdm

# The loop oracle is test code (tests/oracles/), not part of the package: import the one copy the tests trust.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from oracles.reference_loop import bdm_loop  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--actors", type=int, default=100)
    ap.add_argument("--issues", type=int, default=10)
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--loop-problems", type=int, default=2)
    ap.add_argument("--per-draw", type=int, default=100, help="draws the per-draw numpy loop is timed on")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    shape = (a.draws, a.issues, a.actors)
    x = rng.uniform(0, 100, shape)
    c = rng.uniform(0.05, 1.0, (a.draws, 1, a.actors))
    s = rng.uniform(0.05, 1.0, shape)
    total = a.draws * a.issues

    def rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux

    k = min(a.per_draw, a.draws)
    t0 = time.perf_counter()
    per_draw = [bdm(x[d], c[d], s[d], lo=0.0, hi=100.0, rounds=a.rounds, stop="none") for d in range(k)]
    t_draw = time.perf_counter() - t0
    t_draw_full = t_draw / k * a.draws
    mem_draw = rss_mb()

    t0 = time.perf_counter()
    res = bdm(x, c, s, lo=0.0, hi=100.0, rounds=a.rounds, stop="none")
    t_vec = time.perf_counter() - t0
    mem_vec = rss_mb()
    draw_diff = max(float(np.abs(r.positions - res.positions[d]).max()) for d, r in enumerate(per_draw))

    m = min(a.loop_problems, total)
    flat_x, flat_s = x.reshape(-1, a.actors), s.reshape(-1, a.actors)
    flat_c = np.broadcast_to(c, shape).reshape(-1, a.actors)
    t0 = time.perf_counter()
    loops = [
        bdm_loop(
            list(flat_x[b]), list(flat_c[b]), list(flat_s[b]), lo=0.0, hi=100.0, rounds=a.rounds, stop="none"
        )
        for b in range(m)
    ]
    t_loop = time.perf_counter() - t0
    t_loop_full = t_loop / m * total
    flat_pos = res.positions.reshape(total, a.rounds + 1, a.actors)
    diff = max(float(np.abs(flat_pos[b] - np.array(lp.positions)).max()) for b, lp in enumerate(loops))

    print(
        f"workload: {a.actors} actors x {a.issues} issues x {a.draws} draws = {total} problems, "
        f"{a.rounds} rounds each"
    )
    print(f"vectorised winset.models.bdm.bdm      : {t_vec:10.2f} s   (peak RSS {mem_vec:,.0f} MB)")
    print(
        f"per-draw numpy loop (bdm per draw)    : {t_draw:10.2f} s for {k} draws -> {t_draw_full:10.1f} s for "
        f"{a.draws} (scaled; peak RSS {mem_draw:,.0f} MB)"
    )
    print(f"ratio per-draw / vectorised           : {t_draw_full / t_vec:10.2f}x")
    print(f"largest position difference per-draw vs batched: {draw_diff:.2e}")
    print(
        f"plain loop reference_loop.bdm_loop    : {t_loop:10.2f} s for {m} problems -> "
        f"{t_loop_full:10.0f} s for {total} (scaled)"
    )
    print(f"ratio loop / vectorised               : {t_loop_full / t_vec:10.0f}x")
    print(f"largest position difference on the {m} checked problems: {diff:.2e}")


if __name__ == "__main__":
    main()

"""Pareto frontier + Nash point: winset vs NegMAS 0.16, measured in the same run.

    python benchmarks/bench_pareto.py                 # GENIUS domains + synthetic 1,000,000-outcome domains
    python benchmarks/bench_pareto.py --quick         # skip the 1,000,000-outcome domains
    python benchmarks/bench_pareto.py --negmas-max 200000   # time NegMAS on a subsample of bigger domains

Needs a venv holding winset and ``negmas==0.16.0`` (``make bench`` installs ``.[bench]``).  Both libraries
get the same utility functions: the GENIUS profiles read by :mod:`winset.io.genius` (per-issue
normalised, as GENIUS evaluates them) are handed to NegMAS as ``LinearAdditiveUtilityFunction`` objects with
``TableFun`` values, so the two frontiers must be the same set of utility vectors.

What is timed, per domain:

* NegMAS: ``pareto_frontier(ufuns, issues=...)`` (enumerates the outcomes, evaluates every ufun, keeps the
  rational outcomes, ``pareto_frontier_numpy``) + ``nash_points(ufuns, frontier, outcome_space=...)``.
* winset: ``GeniusDomain.utilities()`` (enumerate + evaluate, numpy) + rational filter + ``pareto_frontier``
  + ``nash_point`` with NegMAS' disagreement point (each party's reservation value, or its minimum utility
  when the reservation value lies below it).

"identical" compares the sets of winset utility vectors at the frontier outcomes each library returns
(NegMAS returns outcome indices in ``itertools.product`` order, which is winset's order too) and the Nash
utility vectors.  Domains larger than ``--negmas-max`` are timed for NegMAS on a seeded random subsample of
that many outcomes (winset runs on the same subsample for the comparison, and on the full domain for the
printed winset-only time).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from winset.analysis.pareto import nash_point, pareto_frontier
from winset.io.genius import GeniusDomain, GeniusIssue, GeniusProfile, load_genius

REF = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "reference-data"
    / "negmas-genius-scenarios"
    / "genius-xml"
)


def synthetic(n_parties: int, n_issues: int = 6, n_values: int = 10, seed: int = 0) -> GeniusDomain:
    """A random additive domain with ``n_values ** n_issues`` outcomes (10^6 by default), seeded."""
    rng = np.random.default_rng(seed)
    issues = tuple(
        GeniusIssue(index=i + 1, name=f"i{i}", values=tuple(f"v{j}" for j in range(n_values)))
        for i in range(n_issues)
    )
    profs = []
    for p in range(n_parties):
        ev = tuple(e / e.max() for e in rng.random((n_issues, n_values)))
        profs.append(
            GeniusProfile(
                name=f"p{p}",
                file="<synthetic>",
                weights=rng.dirichlet(np.ones(n_issues)),
                evaluations=ev,
                reservation=0.0,
                discount=1.0,
            )
        )
    return GeniusDomain(
        name=f"synthetic-{n_parties}p", file="<synthetic>", issues=issues, profiles=tuple(profs)
    )


def winset_run(
    g: GeniusDomain, outcomes: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, int | None, np.ndarray]:
    """Frontier outcome indices (into ``outcomes``), utilities, Nash index: the full pipeline."""
    u = g.utilities(outcomes)
    r = g.reservation
    lo = u.min(0)
    if (lo >= r).all():  # every outcome is rational
        front = pareto_frontier(u, unique=True)
    else:
        rational = np.flatnonzero((u >= r).all(1))
        front = rational[pareto_frontier(u[rational], unique=True)]
    d = np.maximum(r, lo)  # NegMAS' disagreement point (see module docstring)
    nash = nash_point(u, d, candidates=front)
    return front, u, nash, d


def negmas_run(g: GeniusDomain, outcomes: np.ndarray | None):
    from negmas import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.ops import nash_points
    from negmas.preferences.ops import pareto_frontier as nm_pareto
    from negmas.preferences.value_fun import TableFun

    issues = [make_issue(list(i.values), name=i.name) for i in g.issues]
    ufuns = [
        LinearAdditiveUtilityFunction(
            values=[
                TableFun(dict(zip(i.values, map(float, e), strict=True)))
                for i, e in zip(g.issues, p.evaluations, strict=True)
            ],
            weights=[float(w) for w in p.weights],
            issues=issues,
            reserved_value=float(p.reservation),
        )
        for p in g.profiles
    ]
    outs = None
    if outcomes is not None:
        outs = [tuple(i.values[j] for i, j in zip(g.issues, row, strict=True)) for row in outcomes]
    t0 = time.perf_counter()
    if outs is None:
        futils, fidx = nm_pareto(ufuns, issues=issues)
        nash = nash_points(ufuns, futils, outcome_space=ufuns[0].outcome_space)
    else:
        futils, fidx = nm_pareto(ufuns, outcomes=outs)
        nash = nash_points(ufuns, futils, outcomes=outs)
    dt = time.perf_counter() - t0
    return dt, np.asarray(fidx, dtype=np.int64), nash


def best_of(fn, repeat: int, budget: float = 0.0) -> tuple[float, object]:
    """Best time of ``repeat`` calls, or of as many more as fit in ``budget`` seconds (at most 500): calls
    that take microseconds need many repeats before the best one stops being timer noise."""
    best, res, spent, k = float("inf"), None, 0.0, 0
    while k < repeat or (spent < budget and k < 500):
        t0 = time.perf_counter()
        res = fn()
        dt = time.perf_counter() - t0
        best, spent, k = min(best, dt), spent + dt, k + 1
    return best, res


def negmas_best(g: GeniusDomain, sub: np.ndarray | None, repeat: int, budget: float):
    """The same policy for NegMAS (its own timer excludes building the utility functions)."""
    runs, spent = [], 0.0
    while len(runs) < repeat or (spent < budget and len(runs) < 500):
        runs.append(negmas_run(g, sub))
        spent += runs[-1][0]
    return min(runs, key=lambda r: r[0])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="skip the 1,000,000-outcome synthetic domains")
    ap.add_argument(
        "--negmas-max",
        type=int,
        default=1_000_000,
        help="largest outcome count NegMAS is timed on in full (bigger: seeded subsample)",
    )
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    try:
        import negmas
    except ImportError:
        print("negmas is not installed: pip install 'negmas==0.16.0' (or `make bench`)", file=sys.stderr)
        return 2
    warnings.filterwarnings("ignore")
    domains: list[GeniusDomain] = []
    if REF.is_dir():
        domains += [load_genius(d) for d in sorted(REF.iterdir()) if d.is_dir()]
    else:
        print(f"(reference data not found at {REF}; GENIUS domains skipped)")
    if not args.quick:
        domains += [synthetic(2, seed=args.seed), synthetic(3, seed=args.seed + 1)]
    print(
        f"negmas {negmas.__version__}; numpy {np.__version__}; times are the best run (up to 100,000 outcomes: of as many runs as fit in 0.5 s, at least 3, "
        "for both libraries; larger: winset best of 3, negmas one run)"
    )
    hdr = (
        f"{'domain':<24}{'parties':>8}{'outcomes':>11}{'timed on':>11}{'negmas s':>10}{'winset s':>10}"
        f"{'ratio':>8}{'frontier':>9}  identical"
    )
    print(hdr)
    print("-" * len(hdr))
    ratios = []
    all_same = True
    for g in domains:
        n_out = g.n_outcomes
        sub = None
        if n_out > args.negmas_max:
            rng = np.random.default_rng(args.seed)
            sub = g.outcomes()[np.sort(rng.choice(n_out, size=args.negmas_max, replace=False))]
        small = n_out <= 100_000
        t_nm, nm_idx, nm_nash = negmas_best(g, sub, 3 if small else 1, 0.5 if small else 0.0)
        t_ws, (front, u, nash, _d) = best_of(
            lambda g=g, sub=sub: winset_run(g, sub), 3, 0.5 if small else 0.0
        )
        ws_set = {tuple(x) for x in u[front]}
        nm_set = {tuple(x) for x in u[nm_idx]}
        nm_nash_vecs = {tuple(u[nm_idx[j]]) for _, j in nm_nash}
        same = ws_set == nm_set and (
            nash is None and not nm_nash_vecs or nash is not None and tuple(u[nash]) in nm_nash_vecs
        )
        all_same &= same
        ratio = t_nm / t_ws
        ratios.append(ratio)
        timed = "all" if sub is None else f"{len(sub):,}"
        print(
            f"{g.name:<24}{len(g.profiles):>8}{n_out:>11,}{timed:>11}{t_nm:>10.3f}{t_ws:>10.4f}"
            f"{ratio:>7.0f}x{len(front):>9}  {'yes' if same else 'NO'}"
        )
        if sub is not None:
            t_full, (f_full, *_) = best_of(lambda g=g: winset_run(g), 1)
            print(
                f"{'':<24}{'':>8}{'':>11}{'all':>11}{'—':>10}{t_full:>10.4f}{'':>8}{len(f_full):>9}"
                "  (winset on every outcome)"
            )
    print(
        f"\nratio negmas/winset: min {min(ratios):.0f}x, median {np.median(ratios):.0f}x (target >= 20x); "
        f"frontiers and Nash points identical: {'yes' if all_same else 'NO'}"
    )
    return 0 if all_same else 1


if __name__ == "__main__":
    raise SystemExit(main())

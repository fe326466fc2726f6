"""Pareto frontiers: winset against the best tools, measured in the same run.

    python benchmarks/bench_pareto.py            # GENIUS domains, synthetic additive domains, arrays 1e4-1e7
    python benchmarks/bench_pareto.py --quick    # a small run (about a minute)

Needs the ``bench`` extra (``pip install '.[bench]'``: negmas 0.16.0, paretoset; moocore is a runtime
dependency).  Tools missing from the venv are reported and skipped.

**Additive domains** (GENIUS reference domains, and seeded synthetic additive domains up to 10^12 outcomes),
each the full pipeline from utility functions to the rational frontier and its Nash point:

* ``negmas-enum``: NegMAS ``pareto_frontier(ufuns, issues=...)`` (enumerates and evaluates every outcome) then
  ``nash_points(ufuns, frontier, outcome_space=...)`` (the call NegMAS' docs recommend; ``outcomes=`` would
  rebuild the issues from every outcome);
* ``mobanos``: NegMAS ``MOBANOSParetoSampler().init(u0, u1)`` (two parties; uses the additive structure);
* ``winset-add``: :func:`winset.analysis.pareto.additive_frontier` (the additive path: the frontier, the same
  job as MOBANOS);
* ``winset-sum``: :func:`winset.analysis.pareto.domains.summarise` (the additive path, rational filter, Nash and
  both Kalai–Smorodinsky points: what ``winset pareto`` computes);
* ``winset-enum``: the same summary by enumeration (every outcome evaluated).

NegMAS gets winset's GENIUS profiles (normalised per issue, as GENIUS evaluates them) as
``LinearAdditiveUtilityFunction`` tables, so every tool has the same utilities; "agree" compares the sets of
frontier utility vectors (rounded to 1e-9) with winset's additive path.

**Enumerated arrays** (seeded; independent, correlated, anti-correlated utilities; 2, 3, 5, 8 parties; 1e4-1e7
rows), each tool returning one row per optimal vector:

* ``floor``: one read (``u.max(0)``) and one ``np.argsort`` of a column: the distance to the limit;
* ``moocore``: ``moocore.is_nondominated(u, maximise=True)``;
* ``paretoset``: ``paretoset(u, sense=["max"] * n, distinct=True)`` (numba);
* ``negmas``: NegMAS ``pareto_frontier_numpy(u)``;
* ``winset``: ``pareto_mask(u, unique=True)``.

Times are the best of ``--repeat`` runs (1 above 1e6 rows); a tool is not run on a size when its time on the
smaller size, scaled by N^1.5, exceeds ``--budget`` seconds (shown as ``—``).  Peak memory is what ``tracemalloc`` sees (numpy and
Python allocations; moocore's own C buffers and numba's are not visible to it), as a multiple of the input
array.  Ratios are winset's time over the best other tool's (below 1: winset faster).
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from winset.analysis.pareto import additive_frontier, pareto_mask
from winset.analysis.pareto.domains import AdditiveDomain, summarise
from winset.io.genius import load_genius

REF = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "reference-data"
    / "negmas-genius-scenarios"
    / "genius-xml"
)


# ---------------------------------------------------------------------------------------------------------
# data
# ---------------------------------------------------------------------------------------------------------
def arrays(kind: str, n_rows: int, n: int, seed: int = 0) -> np.ndarray:
    """Seeded utilities ``(n_rows, n)``: independent uniform; correlated (a shared factor plus 10% noise);
    anti-correlated (points on the simplex plus 5% noise: large frontiers); all-optimal (two parties only)."""
    rng = np.random.default_rng(seed)
    if kind == "independent":
        return rng.random((n_rows, n))
    if kind == "correlated":
        return rng.random((n_rows, 1)) + 0.1 * rng.random((n_rows, n))
    if kind == "all-optimal":  # two parties on a line u_1 = -u_0, shuffled: every row on the frontier
        x = rng.permutation(n_rows).astype(float)
        return np.stack([x, -x], 1)
    return rng.dirichlet(np.ones(n), n_rows) + 0.05 * rng.random((n_rows, n))


def synthetic_domain(n_parties: int, n_issues: int, n_values: int = 10, seed: int = 0) -> AdditiveDomain:
    """A seeded additive domain, ``n_values ** n_issues`` outcomes, GENIUS-like weights and evaluations."""
    rng = np.random.default_rng(seed)
    w = rng.dirichlet(np.ones(n_issues), n_parties)  # (n, K)
    tables = tuple(
        np.stack([w[p, k] * (e := rng.random(n_values)) / e.max() for p in range(n_parties)], -1)
        for k in range(n_issues)
    )
    return AdditiveDomain(
        name=f"synthetic-{n_parties}p-1e{n_issues}",
        parties=tuple(f"p{i}" for i in range(n_parties)),
        issues=tuple(f"i{k}" for k in range(n_issues)),
        values=tuple(tuple(f"v{j}" for j in range(n_values)) for _ in range(n_issues)),
        tables=tables,
        reservation=np.zeros(n_parties),
        bargainers=np.arange(n_parties),
        cap=1.0,
    )


# ---------------------------------------------------------------------------------------------------------
# timing
# ---------------------------------------------------------------------------------------------------------
def measure(fn: Callable[[], Any], repeat: int, memory: bool = True) -> tuple[float, int, Any]:
    """Best time of ``repeat`` calls (or of as many as fit in 0.3 s, at most 300: sub-millisecond calls need
    many before the best stops being timer noise; one when a call takes over 2 s), peak traced memory (bytes)
    of one more call (0 unless ``memory``), the result."""
    best, res, spent, k = float("inf"), None, 0.0, 0
    while k < repeat or (spent < 0.3 and k < 300):
        t0 = time.perf_counter()
        res = fn()
        dt = time.perf_counter() - t0
        best, spent, k = min(best, dt), spent + dt, k + 1
        if dt > 2.0:  # slow enough that one run is the measurement
            break
    if not memory:
        return best, 0, res
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak, res


def vec_set(u: np.ndarray) -> set[tuple[float, ...]]:
    return {tuple(x) for x in np.round(np.asarray(u, dtype=float), 9)}


# ---------------------------------------------------------------------------------------------------------
# additive domains
# ---------------------------------------------------------------------------------------------------------
def negmas_ufuns(dom: AdditiveDomain) -> list[Any]:
    from negmas import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    issues = [make_issue(list(v), name=name) for name, v in zip(dom.issues, dom.values, strict=True)]
    out = []
    for p in range(len(dom.parties)):
        w = np.array([t[:, p].max() for t in dom.tables])
        vals = [
            TableFun({v: float(t[j, p] / wk) if wk > 0 else 0.0 for j, v in enumerate(vs)})
            for t, vs, wk in zip(dom.tables, dom.values, w, strict=True)
        ]
        out.append(
            LinearAdditiveUtilityFunction(
                values=vals,
                weights=[float(x) for x in w],
                issues=issues,
                reserved_value=float(dom.reservation[p]),
            )
        )
    return out


def bench_domains(doms: list[AdditiveDomain], enum_max: int, negmas_max: int, repeat: int) -> list[dict]:
    try:
        import negmas  # noqa: F401

        have_negmas = True
    except ImportError:
        have_negmas = False
        print("negmas not installed: NegMAS columns skipped (pip install '.[bench]')")
    rows = []
    print(
        f"\n{'domain':<28}{'parties':>8}{'outcomes':>18}{'tool':>13}{'time ms':>11}{'peak MB':>9}"
        f"{'frontier':>10}  agree"
    )
    for dom in doms:
        t, peak, s = measure(lambda dom=dom: summarise(dom), repeat)
        ref = vec_set(s["utilities"])
        ta, pa, f = measure(lambda dom=dom: additive_frontier(dom.tables, cap=dom.cap), repeat)
        rational = (f.utilities >= dom.reservation).all(1)
        res = {
            "winset-add": (ta, pa, int(rational.sum()), vec_set(f.utilities[rational]) == ref),
            "winset-sum": (t, peak, len(ref), True),
        }
        if dom.n_outcomes <= enum_max:
            t, peak, e = measure(lambda dom=dom: summarise(dom, "enumerate"), repeat)
            res["winset-enum"] = (t, peak, len(e["utilities"]), vec_set(e["utilities"]) == ref)
        if have_negmas:
            ufuns = negmas_ufuns(dom)
            if dom.n_outcomes <= negmas_max:
                from negmas.preferences.ops import nash_points
                from negmas.preferences.ops import pareto_frontier as nm_front

                os_ = ufuns[0].outcome_space

                def nm(ufuns=ufuns, os_=os_):
                    fu, fi = nm_front(ufuns, issues=os_.issues)
                    nash_points(ufuns, fu, outcome_space=os_)
                    return fu

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    big = dom.n_outcomes > 1e5  # tracemalloc slows NegMAS' Python objects several-fold
                    t, peak, fu = measure(nm, 1 if big else repeat, memory=not big)
                res["negmas-enum"] = (t, peak, len(fu), vec_set(np.minimum(np.array(fu), 1.0)) == ref)
            if len(dom.parties) == 2:
                from negmas.preferences.pareto_sampler.mobanos import MOBANOSParetoSampler

                def mob(ufuns=ufuns):
                    m = MOBANOSParetoSampler()
                    m.init(ufuns[0], ufuns[1])
                    return m.pareto_outcomes()

                t, peak, outs = measure(mob, repeat)
                u = np.array([[float(f(o)) for f in ufuns] for o in outs])
                rational = (u >= dom.reservation).all(1)
                got = vec_set(np.minimum(u[rational][pareto_mask(u[rational], unique=True)], 1.0))
                res["mobanos"] = (t, peak, len(got), got == ref)
        for tool, (t, peak, size, ok) in res.items():
            print(
                f"{dom.name:<28}{len(dom.parties):>8}{dom.n_outcomes:>18,}{tool:>13}{t * 1e3:>11.3f}"
                + (f"{peak / 2**20:>9.1f}" if peak else f"{'—':>9}")
                + f"{size:>10,}  {'yes' if ok else 'NO'}"
            )
        others = [v[0] for k, v in res.items() if not k.startswith("winset")]
        rows.append(
            {"case": dom.name, "winset": res["winset-add"][0], "best_other": min(others, default=None)}
        )
    return rows


# ---------------------------------------------------------------------------------------------------------
# enumerated arrays
# ---------------------------------------------------------------------------------------------------------
def array_tools() -> dict[str, Callable[[np.ndarray], np.ndarray]]:
    tools: dict[str, Callable[[np.ndarray], np.ndarray]] = {}
    import moocore

    tools["moocore"] = lambda u: moocore.is_nondominated(u, maximise=True)
    try:
        from paretoset import paretoset

        tools["paretoset"] = lambda u: paretoset(u, sense=["max"] * u.shape[1], distinct=True)
    except ImportError:
        print("paretoset not installed: skipped")
    try:
        from negmas.preferences.ops import pareto_frontier_numpy

        tools["negmas"] = lambda u: pareto_frontier_numpy(u, sort_by_welfare=False)
    except ImportError:
        pass
    tools["winset"] = lambda u: pareto_mask(u, unique=True)
    warm = np.random.default_rng(0).random((2000, 3))
    for fn in tools.values():  # numba compiles paretoset on its first call: not part of any timing
        fn(warm[:, :2])
        fn(warm)
    return tools


def frontier_rows(tool: str, out: np.ndarray, n_rows: int) -> np.ndarray:
    out = np.asarray(out)
    if out.dtype == bool:
        return np.flatnonzero(out)
    return np.sort(out.astype(np.int64))


def bench_arrays(cases: list[tuple[str, int, int]], repeat: int, budget: float) -> list[dict]:
    tools = array_tools()
    slow: dict[tuple[str, str, int], tuple[float, int]] = {}  # last time and size per tool and data
    rows = []
    print(
        f"\n{'data':<15}{'parties':>8}{'rows':>12}{'frontier':>10}{'floor s':>9}"
        + "".join(f"{t + ' s':>12}" for t in tools)
        + f"{'winset/best':>12}{'winset/argsort':>15}{'winset mem':>11}  agree"
    )
    for kind, n, N in cases:
        u = arrays(kind, N, n)
        rep = repeat if N <= 1_000_000 else 1
        t_floor, _, _ = measure(lambda u=u: (u.max(0), np.argsort(u[:, 0])), rep)
        t_sort, _, _ = measure(lambda u=u: np.argsort(u[:, 0]), rep)
        times: dict[str, float | None] = {}
        fronts: dict[str, set] = {}
        mem = 0.0
        for name, fn in tools.items():
            last_t, last_n = slow.get((name, kind, n), (0.0, 1))
            if last_t * (N / last_n) ** 1.5 > budget:  # grown as N^1.5 it would exceed the budget
                times[name] = None
                continue
            t, peak, out = measure(lambda fn=fn, u=u: fn(u), rep, memory=name == "winset")
            times[name] = t
            slow[(name, kind, n)] = (t, N)
            fronts[name] = vec_set(u[frontier_rows(name, out, N)])
            if name == "winset":
                mem = peak / u.nbytes
        ref = fronts["winset"]
        agree = all(f == ref for f in fronts.values())
        others = [t for k, t in times.items() if k != "winset" and t is not None]
        best = min(others) if others else None
        tw = times["winset"] or float("nan")
        print(
            f"{kind:<15}{n:>8}{N:>12,}{len(ref):>10,}{t_floor:>9.3f}"
            + "".join(f"{t:>12.3f}" if t is not None else f"{'—':>12}" for t in times.values())
            + (f"{tw / best:>12.2f}" if best else f"{'':>12}")
            + f"{tw / t_sort:>15.2f}{mem:>10.2f}x  {'yes' if agree else 'NO'}"
        )
        rows.append({"case": f"{kind} {n}p {N:,}", "winset": tw, "best_other": best, "agree": agree})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="a small run: sizes up to 1e5, GENIUS domains")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--budget", type=float, default=20.0, help="skip a tool on larger sizes once it took this long"
    )
    ap.add_argument("--parties", type=int, nargs="*", help="array cases with these party counts only")
    ap.add_argument("--no-domains", action="store_true", help="skip the additive domains")
    args = ap.parse_args(argv)
    print(f"numpy {np.__version__}; best of {args.repeat} runs (1 above 1e6 rows)")
    doms: list[AdditiveDomain] = []
    if REF.is_dir():
        doms += [AdditiveDomain.from_genius(load_genius(d)) for d in sorted(REF.iterdir()) if d.is_dir()]
    else:
        print(f"(reference data not found at {REF}; GENIUS domains skipped)")
    doms += [synthetic_domain(2, 6), synthetic_domain(3, 6, seed=1)]
    if not args.quick:
        doms += [synthetic_domain(2, 12, seed=2), synthetic_domain(3, 12, seed=3)]
    rows = (
        []
        if args.no_domains
        else bench_domains(
            doms, enum_max=2_000_000, negmas_max=1_000_000 if not args.quick else 100_000, repeat=args.repeat
        )
    )
    if args.quick:
        sizes = {2: [10_000, 100_000], 3: [10_000, 100_000], 5: [10_000], 8: [10_000]}
    else:
        sizes = {
            2: [10_000, 1_000_000, 10_000_000],
            3: [10_000, 1_000_000],
            5: [10_000, 100_000],
            8: [10_000, 100_000],
        }
    cases = [
        (kind, n, N)
        for n, Ns in sizes.items()
        if not args.parties or n in args.parties
        for kind in ("independent", "correlated", "anti", "all-optimal")
        if kind != "all-optimal" or n == 2
        for N in Ns
    ]
    rows += bench_arrays(cases, args.repeat, args.budget)
    slower = [r for r in rows if r["best_other"] is not None and r["winset"] > r["best_other"]]
    print(f"\ncases where winset is slower than the best other tool: {len(slower)} of {len(rows)}")
    for r in slower:
        print(
            f"  {r['case']}: {r['winset']:.3f} s vs {r['best_other']:.3f} s ({r['winset'] / r['best_other']:.2f}x)"
        )
    return 0 if all(r.get("agree", True) for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Timing of the public service calls against the same work done by winset before the service layer.

Workload: the calls users make (``winset.analyze``, ``winsets``, ``search`` with 4,096 samples, ``repair`` of the
Anchorage 2025 "lease" deal, ``delay``, ``forecast(model="all")``, ``sweep`` with 20,000 draws and seed 0) on both
built-in scenarios, each given by name (so loading the scenario is part of every case), plus the wall time of
``winset analyze anchorage-2025`` (a new process: import and run) and of ``import winset``.

Baseline: winset before the service layer, commit 047b5e1 (the pure ``ruff format`` commit before the
restructuring).  Its cases call the functions its CLI called (``src/winset/commands/*.py`` at that commit) with
the same defaults: ``winset.analysis.analyze``, ``winset.winsets.winset_report``,
``winset.search.search_packages``/``repair_deal`` (with ``as_dict()``, as ``--json`` did),
``winset.delay.analyse_delay`` (with ``as_dict``), ``winset.forecast.forecast`` on ``load_any`` and
``winset.uncertainty.sweep`` + ``to_json(top=5)`` + ``big_issue_probability`` on 300 draws.  Give its ``src``
folder (e.g. from ``git worktree add ../wt-base 047b5e1``); without it only the current code is timed.

Each side runs in its own worker process (``PYTHONPATH`` = that side's ``src``; both packages are called
``winset``).  Every case is called once untimed (warm-up: lazy imports, caches), its JSON result compared
between the sides, then run N times, baseline and current interleaved (alternating which goes first) so that
load from other processes on a shared machine hits both alike; N is chosen so a case takes at least
``--min-time`` seconds per side (``--blas-threads 1`` pins the BLAS libraries to one thread: on a loaded
machine their threads competing for the cores make ``forecast`` vary several-fold).  The table gives the best of N per side and their ratio, and the ratio of
the medians as a check on noise.

    .venv/bin/python benchmarks/bench_layers.py ../wt-base/src
    .venv/bin/python benchmarks/bench_layers.py                  # current code only
    .venv/bin/python benchmarks/bench_layers.py ../wt-base/src --only analyze,delay --min-time 0.5
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import math
import os
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

BASELINE_NAME = "winset before the service layer, commit 047b5e1"
SCENARIOS = ("anchorage-2025", "panama-canal-1978")
SEARCH_SAMPLES = 4096
SWEEP_DRAWS = 20_000
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
TAG = "@@bench "  # prefix of the worker's answer lines (anything else on its stdout is ignored)


# --- worker side: runs in a process whose PYTHONPATH is one side's src --------------------------------------


def _current_cases() -> dict[str, Callable[[], Any]]:
    import winset

    cases: dict[str, Callable[[], Any]] = {}
    for sc in SCENARIOS:
        cases[f"analyze {sc}"] = lambda sc=sc: winset.analyze(sc).to_dict()
        cases[f"winsets {sc}"] = lambda sc=sc: winset.winsets(sc).to_dict()
        cases[f"search {sc}"] = lambda sc=sc: winset.search(sc, samples=SEARCH_SAMPLES).to_dict()
        if sc == "anchorage-2025":
            cases[f"repair {sc} lease"] = lambda sc=sc: winset.repair(sc, "lease").to_dict()
        cases[f"delay {sc}"] = lambda sc=sc: winset.delay(sc).to_dict()
        cases[f"forecast all {sc}"] = lambda sc=sc: winset.forecast(sc, model="all").to_dict()
        cases[f"sweep {sc}"] = lambda sc=sc: winset.sweep(sc, draws=SWEEP_DRAWS, seed=0).to_dict()
    return cases


def _baseline_cases() -> dict[str, Callable[[], Any]]:
    # The calls of src/winset/commands/*.py and src/winset/cli.py at commit 047b5e1, with their defaults.
    def base(module: str, name: str) -> Any:  # by name: these modules do not exist in the current code
        return getattr(importlib.import_module(f"winset.{module}"), name)

    analyze = base("analysis", "analyze")
    load = base("scenario", "load")
    load_any = base("forecast", "load_any")
    compile_scenario = base("scenario.compiled", "compile_scenario")
    analyse_delay = base("delay", "analyse_delay")
    forecast = base("forecast", "forecast")
    model_names = base("forecast", "MODEL_NAMES")
    search_packages = base("search", "search_packages")
    repair_deal = base("search", "repair_deal")
    sweep = base("uncertainty", "sweep")
    big_issue_probability = base("uncertainty", "big_issue_probability")
    winset_report = base("winsets", "winset_report")

    def delay(name: str) -> Any:
        sc = load(name)
        c = compile_scenario(sc)
        return analyse_delay(sc, c, None, None, pie=1.0).as_dict(sc.id, c.issue_ids)

    def forecast_all(name: str) -> Any:
        sc = load_any(name, fill=None)
        return forecast(
            sc,
            model_names,
            rounds=10,
            probability="paper",
            selection="least_move",
            q=1.0,
            seed=0,
            risk="scholz",
            stop="fixed_point",
        )

    def run_sweep(name: str) -> Any:
        sc = load(name)
        data = sweep(sc, draws=SWEEP_DRAWS, seed=0, chunk=5000, client=None).to_json(top=5)
        data["one_big_issue"] = big_issue_probability(sc, draws=min(300, SWEEP_DRAWS), seed=0)
        return data

    cases: dict[str, Callable[[], Any]] = {}
    for sc in SCENARIOS:
        cases[f"analyze {sc}"] = lambda sc=sc: analyze(load(sc), reference="auto")
        cases[f"winsets {sc}"] = lambda sc=sc: winset_report(
            load(sc), reference="reversion", instrument="treaty", samples=20_000, seed=0
        )
        cases[f"search {sc}"] = lambda sc=sc: search_packages(
            load(sc), n=SEARCH_SAMPLES, seed=0, instruments=None
        ).as_dict()
        if sc == "anchorage-2025":
            cases[f"repair {sc} lease"] = lambda sc=sc: repair_deal(
                load(sc), "lease", n=16384, seed=0
            ).as_dict()
        cases[f"delay {sc}"] = lambda sc=sc: delay(sc)
        cases[f"forecast all {sc}"] = lambda sc=sc: forecast_all(sc)
        cases[f"sweep {sc}"] = lambda sc=sc: run_sweep(sc)
    return cases


def _digest(obj: Any) -> str:
    """A hash of the result as the CLI's --json would print it (to check both sides did the same work)."""
    text = json.dumps(obj, indent=2, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _answer(**kw: Any) -> None:
    sys.stdout.write(TAG + json.dumps(kw) + "\n")
    sys.stdout.flush()


def worker(side: str) -> None:
    """Answer one line per request on stdin: ``run CASE`` (timed) or ``warm CASE`` (untimed, with a digest)."""
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    import winset

    cases = _baseline_cases() if side == "baseline" else _current_cases()
    _answer(file=winset.__file__, setup=time.perf_counter() - t0, cases=list(cases))
    for line in sys.stdin:
        verb, _, name = line.strip().partition(" ")
        if verb == "quit":
            break
        t0 = time.perf_counter()
        res = cases[name]()
        dt = time.perf_counter() - t0
        _answer(t=dt, digest=_digest(res) if verb == "warm" else None)


# --- orchestrator ---------------------------------------------------------------------------------------------


class Worker:
    def __init__(self, side: str, src: Path, env_extra: dict[str, str]) -> None:
        env = dict(os.environ, PYTHONPATH=str(src), **env_extra)
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", side],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.hello = self._read()

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith(TAG):
                out: dict[str, Any] = json.loads(line[len(TAG) :])
                return out
        raise RuntimeError(f"worker exited with code {self.proc.wait()}")

    def ask(self, verb: str, case: str) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{verb} {case}\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("quit x\n")
        self.proc.stdin.close()
        self.proc.wait()


def wall(src: Path, code: str, args: list[str]) -> float:
    """Wall time of a new Python process running ``code`` with ``src`` first on the path."""
    env = dict(os.environ, PYTHONPATH=str(src), COLUMNS="132")
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def interleave(sides: list[str], once: Callable[[str], float], n: int) -> dict[str, list[float]]:
    """``n`` timings per side, alternating which side goes first."""
    times: dict[str, list[float]] = {s: [] for s in sides}
    for k in range(n):
        for s in sides if k % 2 == 0 else sides[::-1]:
            times[s].append(once(s))
    return times


def fmt_row(case: str, n: int, times: dict[str, list[float]], same: str) -> str:
    cur = min(times["current"])
    if "baseline" not in times:
        return f"{case:<34} {n:>3} {'':>10} {cur:>10.4f} {'':>7} {'':>7} {same:>5}"
    base = min(times["baseline"])
    med = statistics.median(times["current"]) / statistics.median(times["baseline"])
    return f"{case:<34} {n:>3} {base:>10.4f} {cur:>10.4f} {cur / base:>7.3f} {med:>7.3f} {same:>5}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("baseline_src", nargs="?", help="src folder of the baseline checkout (commit 047b5e1)")
    ap.add_argument("--current-src", default=str(Path(__file__).resolve().parent.parent / "src"))
    ap.add_argument("--min-time", type=float, default=1.0, help="seconds per case and side, at least")
    ap.add_argument("--min-runs", type=int, default=3)
    ap.add_argument("--max-runs", type=int, default=50)
    ap.add_argument("--cli-runs", type=int, default=5)
    ap.add_argument(
        "--blas-threads",
        type=int,
        default=0,
        help="threads of the BLAS/OpenMP libraries in the workers (default: their own choice); 1 removes the "
        "noise of threads competing for the cores of a loaded machine (scipy's SLSQP in forecast)",
    )
    ap.add_argument("--only", default="", help="comma-separated substrings of the case names to run")
    ap.add_argument("--worker", choices=("baseline", "current"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        worker(a.worker)
        return

    srcs = {"current": Path(a.current_src).resolve()}
    if a.baseline_src and (Path(a.baseline_src) / "winset" / "__init__.py").is_file():
        srcs = {"baseline": Path(a.baseline_src).resolve(), **srcs}
    elif a.baseline_src:
        print(f"no winset package under {a.baseline_src}: baseline columns skipped")
    else:
        print("no baseline src given: baseline columns skipped (give the src folder of commit 047b5e1)")
    sides = list(srcs)
    threads = {k: str(a.blas_threads) for k in BLAS_THREADS} if a.blas_threads else {}
    workers = {s: Worker(s, p, threads) for s, p in srcs.items()}
    for s, w in workers.items():
        print(f"{s:>8}: {w.hello['file']} (import and set-up {w.hello['setup']:.2f} s in the worker)")
    if "baseline" in srcs:
        print(f"baseline: {BASELINE_NAME}")
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; python {sys.version.split()[0]}; "
        f"BLAS threads in the workers: {a.blas_threads or 'default'}"
    )
    print()
    only = [x.strip() for x in a.only.split(",") if x.strip()]
    cases = [c for c in workers["current"].hello["cases"] if not only or any(o in c for o in only)]
    head = (
        f"{'case':<34} {'N':>3} {'baseline s':>10} {'current s':>10} {'cur/bas':>7} {'median':>7} {'same':>5}\n"
        f"{'':<34} {'':>3} {'(best)':>10} {'(best)':>10} {'(best)':>7} {'ratio':>7} {'json':>5}"
    )
    print(head, flush=True)
    ratios = []
    differ = []
    for case in cases:
        warm = {s: workers[s].ask("warm", case) for s in sides}
        same = "" if len(sides) == 1 else "yes" if len({w["digest"] for w in warm.values()}) == 1 else "NO"
        if same == "NO":
            differ.append(case)
        once = max(float(workers[s].ask("run", case)["t"]) for s in sides)  # the warm-up call is slower
        n = max(a.min_runs, min(a.max_runs, math.ceil(a.min_time / once)))
        times = interleave(sides, lambda s, case=case: float(workers[s].ask("run", case)["t"]), n)
        if len(sides) == 2:
            ratios.append(min(times["current"]) / min(times["baseline"]))
        print(fmt_row(case, n, times, same), flush=True)
    for w in workers.values():
        w.close()

    if not only or any("cli" in o or "import" in o for o in only):
        cli = "import sys; sys.argv[0] = 'winset'; from winset.cli import main; main()"
        for case, code, args in (
            ("CLI: winset analyze anchorage-2025", cli, ["analyze", "anchorage-2025"]),
            ("import winset (new process)", "import winset", []),
        ):
            times = interleave(sides, lambda s, code=code, args=args: wall(srcs[s], code, args), a.cli_runs)
            if len(sides) == 2:
                ratios.append(min(times["current"]) / min(times["baseline"]))
            print(fmt_row(case, a.cli_runs, times, ""), flush=True)
    if differ:
        print(
            f"\nsame json NO: the two sides' JSON results differ for {', '.join(differ)} (the times still compare "
            "the same computation when only names or messages differ: compare the two sides' --json output)"
        )
    if ratios:
        gm = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print(f"\ngeometric mean of current/baseline (best of N): {gm:.3f}  (baseline: {BASELINE_NAME})")


if __name__ == "__main__":
    main()

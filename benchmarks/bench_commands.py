"""Wall and CPU time of the commands users wait for, each a new process, against winset before issue 13's
performance work.

Workload (issue 13, item 5 "What users wait for"): ``import winset``; ``winset analyze``, ``winset search`` and
``winset report`` (2,000 draws) on each scenario; ``winset sweep --draws 100000`` (``--sweep-draws``) on
anchorage-2025; every command with its ``--json`` output (the report: its HTML file) and seed 0.

Baseline: commit 67979b0 (the merge that made ukraine-2025 the default scenario, the start of branch
``h-perf``).  Give its ``src`` folder (``git worktree add ../wt-perf-base 67979b0``); without it only the
current code is timed.

Each case runs as ``python -m winset ...`` in a new process (import time is part of what users wait for), with
``PYTHONPATH`` set to one side's ``src`` and the BLAS libraries pinned to one thread (``--blas-threads``).  Its
output is compared between the sides (byte for byte; the report's HTML too, but for its "generated" time), then each case runs ``--repeat``
times per side, the sides interleaved (alternating which goes first) so that load from other processes on a
shared machine hits both alike.  The table gives the best wall time and the best CPU time (user + system, of the
process and its children) per side and their ratios (baseline / current: above 1 is faster now).

    .venv/bin/python benchmarks/bench_commands.py ../wt-perf-base/src
    .venv/bin/python benchmarks/bench_commands.py ../wt-perf-base/src --only search,import --repeat 5
    .venv/bin/python benchmarks/bench_commands.py                       # current code only
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE_NAME = "winset at 67979b0 (before issue 13's performance work)"
SCENARIOS = ("anchorage-2025", "ukraine-2025")
SWEEP_DRAWS = 100_000
REPORT_DRAWS = 2000
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
GENERATED = re.compile(rb"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC")
SRC = Path(__file__).resolve().parent.parent / "src"


def cases(sweep_draws: int) -> dict[str, list[str]]:
    """Case name -> arguments after ``python`` (``{out}`` is a per-run output file)."""
    out: dict[str, list[str]] = {"import winset": ["-c", "import winset"]}
    for sc in SCENARIOS:
        out[f"analyze {sc}"] = ["-m", "winset", "analyze", sc, "--json"]
        out[f"search {sc}"] = ["-m", "winset", "search", sc, "--json", "--seed", "0"]
        out[f"report {sc}"] = [
            "-m",
            "winset",
            "report",
            sc,
            "-o",
            "{out}",
            "-n",
            str(REPORT_DRAWS),
            "-s",
            "0",
        ]
    out[f"sweep {SCENARIOS[0]} {sweep_draws:,}"] = [
        "-m", "winset", "sweep", SCENARIOS[0], "--json", "--seed", "0", "--draws", str(sweep_draws),
    ]  # fmt: skip
    return out


def run(src: str, args: list[str], blas: int) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system of the child) and a digest of the output of one run."""
    env = {**os.environ, "PYTHONPATH": src, "COLUMNS": "120"}
    if blas:
        env.update(dict.fromkeys(BLAS_THREADS, str(blas)))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.html"
        argv = [sys.executable, *(a.replace("{out}", str(out)) for a in args)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(argv, env=env, capture_output=True, check=False)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode:
            raise SystemExit(f"{' '.join(argv)} failed ({src}):\n{proc.stderr.decode()[-2000:]}")
        data = out.read_bytes() if out.exists() else proc.stdout
    data = GENERATED.sub(b"generated (time)", data)  # the report's time stamp is the one expected difference
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, hashlib.sha256(data).hexdigest()[:12]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("baseline_src", nargs="?", help="src folder of the baseline (commit 67979b0)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per case and side (best of them is shown)")
    ap.add_argument("--only", default="", help="comma-separated substrings of case names to run")
    ap.add_argument("--sweep-draws", type=int, default=SWEEP_DRAWS)
    ap.add_argument("--blas-threads", type=int, default=1, help="pin BLAS threads (0: leave as is)")
    a = ap.parse_args()
    sides = {"current": str(SRC)}
    if a.baseline_src:
        sides = {"baseline": str(Path(a.baseline_src).resolve()), **sides}
    todo = {
        k: v
        for k, v in cases(a.sweep_draws).items()
        if not a.only or any(s.strip() in k for s in a.only.split(","))
    }
    print(f"baseline: {BASELINE_NAME}" if a.baseline_src else "current code only")
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; best of {a.repeat} runs per side\n")
    head = f"{'case':<34}" + "".join(f"{s + ' wall':>15}{s + ' cpu':>14}" for s in sides)
    if len(sides) == 2:
        head += f"{'wall ratio':>12}{'cpu ratio':>11}  same output"
    print(head)
    for name, args in todo.items():
        best: dict[str, list[float]] = {s: [float("inf"), float("inf")] for s in sides}
        digests: dict[str, set[str]] = {s: set() for s in sides}
        order = list(sides)
        for r in range(a.repeat):
            for s in order if r % 2 == 0 else order[::-1]:
                wall, cpu, dig = run(sides[s], args, a.blas_threads)
                best[s] = [min(best[s][0], wall), min(best[s][1], cpu)]
                digests[s].add(dig)
        row = f"{name:<34}" + "".join(f"{best[s][0]:>14.2f}s{best[s][1]:>13.2f}s" for s in sides)
        if len(sides) == 2:
            same = digests["baseline"] == digests["current"] and len(digests["current"]) == 1
            row += (
                f"{best['baseline'][0] / best['current'][0]:>12.2f}"
                f"{best['baseline'][1] / best['current'][1]:>11.2f}  {'yes' if same else 'NO'}"
            )
        print(row, flush=True)


if __name__ == "__main__":
    main()

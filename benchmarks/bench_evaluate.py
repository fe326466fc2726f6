"""Timing of ``winset evaluate``'s models on 353 DEU issues, against the code before issue 12 in the same run.

Workload: the DEU III development half (``$WINSET_SHARED/reference-data/deu-iii-dev/deu3-dev.csv``, Nice
capabilities) written in the long layout (the only one the baseline reads), its 164 issues repeated with new
ids up to 353 issues (the size of the whole DEU III).  Each model's forecasts on all issues
(``winset.studies.accuracy.forecasts``) are timed, best of ``--repeat`` runs, plus the whole fast set
(every model except BDM, SMP and the ensemble's fitting) on the current side.  Each case is called once
untimed first (lazy imports).

Baseline: winset at commit b5603d6 (main before issue 12: per-issue SLSQP for Nash, no nash_eu, procedural,
exchange or ensemble).  Its ``src`` is extracted with ``git archive`` into a temporary folder (or given with
``--baseline-src``).  Each side runs in its own process (both packages are called ``winset``).

    .venv/bin/python benchmarks/bench_evaluate.py
    .venv/bin/python benchmarks/bench_evaluate.py --baseline-src ../wt-base/src --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

BASELINE_COMMIT = "b5603d6"
N_ISSUES = 353
HERE = Path(__file__).resolve().parents[1]
WORKER = r"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
from winset.io.deu import read
from winset.studies import accuracy
path, models, repeat = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
issues = read(path)
out = {}
for group in models:
    names = tuple(group.split("+"))
    if any(n not in accuracy.MODELS for n in names):
        continue
    accuracy.forecasts(issues, names)  # warm-up: lazy imports, caches
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        accuracy.forecasts(issues, names)
        best = min(best, time.perf_counter() - t)
    out[group] = best
print("@@bench " + json.dumps(out))
"""


def long_layout(src: Path, dst: Path, n: int) -> None:
    """The DEU III file in the long CSV layout, issues repeated with new ids up to ``n``."""
    sys.path.insert(0, str(HERE / "src"))
    from winset.io.deu import read

    issues = read(src)
    lines = ["issue,actor,position,salience,capability,scale_min,scale_max"]
    for r in range(n):
        it = issues[r % len(issues)]
        iid = f"{it.id}-{r}"
        for a, x, s, c in zip(it.actors, it.position, it.salience, it.capability, strict=True):
            lines.append(f"{iid},{a},{x:g},{s:g},{c:g},{it.lo:g},{it.hi:g}")
        lines.append(f"{iid},OUTCOME,{it.outcome:g},,,,")
        if it.reversion is not None:
            lines.append(f"{iid},REVERSION,{it.reversion:g},,,,")
    dst.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(src: Path, data: Path, models: list[str], repeat: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    res = subprocess.run(
        [sys.executable, "-c", WORKER, str(data), ",".join(models), str(repeat)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(ln for ln in res.stdout.splitlines() if ln.startswith("@@bench "))
    timings: dict[str, float] = json.loads(line.removeprefix("@@bench "))
    return timings


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline-src", type=Path, help="src folder of the baseline (default: git archive)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--slow", action="store_true", help="also time BDM and SMP")
    a = ap.parse_args()
    shared = (
        Path(os.environ.get("WINSET_SHARED", "/work/shared"))
        / "reference-data"
        / "deu-iii-dev"
        / "deu3-dev.csv"
    )
    if not shared.exists():
        sys.exit(f"DEU III development half not found at {shared}")
    fast = ["compromise", "weighted_median", "nash", "nash_eu", "procedural", "exchange", "ensemble"]
    models = [*fast, "+".join(fast), "compromise+weighted_median+nash"]
    if a.slow:
        models += ["bdm", "smp"]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "deu-353.csv"
        long_layout(shared, data, N_ISSUES)
        base_src = a.baseline_src
        if base_src is None:
            blob = subprocess.run(
                ["git", "-C", str(HERE), "archive", BASELINE_COMMIT, "src"], capture_output=True, check=True
            ).stdout
            with tarfile.open(fileobj=BytesIO(blob)) as tar:
                tar.extractall(tmp, filter="data")
            base_src = Path(tmp) / "src"
        cur = run(HERE / "src", data, models, a.repeat)
        base = run(base_src, data, models, a.repeat)
    print(f"{N_ISSUES} issues; baseline: winset at {BASELINE_COMMIT} (before issue 12); best of {a.repeat}")
    print(f"{'models':<70} {'baseline s':>11} {'current s':>10} {'speed-up':>9}")
    for m in models:
        c, b = cur.get(m), base.get(m)
        ratio = f"{b / c:8.1f}x" if (b is not None and c) else "        —"
        print(
            f"{m:<70} {'—' if b is None else f'{b:.3f}':>11} {'—' if c is None else f'{c:.3f}':>10} {ratio}"
        )
    total = cur["+".join(fast)]
    print(
        f"every fast model on {N_ISSUES} issues: {total:.3f} s ({'under' if total < 1 else 'OVER'} the 1 s target)"
    )


if __name__ == "__main__":
    main()

"""Timing of timelines (issue #11): loading and validating a 20-snapshot timeline, and ``winset timeline``.

Workload: the built-in default scenario (``anchorage-2025``, or ``--scenario``) with ``--snapshots`` dated
snapshots appended, each moving one actor's position and one salience, and every fourth one adding a deal
and withdrawing the deal added four snapshots before (a file of the size the Ukraine timeline has).  If the
scenario already has a timeline, the generated snapshots follow its last one.

Baselines, measured in the same run:

* load+validate: loading the same scenario without the generated timeline (the flat file), so the ratio
  is the cost of building and checking every snapshot; the target is under 1 s absolute;
* ``winset timeline``: what one would run by hand for a single snapshot (``winset.analyze``, ``winsets``
  and a ``sweep`` of ``--draws`` draws of the latest one); the ratio below the number of snapshots is what
  the timeline saves by computing only what it shows.  The target is under 10 s absolute for the default
  scenario.

    .venv/bin/python benchmarks/bench_timeline.py
    .venv/bin/python benchmarks/bench_timeline.py --snapshots 5 --draws 100   # quick look
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from typing import Any

import yaml

import winset
from winset import services
from winset.scenario.loader import parse_text, resolve
from winset.services._timeline import TIMELINE_DRAWS


def with_timeline(data: dict[str, Any], n: int) -> dict[str, Any]:
    """``data`` with ``n`` generated snapshots appended (a week apart, after the last date)."""
    out = dict(data)
    snaps = list(out.get("timeline") or [])
    last = dt.date.fromisoformat(str(snaps[-1]["date"] if snaps else out["date"]))
    sc = winset.loads(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    latest = winset.analyze(sc)  # the latest state's issues, actors and deals
    issues = list(latest.forecast["compromise"])
    actors = list(latest.deals[0].utility) if latest.deals else []
    last_deal = latest.deals[0] if latest.deals else None
    for k in range(n):
        a, i = actors[k % len(actors)], issues[k % len(issues)]
        changes: list[dict[str, Any]] = [
            {"set": f"actors.{a}.positions.{i}", "value": 40 + k % 20, "source": f"bench {k}"},
            {"set": f"actors.{a}.salience.{i}", "value": 0.5 + (k % 5) / 10, "assumption": f"bench {k}"},
        ]
        if k % 4 == 3 and last_deal is not None:
            changes.append(
                {
                    "add_deal": {
                        "id": f"bench-{k}",
                        "name": f"Bench deal {k}",
                        "instrument": last_deal.instrument,
                        "terms": {x: 50 for x in last_deal.terms},
                    },
                    "source": f"bench {k}",
                }
            )
            if k >= 7:
                changes.append({"withdraw_deal": f"bench-{k - 4}", "source": f"bench {k}"})
        snaps.append(
            {
                "date": (last + dt.timedelta(days=7 * (k + 1))).isoformat(),
                "title": f"step {k}",
                "changes": changes,
            }
        )
    out["timeline"] = snaps
    return out


def best_of(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", default=None, help="Scenario (default: the built-in default).")
    ap.add_argument("--snapshots", type=int, default=20)
    ap.add_argument("--draws", type=int, default=TIMELINE_DRAWS)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    path = resolve(a.scenario)
    data, _ = parse_text(path.read_text(encoding="utf-8"), str(path))
    flat = {k: v for k, v in data.items() if k != "timeline"}
    flat_text = yaml.safe_dump(flat, sort_keys=False, allow_unicode=True)
    timed_text = yaml.safe_dump(with_timeline(data, a.snapshots), sort_keys=False, allow_unicode=True)
    sc = winset.loads(timed_text)
    n = len(sc.timeline) + 1

    t_flat = best_of(lambda: winset.loads(flat_text), a.repeat)
    t_load = best_of(lambda: winset.loads(timed_text), a.repeat)
    print(f"scenario {path.name}: {n} snapshots (base + {len(sc.timeline)}), {len(timed_text) / 1024:.0f} kB")
    print(f"load+validate, flat file (baseline)     {t_flat * 1000:8.1f} ms")
    print(
        f"load+validate, with the timeline        {t_load * 1000:8.1f} ms   "
        f"{t_load / t_flat:5.1f}x the flat file   (target < 1 s: {'ok' if t_load < 1 else 'MISSED'})"
    )

    latest = services.scenario_at(sc)
    winset.sweep(latest, draws=10, big_issue_draws=0)  # warm-up (imports, first compilation)

    def one() -> None:
        winset.analyze(latest)
        winset.winsets(latest, samples=4000)
        winset.sweep(latest, draws=a.draws, big_issue_draws=0, top=0)

    t_one = best_of(one, a.repeat)
    cpu0 = time.process_time()
    t_tl = best_of(lambda: winset.timeline(winset.loads(timed_text), draws=a.draws), 1)
    cpu = time.process_time() - cpu0  # on a shared machine the wall time includes waiting for a core
    print(f"one snapshot by hand: analyze+winsets+sweep (baseline) {t_one:6.2f} s")
    print(
        f"winset timeline, {n} snapshots, {a.draws} draws {t_tl:6.2f} s   {t_tl / t_one:5.1f}x one snapshot   "
        f"(target < 10 s: {'ok' if t_tl < 10 else 'MISSED'}; CPU time {cpu:.2f} s)"
    )


if __name__ == "__main__":
    main()

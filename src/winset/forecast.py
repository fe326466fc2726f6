"""Point forecasts per issue from every model (compromise, weighted median, Bueno de Mesquita, Nash,
Kalai-Smorodinsky, egalitarian), JSON-ready: the library behind ``winset forecast`` and the web API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

MODEL_NAMES = ("compromise", "median", "bdm", "smp", "nash", "ks", "egalitarian")


def load_any(name: str, fill: float | None = None) -> Any:
    """A scenario from a built-in name, a YAML/JSON file, a KTAB ``.csv``/``.xml`` file or an x/c/s
    ``.tsv``/``.txt`` table (detected by extension)."""
    from .scenario import load
    from .scenario.bdmtsv import table_scenario
    from .scenario.ktab import scenario as ktab_scenario

    low = name.lower()
    if Path(name).exists():
        if low.endswith((".csv", ".xml")):
            return ktab_scenario(name, fill=fill)
        if low.endswith((".tsv", ".txt")):
            return table_scenario(name)
    return load(name)


def forecast(
    sc: Any,
    models: tuple[str, ...],
    rounds: int = 10,
    probability: str = "paper",
    selection: str = "least_move",
    q: float = 1.0,
    seed: int = 0,
    risk: str = "scholz",
    stop: str = "fixed_point",
) -> dict[str, Any]:
    """JSON-ready forecasts: ``{"scenario", "models": {model: {issue: value}}, "bdm": {...}}``."""
    from .models.bargaining import solve_scenario
    from .models.bdm import run
    from .models.compromise import compromise, weighted_median
    from .scenario.compiled import compile_scenario

    c = compile_scenario(sc)
    iids = c.issue_ids
    out: dict[str, Any] = {"scenario": {"id": sc.id, "title": sc.title}, "models": {}}

    def per_issue(v: Any) -> dict[str, float]:
        return {i: round(float(v[k]), 4) for k, i in enumerate(iids)}

    for m in models:
        if m == "compromise":
            out["models"][m] = per_issue(compromise(c.positions, c.salience, c.capability))
        elif m == "median":
            out["models"][m] = per_issue(weighted_median(c.positions, c.salience, c.capability))
        elif m == "bdm":
            r = run(c, rounds=rounds, probability=probability, selection=selection, q=q, risk=risk, stop=stop)
            out["models"][m] = per_issue(r.forecast[-1])
            out["bdm"] = {
                "options": r.result.options,
                "rounds_run": {i: int(r.rounds_run[k]) for k, i in enumerate(iids)},
                "median": {i: [round(float(v), 4) for v in r.forecast[:, k]] for k, i in enumerate(iids)},
                "mean": {i: [round(float(v), 4) for v in r.mean[:, k]] for k, i in enumerate(iids)},
                "positions": {
                    i: {
                        a: [round(float(v), 4) for v in r.positions[:, n, k]]
                        for n, a in enumerate(c.actor_ids)
                    }
                    for k, i in enumerate(iids)
                },
            }
        elif m == "smp":  # KTAB's Spatial Model of Politics (docs/smp.md)
            from .models.smp import run_compiled, to_issue_scale

            sm = run_compiled(c)[0]
            out["models"][m] = per_issue(to_issue_scale(sm.forecast, c.lo, c.hi))
            out["smp"] = {
                "turns": int(sm.turns),
                "probabilities": {
                    a: [round(float(p), 4) for p in sm.probabilities[:, n]] for n, a in enumerate(c.actor_ids)
                },
                "positions": {
                    i: {
                        a: [
                            round(float(v), 4)
                            for v in to_issue_scale(sm.positions[:, n, k], c.lo[k], c.hi[k])
                        ]
                        for n, a in enumerate(c.actor_ids)
                    }
                    for k, i in enumerate(iids)
                },
            }
        else:
            b = solve_scenario(c, solution=m, seed=seed)  # type: ignore[arg-type]
            out["models"][m] = per_issue(b.outcome)
            out.setdefault("bargaining", {})[m] = {
                "feasible": bool(b.feasible),
                "gain": {
                    a: round(float(b.utility[n] - b.disagreement[n]), 4) for n, a in enumerate(c.actor_ids)
                },
            }
    return out

"""The forecasting models, registered once: name → callable, description, reference and options.

The CLI's ``--model`` choices, the web forms, the API's model enum, the sweep's batched models and the
accuracy study all read this table; adding a model is one :class:`ModelSpec` here.  Each ``run`` callable
takes the compiled scenario and the options, and returns the outcome per issue (the scenario's own scale)
plus the JSON-ready details the model reports (BDM trajectories, SMP turns, bargaining gains).

>>> MODEL_NAMES
('compromise', 'weighted_median', 'bdm', 'smp', 'nash', 'ks', 'egalitarian')
>>> canonical("median")
'weighted_median'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np

from winset.scenario.errors import ScenarioError

if TYPE_CHECKING:
    from winset.scenario.compiled import Compiled
    from winset.scenario.schema import Scenario

Probability = Literal["paper", "code"]
"""BDM probability of success: Scholz et al. (2011) as printed, or as their code computes it."""
Selection = Literal["least_move", "code"]
"""BDM offer choice: the least move (the paper) or the code's rule."""
Risk = Literal["scholz", "neutral", "declared"]
"""BDM risk exponents: endogenous (Scholz et al. eqs. 32-33), all 1, or each actor's declared ``risk``."""
Stop = Literal["fixed_point", "none"]
"""BDM stopping: when nobody moves, or always the full number of rounds."""


@dataclass(frozen=True)
class ForecastOptions:
    """Options of the models (each model reads the ones its :attr:`ModelSpec.options` names)."""

    rounds: int = 10
    probability: Probability = "paper"
    selection: Selection = "least_move"
    q: float = 1.0
    risk: Risk = "scholz"
    stop: Stop = "fixed_point"
    seed: int = 0


@dataclass(frozen=True)
class ModelOutput:
    """One model's forecast: ``outcome`` per issue, and ``details`` stored under ``key`` in the JSON."""

    outcome: np.ndarray
    key: str | None = None
    details: dict[str, Any] | None = None


def _r(x: Any) -> float:
    return round(float(x), 4)


def _compromise(c: Compiled, o: ForecastOptions) -> ModelOutput:
    from winset.models.compromise import compromise

    return ModelOutput(compromise(c.positions, c.salience, c.capability))


def _weighted_median(c: Compiled, o: ForecastOptions) -> ModelOutput:
    from winset.models.compromise import weighted_median

    return ModelOutput(weighted_median(c.positions, c.salience, c.capability))


def _bdm(c: Compiled, o: ForecastOptions) -> ModelOutput:
    from winset.models.bdm import run

    r = run(
        c,
        rounds=o.rounds,
        probability=o.probability,
        selection=o.selection,
        q=o.q,
        risk=o.risk,
        stop=o.stop,
    )
    iids = c.issue_ids
    details = {
        "options": r.result.options,
        "rounds_run": {i: int(r.rounds_run[k]) for k, i in enumerate(iids)},
        "median": {i: [_r(v) for v in r.forecast[:, k]] for k, i in enumerate(iids)},
        "mean": {i: [_r(v) for v in r.mean[:, k]] for k, i in enumerate(iids)},
        "positions": {
            i: {a: [_r(v) for v in r.positions[:, n, k]] for n, a in enumerate(c.actor_ids)}
            for k, i in enumerate(iids)
        },
    }
    return ModelOutput(r.forecast[-1], "bdm", details)


def _smp(c: Compiled, o: ForecastOptions) -> ModelOutput:
    from winset.models.smp import run_compiled, to_issue_scale

    sm = run_compiled(c)[0]
    details = {
        "turns": int(sm.turns),
        "probabilities": {a: [_r(p) for p in sm.probabilities[:, n]] for n, a in enumerate(c.actor_ids)},
        "positions": {
            i: {
                a: [_r(v) for v in to_issue_scale(sm.positions[:, n, k], c.lo[k], c.hi[k])]
                for n, a in enumerate(c.actor_ids)
            }
            for k, i in enumerate(c.issue_ids)
        },
    }
    return ModelOutput(to_issue_scale(sm.forecast, c.lo, c.hi), "smp", details)


def _bargaining(
    solution: Literal["nash", "ks", "egalitarian"],
) -> Callable[[Compiled, ForecastOptions], ModelOutput]:
    def run(c: Compiled, o: ForecastOptions) -> ModelOutput:
        from winset.models.bargaining import solve_scenario

        b = solve_scenario(c, solution=solution, seed=o.seed)
        gain = {a: _r(b.utility[n] - b.disagreement[n]) for n, a in enumerate(c.actor_ids)}
        return ModelOutput(b.outcome, "bargaining", {"feasible": bool(b.feasible), "gain": gain})

    return run


@dataclass(frozen=True)
class ModelSpec:
    """A forecasting model: its name, what it is, where it comes from, and how to run it."""

    name: str
    description: str
    reference: str
    run: Callable[[Compiled, ForecastOptions], ModelOutput]
    options: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    label: str = ""
    """Short column heading in tables (default: the name)."""
    batched: bool = False
    """Runs on the batch axis (every Monte Carlo draw at once): the models of the default analysis and sweep."""


_BDM_OPTIONS = ("rounds", "probability", "selection", "q", "risk", "stop")

MODELS: dict[str, ModelSpec] = {
    m.name: m
    for m in (
        ModelSpec(
            "compromise",
            "Mean of positions weighted by capability × salience",
            "van den Bos (1991); Achen (2006), The European Union Decides, ch. 4",
            _compromise,
            batched=True,
        ),
        ModelSpec(
            "weighted_median",
            "Median of positions weighted by capability × salience",
            "Black (1948); Achen (2006), eq. 4.2",
            _weighted_median,
            aliases=("median",),
            label="median",
            batched=True,
        ),
        ModelSpec(
            "bdm",
            "Bueno de Mesquita's expected-utility model (rounds of challenges)",
            "Scholz, Calbert & Smith (2011), J. Theoretical Politics 23(4)",
            _bdm,
            options=_BDM_OPTIONS,
            label="BDM",
            batched=True,
        ),
        ModelSpec(
            "smp",
            "KTAB's Spatial Model of Politics",
            "KAPSARC KTAB (MIT licence), examples/smp; see docs/smp.md",
            _smp,
            label="SMP",
        ),
        ModelSpec(
            "nash",
            "Asymmetric Nash bargaining solution (disagreement: no deal)",
            "Nash (1950); Roth (1979)",
            _bargaining("nash"),
            options=("seed",),
        ),
        ModelSpec(
            "ks",
            "Kalai-Smorodinsky bargaining solution",
            "Kalai & Smorodinsky (1975), Econometrica 43(3)",
            _bargaining("ks"),
            options=("seed",),
        ),
        ModelSpec(
            "egalitarian",
            "Egalitarian bargaining solution (equal gains)",
            "Kalai (1977), Econometrica 45(7)",
            _bargaining("egalitarian"),
            options=("seed",),
        ),
    )
}
MODEL_NAMES: tuple[str, ...] = tuple(MODELS)
BATCHED_MODELS: tuple[str, ...] = tuple(n for n, m in MODELS.items() if m.batched)
LABELS: dict[str, str] = {n: m.label or n for n, m in MODELS.items()}
ALIASES: dict[str, str] = {a: m.name for m in MODELS.values() for a in m.aliases}
OPTION_CHOICES: dict[str, tuple[str, ...]] = {
    "probability": get_args(Probability),
    "selection": get_args(Selection),
    "risk": get_args(Risk),
    "stop": get_args(Stop),
}


def canonical(name: str, field: str = "model", file: str = "winset.forecast") -> str:
    """The registered name of a model (``median`` → ``weighted_median``); an unknown name raises
    :class:`ScenarioError` listing the choices."""
    if name in MODELS:
        return name
    if name in ALIASES:
        return ALIASES[name]
    raise ScenarioError.single(
        f"unknown model '{name}': use {', '.join(MODEL_NAMES)} or all", file=file, field=field
    )


def forecast(
    sc: Scenario, models: tuple[str, ...], options: ForecastOptions = ForecastOptions()
) -> dict[str, Any]:
    """JSON-ready forecasts: ``{"scenario", "models": {model: {issue: value}}, <details per model>}``."""
    from winset.scenario.compiled import compile_scenario

    c = compile_scenario(sc)
    out: dict[str, Any] = {"scenario": {"id": sc.id, "title": sc.title}, "models": {}}
    for name in models:
        res = MODELS[canonical(name)].run(c, options)
        out["models"][name] = {i: _r(res.outcome[k]) for k, i in enumerate(c.issue_ids)}
        if res.key == "bargaining":
            out.setdefault("bargaining", {})[name] = res.details
        elif res.key is not None:
            out[res.key] = res.details
    return out

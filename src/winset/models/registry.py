"""The forecasting models, registered once: name → callable, description, reference and options.

The CLI's ``--model`` choices, the web forms, the API's model enum, the sweep's batched models and the
accuracy study all read this table; adding a model is one :class:`ModelSpec` here.  Each ``run`` callable
takes the compiled scenario and the options, and returns the outcome per issue (the scenario's own scale)
plus the JSON-ready details the model reports (BDM trajectories, SMP turns, bargaining gains).

>>> MODEL_NAMES
('compromise', 'weighted_median', 'bdm', 'smp', 'nash', 'nash_eu', 'exchange', 'ensemble', 'ks', 'egalitarian')
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


def _nash_eu_outcome(c: Compiled, cost: float) -> np.ndarray:
    """Per-issue weighted Nash with a costly reference point (issues bargained one at a time)."""
    from winset.models.nash_eu import nash_1d

    pos = np.moveaxis(np.asarray(c.positions, float), -1, -2)  # (*batch, k, n)
    sal = np.moveaxis(np.asarray(c.salience, float), -1, -2)
    cap = np.asarray(c.capability, float)[..., None, :]
    return nash_1d(pos, sal, cap, np.asarray(c.reversion, float), c.lo, c.hi, cost=cost)


def _nash_eu(c: Compiled, o: ForecastOptions) -> ModelOutput:
    from winset.models.ensemble import params

    return ModelOutput(_nash_eu_outcome(c, params()["model_costs"]["nash_eu"]))


def _exchange_outcome(c: Compiled) -> np.ndarray:
    from winset.models.exchange import exchange_proposal

    pos = np.asarray(c.positions, float)
    n, k = pos.shape[-2:]
    sal = np.broadcast_to(np.asarray(c.salience, float), pos.shape).reshape(-1, n, k)
    cap = np.broadcast_to(np.asarray(c.capability, float), pos.shape[:-1]).reshape(-1, n)
    span = np.asarray(c.hi, float) - np.asarray(c.lo, float)
    flat = pos.reshape(-1, n, k)
    out = np.stack([exchange_proposal(flat[b], sal[b], cap[b], span) for b in range(flat.shape[0])])
    return out.reshape(pos.shape[:-2] + (k,))


def _exchange(c: Compiled, o: ForecastOptions) -> ModelOutput:
    return ModelOutput(_exchange_outcome(c))


def _procedural(c: Compiled, o: ForecastOptions) -> ModelOutput:
    raise ScenarioError.single(
        "the procedural model needs the EU's institutions, procedure and Council rule of each issue: "
        "score it on DEU data with winset evaluate",
        file="winset.forecast",
        field="model",
    )


def _ensemble(c: Compiled, o: ForecastOptions) -> ModelOutput:
    from winset.models.compromise import compromise, weighted_median
    from winset.models.ensemble import combine, params

    pr = params()
    base = {
        "compromise": compromise(c.positions, c.salience, c.capability),
        "weighted_median": weighted_median(c.positions, c.salience, c.capability),
        "nash_eu": _nash_eu_outcome(c, pr["costs"]["nash_eu"]),
        "procedural": np.full(np.shape(c.reversion), np.nan),  # needs the EU's institutions: the compromise
        "exchange": _exchange_outcome(c),
    }
    point, low, high = combine(base, c.lo, c.hi, pr["weights"], pr["half_width"])
    details = {
        "coverage": 0.8,
        "interval": {i: [_r(low[..., k].min()), _r(high[..., k].max())] for k, i in enumerate(c.issue_ids)},
        "weights": pr["weights"],
    }
    return ModelOutput(point, "ensemble", details)


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
    scenario: bool = True
    """Runs on a scenario (``winset forecast``); False for models that need data only DEU records."""
    evaluate: bool = True
    """Scored by ``winset evaluate`` (:mod:`winset.studies.accuracy`)."""


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
            "nash_eu",
            "Weighted Nash bargaining per issue with a costly reference point, solved exactly",
            "Franchino & Mariotto (2022), PSRM 10(2); Achen (2006), The European Union Decides, ch. 4",
            _nash_eu,
            label="nash (EU)",
        ),
        ModelSpec(
            "procedural",
            "Commission agenda setting against the Council's QMV/unanimity pivot; co-decision with the Parliament",
            "Steunenberg (1994), JITE 150(4); Tsebelis & Garrett (2000), EUP 1(1); Franchino & Mariotto (2022)",
            _procedural,
            scenario=False,
        ),
        ModelSpec(
            "exchange",
            "Exchange of positions between issues by relative salience, then the compromise",
            "Stokman & van Oosten (1994); Arregui, Stokman & Thomson (2004), EUP 5(1)",
            _exchange,
        ),
        ModelSpec(
            "ensemble",
            "Combination of models fitted by cross-validation on DEU III (development half), 80% interval",
            "winset (docs/models.md); weights and interval in winset/models/ensemble.json",
            _ensemble,
        ),
        ModelSpec(
            "ks",
            "Kalai-Smorodinsky bargaining solution",
            "Kalai & Smorodinsky (1975), Econometrica 43(3)",
            _bargaining("ks"),
            options=("seed",),
            evaluate=False,
        ),
        ModelSpec(
            "egalitarian",
            "Egalitarian bargaining solution (equal gains)",
            "Kalai (1977), Econometrica 45(7)",
            _bargaining("egalitarian"),
            options=("seed",),
            evaluate=False,
        ),
    )
}
MODEL_NAMES: tuple[str, ...] = tuple(n for n, m in MODELS.items() if m.scenario)
"""The models ``winset forecast`` runs on a scenario."""
EVALUATED_MODELS: tuple[str, ...] = tuple(n for n, m in MODELS.items() if m.evaluate)
"""The models ``winset evaluate`` scores on DEU data."""
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
    if name in MODELS and MODELS[name].scenario:
        return name
    if name in MODELS:
        raise ScenarioError.single(
            f"model '{name}' does not run on a scenario: score it on DEU data with winset evaluate",
            file=file,
            field=field,
        )
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

"""The Monte Carlo sweep: draws in chunks (in process or on a Dask cluster), forecast intervals, P(ratified).

See :mod:`winset.uncertainty.sampling` for how the draws are made and why chunking never changes them, and
:mod:`winset.uncertainty.sensitivity` for the drivers (Spearman rank correlation, tornado).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from winset.analysis.deals import evaluate_deals
from winset.models import forecasts
from winset.scenario.compiled import compile_scenario
from winset.scenario.schema import Scenario
from winset.uncertainty.sampling import (
    Input,
    Path,
    check_seed,
    compile_with,
    draw_inputs,
    make_input,
    uncertain_inputs,
    uniforms,
)
from winset.uncertainty.sensitivity import rank_correlation, tornado

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
MODELS = ("compromise", "weighted_median", "bdm")
"""The forecasts of :func:`winset.models.forecasts`, each sampled on the batch axis."""
MAX_DRAWS = 10_000_000


# ---------------------------------------------------------------------------------------------------------
# the sweep
# ---------------------------------------------------------------------------------------------------------
def run_chunk(sc: Scenario, seed: int, start: int, stop: int) -> dict[str, np.ndarray]:
    """Evaluate draws ``start..stop-1``: inputs, forecasts, ratification and blocking, as arrays.

    A pure function of its arguments (this is the task shipped to Dask workers).
    """
    inputs = uncertain_inputs(sc)
    vals = draw_inputs(sc, seed, start, stop, inputs)
    n = stop - start
    c = compile_with(sc, vals, n)
    ev = evaluate_deals(c)
    x = np.stack([vals[i.path] for i in inputs], axis=-1) if inputs else np.zeros((n, 0))
    veto = (
        np.stack([~ev.veto[v] for v in c.veto_players], axis=-1)
        if c.veto_players
        else np.zeros((n, len(c.deal_ids), 0), dtype=bool)
    )
    out = {
        "x": x,
        **forecasts(c),
        "ratifiable": ev.ratifiable,
        "blocked": veto,
        "accepts": ev.accepts,
        **body_votes(ev.votes, n, len(c.deal_ids)),
    }
    if ev.routes:
        out["route_passed"] = route_passes(ev.routes, n)
    lives = lives_over_horizon(sc, seed, start, stop, vals)
    if lives is not None:
        out["lives"] = lives
    return out


def body_votes(votes: dict[str, Any], n: int, d: int) -> dict[str, np.ndarray]:
    """Each body's expected yes share, whether it passes and whether it applies: ``(n, d, bodies)`` arrays."""
    if not votes:
        return {k: np.zeros((n, d, 0), dtype=t) for k, t in (("body_share", float), ("body_pass", bool))} | {
            "body_applies": np.zeros((n, d, 0), dtype=bool)
        }
    vs = list(votes.values())

    def stack(f: Callable[[Any], np.ndarray]) -> np.ndarray:
        return np.stack([np.broadcast_to(f(v), (n, d)) for v in vs], axis=-1)

    return {
        "body_share": stack(lambda v: v.yes_share),
        "body_pass": stack(lambda v: v.passed),
        "body_applies": stack(lambda v: v.applies),
    }


def route_passes(routes: tuple[tuple[Any, ...], ...], n: int) -> np.ndarray:
    """``(n, d, most routes)``: whether each route of each deal passes in each draw (padded with False)."""
    width = max((len(rs) for rs in routes), default=0)
    out = np.zeros((n, len(routes), width), dtype=bool)
    for j, rs in enumerate(routes):
        for r, res in enumerate(rs):
            out[:, j, r] = np.broadcast_to(res.passed, (n,))
    return out


def routes_json(route_passed: np.ndarray, routes: tuple[Any, ...], j: int) -> dict[str, Any]:
    """Deal ``j``'s route chances (``route_passed`` from :func:`route_passes`) and the most likely route (the one
    that passes in most draws, the first listed on a tie; null when none ever passes)."""
    ids = [r.id for r in routes]
    p = route_passed[:, j, : len(ids)].mean(0)
    best = int(np.argmax(p)) if ids else 0
    return {
        "routes": {r: round(float(p[n]), 4) for n, r in enumerate(ids)},
        "most_likely_route": ids[best] if ids and p[best] > 0 else None,
    }


def wilson(p: float, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a binomial share ``p`` of ``n`` draws (95 % by default; Wilson 1927)."""
    if n <= 0:
        return (0.0, 1.0)
    den = 1 + z * z / n
    mid = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, mid - half), min(1.0, mid + half))


def bodies_json(
    samples: dict[str, np.ndarray], point_share: np.ndarray, body_ids: tuple[str, ...], j: int
) -> dict[str, Any]:
    """P(pass) of each body that must ratify deal ``j`` (95 % Wilson interval over the draws) and its
    expected yes share across the draws; ``samples`` as :func:`body_votes` gives them, ``point_share``
    ``(d, bodies)`` the yes shares at the central values."""
    out: dict[str, Any] = {}
    draws = samples["body_applies"].shape[0]
    for b, body in enumerate(body_ids):
        applies = samples["body_applies"][:, j, b]
        if not applies.any():
            continue
        p = float((samples["body_pass"][:, j, b] | ~applies).mean())
        lo, hi = wilson(p, draws)
        share = samples["body_share"][:, j, b]
        q = np.quantile(share, (0.05, 0.5, 0.95))
        out[body] = {
            "p_pass": round(p, 4),
            "p_low": round(lo, 4),
            "p_high": round(hi, 4),
            "yes_share_point": round(float(point_share[j, b]), 4),
            "yes_share_mean": round(float(share.mean()), 4),
            "yes_share_q05": round(float(q[0]), 4),
            "yes_share_q50": round(float(q[1]), 4),
            "yes_share_q95": round(float(q[2]), 4),
        }
    return out


def lives_over_horizon(
    sc: Scenario, seed: int, start: int, stop: int, vals: dict[Path, np.ndarray]
) -> np.ndarray | None:
    """Lives lost while waiting the priced horizon, per draw: ``lives_per_week x horizon_weeks``.

    ``lives_per_week`` moves no utility (it is reported, not priced), so it is drawn here from its own stream;
    ``horizon_weeks`` is the draw the analysis used.  ``None`` when the scenario states neither.
    """
    cod = sc.cost_of_delay
    if cod is None or cod.lives_per_week is None or cod.horizon_weeks is None:
        return None
    n = stop - start
    lp: Path = ("cost_of_delay", "lives_per_week")
    q = cod.lives_per_week
    lw = make_input(sc, lp, q).ppf(uniforms(seed, lp, start, stop)) if q.uncertain else np.full(n, q.value)
    hw = vals.get(("cost_of_delay", "horizon_weeks"), np.full(n, cod.horizon_weeks.value))
    return np.asarray(lw * hw)


def chunks(draws: int, chunk: int) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` covering ``0..draws-1`` in pieces of at most ``chunk`` draws."""
    chunk = max(1, int(chunk))
    return [(s, min(s + chunk, draws)) for s in range(0, draws, chunk)]


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([p[k] for p in parts], axis=0) for k in parts[0]}


@dataclass
class SweepResult:
    """Raw draws and summaries of a Monte Carlo sweep."""

    scenario: Scenario
    draws: int
    seed: int
    inputs: list[Input]
    issue_ids: tuple[str, ...]
    deal_ids: tuple[str, ...]
    veto_players: tuple[str, ...]
    actor_ids: tuple[str, ...]
    samples: dict[str, np.ndarray]
    point: dict[str, np.ndarray]
    tornado: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    body_ids: tuple[str, ...] = ()

    # ---- summaries ----------------------------------------------------------------------------------
    def p_ratified(self) -> np.ndarray:
        return np.asarray(self.samples["ratifiable"].mean(0))

    def p_blocked(self) -> np.ndarray:
        """``(d, v)``: probability each veto player blocks each deal."""
        return np.asarray(self.samples["blocked"].mean(0))

    def outputs(self) -> tuple[list[str], np.ndarray]:
        """Names and ``(N, q)`` values of the outputs used for sensitivity."""
        names, cols = [], []
        for m in MODELS:
            for k, i in enumerate(self.issue_ids):
                names.append(f"{m}.{i}")
                cols.append(self.samples[m][:, k])
        for j, d in enumerate(self.deal_ids):
            names.append(f"ratified.{d}")
            cols.append(self.samples["ratifiable"][:, j].astype(float))
        for j, d in enumerate(self.deal_ids):
            for b, body in enumerate(self.body_ids):
                if self.samples["body_applies"][:, j, b].any():
                    names.append(f"yes_share.{d}.{body}")
                    cols.append(self.samples["body_share"][:, j, b])
        return names, (np.stack(cols, axis=-1) if cols else np.zeros((self.draws, 0)))

    def sensitivity(self) -> dict[str, dict[str, float]]:
        """``{output: {input: spearman rho}}``."""
        names, y = self.outputs()
        if not self.inputs or not names:
            return {n: {} for n in names}
        r = rank_correlation(self.samples["x"], y)
        return {
            n: {inp.name: float(r[a, b]) for a, inp in enumerate(self.inputs)} for b, n in enumerate(names)
        }

    def to_json(self, top: int = 10) -> dict[str, Any]:
        def rr(v: Any, nd: int = 4) -> float:
            return round(float(v), nd)

        fc: dict[str, Any] = {}
        for m in MODELS:
            arr = self.samples[m]
            qs = np.quantile(arr, QUANTILES, axis=0)
            fc[m] = {
                i: {
                    "point": rr(self.point[m][k], 2),
                    "mean": rr(arr[:, k].mean(), 2),
                    "sd": rr(arr[:, k].std(), 3),
                    **{f"q{int(round(q * 100)):02d}": rr(qs[n, k], 2) for n, q in enumerate(QUANTILES)},
                }
                for k, i in enumerate(self.issue_ids)
            }
        pr = self.p_ratified()
        pb = self.p_blocked()
        deals = {
            d: {
                "p_ratified": rr(pr[j]),
                "se": rr(math.sqrt(pr[j] * (1 - pr[j]) / self.draws)),
                "ratifiable_at_point": bool(self.point["ratifiable"][j]),
                "p_blocked_by": {v: rr(pb[j, n]) for n, v in enumerate(self.veto_players)},
                "bodies": self._bodies_json(j),
                **self._routes_json(j),
            }
            for j, d in enumerate(self.deal_ids)
        }
        sens = self.sensitivity()
        drivers = {
            o: [{"input": k, "rho": rr(v)} for k, v in sorted(s.items(), key=lambda kv: -abs(kv[1]))[:top]]
            for o, s in sens.items()
        }
        return {
            "scenario": {"id": self.scenario.id, "title": self.scenario.title},
            "draws": self.draws,
            "seed": self.seed,
            "inputs": [
                {
                    "path": i.name,
                    "value": i.quantity.value,
                    "low": i.quantity.low,
                    "high": i.quantity.high,
                    "dist": i.dist,
                    "sd": i.quantity.sd,
                }
                for i in self.inputs
            ],
            "forecast": fc,
            "deals": deals,
            "sensitivity": {"method": "spearman rank correlation across draws", "drivers": drivers},
            "tornado": {o: rows[:top] for o, rows in self.tornado.items()},
            **({"lives_over_horizon": self._lives_json()} if "lives" in self.samples else {}),
        }

    def _routes_json(self, j: int) -> dict[str, Any]:
        if "route_passed" not in self.samples:
            return {}
        return routes_json(self.samples["route_passed"], compile_scenario(self.scenario).deal_routes[j], j)

    def _bodies_json(self, j: int) -> dict[str, Any]:
        return bodies_json(self.samples, self.point["body_share"], self.body_ids, j)

    def _lives_json(self) -> dict[str, Any]:
        x = self.samples["lives"]
        cod = self.scenario.cost_of_delay
        assert cod is not None and cod.lives_per_week is not None and cod.horizon_weeks is not None
        qs = np.quantile(x, QUANTILES)
        return {
            "point": round(cod.lives_per_week.value * cod.horizon_weeks.value),
            "mean": round(float(x.mean())),
            **{f"q{int(round(q * 100)):02d}": round(float(v)) for q, v in zip(QUANTILES, qs, strict=True)},
        }


def iter_chunks(
    sc: Scenario, draws: int, seed: int, chunk: int = 5000, client: Any = None
) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
    """Yield ``(index, arrays)`` per chunk, computed in process or, with a Dask ``client``, on its workers."""
    pieces = chunks(draws, chunk)
    if client is None:
        for n, (a, b) in enumerate(pieces):
            yield n, run_chunk(sc, seed, a, b)
        return
    import uuid

    from distributed import as_completed

    tag = uuid.uuid4().hex[:12]
    [sc_remote] = client.scatter([sc], hash=False)
    futs = [
        client.submit(run_chunk, sc_remote, seed, a, b, pure=False, key=f"winset-sweep-{tag}-{n}")
        for n, (a, b) in enumerate(pieces)
    ]
    index = {f.key: n for n, f in enumerate(futs)}
    for fut in as_completed(futs):
        yield index[fut.key], fut.result()


def sweep(
    sc: Scenario,
    draws: int = 2000,
    seed: int = 0,
    chunk: int = 5000,
    client: Any = None,
    progress: Callable[[int], None] | None = None,
    with_tornado: bool = True,
) -> SweepResult:
    """Monte Carlo sweep of a scenario.

    ``draws`` draws in chunks of ``chunk`` (each chunk one vectorised batch); ``client`` (a
    ``distributed.Client``) runs the chunks on a Dask cluster.  The result depends only on ``(sc, draws,
    seed)``: neither the chunk size nor the scheduler changes it.  ``progress(n)`` is called with the number
    of draws finished after each chunk.
    """
    seed = check_seed(seed)
    if not (1 <= draws <= MAX_DRAWS):
        raise ValueError(f"draws must be between 1 and {MAX_DRAWS:,}, got {draws}")
    pieces = chunks(draws, chunk)
    parts: list[dict[str, np.ndarray] | None] = [None] * len(pieces)
    for n, arrays in iter_chunks(sc, draws, seed, chunk, client):
        parts[n] = arrays
        if progress is not None:
            progress(pieces[n][1] - pieces[n][0])
    samples = _concat([p for p in parts if p is not None])
    c0 = compile_scenario(sc)
    ev0 = evaluate_deals(c0)
    point = {
        **forecasts(c0),
        "ratifiable": ev0.ratifiable,
        **{k: v[0] for k, v in body_votes(ev0.votes, 1, len(c0.deal_ids)).items()},
    }
    inputs = uncertain_inputs(sc)
    return SweepResult(
        scenario=sc,
        draws=draws,
        seed=seed,
        inputs=inputs,
        issue_ids=c0.issue_ids,
        deal_ids=c0.deal_ids,
        veto_players=c0.veto_players,
        actor_ids=c0.actor_ids,
        samples=samples,
        body_ids=tuple(b.id for b in c0.bodies),
        point=point,
        tornado=tornado(sc, inputs) if with_tornado else {},
    )

"""Monte Carlo uncertainty analysis: sample every uncertain number, forecast intervals, P(ratified), drivers.

Any :class:`~winset.scenario.schema.Quantity` with ``low``/``high`` (and optionally ``dist``) or ``sd`` is
uncertain.  :func:`sample` reads the scenario through :func:`~winset.scenario.compiled.compile_scenario`
with a ``value_of`` that returns one draw per batch row, so the whole analysis runs on a batch axis.

Reproducibility
    Each quantity's draws come from its own random stream, keyed by ``(seed, path of the quantity, block)``
    where a block is :data:`BLOCK` consecutive draws.  Draw ``i`` of a quantity is therefore the same
    whatever the chunking (in-process, chunked for a progress bar, or spread over a Dask cluster) and
    adding another uncertain number to a scenario does not change the draws of the others.

Distributions (inverse-CDF transforms of a uniform variate ``u``)
    * ``uniform``: ``low + u (high - low)`` (the default when only ``low``/``high`` are given);
    * ``triangular``: mode ``value`` between ``low`` and ``high``;
    * ``pert``: Beta-PERT with mode ``value``: ``alpha = 1 + 4 (m - a)/(b - a)``, ``beta = 1 + 4 (b - m)/(b - a)``
      (Vose, *Risk Analysis*, 3rd ed., 2008, sec. 9.1.4);
    * ``normal``: mean ``value`` and ``sd`` (or ``(high - low)/4`` when only the range is given: the range is
      read as +-2 sd), truncated to ``[low, high]`` when both are given;
    * ``beta``: ``low + (high - low) B`` with ``B ~ Beta(alpha, beta)`` (shape parameters given);
    * ``lognormal``: median ``value``, ``log x ~ N(log value, sd^2)`` (or ``sd = (log high - log low)/4``),
      truncated to ``[low, high]`` when both are given.

Every draw is also kept inside the quantity's domain: positions, terms and ideal points on the issue scale;
saliences, capabilities, weights and costs non-negative; a quota in (0, 1]; a discount factor in (0, 1).

Sensitivity
    * ``spearman``: the rank correlation of every uncertain input with every output across the draws;
    * ``tornado``: one-at-a-time swings, each input set to its low and high end (the 5th/95th percentile for
      an unbounded normal) with every other number at its central value, evaluated as one batch.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import special, stats

from .deals import evaluate
from .models import forecasts
from .scenario.compiled import Compiled, compile_scenario, point_value
from .scenario.schema import Quantity, Scenario

BLOCK = 1024
"""Draws per random-stream block; chunk boundaries never change the draws."""

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
MODELS = ("compromise", "weighted_median", "bdm")
"""The forecasts of :func:`winset.models.forecasts`, each sampled on the batch axis."""
MAX_DRAWS = 10_000_000

Path = tuple[str | int, ...]


def path_str(path: Path) -> str:
    """``("actors", "US", "capability")`` -> ``"actors.US.capability"``."""
    return ".".join(str(p) for p in path)


# ---------------------------------------------------------------------------------------------------------
# which numbers are uncertain
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Input:
    """One uncertain number of a scenario."""

    path: Path
    quantity: Quantity
    domain: tuple[float, float]

    @property
    def name(self) -> str:
        return path_str(self.path)

    @property
    def dist(self) -> str:
        q = self.quantity
        if q.dist is not None:
            return q.dist
        return "uniform" if q.low is not None and q.sd is None else "normal"

    @property
    def bounds(self) -> tuple[float, float]:
        """Support of the draws: ``[low, high]`` (or the domain for an unbounded normal) within the domain."""
        q = self.quantity
        lo, hi = (q.low, q.high) if q.low is not None and q.high is not None else (-math.inf, math.inf)
        lo, hi = max(lo, self.domain[0]), min(hi, self.domain[1])
        if lo > hi:  # the whole range lies outside the domain: pin to the nearest admissible value
            v = min(max(q.value, self.domain[0]), self.domain[1])
            return (v, v)
        return (lo, hi)

    @property
    def sd(self) -> float:
        q = self.quantity
        if q.sd is not None:
            return q.sd
        assert q.low is not None and q.high is not None
        return (q.high - q.low) / 4.0

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF: uniform variates ``u`` in (0, 1) -> draws of this quantity."""
        q = self.quantity
        u = np.asarray(u, dtype=float)
        lo, hi = self.bounds
        dist = self.dist
        if dist == "lognormal":
            sig = q.sd if q.sd is not None else (math.log(q.high) - math.log(q.low)) / 4.0  # type: ignore[arg-type]
            mu = math.log(q.value)
            if sig <= 0:
                x = np.full(u.shape, q.value)
            else:
                pa = special.ndtr((math.log(lo) - mu) / sig) if math.isfinite(lo) and lo > 0 else 0.0
                pb = special.ndtr((math.log(hi) - mu) / sig) if math.isfinite(hi) else 1.0
                x = np.exp(mu + sig * special.ndtri(pa + u * (pb - pa)))
        elif dist == "normal":
            sd = self.sd
            if sd <= 0:
                x = np.full(u.shape, q.value)
            else:
                # truncated normal by inversion: u is mapped into [Phi(a), Phi(b)]
                pa = special.ndtr((lo - q.value) / sd) if math.isfinite(lo) else 0.0
                pb = special.ndtr((hi - q.value) / sd) if math.isfinite(hi) else 1.0
                x = q.value + sd * special.ndtri(pa + u * (pb - pa))
        else:
            assert q.low is not None and q.high is not None
            a, m, b = q.low, q.value, q.high
            if b <= a:
                x = np.full(u.shape, m)
            elif dist == "uniform":
                x = a + u * (b - a)
            elif dist == "triangular":
                fc = (m - a) / (b - a)
                left = a + np.sqrt(u * (b - a) * (m - a))
                right = b - np.sqrt((1.0 - u) * (b - a) * (b - m))
                x = np.where(u < fc, left, right)
            elif dist == "beta":
                assert q.alpha is not None and q.beta is not None
                x = a + (b - a) * special.betaincinv(q.alpha, q.beta, u)
            else:  # pert
                al = 1.0 + 4.0 * (m - a) / (b - a)
                be = 1.0 + 4.0 * (b - m) / (b - a)
                x = a + (b - a) * special.betaincinv(al, be, u)
        return np.clip(x, lo, hi)

    def swing(self) -> tuple[float, float]:
        """The low and high ends used by the tornado (5th/95th percentile when the range is unbounded)."""
        lo, hi = self.bounds
        if not (math.isfinite(lo) and math.isfinite(hi)) or (self.quantity.low is None):
            x = self.ppf(np.array([0.05, 0.95]))
            return float(x[0]), float(x[1])
        return lo, hi


def _domain(sc: Scenario, path: Path) -> tuple[float, float]:
    inf = math.inf
    head, last = path[0], path[-1]
    kind = path[-2] if len(path) >= 2 else None
    if head == "reversion" or kind in ("positions", "terms", "ideal"):
        s = sc.issue(str(last)).scale
        return (s.min, s.max)
    if last == "quota":
        return (1e-9, 1.0)
    if last == "discount_factor_per_week":
        return (1e-9, 1.0 - 1e-9)
    if last == "risk":
        return (1e-9, inf)
    if (
        last in ("capability", "weight", "no_deal_cost", "delay_cost_per_week", "horizon_weeks")
        or kind == "salience"
    ):
        return (0.0, inf)
    return (-inf, inf)


def uncertain_inputs(sc: Scenario) -> list[Input]:
    """Every uncertain number that the analysis reads, in the order :func:`compile_scenario` reads them."""
    found: dict[Path, Quantity] = {}

    def record(q: Quantity, path: Path) -> float:
        if q.uncertain and path not in found:
            found[path] = q
        return q.value

    compile_scenario(sc, record)
    return [Input(path=p, quantity=q, domain=_domain(sc, p)) for p, q in found.items()]


# ---------------------------------------------------------------------------------------------------------
# random streams and sampling
# ---------------------------------------------------------------------------------------------------------
def _check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def _path_key(path: Path) -> tuple[int, ...]:
    h = hashlib.blake2b(repr(tuple(str(p) for p in path)).encode("utf-8"), digest_size=8).digest()
    return (int.from_bytes(h[:4], "little"), int.from_bytes(h[4:], "little"))


def uniforms(seed: int, path: Path, start: int, stop: int) -> np.ndarray:
    """Uniform variates in (0, 1) for draws ``start..stop-1`` of the quantity at ``path``."""
    seed = _check_seed(seed)
    if stop <= start:
        return np.empty(0)
    key = _path_key(path)
    b0, b1 = start // BLOCK, (stop - 1) // BLOCK
    blocks = [
        np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key + (b,)))).random(BLOCK)
        for b in range(b0, b1 + 1)
    ]
    u = np.concatenate(blocks)[start - b0 * BLOCK : stop - b0 * BLOCK]
    # random() is in [0, 1); keep strictly inside (0, 1) for the inverse CDFs
    return np.clip(u, 1e-12, 1.0 - 1e-12)


def draw_inputs(
    sc: Scenario, seed: int, start: int, stop: int, inputs: list[Input] | None = None
) -> dict[Path, np.ndarray]:
    """Draws ``start..stop-1`` of every uncertain input: ``{path: (stop - start,) array}``."""
    inputs = uncertain_inputs(sc) if inputs is None else inputs
    return {inp.path: inp.ppf(uniforms(seed, inp.path, start, stop)) for inp in inputs}


def compile_with(sc: Scenario, values: dict[Path, np.ndarray], batch: int) -> Compiled:
    """Compile ``sc`` with the given arrays in place of the uncertain numbers (batch shape ``(batch,)``)."""

    def value_of(q: Quantity, path: Path) -> float | np.ndarray:
        if path in values:
            return values[path]
        return point_value(q, path)

    return compile_scenario(sc, value_of, (batch,))


def sample(sc: Scenario, draws: int, seed: int, start: int = 0) -> Compiled:
    """A batched :class:`Compiled` holding draws ``start..start+draws-1`` (batch shape ``(draws,)``)."""
    if draws < 1:
        raise ValueError(f"draws must be at least 1, got {draws}")
    return compile_with(sc, draw_inputs(sc, seed, start, start + draws), draws)


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
    ev = evaluate(c)
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
    }
    lives = lives_over_horizon(sc, seed, start, stop, vals)
    if lives is not None:
        out["lives"] = lives
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
    lw = (
        Input(path=lp, quantity=q, domain=(0.0, math.inf)).ppf(uniforms(seed, lp, start, stop))
        if q.uncertain
        else np.full(n, q.value)
    )
    hw = vals.get(("cost_of_delay", "horizon_weeks"), np.full(n, cod.horizon_weeks.value))
    return np.asarray(lw * hw)


def chunks(draws: int, chunk: int) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` covering ``0..draws-1`` in pieces of at most ``chunk`` draws."""
    chunk = max(1, int(chunk))
    return [(s, min(s + chunk, draws)) for s in range(0, draws, chunk)]


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([p[k] for p in parts], axis=0) for k in parts[0]}


def rank_correlation(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman's rho of every column of ``x`` ``(N, p)`` with every column of ``y`` ``(N, q)``: ``(p, q)``.

    Pearson correlation of average ranks (ties share their mean rank); 0 where a column is constant.
    """
    rx = stats.rankdata(x, axis=0)
    ry = stats.rankdata(np.asarray(y, dtype=float), axis=0)
    rx = rx - rx.mean(0)
    ry = ry - ry.mean(0)
    num = rx.T @ ry
    den = np.sqrt((rx**2).sum(0))[:, None] * np.sqrt((ry**2).sum(0))[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)
    return np.asarray(r)


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


def tornado(sc: Scenario, inputs: list[Input] | None = None) -> dict[str, list[dict[str, Any]]]:
    """One-at-a-time swings: each input at its low and at its high end, the rest at their central values.

    Evaluated as one batch of ``2 p`` scenarios.  Returns ``{output: [{input, low, high, at_low, at_high,
    swing}]}`` sorted by ``|swing|``, for the forecast of every model on every issue and (0/1) for whether
    each deal is ratifiable.
    """
    inputs = uncertain_inputs(sc) if inputs is None else inputs
    p = len(inputs)
    if p == 0:
        return {}
    vals: dict[Path, np.ndarray] = {}
    ends = [inp.swing() for inp in inputs]
    for a, inp in enumerate(inputs):
        v = np.full(2 * p, inp.quantity.value)
        v[2 * a], v[2 * a + 1] = ends[a]
        vals[inp.path] = v
    c = compile_with(sc, vals, 2 * p)
    outs: dict[str, np.ndarray] = {}
    for m, arr in forecasts(c).items():
        for k, i in enumerate(c.issue_ids):
            outs[f"{m}.{i}"] = arr[:, k]
    ev = evaluate(c)
    for j, d in enumerate(c.deal_ids):
        outs[f"ratified.{d}"] = ev.ratifiable[:, j].astype(float)
    res: dict[str, list[dict[str, Any]]] = {}
    for o, y in outs.items():
        rows = [
            {
                "input": inp.name,
                "low": ends[a][0],
                "high": ends[a][1],
                "at_low": round(float(y[2 * a]), 4),
                "at_high": round(float(y[2 * a + 1]), 4),
                "swing": round(float(y[2 * a + 1] - y[2 * a]), 4),
            }
            for a, inp in enumerate(inputs)
        ]
        res[o] = sorted(rows, key=lambda r: (-abs(r["swing"]), r["input"]))
    return res


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
    seed = _check_seed(seed)
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
    ev0 = evaluate(c0)
    point = {**forecasts(c0), "ratifiable": ev0.ratifiable}
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
        point=point,
        tornado=tornado(sc, inputs) if with_tornado else {},
    )


BIG_ISSUE_DRAWS = 300
"""Draws :func:`big_issue_probability` uses by default (the exact sticking-point sweep costs ~10 ms a draw)."""


def big_issue_probability(
    sc: Scenario, draws: int = BIG_ISSUE_DRAWS, seed: int = 0, reference: str = "auto"
) -> dict[str, Any]:
    """How often each issue is "the one big issue" across the first ``draws`` draws of a sweep with ``seed``.

    The reference package is the one :func:`winset.analysis.analyze` picks at the central values (``auto``: the
    deal nearest to agreement), with that deal's own (possibly uncertain) terms in each draw; on each draw the
    exact sticking-point analysis (:func:`winset.deals.sticking_points`) names the top deadlocked or fixable
    issue, or none (the package is accepted, or no single issue can fix it).  Returns ``{"reference", "draws",
    "seed", "p": {issue or "none": probability}, "se": {...}}`` (binomial standard errors).
    """
    from .analysis import analyze
    from .deals import sticking_points

    seed = _check_seed(seed)
    if not 1 <= draws <= 100_000:
        raise ValueError(f"draws must be between 1 and 100,000, got {draws}")
    ref_id = analyze(sc, reference=reference)["sticking_points"]["reference"]
    c = sample(sc, draws, seed)
    fc = forecasts(c)
    deal = c.deal_ids.index(ref_id) if ref_id in c.deal_ids else None
    instrument = c.instruments[deal] if deal is not None else "treaty"
    counts = dict.fromkeys((*c.issue_ids, "none"), 0)
    for j in range(draws):  # one exact breakpoint sweep per draw (sticking_points is not batched)
        cj = c.draw(j)
        ref = cj.deals[deal] if deal is not None else fc[ref_id][j]
        top = sticking_points(cj, ref, instrument)[0]
        counts[top.issue if top.kind in ("deadlock", "fixable") else "none"] += 1
    p = {k: v / draws for k, v in counts.items()}
    return {
        "reference": ref_id,
        "draws": draws,
        "seed": seed,
        "p": p,
        "se": {k: math.sqrt(v * (1 - v) / draws) for k, v in p.items()},
    }

"""Which numbers of a scenario are uncertain, and reproducible draws of them on a batch axis.

Any :class:`~winset.scenario.schema.Quantity` with ``low``/``high`` (and optionally ``dist``) or ``sd`` is
uncertain.  :func:`sample` reads the scenario through :func:`~winset.scenario.compiled.compile_scenario`
with a ``value_of`` that returns one draw per batch row, so the whole analysis runs on a batch axis.

Reproducibility
    Each quantity's draws come from its own random stream, keyed by ``(seed, path of the quantity, block)``
    where a block is :data:`BLOCK` consecutive draws.  Draw ``i`` of a quantity is therefore the same
    whatever the chunking (in-process, chunked for a progress bar, or spread over a Dask cluster) and
    adding another uncertain number to a scenario does not change the draws of the others.

Distributions (inverse-CDF transforms of a uniform variate ``u``; :data:`PPF`, one per name in
:data:`winset.vocabulary.DISTRIBUTIONS`)
    * ``uniform``: ``low + u (high - low)`` (the default when only ``low``/``high`` are given);
    * ``triangular``: mode ``value`` between ``low`` and ``high``;
    * ``pert``: Beta-PERT with mode ``value``: ``alpha = 1 + 4 (m - a)/(b - a)``, ``beta = 1 + 4 (b - m)/(b - a)``
      (Vose, *Risk Analysis*, 3rd ed., 2008, sec. 9.1.4);
    * ``normal``: mean ``value`` and ``sd`` (or ``(high - low)/4`` when only the range is given: the range is
      read as +-2 sd), truncated to ``[low, high]`` when both are given;
    * ``beta``: ``low + (high - low) B`` with ``B ~ Beta(alpha, beta)`` (shape parameters given);
    * ``lognormal``: median ``value``, ``log x ~ N(log value, sd^2)`` (or ``sd = (log high - log low)/4``),
      truncated to ``[low, high]`` when both are given.

Bloc shares, drawn together
    The uncertain member weights of one body are its blocs' shares of the electorate; drawn independently they
    would not sum to the electorate and a referendum's yes share would barely move.  :func:`draw_inputs`
    draws them together: the uncertain weights of a body (two or more) keep their declared total ``W`` and
    split it as ``W x Dirichlet(kappa p)``, ``p`` the declared shares of ``W``.  The concentration ``kappa``
    is read off the declared ranges: a Dirichlet share has variance ``p (1 - p) / (kappa + 1)``, so
    ``kappa + 1`` is the mean over the blocs of ``p (1 - p) / (sd / W)^2`` (``sd`` the quantity's standard
    deviation, ``(high - low) / 4`` for a range).  Each share is a Gamma(``kappa p``) variate by inversion of
    the bloc's own uniform stream, divided by their sum, so draws stay chunk-invariant.  Cohesion and turnout
    are drawn from their own quantities in the same draws.

Every draw is also kept inside the quantity's domain (:mod:`winset.scenario.domains`, the same table the
loader checks against): positions, terms and ideal points on the issue scale; saliences, capabilities,
weights and delay costs non-negative; a quota in (0, 1]; a discount factor in (0, 1); a member's no-deal cost
any number (negative when the member gains from no deal).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from winset.scenario.compiled import Compiled, compile_scenario, point_value
from winset.scenario.domains import domain_of
from winset.scenario.schema import Quantity, Scenario
from winset.vocabulary import DISTRIBUTIONS

BLOCK = 1024
"""Draws per random-stream block; chunk boundaries never change the draws."""

Path = tuple[str | int, ...]


def path_str(path: Path) -> str:
    """``("actors", "US", "capability")`` -> ``"actors.US.capability"``."""
    return ".".join(str(p) for p in path)


# ---------------------------------------------------------------------------------------------------------
# inverse CDFs, one per distribution name
# ---------------------------------------------------------------------------------------------------------
def _lognormal(q: Quantity, u: np.ndarray, lo: float, hi: float) -> np.ndarray:
    from scipy import special

    sig = q.sd if q.sd is not None else (math.log(q.high) - math.log(q.low)) / 4.0  # type: ignore[arg-type]
    mu = math.log(q.value)
    if sig <= 0:
        return np.full(u.shape, q.value)
    pa = special.ndtr((math.log(lo) - mu) / sig) if math.isfinite(lo) and lo > 0 else 0.0
    pb = special.ndtr((math.log(hi) - mu) / sig) if math.isfinite(hi) else 1.0
    return np.asarray(np.exp(mu + sig * special.ndtri(pa + u * (pb - pa))))


def _normal(q: Quantity, u: np.ndarray, lo: float, hi: float) -> np.ndarray:
    from scipy import special

    sd = q.sd if q.sd is not None else (q.high - q.low) / 4.0  # type: ignore[operator]
    if sd <= 0:
        return np.full(u.shape, q.value)
    # truncated normal by inversion: u is mapped into [Phi(a), Phi(b)]
    pa = special.ndtr((lo - q.value) / sd) if math.isfinite(lo) else 0.0
    pb = special.ndtr((hi - q.value) / sd) if math.isfinite(hi) else 1.0
    return np.asarray(q.value + sd * special.ndtri(pa + u * (pb - pa)))


Bounded = Callable[[Quantity, np.ndarray, float, float, float], np.ndarray]


def _on_range(f: Bounded) -> Callable[[Quantity, np.ndarray, float, float], np.ndarray]:
    """A distribution on ``[low, high]`` with mode ``value``; a point mass when the range is empty."""

    def ppf(q: Quantity, u: np.ndarray, lo: float, hi: float) -> np.ndarray:
        assert q.low is not None and q.high is not None
        a, m, b = q.low, q.value, q.high
        return np.full(u.shape, m) if b <= a else f(q, u, a, m, b)

    return ppf


def _uniform(q: Quantity, u: np.ndarray, a: float, m: float, b: float) -> np.ndarray:
    return a + u * (b - a)


def _triangular(q: Quantity, u: np.ndarray, a: float, m: float, b: float) -> np.ndarray:
    fc = (m - a) / (b - a)
    left = a + np.sqrt(u * (b - a) * (m - a))
    right = b - np.sqrt((1.0 - u) * (b - a) * (b - m))
    return np.where(u < fc, left, right)


def _beta(q: Quantity, u: np.ndarray, a: float, m: float, b: float) -> np.ndarray:
    from scipy import special

    assert q.alpha is not None and q.beta is not None
    return np.asarray(a + (b - a) * special.betaincinv(q.alpha, q.beta, u))


def _pert(q: Quantity, u: np.ndarray, a: float, m: float, b: float) -> np.ndarray:
    from scipy import special

    al = 1.0 + 4.0 * (m - a) / (b - a)
    be = 1.0 + 4.0 * (b - m) / (b - a)
    return np.asarray(a + (b - a) * special.betaincinv(al, be, u))


PPF: dict[str, Callable[[Quantity, np.ndarray, float, float], np.ndarray]] = {
    "uniform": _on_range(_uniform),
    "triangular": _on_range(_triangular),
    "normal": _normal,
    "pert": _on_range(_pert),
    "beta": _on_range(_beta),
    "lognormal": _lognormal,
}
"""Inverse CDF of every distribution name: ``(quantity, u, lo, hi) -> draws`` (``lo``/``hi``: the support)."""
if set(PPF) != set(DISTRIBUTIONS):  # pragma: no cover - a new name in winset.vocabulary needs a sampler
    raise ImportError(f"samplers {sorted(PPF)} do not match the distributions {sorted(DISTRIBUTIONS)}")


# ---------------------------------------------------------------------------------------------------------
# which numbers are uncertain
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Input:
    """One uncertain number of a scenario; ``domain`` is the closed float interval of its legal values."""

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
        u = np.asarray(u, dtype=float)
        lo, hi = self.bounds
        return np.clip(PPF[self.dist](self.quantity, u, lo, hi), lo, hi)

    def swing(self) -> tuple[float, float]:
        """The low and high ends used by the tornado (5th/95th percentile when the range is unbounded)."""
        lo, hi = self.bounds
        if not (math.isfinite(lo) and math.isfinite(hi)) or (self.quantity.low is None):
            x = self.ppf(np.array([0.05, 0.95]))
            return float(x[0]), float(x[1])
        return lo, hi


def make_input(sc: Scenario, path: Path, q: Quantity) -> Input:
    """The :class:`Input` for the quantity ``q`` at ``path``, bounded by its domain."""
    return Input(path=path, quantity=q, domain=domain_of(sc, path).closed_bounds)


def uncertain_inputs(sc: Scenario) -> list[Input]:
    """Every uncertain number that the analysis reads, in the order :func:`compile_scenario` reads them."""
    found: dict[Path, Quantity] = {}

    def record(q: Quantity, path: Path) -> float:
        if q.uncertain and path not in found:
            found[path] = q
        return q.value

    compile_scenario(sc, record)
    return [make_input(sc, p, q) for p, q in found.items()]


# ---------------------------------------------------------------------------------------------------------
# random streams and sampling
# ---------------------------------------------------------------------------------------------------------
def check_seed(seed: int) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def _path_key(path: Path) -> tuple[int, ...]:
    h = hashlib.blake2b(repr(tuple(str(p) for p in path)).encode("utf-8"), digest_size=8).digest()
    return (int.from_bytes(h[:4], "little"), int.from_bytes(h[4:], "little"))


def uniforms(seed: int, path: Path, start: int, stop: int) -> np.ndarray:
    """Uniform variates in (0, 1) for draws ``start..stop-1`` of the quantity at ``path``."""
    seed = check_seed(seed)
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
    us = {inp.path: uniforms(seed, inp.path, start, stop) for inp in inputs}
    out = {inp.path: inp.ppf(us[inp.path]) for inp in inputs}
    for group in bloc_groups(inputs):
        out.update(dirichlet_shares(group, [us[i.path] for i in group]))
    return out


def bloc_groups(inputs: list[Input]) -> list[list[Input]]:
    """The uncertain member weights of each body that has two or more: drawn together as shares."""
    groups: dict[str | int, list[Input]] = {}
    for inp in inputs:
        p = inp.path
        if len(p) == 5 and p[0] == "bodies" and p[2] == "members" and p[4] == "weight":
            groups.setdefault(p[1], []).append(inp)
    return [g for g in groups.values() if len(g) >= 2]


def dirichlet_shares(group: list[Input], u: list[np.ndarray]) -> dict[Path, np.ndarray]:
    """Weights of ``group`` drawn as ``W x Dirichlet(kappa p)`` from the uniforms ``u`` (see the module
    docstring); a group without positive spread keeps its declared values."""
    from scipy import special

    v = np.array([i.quantity.value for i in group], dtype=float)
    total = v.sum()
    sd = np.array([i.sd if i.quantity.low is not None or i.quantity.sd is not None else 0.0 for i in group])
    if total <= 0 or not (sd > 0).any() or (v <= 0).any():
        return {}
    p = v / total
    ok = sd > 0
    kappa = max(float(np.mean(p[ok] * (1 - p[ok]) / (sd[ok] / total) ** 2)) - 1.0, 1e-6)
    g = np.stack([special.gammaincinv(kappa * p[n], u[n]) for n in range(len(group))], axis=-1)
    s = g.sum(-1, keepdims=True)
    share = np.where(s > 0, g / np.where(s > 0, s, 1.0), p)
    return {inp.path: total * share[:, n] for n, inp in enumerate(group)}


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

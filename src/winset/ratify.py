"""Level II: who must ratify a deal, how each body votes, and who can veto.

A ratification body (a senate, a parliament, an electorate, a council) has members or blocs with
voting weights and ideal points.  Facing a deal ``x`` against the reversion point ``r`` (what happens
with no deal), a member votes yes when it strictly prefers the deal: ``u_m(x) > u_m(r)`` (ties keep the
status quo) and the deal keeps every one of the member's red lines.  A member (or an actor) may have its own
no-deal point ``r_m`` (its ``reversion``, the shared one on the issues it does not name) and a
``no_deal_cost`` ``c_m``: it compares ``u_m(x)`` with ``u_m(r_m) - c_m``.  The deal passes when the yes weight reaches the body's threshold:

* ``majority`` and ``referendum``: strictly more than half of the weight (of the votes cast);
* ``quota`` q: at least q of the weight (e.g. q = 2/3 for the US Senate under Art. II, Sec. 2);
* ``unanimity``: every member with positive weight.

This is the win-set of Putnam (1988): the set of deals that would pass at home.  A body takes part only
when its ``applies_when`` condition holds for the deal (e.g. the Senate only for a treaty).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from winset.scenario.compiled import Compiled, CompiledBody
from winset.scenario.redlines import keeps
from winset.utility import actor_utilities, utility

EPS = 1e-12


def body_applies(
    body: CompiledBody,
    packages: np.ndarray,
    instruments: Sequence[str] | str,
    reversion: np.ndarray,
) -> np.ndarray:
    """Whether ``body`` must ratify each package: ``(*batch, d, k) -> (*batch, d)`` bool."""
    packages = np.asarray(packages, dtype=float)
    out_shape = packages.shape[:-1]
    inst = np.array([instruments] * out_shape[-1] if isinstance(instruments, str) else list(instruments))
    ok = np.ones(out_shape, dtype=bool)
    if body.instruments is not None:
        ok &= np.broadcast_to(np.isin(inst, body.instruments), out_shape)
    if body.conditions:
        anyc = np.zeros(out_shape, dtype=bool)
        for j, op, value in body.conditions:
            x = packages[..., j]
            if op == "changed":
                anyc |= np.abs(x - np.asarray(reversion)[..., None, j]) > EPS
            elif op == "gt":
                anyc |= x > value
            elif op == "ge":
                anyc |= x >= value
            elif op == "lt":
                anyc |= x < value
            else:
                anyc |= x <= value
        ok &= anyc
    return ok


def passes(share: np.ndarray, rule: str, threshold: np.ndarray) -> np.ndarray:
    """Apply a decision rule to yes shares ``(*batch, d)``; ``threshold`` has shape ``(*batch,)``."""
    thr = np.asarray(threshold, dtype=float)[..., None]
    if rule in ("majority", "referendum"):
        return share > 0.5 + EPS
    if rule == "unanimity":
        return share >= 1.0 - EPS
    return share >= thr - EPS


@dataclass(frozen=True)
class Vote:
    """The outcome of one body's vote on ``d`` packages."""

    body: str
    yes: np.ndarray  # (*batch, d, m) bool, member votes
    yes_share: np.ndarray  # (*batch, d)
    threshold: np.ndarray  # (*batch,)
    passed: np.ndarray  # (*batch, d)
    applies: np.ndarray  # (*batch, d)

    @property
    def margin(self) -> np.ndarray:
        """Yes share minus the threshold (negative: short of it)."""
        return self.yes_share - self.threshold[..., None]


def vote(
    body: CompiledBody,
    packages: np.ndarray,
    reversion: np.ndarray,
    span: np.ndarray,
    instruments: Sequence[str] | str = "treaty",
    issue_ids: Sequence[str] = (),
) -> Vote:
    """How ``body`` votes on each package ``(*batch, d, k)`` against ``reversion`` ``(*batch, k)``."""
    packages = np.asarray(packages, dtype=float)
    u_deal = utility(
        packages[..., :, None, :],
        body.ideal[..., None, :, :],
        body.salience[..., None, :, :],
        span,
        body.shape,
    )
    u_rev = utility(body.member_reversion(reversion), body.ideal, body.salience, span, body.shape)
    u_rev = u_rev - body.no_deal_cost
    yes = u_deal > u_rev[..., None, :] + EPS
    if body.red_lines is not None:  # a member votes no on a deal that breaks one of its red lines
        yes &= keeps(body.red_lines, packages, len(body.member_ids))
    w = body.weights[..., None, :]
    share = (yes * w).sum(-1) / w.sum(-1)
    applies = (
        body_applies(body, packages, instruments, reversion)
        if issue_ids
        else np.ones(packages.shape[:-1], dtype=bool)
    )
    return Vote(
        body=body.id,
        yes=yes,
        yes_share=share,
        threshold=body.threshold,
        passed=passes(share, body.rule, body.threshold),
        applies=applies,
    )


def no_deal_utility(c: Compiled) -> np.ndarray:
    """Each actor's utility with no deal: spatial utility of its own no-deal point (the shared reversion
    unless it has its own) minus the priced delay and its ``no_deal_cost``, ``(*batch, n)``."""
    u_rev = utility(c.reversion_of_actors(), c.positions, c.salience, c.span, c.shape)
    return u_rev - c.no_deal_penalty


def actor_accepts(c: Compiled, packages: np.ndarray) -> np.ndarray:
    """Whether each actor strictly prefers each package to its no deal and the package keeps every red line
    of the actor: ``(*batch, d, n)``."""
    u = actor_utilities(packages, c.positions, c.salience, c.span, c.shape)
    ok = u > no_deal_utility(c)[..., None, :] + EPS
    return ok if c.red_lines is None else ok & keeps(c.red_lines, packages, len(c.actor_ids))


def veto_accepts(
    c: Compiled, packages: np.ndarray, instruments: Sequence[str] | str = "treaty"
) -> dict[str, np.ndarray]:
    """For each veto player, whether it lets each package through: ``{id: (*batch, d) bool}``.

    An actor lets a package through when it prefers it to no deal; a body when it does not apply to the
    package or when the package passes its vote.
    """
    packages = np.asarray(packages, dtype=float)
    out: dict[str, np.ndarray] = {}
    acc = None
    bodies = {b.id: b for b in c.bodies}
    for v in c.veto_players:
        if v in bodies:
            vt = vote(bodies[v], packages, c.reversion, c.span, instruments, c.issue_ids)
            out[v] = ~vt.applies | vt.passed
        else:
            if acc is None:
                acc = actor_accepts(c, packages)
            out[v] = acc[..., c.actor_index(v)]
    return out

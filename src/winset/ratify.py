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

Probabilistic ratification (a referendum of blocs, a parliament of parties).  Each bloc ``m`` of weight
``w_m`` (its share of the electorate) turns out at rate ``t_m`` and votes with cohesion ``c_m``: a share
``c_m`` of its voters votes as the bloc's utility says, the rest the other way, so the bloc's yes share
among its voters is ``s_m = c_m`` when its utility prefers the deal and ``1 - c_m`` otherwise.  The body's
expected yes share is of the votes cast, ``Y / V`` with ``V = sum_m w_m t_m`` and ``Y = sum_m w_m t_m s_m``
(in a large electorate the realised share is this expectation; the uncertainty is in ``w``, ``c`` and ``t``,
drawn together by ``winset sweep``).  Then, in this order:

* a **turnout quorum** ``q_t`` voids the vote when ``V / W < q_t`` (``W = sum_m w_m``, the electorate);
* the rule's threshold applies to ``Y / V``;
* an **approval quorum** ``q_a`` needs ``Y / W >= q_a`` (yes votes as a share of the whole electorate);
* **concurrent majorities** need ``Y_g / V_g > 1/2`` within every community ``g``.

With cohesion 1 and turnout 1 everywhere (the defaults) and no quorum this is the deterministic vote above.
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
    ok = np.ones(out_shape, dtype=bool)
    if body.instruments is not None:
        if isinstance(instruments, str):  # one instrument for every package: one membership test
            ok &= instruments in list(body.instruments)
        else:
            ok &= np.broadcast_to(np.isin(np.array(list(instruments)), body.instruments), out_shape)
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


REASONS: tuple[str, ...] = (
    "passed",
    "rejected: yes share short of the threshold",
    "void: turnout below quorum",
    "rejected: yes votes below the approval quorum",
    "rejected: no majority in a community",
)
"""Why a vote passes or fails, by code (``Vote.reason``); the first failing test in the order above is named."""
PASSED, SHORT, VOID, APPROVAL, COMMUNITY = range(len(REASONS))


@dataclass(frozen=True)
class Vote:
    """The outcome of one body's vote on ``d`` packages."""

    body: str
    yes: np.ndarray  # (*batch, d, m) bool, each member's utility prefers the deal
    yes_share: np.ndarray  # (*batch, d) expected yes share of the votes cast
    threshold: np.ndarray  # (*batch,)
    passed: np.ndarray  # (*batch, d)
    applies: np.ndarray  # (*batch, d)
    bloc_yes: np.ndarray | None = None  # (*batch, d, m) yes share among each bloc's voters
    bloc_turnout: np.ndarray | None = None  # (*batch, m) share of each bloc that votes
    turnout: np.ndarray | None = None  # (*batch,) share of the electorate that votes
    approval: np.ndarray | None = None  # (*batch, d) yes votes as a share of the electorate
    community_share: np.ndarray | None = None  # (*batch, d, g) yes share within each community
    reason: np.ndarray | None = None  # (*batch, d) int code into REASONS

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
    applies = (
        body_applies(body, packages, instruments, reversion)
        if issue_ids
        else np.ones(packages.shape[:-1], dtype=bool)
    )
    return tally(body, yes, applies)


def tally(body: CompiledBody, yes: np.ndarray, applies: np.ndarray) -> Vote:
    """Count the votes of ``body`` given each bloc's utility verdict ``yes`` ``(*batch, d, m)`` (see the module
    docstring: cohesion, turnout, turnout and approval quorums, concurrent majorities)."""
    w = np.asarray(body.weights, dtype=float)
    coh = 1.0 if body.cohesion is None else np.asarray(body.cohesion, dtype=float)[..., None, :]
    bloc_yes = np.where(yes, coh, 1.0 - coh)  # (*batch, d, m)
    tw = w if body.turnout is None else w * body.turnout  # votes cast by each bloc, (*batch, m)
    cast = tw.sum(-1)  # (*batch,)
    votes_yes = (bloc_yes * tw[..., None, :]).sum(-1)  # (*batch, d)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(cast[..., None] > 0, votes_yes / np.where(cast > 0, cast, 1.0)[..., None], 0.0)
    electorate = w.sum(-1)
    turnout = cast / electorate
    approval = votes_yes / electorate[..., None]
    reason = np.where(passes(share, body.rule, body.threshold), PASSED, SHORT)
    if body.approval_quorum is not None:
        low = approval < np.asarray(body.approval_quorum)[..., None] - EPS
        reason = np.where((reason == PASSED) & low, APPROVAL, reason)
    community_share = None
    if body.communities:
        onehot = np.equal.outer(np.asarray(body.community_of), np.arange(len(body.communities))).astype(float)
        cast_g = tw @ onehot  # (*batch, g)
        yes_g = (bloc_yes * tw[..., None, :]) @ onehot  # (*batch, d, g)
        with np.errstate(invalid="ignore", divide="ignore"):
            community_share = np.where(cast_g[..., None, :] > 0, yes_g / cast_g[..., None, :], 0.0)
        no_majority = (community_share <= 0.5 + EPS).any(-1)
        reason = np.where((reason == PASSED) & no_majority, COMMUNITY, reason)
    if body.turnout_quorum is not None:
        void = turnout < np.asarray(body.turnout_quorum) - EPS
        reason = np.where(void[..., None], VOID, reason)
    return Vote(
        body=body.id,
        yes=yes,
        yes_share=share,
        threshold=body.threshold,
        passed=reason == PASSED,
        applies=applies,
        bloc_yes=bloc_yes,
        bloc_turnout=np.broadcast_to(1.0 if body.turnout is None else body.turnout, w.shape),
        turnout=turnout,
        approval=approval,
        community_share=community_share,
        reason=reason,
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

"""Each member's gain against its no-deal point and a body's yes-share: the rule of
:func:`winset.ratify.vote` (yes iff ``u_m(x) > u_m(r_m) - c_m + EPS`` and ``x`` keeps the member's red lines) in
the form the win-set code needs."""

from __future__ import annotations

import numpy as np

from winset.ratify import EPS
from winset.scenario.compiled import Compiled, CompiledBody
from winset.utility import utility


def _member_gain(c: Compiled, body: CompiledBody, packages: np.ndarray) -> np.ndarray:
    """``u_m(x) - (u_m(r_m) - c_m)``, ``(d, m)``; a member votes yes iff this exceeds ``EPS``.

    Where ``x`` breaks one of the member's red lines the gain is at most ``-(violation + 2 EPS)`` (the share of
    the span by which it is broken, :meth:`winset.scenario.redlines.RedLines.violation`): never a yes, and a
    continuous margin for searches."""
    u_deal = utility(
        packages[..., :, None, :],
        body.ideal[..., None, :, :],
        body.salience[..., None, :, :],
        c.span,
        body.shape,
    )
    u_rev = (
        utility(body.member_reversion(c.reversion), body.ideal, body.salience, c.span, body.shape)
        - body.no_deal_cost
    )
    gain = np.asarray(u_deal - u_rev[..., None, :])
    rl = body.red_lines
    if rl is None or rl.empty:
        return gain
    return np.asarray(
        np.where(rl.keeps(packages), gain, np.minimum(gain, -rl.violation(packages, c.span) - 2 * EPS))
    )


def _yes_share(c: Compiled, body: CompiledBody, packages: np.ndarray) -> np.ndarray:
    yes = _member_gain(c, body, packages) > EPS
    return np.asarray((yes * body.weights).sum(-1) / body.weights.sum(-1))

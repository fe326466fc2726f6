"""Each member's gain against the reversion point and a body's yes-share: the rule of
:func:`winset.ratify.vote` (yes iff ``u_m(x) > u_m(r) - c_m + EPS``) in the form the win-set code needs."""

from __future__ import annotations

import numpy as np

from winset.ratify import EPS
from winset.scenario.compiled import Compiled, CompiledBody
from winset.utility import utility


def _member_gain(c: Compiled, body: CompiledBody, packages: np.ndarray) -> np.ndarray:
    """``u_m(x) - (u_m(r) - c_m)``, ``(d, m)``; a member votes yes iff this exceeds ``EPS``."""
    u_deal = utility(
        packages[..., :, None, :],
        body.ideal[..., None, :, :],
        body.salience[..., None, :, :],
        c.span,
        body.shape,
    )
    u_rev = (
        utility(c.reversion[..., None, :], body.ideal, body.salience, c.span, body.shape) - body.no_deal_cost
    )
    return np.asarray(u_deal - u_rev[..., None, :])


def _yes_share(c: Compiled, body: CompiledBody, packages: np.ndarray) -> np.ndarray:
    yes = _member_gain(c, body, packages) > EPS
    return np.asarray((yes * body.weights).sum(-1) / body.weights.sum(-1))

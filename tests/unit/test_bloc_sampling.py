"""Sweeps draw bloc sizes, cohesion and turnout together (winset.uncertainty.sampling.dirichlet_shares): bloc
shares sum to the declared electorate in every draw, match the declared centre and spread, and P(pass) of a
close referendum is the Beta probability worked out independently."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy import special

from helpers import actor, scenario
from winset.scenario import load
from winset.uncertainty import sweep
from winset.uncertainty.sampling import draw_inputs

CASES = Path(__file__).resolve().parent.parent / "cases"
W0 = ("bodies", "R", "members", "yes", "weight")
W1 = ("bodies", "R", "members", "no", "weight")


def _close_referendum(**yes_extra):
    """Bloc ``yes`` (0.6 of the electorate, range 0.52-0.68: sd 0.04) prefers the deal, bloc ``no`` (0.4,
    same spread) does not; a majority passes it."""
    return scenario(
        ["x"],
        [actor("A", {"x": 60}), actor("B", {"x": 60})],
        {"x": 0},
        bodies=[
            {
                "id": "R",
                "name": "R",
                "rule": "referendum",
                "members": [
                    {"id": "yes", "weight": {"value": 0.6, "low": 0.52, "high": 0.68}, "ideal": {"x": 100}}
                    | yes_extra,
                    {"id": "no", "weight": {"value": 0.4, "low": 0.32, "high": 0.48}, "ideal": {"x": 0}},
                ],
            }
        ],
        deals=[{"id": "d", "name": "d", "terms": {"x": 60}}],
        veto=["A", "B", "R"],
    )


def test_bloc_shares_sum_to_the_electorate_and_match_the_declared_spread():
    v = draw_inputs(_close_referendum(), seed=3, start=0, stop=20_000)
    assert np.allclose(v[W0] + v[W1], 1.0)
    assert v[W0].mean() == pytest.approx(0.6, abs=0.002)
    assert v[W0].std() == pytest.approx(0.04, rel=0.05)


def test_draws_do_not_depend_on_the_chunking():
    sc = _close_referendum()
    whole = draw_inputs(sc, 7, 0, 1500)
    parts = [draw_inputs(sc, 7, a, b) for a, b in ((0, 700), (700, 1500))]
    assert np.array_equal(whole[W0], np.concatenate([p[W0] for p in parts]))


def test_p_pass_of_a_close_referendum_is_the_beta_probability():
    # Dirichlet(kappa p) on two blocs is Beta(kappa 0.6, kappa 0.4) with kappa + 1 = 0.6 * 0.4 / 0.04^2 = 150;
    # the deal passes when the yes bloc is more than half: P = 1 - I_0.5(0.6 kappa, 0.4 kappa)
    kappa = 0.6 * 0.4 / 0.04**2 - 1
    expected = 1 - special.betainc(0.6 * kappa, 0.4 * kappa, 0.5)
    n = 8000
    res = sweep(_close_referendum(), draws=n, seed=1, with_tornado=False).to_json()
    p = res["deals"]["d"]["bodies"]["R"]["p_pass"]
    se = (expected * (1 - expected) / n) ** 0.5
    assert 0 < expected < 1 and abs(p - expected) < 4 * se
    lo, hi = res["deals"]["d"]["bodies"]["R"]["p_low"], res["deals"]["d"]["bodies"]["R"]["p_high"]
    assert lo < p < hi


def test_cohesion_and_turnout_drawn_move_the_yes_share_and_are_named_as_drivers():
    sc = _close_referendum(
        cohesion={"value": 0.85, "low": 0.75, "high": 0.95}, turnout={"value": 0.6, "low": 0.4, "high": 0.8}
    )
    res = sweep(sc, draws=3000, seed=2, with_tornado=False).to_json()
    drivers = {r["input"]: r["rho"] for r in res["sensitivity"]["drivers"]["yes_share.d.R"]}
    # more cohesion or more turnout of the yes bloc raises the yes share
    assert drivers["bodies.R.members.yes.cohesion"] > 0.2
    assert drivers["bodies.R.members.yes.turnout"] > 0.2
    assert 0 < res["deals"]["d"]["bodies"]["R"]["p_pass"] < 1


def test_colombia_plebiscite_is_a_real_probability_in_a_sweep():
    res = sweep(load(CASES / "colombia-2016.yaml"), draws=2000, seed=0, with_tornado=False).to_json()
    pleb = res["deals"]["final_agreement"]["bodies"]["plebiscite"]
    assert 0.02 < pleb["p_pass"] < 0.98
    assert pleb["yes_share_q05"] < 0.5 < pleb["yes_share_q95"]
    top = [r["input"] for r in res["sensitivity"]["drivers"]["yes_share.final_agreement.plebiscite"][:4]]
    assert all(t.startswith("bodies.plebiscite.members.") for t in top)


def test_tornado_swings_the_yes_share_by_hand():
    from winset.uncertainty import tornado

    rows = tornado(load(CASES / "colombia-2016.yaml"))["yes_share.final_agreement.plebiscite"]
    row = next(r for r in rows if r["input"] == "bodies.plebiscite.members.peace_camp.turnout")

    # peace camp 0.51 of the electorate (turnout t, 90 % yes), opposition 0.49 (turnout 0.40, 10 % yes)
    def share(t: float) -> float:
        return (0.51 * t * 0.9 + 0.49 * 0.4 * 0.1) / (0.51 * t + 0.49 * 0.4)

    assert row["at_low"] == pytest.approx(share(0.30), abs=1e-4)
    assert row["at_high"] == pytest.approx(share(0.40), abs=1e-4)

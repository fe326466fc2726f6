"""Deal evaluation, Pareto dominance and sticking points (hand-worked)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import actor, scenario
from winset.analysis.deals import acceptance_radius, evaluate_deals, pareto_dominated, sticking_points
from winset.scenario import compile_scenario
from winset.utility import utility


def test_utility_hand_worked():
    # linear: w = (0.75, 0.25); |d| = (0.5, 1.0) -> loss 0.375 + 0.25 = 0.625
    u = utility(
        np.array([50.0, 100.0]), np.array([0.0, 0.0]), np.array([3.0, 1.0]), np.array([100.0, 100.0]), 1.0
    )
    assert u == pytest.approx(0.375)
    # quadratic: 0.75 * 0.25 + 0.25 * 1 = 0.4375
    u = utility(
        np.array([50.0, 100.0]), np.array([0.0, 0.0]), np.array([3.0, 1.0]), np.array([100.0, 100.0]), 2.0
    )
    assert u == pytest.approx(0.5625)


@settings(max_examples=100, deadline=None)
@given(
    arrays(float, 3, elements=st.floats(0, 100)),
    arrays(float, 3, elements=st.floats(0, 100)),
    arrays(float, 3, elements=st.floats(0.0, 1)),
    st.sampled_from([1.0, 2.0]),
)
def test_utility_bounds(x, p, s, e):
    u = utility(x, p, s, np.full(3, 100.0), e)
    assert -1e-12 <= u <= 1 + 1e-12
    assert utility(p, p, s, np.full(3, 100.0), e) == pytest.approx(1.0)


def test_pareto_dominated():
    util = np.array([[0.5, 0.5], [0.6, 0.5], [0.4, 0.9], [0.6, 0.5]])
    # row 0 is beaten by row 1 (and 3); rows 1 and 3 tie (neither dominates); row 2 is on the frontier
    assert pareto_dominated(util).tolist() == [True, False, False, False]


def test_evaluate_two_actor_example():
    sc = scenario(
        ["x", "y"],
        [actor("A", {"x": 0, "y": 0}), actor("B", {"x": 100, "y": 100})],
        {"x": 50, "y": 50},
        deals=[
            {"id": "d1", "name": "d1", "terms": {"x": 40, "y": 60}},
            {"id": "d2", "name": "d2", "terms": {"x": 20, "y": 50}},
        ],
    )
    ev = evaluate_deals(compile_scenario(sc))
    # A: loss(d1) = .5*.4 + .5*.6 = .5 -> u .5 ; loss(rev) = .5 -> u .5 (not strictly better)
    # B: same by symmetry. d2: A u = 1 - (.5*.2 + .5*.5) = .65 ; B u = 1 - (.5*.8 + .5*.5) = .35
    assert np.allclose(ev.utility, [[0.5, 0.5], [0.65, 0.35]])
    assert ev.no_deal.tolist() == pytest.approx([0.5, 0.5])
    assert ev.accepts.tolist() == [[False, False], [True, False]]
    assert ev.ratifiable.tolist() == [False, False]
    assert ev.blockers(1) == ["B"]


def deadlock_case():
    # Issue x: A wants 0, B wants 100. Issue y: both want 0; the reference sets y = 50 (costly for both).
    # Saliences: x .8, y .2 for both. Reversion (50, 0).  A: L(rev) = .8*.5 = .4; at y=50 the y-loss is
    # .2*.5 = .1, leaving .3 for x: |x|/100 < .3/.8 -> x < 37.5.  B by symmetry: x > 62.5.  Gap 25.
    sal = {"x": 0.8, "y": 0.2}
    return scenario(
        ["x", "y"],
        [actor("A", {"x": 0, "y": 0}, sal), actor("B", {"x": 100, "y": 0}, sal)],
        {"x": 50, "y": 0},
    )


def test_acceptance_radius_by_hand():
    c = compile_scenario(deadlock_case())
    r = acceptance_radius(c.positions, c.salience, c.shape, np.array([50.0, 50.0]), c.reversion, c.span, 0)
    assert r.tolist() == pytest.approx([37.5, 37.5])


def test_sticking_point_deadlock_gap():
    c = compile_scenario(deadlock_case())
    sp = sticking_points(c, np.array([50.0, 50.0]))
    top = sp[0]
    assert top.issue == "x" and top.kind == "deadlock"
    assert top.ranges["A"] == [pytest.approx((0.0, 37.5))]
    assert top.ranges["B"] == [pytest.approx((62.5, 100.0))]
    assert top.gap == pytest.approx(25.0)
    assert top.salience == pytest.approx(0.8)
    assert top.score == pytest.approx(0.25 * 0.8)
    assert top.binding == ("B", "A")
    # on y, with x at 50 both accept y < 0 only... A: budget .4 - .8*.5 = 0 -> accepts nothing
    y = next(a for a in sp if a.issue == "y")
    assert y.kind == "blocked_elsewhere" and set(y.blocked_by) == {"A", "B"}


def test_sticking_point_fixable_move():
    # One issue, A at 0, B at 100, reversion 50; war costs make A accept x < 60 and B accept x > 30.
    sc = scenario(
        ["x"],
        [actor("A", {"x": 0}, delay_cost_per_week=0.1), actor("B", {"x": 100}, delay_cost_per_week=0.2)],
        {"x": 50},
        cost_of_delay={"horizon_weeks": 1},
    )
    c = compile_scenario(sc)
    (a,) = sticking_points(c, np.array([80.0]))
    assert a.kind == "fixable" and a.overlap == [pytest.approx((30.0, 60.0))]
    assert a.move == pytest.approx(20.0)
    (a,) = sticking_points(c, np.array([45.0]))
    assert a.kind == "agreed" and a.score == 0.0


def test_sticking_point_body_range_is_exact():
    # A 2/3 body of 3 equal members at 10, 50, 90 on one issue, reversion 0: member p says yes iff x < 2p.
    # Two of three yes needs x < 100 (members 50, 90) -> accepts (0, 100]; with members at 10, 20, 90:
    # needs x < 40 (members 20, 90).
    members = [{"id": f"m{p}", "weight": 1, "ideal": {"x": p}} for p in (10, 20, 90)]
    sc = scenario(
        ["x"],
        [actor("A", {"x": 100}), actor("B", {"x": 100})],
        {"x": 0},
        bodies=[{"id": "b", "name": "b", "rule": "quota", "quota": 0.66, "members": members}],
        veto=["b", "A"],
    )
    (a,) = sticking_points(compile_scenario(sc), np.array([30.0]))
    assert a.ranges["b"] == [pytest.approx((0.0, 40.0))]
    assert a.overlap == [pytest.approx((0.0, 40.0))]


def test_pareto_dominated_large_sets_agree_with_the_pairwise_definition():
    """Above 256 packages the skyline algorithm is used; it must mark exactly the pairwise-dominated rows."""
    from winset.analysis.deals import pareto_dominated

    rng = np.random.default_rng(7)
    u = np.round(rng.random((400, 3)), 1)  # coarse grid: many ties and duplicates
    brute = np.array(
        [any((u[j] >= u[i]).all() and (u[j] > u[i]).any() for j in range(len(u))) for i in range(len(u))]
    )
    np.testing.assert_array_equal(pareto_dominated(u), brute)
    np.testing.assert_array_equal(pareto_dominated(np.stack([u, u[::-1]])), np.stack([brute, brute[::-1]]))


def test_the_automatic_reference_weighs_the_bargaining_parties_only():
    """Issue 15 item 10: the closest deal (the automatic sticking-point reference) ranks deals by the smallest
    gain of the veto players, as the Nash and Kalai–Smorodinsky points do, not of every actor.  A and B (veto,
    ideal 100 and 80) both gain more from x = 90 than from x = 60 against no deal at 50; C (no veto, ideal 0)
    loses most from x = 90.  Over every actor the smallest gain would pick x = 60 (C's loss is smaller there);
    over the veto players it picks x = 90."""
    from helpers import actor, scenario
    from winset.analysis.deals import evaluate_deals, resolve_reference
    from winset.scenario.compiled import compile_scenario
    from winset.services import analyze

    sc = scenario(
        ["x"],
        [actor("A", {"x": 100}), actor("B", {"x": 80}), actor("C", {"x": 0})],
        {"x": 50},
        deals=[
            {"id": "d90", "name": "d90", "terms": {"x": 90}},
            {"id": "d60", "name": "d60", "terms": {"x": 60}},
        ],
        veto=["A", "B"],
    )
    c = compile_scenario(sc)
    ev = evaluate_deals(c)
    assert not any((~v).any() for v in ev.veto.values())  # both deals pass both veto players
    assert ev.gain.min(-1).argmax() == 1  # over every actor, d60 would win
    assert resolve_reference(c) == "d90"
    assert analyze(sc).to_dict()["sticking_points"]["closest_deal"]["id"] == "d90"

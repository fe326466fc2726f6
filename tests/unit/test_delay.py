"""Cost of delay: Rubinstein shares against backward induction and the published cases, attrition against its
indifference condition and a Monte Carlo of the race, and the Anchorage mapping by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import actor, scenario
from winset.analysis.delay import (
    analyse_delay,
    attrition,
    rubinstein_discount,
    rubinstein_fixed_cost,
    two_sides,
)
from winset.scenario import compile_scenario


def backward_induction(d1: float, d2: float, periods: int) -> float:
    """First proposer's share in the finite alternating-offers game of ``periods`` rounds (Stahl 1972): the last
    proposer takes all; each earlier proposer offers the responder exactly its discounted continuation."""
    share_next = 1.0  # share of whoever proposes in the last round
    proposer_is_1 = periods % 2 == 1  # who proposes in the last round
    for _ in range(periods - 1):
        # the proposer one round earlier is the other player; the responder's continuation is share_next
        responder_delta = d1 if proposer_is_1 else d2  # the responder now was the proposer next round
        share_next = 1.0 - responder_delta * share_next
        proposer_is_1 = not proposer_is_1
    return share_next


@settings(max_examples=50, deadline=None)
@given(d1=st.floats(0.5, 0.99), d2=st.floats(0.5, 0.99))
def test_discount_share_is_the_limit_of_backward_induction(d1, d2):
    x, y = rubinstein_discount(d1, d2)
    assert float(x) == pytest.approx(backward_induction(d1, d2, 4001), abs=1e-9)
    assert float(x + y) == pytest.approx(1.0)


def test_discount_hand_values():
    assert float(rubinstein_discount(0.9, 0.9)[0]) == pytest.approx(1 / 1.9)  # 1/(1+d) with equal patience
    # Anchorage US vs RU: (1 - 0.996) / (1 - 0.998 * 0.996) = 0.004 / 0.005992
    assert float(rubinstein_discount(0.998, 0.996)[0]) == pytest.approx(0.004 / 0.005992)


def test_module_doc_states_the_responder_case_right():
    """Rubinstein (1982), fixed costs, c1 > c2: side 1 (proposer) gets c2, so the lower-cost responder gets
    1 - c2 -- all but one week of its own cost c2, not of the other's cost c1.  Check the numbers (c1 = 0.3,
    c2 = 0.1: responder 0.9 = 1 - c2, not 0.7 = 1 - c1) and that the module docstring says so."""
    import winset.analysis.delay as dl

    s = rubinstein_fixed_cost(0.3, 0.1)
    assert 1 - s.share1_low == pytest.approx(1 - 0.1) and 1 - s.share1_high == pytest.approx(0.9)
    doc = " ".join(dl.__doc__.split())
    assert "all but one week of the other's cost" not in doc
    assert "as responder all but one week of its *own* cost" in doc


def test_fixed_costs_rubinstein_1982_cases():
    s = rubinstein_fixed_cost(0.1, 0.2)
    assert (s.share1_low, s.share1_high, s.unique) == (1.0, 1.0, True)
    s = rubinstein_fixed_cost(0.2, 0.1)
    assert (s.share1_low, s.share2_low, s.unique) == (pytest.approx(0.1), pytest.approx(0.9), True)
    s = rubinstein_fixed_cost(0.1, 0.1)
    assert (s.share1_low, s.share1_high, s.unique) == (pytest.approx(0.1), 1.0, False)
    s = rubinstein_fixed_cost(0.002, 0.001, pie=0.5)  # costs in pie units: 0.004 and 0.002
    assert s.share1_low == pytest.approx(0.002)


def test_attrition_indifference_and_monte_carlo():
    c1, c2, v1, v2 = 0.002, 0.004, 0.5, 0.8
    a = attrition(c1, c2, v1, v2)
    # indifference: the rival's hazard times my prize equals my weekly cost
    assert float(a.rate2) * v1 == pytest.approx(c1)
    assert float(a.rate1) * v2 == pytest.approx(c2)
    rng = np.random.default_rng(7)
    t1 = rng.exponential(1 / float(a.rate1), 200_000)
    t2 = rng.exponential(1 / float(a.rate2), 200_000)
    t = np.minimum(t1, t2)
    assert t.mean() == pytest.approx(float(a.expected_weeks), rel=0.01)
    assert np.median(t) == pytest.approx(float(a.median_weeks), rel=0.02)
    assert (t1 < t2).mean() == pytest.approx(float(a.p_side1_concedes), abs=0.005)
    # hand: equal costs 0.01 and prizes 1 -> each concedes at 1 % a week, agreement after 50 weeks on average
    assert float(attrition(0.01, 0.01, 1, 1).expected_weeks) == pytest.approx(50)


def test_anchorage_default_sides_and_cost(anchorage):
    c = compile_scenario(anchorage)
    assert two_sides(c) == (("US",), ("RU",))  # capability 0.35 and 0.30
    declared = analyse_delay(anchorage, c)  # the scenario declares the warring sides: UA + EU against RU
    assert (declared.side1.members, declared.side2.members) == (("UA", "EU"), ("RU",))
    assert "cost_of_delay.sides" in declared.note
    d = analyse_delay(anchorage, c, ["US"], ["RU"])
    assert d.discount_split[0] == pytest.approx(0.004 / 0.005992)
    # fixed costs 0.001 (US) < 0.002 (RU): the US takes all as proposer and all but 0.001 as responder
    assert d.fixed_split.share1_low == 1.0
    assert d.fixed_split_responder.share1_low == pytest.approx(0.001)  # RU's share when RU proposes first
    # prizes by hand from the utilities of the two demands
    from winset.utility import actor_utilities

    u = actor_utilities(c.positions[[0, 1]], c.positions, c.salience, c.span, c.shape)
    v_us, v_ru = u[0, 0] - u[1, 0], u[1, 1] - u[0, 1]
    weeks = 1 / (0.002 / v_ru + 0.001 / v_us)
    assert float(d.attrition.expected_weeks) == pytest.approx(weeks)
    assert d.expected_lives == pytest.approx(7000 * weeks)


def test_coalitions_are_capability_weighted():
    sc = scenario(
        ["x"],
        [
            actor("A", {"x": 0}, cap=3, delay_cost_per_week=0.01, discount_factor_per_week=0.9),
            actor("B", {"x": 20}, cap=1, delay_cost_per_week=0.03, discount_factor_per_week=0.8),
            actor("C", {"x": 100}, cap=2, delay_cost_per_week=0.02, discount_factor_per_week=0.95),
        ],
        {"x": 50},
    )
    c = compile_scenario(sc)
    d = analyse_delay(sc, c, ["A", "B"], ["C"])
    assert d.side1.delay_cost == pytest.approx((3 * 0.01 + 0.03) / 4)
    assert d.side1.discount == pytest.approx((3 * 0.9 + 0.8) / 4)
    assert d.side1.position[0] == pytest.approx(5.0)
    # linear utility: A values 5 at 0.95 and 100 at 0; B values 5 at 0.85 and 100 at 0.2 -> prize (3*.95+.65)/4
    assert d.side1.prize == pytest.approx((3 * 0.95 + 1 * 0.65) / 4)
    assert d.side2.prize == pytest.approx(0.95)
    with pytest.raises(ValueError):
        analyse_delay(sc, c, ["A"], ["A"])
    assert math.isfinite(float(d.attrition.expected_weeks))

"""Ratification votes, decision rules, applicability and veto checks, with hand-worked expectations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import actor, scenario
from winset.ratify import passes, veto_accepts, vote
from winset.scenario import compile_scenario


def senate(quota=0.6667, rule="quota", applies=None, n=100, utility="quadratic"):
    """n senators with ideal points 1..n on one issue (scale 0-100 when n=100), equal weights."""
    members = [{"id": f"s{i}", "weight": 1, "ideal": {"x": float(i)}} for i in range(1, n + 1)]
    body = {"id": "senate", "name": "Senate", "rule": rule, "members": members, "utility": utility}
    if rule == "quota":
        body["quota"] = quota
    if applies:
        body["applies_when"] = applies
    return body


def build(body, deals=None, veto=None):
    return scenario(
        ["x"],
        [actor("A", {"x": 80}), actor("B", {"x": 20})],
        {"x": 0},
        bodies=[body],
        deals=deals or [],
        veto=veto or ["senate"],
    )


def test_senate_two_thirds_by_hand():
    # Reversion 0. A senator at p prefers x to 0 iff |x - p| < |p|, i.e. p > x / 2 (for x > 0).
    # x = 60: senators 31..100 -> 70 yes (0.70 >= 0.6667, pass); x = 70: 36..100 -> 65 yes (fail).
    c = compile_scenario(build(senate()))
    v = vote(c.bodies[0], np.array([[60.0], [70.0], [66.0], [67.0]]), c.reversion, c.span)
    assert v.yes_share.tolist() == [0.70, 0.65, 0.67, 0.67]
    # 67/100 >= 0.6667 passes; x=66 -> p > 33 -> 67 yes; x=67 -> p > 33.5 -> 67 yes
    assert v.passed.tolist() == [True, False, True, True]
    assert v.margin[0] == pytest.approx(0.70 - 0.6667)


def test_linear_and_quadratic_agree_in_one_dimension():
    # In 1-D any symmetric single-peaked loss gives the same vote.
    c1 = compile_scenario(build(senate(utility="linear")))
    c2 = compile_scenario(build(senate(utility="quadratic")))
    pk = np.linspace(0, 100, 41)[:, None]
    v1 = vote(c1.bodies[0], pk, c1.reversion, c1.span)
    v2 = vote(c2.bodies[0], pk, c2.reversion, c2.span)
    assert np.array_equal(v1.yes, v2.yes)


def test_decision_rules():
    share = np.array([0.5, 0.5000001, 0.66, 0.6667, 0.99, 1.0])
    assert passes(share, "majority", np.array(0.5)).tolist() == [False, True, True, True, True, True]
    assert passes(share, "referendum", np.array(0.5)).tolist() == [False, True, True, True, True, True]
    assert passes(share, "quota", np.array(0.6667)).tolist() == [False, False, False, True, True, True]
    assert passes(share, "unanimity", np.array(1.0)).tolist() == [False, False, False, False, False, True]


def test_weighted_referendum_and_no_deal_cost():
    # Two blocs: 60% at 0 (the reversion), 40% at 100. A deal at 30 hurts the 60% bloc unless the
    # war-weariness cost of no deal (0.5 utility) outweighs it: linear loss |30-0|/100 = 0.3 < 0.5.
    members = [
        {"id": "hawks", "weight": 0.6, "ideal": {"x": 0}},
        {"id": "doves", "weight": 0.4, "ideal": {"x": 100}},
    ]
    body = {"id": "ref", "name": "Referendum", "rule": "referendum", "members": members, "utility": "linear"}
    c = compile_scenario(build(body, veto=["ref"]))
    v = vote(c.bodies[0], np.array([[30.0]]), c.reversion, c.span)
    assert v.yes_share[0] == pytest.approx(0.4) and not v.passed[0]
    members[0]["no_deal_cost"] = 0.5
    c = compile_scenario(build(body, veto=["ref"]))
    v = vote(c.bodies[0], np.array([[30.0], [60.0]]), c.reversion, c.span)
    # 30: hawks lose 0.3 < 0.5 -> yes (share 1.0); 60: hawks lose 0.6 > 0.5 -> no (0.4)
    assert v.yes_share.tolist() == pytest.approx([1.0, 0.4])


def test_unanimity_one_member_blocks():
    members = [{"id": "a", "weight": 5, "ideal": {"x": 100}}, {"id": "b", "weight": 1, "ideal": {"x": 0}}]
    c = compile_scenario(
        build({"id": "council", "name": "C", "rule": "unanimity", "members": members}, veto=["council"])
    )
    v = vote(c.bodies[0], np.array([[50.0]]), np.array([10.0]), c.span)
    assert v.yes_share[0] == pytest.approx(5 / 6) and not v.passed[0]


def test_applies_when_instrument_and_conditions():
    body = senate(
        applies={
            "instruments": ["treaty"],
            "any_of": [{"issue": "x", "op": "gt", "value": 40}, {"issue": "x", "op": "changed"}],
        }
    )
    deals = [
        {"id": "t_far", "name": "t", "instrument": "treaty", "terms": {"x": 90}},
        {"id": "e_far", "name": "e", "instrument": "executive_agreement", "terms": {"x": 90}},
        {"id": "t_same", "name": "t0", "instrument": "treaty", "terms": {"x": 0}},
    ]
    c = compile_scenario(build(body, deals=deals))
    v = vote(c.bodies[0], c.deals, c.reversion, c.span, c.instruments, c.issue_ids)
    assert v.applies.tolist() == [True, False, False]
    acc = veto_accepts(c, c.deals, c.instruments)["senate"]
    # x=90: p > 45 -> 55 yes, fails 2/3; the executive agreement does not need the Senate;
    # x=0 is the reversion: the Senate does not apply ('changed' is false, 0 is not > 40)
    assert acc.tolist() == [False, True, True]


def test_actor_veto_uses_no_deal_cost():
    sc = scenario(
        ["x"],
        [actor("A", {"x": 0}, delay_cost_per_week=0.01), actor("B", {"x": 100})],
        {"x": 0},
        cost_of_delay={"horizon_weeks": 20},
    )
    c = compile_scenario(sc)
    # A loses |x|/100 but saves 0.01 * 20 = 0.2 of war cost: accepts x < 20; B accepts any x > 0.
    acc = veto_accepts(c, np.array([[10.0], [19.9], [20.1]]))
    assert acc["A"].tolist() == [True, True, False]
    assert acc["B"].tolist() == [True, True, True]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(0, 100), min_size=3, max_size=15),
    st.floats(0, 100),
    st.floats(0, 100),
    st.sampled_from([0.5, 0.6, 0.6667, 0.75]),
)
def test_one_dimensional_vote_counts_match_direct_count(ideals, r, x, q):
    members = [{"id": f"m{i}", "weight": 1, "ideal": {"x": p}} for i, p in enumerate(ideals)]
    body = {"id": "b", "name": "b", "rule": "quota", "quota": q, "members": members}
    sc = scenario(["x"], [actor("A", {"x": 0}), actor("B", {"x": 1})], {"x": r}, bodies=[body], veto=["b"])
    c = compile_scenario(sc)
    v = vote(c.bodies[0], np.array([[x]]), c.reversion, c.span)
    # members' default loss is quadratic on the 0-100 scale: gain = ((r - p)^2 - (x - p)^2) / 100^2; gains
    # within 1e-9 of zero are near-ties that either side of the model's tie tolerance may count
    gains = [((r - p) ** 2 - (x - p) ** 2) / 100**2 for p in ideals]
    yes = sum(1 for g in gains if g > 1e-9)
    undecided = sum(1 for g in gains if abs(g) <= 1e-9)
    share = float(v.yes_share[0])
    assert yes / len(ideals) - 1e-9 <= share <= (yes + undecided) / len(ideals) + 1e-9

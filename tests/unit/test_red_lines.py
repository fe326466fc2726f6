"""Red lines, each party's own no-deal world, and sticking points from the parties (issue 14).

Every expected value is worked by hand in the test (linear utility on one issue: ``u(x) = 1 - |x - p| / 100``),
or is a property checked with hypothesis.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import winset
from helpers import actor, line_of, scenario, small_yaml
from winset.analysis.default import analyze
from winset.analysis.parties import one_big_issue, party_sticking_points
from winset.analysis.repair import repair_deal
from winset.analysis.winsets import body_winset_1d, contains_any, winset_empty_2d
from winset.ratify import actor_accepts, vote
from winset.scenario import ScenarioError, validate_data
from winset.scenario.compiled import compile_scenario
from winset.scenario.loader import loads
from winset.uncertainty import sweep


def two_actors(b_extra: dict | None = None, deals: list[dict] | None = None):
    """Issue x on 0-100, shared reversion 20; A's ideal 60, B's ideal 50; by default one deal at 40.

    Without red lines both accept 40: A loses 20 there against 40 at the reversion, B 10 against 30."""
    return scenario(
        ["x"],
        [actor("A", {"x": 60}), actor("B", {"x": 50}, **(b_extra or {}))],
        {"x": 20},
        deals=deals or [{"id": "d", "name": "d", "terms": {"x": 40}}],
    )


# ---------------------------------------------------------------------------------------------------------
# the red line decides
# ---------------------------------------------------------------------------------------------------------
def test_a_red_line_decides_a_one_issue_two_actor_case():
    assert analyze(two_actors())["deals"][0]["ratifiable"]
    sc = two_actors({"red_lines": [{"issue": "x", "op": "ge", "value": 45, "assumption": "a floor"}]})
    d = analyze(sc)["deals"][0]
    # B still prefers 40 to no deal (utility 0.9 > 0.7), but 40 breaks its red line x >= 45
    assert d["utility"]["B"] == pytest.approx(0.9) and d["no_deal_utility"]["B"] == pytest.approx(0.7)
    assert d["accepts"] == {"A": True, "B": False}
    assert d["blockers"] == ["B"] and not d["ratifiable"]
    assert d["red_lines"] == {"B": ["x ≥ 45"]}
    assert d["blocking_red_lines"] == {"B": ["red line x ≥ 45"]}


@pytest.mark.parametrize(
    "line,at,keeps",
    [
        ({"issue": "x", "op": "ge", "value": 45}, 45.0, True),  # a bound is closed for ge
        ({"issue": "x", "op": "gt", "value": 45}, 45.0, False),  # and open for gt
        ({"issue": "x", "op": "le", "value": 45}, 45.0, True),
        ({"issue": "x", "op": "lt", "value": 45}, 45.0, False),
        (
            {"any_of": [{"issue": "x", "op": "le", "value": 10}, {"issue": "x", "op": "ge", "value": 90}]},
            50,
            False,
        ),
        (
            {"any_of": [{"issue": "x", "op": "le", "value": 10}, {"issue": "x", "op": "ge", "value": 90}]},
            95,
            True,
        ),
        (
            {"all_of": [{"issue": "x", "op": "ge", "value": 30}, {"issue": "x", "op": "le", "value": 55}]},
            50,
            True,
        ),
        (
            {"all_of": [{"issue": "x", "op": "ge", "value": 30}, {"issue": "x", "op": "le", "value": 55}]},
            56,
            False,
        ),
    ],
)
def test_bounds_and_combinations(line, at, keeps):
    # without the red line B accepts every x in (10, 90) (closer to 50 than the reversion 20 is)
    sc = two_actors({"red_lines": [line]}, deals=[{"id": "d", "name": "d", "terms": {"x": at}}])
    c = compile_scenario(sc)
    utility_ok = abs(at - 50) < 30
    assert bool(actor_accepts(c, c.deals)[0, 1]) == (keeps and utility_ok)


def test_a_member_breaking_its_red_line_votes_no_whatever_else_the_deal_offers():
    # member m1 (weight 0.7, ideal 100) gains from 60 against 20, m2 (ideal 0) loses: 70% yes without red lines
    def body(lines):
        return scenario(
            ["x"],
            [actor("A", {"x": 60}), actor("B", {"x": 60})],
            {"x": 20},
            bodies=[
                {
                    "id": "S",
                    "name": "S",
                    "rule": "majority",
                    "members": [
                        {"id": "m1", "weight": 0.7, "ideal": {"x": 100}, "red_lines": lines},
                        {"id": "m2", "weight": 0.3, "ideal": {"x": 0}},
                    ],
                }
            ],
            deals=[{"id": "d", "name": "d", "terms": {"x": 60}}],
            veto=["A", "B", "S"],
        )

    assert analyze(body([]))["deals"][0]["bodies"][0]["yes_share"] == pytest.approx(0.7)
    d = analyze(body([{"issue": "x", "op": "ge", "value": 70, "assumption": "all or nothing"}]))["deals"][0]
    assert d["bodies"][0]["yes_share"] == 0.0 and not d["bodies"][0]["passed"]
    assert d["bodies"][0]["red_lines"] == {"m1": ["x ≥ 70"]}
    assert d["blocking_red_lines"] == {"S": ["m1: red line x ≥ 70"]}


# ---------------------------------------------------------------------------------------------------------
# each party's own no-deal world
# ---------------------------------------------------------------------------------------------------------
def test_an_actor_compares_a_deal_with_its_own_no_deal_world():
    # B's own no-deal point is its ideal 50 (utility 1): nothing beats it, while A still uses the shared 20
    d = analyze(two_actors({"reversion": {"x": 50}}))["deals"][0]
    assert d["no_deal_utility"] == {"A": pytest.approx(0.6), "B": pytest.approx(1.0)}
    assert d["accepts"] == {"A": True, "B": False}


@pytest.mark.parametrize("cost,accepts", [(-0.25, False), (-0.15, True), (0.3, True)])
def test_no_deal_cost_is_used_as_declared_positive_or_negative(cost, accepts):
    # B: u(40) = 0.9, u(20) = 0.7; no deal is worth 0.7 - cost: 0.95 (rejects), 0.85 or 0.4 (accepts)
    d = analyze(two_actors({"no_deal_cost": cost}))["deals"][0]
    assert d["no_deal_utility"]["B"] == pytest.approx(0.7 - cost)
    assert d["accepts"]["B"] is accepts


def test_an_actors_negative_no_deal_cost_is_not_clipped_by_the_sweep():
    # no deal worth 0.7 + 0.25 = 0.95 > 0.9: analyze says B rejects, and so does every draw of the sweep
    sc = two_actors(
        {"no_deal_cost": {"value": -0.25, "low": -0.3, "high": -0.21, "assumption": "a better war"}}
    )
    assert not analyze(sc)["deals"][0]["ratifiable"]
    res = sweep(sc, draws=200, seed=3, with_tornado=False)
    assert res.p_ratified()[0] == 0.0
    assert min(res.samples["x"][:, 0]) < -0.21 and max(res.samples["x"][:, 0]) <= -0.21


def test_a_members_own_reversion_and_the_shared_one():
    # m1 (ideal 100): against the shared 20 it prefers 60 (|60-100| = 40 < 80), against its own 70 it does not
    # (40 > 30); m2 (ideal 40) is indifferent between 60 and 20 (20 = 20): a tie keeps the status quo
    sc = scenario(
        ["x"],
        [actor("A", {"x": 60}), actor("B", {"x": 60})],
        {"x": 20},
        bodies=[
            {
                "id": "S",
                "name": "S",
                "rule": "majority",
                "members": [
                    {"id": "m1", "weight": 0.7, "ideal": {"x": 100}, "reversion": {"x": 70}},
                    {"id": "m2", "weight": 0.3, "ideal": {"x": 40}},
                ],
            }
        ],
        deals=[{"id": "d", "name": "d", "terms": {"x": 60}}],
        veto=["S"],
    )
    c = compile_scenario(sc)
    v = vote(c.bodies[0], c.deals, c.reversion, c.span)
    assert v.yes[0].tolist() == [False, False]
    shared = compile_scenario(_without_own_reversion(sc))
    assert vote(shared.bodies[0], shared.deals, shared.reversion, shared.span).yes[0].tolist() == [
        True,
        False,
    ]


def _without_own_reversion(sc: winset.Scenario) -> winset.Scenario:
    data = sc.model_dump(mode="json", exclude_none=True)
    for b in data["bodies"]:
        for m in b["members"]:
            m.pop("reversion", None)
    return validate_data(data)


# ---------------------------------------------------------------------------------------------------------
# loader: file, line and field
# ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "lines,field,needle,message",
    [
        (
            [{"issue": "y", "op": "ge", "value": 1}],
            "actors[A].red_lines[0].issue",
            "issue: y",
            "unknown issue 'y'",
        ),
        (
            [{"issue": "x", "op": "ge", "value": 60}, {"issue": "x", "op": "le", "value": 40}],
            "actors[A].red_lines[1]",
            "value: 40",
            "contradict",
        ),
        (
            [{"issue": "x", "op": "ge", "value": 160}],
            "actors[A].red_lines[0].value",
            "value: 160",
            "outside the scale",
        ),
    ],
)
def test_bad_red_lines_name_file_line_and_field(lines, field, needle, message):
    data = yaml.safe_load(small_yaml())
    data["actors"][0]["red_lines"] = lines
    text = yaml.safe_dump(data, sort_keys=False)
    with pytest.raises(ScenarioError) as e:
        loads(text, "case.yaml")
    p = e.value.problems[0]
    assert p.file == "case.yaml" and p.field == field and message in p.message
    # the line of the offending entry (the list item that holds it, or the key itself)
    assert p.line is not None and abs(p.line - line_of(text, needle)) <= 2


def test_an_own_reversion_off_the_scale_is_refused():
    data = yaml.safe_load(small_yaml())
    data["bodies"][0]["members"][0]["reversion"] = {"x": 120}
    with pytest.raises(ScenarioError, match="outside the scale"):
        loads(yaml.safe_dump(data, sort_keys=False), "case.yaml")


def test_a_members_negative_no_deal_cost_shrinks_its_1d_interval():
    """Found by the property below: the 1-D fast path put a member's interval ends at r and its mirror even with a
    negative no-deal cost.  Member ideal 90 (quadratic loss, salience 1/2 on x), r = 30: it prefers x iff
    0.5 ((x - 90)/100)^2 < 0.5 (0.6)^2 - 0.1, i.e. |x - 90| < 100 sqrt(0.36 - 0.2) = 40: x in (50, 130)."""
    c = compile_scenario(_body_scenario([(90.0, 1.0, -0.1)]))
    w = body_winset_1d(c, c.bodies[0], "x")
    a, b = w.member_intervals["m0"]
    assert a == pytest.approx(50.0) and b == pytest.approx(130.0)
    assert len(w.passes) == 1 and w.passes[0].lo == pytest.approx(50.0) and w.passes[0].hi == 100.0


# ---------------------------------------------------------------------------------------------------------
# uncertain red lines in the sweep
# ---------------------------------------------------------------------------------------------------------
def test_an_uncertain_red_line_is_drawn_like_any_number():
    # B's floor is uniform on [30, 70]; the deal at 40 keeps it iff the floor <= 40: P = 10/40 = 0.25
    sc = two_actors(
        {"red_lines": [{"issue": "x", "op": "ge", "value": {"value": 45, "low": 30, "high": 70}}]}
    )
    res = sweep(sc, draws=4000, seed=5, with_tornado=False)
    p = float(res.p_ratified()[0])
    assert abs(p - 0.25) < 3 * np.sqrt(0.25 * 0.75 / 4000)
    assert [i.name for i in res.inputs] == ["actors.B.red_lines.0.value.x"]


# ---------------------------------------------------------------------------------------------------------
# properties
# ---------------------------------------------------------------------------------------------------------
# no-deal costs of 0 or at least 1e-9 in size: a cost within a few ulps of 0 moves an interval end at r by an ulp,
# below the vote's tie tolerance (the 1-D sweep's known rounding at r, docs/two-level.md section 1)
costs = st.one_of(st.just(0.0), st.floats(-0.2, 0.2).filter(lambda x: abs(x) > 1e-9))
members = st.lists(st.tuples(st.floats(0, 100), st.floats(0.1, 3), costs), min_size=1, max_size=6)


def _body_scenario(ms, lines=None, own=None):
    return scenario(
        ["x", "y"],
        [actor("A", {"x": 50, "y": 50}), actor("B", {"x": 50, "y": 50})],
        {"x": 30, "y": 50},
        bodies=[
            {
                "id": "S",
                "name": "S",
                "rule": "majority",
                "members": [
                    {
                        "id": f"m{i}",
                        "weight": w,
                        "ideal": {"x": p, "y": 50},
                        "no_deal_cost": cst,
                        **({"red_lines": lines} if lines and i == 0 else {}),
                        **({"reversion": {"x": own}} if own is not None and i == 0 else {}),
                    }
                    for i, (p, w, cst) in enumerate(ms)
                ],
            }
        ],
        veto=["S"],
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ms=members, op=st.sampled_from(["ge", "gt", "le", "lt"]), v=st.floats(0, 100))
def test_adding_a_red_line_never_enlarges_a_winset(ms, op, v):
    if (op == "lt" and v <= 0) or (op == "gt" and v >= 100):
        return  # no value keeps it: the loader refuses it (tested above)
    without = compile_scenario(_body_scenario(ms))
    with_ = compile_scenario(_body_scenario(ms, [{"issue": "x", "op": op, "value": v}]))
    w0 = body_winset_1d(without, without.bodies[0], "x")
    w1 = body_winset_1d(with_, with_.bodies[0], "x")
    xs = np.concatenate([np.linspace(0, 100, 401), [v, np.nextafter(v, 0), np.nextafter(v, 200)]])
    assert not (contains_any(w1.passes, xs) & ~contains_any(w0.passes, xs)).any()
    # and the exact 1-D win-set is what the vote says, point by point (away from the bound itself, where the
    # vote's tie tolerance of 1e-12 decides)
    xs = xs[np.abs(xs - v) > 1e-9]
    pk = np.repeat(with_.reversion[None, :], len(xs), axis=0)
    pk[:, 0] = xs
    passed = vote(with_.bodies[0], pk, with_.reversion, with_.span).passed
    assert np.array_equal(contains_any(w1.passes, xs), passed)


@settings(max_examples=40, deadline=None)
@given(
    ideal=st.floats(0, 100),
    own=st.floats(0, 100),
    cost=st.floats(-0.3, 0.3),
    floor=st.floats(0, 100),
    x=st.floats(0, 100),
)
def test_a_package_within_every_red_line_and_better_than_the_own_no_deal_world_is_accepted(
    ideal, own, cost, floor, x
):
    sc = two_actors(
        {
            "reversion": {"x": own},
            "no_deal_cost": cost,
            "red_lines": [{"issue": "x", "op": "ge", "value": floor}],
        },
        deals=[{"id": "d", "name": "d", "terms": {"x": x}}],
    )
    sc.actors[1].positions["x"].value = ideal
    c = compile_scenario(sc)
    u = 1 - abs(x - ideal) / 100
    no_deal = 1 - abs(own - ideal) / 100 - cost
    expected = x >= floor and u > no_deal + 1e-9
    if abs(u - no_deal) > 1e-9 and abs(x - floor) > 1e-9:  # away from a tie (red lines hold within 1e-9)
        assert bool(actor_accepts(c, c.deals)[0, 1]) == expected


@settings(max_examples=25, deadline=None)
@given(ms=members, own=st.floats(0, 100))
def test_fast_and_general_1d_paths_agree_with_own_reversions(ms, own):
    """The interval sweep (fast) with a member's own no-deal point against the breakpoint-and-vote path (general,
    forced by a red line that never binds: x >= 0)."""
    fast = compile_scenario(_body_scenario(ms, own=own))
    general = compile_scenario(_body_scenario(ms, [{"issue": "x", "op": "ge", "value": 0}], own=own))
    xs = np.linspace(0, 100, 1001)
    a = contains_any(body_winset_1d(fast, fast.bodies[0], "x").passes, xs)
    b = contains_any(body_winset_1d(general, general.bodies[0], "x").passes, xs)
    assert np.array_equal(a, b)


def _plane(own: float | None, lines=None):
    ms = [(20.0, 1.0), (70.0, 1.0), (90.0, 1.5)]
    return scenario(
        ["x", "y"],
        [actor("A", {"x": 50, "y": 50}), actor("B", {"x": 50, "y": 50})],
        {"x": 40, "y": 40},
        bodies=[
            {
                "id": "S",
                "name": "S",
                "rule": "majority",
                "members": [
                    {
                        "id": f"m{i}",
                        "weight": w,
                        "ideal": {"x": p, "y": 100 - p},
                        **({"reversion": {"x": own}} if own is not None else {}),
                        **({"red_lines": lines} if lines and i == 2 else {}),
                    }
                    for i, (p, w) in enumerate(ms)
                ],
            }
        ],
        veto=["S"],
    )


def test_2d_local_and_general_paths_agree_when_own_reversions_equal_the_shared_one():
    local = compile_scenario(_plane(None))
    general = compile_scenario(_plane(40.0))  # every member's own point is the shared one: same win-set
    v0 = winset_empty_2d(local, local.bodies[0], ["x", "y"])
    v1 = winset_empty_2d(general, general.bodies[0], ["x", "y"])
    assert "Tukey" in v0.method and "vertex enumeration" in v1.method
    assert v0.empty == v1.empty and v0.best_share == pytest.approx(v1.best_share)


def test_2d_red_lines_match_a_dense_grid_vote():
    # the heavy member m2 (weight 1.5 of 3.5) refuses any x below 95: the majority must do without it
    c = compile_scenario(_plane(None, [{"issue": "x", "op": "ge", "value": 95}]))
    v = winset_empty_2d(c, c.bodies[0], ["x", "y"])
    g = np.linspace(0, 100, 201)
    gx, gy = np.meshgrid(g, g)
    pk = np.stack([gx.ravel(), gy.ravel()], -1)
    grid_pass = vote(c.bodies[0], pk, c.reversion, c.span).passed.any()
    assert v.exact and (not v.empty) == bool(grid_pass)
    if not v.empty:
        w = np.array([v.witness])
        assert vote(c.bodies[0], w, c.reversion, c.span).passed[0]


# ---------------------------------------------------------------------------------------------------------
# repair and search never cross a red line
# ---------------------------------------------------------------------------------------------------------
def test_repair_moves_to_the_red_line_not_past_it():
    # B's floor 45: the nearest ratifiable term to 40 is exactly 45 (A accepts (20, 100), B (45, 80))
    sc = two_actors({"red_lines": [{"issue": "x", "op": "ge", "value": 45, "assumption": "a floor"}]})
    r = repair_deal(sc, "d")
    assert r.found and r.package is not None and r.package["x"] == pytest.approx(45.0)


# ---------------------------------------------------------------------------------------------------------
# sticking points from the parties
# ---------------------------------------------------------------------------------------------------------
def _with_deals(sc: winset.Scenario, deals: list[dict]) -> winset.Scenario:
    data = sc.model_dump(mode="json", exclude_none=True)
    data["deals"] = deals
    return validate_data(data)


def test_anchorage_one_big_issue_is_stable_when_deals_are_added_or_removed():
    sc = winset.load("anchorage-2025")
    base = analyze(sc)["sticking_points"]["one_big_issue"]
    assert base == "control"
    deals = sc.model_dump(mode="json", exclude_none=True)["deals"]
    extra = copy.deepcopy(deals[0])
    extra.update(id="eu_counter", name="European counter-proposal")
    extra["terms"] = {**extra["terms"], "control": 50, "sovereignty": 0, "guarantees": 80}
    for variant in ([], deals[:1], deals[1:], [*deals, extra], [extra]):
        assert analyze(_with_deals(sc, variant))["sticking_points"]["one_big_issue"] == base


def test_a_synthetic_deadlock_is_the_one_big_issue_whatever_the_deals():
    # A needs x >= 60 (red line); B (ideal 10, reversion 40, y at its ideal 50, equal saliences) accepts x only
    # within 30 of 10: at best [0, 40); A (ideal 90) accepts (40, 100] within its red line: [60, 100].  The
    # ranges do not meet: a deadlock with gap 60 - 40 = 20, whatever deals are on the table
    def sc(deals):
        return scenario(
            ["x", "y"],
            [
                actor("A", {"x": 90, "y": 50}, red_lines=[{"issue": "x", "op": "ge", "value": 60}]),
                actor("B", {"x": 10, "y": 50}),
            ],
            {"x": 40, "y": 50},
            deals=deals,
        )

    d1 = {"id": "d1", "name": "d1", "terms": {"x": 50, "y": 50}}
    d2 = {"id": "d2", "name": "d2", "terms": {"x": 65, "y": 0}}
    for deals in ([], [d1], [d2], [d1, d2]):
        c = compile_scenario(sc(deals))
        rows = party_sticking_points(c)
        assert one_big_issue(rows) == "x"
        top = rows[0]
        assert top.kind == "deadlock" and top.gap == pytest.approx(20.0)
        assert top.binding == ("A", "B")


def test_a_negative_no_deal_cost_is_not_read_as_local_in_2d():
    """Three members around r = (40, 40), each with no-deal cost -0.5.  With quadratic loss and saliences 1/2 a
    member's loss at r is at most 0.5 (0.2^2 + 0.4^2) = 0.1 (ideal (40, 70) or (20, 20)...), so no deal is worth at
    least 0.9 + 0.5 > 1 >= u(x) anywhere: nobody ever votes yes.  The local Tukey test at r (which assumes a member
    gains from any small move towards its ideal) would call the win-set non-empty."""
    ms = [(20.0, 20.0), (60.0, 30.0), (40.0, 70.0)]
    sc = scenario(
        ["x", "y"],
        [actor("A", {"x": 50, "y": 50}), actor("B", {"x": 50, "y": 50})],
        {"x": 40, "y": 40},
        bodies=[
            {
                "id": "S",
                "name": "S",
                "rule": "majority",
                "members": [
                    {"id": f"m{i}", "weight": 1, "ideal": {"x": x, "y": y}, "no_deal_cost": -0.5}
                    for i, (x, y) in enumerate(ms)
                ],
            }
        ],
        veto=["S"],
    )
    c = compile_scenario(sc)
    v = winset_empty_2d(c, c.bodies[0], ["x", "y"])
    assert v.empty and v.exact and "vertex enumeration" in v.method


# ---------------------------------------------------------------------------------------------------------
# repair: who concedes what
# ---------------------------------------------------------------------------------------------------------
def _concession_case():
    """A (the only veto player) needs x >= 45 and cares only about x (ideal 100); B (ideal x 0, y 100, equal
    saliences) does not vote.  The deal (40, 50) breaks A's red line.  Moving x to 45 costs B 0.5 * 5/100 = 0.025;
    moving y up by 5 as well gives it back, and costs A nothing (it does not care about y)."""
    return scenario(
        ["x", "y"],
        [
            actor(
                "A",
                {"x": 100, "y": 50},
                {"x": 1, "y": 0},
                red_lines=[{"issue": "x", "op": "ge", "value": 45}],
            ),
            actor("B", {"x": 0, "y": 100}),
        ],
        {"x": 20, "y": 50},
        deals=[{"id": "d", "name": "d", "terms": {"x": 40, "y": 50}}],
        veto=["A"],
    )


def test_repair_says_who_concedes():
    r = repair_deal(_concession_case(), "d", n=256)
    assert r.package == {"x": pytest.approx(45.0), "y": pytest.approx(50.0)}
    assert r.concessions["A"]["utility_change"] == pytest.approx(0.05)  # 5 points towards 100 on x, weight 1
    assert r.concessions["A"]["moves"] == {"x": pytest.approx(5.0)}
    assert r.concessions["B"]["utility_change"] == pytest.approx(-0.025)
    assert r.concessions["B"]["moves"] == {"x": pytest.approx(-5.0)}


def test_a_concession_weighted_repair_compensates_instead():
    r = repair_deal(_concession_case(), "d", n=256, cost="concessions")
    assert r.found and r.package is not None and r.package["x"] >= 45.0  # never across the red line
    assert r.package["y"] >= 55.0 - 1e-6  # B is made whole on y
    assert all(x["utility_change"] >= -1e-9 for x in r.concessions.values())
    with pytest.raises(ValueError, match="cost must be one of"):
        repair_deal(_concession_case(), "d", cost="votes")


def test_search_says_how_far_each_actor_concedes_from_its_position():
    from winset.analysis.search import search_packages

    sc = two_actors({"red_lines": [{"issue": "x", "op": "ge", "value": 45}]})
    r = search_packages(sc, n=256)
    x = r.package["x"]
    assert x >= 45.0  # never across B's red line
    assert r.concessions == {"A": {"x": pytest.approx(abs(x - 60))}, "B": {"x": pytest.approx(abs(x - 50))}}


def test_red_lines_carry_their_own_provenance():
    from winset.scenario.audit import undocumented

    bare = two_actors({"red_lines": [{"issue": "x", "op": "ge", "value": 45}]})
    assert [p for p in undocumented(bare) if "red_lines" in p] == ["actors[B].red_lines[0].value"]
    sourced = two_actors(
        {
            "red_lines": [
                {"issue": "x", "op": "ge", "value": 45, "source": "a constitution"},
                {
                    "any_of": [{"issue": "x", "op": "le", "value": 90, "assumption": "why"}],
                    "assumption": "why",
                },
            ]
        }
    )
    assert [p for p in undocumented(sourced) if "red_lines" in p] == []


def test_an_any_of_that_cannot_hold_with_the_other_red_lines_is_refused():
    data = yaml.safe_load(small_yaml())
    data["actors"][0]["red_lines"] = [
        {"issue": "x", "op": "ge", "value": 60},
        {"any_of": [{"issue": "x", "op": "le", "value": 40}, {"issue": "x", "op": "lt", "value": 60}]},
    ]
    with pytest.raises(ScenarioError) as e:
        loads(yaml.safe_dump(data, sort_keys=False), "case.yaml")
    assert (
        e.value.problems[0].field == "actors[A].red_lines[1]" and "contradict" in e.value.problems[0].message
    )

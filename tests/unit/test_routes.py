"""Ratification routes (winset.analysis.routes): hand-worked cases and a property.

The hand-worked scenario: issue x on 0-100 (reversion 20, the deal at 60) and a binary issue ``ceasefire``
(0/1, discrete).  Members have quadratic loss on x alone, so a member votes yes iff |60 - p| < |20 - p|, i.e.
iff its ideal p > 40.  Actors A and B (linear loss, ideal 60, salience on x only) gain u(60) - u(20) =
|20 - 60| / 100 = 0.4 from the deal.

* ref (advisory referendum): v1 (weight 0.45, ideal 100) yes, v2 (0.55, ideal 0) no: yes share 0.45, fails;
* parl (majority, follows ref): p1 (0.6, ideal 100) yes, p2 (0.4, ideal 0) no: passes on its own (0.6), but it
  follows ref, so it fails;
* exe (majority): e1 (ideal 100) yes: passes.

Route ``vote`` needs ref and parl and a ceasefire (ceasefire ≥ 1); route ``decree`` needs exe and is open only
if ref failed, with a legitimacy cost to A.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.helpers import actor, scenario

from winset.analysis.deals import evaluate_deals
from winset.analysis.routes import route_taken
from winset.scenario import validate_data
from winset.scenario.compiled import compile_scenario

ISSUES = [
    {"id": "x", "name": "x"},
    {
        "id": "ceasefire",
        "name": "ceasefire first",
        "scale": {"min": 0, "max": 1},
        "discrete": True,
        "anchors": [{"value": 0, "label": "no"}, {"value": 1, "label": "yes"}],
    },
]


def _case(
    ceasefire: float = 1,
    cost: float = 0.3,
    follows: bool = True,
    declarations: list[dict[str, Any]] | None = None,
    routes: list[dict[str, Any]] | None = None,
) -> Any:
    parl: dict[str, Any] = {
        "id": "parl",
        "name": "parl",
        "rule": "majority",
        "members": [
            {"id": "p1", "weight": 0.6, "ideal": {"x": 100}},
            {"id": "p2", "weight": 0.4, "ideal": {"x": 0}},
        ],
    }
    if follows:
        parl["follows"] = "ref"
    bodies = [
        {
            "id": "ref",
            "name": "ref",
            "rule": "referendum",
            "advisory": True,
            "members": [
                {"id": "v1", "weight": 0.45, "ideal": {"x": 100}},
                {"id": "v2", "weight": 0.55, "ideal": {"x": 0}},
            ],
        },
        parl,
        {
            "id": "exe",
            "name": "exe",
            "rule": "majority",
            "members": [{"id": "e1", "weight": 1, "ideal": {"x": 100}}],
        },
    ]
    if routes is None:
        routes = [
            {
                "id": "vote",
                "bodies": ["ref", "parl"],
                "preconditions": [{"issue": "ceasefire", "op": "ge", "value": 1}],
            },
            {
                "id": "decree",
                "bodies": ["exe"],
                "preconditions": [{"body": "ref", "outcome": "failed"}],
                "legitimacy_cost": {"A": cost},
            },
        ]
    deal: dict[str, Any] = {
        "id": "d",
        "name": "d",
        "terms": {"x": 60, "ceasefire": ceasefire},
        "routes": routes,
    }
    if declarations:
        deal["declarations"] = declarations
    sal = {"x": 1.0, "ceasefire": 0.0}
    sc = scenario(
        ["x", "ceasefire"],
        [actor("A", {"x": 60, "ceasefire": 1}, sal), actor("B", {"x": 60, "ceasefire": 1}, sal)],
        {"x": 20, "ceasefire": 0},
        bodies=bodies,
        deals=[deal],
        veto=["A", "B"],
    )
    return validate_data({**sc.model_dump(exclude_none=True), "issues": ISSUES})  # the binary issue, 0/1


def _routes(sc: Any) -> dict[str, Any]:
    ev = evaluate_deals(compile_scenario(sc))
    return {
        "ratifiable": bool(ev.ratifiable[0]),
        "taken": route_taken(ev.routes[0]),
        **{r.route.id: r for r in ev.routes[0]},
    }


def test_the_advisory_referendum_fails_the_following_parliament_with_it_and_the_decree_route_passes():
    r = _routes(_case())
    vote, decree = r["vote"], r["decree"]
    assert bool(vote.open) and not bool(vote.passed)
    assert float(vote.votes["ref"].yes_share[0]) == pytest.approx(0.45)
    # parl would pass on its own (0.6) but takes ref's result
    assert not bool(vote.bodies["parl"]) and bool(vote.bodies["ref"])  # advisory: ref itself blocks nothing
    assert vote.reason() == "blocked by parl (follows ref: rejected: yes share short of the threshold)"
    assert bool(decree.open) and bool(decree.passed) and decree.reason() == "passed"
    assert r["ratifiable"] and r["taken"] == "decree"


def test_a_parliament_that_overrides_the_advisory_referendum_passes_the_first_route():
    r = _routes(_case(follows=False))
    assert bool(r["vote"].passed) and r["taken"] == "vote"


def test_a_precondition_on_the_terms_closes_the_route():
    r = _routes(_case(ceasefire=0, follows=False))
    # a binary issue is first class: the precondition reads as the anchor it needs, "yes"
    assert not bool(r["vote"].open)
    assert r["vote"].reason() == "closed: precondition ceasefire: yes does not hold"
    assert r["taken"] == "decree"


def test_the_legitimacy_cost_blocks_an_actor_whose_gain_it_exceeds():
    # A gains 0.4 from the deal: a cost of 0.39 leaves it accepting, 0.41 makes it reject the decree route
    assert _routes(_case(cost=0.39))["ratifiable"]
    r = _routes(_case(cost=0.41))
    assert not r["ratifiable"] and r["decree"].reason() == "blocked by A" and r["taken"] is None


def test_a_declaration_changes_what_a_bloc_perceives_and_closes_the_route_that_needed_a_failed_vote():
    # v2 (ideal 0) reads the deal as x = 15 after the guarantee: 15 is nearer 0 than 20, so it votes yes:
    # ref passes 1.0, parl follows it, and the decree route (open only if ref failed) closes
    decl = [{"blocs": ["ref/v2"], "terms": {"x": 15}, "assumption": "an interpretive declaration"}]
    r = _routes(_case(declarations=decl))
    assert float(r["vote"].votes["ref"].yes_share[0]) == pytest.approx(1.0)
    assert bool(r["vote"].passed) and not bool(r["decree"].open) and r["taken"] == "vote"
    # the terms themselves are unchanged
    assert compile_scenario(_case(declarations=decl)).deals[0, 0] == 60


def test_no_routes_keeps_todays_rule():
    sc = _case(routes=[])
    sc = sc.model_copy(
        update={"bodies": [b.model_copy(update={"advisory": False, "follows": None}) for b in sc.bodies]}
    )
    c = compile_scenario(sc)
    assert not c.routed and evaluate_deals(c).routes == ()


ROUTE = st.fixed_dictionaries(
    {
        "bodies": st.lists(st.sampled_from(["ref", "parl", "exe"]), min_size=1, max_size=3, unique=True),
        "cut": st.one_of(st.none(), st.floats(0, 100)),
        "after": st.one_of(st.none(), st.sampled_from(["passed", "failed"])),
        "cost": st.floats(0, 1),
    }
)


def _route(n: int, spec: dict[str, Any]) -> dict[str, Any]:
    pre: list[dict[str, Any]] = []
    if spec["cut"] is not None:
        pre.append({"issue": "x", "op": "le", "value": spec["cut"]})
    if spec["after"] is not None:
        pre.append({"body": "ref", "outcome": spec["after"]})
    return {
        "id": f"r{n}",
        "bodies": spec["bodies"],
        "preconditions": pre,
        "legitimacy_cost": {"B": spec["cost"]},
    }


@settings(max_examples=60, deadline=None)
@given(st.lists(ROUTE, min_size=1, max_size=3), ROUTE, st.floats(0, 100), st.booleans())
def test_adding_a_route_never_makes_a_ratifiable_deal_unratifiable(routes, extra, x, follows):
    base = [_route(n, s) for n, s in enumerate(routes)]
    before = _case(follows=follows, routes=base)
    after = _case(follows=follows, routes=base + [_route(len(base), extra)])
    for sc in (before, after):
        sc.deals[0].terms["x"].value = x
    ev0, ev1 = evaluate_deals(compile_scenario(before)), evaluate_deals(compile_scenario(after))
    assert not (bool(ev0.ratifiable[0]) and not bool(ev1.ratifiable[0]))
    # and the routes listed before keep their outcome
    for r0, r1 in zip(ev0.routes[0], ev1.routes[0], strict=False):
        assert np.array_equal(r0.passed, r1.passed)


def test_the_json_schema_describes_routes_declarations_and_advisory_bodies():
    from winset.scenario import json_schema

    defs = json_schema()["$defs"]
    assert {"bodies", "preconditions", "legitimacy_cost", "declarations"} <= set(defs["Route"]["properties"])
    assert {"advisory", "follows"} <= set(defs["Body"]["properties"])
    assert {"routes", "declarations"} <= set(defs["Deal"]["properties"])

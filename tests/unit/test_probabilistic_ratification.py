"""Probabilistic ratification: cohesion, turnout, turnout and approval quorums, concurrent majorities
(winset.ratify.tally).  Expected values are worked by hand in each test; the deterministic vote is the limit of
cohesion 1 and turnout 1 (a hypothesis property against the code path without the fields)."""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import actor, line_of, scenario
from winset.ratify import REASONS, vote
from winset.scenario import ScenarioError, loads
from winset.scenario.compiled import compile_scenario


def _referendum(members: list[dict[str, Any]], **body: Any):
    """One issue 0-100, reversion 0, one deal at 60; bloc ``yes`` (ideal 100) prefers it, bloc ``no``
    (ideal 0) does not."""
    return scenario(
        ["x"],
        [actor("A", {"x": 60}), actor("B", {"x": 60})],
        {"x": 0},
        bodies=[{"id": "R", "name": "R", "rule": "referendum", "members": members, **body}],
        deals=[{"id": "d", "name": "d", "terms": {"x": 60}}],
        veto=["A", "B", "R"],
    )


def _vote(sc):
    c = compile_scenario(sc)
    return vote(c.bodies[0], c.deals, c.reversion, c.span, c.instruments, c.issue_ids)


def test_cohesion_and_turnout_by_hand():
    # yes bloc: weight 0.6, turnout 0.5, cohesion 0.8 -> 0.30 votes cast, 0.24 yes
    # no bloc:  weight 0.4, turnout 1.0, cohesion 0.9 -> 0.40 votes cast, 0.04 yes
    # yes share 0.28 / 0.70 = 0.4; turnout 0.70; approval 0.28
    sc = _referendum(
        [
            {"id": "Y", "weight": 0.6, "ideal": {"x": 100}, "cohesion": 0.8, "turnout": 0.5},
            {"id": "N", "weight": 0.4, "ideal": {"x": 0}, "cohesion": 0.9, "turnout": 1.0},
        ]
    )
    v = _vote(sc)
    assert v.yes_share[0] == pytest.approx(0.4)
    assert v.turnout == pytest.approx(0.7)
    assert v.approval[0] == pytest.approx(0.28)
    assert v.bloc_yes[0].tolist() == pytest.approx([0.8, 0.1])
    assert v.bloc_turnout.tolist() == pytest.approx([0.5, 1.0])
    assert not v.passed[0] and REASONS[int(v.reason[0])].startswith("rejected: yes share")


def test_turnout_quorum_voids_a_large_yes():
    # North Macedonia 2018 in miniature: 91 % of those voting say yes, 37 % vote, 50 % needed
    sc = _referendum(
        [
            {"id": "Y", "weight": 0.5, "ideal": {"x": 100}, "cohesion": 0.91, "turnout": 0.55},
            {"id": "N", "weight": 0.5, "ideal": {"x": 100}, "cohesion": 0.91, "turnout": 0.19},
        ],
        turnout_quorum=0.5,
    )
    v = _vote(sc)
    assert v.yes_share[0] == pytest.approx(0.91)
    assert v.turnout == pytest.approx(0.37)
    assert not v.passed[0] and REASONS[int(v.reason[0])] == "void: turnout below quorum"


def test_approval_quorum_needs_yes_votes_of_the_whole_electorate():
    # 60 % yes of a 20 % turnout is 12 % of the electorate: below a 13 % approval quorum, above 11 %
    members = [
        {"id": "Y", "weight": 0.5, "ideal": {"x": 100}, "cohesion": 0.6, "turnout": 0.2},
        {"id": "N", "weight": 0.5, "ideal": {"x": 100}, "cohesion": 0.6, "turnout": 0.2},
    ]
    v = _vote(_referendum(members, approval_quorum=0.13))
    assert v.yes_share[0] == pytest.approx(0.6) and v.approval[0] == pytest.approx(0.12)
    assert REASONS[int(v.reason[0])] == "rejected: yes votes below the approval quorum"
    assert _vote(_referendum(members, approval_quorum=0.11)).passed[0]


def test_concurrent_majorities_need_a_majority_in_each_community():
    # overall: 0.7*0.9 + 0.3*0.2 = 0.69 yes; community 'south' alone 0.2 yes -> fails concurrently
    members = [
        {"id": "N1", "weight": 0.7, "ideal": {"x": 100}, "cohesion": 0.9, "community": "north"},
        {"id": "S1", "weight": 0.3, "ideal": {"x": 0}, "cohesion": 0.8, "community": "south"},
    ]
    v = _vote(_referendum(members, concurrent=True))
    assert v.yes_share[0] == pytest.approx(0.69)
    assert v.community_share[0].tolist() == pytest.approx([0.9, 0.2])
    assert REASONS[int(v.reason[0])] == "rejected: no majority in a community"
    assert _vote(_referendum(members)).passed[0]


weights = st.lists(st.floats(0.01, 10.0), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    w=weights,
    ideals=st.lists(st.floats(0, 100), min_size=6, max_size=6),
    term=st.floats(0, 100),
    rev=st.floats(0, 100),
    rule=st.sampled_from(["majority", "referendum", "unanimity", "quota"]),
)
def test_full_cohesion_and_turnout_is_the_deterministic_vote(w, ideals, term, rev, rule):
    members = [{"id": f"m{i}", "weight": x, "ideal": {"x": ideals[i]}} for i, x in enumerate(w)]
    extra = {"quota": 0.6} if rule == "quota" else {}

    def build(ms):
        return scenario(
            ["x"],
            [actor("A", {"x": 50}), actor("B", {"x": 50})],
            {"x": rev},
            bodies=[{"id": "R", "name": "R", "rule": rule, "members": ms, **extra}],
            deals=[{"id": "d", "name": "d", "terms": {"x": term}}],
        )

    plain = _vote(build(members))
    ones = copy.deepcopy(members)
    for m in ones:
        m.update(cohesion=1.0, turnout=1.0)
    full = _vote(build(ones))
    # independent: a member votes yes iff strictly closer to the term than to the reversion (quadratic loss)
    yes = np.array([(term - i) ** 2 < (rev - i) ** 2 - 1e-8 for i in ideals[: len(w)]])
    border = np.isclose(np.abs(term - np.array(ideals[: len(w)])), np.abs(rev - np.array(ideals[: len(w)])))
    if not border.any():
        share = float((yes * np.array(w)).sum() / sum(w))
        assert plain.yes_share[0] == pytest.approx(share)
    assert full.yes_share[0] == pytest.approx(plain.yes_share[0])
    assert full.passed[0] == plain.passed[0]
    assert full.turnout == pytest.approx(1.0)


BAD = """\
id: bad
title: bad
issues: [{id: x, name: X}]
actors:
  - {id: A, name: A, capability: 1, positions: {x: 20}, salience: {x: 1}}
  - {id: B, name: B, capability: 1, positions: {x: 80}, salience: {x: 1}}
reversion: {x: 50}
bodies:
  - id: R
    name: R
    rule: referendum
    turnout_quorum: {TQ}
    approval_quorum: {AQ}
    concurrent: {CC}
    members:
      - id: m1
        weight: 0.6
        ideal: {x: 40}
        community: one
        cohesion: {CO}
        turnout: {TU}
      - id: m2
        weight: 0.4
        ideal: {x: 60}
deals: [{id: d, name: d, terms: {x: 45}}]
veto_players: [A, B, R]
"""
GOOD = {"TQ": "0.5", "AQ": "0.13", "CC": "false", "CO": "0.8", "TU": "0.6"}


def _bad(**k: str) -> str:
    text = BAD
    for key, v in {**GOOD, **k}.items():
        text = text.replace("{" + key + "}", v)
    return text


def test_the_good_file_loads():
    sc = loads(_bad(), file="r.yaml")
    assert sc.bodies[0].turnout_quorum.value == 0.5 and sc.bodies[0].members[0].cohesion.value == 0.8


@pytest.mark.parametrize(
    "key,value,needle,field",
    [
        ("TQ", "0", "turnout_quorum:", "bodies[R].turnout_quorum"),
        ("TQ", "1.5", "turnout_quorum:", "bodies[R].turnout_quorum"),
        ("AQ", "-0.1", "approval_quorum:", "bodies[R].approval_quorum"),
        ("CO", "1.2", "cohesion:", "bodies[R].members[m1].cohesion"),
        ("TU", "-0.5", "turnout: ", "bodies[R].members[m1].turnout"),
        ("CC", "true", "- id: m2", "bodies[R].members[m2].community"),
    ],
)
def test_bad_input_names_file_line_and_field(key, value, needle, field):
    text = _bad(**{key: value})
    with pytest.raises(ScenarioError) as e:
        loads(text, file="r.yaml")
    [p] = e.value.problems
    assert (p.file, p.field) == ("r.yaml", field)
    assert p.line == line_of(text, needle)


def test_an_uncertain_quorum_range_outside_the_domain_is_refused():
    text = _bad(TQ="{value: 0.5, low: 0.4, high: 1.2, assumption: a}")
    with pytest.raises(ScenarioError) as e:
        loads(text, file="r.yaml")
    assert e.value.problems[0].field == "bodies[R].turnout_quorum.high"

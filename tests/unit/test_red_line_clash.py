"""A red-line clash between two veto players is a deadlock on that issue, naming both red lines (issue 11).

Hand-worked case: two veto actors, two issues on 0-100, linear loss, equal saliences.  A's red line asks for
land >= 60, B's for land <= 40: no value of land meets both, whatever money does, so land is deadlocked with a
gap of 60 - 40 = 20 between A (the floor) and B (the ceiling), and the zone of agreement is empty.  With B's
bound made ``land < 60`` the two bounds touch at 60, which neither meets together (60 breaks B's strict bound):
still a deadlock, gap 0.  With ``land <= 60`` the value 60 meets both: no clash.
"""

from __future__ import annotations

import pytest

from winset.analysis.parties import one_big_issue, party_sticking_points, red_line_clashes
from winset.analysis.winsets import zopa
from winset.scenario.compiled import compile_scenario
from winset.scenario.loader import loads

CASE = """
id: clash
title: Clash
issues: [{id: land, name: Land}, {id: money, name: Money}]
actors:
  - id: A
    name: A
    capability: 1
    positions: {land: 80, money: 50}
    salience: {land: 0.5, money: 0.5}
    red_lines: [{issue: land, op: ge, value: 60}]
  - id: B
    name: B
    capability: 1
    positions: {land: 20, money: 50}
    salience: {land: 0.5, money: 0.5}
    red_lines: [{issue: land, op: B_OP, value: B_VALUE}]
reversion: {land: 50, money: 50}
veto_players: [A, B]
"""


def _compiled(op: str, value: float):
    return compile_scenario(loads(CASE.replace("B_OP", op).replace("B_VALUE", str(value))))


def test_a_red_line_clash_is_the_deadlock_naming_both_red_lines():
    c = _compiled("le", 40)
    rows = party_sticking_points(c)
    land = next(r for r in rows if r.issue == "land")
    assert land.kind == "deadlock"
    assert land.gap == pytest.approx(20.0)  # 60 - 40
    assert land.binding == ("A", "B")
    assert land.red_line_clash == ["A: land ≥ 60", "B: land ≤ 40"]
    assert one_big_issue(rows) == "land"
    money = next(r for r in rows if r.issue == "money")
    assert money.red_line_clash == []


def test_touching_bounds_clash_when_one_is_strict():
    c = _compiled("lt", 60)
    (clash,) = red_line_clashes(c).values()
    assert (clash.floor, clash.ceiling, clash.gap) == ("A", "B", 0.0)
    land = next(r for r in party_sticking_points(c) if r.issue == "land")
    assert land.kind == "deadlock" and land.red_line_clash == ["A: land ≥ 60", "B: land < 60"]
    # closed bounds that touch leave one value (60) both accept: no clash
    assert red_line_clashes(_compiled("le", 60)) == {}


def test_a_clash_proves_the_zone_of_agreement_empty_without_a_search():
    z = zopa(_compiled("le", 40), samples=64)
    assert not z.nonempty and z.exact
    assert z.disjoint_pairs == [("A", "B")]
    assert "red lines clash" in z.method
    # without a clash the verdict comes from the search, not from the red lines
    assert "red lines clash" not in zopa(_compiled("le", 60), samples=64).method

"""Red lines as the charts draw them (winset.htmlreport.redlines): the terms each condition rules out, nested
any_of/all_of, and owners without red lines.  Read from plain mappings, as the scenario format of issue 14
writes them, so these tests do not depend on the schema having the field yet."""

from __future__ import annotations

import pytest

from winset.htmlreport.redlines import red_lines_on


def test_each_op_rules_out_the_other_side():
    owner = {
        "red_lines": [
            {"issue": "control", "op": "ge", "value": 45},
            {"issue": "control", "op": "lt", "value": {"value": 80, "low": 70, "high": 90}},
            {"issue": "other", "op": "le", "value": 3},
        ]
    }
    lines = red_lines_on(owner, "control")
    # control >= 45: the terms 0..45 are ruled out; control < 80: the terms 80..100
    assert [line.forbidden(0, 100) for line in lines] == [(0, 45.0), (80.0, 100)]
    assert [line.text for line in lines] == ["control ≥ 45", "control < 80"]


def test_nested_alternatives_are_marked():
    owner = {
        "red_lines": [
            {
                "any_of": [
                    {"issue": "nato", "op": "le", "value": 0},
                    {"issue": "troops", "op": "le", "value": 0},
                ],
                "assumption": "x",
            },
            {"all_of": [{"issue": "nato", "op": "gt", "value": -5}]},
        ]
    }
    lines = red_lines_on(owner, "nato")
    assert [(r.op, r.value, r.alternative) for r in lines] == [("le", 0.0, True), ("gt", -5.0, False)]
    assert "one of several alternatives" in lines[0].text


@pytest.mark.parametrize(
    "owner", [{}, {"red_lines": None}, {"red_lines": [{"issue": "x", "op": "eq", "value": 1}]}]
)
def test_no_red_lines_draw_nothing(owner):
    assert red_lines_on(owner, "x") == []


def test_positions_chart_draws_an_actors_red_line():
    from helpers import actor, scenario
    from winset.htmlreport.figures import positions
    from winset.scenario.compiled import compile_scenario
    from winset.services import analyze

    sc = scenario(["x"], [actor("A", {"x": 20}), actor("B", {"x": 80})], {"x": 50})
    a = sc.actors[0]
    if "red_lines" not in type(a).model_fields:  # before issue 14's schema: attach the field by hand
        object.__setattr__(a, "red_lines", [{"issue": "x", "op": "le", "value": 60}])
    else:
        sc = sc.model_copy(deep=True)
        sc.actors[0].red_lines = [{"issue": "x", "op": "le", "value": 60}]  # type: ignore[attr-defined]
    fig = positions(sc, compile_scenario(sc), analyze(sc).to_dict(), None)
    lines = [t for t in fig.data if t.legendgroup == "redlines"]
    assert len(lines) == 1 and tuple(lines[0].x) == (60.0, 100.0)  # x <= 60: 60..100 ruled out
    assert "A's red line: x ≤ 60" in lines[0].hovertemplate

"""Red lines as the charts draw them (winset.htmlreport.redlines): the terms each bound rules out, any_of/all_of,
and owners without red lines."""

from __future__ import annotations

from winset.htmlreport.redlines import red_lines_on
from winset.scenario.schema import RedLine


def _lines(*raw: dict) -> list[RedLine]:
    return [RedLine.model_validate(r) for r in raw]


def test_each_op_rules_out_the_other_side():
    lines = red_lines_on(
        _lines(
            {"issue": "control", "op": "ge", "value": 45},
            {"issue": "control", "op": "lt", "value": {"value": 80, "low": 70, "high": 90}},
            {"issue": "other", "op": "le", "value": 3},
        ),
        "control",
    )
    # control >= 45: the terms 0..45 are ruled out; control < 80: the terms 80..100
    assert [line.forbidden(0, 100) for line in lines] == [(0, 45.0), (80.0, 100)]
    assert [line.text for line in lines] == ["control ≥ 45", "control < 80"]


def test_alternatives_are_marked():
    raw_any = {
        "any_of": [{"issue": "nato", "op": "le", "value": 0}, {"issue": "troops", "op": "le", "value": 0}]
    }
    raw_all = {"all_of": [{"issue": "nato", "op": "gt", "value": -5}]}
    lines = red_lines_on(_lines(raw_any, raw_all), "nato")
    assert [(r.op, r.value, r.alternative) for r in lines] == [("le", 0.0, True), ("gt", -5.0, False)]
    assert "one of several alternatives" in lines[0].text


def test_no_red_lines_draw_nothing():
    assert red_lines_on([], "x") == []
    assert red_lines_on(_lines({"issue": "y", "op": "le", "value": 1}), "x") == []


def test_positions_chart_draws_an_actors_red_line():
    from helpers import actor, scenario
    from winset.htmlreport.figures import positions
    from winset.scenario.compiled import compile_scenario
    from winset.services import analyze

    sc = scenario(["x"], [actor("A", {"x": 20}), actor("B", {"x": 80})], {"x": 50}).model_copy(deep=True)
    sc.actors[0].red_lines = _lines({"issue": "x", "op": "le", "value": 60})
    fig = positions(sc, compile_scenario(sc), analyze(sc).to_dict(), None)
    lines = [t for t in fig.data if t.legendgroup == "redlines"]
    assert len(lines) == 1 and tuple(lines[0].x) == (60.0, 100.0)  # x <= 60: 60..100 ruled out
    assert "A's red line: x ≤ 60" in lines[0].hovertemplate

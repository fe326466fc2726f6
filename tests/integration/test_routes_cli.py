"""Bad ratification routes exit 2 naming file, line and field (winset.scenario.loader._check_routes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import line_of
from typer.testing import CliRunner

from winset.cli import app

COLOMBIA = Path(__file__).resolve().parent.parent / "cases" / "colombia-2016.yaml"
runner = CliRunner()


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("bodies: [congress]", "bodies: [senate]", "routes[congress].bodies[0]", "unknown body 'senate'"),
        (
            "{body: plebiscite, outcome: failed",
            "{body: referendum, outcome: failed",
            "routes[congress].preconditions[0].body",
            "unknown body 'referendum'",
        ),
        (
            "{body: plebiscite, outcome: failed, deal: final_agreement,",
            "{issue: amnesty, op: ge, value: 50,",
            "routes[congress].preconditions[0].issue",
            "unknown issue 'amnesty'",
        ),
        (
            "congress/centro_democratico: {value: 0.1",
            "congress/cd: {value: 0.1",
            "routes[congress].legitimacy_cost.congress/cd",
            "unknown member 'cd'",
        ),
    ],
)
def test_a_route_that_names_nothing_exits_2_with_file_line_and_field(tmp_path, old, new, field, message):
    text = COLOMBIA.read_text(encoding="utf-8")
    assert old in text
    bad = text.replace(old, new)
    f = tmp_path / "bad.yaml"
    f.write_text(bad, encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(f)])
    assert res.exit_code == 2, res.output
    assert f"bad.yaml:{line_of(bad, new)}" in res.output
    assert f"deals[revised_agreement].{field}" in res.output and message in res.output


def test_a_cycle_of_follows_exits_2(tmp_path):
    text = COLOMBIA.read_text(encoding="utf-8")
    bad = text.replace("    rule: referendum\n", "    rule: referendum\n    follows: congress\n").replace(
        "    rule: majority\n", "    rule: majority\n    follows: plebiscite\n"
    )
    f = tmp_path / "bad.yaml"
    f.write_text(bad, encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(f)])
    assert res.exit_code == 2, res.output
    assert f"bad.yaml:{line_of(bad, 'follows: congress')}" in res.output
    assert (
        "bodies[plebiscite].follows" in res.output
        and "a cycle of follows: plebiscite → congress → plebiscite" in res.output
    )


def test_the_sweep_gives_each_route_its_chance_and_the_most_likely_route():
    import json

    res = runner.invoke(app, ["sweep", str(COLOMBIA), "--draws", "400", "--seed", "2", "--json"])
    assert res.exit_code == 0, res.output
    deals = json.loads(res.stdout)["deals"]
    pleb = deals["final_agreement"]["routes"]["plebiscite"]
    cong = deals["revised_agreement"]["routes"]["congress"]
    # Congress (certain numbers) passes the revised deal in every draw, and its route is open exactly when the
    # plebiscite fails: the two chances add up to one, draw by draw
    assert 0 < pleb < 0.5 and pleb + cong == pytest.approx(1, abs=1e-9)
    assert deals["final_agreement"]["p_ratified"] == pleb and deals["revised_agreement"]["p_ratified"] == cong
    assert deals["revised_agreement"]["most_likely_route"] == "congress"
    assert (
        deals["prison_terms"]["routes"] == {"default": 0}
        and deals["prison_terms"]["most_likely_route"] is None
    )


def test_a_declaration_for_an_unknown_bloc_exits_2(tmp_path):
    text = COLOMBIA.read_text(encoding="utf-8")
    old = "    instrument: treaty\n    routes:\n"
    assert old in text
    bad = text.replace(
        old,
        "    instrument: treaty\n    declarations:\n      - blocs: [plebiscite/undecided]\n"
        "        terms: {justice: 40}\n        assumption: test\n    routes:\n",
    )
    f = tmp_path / "bad.yaml"
    f.write_text(bad, encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(f)])
    assert res.exit_code == 2, res.output
    assert f"bad.yaml:{line_of(bad, 'plebiscite/undecided')}" in res.output
    assert "deals[final_agreement].declarations[0].blocs[0]" in res.output
    assert "unknown member 'undecided' of body 'plebiscite'" in res.output

"""The search and repair commands end to end (typer CliRunner)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from winset.cli import app

runner = CliRunner()


ONE_D = """
id: one-d
title: One issue, one parliament
issues:
  - id: x
    name: Border
    anchors: [{value: 0, label: A}, {value: 55, label: compromise}, {value: 100, label: B}]
actors:
  - {id: A, name: A, capability: 1, positions: {x: 0}, salience: {x: 1}, delay_cost_per_week: 0.1}
  - {id: B, name: B, capability: 1, positions: {x: 100}, salience: {x: 1}, delay_cost_per_week: 0.2}
reversion: {x: 50}
cost_of_delay: {horizon_weeks: 1}
bodies:
  - id: parl
    name: B's parliament
    actor: B
    rule: majority
    members:
      - {id: m1, weight: 60, ideal: {x: 80}}
      - {id: m2, weight: 40, ideal: {x: 20}}
veto_players: [A, B, parl]
deals:
  - {id: low, name: Low, instrument: treaty, terms: {x: 20}}
  - {id: high, name: High, instrument: treaty, terms: {x: 70}}
  - {id: ok, name: Fine, instrument: treaty, terms: {x: 55}}
"""


TWO_D = """
id: two-d
title: Two issues, three veto actors
issues: [{id: x, name: X}, {id: y, name: Y}]
actors:
  - {id: A, name: A, capability: 1, positions: {x: 0, y: 0}, salience: {x: 2, y: 1}}
  - {id: C, name: C, capability: 1, positions: {x: 0, y: 0}, salience: {x: 1, y: 2}}
  - {id: B, name: B, capability: 1, positions: {x: 100, y: 100}, salience: {x: 1, y: 1}, delay_cost_per_week: %s}
reversion: {x: 50, y: 50}
cost_of_delay: {horizon_weeks: 1}
veto_players: [A, B, C]
deals:
  - {id: far, name: Far, instrument: treaty, terms: {x: 80, y: 80}}
"""


def test_cli_search_and_repair(tmp_path):
    p = tmp_path / "one.yaml"
    p.write_text(ONE_D)
    res = runner.invoke(app, ["search", str(p), "-n", "256", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["feasible"] is True
    res = runner.invoke(app, ["search", str(p), "-n", "256"], env={"COLUMNS": "160"})
    assert res.exit_code == 0 and "Best ratifiable package" in res.output
    res = runner.invoke(app, ["repair", str(p), "high"], env={"COLUMNS": "160"})
    assert res.exit_code == 0 and "-10.00" in res.output
    res = runner.invoke(app, ["repair", str(p), "nope"])
    assert res.exit_code == 2 and "unknown deal 'nope'" in res.output
    res = runner.invoke(app, ["search", str(p), "--instrument", "decree"])
    assert res.exit_code == 2 and "unknown instrument" in res.output
    p2 = tmp_path / "two.yaml"
    p2.write_text(TWO_D % 0)
    res = runner.invoke(app, ["search", str(p2), "-n", "256"], env={"COLUMNS": "160"})
    assert res.exit_code == 1 and "ZOPA empty" in res.output

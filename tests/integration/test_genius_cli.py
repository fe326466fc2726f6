"""The pareto command on a small hand-written GENIUS domain (typer CliRunner)."""

from __future__ import annotations

from helpers import write_genius


def test_cli_pareto_on_the_small_domain_by_hand(tmp_path):
    """Outcomes (seller, buyer): low (0.25, 1.0), high (1.0, 0.5); reservation 0.25 each.  Neither dominates
    the other, so both are on the frontier.  Nash gains over d = (0.25, 0.5) (the buyer's lowest utility is above
    its reservation): low 0 x 0.5 = 0 (not a strict gain), high 0.75 x 0 = 0 -- no outcome gives both a positive
    gain, so there is no Nash point; the highest total utility is high (1.5)."""
    import json

    from typer.testing import CliRunner

    from winset.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["pareto", str(write_genius(tmp_path)), "--json", "--method", "enumerate"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["frontier_size"] == 2 and data["rational"] == 2
    res = runner.invoke(app, ["pareto", str(write_genius(tmp_path)), "--json"])  # the additive path
    auto = json.loads(res.output)
    assert auto["frontier_size"] == 2 and auto["rational"] is None
    assert auto["method"].startswith("additive path")
    res = runner.invoke(app, ["pareto", str(write_genius(tmp_path))])
    assert "Method: additive path" in res.output and "Kalai–Smorodinsky (NegMAS spread)" in res.output
    assert "as GENIUS and NegMAS compute them" not in runner.invoke(app, ["pareto", "--help"]).output
    assert data["disagreement"] == {"b_seller": 0.25, "c_buyer": 0.5}
    assert data["nash"] is None
    assert data["max_welfare"]["outcome"] == {"price": "high"}
    bad = write_genius(tmp_path, buyer="<utility_space>\n<objective>\n")
    res = runner.invoke(app, ["pareto", str(bad)])
    assert res.exit_code == 2 and "c_buyer.xml" in res.output and "Traceback" not in res.output

"""The search and repair commands end to end (typer CliRunner)."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from helpers import SEARCH_ONE_D, SEARCH_TWO_D
from winset.cli import app

runner = CliRunner()


def test_cli_search_and_repair(tmp_path):
    p = tmp_path / "one.yaml"
    p.write_text(SEARCH_ONE_D)
    res = runner.invoke(app, ["search", str(p), "-n", "256", "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["feasible"] is True
    res = runner.invoke(app, ["search", str(p), "-n", "256"], env={"COLUMNS": "160"})
    assert res.exit_code == 0 and "Best ratifiable package" in res.output
    res = runner.invoke(app, ["repair", str(p), "high"], env={"COLUMNS": "160"})
    assert res.exit_code == 0 and re.search(r"│\s+-10\s+│", res.output), res.output
    res = runner.invoke(app, ["repair", str(p), "nope"])
    assert res.exit_code == 2 and "unknown deal 'nope'" in res.output
    res = runner.invoke(app, ["search", str(p), "--instrument", "decree"])
    assert res.exit_code == 2 and "unknown instrument" in res.output
    p2 = tmp_path / "two.yaml"
    p2.write_text(SEARCH_TWO_D % 0)
    res = runner.invoke(app, ["search", str(p2), "-n", "256"], env={"COLUMNS": "160"})
    assert res.exit_code == 1 and "ZOPA empty" in res.output

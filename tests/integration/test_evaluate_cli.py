"""The evaluate and forecast commands end to end (typer CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from winset.cli import app

runner = CliRunner()


FIXTURE = Path(__file__).resolve().parent.parent / "data" / "deu-sample.csv"


def test_cli_table_json_and_errors(tmp_path):
    res = runner.invoke(app, ["evaluate", str(FIXTURE)], env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "compromise" in res.output and "5.000" in res.output
    res = runner.invoke(app, ["evaluate", str(FIXTURE), "--json"])
    assert json.loads(res.stdout)["models"]["compromise"]["mae"] == pytest.approx(5.0)
    bad = tmp_path / "bad.csv"
    bad.write_text("issue,actor,position,salience,capability\nx,A,abc,0.5,1\n", encoding="utf-8")
    res = runner.invoke(app, ["evaluate", str(bad)])
    assert res.exit_code == 2 and "bad.csv:2 [position]" in res.output
    res = runner.invoke(app, ["evaluate", str(tmp_path / "missing.csv")])
    assert res.exit_code == 2


def test_forecast_cli_all_models_builtin():
    res = runner.invoke(app, ["forecast", "anchorage-2025", "--model", "all", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data["models"]) == {"compromise", "weighted_median", "bdm", "smp", "nash", "ks", "egalitarian"}
    assert data["smp"]["turns"] >= 1 and set(data["smp"]["probabilities"]) == {"US", "RU", "UA", "EU"}
    assert set(data["bdm"]["positions"]["control"]) == {"US", "RU", "UA", "EU"}
    res = runner.invoke(app, ["forecast", "--model", "oracle"])
    assert res.exit_code == 2 and "--model" in res.output

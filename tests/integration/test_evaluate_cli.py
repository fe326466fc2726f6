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
    assert "compromise" in res.output and "5.00" in res.output
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
    assert set(data["models"]) == {
        "compromise",
        "weighted_median",
        "bdm",
        "smp",
        "nash",
        "nash_eu",
        "exchange",
        "ensemble",
        "ks",
        "egalitarian",
    }
    assert data["smp"]["turns"] >= 1 and set(data["smp"]["probabilities"]) == {"US", "RU", "UA", "EU"}
    assert set(data["bdm"]["positions"]["control"]) == {"US", "RU", "UA", "EU"}
    res = runner.invoke(app, ["forecast", "--model", "oracle"])
    assert res.exit_code == 2 and "--model" in res.output


def test_evaluate_deu3_layout_groups_and_errors(tmp_path):
    head = "\t".join(
        [
            "prnr",
            "isnr",
            "proc",
            "counvte",
            "intro",
            "pcom",
            "pep",
            "pde",
            "pfr",
            "scom",
            "sep",
            "sde",
            "sfr",
            "rp",
            "out",
        ]
    )
    rows = [
        "\t".join(
            ["1", "11", "COD", "QMV", "26-01-05", "100", "80", "0", "50", "50", "40", "80", "60", "0", "60"]
        ),
        "\t".join(
            ["1", "12", "CNS", "Unan", "26-01-05", "0", "20", "100", "40", "20", "50", "60", "20", "", "30"]
        ),
    ]
    f = tmp_path / "deu.csv"
    f.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["evaluate", str(f), "--models", "fast", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data["groups"]) == {"COD", "CNS", "QMV", "Unan"}
    assert data["groups"]["COD"]["compromise"]["n"] == 1
    # compromise on issue 11 (Nice: all 29): (.5*100 + .4*80 + .8*0 + .6*50) / 2.3 = 112/2.3
    assert data["issues"][0]["compromise"] == pytest.approx(112 / 2.3)
    res = runner.invoke(app, ["evaluate", str(f), "--capability", "votes"])
    assert res.exit_code == 2 and "capability" in res.output
    res = runner.invoke(app, ["evaluate", str(f), "--models", "oracle"])
    assert res.exit_code == 2 and "oracle" in res.output
    res = runner.invoke(app, ["evaluate", str(f), "--models", "fast", "--cross-validate"])
    assert res.exit_code == 2 and "needs at least 20" in res.output


def test_evaluate_help_is_not_cut():
    res = runner.invoke(app, ["evaluate", "--help"], env={"COLUMNS": "80"})
    assert res.exit_code == 0
    text = " ".join(res.output.replace("│", " ").split())
    assert "optional scale_min and scale_max" in text and "…" not in res.output


def test_forecast_ensemble_shows_interval():
    res = runner.invoke(app, ["forecast", "anchorage-2025", "--model", "ensemble", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    for issue, (low, high) in data["ensemble"]["interval"].items():
        assert low <= data["models"]["ensemble"][issue] <= high


def test_procedural_model_is_for_deu_data_only():
    res = runner.invoke(app, ["forecast", "anchorage-2025", "--model", "procedural"])
    assert res.exit_code == 2 and "winset evaluate" in res.output

"""The sweep command end to end (typer CliRunner) and sweeps on Dask clusters (worker processes)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from helpers import ratify_case
from winset.cli import app
from winset.uncertainty import (
    sweep,
)

runner = CliRunner()


@pytest.mark.slow
def test_dask_local_cluster_gives_the_in_process_result(anchorage):
    from distributed import Client, LocalCluster

    local = sweep(anchorage, draws=3000, seed=21, chunk=3000)
    # two worker processes: the chunks are pickled, shipped and computed in other interpreters
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        remote = sweep(anchorage, draws=3000, seed=21, chunk=400, client=client)
    for k in local.samples:
        np.testing.assert_array_equal(local.samples[k], remote.samples[k])
    assert local.to_json() == remote.to_json()


def test_cli_sweep_json(tmp_path):
    p = tmp_path / "ratify.yaml"
    p.write_text(yaml.safe_dump(ratify_case().model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    res = runner.invoke(app, ["sweep", str(p), "--draws", "8000", "--seed", "1", "--json", "--chunk", "1500"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["draws"] == 8000 and data["seed"] == 1
    assert abs(data["deals"]["d"]["p_ratified"] - 0.3) < 4 * math.sqrt(0.21 / 8000)
    again = runner.invoke(app, ["sweep", str(p), "--draws", "8000", "--seed", "1", "--json"])
    assert json.loads(again.stdout) == data


def test_cli_sweep_tables_and_bad_input(tmp_path):
    res = runner.invoke(app, ["sweep", "anchorage-2025", "--draws", "500"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "Forecast intervals" in res.output and "Probability each deal is ratified" in res.output
    # the tornado: the input with the largest one-at-a-time swing comes first, with its two forecasts
    data = json.loads(runner.invoke(app, ["sweep", "anchorage-2025", "--draws", "500", "--json"]).stdout)
    big = max(
        (k for k in data["one_big_issue"]["p"] if k != "none"), key=lambda k: data["one_big_issue"]["p"][k]
    )
    first = next(r for r in data["tornado"][f"compromise.{big}"] if abs(r["swing"]) > 0)
    assert "Tornado: compromise forecast" in res.output
    line = next(ln for ln in res.output.splitlines() if first["input"] in ln and "→" in ln)
    assert f"{first['at_low']:.1f} → {first['at_high']:.1f}" in line
    # rows of the compromise tornado are ordered by the size of the swing, largest first
    block = res.output.split("Tornado: compromise forecast")[1].split("Tornado: BDM")[
        0
    ]  # the registry label of bdm
    swings = [abs(float(c.split("│")[4])) for c in block.splitlines() if c.count("│") >= 5 and "→" in c]
    assert len(swings) >= 2 and swings == sorted(swings, reverse=True)
    res = runner.invoke(app, ["sweep", "anchorage-2025", "--draws", "0"])
    assert res.exit_code == 2 and "--draws" in res.output and "Traceback" not in res.output
    bad = tmp_path / "bad.yaml"
    text = yaml.safe_dump(ratify_case().model_dump(mode="json", exclude_none=True), sort_keys=False)
    bad.write_text(text.replace("value: 0.6", "value: 1.6"), encoding="utf-8")
    res = runner.invoke(app, ["sweep", str(bad)])
    assert res.exit_code == 2
    line = next(n for n, t in enumerate(bad.read_text().splitlines(), 1) if "quota:" in t)
    assert f"bad.yaml:{line}" in res.output and "quota" in res.output


@pytest.mark.slow
def test_cli_sweep_on_a_dask_scheduler_address_equals_in_process():
    from distributed import LocalCluster

    args = ["sweep", "anchorage-2025", "--draws", "1200", "--seed", "9", "--json", "--chunk", "300"]
    local = runner.invoke(app, args)
    assert local.exit_code == 0, local.output
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        remote = runner.invoke(app, [*args, "--scheduler", cluster.scheduler_address])
    assert remote.exit_code == 0, remote.output
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    started = runner.invoke(app, [*args, "--scheduler", "local", "--workers", "2"])  # the CLI's LocalCluster
    assert started.exit_code == 0, started.output
    assert json.loads(started.stdout) == json.loads(local.stdout)
    bad = runner.invoke(
        app, [*args[:2], "--draws", "10", "--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "1"]
    )
    assert bad.exit_code == 2 and "cannot reach the Dask scheduler" in bad.output


def test_cli_sweep_reports_the_one_big_issue_probability():
    res = runner.invoke(app, ["sweep", "anchorage-2025", "--draws", "40", "--seed", "2", "--json"])
    assert res.exit_code == 0, res.output
    big = json.loads(res.output)["one_big_issue"]
    # the one big issue comes from the veto players, not from a deal on the table
    assert big["draws"] == 40 and big["reference"] == "parties"
    assert sum(big["p"].values()) == pytest.approx(1.0)
    res = runner.invoke(app, ["sweep", "anchorage-2025", "--draws", "40", "--big-issue-draws", "41"])
    assert res.exit_code == 2 and "--big-issue-draws" in res.output

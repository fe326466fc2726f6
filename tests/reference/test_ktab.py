"""KTAB CSV/XML and x/c/s TSV importers; turn 0 of KTAB's reference runs; our forecasts against KTAB's final
turn (reported honestly: KTAB's SMP is a different model); the forecast command on these files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from winset.cli import app
from winset.io import ktab
from winset.io.xcs import parse_table, read_table, table_scenario
from winset.models.bdm import run
from winset.models.compromise import compromise
from winset.scenario import ScenarioError, compile_scenario

runner = CliRunner()
RUNS = "ktab-smp-reference-runs"


def reference_positions(path: Path, actors: tuple[str, ...], dims: tuple[str, ...]) -> np.ndarray:
    """KTAB reference log positions as ``(turns, n, k)`` (long CSV actor,dimension,turn,position)."""
    rows = list(csv.DictReader(path.open()))
    turns = max(int(r["turn"]) for r in rows) + 1
    out = np.full((turns, len(actors), len(dims)), np.nan)
    for r in rows:
        out[int(r["turn"]), actors.index(r["actor"]), dims.index(r["dimension"])] = float(r["position"])
    assert not np.isnan(out).any()
    return out


CASES = [  # input, reference positions, fill for empty XML cells
    ("ktab-soe-china/SOE-Pol-Comp.csv", f"{RUNS}/SOE-Pol-Comp_positions.csv", None),
    (f"{RUNS}/dummyData_3Dim.csv", f"{RUNS}/dummyData_3Dim_positions.csv", None),
    (f"{RUNS}/smpExample.xml", f"{RUNS}/smpExample_positions.csv", 52.8),
]


@pytest.mark.parametrize("inp,ref,fill", CASES)
def test_importer_reproduces_turn_zero(reference_data, inp, ref, fill):
    d = ktab.read(reference_data / inp, fill=fill)
    pos = reference_positions(reference_data / ref, d.actors, d.dimensions)
    # KTAB prints positions rounded to 0.1 (e.g. 82.45 -> 82.5, 0.07 -> 0.1)
    np.testing.assert_allclose(pos[0], d.positions, atol=0.05 + 1e-9)
    sc = ktab.to_scenario(d, str(inp))
    c = compile_scenario(sc)
    np.testing.assert_allclose(c.positions, d.positions)
    np.testing.assert_allclose(c.salience, d.salience / 100)
    np.testing.assert_allclose(c.capability, d.influence)


def test_soe_turn_zero_is_exactly_the_input(reference_data):
    d = ktab.read(reference_data / "ktab-soe-china" / "SOE-Pol-Comp.csv")
    assert d.actors[:3] == ("XJ", "LK", "ZG") and d.dimensions == ("Policy", "Competitive")
    assert (
        d.influence[0] == 100.0 and d.positions[0].tolist() == [30, 20] and d.salience[0].tolist() == [24, 48]
    )
    pos = reference_positions(reference_data / RUNS / "SOE-Pol-Comp_positions.csv", d.actors, d.dimensions)
    np.testing.assert_array_equal(pos[0], d.positions)


def test_xml_reads_parameters_and_rejects_empty_coordinate(reference_data):
    f = reference_data / RUNS / "smpExample.xml"
    with pytest.raises(ScenarioError) as e:
        ktab.read(f)
    assert e.value.problems[0].field == "Actors/Actor[Alice]/Position/dCoord[1]"
    d = ktab.read(f, fill=52.8)
    assert d.actors == ("Alice", "Bob", "Carol", "David", "Ellie")
    assert (
        d.parameters["prngSeed"] == "03507583219545544127" and d.parameters["PCEModel"] == "MarkovIncentive"
    )
    assert d.ideal_adjustment[2] == ("Bob", "Alice", 0.07)


def test_xml_bad_ideal_adjustment_names_the_field(reference_data):
    text = (reference_data / RUNS / "smpExample.xml").read_text(encoding="utf-8-sig")
    n = text.count("<adjust>")
    assert n >= 1
    bad = text.replace("<adjust>", "<adjust>x", 1)
    with pytest.raises(ScenarioError) as e:
        ktab.parse_xml(bad, file="smp.xml", fill=52.8)
    assert [p.field for p in e.value.problems] == ["IdealAdjustment/iaPair[1]/adjust"]


# KTAB's own model (SMP) is re-implemented in winset.models.smp and checked turn by turn against these
# reference runs in tests/reference/test_smp.py.  Here: the other models run on KTAB inputs and keep their invariants.
@pytest.mark.parametrize("inp,ref,fill", CASES)
def test_other_models_run_on_ktab_inputs(reference_data, inp, ref, fill):
    d = ktab.read(reference_data / inp, fill=fill)
    c = compile_scenario(ktab.to_scenario(d, str(inp)))
    comp = compromise(c.positions, c.salience, c.capability)
    w = d.influence[:, None] * d.salience  # KTAB influence x salience: the compromise model's weights
    np.testing.assert_allclose(comp, (w * d.positions).sum(0) / w.sum(0))
    # BDM's forecast is always one actor's final position (a median)
    r = run(c, rounds=20)
    assert np.isclose(r.positions[-1], r.forecast[-1]).any(axis=0).all()


def test_tsv_tables(reference_data):
    t = read_table(reference_data / "bdm-eum-examples" / "emission-standards.tsv")
    assert t.names[0] == "Netherlands" and t.x.tolist()[:3] == [4, 7, 4] and t.c[6] == 0.16 and t.s[8] == 1.0
    sc = table_scenario(reference_data / "bdm-eum-examples" / "argentina.tsv")
    assert len(sc.actors) == 17 and sc.issues[0].scale.min == 0 and sc.issues[0].scale.max == 100
    with pytest.raises(ScenarioError) as e:
        parse_table("name\tx\tc\ts\nA\t1\t0.5\t1.7\nB\tx\t0.5\t0.5\n", file="t.tsv")
    assert [(p.line, p.field) for p in e.value.problems] == [(2, "s"), (3, "x")]


def test_forecast_command_reads_ktab_and_tsv(reference_data):
    res = runner.invoke(
        app,
        [
            "forecast",
            str(reference_data / "bdm-eum-examples" / "emission-standards.tsv"),
            "--model",
            "bdm",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["models"]["bdm"]["issue"] == 7.0
    assert len(data["bdm"]["median"]["issue"]) == 11
    res = runner.invoke(
        app,
        ["forecast", str(reference_data / "ktab-soe-china" / "SOE-Pol-Comp.csv"), "-m", "all"],
        env={"COLUMNS": "200"},
    )
    assert res.exit_code == 0, res.output
    assert "Policy" in res.output and "egalitarian" in res.output
    res = runner.invoke(app, ["forecast", str(reference_data / RUNS / "smpExample.xml")])
    assert res.exit_code == 2 and "dCoord[1]" in res.output

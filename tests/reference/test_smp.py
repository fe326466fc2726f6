"""KTAB SMP port (winset.models.smp) against KTAB's own reference runs (KAPSARC KTAB, MIT licence).

Targets (``../shared/reference-data/ktab-smp-reference-runs``, extracted from KTAB's 2017-05-30 reference
logs ``examples/smp/doc/20170530_ref-*.txt``): per-turn actor positions printed to 0.1 and per-turn PCE
probabilities printed to 4 decimals.  Tolerances: positions 0.05 (half the print step) + 1e-9 for float
noise, probabilities 5e-4 as specified, plus a check at the print precision (5e-5 + 1e-9).

A few turn-0/turn-1 intermediate values are quoted from KTAB's log of the dummy run
(``20170530_ref-dummyData_3Dim.txt``, repository lsyaseen/KTAB): they are KTAB output, not ours.

``smpExample.xml`` uses stochastic transitions (KTAB's PRNG) and ideal accommodation (IdealAdjustment),
neither of which is ported: only its turn 0 is checked; later turns are an expected failure.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from winset.io import ktab
from winset.models import smp

RUNS = "ktab-smp-reference-runs"
POS_TOL = 0.05 + 1e-9  # KTAB prints positions to 0.1 (0-100 scale)
PROB_TOL = 5e-4  # tolerance of the brief
PROB_PRINT = 5e-5 + 1e-9  # KTAB prints probabilities to 4 decimals


@pytest.fixture(scope="module")
def ref(reference_data):
    """The reference-data root (shared copy, else the vendored KTAB runs; see conftest)."""
    return reference_data


def reference(ref: Path, stem: str, d: ktab.KTABData) -> tuple[np.ndarray, np.ndarray]:
    """KTAB reference positions ``(turns+1, n, k)`` and probabilities ``(turns+1, n)``."""
    pos: dict[tuple[str, str, int], float] = {}
    with open(ref / RUNS / f"{stem}_positions.csv", newline="") as f:
        for r in csv.DictReader(f):
            pos[(r["actor"], r["dimension"], int(r["turn"]))] = float(r["position"])
    prob: dict[tuple[str, int], float] = {}
    with open(ref / RUNS / f"{stem}_probabilities.csv", newline="") as f:
        for r in csv.DictReader(f):
            prob[(r["actor"], int(r["turn"]))] = float(r["prob"])
    nt = max(t for _, _, t in pos) + 1
    p = np.array([[[pos[(a, dm, t)] for dm in d.dimensions] for a in d.actors] for t in range(nt)])
    q = np.array([[prob[(a, t)] for a in d.actors] for t in range(nt)])
    return p, q


CASES = [  # input, reference stem, number of KTAB steps (run-parameters.txt: "N states, with N-1 steps")
    (f"{RUNS}/dummyData_3Dim.csv", "dummyData_3Dim", 10),
    ("ktab-soe-china/SOE-Pol-Comp.csv", "SOE-Pol-Comp", 27),
]


@pytest.fixture(scope="module")
def dummy(ref):
    d = ktab.read(ref / RUNS / "dummyData_3Dim.csv")
    return d, smp.run_ktab(d)


# ----------------------------------------------------------------------------------------------------------
# full reference runs (deterministic transitions, KTAB defaults)
# ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("inp", "stem", "steps"), CASES)
def test_same_number_of_turns(ref, inp, stem, steps):
    d = ktab.read(ref / inp)
    res = smp.run_ktab(d)
    p, _ = reference(ref, stem, d)
    assert p.shape[0] == steps + 1
    assert res.turns == steps  # KTAB's stopping rule fires at the same turn


@pytest.mark.parametrize(("inp", "stem", "steps"), CASES)
def test_positions_every_turn(ref, inp, stem, steps):
    d = ktab.read(ref / inp)
    res = smp.run_ktab(d, turns=steps)
    p, _ = reference(ref, stem, d)
    for t in range(steps + 1):
        err = np.abs(res.positions[t] - p[t])
        assert err.max() <= POS_TOL, f"turn {t}: max |position - KTAB| = {err.max():.3f}"


@pytest.mark.parametrize(("inp", "stem", "steps"), CASES)
def test_probabilities_every_turn(ref, inp, stem, steps):
    d = ktab.read(ref / inp)
    res = smp.run_ktab(d, turns=steps)
    _, q = reference(ref, stem, d)
    for t in range(steps + 1):
        err = np.abs(res.probabilities[t] - q[t])
        assert err.max() <= PROB_TOL, f"turn {t}: max |prob - KTAB| = {err.max():.5f}"
        assert err.max() <= PROB_PRINT, (
            f"turn {t}: agrees only to {err.max():.5f}, not to KTAB's print precision"
        )


# ----------------------------------------------------------------------------------------------------------
# intermediate values quoted from KTAB's log of the dummy run (20170530_ref-dummyData_3Dim.txt)
# ----------------------------------------------------------------------------------------------------------
def test_dummy_turn0_risk_attitudes(dummy):
    _, res = dummy
    ktab_r = [-0.500, -0.459, -0.499, -0.274, 1.000, -0.232, -0.430]  # "Inferred risk attitudes"
    assert np.allclose(res.risk[0], ktab_r, atol=5e-4 + 1e-9)


def test_dummy_turn0_utility_estimates(dummy):
    d, _ = dummy
    ev = smp.evaluate_state(d.positions / 100, d.salience / 100, d.influence)
    # "Estimate by 4 of risk-aware utility matrix", first two rows
    ktab_u4 = [
        [1.0000, 0.9468, 0.7540, 0.9266, 0.9619, 0.9339, 0.9389],
        [0.7875, 1.0000, 0.7538, 0.8991, 0.9206, 0.8591, 0.8436],
    ]
    assert np.allclose(ev.util[4][:2], ktab_u4, atol=5e-5 + 1e-9)


def test_dummy_turn0_challenges(dummy):
    _, res = dummy
    # "In turn 0 actor i has most advantageous target j" / "Est by i of prob p that [i>j] ... gain of +g"
    ktab = {
        0: (6, 0.7643, 0.0947),
        1: (0, 0.7964, 0.2810),
        2: (6, 0.8334, 0.4711),
        3: (0, 0.8056, 0.2839),
        4: (0, 0.5836, 0.0116),
        5: (1, 0.8510, 0.2986),
        6: (1, 0.3970, 0.0286),
    }
    for i, (j, p, g) in ktab.items():
        assert res.target[0, i] == j
        assert abs(res.target_prob[0, i] - p) <= 5e-5 + 1e-9
        assert abs(res.target_gain[0, i] - g) <= 5e-5 + 1e-9


def test_dummy_turn0_bargain_interpolation(dummy):
    d, res = dummy
    x, s = d.positions / 100, d.salience / 100
    bi, bj = smp.interpolate_bargain(x[0], s[0], res.target_prob[0, 0], x[6], s[6], 1 - res.target_prob[0, 0])
    # "Bargain [1006, 0:6] from 0's perspective": 0 adopts 75.610 24.780 71.950, 6 adopts 75.610 24.790 71.950
    assert np.allclose(bi * 100, [75.610, 24.780, 71.950], atol=5e-4 + 1e-9)
    assert np.allclose(bj * 100, [75.610, 24.790, 71.950], atol=5e-4 + 1e-9)


def test_dummy_stopping_ratio(dummy):
    _, res = dummy
    assert (
        abs(res.delta_ratio[0] - 0.9999) <= 5e-5 + 1e-9
    )  # "Fractional change compared to first step: 0.9999"
    assert res.delta_ratio[-1] < 0.02 <= res.delta_ratio[-2]


# ----------------------------------------------------------------------------------------------------------
# smpExample.xml: turn 0 only (stochastic transitions + ideal accommodation are not ported)
# ----------------------------------------------------------------------------------------------------------
def _example(ref):
    d = ktab.read(
        ref / RUNS / "smpExample.xml", fill=52.8
    )  # README: KTAB's log shows 52.8 for the empty cell
    params = dict(d.parameters, StateTransitions="Deterministic")
    return d, smp.SMPOptions.from_ktab(params)


def test_example_options_refuse_stochastic(ref):
    d = ktab.read(ref / RUNS / "smpExample.xml", fill=52.8)
    with pytest.raises(NotImplementedError):
        smp.SMPOptions.from_ktab(d.parameters)


def test_example_turn0(ref):
    d, opt = _example(ref)
    assert (opt.voting_rule, opt.pce_model) == ("PropCbc", "MarkovIncentive")
    x, s = d.positions / 100, d.salience / 100
    ev = smp.evaluate_state(x, s, d.influence, opt)
    # KTAB log 20170530_ref-smpExample.txt, "Inferred risk attitudes"
    assert np.allclose(ev.risk, [1.000, -0.387, -0.500, -0.001, -0.298], atol=5e-4 + 1e-9)
    _, q = reference(ref, "smpExample", d)
    pr = smp.position_probabilities(x, ev.util, d.influence, opt)
    assert np.abs(pr - q[0]).max() <= PROB_PRINT


@pytest.mark.xfail(
    reason="smpExample uses stochastic transitions (KTAB PRNG) and IdealAdjustment: not ported", strict=True
)
def test_example_turn1_positions(ref):
    d, opt = _example(ref)
    res = smp.run_ktab(d, opt, turns=1)
    p, _ = reference(ref, "smpExample", d)
    assert np.abs(res.positions[1] - p[1]).max() <= POS_TOL


# ----------------------------------------------------------------------------------------------------------
# pieces
# ----------------------------------------------------------------------------------------------------------


def test_compiled_scenario_route_matches_ktab_route(ref):
    from winset.scenario.compiled import compile_scenario

    path = ref / "ktab-soe-china" / "SOE-Pol-Comp.csv"
    direct = smp.run_ktab(ktab.read(path))
    (via,) = smp.run_compiled(compile_scenario(ktab.scenario(path)))
    assert via.turns == direct.turns
    assert np.allclose(via.positions, direct.positions, atol=1e-9)
    assert np.allclose(via.probabilities, direct.probabilities, atol=1e-12)


def test_forecast_command_runs_smp_on_a_ktab_file(ref):
    """`winset forecast FILE.csv --model smp --json`: KTAB's number of turns and its last-turn positions."""
    import json

    from typer.testing import CliRunner

    from winset.cli import app

    f = ref / RUNS / "dummyData_3Dim.csv"
    res = CliRunner().invoke(app, ["forecast", str(f), "--model", "smp", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    d = ktab.read(f)
    p, _ = reference(ref, "dummyData_3Dim", d)
    assert data["smp"]["turns"] == 10
    last = np.array([[data["smp"]["positions"][dm][a][-1] for dm in d.dimensions] for a in d.actors])
    assert np.abs(last - p[-1]).max() <= POS_TOL

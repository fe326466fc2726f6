"""The member-level vote model (cohesion around the ideal-point rule) against every individual Senate treaty
vote in the Voteview extract, leave one roll call out.  Expected counts and the always-yea score are computed
here from the CSV files with the csv module, independent of the loader.  Measured (docs/two-level.md): on the
19,019 yea/nay votes the cohesion model's Brier score is 0.0226 against 0.0237 (always yea), 0.0231 (the
deterministic rule) and 0.0232 (the base rate); it is poorly calibrated where the rule says nay (predicted
P(yea) about 0.02, observed about 0.21, on 19 votes)."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from winset import services
from winset.cli import app


@pytest.fixture(scope="module")
def folder(reference_data):
    f = reference_data / "voteview-senate-treaties"
    if not f.is_dir():
        pytest.skip("voteview-senate-treaties not present")
    return f


@pytest.fixture(scope="module")
def result(folder):
    return services.senate_calibration(folder).to_dict()


def _raw_votes(folder):
    """(yeas, nays) of senators (not the President) from the votes CSV; 1 = yea, 6 = nay."""
    yea = nay = 0
    records = 0
    with open(folder / "senate_treaty_votes.csv", newline="") as f:
        for r in csv.DictReader(f):
            records += 1
            code, icpsr = int(float(r["cast_code"])), int(float(r["icpsr"]))
            if icpsr < 99900:
                yea += code == 1
                nay += code == 6
    return yea, nay, records


def test_every_yea_nay_vote_is_scored(folder, result):
    yea, nay, records = _raw_votes(folder)
    assert records == 22_017  # the "22,017 individual votes": every record, absences included
    assert result["votes"] == yea + nay and result["roll_calls"] == 218
    assert result["yea_share"] == pytest.approx(yea / (yea + nay), abs=1e-5)
    # always yea: P = 1, so the Brier score is the share of nays
    assert result["scores"]["always_yea"]["brier"] == pytest.approx(nay / (yea + nay), abs=1e-5)


def test_cohesion_beats_always_yea_and_the_deterministic_rule_out_of_sample(result):
    s = result["scores"]
    for base in ("always_yea", "deterministic_rule"):
        assert s["cohesion"]["brier"] < s[base]["brier"]
        assert s["cohesion"]["log_loss"] < s[base]["log_loss"]
    ss = result["scores_scaled"]
    assert ss["cohesion"]["brier"] < ss["always_yea"]["brier"]
    assert sum(b["votes"] for b in result["calibration"]) == result["votes"]


def test_cli_option_prints_the_scores_and_bad_data_exits_2(folder, tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["senate-history", "--calibration", "--data", str(folder), "--json"])
    assert res.exit_code == 0, res.output
    assert set(json.loads(res.stdout)["scores"]) >= {"cohesion", "always_yea", "deterministic_rule"}
    res = runner.invoke(app, ["senate-history", "--calibration", "--data", str(tmp_path / "missing")])
    assert res.exit_code == 2 and "Voteview extract not found" in res.output

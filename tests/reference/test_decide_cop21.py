"""Compromise model on the Decide COP21 input (decide-climate-cop, GPL-3.0; not vendored)."""

from __future__ import annotations

import csv

import numpy as np

from winset.models import compromise


def test_cop21_power_salience_mean_matches_plain_python(reference_data):
    """COP21 (Decide format): recompute the power x salience weighted mean with plain Python, independently."""
    rows = []
    with open(reference_data / "decide-climate-cop" / "cop21.csv", encoding="utf-8") as f:
        for rec in csv.reader(f, delimiter="\t", quotechar="'"):
            if rec and rec[0] == "#D":
                rows.append((rec[1], rec[2], float(rec[3]), float(rec[4]), float(rec[5])))
    issues = sorted({r[1] for r in rows})
    assert len(issues) == 13 and len(rows) == 181  # as documented in the data's README
    for issue in issues:
        sub = [r for r in rows if r[1] == issue]
        expected = sum(pw * sal * pos for _, _, pos, sal, pw in sub) / sum(
            pw * sal for _, _, _, sal, pw in sub
        )
        p = np.array([[r[2]] for r in sub])
        s = np.array([[r[3]] for r in sub])
        c = np.array([r[4] for r in sub])
        assert abs(compromise(p, s, c)[0] - expected) < 1e-9

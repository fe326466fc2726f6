"""Values on an issue scale are shown at the scale's precision (issue 15, defects 9 and 14).

* 14: an interval end computed as ``0`` plus floating-point dust printed as ``[1.421e-14, 66.6]``;
* 9: a repair listed a change of ``-0.0021`` on a 0-100 scale as ``-0.00 | 70 → 70.00``.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from helpers import actor, scenario
from winset import services
from winset.cli import app
from winset.formatting import fmt_change, fmt_interval, fmt_on_scale
from winset.scenario.domains import round_on_scale, scale_decimals

DUST = re.compile(r"\d(\.\d+)?e-\d")  # 1.421e-14, 3.553e-15


@pytest.mark.parametrize(
    "x,lo,hi,shown",
    [
        (3.552713678800501e-15, 0, 100, "0"),
        (-1e-13, 0, 100, "0"),  # never "-0"
        (42.00000000001, 0, 100, "42"),
        (24.599999999999994, 0, 100, "24.6"),
        (55.833333, 0, 100, "55.83"),
        (1999.0000001, 1978, 2030, "1999"),
        (0.123456, 0, 1, "0.1235"),
        (123456.7, 0, 1e6, "123457"),
    ],
)
def test_a_value_is_shown_to_a_ten_thousandth_of_its_scale(x, lo, hi, shown):
    assert fmt_on_scale(x, lo, hi) == shown
    # the shown text differs from the value by at most half of the scale's last decimal, and that decimal is
    # at most 1/10,000 of the span rounded up to a power of ten (hand-computed: 10**-d >= span / 10**4)
    d = scale_decimals(lo, hi)
    assert abs(float(shown) - x) <= 0.5 * 10**-d + 1e-12
    assert 10**-d >= (hi - lo) / 1e4 and 10 ** -(d + 1) < (hi - lo) / 1e4 or d == 0


def test_intervals_and_changes():
    assert fmt_interval(3.552713678800501e-15, 42.0, 0, 100) == "[0, 42]"
    assert fmt_interval(21, 45.6, 0, 100, (False, False)) == "(21, 45.6)"
    assert fmt_change(-0.0021, 0, 100) == "0" and fmt_change(12.333136, 0, 100) == "+12.33"
    assert round_on_scale(-0.0021, 0, 100) == 0.0


def _dusty():
    """Found by a random search: the y slice of the ZOPA is (0 + 1.42e-14, 66.6) in floating point."""
    return scenario(
        ["x", "y"],
        [
            actor("A", {"x": 33.3, "y": 70}, {"x": 0.1, "y": 1 / 3}),
            actor("B", {"x": 8.4, "y": 33.3}, {"x": 0.6, "y": 0.3}),
        ],
        {"x": 21, "y": 0},
        bodies=[
            {
                "id": "S",
                "name": "S",
                "rule": "majority",
                "members": [
                    {"id": "m1", "weight": 1, "ideal": {"x": 8.4, "y": 33.3}},
                    {"id": "m2", "weight": 1, "ideal": {"x": 70, "y": 33.3}},
                    {"id": "m3", "weight": 1, "ideal": {"x": 33.3}},
                ],
            }
        ],
    )


def test_the_zopa_shows_no_floating_point_dust(tmp_path):
    sc = _dusty()
    res = services.winsets(sc, samples=1000).to_dict()
    [(lo, hi)] = next(s for s in res["zopa"]["slices"] if s["issue"] == "y")["overlap"]
    assert 0 < lo < 1e-9 and hi == pytest.approx(66.6)  # the dust is really there in the numbers
    texts = [res["zopa"]["verdict"], *res["zopa"]["reasons"]] + [r["text"] for r in res["one_d"]]
    texts += [r["text_through"] for r in res["one_d"]]
    assert not [t for t in texts if DUST.search(t)]
    f = tmp_path / "dusty.yaml"
    f.write_text(json.dumps(sc.model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    runner = CliRunner()
    for cmd in (["winsets", str(f), "--samples", "1000"], ["analyze", str(f)]):
        r = runner.invoke(app, cmd, env={"COLUMNS": "200"})
        assert r.exit_code == 0, r.output
        assert not DUST.search(r.output), r.output
    r = runner.invoke(app, ["winsets", str(f), "--samples", "1000"], env={"COLUMNS": "200"})
    assert "[0, 66.6]" in r.output


def _tiny_change():
    """Found by a random search: the best repair of d moves w from 70 to 69.9979 (-0.0021 on 0-100)."""
    iss = ["x", "y", "z", "w"]

    def at(*v: float) -> dict[str, float]:
        return dict(zip(iss, v, strict=True))

    third = 1 / 3
    members = [
        (1, at(21, 33.3, 21, 66.6), at(0.2, 0.9, 0.9, third)),
        (2, at(100, 42, 20, 20), at(0.9, third, third, 0.5)),
        (1, at(50, 70, 33.3, 70), at(third, 0.9, 0.9, 0.5)),
        (3, at(33.3, 50, 0, 10), at(0.9, 0.2, third, 0.2)),
    ]
    return scenario(
        iss,
        [
            actor("A", at(100, 33.3, 66.6, 33.3), at(third, 0.5, 0.9, 0.5)),
            actor("B", at(34, 60, 30, 30), at(0.2, 0.5, 0.9, third)),
            actor("C", at(33.3, 34, 60, 50), at(0.5, 0.2, 0.2, 0.5)),
        ],
        at(20, 100, 21, 34),
        bodies=[
            {
                "id": "S",
                "name": "S",
                "rule": "quota",
                "quota": 0.6,
                "members": [
                    {"id": f"m{j}", "weight": w, "ideal": ideal, "salience": sal}
                    for j, (w, ideal, sal) in enumerate(members)
                ],
            }
        ],
        deals=[{"id": "d", "name": "d", "terms": at(20, 100, 21, 70)}],
    )


def test_a_repair_lists_no_change_that_rounds_to_zero(tmp_path):
    sc = _tiny_change()
    res = services.repair(sc, "d", samples=1024).to_dict()
    assert res["found"]
    moved = {c["issue"]: c for c in res["changes"]}
    assert "w" not in moved, moved["w"]  # |delta| < 0.005: rounds to 0 at the 0-100 scale's 0.01
    assert all(round_on_scale(c["delta"], 0, 100) != 0 for c in res["changes"])
    f = tmp_path / "tiny.yaml"
    f.write_text(json.dumps(sc.model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    r = CliRunner().invoke(app, ["repair", str(f), "d", "--samples", "1024"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "0.00" not in r.output and not re.search(r"[+-]0\b", r.output), r.output

"""The winsets command end to end (typer CliRunner)."""

from __future__ import annotations

import pytest


def test_cli_winsets_panama_json():
    """Panama Senate, r = (2030, 100, 2.3): the 32 opponents sit at r, so the deepest closed half-plane holds
    them alone: depth 0.32, and 0.68 >= 2/3 can gain together (the 68-32 of 1978)."""
    import json

    from typer.testing import CliRunner

    from winset.cli import app

    res = CliRunner().invoke(app, ["winsets", "panama-canal-1978", "--json", "--samples", "2000"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    sen = next(r for r in d["two_d"] if r["body"] == "us_senate")
    assert sen["exact"] and not sen["empty"] and sen["depth_share"] == pytest.approx(0.32)
    assert d["zopa"]["nonempty"]
    assert any(r["body"] == "us_senate" and r["issue"] == "handover" for r in d["one_d"])
    bad = CliRunner().invoke(app, ["winsets", "panama-canal-1978", "--reference", "nope"])
    assert bad.exit_code == 2 and "unknown reference" in bad.output

"""The delay command end to end (typer CliRunner)."""

from __future__ import annotations

import pytest


def test_cli_delay():
    import json

    from typer.testing import CliRunner

    from winset.cli import app

    r = CliRunner().invoke(
        app, ["delay", "anchorage-2025", "--side-a", "US,UA,EU", "--side-b", "RU", "--json"]
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert [s["name"] for s in d["sides"]] == ["US+UA+EU", "RU"]
    assert d["expected_lives_lost"] == pytest.approx(7000 * d["attrition"]["expected_weeks"])
    assert d["complete_information_delay_weeks"] == 0
    bad = CliRunner().invoke(app, ["delay", "--side-a", "XX"])
    assert bad.exit_code == 2 and "unknown actor" in bad.output

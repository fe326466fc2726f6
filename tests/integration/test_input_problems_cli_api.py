"""Bad numbers and several problems in one file, through the CLI and the JSON API (issue 15, defects 2 and 5)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from helpers import line_of, small_yaml
from winset.cli import app
from winset.scenario.loader import resolve
from winset.web import create_app
from winset.web.store import Store


@pytest.fixture()
def client(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'web.db'}")
    with TestClient(create_app(store, max_upload=64 * 1024, allowed_hosts=["testserver"])) as c:
        c.post("/api/scenarios", json={"slug": "small", "text": small_yaml()}).raise_for_status()
        yield c
    store.close()


@pytest.mark.parametrize("field,issue", [("capability", None), ("salience", "x")])
def test_an_api_override_of_1e308_is_refused_not_answered_with_null(client, field, issue):
    override = {"actor": "A", "field": field, "value": 1e308} | ({"issue": issue} if issue else {})
    r = client.post("/api/scenarios/small/analyze", json={"overrides": [override]})
    assert r.status_code == 422, r.text
    [p] = r.json()["problems"]
    assert p["field"] == f"actors[A].{field}" + (f".{issue}" if issue else "")
    assert "1e+308" in p["message"]


def test_validate_prints_every_problem_with_file_line_and_field(tmp_path):
    text = resolve("panama-canal-1978").read_text(encoding="utf-8")
    for old, new in (
        ("    salience:\n      handover: {value: 0.6,", "    salinece:\n      handover: {value: 0.6,"),
        ("quota: {value: 2/3,", "quota: {value: 1.5,"),
        (
            "veto_players: [US, PA, us_senate, pa_plebiscite]",
            "veto_players: [US, PA, us_senate, pa_plebiscite, XX]",
        ),
        ("capability: {value: 0.7,", "capability: {value: 1e308,"),
    ):
        assert text.count(old) == 1
        text = text.replace(old, new)
    f = tmp_path / "case.yaml"
    f.write_text(text, encoding="utf-8")
    r = CliRunner().invoke(app, ["validate", str(f)])
    assert r.exit_code == 2
    expected = [
        (line_of(text, "salinece:"), "actors[US].salinece"),
        (line_of(text, "quota: {value: 1.5"), "bodies[us_senate].quota"),
        (line_of(text, "veto_players:"), "veto_players[4]"),
        (line_of(text, "capability: {value: 1e308"), "actors[US].capability"),
    ]
    for line, field in expected:
        assert f"{f}:{line} [{field}]" in r.output, (field, r.output)
    assert "[actors[US].salience]: Field required" in r.output

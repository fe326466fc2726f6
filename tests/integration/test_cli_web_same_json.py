"""The same analysis gives the same JSON from the CLI (``--json``) and the web API: both render one service.

Each case runs ``winset <command> ... --json`` (typer's CliRunner) and the matching API endpoint with the same
options on a built-in scenario, and compares the parsed JSON.  The options differ from the defaults where the
web has its own (search samples, sweep draws), so a default that only one side applies would show up.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from winset.cli import app as cli_app
from winset.web import create_app
from winset.web.store import Store

SC = "anchorage-2025"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}")
    with TestClient(create_app(store, allowed_hosts=["testserver"])) as c:
        yield c
    store.close()


def _cli(*args: str) -> Any:
    res = CliRunner().invoke(cli_app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _finite(x: Any) -> Any:
    """NaN as ``None``: JSON has no NaN, so the web sends ``null`` where ``json.dumps`` writes ``NaN``."""
    if isinstance(x, float) and math.isnan(x):
        return None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_finite(v) for v in x]
    return x


CASES = [
    ("analyze", ["analyze", SC, "--reference", "lease"], "post", "analyze", {"reference": "lease"}),
    (
        "forecast",
        ["forecast", SC, "--model", "compromise,median,bdm,smp", "--rounds", "7", "--risk", "neutral"],
        "post",
        "forecast",
        {"models": ["compromise", "median", "bdm", "smp"], "rounds": 7, "risk": "neutral"},
    ),
    (
        "winsets",
        ["winsets", SC, "--reference", "lease", "--samples", "800", "--seed", "2"],
        "post",
        "winsets",
        {"reference": "lease", "samples": 800, "seed": 2},
    ),
    (
        "search",
        ["search", SC, "--samples", "512", "--seed", "3", "--instrument", "treaty"],
        "post",
        "search",
        {"samples": 512, "seed": 3, "instruments": ["treaty"]},
    ),
    (
        "repair",
        ["repair", SC, "lease", "--samples", "512", "--seed", "1"],
        "post",
        "repair",
        {"deal": "lease", "samples": 512, "seed": 1},
    ),
    ("delay", ["delay", SC, "--side-a", "US", "--side-b", "RU", "--pie", "2"], "get", "delay", None),
    (
        "sweep",
        ["sweep", SC, "--draws", "200", "--seed", "5", "--top", "3", "--big-issue-draws", "40"],
        "post",
        "sweep",
        {"draws": 200, "seed": 5, "top": 3, "big_issue_draws": 40},
    ),
]


@pytest.mark.parametrize(("name", "argv", "method", "path", "body"), CASES, ids=[c[0] for c in CASES])
def test_cli_and_api_give_the_same_json(client, name, argv, method, path, body):
    url = f"/api/scenarios/{SC}/{path}"
    if method == "get":
        r = client.get(url, params={"side_a": "US", "side_b": "RU", "pie": 2})
    else:
        r = client.post(url, json=body)
    assert r.status_code == 200, r.text
    web, cli = r.json(), _cli(*argv)
    assert web == _finite(cli)


def test_sweep_has_the_one_big_issue_as_the_cli(client):
    """The web sweep includes the one-big-issue odds, on min(300, draws) draws by default, as the CLI does."""
    web = client.post(f"/api/scenarios/{SC}/sweep", json={"draws": 120, "seed": 0}).json()
    assert web["one_big_issue"]["draws"] == 120
    assert math.isclose(sum(web["one_big_issue"]["p"].values()), 1.0, abs_tol=1e-9)
    assert web == _finite(_cli("sweep", SC, "--draws", "120", "--seed", "0"))


def test_service_problems_name_the_request_fields(client):
    """A bad option is the service's problem, under the request's field name (``model`` -> ``models``)."""
    r = client.post(f"/api/scenarios/{SC}/forecast", json={"models": ["bdm"], "q": 1.5})
    assert r.status_code == 422
    assert [(p["file"], p["field"]) for p in r.json()["problems"]] == [("<request>", "q")]
    assert "must lie in [0, 1], got 1.5" in r.json()["detail"]
    r = client.post(f"/api/scenarios/{SC}/repair", json={"deal": "nope"})
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "deal"
    assert "unknown deal 'nope'" in r.json()["problems"][0]["message"]
    r = client.post(f"/api/scenarios/{SC}/sweep", json={"draws": 0})
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "draws"
    r = client.post(f"/api/scenarios/{SC}/sweep", json={"draws": 50, "big_issue_draws": 60})
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "big_issue_draws"
    r = client.get(f"/api/scenarios/{SC}/delay", params={"side_a": "US", "side_b": "US"})
    assert r.status_code == 422 and "on both sides: US" in r.json()["detail"]

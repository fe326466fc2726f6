"""Helpers shared by the test tiers: builders for small hand-worked scenarios, a scenario as YAML text, a live
server for the web app (importable from every tier: pytest puts tests/ on sys.path, see pyproject.toml)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from winset.scenario import Scenario, validate_data


def scenario(
    issues: list[str],
    actors: list[dict[str, Any]],
    reversion: dict[str, float],
    bodies: list[dict[str, Any]] | None = None,
    deals: list[dict[str, Any]] | None = None,
    veto: list[str] | None = None,
    **extra: Any,
) -> Scenario:
    data: dict[str, Any] = {
        "id": "t",
        "title": "test",
        "issues": [{"id": i, "name": i} for i in issues],
        "actors": actors,
        "reversion": reversion,
        "bodies": bodies or [],
        "deals": deals or [],
        "veto_players": veto if veto is not None else [a["id"] for a in actors],
    }
    data.update(extra)
    return validate_data(data)


def actor(
    aid: str, pos: dict[str, float], sal: dict[str, float] | None = None, cap: float = 1.0, **extra: Any
) -> dict[str, Any]:
    return {
        "id": aid,
        "name": aid,
        "capability": cap,
        "positions": pos,
        "salience": sal or {k: 1.0 for k in pos},
        **extra,
    }


def ratify_case():
    """One issue 0-100, reversion 20, one deal at 60.

    * actor A: ideal point uniform on [0, 100], linear loss: prefers 60 to 20 iff |60 - p| < |20 - p| iff p > 40,
      so P(A accepts) = 60/100 = 0.6;
    * body S: member m1 (ideal 100, weight 0.7) votes yes, m2 (ideal 0, weight 0.3) votes no: yes share 0.7;
      quota uniform on [0.5, 0.9] so P(0.7 >= quota) = (0.7 - 0.5) / 0.4 = 0.5;
    * both are veto players and independent: P(ratified) = 0.6 * 0.5 = 0.3.
    """
    return scenario(
        ["x"],
        [actor("A", {"x": {"value": 50, "low": 0, "high": 100}}), actor("B", {"x": 60})],
        {"x": 20},
        bodies=[
            {
                "id": "S",
                "name": "S",
                "rule": "quota",
                "quota": {"value": 0.6, "low": 0.5, "high": 0.9},
                "members": [
                    {"id": "m1", "weight": 0.7, "ideal": {"x": 100}},
                    {"id": "m2", "weight": 0.3, "ideal": {"x": 0}},
                ],
            }
        ],
        deals=[{"id": "d", "name": "d", "terms": {"x": 60}}],
        veto=["A", "S"],
    )


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle`` (independent of the loader)."""
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


def small_yaml(title: str = "small", quota: float = 0.6) -> str:
    """A valid two-actor scenario as YAML text (the quota line is where tests break it)."""
    data = {
        "id": "small",
        "title": title,
        "issues": [{"id": "x", "name": "X"}],
        "actors": [
            {"id": "A", "name": "A", "capability": 1, "positions": {"x": 20}, "salience": {"x": 1}},
            {"id": "B", "name": "B", "capability": 1, "positions": {"x": 80}, "salience": {"x": 1}},
        ],
        "reversion": {"x": 50},
        "bodies": [
            {
                "id": "S",
                "name": "S",
                "rule": "quota",
                "quota": quota,
                "members": [{"id": "m", "weight": 1, "ideal": {"x": 40}}],
            }
        ],
        "deals": [{"id": "d", "name": "d", "terms": {"x": 45}}],
        "veto_players": ["A", "B", "S"],
    }
    return yaml.safe_dump(data, sort_keys=False)


@contextlib.contextmanager
def live_server(app, timeout: float = 15.0) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 and a free port in a background thread; yield its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=2)
    )
    th = threading.Thread(target=server.run, daemon=True, name="winset-test-server")
    th.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not th.is_alive():
            server.should_exit = True
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        th.join(timeout)


# ---- small hand-written GENIUS domain (our own XML, used by the unit, CLI and reference tiers) ----
GENIUS_DOMAIN = """<negotiation_template>
<utility_space number_of_issues="1">
<objective index="0" name="d" type="objective" etype="objective">
  <issue index="1" name="price" etype="discrete">
    <item index="1" value="low"/>
    <item index="2" value="high"/>
  </issue>
</objective>
</utility_space>
</negotiation_template>
"""


GENIUS_PROFILE = """<utility_space>
<objective index="0" name="d" type="objective" etype="objective">
  <issue index="1" name="price" etype="discrete">
    <item index="1" value="low" evaluation="{low}"/>
    <item index="2" value="high" evaluation="4"/>
  </issue>
  <weight index="1" value="1.0"/>
</objective>
<reservation value="0.25"/>
</utility_space>
"""


GENIUS_INT_DOMAIN = """<negotiation_template><utility_space><objective index="0" name="d" etype="objective">
  <issue index="1" name="days" etype="integer" type="integer" lowerbound="2" upperbound="6"/>
  <issue index="2" name="colour" etype="discrete">
    <item index="1" value="red"/><item index="2" value="blue"/>
  </issue>
</objective></utility_space></negotiation_template>
"""


GENIUS_INT_PROFILE = """<utility_space><objective index="0" name="d" etype="objective">
  <issue index="1" name="days" etype="integer" lowerbound="2" upperbound="6">
    <evaluator ftype="linear" slope="{slope}" offset="{offset}"/>
  </issue>
  <issue index="2" name="colour" etype="discrete">
    <item index="1" value="red" evaluation="2"/><item index="2" value="blue" evaluation="1"/>
  </issue>
  <weight index="1" value="0.6"/><weight index="2" value="0.4"/>
</objective></utility_space>
"""


def write_genius(tmp: Path, low: str = "1", buyer: str | None = None) -> Path:
    d = tmp / "case"
    d.mkdir(exist_ok=True)
    (d / "a_domain.xml").write_text(GENIUS_DOMAIN)
    (d / "b_seller.xml").write_text(GENIUS_PROFILE.format(low=low))
    (d / "c_buyer.xml").write_text(buyer if buyer is not None else GENIUS_PROFILE.format(low="8"))
    return d


# ---- small search / repair cases (hand-worked in tests/unit/test_search.py) ----
SEARCH_ONE_D = """
id: one-d
title: One issue, one parliament
issues:
  - id: x
    name: Border
    anchors: [{value: 0, label: A}, {value: 55, label: compromise}, {value: 100, label: B}]
actors:
  - {id: A, name: A, capability: 1, positions: {x: 0}, salience: {x: 1}, delay_cost_per_week: 0.1}
  - {id: B, name: B, capability: 1, positions: {x: 100}, salience: {x: 1}, delay_cost_per_week: 0.2}
reversion: {x: 50}
cost_of_delay: {horizon_weeks: 1}
bodies:
  - id: parl
    name: B's parliament
    actor: B
    rule: majority
    members:
      - {id: m1, weight: 60, ideal: {x: 80}}
      - {id: m2, weight: 40, ideal: {x: 20}}
veto_players: [A, B, parl]
deals:
  - {id: low, name: Low, instrument: treaty, terms: {x: 20}}
  - {id: high, name: High, instrument: treaty, terms: {x: 70}}
  - {id: ok, name: Fine, instrument: treaty, terms: {x: 55}}
"""


SEARCH_TWO_D = """
id: two-d
title: Two issues, three veto actors
issues: [{id: x, name: X}, {id: y, name: Y}]
actors:
  - {id: A, name: A, capability: 1, positions: {x: 0, y: 0}, salience: {x: 2, y: 1}}
  - {id: C, name: C, capability: 1, positions: {x: 0, y: 0}, salience: {x: 1, y: 2}}
  - {id: B, name: B, capability: 1, positions: {x: 100, y: 100}, salience: {x: 1, y: 1}, delay_cost_per_week: %s}
reversion: {x: 50, y: 50}
cost_of_delay: {horizon_weeks: 1}
veto_players: [A, B, C]
deals:
  - {id: far, name: Far, instrument: treaty, terms: {x: 80, y: 80}}
"""

"""``winset timeline``, ``--as-of`` on the analysis commands, the report's timeline chart and the web page's slider
(the scenario: tests/data/timeline-small.yaml; its verdicts are worked out in tests/unit/test_timeline.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import winset
from helpers import line_of
from winset.cli import app
from winset.web import create_app
from winset.web.store import Store

DATA = Path(__file__).resolve().parent.parent / "data" / "timeline-small.yaml"
TEXT = DATA.read_text(encoding="utf-8")
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_timeline_table_shows_every_snapshot_and_what_changed():
    r = run("timeline", str(DATA), "--draws", "100")
    assert r.exit_code == 0, r.output
    table = r.output.split("┡")[1].split("└")[0]
    rows = [block for block in re.split(r"\n[├┡][^\n]*\n", "\n" + table) if "│ 2025-" in block]
    assert [row.split("│")[1].strip() for row in rows] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    base, first, _ = rows
    assert "✗ d1 0% B" in base and "✗ d2 0% A" in base  # hand-worked in the unit test
    assert "✓ d1 100%" in first  # d1 ratifiable after B softens, in every draw
    assert "land 50.0→27.5" in first  # compromise: (20 + 80) / 2 before, (20 + 35) / 2 after
    assert "Deals: d1 = Deal one; d2 = Deal two; d3 = Deal three" in r.output
    assert "actors.B.positions.land = 35" in r.output
    assert "deal withdrawn: Deal two" in r.output


def test_timeline_json_is_the_service_result():
    r = run("timeline", str(DATA), "--draws", "50", "--seed", "3", "--json")
    assert r.exit_code == 0, r.output
    want = json.dumps(winset.timeline(DATA, draws=50, seed=3).to_dict(), indent=2, ensure_ascii=False)
    assert r.output == want + "\n"


def test_bad_draws_name_the_option():
    r = run("timeline", str(DATA), "--draws", "-1")
    assert r.exit_code == 2
    assert "winset timeline [--draws]" in r.output


def test_analyze_shows_the_latest_snapshot_with_its_date_and_as_of_an_earlier_one():
    r = run("analyze", str(DATA))
    assert r.exit_code == 0 and "as of 2025-03-01 (A third deal)" in r.output
    assert "Deal three" in r.output
    r = run("analyze", str(DATA), "--as-of", "2025-01-20")
    assert r.exit_code == 0 and "as of 2025-01-01 (base)" in r.output
    assert "Deal two" in r.output and "Deal three" not in r.output
    j = json.loads(run("analyze", str(DATA), "--as-of", "2025-02-10", "--json").output)
    assert j["scenario"]["date"] == "2025-02-01" and [d["id"] for d in j["deals"]] == ["d1"]


@pytest.mark.parametrize(
    "cmd",
    [
        ["analyze"],
        ["forecast"],
        ["winsets"],
        ["search", "-n", "256"],
        ["repair", "d1"],
        ["sweep", "--draws", "10"],
        ["delay"],
        ["report", "-o", "unused.html"],
    ],
)
def test_as_of_before_the_first_snapshot_exits_2_naming_the_option(cmd, tmp_path):
    args = [cmd[0], str(DATA), *cmd[1:], "--as-of", "2024-06-01"]
    if cmd[0] == "report":
        args[args.index("unused.html")] = str(tmp_path / "r.html")
    r = run(*args)
    assert r.exit_code == 2, r.output
    assert f"winset {cmd[0]} [--as-of]" in r.output
    assert "before the first snapshot (2025-01-01)" in r.output


def test_validate_checks_every_snapshot(tmp_path):
    r = run("validate", str(DATA))
    assert r.exit_code == 0 and "3 snapshots, 2025-01-01 to 2025-03-01" in r.output
    bad = TEXT.replace("{withdraw_deal: d2,", "{withdraw_deal: d7,")
    f = tmp_path / "bad.yaml"
    f.write_text(bad, encoding="utf-8")
    r = run("validate", str(f))
    assert r.exit_code == 2
    assert f"{f}:{line_of(bad, 'withdraw_deal: d7')} [timeline[2025-02-01].changes[1] → deals.d7]" in r.output


def test_report_charts_the_timeline(tmp_path):
    out = tmp_path / "r.html"
    r = run("report", str(DATA), "-o", str(out), "--draws", "100")
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert 'id="fig-timeline"' in html and 'href="#timeline"' in html
    assert "as of 2025-03-01 (A third deal)" in html
    # the snapshot table: one row per snapshot with its changes
    assert html.count("<tr><td>2025-0") >= 3 and "deal added: Deal three" in html
    plain = tmp_path / "p.html"
    assert run("report", "anchorage-2025", "-o", str(plain), "--draws", "0").exit_code == 0
    assert 'id="fig-timeline"' not in plain.read_text(encoding="utf-8")


# ---- web ------------------------------------------------------------------------------------------------
@pytest.fixture()
def client(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'web.db'}")
    web = create_app(store, max_upload=64 * 1024, allowed_hosts=["testserver"])
    with TestClient(web) as c:
        c.post("/api/scenarios", json={"slug": "tl", "text": TEXT}).raise_for_status()
        yield c
    store.close()


def test_scenario_page_links_to_the_timeline(client):
    page = client.get("/s/tl")
    assert page.status_code == 200 and 'href="/s/tl/timeline"' in page.text
    assert 'id="timeline-link"' not in client.get("/s/anchorage-2025").text


def test_timeline_page_has_a_slider_over_the_snapshots(client):
    page = client.get("/s/tl/timeline")
    assert page.status_code == 200
    slider = re.search(r'<input type="range" id="tl-slider"[^>]*>', page.text, re.S)
    assert slider is not None
    tag = slider.group(0)
    assert 'min="0"' in tag and 'max="2"' in tag and 'value="2"' in tag
    assert 'hx-get="/s/tl/timeline/view"' in tag
    assert "2025-03-01: A third deal" in page.text  # the latest snapshot is shown first
    # the overview: d2 blocked by A at the base, off the table afterwards
    assert "no (A)" in page.text


def test_slider_fragment_shows_the_chosen_snapshot(client):
    frag = client.get("/s/tl/timeline/view", params={"i": 1})
    assert frag.status_code == 200
    assert "2025-02-01: B softens on land" in frag.text
    assert "deal withdrawn: Deal two" in frag.text
    assert "100%" in frag.text  # d1's chance after B softens (hand-worked: every draw)
    assert "Deal three" not in frag.text
    bad = client.get("/s/tl/timeline/view", params={"i": 7})
    assert bad.status_code == 422 and "number of snapshots (3)" in bad.text


def test_timeline_api_is_the_service(client):
    r = client.post("/api/scenarios/tl/timeline", json={"draws": 50, "seed": 2})
    assert r.status_code == 200
    assert r.json() == json.loads(json.dumps(winset.timeline(DATA, draws=50, seed=2).to_dict()))
    assert client.post("/api/scenarios/tl/timeline", json={"draws": 5000}).status_code == 422

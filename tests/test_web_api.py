"""Web app and JSON API: CRUD, errors in place, upload limit, what-if, runs, token, parallel saves."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from test_store import small_yaml
from winset.cli import app as cli_app
from winset.commands.serve import is_loopback
from winset.store import Store
from winset.web import create_app


@contextlib.contextmanager
def live_server(app, timeout: float = 15.0) -> Iterator[str]:
    """Serve ``app`` with uvicorn on 127.0.0.1 and a free port in a background thread; yield its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=2))
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


@pytest.fixture()
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'web.db'}")
    yield s
    s.close()


@pytest.fixture()
def client(store):
    app = create_app(store, max_upload=64 * 1024)
    with TestClient(app) as c:
        c.post("/api/scenarios", json={"slug": "small", "text": small_yaml()}).raise_for_status()
        yield c


def test_library_is_seeded_and_listed(client):
    slugs = [s["slug"] for s in client.get("/api/scenarios").json()]
    assert {"anchorage-2025", "panama-canal-1978", "small"} <= set(slugs)
    page = client.get("/")
    assert page.status_code == 200 and "Anchorage summit 2025" in page.text and "/static/htmx.min.js" in page.text
    js = client.get("/static/htmx.min.js")
    assert js.status_code == 200 and "htmx" in js.text[:300] and "0BSD" in js.text[:300]


def test_crud_conflict_and_revisions(client):
    got = client.get("/api/scenarios/small").json()
    assert got["version"] == 1 and got["text"] == small_yaml()
    r = client.put("/api/scenarios/small", json={"text": small_yaml("renamed"), "version": 1})
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["title"] == "renamed"
    stale = client.put("/api/scenarios/small", json={"text": small_yaml("stale"), "version": 1})
    assert stale.status_code == 409 and "changed by someone else" in stale.json()["detail"]
    assert [x["version"] for x in client.get("/api/scenarios/small/revisions").json()] == [1, 2]
    assert client.get("/api/scenarios/small/revisions/1").json()["text"] == small_yaml()
    assert client.post("/api/scenarios", json={"slug": "small", "text": small_yaml()}).status_code == 409
    assert client.delete("/api/scenarios/anchorage-2025").status_code == 403
    assert client.delete("/api/scenarios/small").status_code == 204
    assert client.get("/api/scenarios/small").status_code == 404


def test_invalid_scenario_gets_line_and_field_and_keeps_stored_data(client):
    before = client.get("/api/scenarios/small").json()
    bad = small_yaml(quota=1.5)
    line = next(n for n, t in enumerate(bad.splitlines(), 1) if "quota:" in t)
    r = client.put("/api/scenarios/small", json={"text": bad})
    assert r.status_code == 422
    p = r.json()["problems"][0]
    assert (p["file"], p["line"], p["field"]) == ("small.yaml", line, "bodies[S].quota")
    assert "quota must be in (0, 1]" in p["message"]
    r = client.put("/api/scenarios/small", json={"text": "title: [unclosed\n"})
    assert r.status_code == 422 and r.json()["problems"][0]["line"] == 2 and "invalid YAML" in r.json()["detail"]
    v = client.post("/api/validate", json={"text": bad}).json()
    assert v["ok"] is False and v["problems"][0]["line"] == line
    assert client.post("/api/validate", json={"text": small_yaml()}).json() == {"ok": True, "title": "small",
                                                                                "problems": []}
    assert client.get("/api/scenarios/small").json() == before


def test_editor_shows_problems_in_place(client):
    bad = small_yaml(quota=1.5)
    line = next(n for n, t in enumerate(bad.splitlines(), 1) if "quota:" in t)
    r = client.post("/s/small/save", data={"text": bad, "version": "1"})
    assert r.status_code == 422
    assert f'data-lines="{line}"' in r.text and f'data-line="{line}"' in r.text
    assert "bodies[S].quota" in r.text and "nothing was saved" in r.text
    r = client.post("/s/small/check", data={"text": small_yaml()})
    assert r.status_code == 200 and "No problems" in r.text
    r = client.post("/s/small/save", data={"text": small_yaml("edited"), "version": "1"})
    assert r.status_code == 200 and "Saved version 2" in r.text and "scenario-saved" in r.headers["hx-trigger"]
    assert client.get("/s/nope").status_code == 404


def test_upload_limit_413_and_nothing_lost(client):
    before = client.get("/api/scenarios/small").json()
    huge = small_yaml() + "#" * (100 * 1024) + "\n"
    r = client.put("/api/scenarios/small", json={"text": huge})
    assert r.status_code == 413
    assert "upload too large" in r.json()["detail"] and "65,536 bytes" in r.json()["detail"]

    def chunks():  # no Content-Length: the limit is enforced while streaming
        yield b'{"text": "'
        for _ in range(100):
            yield b"#" * 1024
        yield b'"}'

    r = client.put("/api/scenarios/small", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413
    r = client.post("/scenarios", files={"upload": ("big.yaml", huge.encode(), "text/yaml")},
                    headers={"accept": "text/html"})
    assert r.status_code == 413 and "upload too large" in r.text and 'id="problems"' in r.text
    assert client.get("/api/scenarios/small").json() == before
    assert client.get("/api/scenarios/big").status_code == 404


def test_upload_a_file_from_the_library_page(client):
    r = client.post("/scenarios", files={"upload": ("My Small.yaml", small_yaml("uploaded").encode(), "text/yaml")})
    assert r.status_code == 201 and r.headers["hx-redirect"] == "/s/my-small"
    assert client.get("/api/scenarios/my-small").json()["title"] == "uploaded"
    r = client.post("/scenarios", files={"upload": ("bad.yaml", small_yaml(quota=2).encode(), "text/yaml")})
    assert r.status_code == 422 and "bodies[S].quota" in r.text


def test_whatif_matches_hand_calculation(client):
    # equal capability and salience: compromise = (20 + 80) / 2 = 50; A's capability 3: (3*20 + 80) / 4 = 35
    base = client.post("/api/scenarios/small/analyze", json={}).json()
    assert base["forecast"]["compromise"]["x"] == 50.0
    r = client.post("/api/scenarios/small/analyze",
                    json={"overrides": [{"actor": "A", "field": "capability", "value": 3}]}).json()
    assert r["forecast"]["compromise"]["x"] == 35.0
    # deal x=45 vs no deal 50: A (20) and the body member (40) prefer it, B (80) does not -> B blocks.
    assert base["deals"][0]["ratifiable"] is False and base["deals"][0]["blockers"] == ["B"]
    # B moved to 30: |45-30| = 15 < |50-30| = 20, so B accepts too and the deal is ratifiable
    moved = client.post("/api/scenarios/small/analyze",
                        json={"overrides": [{"actor": "B", "field": "position", "issue": "x", "value": 30}]}).json()
    assert moved["deals"][0]["ratifiable"] is True
    html = client.post("/s/small/whatif", data={"cap:A": "3", "pos:A:x": "20", "sal:A:x": "1"})
    assert html.status_code == 200
    assert 'data-testid="compromise-x">35.0 <span class="delta">(-15.0)</span>' in html.text
    bad = client.post("/api/scenarios/small/analyze",
                      json={"overrides": [{"actor": "B", "field": "position", "issue": "x", "value": 130}]})
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "actors[B].positions.x"
    bad = client.post("/api/scenarios/small/analyze", json={"overrides": [{"actor": "Z", "field": "capability",
                                                                          "value": 1}]})
    assert bad.status_code == 422 and "unknown actor 'Z'" in bad.json()["detail"]


def test_runs_saved_and_compared(client):
    a = client.post("/api/scenarios/small/runs", json={"name": "baseline"}).json()
    b = client.post("/api/scenarios/small/runs", json={
        "name": "strong A", "overrides": [{"actor": "A", "field": "capability", "value": 3}]}).json()
    assert a["result"]["forecast"]["compromise"]["x"] == 50.0 and b["result"]["forecast"]["compromise"]["x"] == 35.0
    assert [r["name"] for r in client.get("/api/scenarios/small/runs").json()] == ["baseline", "strong A"]
    assert client.get(f"/api/runs/{b['id']}").json()["overrides"][0]["value"] == 3
    page = client.post("/s/small/runs", data={"run_name": "from page", "cap:A": "2"})
    assert page.status_code == 200 and "from page" in page.text
    cmp = client.get(f"/s/small/compare?run={a['id']}&run={b['id']}")
    assert cmp.status_code == 200
    row = cmp.text[cmp.text.index('data-issue="x"'):]
    row = row[:row.index("</tr>")]
    assert "50.0" in row and "35.0" in row and 'class="differs"' in cmp.text
    assert "Tick two or more" in client.get(f"/s/small/compare?run={a['id']}").text


def test_sweep_api_is_bounded_and_reproducible(client):
    r1 = client.post("/api/scenarios/anchorage-2025/sweep", json={"draws": 300, "seed": 4}).json()
    r2 = client.post("/api/scenarios/anchorage-2025/sweep", json={"draws": 300, "seed": 4}).json()
    assert r1 == r2 and r1["draws"] == 300
    assert client.post("/api/scenarios/anchorage-2025/sweep", json={"draws": 10**6}).status_code == 422


def test_token_gate(store):
    app = create_app(store, token="s3cret-token")
    with TestClient(app) as c:
        assert c.get("/api/scenarios").status_code == 401
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/scenarios", headers={"Authorization": "Bearer wrong-token"}).status_code == 401
        assert c.get("/api/scenarios", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        r = c.get("/?token=s3cret-token", follow_redirects=False)
        assert r.status_code == 303 and "token" not in r.headers["location"]
        assert "samesite=strict" in r.headers["set-cookie"].lower()
        assert c.get("/").status_code == 200  # the cookie is now set


def test_serve_refuses_a_public_address_without_token(monkeypatch):
    monkeypatch.delenv("WINSET_TOKEN", raising=False)
    res = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0"])
    assert res.exit_code == 2 and "--token" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--token", "short"])
    assert res.exit_code == 2 and "at least 8" in res.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")


def test_parallel_http_saves_lose_nothing(store):
    app = create_app(store, seed=False)
    n = 40
    with live_server(app) as base, httpx.Client(base_url=base, timeout=30) as c:
        assert c.post("/api/scenarios", json={"slug": "shared", "text": small_yaml("v0")}).status_code == 201

        def work(i: int) -> tuple[int, int, int]:
            with httpx.Client(base_url=base, timeout=30) as cc:
                a = cc.put("/api/scenarios/shared", json={"text": small_yaml(f"t{i}")}).status_code
                b = cc.post("/api/scenarios/shared/runs", json={"name": f"run{i}"}).status_code
                d = cc.post("/api/scenarios", json={"slug": f"own-{i}", "text": small_yaml(f"o{i}")}).status_code
            return a, b, d

        with ThreadPoolExecutor(16) as ex:
            codes = list(ex.map(work, range(n)))
        assert codes == [(200, 201, 201)] * n
        assert c.get("/api/scenarios/shared").json()["version"] == n + 1
        texts = {c.get(f"/api/scenarios/shared/revisions/{v}").json()["text"] for v in range(1, n + 2)}
        assert texts == {small_yaml(f"t{i}") for i in range(n)} | {small_yaml("v0")}
        assert {r["name"] for r in c.get("/api/scenarios/shared/runs").json()} == {f"run{i}" for i in range(n)}
        assert len(c.get("/api/scenarios").json()) == n + 1


def test_two_level_endpoints_are_the_library_functions(client):
    """The API returns exactly what the library (and the CLI's --json) computes, and rejects bad names with 422."""
    from winset.delay import analyse_delay
    from winset.forecast import forecast
    from winset.scenario import compile_scenario, loads
    from winset.search import repair_deal, search_packages
    from winset.winsets import winset_report

    sc = loads(small_yaml())
    c = compile_scenario(sc)
    r = client.post("/api/scenarios/small/forecast", json={"models": ["compromise", "bdm"]})
    assert r.status_code == 200
    assert r.json()["models"] == forecast(sc, ("compromise", "bdm"))["models"]
    # two equal actors at 20 and 80: the capability x salience weighted mean is 50
    assert r.json()["models"]["compromise"]["x"] == 50.0
    r = client.post("/api/scenarios/small/search", json={"samples": 512, "seed": 3})
    assert r.json() == search_packages(sc, n=512, seed=3).as_dict()
    r = client.post("/api/scenarios/small/repair", json={"deal": "d", "samples": 512})
    assert r.json() == repair_deal(sc, "d", n=512).as_dict()
    r = client.post("/api/scenarios/small/winsets", json={"samples": 500})
    assert r.json() == winset_report(sc, samples=500)
    r = client.get("/api/scenarios/small/delay")
    assert r.json() == analyse_delay(sc, c).as_dict(sc.id, c.issue_ids)
    for path, body, field in (("repair", {"deal": "nope"}, "deal"), ("winsets", {"reference": "nope"}, "reference")):
        r = client.post(f"/api/scenarios/small/{path}", json=body)
        assert r.status_code == 422 and r.json()["problems"][0]["field"] == field
    assert client.post("/api/scenarios/small/forecast", json={"models": ["oracle"]}).status_code == 422
    assert client.post("/api/scenarios/none/search", json={}).status_code == 404

"""Web app and JSON API: CRUD, errors in place, upload limit, what-if, runs, token, parallel saves."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from helpers import live_server, small_yaml
from winset.cli import app as cli_app
from winset.cli.serve import is_loopback
from winset.web import create_app
from winset.web.store import Store


@pytest.fixture()
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'web.db'}")
    yield s
    s.close()


@pytest.fixture()
def client(store):
    app = create_app(store, max_upload=64 * 1024, allowed_hosts=["testserver"])
    with TestClient(app) as c:
        c.post("/api/scenarios", json={"slug": "small", "text": small_yaml()}).raise_for_status()
        yield c


def test_library_is_seeded_and_listed(client):
    slugs = [s["slug"] for s in client.get("/api/scenarios").json()]
    assert {"anchorage-2025", "panama-canal-1978", "small"} <= set(slugs)
    page = client.get("/")
    assert (
        page.status_code == 200
        and "Anchorage summit 2025" in page.text
        and "/static/htmx.min.js" in page.text
    )
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
    assert (
        r.status_code == 422 and r.json()["problems"][0]["line"] == 2 and "invalid YAML" in r.json()["detail"]
    )
    v = client.post("/api/validate", json={"text": bad}).json()
    assert v["ok"] is False and v["problems"][0]["line"] == line
    assert client.post("/api/validate", json={"text": small_yaml()}).json() == {
        "ok": True,
        "title": "small",
        "problems": [],
    }
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
    assert (
        r.status_code == 200 and "Saved version 2" in r.text and "scenario-saved" in r.headers["hx-trigger"]
    )
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
    r = client.post(
        "/scenarios",
        files={"upload": ("big.yaml", huge.encode(), "text/yaml")},
        headers={"accept": "text/html"},
    )
    assert r.status_code == 413 and "upload too large" in r.text and 'id="problems"' in r.text
    assert client.get("/api/scenarios/small").json() == before
    assert client.get("/api/scenarios/big").status_code == 404


def test_upload_a_file_from_the_library_page(client):
    r = client.post(
        "/scenarios", files={"upload": ("My Small.yaml", small_yaml("uploaded").encode(), "text/yaml")}
    )
    assert r.status_code == 201 and r.headers["hx-redirect"] == "/s/my-small"
    assert client.get("/api/scenarios/my-small").json()["title"] == "uploaded"
    r = client.post("/scenarios", files={"upload": ("bad.yaml", small_yaml(quota=2).encode(), "text/yaml")})
    assert r.status_code == 422 and "bodies[S].quota" in r.text


def test_whatif_matches_hand_calculation(client):
    # equal capability and salience: compromise = (20 + 80) / 2 = 50; A's capability 3: (3*20 + 80) / 4 = 35
    base = client.post("/api/scenarios/small/analyze", json={}).json()
    assert base["forecast"]["compromise"]["x"] == 50.0
    r = client.post(
        "/api/scenarios/small/analyze",
        json={"overrides": [{"actor": "A", "field": "capability", "value": 3}]},
    ).json()
    assert r["forecast"]["compromise"]["x"] == 35.0
    # deal x=45 vs no deal 50: A (20) and the body member (40) prefer it, B (80) does not -> B blocks.
    assert base["deals"][0]["ratifiable"] is False and base["deals"][0]["blockers"] == ["B"]
    # B moved to 30: |45-30| = 15 < |50-30| = 20, so B accepts too and the deal is ratifiable
    moved = client.post(
        "/api/scenarios/small/analyze",
        json={"overrides": [{"actor": "B", "field": "position", "issue": "x", "value": 30}]},
    ).json()
    assert moved["deals"][0]["ratifiable"] is True
    html = client.post("/s/small/whatif", data={"cap:A": "3", "pos:A:x": "20", "sal:A:x": "1"})
    assert html.status_code == 200
    assert 'data-testid="compromise-x">35.0 <span class="delta">(-15.0)</span>' in html.text
    bad = client.post(
        "/api/scenarios/small/analyze",
        json={"overrides": [{"actor": "B", "field": "position", "issue": "x", "value": 130}]},
    )
    assert bad.status_code == 422 and bad.json()["problems"][0]["field"] == "actors[B].positions.x"
    bad = client.post(
        "/api/scenarios/small/analyze",
        json={"overrides": [{"actor": "Z", "field": "capability", "value": 1}]},
    )
    assert bad.status_code == 422 and "unknown actor 'Z'" in bad.json()["detail"]


def test_runs_saved_and_compared(client):
    a = client.post("/api/scenarios/small/runs", json={"name": "baseline"}).json()
    b = client.post(
        "/api/scenarios/small/runs",
        json={"name": "strong A", "overrides": [{"actor": "A", "field": "capability", "value": 3}]},
    ).json()
    assert (
        a["result"]["forecast"]["compromise"]["x"] == 50.0
        and b["result"]["forecast"]["compromise"]["x"] == 35.0
    )
    assert [r["name"] for r in client.get("/api/scenarios/small/runs").json()] == ["baseline", "strong A"]
    assert client.get(f"/api/runs/{b['id']}").json()["overrides"][0]["value"] == 3
    page = client.post("/s/small/runs", data={"run_name": "from page", "cap:A": "2"})
    assert page.status_code == 200 and "from page" in page.text
    cmp = client.get(f"/s/small/compare?run={a['id']}&run={b['id']}")
    assert cmp.status_code == 200
    row = cmp.text[cmp.text.index('data-issue="x"') :]
    row = row[: row.index("</tr>")]
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
                d = cc.post(
                    "/api/scenarios", json={"slug": f"own-{i}", "text": small_yaml(f"o{i}")}
                ).status_code
            return a, b, d

        with ThreadPoolExecutor(16) as ex:
            codes = list(ex.map(work, range(n)))
        assert codes == [(200, 201, 201)] * n
        assert c.get("/api/scenarios/shared").json()["version"] == n + 1
        texts = {c.get(f"/api/scenarios/shared/revisions/{v}").json()["text"] for v in range(1, n + 2)}
        assert texts == {small_yaml(f"t{i}") for i in range(n)} | {small_yaml("v0")}
        assert {r["name"] for r in c.get("/api/scenarios/shared/runs").json()} == {
            f"run{i}" for i in range(n)
        }
        assert len(c.get("/api/scenarios").json()) == n + 1


def test_two_level_endpoints_are_the_library_functions(client):
    """The API returns exactly what the library (and the CLI's --json) computes, and rejects bad names with 422."""
    from winset.analysis.delay import analyse_delay
    from winset.analysis.repair import repair_deal
    from winset.analysis.search import search_packages
    from winset.analysis.winsets import winset_report
    from winset.models.registry import forecast
    from winset.scenario import compile_scenario, loads

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
    for path, body, field in (
        ("repair", {"deal": "nope"}, "deal"),
        ("winsets", {"reference": "nope"}, "reference"),
    ):
        r = client.post(f"/api/scenarios/small/{path}", json=body)
        assert r.status_code == 422 and r.json()["problems"][0]["field"] == field
    assert client.post("/api/scenarios/small/forecast", json={"models": ["oracle"]}).status_code == 422
    assert client.post("/api/scenarios/none/search", json={}).status_code == 404


def test_oversized_htmx_request_gets_an_html_fragment_for_problems(client):
    """htmx sends ``HX-Request: true`` and no ``Accept: text/html``: the 413 is still HTML, retargeted to #problems."""
    huge = small_yaml() + "#" * (100 * 1024) + "\n"
    r = client.post(
        "/scenarios",
        files={"upload": ("big.yaml", huge.encode(), "text/yaml")},
        headers={"HX-Request": "true", "Accept": "*/*"},
    )
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert r.text.startswith('<div id="problems" class="problems bad"') and "65,536 bytes" in r.text
    assert (r.headers["hx-retarget"], r.headers["hx-reswap"]) == ("#problems", "outerHTML")
    r = client.post("/s/small/save", data={"text": huge, "version": "1"}, headers={"HX-Request": "true"})
    assert r.status_code == 413 and 'id="problems"' in r.text
    assert client.get("/api/scenarios/big").status_code == 404
    assert client.get("/api/scenarios/small").json()["version"] == 1


def _sliders(html: str) -> dict[str, dict[str, str]]:
    from html.parser import HTMLParser

    found: dict[str, dict[str, str]] = {}

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("type") == "range":
                found[a["name"]] = {k: a[k] for k in ("min", "max", "step", "value")}

    P().feed(html)
    return found


def test_panama_sliders_sit_exactly_on_the_scenario_values(client):
    """Each slider's step grid (from its min) contains the scenario's value, so the browser shows and sends it
    unchanged (a step of span/100 = 0.52 years made 1999 snap to 1998.8)."""
    from decimal import Decimal

    from winset.scenario import load

    sc = load("panama-canal-1978")
    sliders = _sliders(client.get("/s/panama-canal-1978").text)
    actors = {k: s for k, s in sliders.items() if k.split(":")[0] in ("cap", "pos", "sal")}
    assert len(actors) == len(sc.actors) * (1 + 2 * len(sc.issues)) == 14
    assert sliders["pos:US:handover"] == {"min": "1978", "max": "2030", "step": "1", "value": "1999"}
    for name, s in actors.items():
        kind, actor, *issue = name.split(":")
        a = sc.actor(actor)
        want = (
            a.capability if kind == "cap" else (a.positions if kind == "pos" else a.salience)[issue[0]]
        ).value
        assert float(s["value"]) == want, name
        if s["step"] != "any":
            steps = (Decimal(s["value"]) - Decimal(s["min"])) / Decimal(s["step"])
            assert steps == steps.to_integral_value(), (name, s)
    # the form exactly as the page renders it is no change at all, and one moved slider is one change
    form = {k: s["value"] for k, s in sliders.items()}
    r = client.post("/s/panama-canal-1978/whatif", data=form)
    assert r.status_code == 200 and 'id="whatif-count"' not in r.text
    r = client.post("/s/panama-canal-1978/whatif", data={**form, "pos:US:handover": "1995"})
    assert '<span class="badge warn" id="whatif-count">1 what-if change</span>' in r.text
    client.post("/s/panama-canal-1978/runs", data={**form, "run_name": "reset"}).raise_for_status()
    assert client.get("/api/scenarios/panama-canal-1978/runs").json()[0]["overrides"] == []


def test_slider_step_holds_every_value():
    from winset.web.whatif import exact, slider_step

    assert slider_step(1978, 2030, 1999) == "1"  # 52 one-year steps
    assert slider_step(0, 1, 0.6) == "0.01" and slider_step(0, 1, 0.6667) == "0.0001"
    assert slider_step(0, 1, 2 / 3) == "any"  # written 2/3 in YAML: no decimal grid holds it
    assert slider_step(0, 10, 2.5) == "0.1" and slider_step(5, 5, 5) == "any"
    assert (exact(1999.0), exact(2 / 3), exact(0.3)) == ("1999", "0.6666666666666666", "0.3")


def test_invalid_whatif_combination_is_shown_inside_the_results(client):
    zero = {"sal:US:handover": "0", "sal:US:defence": "0", "sal:US:payments": "0"}
    r = client.post("/s/panama-canal-1978/whatif", data=zero)
    assert r.status_code == 422
    assert r.text.startswith('<div id="results"') and 'id="whatif-problems"' in r.text
    assert "actors[US].salience" in r.text and "at least one salience must be positive" in r.text
    assert 'id="problems"' not in r.text and "nothing was saved" not in r.text
    r = client.post("/s/panama-canal-1978/runs", data={**zero, "run_name": "bad"})
    assert r.status_code == 422 and r.text.startswith('<div id="runs"') and "The run was not saved" in r.text
    assert client.get("/api/scenarios/panama-canal-1978/runs").json() == []
    r = client.post("/s/panama-canal-1978/whatif", data={"cap:US": "x"})
    assert r.status_code == 422 and r.text.startswith('<div id="results"') and "not a number" in r.text


def test_saving_sends_the_new_title_to_the_page(client):
    import json

    r = client.post("/s/small/save", data={"text": small_yaml("Größer – neu"), "version": "1"})
    assert r.status_code == 200
    assert json.loads(r.headers["hx-trigger"]) == {"scenario-saved": {"version": 2, "title": "Größer – neu"}}


def _stored(store: Store, slug: str) -> tuple[int, str, list[int]]:
    rec = store.get(slug)
    return rec.version, rec.text, [r["version"] for r in store.revisions(slug)]


def test_dns_rebinding_and_cross_site_requests_are_refused(store):
    """The default app (no token, so ``winset serve`` binds loopback) answers only loopback host names, and a
    state-changing request from another site's page is refused; nothing stored changes."""
    app = create_app(store, max_upload=64 * 1024)
    with TestClient(app, base_url="http://127.0.0.1:18601") as c:
        assert c.post("/api/scenarios", json={"slug": "small", "text": small_yaml()}).status_code == 201
        before = _stored(store, "small")
        for host in ("localhost:18601", "127.0.0.1", "[::1]:8000", "LOCALHOST:1"):
            assert c.get("/api/health", headers={"host": host}).status_code == 200, host
        evil = {"host": "evil.example:18601", "origin": "http://evil.example:18601"}
        r = c.post("/s/small/save", data={"text": small_yaml("pwned"), "version": "1"}, headers=evil)
        assert r.status_code == 400 and "host 'evil.example:18601' is not allowed" in r.json()["detail"]
        assert c.get("/api/scenarios/small", headers={"host": "evil.example"}).status_code == 400  # no reads
        for headers in (
            {"origin": "http://evil.example"},
            {"origin": "null"},
            {"referer": "http://evil.example/page"},
            {"origin": "http://127.0.0.1:9999"},
        ):
            r = c.post("/s/small/save", data={"text": small_yaml("pwned"), "version": "1"}, headers=headers)
            assert r.status_code == 403 and "cross-site request refused" in r.text, headers
            r = c.put("/api/scenarios/small", json={"text": small_yaml("pwned")}, headers=headers)
            assert r.status_code == 403 and r.json()["detail"].startswith("cross-site request refused"), (
                headers
            )
            assert c.delete("/api/scenarios/small", headers=headers).status_code == 403
            assert c.post("/s/small/runs", data={"run_name": "x"}, headers=headers).status_code == 403
        assert _stored(store, "small") == before and store.runs("small") == []
        # the app's own pages (same origin) and clients that send no Origin still work
        r = c.post(
            "/s/small/save",
            data={"text": small_yaml("mine"), "version": "1"},
            headers={"origin": "http://127.0.0.1:18601", "referer": "http://127.0.0.1:18601/s/small"},
        )
        assert r.status_code == 200 and "Saved version 2" in r.text
        assert c.put("/api/scenarios/small", json={"text": small_yaml("api")}).status_code == 200
    assert _stored(store, "small")[0] == 3


def test_dns_rebinding_refused_by_a_real_server(store):
    app = create_app(store, seed=False)
    with live_server(app) as base, httpx.Client(base_url=base, timeout=30) as c:
        assert c.post("/api/scenarios", json={"slug": "small", "text": small_yaml()}).status_code == 201
        port = base.rsplit(":", 1)[1]
        r = c.post(
            "/s/small/save",
            data={"text": small_yaml("pwned"), "version": "1"},
            headers={"host": f"evil.example:{port}", "origin": f"http://evil.example:{port}"},
        )
        assert r.status_code == 400
        r = c.post(
            "/s/small/save",
            data={"text": small_yaml("pwned"), "version": "1"},
            headers={"origin": f"http://evil.example:{port}"},
        )
        assert r.status_code == 403
        assert c.get("/api/scenarios/small").json()["version"] == 1
        assert [x["version"] for x in c.get("/api/scenarios/small/revisions").json()] == [1]


def test_allowed_hosts_are_configurable(store, monkeypatch):
    monkeypatch.delenv("WINSET_ALLOWED_HOSTS", raising=False)
    app = create_app(store, allowed_hosts=["winset.example.org", "lab.local:8443"])
    with TestClient(app, base_url="http://winset.example.org") as c:
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/health", headers={"host": "winset.example.org:8080"}).status_code == 200
        assert c.get("/api/health", headers={"host": "lab.local:8443"}).status_code == 200
        assert c.get("/api/health", headers={"host": "lab.local:8444"}).status_code == 400
        assert (
            c.get("/api/health", headers={"host": "127.0.0.1:8000"}).status_code == 400
        )  # the list replaces
    monkeypatch.setenv("WINSET_ALLOWED_HOSTS", "box.lan, 10.0.0.5")
    with TestClient(create_app(store, seed=False), base_url="http://box.lan:8000") as c:
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/health", headers={"host": "10.0.0.5:8000"}).status_code == 200
        assert c.get("/api/health", headers={"host": "localhost:8000"}).status_code == 400
    monkeypatch.delenv("WINSET_ALLOWED_HOSTS")
    # with a token (serve allows public addresses then) any name is answered, but cross-site writes are not
    with TestClient(
        create_app(store, seed=False, token="s3cret-token"),
        base_url="http://203.0.113.7:8080",
        headers={"Authorization": "Bearer s3cret-token"},
    ) as c:
        assert c.get("/api/scenarios").status_code == 200
        r = c.put(
            "/api/scenarios/anchorage-2025",
            json={"text": small_yaml()},
            headers={"origin": "http://evil.example"},
        )
        assert r.status_code == 403
        assert store.get("anchorage-2025").version == 1


def _external_refs(html: str) -> list[str]:
    """src/href of scripts, styles, images, frames and CSS url() that point at another site."""
    from html.parser import HTMLParser

    refs: list[str] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag in ("script", "img", "iframe", "source", "video", "audio", "embed") and a.get("src"):
                refs.append(a["src"])
            if tag == "link" and a.get("href"):
                refs.append(a["href"])

    P().feed(html)
    refs += [u for u in re.findall(r"url\(\s*['\"]?([^)'\"]+)", html)]
    return [u for u in refs if re.match(r"(?i)(https?:)?//", u.strip())]


def test_no_page_loads_anything_from_another_site(client):
    pages = ["/", "/s/anchorage-2025", "/s/panama-canal-1978", "/api/docs", "/s/no-such-scenario"]
    for path in pages:
        r = client.get(path)
        assert r.status_code in (200, 404) and "<html" in r.text, path
        assert _external_refs(r.text) == [], path
        assert 'href="/api/docs"' in r.text
    assert _external_refs('<script src="https://cdn.example/x.js"></script><link href="//x.org/a.css">') == [
        "https://cdn.example/x.js",
        "//x.org/a.css",
    ]  # the check itself sees CDN references
    css = client.get("/static/winset.css").text
    assert _external_refs(css) == []


def test_api_docs_page_lists_every_endpoint_of_the_openapi_document(client):
    spec = client.get("/api/openapi.json").json()
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    listed = set(re.findall(r'data-endpoint="([A-Z]+ [^"]+)"', page.text))
    want = {f"{m.upper()} {p}" for p, item in spec["paths"].items() for m in item}
    assert listed == want and "POST /api/scenarios/{slug}/analyze" in listed and len(want) == 20
    assert '<a href="/api/openapi.json"' in page.text and "<script>" not in page.text.split("</head>")[1]
    sec = page.text[page.text.index('id="post--api-scenarios-slug-sweep"') :]
    sec = sec[: sec.index("</section>")]
    assert "<code>SweepIn</code>" in sec and "<code>draws</code>" in sec and "<code>1000</code>" in sec
    assert "<code>413</code>" in sec


def test_analysis_endpoints_answer_the_service_result_types(client):
    """/api/openapi.json documents every analysis's result shape (the service's result type), and the request
    choices come from the registries: every registered model plus the alias ``median``, every instrument."""
    from winset.models.registry import MODEL_NAMES
    from winset.vocabulary import INSTRUMENTS

    spec = client.get("/api/openapi.json").json()
    want = {
        "analyze": "AnalysisResult",
        "sweep": "SweepResult",
        "forecast": "ForecastResult",
        "search": "SearchResult",
        "repair": "RepairResult",
        "winsets": "WinsetsResult",
        "delay": "DelayResult",
        "timeline": "TimelineResult",
    }
    for name, model in want.items():
        (op,) = spec["paths"][f"/api/scenarios/{{slug}}/{name}"].values()
        schema = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": f"#/components/schemas/{model}"}, name
        assert spec["components"]["schemas"][model]["properties"], name
    for path, item in spec["paths"].items():  # no operation answers an undocumented object
        for method, op in item.items():
            for code, r in op["responses"].items():
                s = r.get("content", {}).get("application/json", {}).get("schema", {})
                assert s.get("additionalProperties") is not True, (method, path, code)
    props = spec["components"]["schemas"]
    assert props["ForecastIn"]["properties"]["models"]["items"]["enum"] == [*MODEL_NAMES, "median"]
    assert "smp" in MODEL_NAMES
    (listed,) = [
        x for x in props["SearchIn"]["properties"]["instruments"]["anyOf"] if x.get("type") == "array"
    ]
    assert listed["items"]["enum"] == list(INSTRUMENTS)
    assert props["WinsetsIn"]["properties"]["instrument"]["enum"] == list(INSTRUMENTS)
    r = client.post("/api/scenarios/small/forecast", json={"models": ["median", "smp"]})
    assert r.status_code == 200 and list(r.json()["models"]) == ["weighted_median", "smp"]
    # two equal actors at 20 and 80 with equal weights: the weighted median is either; SMP's turns are listed
    assert r.json()["models"]["weighted_median"]["x"] in (20.0, 80.0) and "smp" in r.json()


def test_search_and_repair_problems_are_shown_in_place(client):
    """A bad deal is the service's problem, shown inside #repair-result (the form keeps its target)."""
    r = client.post("/s/small/repair", data={"deal": "nope"}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and r.text.startswith('<div id="repair-result"')
    assert 'id="repair-problems"' in r.text and "unknown deal &#39;nope&#39; (deals: d)" in r.text
    assert 'id="problems"' not in r.text
    r = client.post("/s/small/repair", data={"deal": "d"}, headers={"HX-Request": "true"})
    assert (
        r.status_code == 200
        and r.text.startswith('<div id="repair-result"')
        and "repair-problems" not in r.text
    )

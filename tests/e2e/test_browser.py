"""The web app's main flows in a real browser: Debian's chromium driven by Playwright (python).

chromium comes from ``scripts/prepare.d/chromium.sh`` (``make test`` runs it); these tests fail, never skip,
when it is missing.  The server runs with uvicorn on 127.0.0.1 and a free port in a background thread.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import numpy as np
import pytest

from helpers import live_server, small_yaml
from winset.scenario import load
from winset.web import create_app
from winset.web.store import Store

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("WINSET_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
COMPUTE_MS = 60_000  # a package search or repair computes for seconds; a shared CI box may be slow


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"chromium not found at {CHROMIUM}: run `bash scripts/prepare.d/chromium.sh` (as root it "
            f"installs Debian's chromium) or set WINSET_CHROMIUM"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True, timeout=TIMEOUT_MS)
        yield b
        b.close()


@pytest.fixture()
def site(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'browser.db'}")
    with live_server(create_app(store)) as base:
        yield base
    store.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    ctx.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _compromise(sc, issue: str, moved: dict[str, float] | None = None) -> float:
    """Capability x salience weighted mean of positions, computed here from the scenario's numbers."""
    moved = moved or {}
    c = np.array([a.capability.value for a in sc.actors])
    s = np.array([a.salience[issue].value for a in sc.actors])
    p = np.array([moved.get(a.id, a.positions[issue].value) for a in sc.actors])
    return float((c * s * p).sum() / (c * s).sum())


def test_library_edit_error_in_place_fix_and_save(site, page):
    page.goto(site + "/")
    rows = page.locator("#library tbody tr")
    assert rows.count() >= 2
    page.locator("#library a", has_text="Anchorage summit 2025").click()
    page.wait_for_url("**/s/anchorage-2025")
    assert page.locator("#version").input_value() == "1"

    text = page.locator("#text").input_value()
    broken, n = re.subn(r"quota: \{value: [^,]+,", "quota: {value: 1.6667,", text, count=1)
    assert n == 1
    line = next(n for n, t in enumerate(broken.splitlines(), 1) if "quota: {value: 1.6667" in t)
    page.locator("#text").fill(broken)
    page.locator("#save").click()
    problems = page.locator("#problems.bad")
    problems.wait_for()
    assert "bodies[us_senate].quota" in problems.inner_text()
    assert "quota must be in (0, 1], got 1.6667" in problems.inner_text()
    assert f"line {line}" in problems.inner_text()
    assert page.locator(f"#gutter .err[data-line='{line}']").count() == 1  # marked next to the text
    page.locator(f"#problems .goto[data-line='{line}']").click()
    sel = page.evaluate(
        "(() => { const t = document.getElementById('text');"
        " return t.value.slice(t.selectionStart, t.selectionEnd); })()"
    )
    assert "quota: {value: 1.6667" in sel
    stored = httpx.get(site + "/api/scenarios/anchorage-2025").json()
    assert stored["version"] == 1 and stored["text"] == text  # nothing was saved

    fixed = text.replace('title: "Anchorage summit 2025', 'title: "Edited: Anchorage summit 2025')
    page.locator("#text").fill(fixed)
    page.locator("#check").click()
    page.locator("#problems.ok", has_text="No problems").wait_for()
    page.locator("#save").click()
    page.locator("#problems.ok", has_text="Saved version 2").wait_for()
    page.locator("#version-label", has_text="2").wait_for()
    assert page.locator("#version").input_value() == "2"
    assert page.locator("#gutter .err").count() == 0
    stored = httpx.get(site + "/api/scenarios/anchorage-2025").json()
    assert stored["version"] == 2 and stored["title"].startswith("Edited: ")


def test_slider_changes_results_and_runs_compare(site, page):
    sc = load("anchorage-2025")
    base = _compromise(sc, "control")
    moved = _compromise(sc, "control", {"RU": 20.0})
    page.goto(site + "/s/anchorage-2025")
    cell = page.locator("[data-testid='compromise-control']")
    assert cell.inner_text().startswith(f"{base:.1f}")

    page.locator("#run-name").fill("baseline")
    page.locator("#save-run-button").click()
    page.locator("#runs tr[data-run]").first.wait_for()

    page.locator("details.actor > summary", has_text="Russia").click()
    page.locator("#pos-RU-control").fill("20")
    page.locator("#whatif-count").wait_for()
    page.wait_for_function(
        f"document.querySelector(\"[data-testid='compromise-control']\").innerText.startsWith('{moved:.1f}')"
    )
    assert f"({moved - base:+.1f})" in cell.inner_text()
    assert page.locator("output[for='pos-RU-control']").inner_text() == "20"

    page.locator("#run-name").fill("Russia at 20")
    page.locator("#save-run-button").click()
    page.locator("#runs tr[data-run]").nth(1).wait_for()
    for box in page.locator("#runs input[type=checkbox]").all():
        box.check()
    page.locator("#compare-button").click()
    row = page.locator("#compare-table tr[data-issue='control']")
    row.wait_for()
    cells = row.locator("td").all_inner_texts()
    assert cells[1:] == [f"{base:.1f}", f"{moved:.1f}"]
    assert "differs" in (row.get_attribute("class") or "")
    runs = httpx.get(site + "/api/scenarios/anchorage-2025/runs").json()
    assert [r["name"] for r in runs] == ["baseline", "Russia at 20"]
    assert runs[1]["overrides"] == [{"actor": "RU", "field": "position", "issue": "control", "value": 20.0}]

    page.locator("#reset-sliders").click()
    page.wait_for_function(
        f"document.querySelector(\"[data-testid='compromise-control']\").innerText.startsWith('{base:.1f}')"
    )
    assert page.locator("#whatif-count").count() == 0


def test_upload_with_error_shown_on_the_library_page(site, page, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text(
        "id: broken\ntitle: Broken\nissues:\n  - {id: x, name: X}\nactors: []\nreversion: {x: 1}\n",
        encoding="utf-8",
    )
    page.goto(site + "/")
    page.locator("input[type=file][name=upload]").set_input_files(str(bad))
    page.locator("#new-scenario button[type=submit]").click()
    problems = page.locator("#problems.bad")
    problems.wait_for()
    assert "line 5" in problems.inner_text() and "actors" in problems.inner_text()
    assert httpx.get(site + "/api/scenarios/broken").status_code == 404


def test_find_a_ratifiable_package_and_repair_a_deal(site, page):
    """The buttons show what the library computes: the best package by Nash product and the repair of the lease."""
    from winset.analysis.repair import repair_deal
    from winset.analysis.search import search_packages
    from winset.web.pages import WEB_SEARCH_SAMPLES

    sc = load("anchorage-2025")
    found = search_packages(sc, n=WEB_SEARCH_SAMPLES).as_dict()
    rep = repair_deal(sc, "lease", n=WEB_SEARCH_SAMPLES).as_dict()
    assert found["feasible"] and rep["found"]
    page.goto(site + "/s/anchorage-2025")
    page.locator("#search-button").click()
    page.locator("#search-package").wait_for(timeout=COMPUTE_MS)
    for issue, value in found["package"].items():
        assert page.locator(f"[data-testid='term-{issue}']").inner_text() == f"{value:.1f}"
    for actor, gain in found["gains"].items():
        assert gain > 0 and page.locator(f"[data-testid='gain-{actor}']").inner_text() == f"{gain:+.3f}"
    page.locator("#repair-deal").select_option("lease")
    page.locator("#repair-button").click()
    page.locator("#repair-changes").wait_for(timeout=COMPUTE_MS)
    for ch in rep["changes"]:
        assert page.locator(f"[data-testid='repair-{ch['issue']}']").inner_text() == f"{ch['to']:.1f}"
    assert "All-Ukrainian referendum" in page.locator("#repair-result").inner_text()  # it blocked the lease


def test_oversized_upload_shows_in_place_and_the_page_keeps_working(site, page, tmp_path):
    """htmx sends no Accept: text/html; the 413 still lands in #problems as HTML and the next upload works."""
    big = tmp_path / "big.yaml"
    big.write_text(
        small_yaml("big") + "#" * (3 * 1024 * 1024) + "\n", encoding="utf-8"
    )  # over the 2 MiB limit
    good = tmp_path / "good-one.yaml"
    good.write_text(small_yaml("Good one"), encoding="utf-8")
    page.goto(site + "/")
    page.locator("input[type=file][name=upload]").set_input_files(str(big))
    page.locator("#new-scenario button[type=submit]").click()
    problems = page.locator("#new-scenario #problems.bad")
    problems.wait_for()
    assert "upload too large: the limit is 2,097,152 bytes" in problems.inner_text()
    assert '"detail"' not in page.locator("main").inner_text()  # no raw JSON on the page
    assert page.locator("#problems").count() == 1
    assert httpx.get(site + "/api/scenarios/big").status_code == 404

    page.locator("input[type=file][name=upload]").set_input_files(str(good))
    page.locator("#new-scenario button[type=submit]").click()
    page.wait_for_url("**/s/good-one")
    assert page.locator("h1#title").inner_text() == "Good one"

    # the same on the scenario page: an oversized save, then a normal one
    text = page.locator("#text").input_value()
    page.locator("#text").fill(text + "#" * (3 * 1024 * 1024) + "\n")
    page.locator("#save").click()
    page.locator("#problems.bad", has_text="upload too large").wait_for()
    assert httpx.get(site + "/api/scenarios/good-one").json()["version"] == 1
    page.locator("#text").fill(text.replace("title: Good one", "title: Good two"))
    page.locator("#save").click()
    page.locator("#problems.ok", has_text="Saved version 2").wait_for()
    assert httpx.get(site + "/api/scenarios/good-one").json()["title"] == "Good two"


def _range_values(page) -> dict[str, str]:
    return page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('#whatif-form input[type=range]')]"
        ".map(r => [r.name, r.value]))"
    )


def test_panama_sliders_hold_the_scenario_values_and_count_only_moved_ones(site, page):
    sc = load("panama-canal-1978")
    expected = {f"cap:{a.id}": a.capability.value for a in sc.actors}
    for a in sc.actors:
        for i in sc.issues:
            expected[f"pos:{a.id}:{i.id}"] = a.positions[i.id].value
            expected[f"sal:{a.id}:{i.id}"] = a.salience[i.id].value
    for b in sc.bodies:  # the bodies' quotas and the blocs' weights (a quota of 2/3 reads back to 15 digits)
        if b.quota is not None:
            expected[f"quota:{b.id}"] = b.quota.value
        expected |= {f"weight:{b.id}:{m.id}": m.weight.value for m in b.members}
    assert expected["pos:US:handover"] == 1999 and expected["pos:PA:handover"] == 1985
    page.goto(site + "/s/panama-canal-1978")
    shown = _range_values(page)
    assert shown.keys() == expected.keys()
    for k, v in shown.items():  # the browser did not snap any of them
        assert float(v) == pytest.approx(expected[k], rel=1e-14, abs=0), k
    assert shown["pos:US:handover"] == "1999"

    sent: list[dict[str, list[str]]] = []
    page.on(
        "request",
        lambda r: (
            sent.append(parse_qs(r.post_data or ""))
            if r.url.endswith("/whatif") and r.method == "POST"
            else None
        ),
    )
    base = _compromise(sc, "payments")
    moved = _compromise(sc, "payments", {"PA": 70.0})
    page.locator("details.actor > summary", has_text="Panama").click()
    page.locator("#pos-PA-payments").fill("70")
    page.locator("#whatif-count", has_text="1 what-if change").wait_for()
    assert page.locator("#whatif-count").inner_text() == "1 what-if change"
    assert page.locator("[data-testid='compromise-payments']").inner_text().startswith(f"{moved:.1f}")
    assert sent[-1] == {"pos:PA:payments": ["70"]}  # untouched sliders are not sent

    page.locator("#run-name").fill("Panama asks 70")
    page.locator("#save-run-button").click()
    page.locator("#runs tr[data-run]").first.wait_for()
    page.locator("#reset-sliders").click()
    page.wait_for_function("!document.getElementById('whatif-count')")
    assert page.locator("[data-testid='compromise-payments']").inner_text() == f"{base:.1f}"
    assert sent[-1] == {}
    page.locator("#run-name").fill("after reset")
    page.locator("#save-run-button").click()
    page.locator("#runs tr[data-run]").nth(1).wait_for()
    runs = httpx.get(site + "/api/scenarios/panama-canal-1978/runs").json()
    assert [(r["name"], r["overrides"]) for r in runs] == [
        ("Panama asks 70", [{"actor": "PA", "field": "position", "issue": "payments", "value": 70.0}]),
        ("after reset", []),
    ]


def test_invalid_whatif_combination_shows_in_place_and_the_panel_stays_live(site, page):
    sc = load("panama-canal-1978")
    page.goto(site + "/s/panama-canal-1978")
    for issue in ("handover", "defence", "payments"):  # every salience of the US to 0: not a valid scenario
        page.locator(f"#sal-US-{issue}").fill("0")
    box = page.locator("#results #whatif-problems")
    box.wait_for()
    assert (
        "actors[US].salience" in box.inner_text()
        and "at least one salience must be positive" in box.inner_text()
    )
    assert "nothing was saved" not in page.locator("#results").inner_text()
    assert page.locator("#results").count() == 1 and page.locator("[id=problems]").count() == 1

    page.locator("#run-name").fill("invalid")  # saving this run is refused in place, the runs list stays
    page.locator("#save-run-button").click()
    page.locator("#runs #run-problems", has_text="The run was not saved").wait_for()
    assert httpx.get(site + "/api/scenarios/panama-canal-1978/runs").json() == []

    page.locator("#sal-US-defence").fill("0.8")  # back to a valid combination: the analysis returns
    page.locator("#whatif-count", has_text="2 what-if changes").wait_for()
    assert page.locator("#whatif-problems").count() == 0
    # the US now weighs only defence, so Panama alone sets the hand-over compromise: its own position, 1985
    assert sc.actor("PA").positions["handover"].value == 1985
    assert page.locator("[data-testid='compromise-handover']").inner_text().startswith("1985.0")


def test_saving_a_new_title_updates_the_heading(site, page):
    page.goto(site + "/s/panama-canal-1978")
    old = "Panama Canal Treaties 1977-78 (teaching scenario)"
    assert page.locator("h1#title").inner_text() == old
    text = page.locator("#text").input_value()
    page.locator("#text").fill(text.replace(f'title: "{old}"', 'title: "Panama – renamed"', 1))
    page.locator("#save").click()
    page.locator("#problems.ok", has_text="Saved version 2").wait_for()
    page.locator("h1#title", has_text="Panama – renamed").wait_for()
    assert page.locator("h1#title").inner_text() == "Panama – renamed"
    assert page.title() == "Panama – renamed · winset"
    assert httpx.get(site + "/api/scenarios/panama-canal-1978").json()["title"] == "Panama – renamed"


def test_pages_load_nothing_from_other_sites(site, browser):
    ctx = browser.new_context()
    urls: list[str] = []
    ctx.on("request", lambda r: urls.append(r.url))
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    try:
        for path in ("/", "/s/anchorage-2025", "/api/docs", "/s/no-such-scenario"):
            pg.goto(site + path, wait_until="networkidle")
        assert pg.locator("h1").inner_text() == "Not found"
        pg.goto(site + "/api/docs", wait_until="networkidle")
        assert pg.locator("#endpoints tr[data-endpoint='POST /api/scenarios/{slug}/analyze']").count() == 1
        assert pg.locator("#openapi-link").get_attribute("href") == "/api/openapi.json"
    finally:
        ctx.close()
    assert urls and all(u.startswith(site + "/") for u in urls), [u for u in urls if not u.startswith(site)]

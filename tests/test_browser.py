"""The web app's main flows in a real browser: Debian's chromium driven by Playwright (python).

chromium comes from ``scripts/prepare.d/chromium.sh`` (``make test`` runs it); these tests fail, never skip,
when it is missing.  The server runs with uvicorn on 127.0.0.1 and a free port in a background thread.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import httpx
import numpy as np
import pytest

from test_web_api import live_server
from winset.scenario import load
from winset.store import Store
from winset.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("WINSET_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"chromium not found at {CHROMIUM}: run `bash scripts/prepare.d/chromium.sh` (as root it "
                    f"installs Debian's chromium) or set WINSET_CHROMIUM")
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
    broken = text.replace("quota: {value: 0.6667,", "quota: {value: 1.6667,")
    assert broken != text
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
    sel = page.evaluate("(() => { const t = document.getElementById('text');"
                        " return t.value.slice(t.selectionStart, t.selectionEnd); })()")
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
        f"document.querySelector(\"[data-testid='compromise-control']\").innerText.startsWith('{moved:.1f}')")
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
        f"document.querySelector(\"[data-testid='compromise-control']\").innerText.startsWith('{base:.1f}')")
    assert page.locator("#whatif-count").count() == 0


def test_upload_with_error_shown_on_the_library_page(site, page, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: broken\ntitle: Broken\nissues:\n  - {id: x, name: X}\nactors: []\nreversion: {x: 1}\n",
                   encoding="utf-8")
    page.goto(site + "/")
    page.locator("input[type=file][name=upload]").set_input_files(str(bad))
    page.locator("#new-scenario button[type=submit]").click()
    problems = page.locator("#problems.bad")
    problems.wait_for()
    assert "line 5" in problems.inner_text() and "actors" in problems.inner_text()
    assert httpx.get(site + "/api/scenarios/broken").status_code == 404


def test_find_a_ratifiable_package_and_repair_a_deal(site, page):
    """The buttons show what the library computes: the best package by Nash product and the repair of the lease."""
    from winset.search import repair_deal, search_packages
    from winset.web.app import WEB_SEARCH_SAMPLES

    sc = load("anchorage-2025")
    found = search_packages(sc, n=WEB_SEARCH_SAMPLES).as_dict()
    rep = repair_deal(sc, "lease", n=WEB_SEARCH_SAMPLES).as_dict()
    assert found["feasible"] and rep["found"]
    page.goto(site + "/s/anchorage-2025")
    page.locator("#search-button").click()
    page.locator("#search-package").wait_for()
    for issue, value in found["package"].items():
        assert page.locator(f"[data-testid='term-{issue}']").inner_text() == f"{value:.1f}"
    for actor, gain in found["gains"].items():
        assert gain > 0 and page.locator(f"[data-testid='gain-{actor}']").inner_text() == f"{gain:+.3f}"
    page.locator("#repair-deal").select_option("lease")
    page.locator("#repair-button").click()
    page.locator("#repair-changes").wait_for()
    for ch in rep["changes"]:
        assert page.locator(f"[data-testid='repair-{ch['issue']}']").inner_text() == f"{ch['to']:.1f}"
    assert "All-Ukrainian referendum" in page.locator("#repair-result").inner_text()  # it blocked the lease

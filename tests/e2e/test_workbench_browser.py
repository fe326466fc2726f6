"""The workbench in a real browser (issue 15), at desktop size and on a 420 px phone: the charts render with data
and follow the what-if controls (moved with the keyboard only), body and bloc controls move the vote chart, no
page is wider than the screen, the library names its scenarios, the login page of token mode, and the report.

Debian's chromium driven by Playwright, as in ``test_browser.py`` (``scripts/prepare.d/chromium.sh``)."""

from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from helpers import live_server, small_yaml
from winset.scenario import load
from winset.web import create_app
from winset.web.store import Store

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("WINSET_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
TIMEOUT_MS = 30_000
VIEWPORTS = {"desktop": (1400, 1000), "phone": (420, 900)}
TOKEN = "browser-token-123"


@pytest.fixture(scope="module")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"chromium not found at {CHROMIUM}: run `bash scripts/prepare.d/chromium.sh`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True, timeout=TIMEOUT_MS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('wb') / 'browser.db'}")
    store.create("small", small_yaml())
    with live_server(create_app(store)) as base:
        yield base
    store.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(browser, request):
    w, h = VIEWPORTS[request.param]
    ctx = browser.new_context(viewport={"width": w, "height": h})
    pg = ctx.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    ctx.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _no_horizontal_overflow(pg) -> None:
    width = pg.viewport_size["width"]
    assert pg.evaluate("document.documentElement.scrollWidth") <= width


def _points(pg, chart: str) -> int:
    """Markers and bars plotly drew in a chart's SVG."""
    return pg.locator(f"#{chart} .scatterlayer .point, #{chart} .barlayer .point").count()


def _pixel_spread(pg, chart: str) -> float:
    """Standard deviation of the grey levels of a chart's screenshot (a blank or one-colour box is ~0)."""
    from PIL import Image

    png = pg.locator(f"#{chart}").screenshot()
    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)
    return float(grey.std())


def _trace_x(pg, chart: str, name_start: str) -> list[float]:
    return pg.evaluate(
        "([c, n]) => document.getElementById(c).data.find(t => (t.name || '').startsWith(n)).x",
        [chart, name_start],
    )


def test_charts_render_with_data_and_the_page_fits(site, page):
    sc = load("anchorage-2025")
    page.goto(site + "/s/anchorage-2025")
    for chart in ("chart-positions", "chart-votes", "chart-zone"):
        page.locator(f"#{chart} .main-svg").first.wait_for()
    # positions: one marker per actor per issue, the forecasts, no deal and every deal's term
    n_pos = _points(page, "chart-positions")
    assert n_pos >= len(sc.issues) * (len(sc.actors) + 3 + len(sc.deals))
    # votes: a bar per bloc and deal (yes and no parts), for every body
    blocs = sum(len(b.members) for b in sc.bodies)
    assert _points(page, "chart-votes") >= blocs * len(sc.deals)
    for chart in ("chart-positions", "chart-votes", "chart-zone"):
        page.locator(f"#{chart}").scroll_into_view_if_needed()
        assert _pixel_spread(page, chart) > 20, chart
    _no_horizontal_overflow(page)


def test_keyboard_what_if_moves_the_charts(site, page):
    # small: A at 20 and B at 80, equal weights: compromise 50; A's capability 1 -> 1.01 moves it towards A
    page.goto(site + "/s/small")
    page.locator("#chart-positions .main-svg").first.wait_for()
    assert _trace_x(page, "chart-positions", "compromise") == [50]
    cap = page.locator("#cap-A")
    cap.focus()
    assert page.evaluate("document.activeElement.id") == "cap-A"
    page.keyboard.press("End")  # the slider's top end, by keyboard only
    page.locator("#whatif-count").wait_for()
    top = float(cap.get_attribute("max"))
    want = (top * 20 + 80) / (top + 1)
    page.wait_for_function(
        "w => { const d = document.getElementById('chart-positions').data;"
        " return !!d && Math.abs(d.find(t => (t.name || '').startsWith('compromise')).x[0] - w) < 0.06; }",
        arg=want,
    )
    assert page.locator("#charts .badge.warn").count() == 1
    _no_horizontal_overflow(page)


def test_bloc_control_moves_the_vote_chart(site, page):
    # small: body S's only bloc m votes yes on the deal; the quota slider to its lowest still passes, and the
    # vote chart's threshold mark follows the quota
    page.goto(site + "/s/small")
    page.locator("#chart-votes .main-svg").first.wait_for()
    summary = page.locator("#whatif-body-S summary")
    summary.focus()
    page.keyboard.press("Enter")  # open the body's controls by keyboard
    quota = page.locator("#quota-S")
    quota.wait_for(state="visible")
    quota.focus()
    page.keyboard.press("Home")
    low = float(quota.get_attribute("min"))
    page.wait_for_function(
        "q => { const d = document.getElementById('chart-votes').data;"
        " return !!d && Math.abs(d.find(t => t.type === 'scatter').y[0] - q) < 1e-6; }",
        arg=low,
    )
    assert page.locator("[data-testid='ratifiable-d']").inner_text() in ("yes", "no")
    _no_horizontal_overflow(page)


def test_library_names_fit_the_screen(site, page):
    page.goto(site + "/")
    head = page.locator("#library thead th").all_inner_texts()
    col = head.index("Name")
    cell = page.locator("#library tr[data-slug='panama-canal-1978'] td").nth(col).inner_text()
    assert load("panama-canal-1978").title in cell
    _no_horizontal_overflow(page)
    # keyboard: the first Tab reaches the skip link, which jumps to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"


@pytest.fixture(scope="module")
def gated(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('gate') / 'browser.db'}")
    with live_server(create_app(store, token=TOKEN)) as base:
        yield base
    store.close()


def test_login_page_session_cookie_and_logout(gated, page):
    page.goto(gated + "/s/panama-canal-1978")
    page.wait_for_url("**/login?next=*")
    _no_horizontal_overflow(page)
    page.locator("#token").fill("wrong-token")
    page.keyboard.press("Enter")
    page.locator("#login-problem").wait_for()
    page.locator("#token").fill(TOKEN)
    page.keyboard.press("Enter")
    page.wait_for_url("**/s/panama-canal-1978")
    page.locator("#chart-positions .main-svg").first.wait_for()
    cookies = page.context.cookies()
    assert [c["name"] for c in cookies] == ["winset_session"]
    c = cookies[0]
    assert c["httpOnly"] and c["sameSite"] == "Strict" and TOKEN not in c["value"]
    assert page.evaluate("document.cookie") == ""  # scripts cannot read it
    page.locator("#logout").click()
    page.wait_for_url("**/login")
    page.goto(gated + "/")
    page.wait_for_url("**/login?next=*")


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    from winset.htmlreport import write_report
    from winset.services import report_data

    path = tmp_path_factory.mktemp("report") / "anchorage.html"
    write_report(report_data(load("anchorage-2025"), draws=500, seed=0), path)
    return path


def test_report_opens_with_its_charts(report_file, page):
    assert report_file.stat().st_size < 2_000_000
    start = time.perf_counter()
    page.goto(report_file.as_uri())
    page.locator("#fig-positions").scroll_into_view_if_needed()  # drawn when near the screen
    page.locator("#fig-positions .main-svg").first.wait_for()
    first_chart = time.perf_counter() - start
    figs = page.locator("div[data-figure]")
    n = figs.count()
    assert n >= 8
    for i in range(n):  # the rest are drawn as they come into view
        figs.nth(i).scroll_into_view_if_needed()
        figs.nth(i).locator(".main-svg").first.wait_for()
    assert _points(page, "fig-positions") > 0 and _pixel_spread(page, "fig-positions") > 20
    _no_horizontal_overflow(page)
    print(f"report: first chart after {first_chart:.2f} s, {n} charts")

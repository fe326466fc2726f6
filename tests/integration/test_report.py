"""HTML report: the 2-D win-set against a hand-drawn region, the plain-language summary, offline HTML, CLI."""

from __future__ import annotations

import re

import numpy as np
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers import actor, scenario
from winset.analysis.default import analyze
from winset.analysis.winsets import winset_grid
from winset.cli import app
from winset.htmlreport import build_report
from winset.htmlreport.summary import describe_input, summarize
from winset.scenario import compile_scenario
from winset.services import report_data

runner = CliRunner()


def _plane():
    """Two issues 0-100, linear (city-block) loss, equal salience, no deal at (50, 50).

    A at (0, 0) accepts x iff x1 + x2 < 100; B at (100, 0) accepts iff (100 - x1) + x2 < 100, i.e. x1 > x2.
    The win-set is the triangle (0,0), (100,0), (50,50): a quarter of the square.
    """
    return scenario(
        ["x", "y"],
        [actor("A", {"x": 0, "y": 0}), actor("B", {"x": 100, "y": 0})],
        {"x": 50, "y": 50},
        deals=[
            {"id": "inside", "name": "Inside", "terms": {"x": 60, "y": 10}},
            {"id": "outside", "name": "Outside", "terms": {"x": 10, "y": 60}},
        ],
        spaces=[{"id": "plane", "name": "The plane", "issues": ["x", "y"]}],
    )


def test_winset_grid_matches_the_hand_drawn_region():
    c = compile_scenario(_plane())
    g = winset_grid(c, ("x", "y"), np.array([50.0, 50.0]), n=201)
    assert abs(g.share - 0.25) < 0.02
    gx, gy = np.meshgrid(g.xs, g.ys)
    np.testing.assert_array_equal(g.accepts["A"], gx + gy < 100 - 1e-9)
    np.testing.assert_array_equal(g.accepts["B"], gx > gy + 1e-9)
    i, j = np.searchsorted(g.ys, 10), np.searchsorted(g.xs, 60)
    assert g.all_accept[i, j] and not g.all_accept[j, i]


def _ratify():
    """One deal that only the body blocks: m1 (weight 0.4, ideal at the deal) votes yes, m2 (0.6, ideal at the
    reversion) votes no; a simple majority is needed, so 40% yes against the 50% needed."""
    return scenario(
        ["x"],
        [actor("A", {"x": 80}), actor("B", {"x": 70})],
        {"x": 20},
        bodies=[
            {
                "id": "P",
                "name": "Parliament",
                "rule": "majority",
                "members": [
                    {"id": "m1", "weight": 0.4, "ideal": {"x": 80}},
                    {"id": "m2", "weight": 0.6, "ideal": {"x": 20}},
                ],
            }
        ],
        deals=[{"id": "d", "name": "The deal", "terms": {"x": 75}}],
        veto=["A", "B", "P"],
    )


def test_summary_says_what_blocks_in_plain_words():
    sc = _ratify()
    text = " ".join(summarize(sc, analyze(sc)))
    assert "The one deal on the table would not be ratified at home as it stands." in text
    assert "“The deal” fails because the Parliament would vote it down." in text
    assert "“The deal” in the Parliament: 40% would vote yes; it needs more than 50%." in text
    sc2 = _plane()
    text2 = " ".join(summarize(sc2, analyze(sc2)))
    assert "1 of the 2 deals on the table would be ratified at home as it stands: “Inside”" in text2
    assert "“Outside” fails because B rejects it." in text2


def test_input_descriptions():
    from winset.scenario import load

    sc = load("anchorage-2025")
    assert describe_input(sc, "actors.RU.capability") == "RU capability"
    assert (
        describe_input(sc, "actors.US.positions.control")
        == "US position on de facto control of occupied regions"
    )
    assert describe_input(sc, "bodies.ua_referendum.members.no_concessions.weight") == (
        "size of “Voters rejecting territorial concessions” (All-Ukrainian referendum)"
    )
    assert describe_input(sc, "cost_of_delay.horizon_weeks") == "weeks of delay priced into no deal"


def test_report_is_self_contained_and_has_every_section():
    sc = _plane()
    html = build_report(report_data(sc, draws=0))
    assert html.count('class="plotly-graph-div"') >= 3
    assert not re.search(r"<script[^>]+src=", html)  # plotly.js is inline: the file works offline
    # once, shared by every figure: its cartesian bundle (1.5 MB) keeps the report under 2 MB (issue 15)
    assert html.count("plotly.js (cartesian - minified)") == 1 and 1_500_000 < len(html) < 2_000_000
    for heading in (
        "In brief",
        "Positions and forecast",
        "Deals on the table",
        "The win-set",
        "Sticking points",
    ):
        assert heading in html
    assert "The win-set covers 2" in html  # 25% (121-point grid) of the plane
    assert 'id="uncertainty"' not in html  # draws=0 leaves the sweep out
    lean = build_report(report_data(sc, draws=0), plotlyjs="none")
    assert len(lean) < 1_000_000


@pytest.mark.slow
def test_report_uncertainty_section(anchorage):
    html = build_report(report_data(anchorage, draws=400, seed=3), plotlyjs="none")
    for fig in (
        "fig-histograms",
        "fig-p-ratified",
        "fig-tornado",
        "fig-winset-territory",
        "fig-ratification",
        "fig-bdm",
        "fig-utility",
        "fig-positions",
    ):
        assert f'id="{fig}"' in html
    assert "400 draws (seed 3)" in html
    assert "Probability each deal is ratified" in html
    assert "Which issue is the one big issue" in html and 'id="big-issue"' in html


def test_cli_report_writes_file_and_rejects_bad_input(tmp_path):
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["report", "panama-canal-1978", "-o", str(out), "--draws", "200"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    good = out.read_bytes()
    bad = tmp_path / "bad.yaml"
    data = _ratify().model_dump(mode="json", exclude_none=True)
    data["bodies"][0]["rule"] = "quota"
    data["bodies"][0]["quota"] = 1.2
    bad.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    res = runner.invoke(app, ["report", str(bad), "-o", str(out)])
    assert res.exit_code == 2 and "quota" in res.output and "Traceback" not in res.output
    line = next(n for n, t in enumerate(bad.read_text().splitlines(), 1) if "quota:" in t)
    assert f"bad.yaml:{line}" in res.output
    assert out.read_bytes() == good  # the old report is untouched
    res = runner.invoke(app, ["report", "anchorage-2025", "-o", str(tmp_path)])
    assert res.exit_code == 2 and "directory" in res.output
    res = runner.invoke(app, ["report", "anchorage-2025", "-o", str(out), "--draws", "-1"])
    assert res.exit_code == 2


def _section(html: str, ident: str) -> str:
    i = html.index(f'id="{ident}"')
    return re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", html[i : html.index("</section>", i)]))


def test_report_shows_the_best_ratifiable_package_and_repairs():
    # The plane: A's loss is (x + y)/200 and B's (100 - x + y)/200 (equal salience, linear), no deal at (50, 50)
    # where both lose 0.5.  With y = 0 the gains are 0.5 - x/200 and x/200, whose product peaks at x = 50:
    # the Nash package is (50, 0), each side gaining 0.25.
    text = _section(build_report(report_data(_plane(), draws=0), plotlyjs="none"), "ratifiable")
    assert "Term No deal x 50.0 50.0 y 0.0 50.0" in text
    assert "+0.250 +0.250" in text
    assert "Repairing" not in text  # the reference deal is already ratifiable
    # One member at the no-deal point holds 60% of a majority body: nothing can pass, so nothing can be repaired.
    text = _section(build_report(report_data(_ratify(), draws=0), plotlyjs="none"), "ratifiable")
    assert "Repairing “The deal” No change found" in text
    assert "No ratifiable package found" in text and "P blocks" in text


def test_figures_carry_the_analysis_numbers(anchorage):
    """The charts show the numbers of the analysis, not just headings: heatmap cells are the deals' utilities,
    ratification bars the bodies' yes shares, and actors at one position are drawn apart.  The charts are drawn
    from the report's data (what the presenter is given); the expectations come from the analysis itself."""
    from winset.htmlreport import figures

    res = analyze(anchorage)
    data = report_data(anchorage, draws=0)
    shown, c = data.analysis.to_dict(), data.compiled
    np.testing.assert_array_equal(c.positions, compile_scenario(anchorage).positions)
    heat = figures.utility_heatmap(anchorage, shown).data[0]
    actors = [a.id for a in anchorage.actors]
    for row, d in zip(heat.z[1:], res["deals"], strict=True):
        assert list(row) == [d["utility"][a] for a in actors]
    rat = figures.ratification(anchorage, shown)
    bars = [t for t in rat.data if t.type == "bar" and t.x[0] is not None]
    for b, body in zip(bars, anchorage.bodies, strict=True):
        want = [next(x for x in d["bodies"] if x["id"] == body.id)["yes_share"] for d in res["deals"]]
        assert list(b.y) == want
    assert {t.name for t in rat.data if t.showlegend} >= {
        "passes",
        "fails",
        "not needed: the body does not vote on it",
    }
    # US and RU both sit at 90 on minerals: two markers at different heights
    pos = figures.positions(anchorage, c, shown, None)
    k = anchorage.issue_ids.index("minerals")
    axis = "y" if k == 0 else f"y{k + 1}"
    at_90 = [t.y[0] for t in pos.data if t.yaxis == axis and t.mode == "markers+text" and t.x[0] == 90]
    assert len(at_90) == 2 and at_90[0] != at_90[1]


def test_probability_labels_bound_zero_and_one():
    from winset.formatting import probability_label as _p_label

    assert _p_label(0.0, 0.0, 2000) == "0 of 2,000 (< 0.15%)"  # rule of three: 3/2000
    assert _p_label(1.0, 0.0, 300) == "all 300 (> 99%)"  # 1 - 3/300
    assert _p_label(0.25, 0.01, 100) == "25.0% ± 2.0%"
    # the bound must stay below 100: 1 - 3/10,000 is 99.97% (printed "100%" before)
    assert _p_label(1.0, 0.0, 10_000) == "all 10,000 (> 99.97%)"
    assert _p_label(1.0, 0.0, 1000) == "all 1,000 (> 99.7%)"
    assert _p_label(1.0, 0.0, 10_000_000) == "all 10,000,000 (> 99.99997%)"


@given(st.integers(min_value=3, max_value=10_000_000))
def test_all_draws_bound_is_below_one_hundred_and_within_rounding(draws):
    from winset.formatting import probability_label as _p_label

    label = _p_label(1.0, 0.0, draws)
    bound = float(label.split("> ")[1].rstrip("%)"))
    places = len(label.split("> ")[1].rstrip("%)").partition(".")[2])
    assert bound < 100
    assert abs(bound - (100 - 300 / draws)) <= 0.5 * 10.0**-places + 1e-12


def test_report_function_writes_and_names_bad_output(tmp_path):
    import winset
    from winset.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="is a directory") as e:
        winset.report(_plane(), tmp_path, draws=0)
    assert e.value.problems[0].file == str(tmp_path)
    missing = tmp_path / "no-such-folder" / "r.html"
    with pytest.raises(ScenarioError, match="cannot write the report") as e:
        winset.report(_plane(), missing, draws=0)
    assert e.value.problems[0].file == str(missing)
    with pytest.raises(ScenarioError) as e:
        winset.report(_plane(), tmp_path / "r.html", draws=-1, seed=-2)
    assert {p.field for p in e.value.problems} == {"draws", "seed"}
    res = winset.report(_plane(), tmp_path / "r.html", draws=0)
    assert res.output == str(tmp_path / "r.html") and res.draws == 0
    assert res.bytes == (tmp_path / "r.html").stat().st_size

"""Real cases (tests/cases/): each scenario is written from public sources (results, turnout, thresholds) with
positions and bloc splits marked as assumptions.  Each test states the verdict the model must give, the
reason it must name, and checks the expected yes share and turnout against the published result (within the
tolerance the assumed bloc splits allow).  Run through the CLI, as a user would."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from winset import services
from winset.cli import app

CASES = Path(__file__).resolve().parent.parent / "cases"
runner = CliRunner()
TOL = 0.05
"""Published shares are reproduced within 5 points: bloc sizes and cohesion are judgements, the verdict is not."""


def _analyze(name: str) -> dict[str, Any]:
    res = runner.invoke(app, ["analyze", str(CASES / name), "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _body(data: dict[str, Any], deal: str, body: str) -> dict[str, Any]:
    d = next(x for x in data["deals"] if x["id"] == deal)
    return next(b for b in d["bodies"] if b["id"] == body)


def _deal(data: dict[str, Any], deal: str) -> dict[str, Any]:
    return next(x for x in data["deals"] if x["id"] == deal)


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.glob("*.yaml")))
def test_every_case_validates_with_every_number_documented(name):
    v = services.validate(str(CASES / name))
    assert v.undocumented == [], v.undocumented


def test_colombia_2016_plebiscite_fails_on_the_majority_and_congress_passes_the_revised_deal():
    data = _analyze("colombia-2016.yaml")
    pleb = _body(data, "final_agreement", "plebiscite")
    # verdict: rejected, because the yes share is short of a majority (published: 49.78 % yes)
    assert not pleb["passed"]
    assert pleb["reason"] == "rejected: yes share short of the threshold"
    assert pleb["yes_share"] < 0.5 and abs(pleb["yes_share"] - 0.4978) < TOL
    # the approval threshold (13 % of the electorate) was met: 6,382,901 / 34,899,945 = 18.3 %
    assert pleb["approval"] >= pleb["approval_quorum"] == 0.13
    assert abs(pleb["approval"] - 6_382_901 / 34_899_945) < TOL
    assert abs(pleb["turnout"] - 0.3743) < TOL
    assert _deal(data, "final_agreement")["blockers"] == ["plebiscite"]
    # the revised agreement goes to Congress, which passes it 75-0 with the Centro Democrático out
    cong = _body(data, "revised_agreement", "congress")
    assert cong["passed"] and cong["reason"] == "passed"
    assert cong["yes_share"] == 1.0 and cong["turnout"] == pytest.approx(75 / 102, abs=0.005)
    cd = next(b for b in cong["blocs"] if b["id"] == "centro_democratico")
    assert cd["turnout"] == 0 and not cd["prefers_deal"]
    assert _deal(data, "revised_agreement")["ratifiable"]


def test_colombia_2016_the_plebiscite_route_fails_and_the_congress_route_after_it_passes():
    data = _analyze("colombia-2016.yaml")
    final, revised = _deal(data, "final_agreement"), _deal(data, "revised_agreement")
    [pleb] = final["routes"]
    assert pleb["id"] == "plebiscite" and pleb["open"] and not pleb["passed"]
    assert pleb["reason"] == "blocked by plebiscite (rejected: yes share short of the threshold)"
    assert final["route"] is None and not final["ratifiable"]
    [cong] = revised["routes"]
    # open only because the plebiscite failed on the final agreement; passed 75-0 with the CD out
    assert cong["preconditions"] == {"plebiscite failed on final_agreement": True} and cong["open"]
    assert cong["passed"] and cong["reason"] == "passed" and cong["votes"]["congress"]["yes_share"] == 1.0
    assert revised["route"] == "congress" and revised["ratifiable"] and revised["blockers"] == []


def test_colombia_2016_the_congress_route_is_closed_had_the_plebiscite_passed(tmp_path):
    # peace camp turnout 0.60: yes = 0.51*0.6*0.9 + 0.49*0.4*0.1 = 0.295 of 0.502 cast (58.8 %), the plebiscite
    # passes, so the route open only after a failed plebiscite is shut
    text = (CASES / "colombia-2016.yaml").read_text(encoding="utf-8")
    f = tmp_path / "co.yaml"
    f.write_text(
        text.replace(
            "turnout: {value: 0.35, low: 0.30, high: 0.40", "turnout: {value: 0.6, low: 0.55, high: 0.65"
        ),
        "utf-8",
    )
    data = _analyze(str(f))
    assert _deal(data, "final_agreement")["route"] == "plebiscite"
    [cong] = _deal(data, "revised_agreement")["routes"]
    assert (
        not cong["open"]
        and cong["reason"] == "closed: precondition plebiscite failed on final_agreement does not hold"
    )


def test_colombia_2016_farc_rejects_ordinary_prison_terms_by_its_red_line():
    # needs red lines (helper redlines): without one, FARC's utility prefers even prison terms to no deal
    prison = _deal(_analyze("colombia-2016.yaml"), "prison_terms")
    assert prison["utility"]["FARC"] > prison["no_deal_utility"]["FARC"]
    assert not prison["accepts"]["FARC"] and prison["blockers"] == ["FARC"]
    assert prison["blocking_red_lines"] == {"FARC": ["red line justice ≥ 40"]}


def test_good_friday_1998_both_referendums_pass():
    data = _analyze("good-friday-1998.yaml")
    ni = _body(data, "gfa", "ni_referendum")
    ie = _body(data, "gfa", "ie_referendum")
    assert ni["passed"] and ni["reason"] == "passed" and abs(ni["yes_share"] - 0.7112) < TOL
    assert ie["passed"] and ie["reason"] == "passed" and abs(ie["yes_share"] - 0.9439) < TOL
    assert abs(ni["turnout"] - 0.811) < TOL and abs(ie["turnout"] - 0.556) < TOL
    # unionists split about evenly (CAIN: 51-53 % of unionists voted yes)
    blocs = {b["id"]: b for b in ni["blocs"]}
    pro, anti = blocs["pro_agreement_unionists"], blocs["anti_agreement_unionists"]
    unionist_yes = (pro["share"] * pro["yes_share"] + anti["share"] * anti["yes_share"]) / (
        pro["share"] + anti["share"]
    )
    assert 0.45 < unionist_yes < 0.6
    assert _deal(data, "gfa")["ratifiable"]


def test_good_friday_1998_sinn_fein_rejects_decommissioning_before_government_by_its_red_line():
    # needs red lines (helper redlines): the referendums would still pass, Sinn Féin blocks at the table
    d = _deal(_analyze("good-friday-1998.yaml"), "decommissioning_first")
    assert d["utility"]["SF"] > d["no_deal_utility"]["SF"]
    assert d["blockers"] == ["SF"] and d["blocking_red_lines"] == {"SF": ["red line decommissioning ≤ 50"]}


def test_annan_2004_greek_cypriots_reject_and_turkish_cypriots_accept():
    data = _analyze("annan-2004.yaml")
    gc = _body(data, "annan_v", "gc_referendum")
    tc = _body(data, "annan_v", "tc_referendum")
    assert not gc["passed"] and gc["reason"] == "rejected: yes share short of the threshold"
    assert abs(gc["yes_share"] - 0.2417) < TOL
    assert tc["passed"] and tc["reason"] == "passed" and abs(tc["yes_share"] - 0.6491) < TOL
    deal = _deal(data, "annan_v")
    assert deal["blockers"] == ["gc_referendum"] and not deal["ratifiable"]


def test_north_macedonia_2018_is_void_under_the_turnout_quorum_despite_91_percent_yes():
    data = _analyze("north-macedonia-2018.yaml")
    ref = _body(data, "prespa", "referendum")
    assert not ref["passed"] and ref["reason"] == "void: turnout below quorum"
    # published: 91.46 % yes of valid votes; 666,344 of 1,806,336 voted (36.9 %), 50 % needed
    assert abs(ref["yes_share"] - 0.9146) < TOL and ref["yes_share"] > 0.5
    assert abs(ref["turnout"] - 666_344 / 1_806_336) < TOL and ref["turnout"] < ref["turnout_quorum"] == 0.5
    assert _deal(data, "prespa")["blockers"] == ["referendum"]


def test_the_cli_table_names_the_reason_and_the_bloc_votes():
    res = runner.invoke(app, ["analyze", str(CASES / "north-macedonia-2018.yaml")], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "void: turnout below quorum" in res.output
    assert "How each bloc votes" in res.output and "boycott_camp" in res.output


def test_a_bad_quorum_exits_2_naming_file_line_and_field(tmp_path):
    text = (CASES / "north-macedonia-2018.yaml").read_text(encoding="utf-8")
    bad = text.replace("turnout_quorum: {value: 0.5,", "turnout_quorum: {value: 1.5,")
    line = next(n for n, s in enumerate(bad.splitlines(), 1) if "turnout_quorum: {value: 1.5" in s)
    f = tmp_path / "bad.yaml"
    f.write_text(bad, encoding="utf-8")
    res = runner.invoke(app, ["analyze", str(f)])
    assert res.exit_code == 2
    assert f"bad.yaml:{line}" in res.output and "bodies[referendum].turnout_quorum" in res.output


def test_the_report_shows_the_bloc_votes_and_each_body_p_pass():
    from winset.htmlreport import build_report
    from winset.scenario import load
    from winset.services import report_data

    html = build_report(
        report_data(load(CASES / "north-macedonia-2018.yaml"), draws=200, seed=1), plotlyjs="none"
    )
    assert "How each body and each bloc votes" in html and "void: turnout below quorum" in html
    assert "boycott_camp" in html
    assert "Probability each body passes each deal" in html


def test_the_web_results_show_the_reason_and_the_bloc_votes(tmp_path):
    from fastapi.testclient import TestClient

    from winset.web import create_app
    from winset.web.store import Store

    store = Store(f"sqlite:///{tmp_path / 'web.db'}")
    try:
        app = create_app(store, max_upload=256 * 1024, allowed_hosts=["testserver"])
        with TestClient(app) as c:
            text = (CASES / "north-macedonia-2018.yaml").read_text(encoding="utf-8")
            c.post("/api/scenarios", json={"slug": "mk", "text": text}).raise_for_status()
            html = c.post("/s/mk/whatif", data={}).text
    finally:
        store.close()
    assert 'data-testid="vote-prespa-referendum"><span class="bad">void: turnout below quorum' in html
    assert "boycott_camp: 40% · 10%" in html

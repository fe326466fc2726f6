"""Checks every shipped scenario passes (one shared class, Axelrod-style), plus facts of the two cases."""

from __future__ import annotations

import json

import numpy as np
import pytest

import winset
from winset.analysis.deals import evaluate_deals
from winset.analysis.default import analyze
from winset.scenario import builtin_scenarios, compile_scenario
from winset.scenario.audit import undocumented
from winset.scenario.schema import Scenario

SCENARIOS = builtin_scenarios()


def test_two_builtin_scenarios_at_least():
    assert {"anchorage-2025", "panama-canal-1978"} <= set(SCENARIOS)


@pytest.mark.parametrize("name", SCENARIOS)
class TestEveryScenario:
    def test_every_judgement_number_is_documented(self, name):
        assert undocumented(winset.load(name)) == []

    def test_round_trips_through_json(self, name):
        sc = winset.load(name)
        again = Scenario.model_validate_json(sc.model_dump_json())
        assert again == sc

    def test_analysis_is_json_serialisable_and_consistent(self, name):
        sc = winset.load(name)
        res = analyze(sc)
        json.dumps(res)
        for d in res["deals"]:
            # ratifiable <=> nobody blocks
            assert d["ratifiable"] == (d["blockers"] == [])
            for a, acc in d["accepts"].items():
                # an actor accepts iff it prefers the deal to its no deal and the deal breaks none of its red lines
                assert acc == (d["utility"][a] > d["no_deal_utility"][a] and not d["red_lines"].get(a))

    def test_batched_evaluation_equals_single(self, name):
        sc = winset.load(name)
        c = compile_scenario(sc)
        cb = compile_scenario(sc, value_of=lambda q, path: np.full(3, q.value), batch_shape=(3,))
        e1, e3 = evaluate_deals(c), evaluate_deals(cb)
        assert np.allclose(e3.utility, e1.utility[None])
        assert np.array_equal(e3.ratifiable, np.broadcast_to(e1.ratifiable, (3, len(sc.deals))))

    def test_sources_named_in_text_exist(self, name):
        """Every citation written as ``[ID]`` or a leading ``ID:`` names a source the scenario declares."""
        import re

        sc = winset.load(name)
        ids = {s.id for s in sc.sources}
        assert len(ids) == len(sc.sources)
        text = json.dumps(sc.model_dump(mode="json"))
        cited = set(re.findall(r"\[([A-Z][A-Z0-9-]+)\]", text))
        cited |= set(re.findall(r'"(?:source|assumption)": "([A-Z][A-Z0-9-]+):', text))
        cited |= {m for m in re.findall(r'"source": "([A-Z][A-Z0-9-]+)"', text)}
        assert cited, "the scenario cites nothing"
        assert cited <= ids, f"cited but not declared: {sorted(cited - ids)}"

    def test_sticking_points_judge_the_reference_under_its_own_instrument(self, name):
        """The reference deal's ratifiability in the sticking-point analysis equals the deal's own verdict,
        and a body that does not apply to that deal's instrument never blocks an issue."""
        sc = winset.load(name)
        for d in sc.deals:
            res = analyze(sc, reference=d.id)
            deal = next(x for x in res["deals"] if x["id"] == d.id)
            sp = res["sticking_points"]
            assert sp["instrument"] == d.instrument
            assert sp["reference_ratifiable"] == deal["ratifiable"]
            not_needed = {
                b["id"]
                for b in deal["bodies"]
                if not b["applies"]
                and b["id"] in sc.veto_players
                and sc.body(b["id"]).applies_when.any_of is None
            }
            for issue in sp["issues"]:
                assert not (set(issue["blocked_by"]) & not_needed), (d.id, issue["issue"])


def test_anchorage_facts_from_the_articles(anchorage):
    sc = anchorage
    # [A2] a formal treaty needs 2/3 of the Senate; an executive agreement does not
    senate = sc.body("us_senate")
    assert senate.rule == "quota" and senate.quota.value == 2 / 3
    assert senate.applies_when.instruments == ["treaty"]
    # [A1] 7,000 lives a week
    assert sc.cost_of_delay.lives_per_week.value == 7000
    # [A1] three ways to resolve the big issue, and [A2] land for peace and a minerals deal
    assert [d.id for d in sc.deals] == [
        "lease",
        "neutral_zone",
        "conditional_recognition",
        "land_for_peace",
        "minerals_deal",
    ]
    res = analyze(sc)
    by_id = {d["id"]: d for d in res["deals"]}
    for did in ("land_for_peace", "minerals_deal"):
        senate_vote = next(b for b in by_id[did]["bodies"] if b["id"] == "us_senate")
        assert not senate_vote["applies"]
    # Constitution of Russia Art. 67(2.1): handing back annexed land is barred -- Russia's red line: a deal
    # below the line of annexed land it holds is unacceptable to it, and the deals table says why
    for d in sc.deals:
        below = d.terms["control"].value < 45
        assert by_id[d.id]["red_lines"].get("RU", []) == (["control ≥ 45"] if below else [])
        if below:
            assert not by_id[d.id]["accepts"]["RU"]
            assert by_id[d.id]["blocking_red_lines"]["RU"] == ["red line control ≥ 45"]
    # Constitution of Ukraine Art. 73: any deal touching the legal status needs the referendum
    for d in sc.deals:
        ref = next(b for b in by_id[d.id]["bodies"] if b["id"] == "ua_referendum")
        assert ref["applies"] == (d.terms["sovereignty"].value > 0 or d.terms["control"].value > 50)


def test_anchorage_one_big_issue_is_territorial(anchorage):
    """[A1]: 'The likeliest answer ... is territorial sovereignty. Crimea. Donetsk. Luhansk.'"""
    res = analyze(anchorage)
    assert res["sticking_points"]["one_big_issue"] in {"control", "sovereignty"}


def test_panama_two_thirds_history(anchorage):
    """Voteview 95/702 and 95/755: the treaties passed 68-32 only with the DeConcini reservation."""
    res = analyze(winset.services.scenario_at("panama-canal-1978"))  # the latest snapshot
    by_id = {d["id"]: d for d in res["deals"]}
    senate = lambda d: next(b for b in by_id[d]["bodies"] if b["id"] == "us_senate")  # noqa: E731
    assert senate("deconcini")["passed"] and senate("deconcini")["yes_share"] == pytest.approx(0.68)
    assert not senate("as_signed")["passed"]
    assert by_id["deconcini"]["ratifiable"]

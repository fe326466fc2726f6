"""The default case, ukraine-2025 (issue 11): it validates at every snapshot, it ends where the research record
ends, every plan cites a source, and it gets right the verdicts history settled.

The expected verdicts come from docs/research/ukraine-timeline.md §7 (what the parties did), not from the
model: no plan was signed by all parties up to 2026-04-10; Russia accepted the US 28-point plan as a basis while
Ukraine and Europe answered it with counter-proposals; Russia rejected the E3 text; Kyiv co-drafted the
20-point framework that Russia rejected, and rejected the US free-economic-zone variant itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import winset
from winset import services
from winset.scenario.asof import states
from winset.scenario.audit import undocumented
from winset.scenario.loader import DEFAULT_SCENARIO

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / "docs" / "research" / "ukraine-timeline.md"
SC = "ukraine-2025"


def _deal(as_of: str, deal: str):
    res = winset.analyze(SC, as_of=as_of)
    return next(d for d in res.deals if d.id == deal)


def test_is_the_default_scenario():
    assert DEFAULT_SCENARIO == SC
    assert winset.load(None).id == SC


def test_every_snapshot_validates_and_every_number_is_documented():
    v = services.validate(SC)
    assert v.undocumented == []
    assert v.snapshots == len(v.dates) >= 20
    for st in states(winset.load(SC)):
        assert undocumented(st.scenario) == [], st.date


def test_the_latest_snapshot_is_the_latest_event_of_the_research_record():
    """The record's §2 rows start with a date (``2026-04-10``, ``2025-11-20/21``, ``2026-02 (undated)``)."""
    text = RECORD.read_text(encoding="utf-8").split("## 2. Dated events")[1].split("## 3.")[0]
    days = re.findall(r"^\| (\d{4}-\d{2}-\d{2})", text, flags=re.M)
    assert days
    assert services.scenario_at(SC).date == max(days) == "2026-04-10"


def test_every_deal_at_every_snapshot_cites_a_source():
    for st in states(winset.load(SC)):
        for d in st.scenario.deals:
            assert d.source, (st.date, d.id)


def test_no_plan_is_ratifiable_at_any_snapshot():
    """Nothing was signed by all parties up to the last date covered (2026-04-10)."""
    ok = [
        (st.date, d.id)
        for st in states(winset.load(SC))
        for d in winset.analyze(st.scenario).deals
        if d.ratifiable
    ]
    assert ok == []


def test_the_28_point_plan_is_blocked_by_ukraine_and_europe_not_by_russia():
    d = _deal(
        "2025-11-21", "plan28"
    )  # Putin: 'could form the basis' (S16); Kyiv and the E3 counter (S21, S26)
    assert not d.ratifiable
    assert {"UA", "EU"} <= set(d.blockers)
    assert "RU" not in d.blockers and "US" not in d.blockers


def test_russia_blocks_the_e3_text_and_kyivs_20_point_variant():
    e3 = _deal("2025-11-23", "e3_counter")  # Moscow: 'unconstructive' (S31)
    assert "RU" in e3.blockers and "UA" not in e3.blockers and "EU" not in e3.blockers
    kyiv = _deal("2025-12-24", "plan20_kyiv")  # co-drafted by Kyiv and Washington; Moscow wants all of Donbas
    assert "RU" in kyiv.blockers and not {"UA", "US", "EU"} & set(kyiv.blockers)


def test_both_belligerents_block_the_free_economic_zone():
    fez = _deal(
        "2025-12-24", "plan20_fez"
    )  # Kyiv: no one-sided withdrawal (S37); Moscow: the land itself (S65)
    assert {"RU", "UA"} <= set(fez.blockers) and "US" not in fez.blockers


def test_geneva_with_its_bracketed_terms_open_is_not_blocked_by_kyiv():
    """Geneva left territory and NATO to the presidents: those terms sit at the status quo (nothing agreed),
    so Kyiv, which agreed the text (S26), does not block it; Russia does (S34)."""
    sc = services.scenario_at(SC, as_of="2025-11-24")
    g = sc.deal("geneva19")
    for issue in ("control", "sovereignty", "nato_path"):
        assert g.terms[issue].value == sc.reversion[issue].value, issue
    d = _deal("2025-12-02", "geneva19")
    assert "RU" in d.blockers and "UA" not in d.blockers


def test_territory_is_the_sticking_point_once_the_red_lines_clash():
    """From 11 December 2025 Russia asks for all of Donbas (control >= 73) and Kyiv refuses any one-sided
    withdrawal (control <= 55): the sticking point is control, named with both red lines."""
    res = winset.analyze(SC, as_of="2025-12-11")
    sp = res.to_dict()["sticking_points"]
    assert sp["one_big_issue"] == "control"
    top = next(p for p in sp["parties"] if p["issue"] == "control")
    assert top["kind"] == "deadlock"
    assert top["red_line_clash"] == ["RU: control ≥ 73", "UA: control ≤ 55"]


@pytest.mark.slow
def test_docs_anchorage_matches_the_model():
    """docs/anchorage.md is generated from the model's output; it must not go stale."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("anchorage_doc", ROOT / "scripts" / "anchorage_doc.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--check"]) == 0, "run: python scripts/anchorage_doc.py"

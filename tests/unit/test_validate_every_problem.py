"""`winset validate` lists every problem at once (issue 15, defect 5).

A file with a misspelt key and a bad quota (both pydantic errors) and an unknown veto player (a check that runs
on the parsed scenario) used to show only the pydantic errors: the semantic checks never ran.  Now they run on what
did parse, and a check whose location overlaps a pydantic error is left out (it would only repeat it).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import line_of
from winset.scenario import ScenarioError, loads, validate_data
from winset.scenario.loader import resolve

PANAMA = resolve("panama-canal-1978").read_text(encoding="utf-8")


def _mutate(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def _problems(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ScenarioError) as e:
        loads(text, file="case.yaml")
    assert all(p.file == "case.yaml" for p in e.value.problems)
    return [(p.line, p.field, p.message) for p in e.value.problems]


def test_a_misspelt_key_a_bad_quota_and_an_unknown_veto_player_are_all_listed():
    text = _mutate(
        PANAMA,
        ("    salience:\n      handover: {value: 0.6,", "    salinece:\n      handover: {value: 0.6,"),
        ("quota: {value: 2/3,", "quota: {value: 1.5,"),
        (
            "veto_players: [US, PA, us_senate, pa_plebiscite]",
            "veto_players: [US, PA, us_senate, pa_plebiscite, XX]",
        ),
    )
    got = _problems(text)
    fields = [f for _, f, _ in got]
    assert sorted(fields) == sorted(
        ["actors[US].salience", "actors[US].salinece", "bodies[us_senate].quota", "veto_players[4]"]
    )
    by_field = {f: (line, msg) for line, f, msg in got}
    assert by_field["actors[US].salinece"] == (line_of(text, "salinece:"), "unknown field 'salinece'")
    assert by_field["bodies[us_senate].quota"][0] == line_of(text, "quota: {value: 1.5")
    assert "(0, 1]" in by_field["bodies[us_senate].quota"][1]
    assert by_field["veto_players[4]"] == (line_of(text, "veto_players:"), "unknown actor or body 'XX'")


def test_a_wrong_type_and_reference_problems_elsewhere_are_listed_together():
    text = _mutate(
        PANAMA,
        ('capability: {value: 0.3, assumption: "Weak', 'capability: {value: "lots", assumption: "Weak'),
        ("    actor: PA\n", "    actor: PN\n"),
        ("terms: {handover: 1985, defence: 10", "terms: {handover: 2099, defence: 10"),
    )
    got = _problems(text)
    fields = {f for _, f, _ in got}
    assert fields == {
        "actors[PA].capability.value",
        "bodies[pa_plebiscite].actor",
        "deals[early_handover].terms.handover",
    }
    msgs = {f: m for _, f, m in got}
    assert msgs["bodies[pa_plebiscite].actor"] == "unknown actor 'PN'"
    assert "outside the scale" in msgs["deals[early_handover].terms.handover"]


def test_a_check_on_a_broken_part_is_not_repeated():
    """A position that is not a number: the pydantic error only, not also "missing value for issue(s)"."""
    text = _mutate(PANAMA, ("handover: {value: 1985,", "handover: {value: soon,"))
    got = _problems(text)
    assert [f for _, f, _ in got] == ["actors[PA].positions.handover.value"]


def test_a_broken_scale_does_not_put_every_position_outside_it():
    text = _mutate(PANAMA, ("scale: {min: 1978, max: 2030", "scale: {min: 2030, max: 1978"))
    text = _mutate(text, ("veto_players: [US, PA,", "veto_players: [USA, PA,"))
    got = _problems(text)
    assert [f for _, f, _ in got] == ["issues[handover].scale", "veto_players[0]"]


def test_a_valid_file_still_loads():
    assert loads(PANAMA).id == "panama-canal-1978"


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, path + (i,))
    return out


DATA = yaml.safe_load(PANAMA)
PATHS = _paths(DATA)
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(max_examples=100, deadline=None)
@given(edits=st.lists(st.tuples(st.sampled_from(PATHS), JUNK), min_size=1, max_size=3))
def test_any_broken_value_gives_scenario_errors_with_a_field_and_never_a_crash(edits):
    data = copy.deepcopy(DATA)
    for path, junk in edits:
        node = data
        try:
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = junk
        except (KeyError, IndexError, TypeError):
            continue
    try:
        validate_data(data, file="fuzz.yaml")
    except ScenarioError as e:
        assert e.problems and all(p.file == "fuzz.yaml" and p.field for p in e.problems)
        assert len({(p.field, p.message) for p in e.problems}) == len(e.problems)  # nothing said twice

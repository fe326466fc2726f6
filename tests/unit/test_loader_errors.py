"""Bad input: every error class names file, line and field, and the CLI exits 2 without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import line_of
from winset.scenario import ScenarioError, load, loads
from winset.scenario.loader import BUILTIN_DIR, MAX_BYTES

ANCHORAGE = (BUILTIN_DIR / "anchorage-2025.yaml").read_text(encoding="utf-8")


def _mutate(old: str, new: str) -> str:
    assert ANCHORAGE.count(old) == 1, old
    return ANCHORAGE.replace(old, new)


def _problems(text: str, file: str = "case.yaml"):
    with pytest.raises(ScenarioError) as ei:
        loads(text, file=file)
    return ei.value.problems


CASES = [
    # (name, old, new, expected field, line needle, message fragment)
    (
        "unknown issue",
        '      sovereignty: {value: 60, assumption: "Open to',
        '      sovereignity: {value: 60, assumption: "Open to',
        "actors[US].positions.sovereignity",
        "sovereignity: {value: 60",
        "unknown issue 'sovereignity'",
    ),
    (
        "quota above 1",
        "quota: {value: 2/3",
        "quota: {value: 1.5",
        "bodies[us_senate].quota",
        "quota: {value: 1.5",
        "quota must be in (0, 1]",
    ),
    (
        "unknown veto player",
        "veto_players: [US, RU,",
        "veto_players: [USA, RU,",
        "veto_players[0]",
        "veto_players: [USA",
        "unknown actor or body 'USA'",
    ),
    (
        "not a number",
        "capability: {value: 0.35,",
        'capability: {value: "lots",',
        "actors[US].capability.value",
        'capability: {value: "lots"',
        "valid number",
    ),
    (
        "outside the scale",
        "terms: {control: 55, sovereignty: 25,",
        "terms: {control: 55, sovereignty: 125,",
        "deals[lease].terms.sovereignty",
        "sovereignty: 125",
        "outside the scale",
    ),
    (
        "unknown field",
        "  - id: UA\n    name: Ukraine (Zelenskyy)\n",
        "  - id: UA\n    colour: blue\n    name: Ukraine (Zelenskyy)\n",
        "actors[UA].colour",
        "colour: blue",
        "unknown field 'colour'",
    ),
    (
        "low above high",
        "low: 0.25, high: 0.45}",
        "low: 0.45, high: 0.25}",
        "actors[US].capability",
        "low: 0.45, high: 0.25",
        "low (0.45) is above high (0.25)",
    ),
    (
        "unknown issue in a body condition",
        "- {issue: sanctions, op: gt, value: 40,",
        "- {issue: sanktions, op: gt, value: 40,",
        "bodies[eu_council].applies_when.any_of[0].issue",
        "issue: sanktions",
        "unknown issue 'sanktions'",
    ),
    (
        "quota rule without quota",
        '    quota: {value: 2/3, source: "US-CONST: two thirds of the Senators present concur"}\n',
        "",
        "bodies[us_senate]",
        "  - id: us_senate",
        "needs a 'quota'",
    ),
    (
        "unknown actor on a side of the war",
        "sides: [[UA, EU], [RU]]",
        "sides: [[UA, EU], [RUS]]",
        "cost_of_delay.sides[1][0]",
        "sides: [[UA, EU], [RUS]]",
        "unknown actor 'RUS'",
    ),
    (
        "negative salience of a body",
        '      sanctions: {value: 0.8, assumption: "Congress wrote',
        '      sanctions: {value: -0.8, assumption: "Congress wrote',
        "bodies[us_senate].salience.sanctions",
        "sanctions: {value: -0.8",
        "salience must be in [0",
    ),
    (
        "range end outside the allowed values",
        'capability: {value: 0.35, assumption: "Largest military and economic lever; controls arms flow and US sanctions", low: 0.25,',
        'capability: {value: 0.35, assumption: "Largest military and economic lever; controls arms flow and US sanctions", low: -0.25,',
        "actors[US].capability.low",
        "low: -0.25",
        "capability (low end of its range)",
    ),
    (
        "quota range above 1",
        "quota: {value: 2/3, source:",
        "quota: {value: 2/3, low: 0.6, high: 1.2, source:",
        "bodies[us_senate].quota.high",
        "high: 1.2",
        "quota (high end of its range) must be in (0, 1]",
    ),
    (
        "veto player listed twice",
        "veto_players: [US, RU,",
        "veto_players: [US, US, RU,",
        "veto_players[1]",
        "veto_players: [US, US",
        "listed twice",
    ),
    (
        "a 2-D space on one issue",
        "issues: [control, sovereignty]}",
        "issues: [control, control]}",
        "spaces[territory].issues",
        "issues: [control, control]",
        "two different issues",
    ),
    (
        "negative horizon",
        "low: 8, high: 52}",
        "low: -8, high: 52}",
        "cost_of_delay.horizon_weeks.low",
        "low: -8, high: 52",
        "horizon (weeks) (low end of its range) must be in [0",
    ),
    (
        "a word where a number belongs",
        "weight: {value: 47, source:",
        "weight: {value: many, source:",
        "bodies[us_senate].members[democrats].weight.value",
        "weight: {value: many",
        "valid number",
    ),
]


@pytest.mark.parametrize("name,old,new,field,needle,fragment", CASES, ids=[c[0] for c in CASES])
def test_semantic_errors_name_file_line_field(name, old, new, field, needle, fragment):
    text = _mutate(old, new)
    problems = _problems(text)
    match = [p for p in problems if p.field == field]
    assert match, f"no problem for field {field}: {[str(p) for p in problems]}"
    p = match[0]
    assert p.file == "case.yaml"
    assert fragment in p.message
    assert p.line == line_of(text, needle)


def test_missing_issue_is_reported_with_the_unknown_one():
    text = _mutate(
        '      sovereignty: {value: 60, assumption: "Open to',
        '      sovereignity: {value: 60, assumption: "Open to',
    )
    fields = {p.field for p in _problems(text)}
    assert {"actors[US].positions", "actors[US].positions.sovereignity"} <= fields


def test_malformed_yaml_gives_line_and_column():
    text = "id: x\ntitle: y\nissues:\n  - id: a\n    name: [unclosed\n"
    (p,) = _problems(text, "broken.yaml")
    assert p.file == "broken.yaml" and "invalid YAML" in p.message
    assert p.line is not None and p.line >= 5


def test_malformed_json_gives_line_and_column():
    text = '{"id": "x", "title": 3,\n "issues": [}\n'
    (p,) = _problems(text, "broken.json")
    assert (p.line, p.column) == (2, 13) and "invalid JSON" in p.message


def test_empty_and_non_mapping_files():
    assert "empty" in _problems("")[0].message
    assert "mapping" in _problems("- 1\n- 2\n")[0].message


def test_json_scenario_gets_line_numbers_too():
    import json

    import yaml

    data = yaml.safe_load(ANCHORAGE)
    data["bodies"][0]["quota"] = 2
    text = json.dumps(data, indent=1)
    problems = _problems(text, "sc.json")
    (p,) = [p for p in problems if p.field == "bodies[us_senate].quota"]
    assert p.line == line_of(text, '"quota": 2')


def test_huge_file_is_refused_before_parsing(tmp_path: Path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * (MAX_BYTES + 1))
    with pytest.raises(ScenarioError) as ei:
        load(big)
    assert "larger than" in ei.value.problems[0].message
    assert ei.value.problems[0].file == str(big)


def test_missing_file_and_directory(tmp_path: Path):
    with pytest.raises(ScenarioError, match="no such file"):
        load(tmp_path / "nope.yaml")
    with pytest.raises(ScenarioError, match="directory"):
        load(tmp_path)


def test_non_utf8_file(tmp_path: Path):
    f = tmp_path / "latin.yaml"
    f.write_bytes("id: caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match="UTF-8"):
        load(f)


def test_all_problems_reported_at_once():
    text = _mutate("veto_players: [US, RU,", "veto_players: [USA, RUS,")
    fields = {p.field for p in _problems(text)}
    assert {"veto_players[0]", "veto_players[1]"} <= fields


# ---- structural attacks and syntax corner cases (each a class of bad input) ----------------------------
BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefghi", "bcdefghij", strict=True)
)


def test_alias_bomb_is_refused_quickly():
    """A 'billion laughs' file is ~0.5 kB on disk and 9^10 values once expanded: refused, not expanded."""
    import time

    assert len(BILLION_LAUGHS) < 1000
    t = time.perf_counter()
    (p,) = _problems(BILLION_LAUGHS, "laughs.yaml")
    assert time.perf_counter() - t < 5.0  # a correctness bound (no expansion), not a benchmark
    assert "expands to more than" in p.message and p.file == "laughs.yaml" and p.line is not None


def test_aliases_within_reason_still_work():
    text = ANCHORAGE.replace("  - id: UA\n", "  - id: UA\n", 1)
    text = text.replace(
        '    salience:\n      control: {value: 0.8, assumption: "Land and people under occupation"}',
        '    salience: &ua_sal\n      control: {value: 0.8, assumption: "Land and people under occupation"}',
        1,
    )
    assert "&ua_sal" in text
    assert loads(text, "ok.yaml").actor("UA").salience["control"].value == 0.8


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_deep_nesting_is_refused(suffix):
    text = '{"id": ' + "[" * 5000 + "]" * 5000 + "}"
    (p,) = _problems(text, "deep" + suffix)
    assert "nested more than" in p.message


def test_repeated_key_names_its_line_yaml():
    text = _mutate(
        "  - id: UA\n    name: Ukraine (Zelenskyy)\n",
        "  - id: UA\n    name: Ukraine (Zelenskyy)\n    name: Ukraine again\n",
    )
    (p,) = _problems(text)
    assert "appears twice" in p.message and p.line == line_of(text, "name: Ukraine again")


def test_repeated_key_names_its_line_json():
    text = '{"id": "x",\n "title": "t",\n "id": "y"}'
    (p,) = _problems(text, "dup.json")
    assert "'id' appears twice" in p.message and p.line == 3


def test_exact_two_thirds_passes_two_of_three():
    """Art. II: 'two thirds of the Senators present concur' -- 2 of 3 (and 66 of 99) is exactly enough."""
    from winset.analysis.deals import evaluate_deals
    from winset.scenario import compile_scenario

    text = """
id: q
title: two of three
issues: [{id: x, name: X}]
actors:
  - {id: A, name: A, capability: 1, positions: {x: 100}, salience: {x: 1}}
  - {id: B, name: B, capability: 1, positions: {x: 100}, salience: {x: 1}}
reversion: {x: 0}
bodies:
  - id: s
    name: S
    rule: quota
    quota: 2/3
    members:
      - {id: m1, weight: 33, ideal: {x: 100}}
      - {id: m2, weight: 33, ideal: {x: 100}}
      - {id: m3, weight: 33, ideal: {x: 0}}
veto_players: [s]
deals: [{id: d, name: D, terms: {x: 100}}]
"""
    sc = loads(text, "q.yaml")
    assert sc.body("s").quota.value == 2 / 3
    assert evaluate_deals(compile_scenario(sc)).ratifiable.tolist() == [True]


@pytest.mark.parametrize("written,value", [("3e-1", 0.3), ("1/3", 1 / 3), (" 3/10 ", 0.3)])
def test_numbers_written_as_text(written, value):
    text = _mutate("capability: {value: 0.35,", f"capability: {{value: {written},")
    assert loads(text).actor("US").capability.value == pytest.approx(value, abs=0)

"""Scenario files are read with the YAML 1.2 core schema (the project's choice: ``no`` is not false).

Expected values are those of the YAML 1.2.2 specification, section 10.3.2 (core schema), example 10.9
("Core Tag Resolution"), and of YAML 1.1 scalars that 1.2 reads as strings or decimals."""

from __future__ import annotations

import math

import yaml

from winset.scenario import loads
from winset.scenario.yaml12 import Yaml12Loader

SPEC_EXAMPLE_10_9 = """\
A null: null
Also a null: # Empty
Not a null: ""
Booleans: [ true, True, false, FALSE ]
Integers: [ 0, 0o7, 0x3A, -19 ]
Floats: [ 0., -0.0, .5, +12e03, -2E+05 ]
Also floats: [ .inf, -.Inf, +.INF, .NAN ]
"""


def test_core_schema_example_10_9():
    d = yaml.load(SPEC_EXAMPLE_10_9, Loader=Yaml12Loader)
    assert d["A null"] is None and d["Also a null"] is None and d["Not a null"] == ""
    assert d["Booleans"] == [True, True, False, False]
    assert d["Integers"] == [0, 7, 58, -19] and all(type(x) is int for x in d["Integers"])
    assert d["Floats"] == [0.0, -0.0, 0.5, 12000.0, -200000.0] and all(type(x) is float for x in d["Floats"])
    inf, minf, pinf, nan = d["Also floats"]
    assert inf == math.inf and minf == -math.inf and pinf == math.inf and math.isnan(nan)


def test_yaml_11_scalars_are_strings_or_decimals_in_12():
    d = yaml.load("[no, yes, on, off, y, n, NO, 010, 1_000, '1:30', 1:30, 0b101]", Loader=Yaml12Loader)
    assert d == ["no", "yes", "on", "off", "y", "n", "NO", 10, "1_000", "1:30", "1:30", "0b101"]


def test_an_issue_called_no_is_norway_not_false():
    text = """\
id: t
title: an issue whose id is the word no
issues: [{id: no, name: Norway}]
actors:
  - {id: A, name: A, capability: 1, positions: {no: 10}, salience: {no: 1}}
  - {id: B, name: B, capability: 1, positions: {no: 90}, salience: {no: 1}}
reversion: {no: 50}
veto_players: [A, B]
"""
    sc = loads(text, file="norway.yaml")
    assert sc.issue_ids == ["no"]
    assert sc.actors[0].positions["no"].value == 10

"""KTAB input parsing on hand-written text: safe XML, errors naming line and field."""

from __future__ import annotations

import pytest

from winset.io import ktab
from winset.scenario import ScenarioError


def test_xml_is_parsed_safely():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        "<Scenario><name>&b;</name></Scenario>"
    )
    with pytest.raises(ScenarioError):
        ktab.parse_xml(bomb, file="bomb.xml")


def test_bad_csv_cell_names_line_and_field():
    text = (
        "x,demo,2,1,\nActor,Description,Influence,D Position,D Salience,\n"
        "A,first,10,50,20,\nB,second,ten,40,30,\n"
    )
    with pytest.raises(ScenarioError) as e:
        ktab.parse_csv(text, file="demo.csv")
    p = e.value.problems[0]
    assert (p.file, p.line, p.field) == ("demo.csv", 4, "Influence")

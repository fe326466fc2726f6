"""GENIUS XML reader on small hand-written domains: values by hand, errors naming file, line and field."""

from __future__ import annotations

import pytest

from helpers import GENIUS_INT_DOMAIN, GENIUS_INT_PROFILE, GENIUS_PROFILE, write_genius
from winset.io.genius import load_genius
from winset.scenario.errors import ScenarioError


def test_small_domain_by_hand(tmp_path):
    g = load_genius(write_genius(tmp_path))
    # seller: low 1/4, high 4/4; buyer: low 8/8, high 4/8
    assert g.utilities().tolist() == [[0.25, 1.0], [1.0, 0.5]]
    assert g.reservation.tolist() == [0.25, 0.25]


def test_malformed_xml_names_file_and_line(tmp_path):
    d = write_genius(
        tmp_path, buyer="<utility_space>\n<objective>\n<issue index='1' name='price'>\n</objective>\n"
    )
    with pytest.raises(ScenarioError) as e:
        load_genius(d)
    p = e.value.problems[0]
    assert p.file.endswith("c_buyer.xml") and p.line == 4 and "malformed XML" in p.message


def test_malformed_xml_position_printed_once_with_1_based_column(tmp_path):
    """Line 4 is '</objective>' closing an open <issue>: expat reports the mismatched tag at the tag name, which
    starts at character 3 of the line counting from 1 ('<', '/', 'o').  The message gives the position once
    (file:line:column), not again as 'line 4, column 2' in expat's own text."""
    d = write_genius(
        tmp_path, buyer="<utility_space>\n<objective>\n<issue index='1' name='price'>\n</objective>\n"
    )
    with pytest.raises(ScenarioError) as e:
        load_genius(d)
    p = e.value.problems[0]
    assert (p.line, p.column) == (4, "</objective>".index("objective") + 1)
    assert p.message == "malformed XML: mismatched tag"
    assert str(p).endswith("c_buyer.xml:4:3: malformed XML: mismatched tag")
    assert "line" not in str(p).split("c_buyer.xml")[1] and "column" not in str(p)


def test_bad_number_names_line_and_field(tmp_path):
    with pytest.raises(ScenarioError) as e:
        load_genius(write_genius(tmp_path, low="cheap"))
    p = e.value.problems[0]
    assert p.file.endswith("b_seller.xml") and p.line == 4 and p.field == "issue[price].item[low].evaluation"


def test_missing_evaluation_reported(tmp_path):
    buyer = GENIUS_PROFILE.format(low="8").replace('<item index="2" value="high" evaluation="4"/>', "")
    with pytest.raises(ScenarioError) as e:
        load_genius(write_genius(tmp_path, buyer=buyer))
    assert "'high'" in str(e.value) and e.value.problems[0].line == 3


def test_entity_expansion_refused(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
        "<utility_space>&lol2;</utility_space>\n"
    )
    with pytest.raises(ScenarioError) as e:
        load_genius(write_genius(tmp_path, buyer=bomb))
    assert e.value.problems[0].file.endswith("c_buyer.xml") and "refused" in e.value.problems[0].message


def test_integer_issue_linear_evaluator(tmp_path):
    d = tmp_path / "int"
    d.mkdir()
    (d / "a.xml").write_text(GENIUS_INT_DOMAIN)
    (d / "b.xml").write_text(GENIUS_INT_PROFILE.format(slope="0.25", offset="0"))
    (d / "c.xml").write_text(GENIUS_INT_PROFILE.format(slope="-0.5", offset="1.5"))
    g = load_genius(d)
    assert g.issues[0].values == ("2", "3", "4", "5", "6") and g.n_outcomes == 10
    # outcome (days 4, blue): b: 0.6 * (0.25 * 2) + 0.4 * 1/2 = 0.5; c: 0.6 * clip(1.5 - 1.0) + 0.2 = 0.5
    j = 2 * 2 + 1
    assert g.utilities()[j].tolist() == pytest.approx([0.5, 0.5])
    # (days 2, red): b: 0 + 0.4 = 0.4; c: 0.6 * clip(1.5, 0, 1) + 0.4 = 1.0
    assert g.utilities()[0].tolist() == pytest.approx([0.4, 1.0])

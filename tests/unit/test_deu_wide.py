"""The DEU III layout read directly: capability schemes, the GDP line, skipped issues, errors with
file, line and column."""

from __future__ import annotations

import pytest

from winset.io.deu import parse
from winset.scenario import ScenarioError

HEAD = [
    "prnr",
    "isnr",
    "proc",
    "counvte",
    "intro",
    "pcom",
    "pep",
    "pde",
    "plu",
    "scom",
    "sep",
    "sde",
    "slu",
    "rp",
    "out",
]
GDP = ["", "", "", "", "", "4.1", "4.1", "4.1", "0.07", "", "", "", "", "", ""]


def _text(*rows: list[str]) -> str:
    lines = [HEAD, GDP, *rows]
    return (
        "\n".join(
            "\t".join(f'"{c}"' if c and not c.replace(".", "").isdigit() else c for c in r) for r in lines
        )
        + "\n"
    )


ROW1 = ["1", "11", "COD", "QMV", "26-01-99", "100", "80", "0", "50", "50", "40", "80", "", "0", "60"]
ROW2 = ["1", "12", "CNS", "Unan", "26-01-06", "0", "", "100", "40", "20", "", "60", "20", "", "30"]
NO_OUT = ["2", "21", "COD", "QMV", "01-01-00", "0", "10", "20", "30", "10", "10", "10", "10", "", ""]


def test_wide_layout_and_capability_schemes():
    text = _text(ROW1, ROW2, NO_OUT)
    issues = parse(text, file="d.csv", capability="nice")
    assert [i.id for i in issues] == ["11", "12"]  # the issue without an outcome is skipped
    a, b = issues
    assert a.actors == ("com", "ep", "de", "lu") and a.proposal == "1"
    assert (a.procedure, a.rule, str(a.date)) == ("COD", "QMV", "1999-01-26")
    assert list(a.capability) == [
        29,
        29,
        29,
        4,
    ]  # Nice: de 29, lu 4; Commission and Parliament as a large state
    # lu has no salience on issue 11: the mean of the others' (.5, .4, .8) -> .5667
    assert a.salience == pytest.approx([0.5, 0.4, 0.8, (0.5 + 0.4 + 0.8) / 3])
    assert a.reversion == 0 and a.outcome == 60 and b.reversion is None
    assert b.actors == ("com", "de", "lu")  # the Parliament has no position on issue 12
    assert list(parse(text, capability="gdp")[0].capability) == [4.1, 4.1, 4.1, 0.07]
    assert list(parse(text, capability="equal")[0].capability) == [1, 1, 1, 1]
    assert list(parse(text, capability="population")[0].capability) == [81.80, 81.80, 81.80, 0.50]
    # treaty in force: 1999 -> Amsterdam (de 10, lu 2), 2006 -> Nice
    t = parse(text, capability="treaty")
    assert list(t[0].capability) == [10, 10, 10, 2] and list(t[1].capability) == [29, 29, 4]


def test_unknown_capability_scheme():
    with pytest.raises(ScenarioError) as e:
        parse(_text(ROW1), file="d.csv", capability="votes")
    assert e.value.problems[0].field == "capability" and "nice" in e.value.problems[0].message


def test_file_without_outcomes_names_line_and_column():
    with pytest.raises(ScenarioError) as e:
        parse(_text(NO_OUT), file="d.csv")
    p = e.value.problems[0]
    assert (p.file, p.line, p.column, p.field) == ("d.csv", 1, HEAD.index("out") + 1, "out")


def test_issue_without_any_salience_names_line_and_column():
    row = ["3", "31", "COD", "QMV", "01-01-00", "0", "10", "20", "30", "", "", "", "", "", "50"]
    with pytest.raises(ScenarioError) as e:
        parse(_text(ROW1, row), file="d.csv")
    p = e.value.problems[0]
    assert (p.line, p.column, p.field) == (4, HEAD.index("scom") + 1, "scom")


def test_position_off_the_scale_names_column():
    row = list(ROW1)
    row[HEAD.index("pde")] = "150"
    with pytest.raises(ScenarioError) as e:
        parse(_text(row), file="d.csv")
    p = e.value.problems[0]
    assert (p.line, p.column, p.field) == (3, HEAD.index("pde") + 1, "pde")

"""``winset evaluate``: DEU-layout reader, mean absolute errors (hand-computed on a self-made fixture), errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from winset.io.deu import parse, read
from winset.scenario import ScenarioError
from winset.studies.accuracy import evaluate

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "deu-sample.csv"


def test_reader_layout():
    issues = read(FIXTURE)
    assert [i.id for i in issues] == ["alpha", "beta", "gamma"]
    beta = issues[1]
    assert beta.actors == ("A", "B", "C", "D") and (beta.lo, beta.hi) == (0, 10)
    assert beta.outcome == 5 and beta.reversion is None
    assert issues[0].reversion == 0 and issues[2].reversion == 50


def test_mean_absolute_errors_by_hand():
    res = evaluate(read(FIXTURE))
    f = {i["issue"]: i for i in res["issues"]}
    # compromise = sum c s x / sum c s
    # alpha: w = .5, .15, .1 -> (0 + 15 + 4) / .75 = 25.333; beta: w = .08, .48, .24, .1 -> 4.2 / .9 = 4.667
    # gamma: equal weights -> 50
    assert f["alpha"]["compromise"] == pytest.approx(19 / 0.75)
    assert f["beta"]["compromise"] == pytest.approx(4.2 / 0.9)
    assert f["gamma"]["compromise"] == pytest.approx(50)
    # weighted median (smallest position holding half the weight): alpha 0 (.5 of .75), beta 5, gamma 20 (tie)
    assert (f["alpha"]["weighted_median"], f["beta"]["weighted_median"], f["gamma"]["weighted_median"]) == (
        0,
        5,
        20,
    )
    # errors: |25.333-30| + |4.667-5| + |50-60| = 15 -> MAE 5; as shares: .04667 + .03333 + .1 = .18 -> .06
    assert res["models"]["compromise"]["mae"] == pytest.approx(5.0)
    assert res["models"]["compromise"]["mae_share"] == pytest.approx(0.06)
    assert res["models"]["weighted_median"]["mae"] == pytest.approx((30 + 0 + 40) / 3)
    # BDM on these one-issue problems ends at the median (alpha: A's weight .5 beats .25 at every round)
    assert f["alpha"]["bdm"] == 0
    # Nash with a reversion point: alpha's reversion is A's ideal (A cannot gain: no surplus -> 0);
    # gamma's reversion 50 lies between the two actors, every move hurts one of them -> 50.  beta has none.
    assert (f["alpha"]["nash"], f["gamma"]["nash"], f["beta"]["nash"]) == (0, 50, None)
    assert res["models"]["nash"]["n"] == 2 and res["models"]["nash"]["mae"] == pytest.approx((30 + 10) / 2)


@pytest.mark.parametrize(
    "text,line,field",
    [
        ("issue,actor,position,salience\n", 1, "header"),
        (
            "issue,actor,position,salience,capability\nx,A,1,0.5,1\nx,B,2,1.5,1\nx,OUTCOME,1,,\n",
            3,
            "salience",
        ),
        (
            "issue,actor,position,salience,capability\nx,A,1,0.5,-1\nx,B,2,0.5,1\nx,OUTCOME,1,,\n",
            2,
            "capability",
        ),
        (
            "issue,actor,position,salience,capability\nx,A,oops,0.5,1\nx,B,2,0.5,1\nx,OUTCOME,1,,\n",
            2,
            "position",
        ),
        ("issue,actor,position,salience,capability\nx,A,1,0.5,1\nx,B,2,0.5,1\n", 2, "issue"),
        ("issue,actor,position,salience,capability\nx,A,1,0.5,1\nx,A,2,0.5,1\nx,OUTCOME,1,,\n", 3, "actor"),
        (
            "issue,actor,position,salience,capability\nx,A,1,0.5,1\nx,B,200,0.5,1\nx,OUTCOME,1,,\n",
            3,
            "position",
        ),
        (
            "issue,actor,position,salience,capability\nx,A,1,0.5,1\nx,B,2,0.5,1\nx,OUTCOME,300,,\n",
            4,
            "position",
        ),
    ],
)
def test_bad_rows_name_file_line_field(text, line, field):
    with pytest.raises(ScenarioError) as e:
        parse(text, file="d.csv")
    p = e.value.problems[0]
    assert (p.file, p.line, p.field) == ("d.csv", line, field)

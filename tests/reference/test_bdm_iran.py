"""BDM on a third-party input: the Iran 2013 table (bdm-eum-examples, GPL-3.0; not vendored)."""

from __future__ import annotations

from winset.models.bdm import (
    bdm,
)


def test_iran_2013_forecast_misses_rouhani(reference_data):
    """Known outcome: Rouhani (x = 8) won the first round.  With these inputs the weighted median is
    Ghalibaf's 5 (hand: weights c*s = .168 @1, .08 @2, .01+.12 @4, .64+.0175 @5 ...; cumulative at 5 is
    1.0355 >= 1.4555/2) and BDM stays there under both readings: an error of 3 points (a third of the scale)."""
    from winset.io.xcs import read_table

    t = read_table(reference_data / "bdm-eum-examples" / "iranian-election.tsv")
    assert t.names[6] == "Ruhani" and t.x[6] == 8
    for prob in ("paper", "code"):
        res = bdm(t.x, t.c, t.s, rounds=10, probability=prob)  # type: ignore[arg-type]
        assert res.median[0] == 5.0
        assert abs(float(res.forecast) - 8.0) == 3.0

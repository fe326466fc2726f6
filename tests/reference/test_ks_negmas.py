"""Both Kalai–Smorodinsky definitions on every GENIUS domain of the reference data, and the additive frontier
against enumeration there.

* ``"spread"`` against its source: NegMAS 0.16.0 ``negmas.preferences.ops.ks_points`` (needs the ``bench``
  extra; skipped with that reason when NegMAS is absent), given the same frontier and the same utility
  functions (winset's GENIUS profiles handed to NegMAS as ``LinearAdditiveUtilityFunction`` tables).
* ``"maxmin"`` against its definition written out here (Kalai & Smorodinsky 1975: the largest smallest
  normalised gain over the rational outcomes), by enumeration.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from winset.analysis.pareto import ks_maxmin, ks_spread, pareto_mask
from winset.analysis.pareto.domains import AdditiveDomain, summarise
from winset.io.genius import GeniusDomain, load_genius

SUB = Path("negmas-genius-scenarios") / "genius-xml"
DOMAINS = [
    "AMPOvsCity",
    "AirportSiteSelectionA",
    "EnglandZimbabwe",
    "IS_BT_Acquisition",
    "ItexvsCypress",
    "Politics-3party",
]


def negmas_ufuns(g: GeniusDomain) -> list:
    from negmas import make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    issues = [make_issue(list(i.values), name=i.name) for i in g.issues]
    return [
        LinearAdditiveUtilityFunction(
            values=[
                TableFun(dict(zip(i.values, map(float, e), strict=True)))
                for i, e in zip(g.issues, p.evaluations, strict=True)
            ],
            weights=[float(w) for w in p.weights],
            issues=issues,
            reserved_value=float(p.reservation),
        )
        for p in g.profiles
    ]


@pytest.mark.parametrize("name", DOMAINS)
def test_ks_spread_is_negmas_ks_points(name, reference_data):
    pytest.importorskip("negmas", reason="NegMAS 0.16.0 is the bench extra: pip install '.[bench]'")
    from negmas.preferences.ops import ks_points

    g = load_genius(reference_data / SUB / name)
    dom = AdditiveDomain.from_genius(g)
    s = summarise(dom)
    front = [tuple(map(float, x)) for x in s["utilities"]]
    ufuns = negmas_ufuns(g)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = ks_points(ufuns, front, outcome_space=ufuns[0].outcome_space)
    assert expected, "NegMAS finds a point on every domain here"
    assert s["ks_spread"] == expected[0][1]
    # the range NegMAS normalises by is the best utility over all outcomes: the additive path's bound
    best = dom.bound(sum(t.max(0) for t in dom.tables))
    for k, uf in enumerate(ufuns):
        lo, hi = uf.minmax(ufuns[0].outcome_space, above_reserve=False)
        assert hi == pytest.approx(best[k], abs=1e-12)


@pytest.mark.parametrize("name", DOMAINS)
def test_additive_path_and_ks_maxmin_against_enumeration(name, reference_data):
    g = load_genius(reference_data / SUB / name)
    dom = AdditiveDomain.from_genius(g)
    add = summarise(dom, "additive")
    enum = summarise(dom, "enumerate")
    assert (add["utilities"] == enum["utilities"]).all()  # bit for bit, same order
    assert (add["choices"] == enum["choices"]).all()
    for key in ("nash", "ks_maxmin", "ks_spread", "max_welfare"):
        assert add[key] == enum[key], key
    # max-min written out over every outcome: gains over d, ideal = best over the strictly rational outcomes
    u = g.utilities()
    r = g.reservation
    d = np.maximum(r, u.min(0))
    rational = ((u >= r).all(1)) & ((u > d).all(1))
    ideal = u[rational].max(0)
    ratio = np.where(rational, ((u - d) / (ideal - d)).min(1), -np.inf)
    best = np.flatnonzero(ratio == ratio.max())
    assert tuple(add["utilities"][add["ks_maxmin"]]) in {tuple(x) for x in u[best]}
    # ... and it is Pareto-optimal
    assert pareto_mask(np.vstack([add["utilities"][add["ks_maxmin"]], u]))[0]
    assert ks_maxmin(u, d, candidates=np.flatnonzero(pareto_mask(u, unique=True))) is not None
    assert ks_spread(add["utilities"], d, u.max(0), r) == add["ks_spread"]

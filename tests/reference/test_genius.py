"""GENIUS XML import (winset.io.genius): GENIUS' own per-issue normalisation, errors with file and line.

The ANAC/GENIUS files are AGPL/GPL third-party data: read here only through the ``reference_data`` fixture.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import yaml

from winset.analysis.pareto import nash_point, pareto_frontier
from winset.io.genius import load_genius

SUB = Path("negmas-genius-scenarios") / "genius-xml"


@pytest.fixture(scope="module")
def ez(reference_data):
    return load_genius(reference_data / SUB / "EnglandZimbabwe")


def independent_utility(profile_file: Path, bid: dict[str, str]) -> float:
    """GENIUS' formula re-done by hand from the XML: sum_i w_i * eval(v_i) / max eval(issue i)."""
    root = ET.parse(profile_file).getroot()
    w = {int(x.get("index")): float(x.get("value")) for x in root.iter("weight")}
    tot = 0.0
    for iss in root.iter("issue"):
        evals = {it.get("value"): float(it.get("evaluation")) for it in iss.findall("item")}
        tot += w[int(iss.get("index"))] * evals[bid[iss.get("name")]] / max(evals.values())
    return min(tot, 1.0)


def test_domain_shape(ez):
    assert [p.name for p in ez.profiles] == ["England", "Zimbabwe"]
    assert [len(i.values) for i in ez.issues] == [4, 4, 3, 3, 4]  # README: 576 outcomes
    assert ez.n_outcomes == 576
    assert ez.reservation.tolist() == [0.0, 0.0]


def test_utilities_match_an_independent_calculation(ez, reference_data):
    rng = np.random.default_rng(0)
    outs = ez.outcomes()
    U = ez.utilities()
    for j in rng.choice(len(outs), 25, replace=False):
        bid = ez.describe(outs[j])
        for p, prof in enumerate(ez.profiles):
            assert U[j, p] == pytest.approx(independent_utility(Path(prof.file), bid), abs=1e-12)


def test_nash_point_matches_published_reference(ez):
    # reference-data README (GENIUS semantics, reservation values as disagreement point): Nash outcome
    # ($10 billion, Reduction equal to fund size, Zimbabwe will increase tariffs on imports, England will
    # increase imports, Creation of committee to discuss creation of fund), utilities (0.9109, 0.7332)
    U = ez.utilities()
    j = nash_point(U, ez.reservation, candidates=pareto_frontier(U))
    assert U[j] == pytest.approx([0.9109, 0.7332], abs=5e-5)
    assert ez.describe(ez.outcome(j)) == {
        "Size of Fund": "$10 billion",
        "Impact on Other Aid": "Reduction equal to fund size",
        "Zimbabwe Trade Policy": "Zimbabwe will increase tariffs on imports",
        "England Trade Policy": "England will increase imports",
        "Forum on Other Health Issues": "Creation of committee to discuss creation of fund",
    }


def test_cross_check_with_negmas_yaml(ez, reference_data):
    """NegMAS' YAML of the same domain stores the raw evaluations: ours times each issue's max must equal them."""
    ydir = reference_data / "negmas-genius-scenarios" / "negmas-yaml" / "EnglandZimbabwe"
    for prof in ez.profiles:
        y = yaml.safe_load((ydir / f"{prof.name}.yml").read_text())
        assert np.allclose(prof.weights, y["weights"])
        for iss, ev, table in zip(ez.issues, prof.evaluations, y["values"], strict=True):
            raw = np.array([table["mapping"][v] for v in iss.values])
            assert np.allclose(ev, raw / raw.max())


def test_three_party_domain_and_duplicates(reference_data):
    pol = load_genius(reference_data / SUB / "Politics-3party")
    assert len(pol.profiles) == 3 and pol.n_outcomes == 23040
    ampo = load_genius(reference_data / SUB / "AMPOvsCity")
    assert ampo.n_outcomes == 1_944_000
    # ampo profile lists value "0" of the first issue twice (evaluation 0, then 8); GENIUS keeps the last one,
    # and the issue's max evaluation is 100 -> 0.08
    p = ampo.profiles[[q.name for q in ampo.profiles].index("ampo_vs_city_ampo_space")]
    first = ampo.issues[0]
    assert p.evaluations[0][first.values.index("0")] == pytest.approx(0.08)


def test_airport_reservation(reference_data):
    g = load_genius(reference_data / SUB / "AirportSiteSelectionA")
    assert g.reservation.tolist() == [0.5, 0.5]


def test_cli_pareto_reproduces_the_published_nash_point(reference_data):
    import json

    from typer.testing import CliRunner

    from winset.cli import app

    res = CliRunner().invoke(app, ["pareto", str(reference_data / SUB / "EnglandZimbabwe"), "--json"])
    data = json.loads(res.output)
    # reference values from the data folder's README (GENIUS semantics, reservation values as disagreement)
    assert data["nash"]["utility"] == {
        "England": pytest.approx(0.9109, abs=5e-5),
        "Zimbabwe": pytest.approx(0.7332, abs=5e-5),
    }
    assert data["nash"]["outcome"]["Size of Fund"] == "$10 billion"

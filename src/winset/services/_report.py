"""The HTML report's data (:func:`report_data`): the analysis, the package search and repair, the win-set on
every declared plane, the BDM trajectories and the Monte Carlo sweep, computed here so that the presenter
(:mod:`winset.htmlreport`) only renders.

The 2-D win-set (:func:`winset_grid`): the other issues are held at a reference package; every point of the
regular grid of :func:`winset.analysis.winsets.plane_grid` over the two issues' scales is evaluated in one
vectorised call per veto player: actors compare the package with no deal (:func:`winset.ratify.actor_accepts`),
bodies vote when their ``applies_when`` condition holds (:func:`winset.analysis.winsets.body_grid_2d`), as
:func:`winset.ratify.veto_accepts`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from winset.analysis.winsets import winset_grid
from winset.scenario.compiled import compile_scenario
from winset.scenario.schema import Scenario
from winset.services._analysis import analyze, repair, scenario_at, search
from winset.services._timeline import TIMELINE_DRAWS, timeline
from winset.services._validation import Interval, validate_params
from winset.services.report_types import BdmTrajectories, ReportData, SweepDraws
from winset.services.results import SweepResult
from winset.uncertainty import MAX_DRAWS

PLANE_POINTS = 121
"""Grid points per axis of each win-set plane."""
BDM_ROUNDS = 10
"""Most rounds of the report's BDM run."""
SWEEP_TOP = 10
"""Drivers and tornado rows kept per output in the report's sweep summary."""


@validate_params({"draws": Interval(int, 0, MAX_DRAWS), "seed": Interval(int, 0)}, snapshot=False)
def report_data(
    scenario: Scenario | str | Path, draws: int = 2000, seed: int = 0, as_of: str | date | None = None
) -> ReportData:
    """Everything the HTML report shows: the analysis, the best ratifiable package (and the repair of the
    reference deal when it fails), the win-set on each declared plane, BDM trajectories and, when ``draws > 0``,
    the Monte Carlo sweep with the one-big-issue odds.

    With a timeline: all of that as of ``as_of`` (default: the latest snapshot), and the timeline itself
    (:func:`winset.services.timeline`, at most :data:`TIMELINE_DRAWS` draws per snapshot)."""
    assert isinstance(scenario, Scenario)
    sc = scenario_at(scenario, as_of=as_of)
    moves = timeline(scenario, draws=min(draws, TIMELINE_DRAWS), seed=seed) if scenario.timeline else None
    res = analyze(sc)
    c = compile_scenario(sc)
    sp = res.sticking_points
    ref = np.array([sp.reference_package[i] for i in c.issue_ids])
    instrument = next((d.instrument for d in sc.deals if d.id == sp.reference), "treaty")
    planes = {s.id: winset_grid(c, s.issues, ref, instrument, n=PLANE_POINTS) for s in sc.spaces}
    sweep_result, sweep_draws = _sweep(sc, draws, seed) if draws > 0 else (None, None)
    ref_deal = next((d for d in res.deals if d.id == sp.reference), None)
    fix = repair(sc, ref_deal.id, seed=seed) if ref_deal is not None and not ref_deal.ratifiable else None
    return ReportData(
        scenario=sc,
        compiled=c,
        analysis=res,
        search=search(sc, seed=seed),
        repair=fix,
        planes=planes,
        bdm=bdm_trajectories(sc, rounds=BDM_ROUNDS),
        sweep=sweep_result,
        sweep_draws=sweep_draws,
        timeline=moves,
    )


def _sweep(sc: Scenario, draws: int, seed: int) -> tuple[SweepResult, SweepDraws]:
    """The sweep's summary (with the one-big-issue odds on the first draws, as :func:`winset.services.sweep`)
    and the raw draws the charts need."""
    from winset.uncertainty import BIG_ISSUE_DRAWS, big_issue_probability, sweep

    sw = sweep(sc, draws=draws, seed=seed)
    data = sw.to_json(top=SWEEP_TOP)
    data["one_big_issue"] = big_issue_probability(sc, draws=min(BIG_ISSUE_DRAWS, draws), seed=seed)
    raw = SweepDraws(
        draws=sw.draws,
        seed=sw.seed,
        issue_ids=sw.issue_ids,
        deal_ids=sw.deal_ids,
        n_inputs=len(sw.inputs),
        compromise=sw.samples["compromise"],
        compromise_point=sw.point["compromise"],
        p_ratified=sw.p_ratified(),
        tornado=sw.tornado,
        sensitivity=sw.sensitivity(),
    )
    return SweepResult.from_dict(data), raw


def bdm_trajectories(sc: Scenario, rounds: int = BDM_ROUNDS) -> BdmTrajectories:
    """BDM (:func:`winset.models.bdm.run`: Scholz, Calbert & Smith 2011's reading of Bueno de Mesquita's
    expected-utility model, "paper" options) on every issue of the scenario."""
    from winset.models.bdm import run

    res = run(compile_scenario(sc), rounds=rounds)
    pos = np.asarray(res.positions, dtype=float)  # (rounds+1, n, k)
    fc = np.asarray(res.forecast)
    return BdmTrajectories(
        rounds=rounds,
        positions={i.id: pos[:, :, j] for j, i in enumerate(sc.issues)},
        forecast={i.id: fc[:, j] for j, i in enumerate(sc.issues)},
        rounds_run={i.id: int(res.rounds_run[j]) for j, i in enumerate(sc.issues)},
    )

"""The data of the HTML report (:func:`winset.services.report_data`): what every chart and table shows.

The parts that have a JSON shape are the service results of :mod:`winset.services.results` (the analysis, the
sweep summary, the package search and repair).  The parts that are arrays (the win-set grids, the raw sweep
draws the histograms and sensitivity charts need, the BDM trajectories) are frozen dataclasses of typed numpy
fields: they are what a presenter draws, not JSON.  They are separate from ``results.py`` because they hold
arrays, not pydantic models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from winset.analysis.winsets import WinsetGrid
from winset.scenario.compiled import Compiled
from winset.scenario.schema import Scenario
from winset.services.results import (
    AnalysisResult,
    RepairResult,
    SearchResult,
    SweepResult,
    TimelineResult,
)


@dataclass(frozen=True, eq=False)
class SweepDraws:
    """The raw Monte Carlo draws behind the report's uncertainty charts (the rounded summary is the
    :class:`~winset.services.results.SweepResult` beside it)."""

    draws: int
    seed: int
    issue_ids: tuple[str, ...]
    deal_ids: tuple[str, ...]
    n_inputs: int  # number of uncertain inputs
    compromise: np.ndarray  # (draws, k) compromise forecast per draw
    compromise_point: np.ndarray  # (k,) compromise forecast at the central values
    p_ratified: np.ndarray  # (d,) share of draws in which each deal is ratifiable
    tornado: Mapping[str, list[dict[str, Any]]]  # output -> one-at-a-time rows, largest swing first (all)
    sensitivity: Mapping[str, Mapping[str, float]]  # output -> input -> Spearman rho (every input)


@dataclass(frozen=True, eq=False)
class BdmTrajectories:
    """Positions over the rounds of one BDM run per issue (:func:`winset.models.bdm.run`, "paper" options);
    row 0 holds the input positions."""

    rounds: int  # most rounds allowed
    positions: Mapping[str, np.ndarray]  # issue id -> (rounds + 1, n actors)
    forecast: Mapping[str, np.ndarray]  # issue id -> (rounds + 1,) median position (the BDM forecast)
    rounds_run: Mapping[str, int]  # issue id -> rounds until no actor moved


@dataclass(frozen=True, eq=False)
class ReportData:
    """Everything the HTML report shows, computed by :func:`winset.services.report_data`."""

    scenario: Scenario
    compiled: Compiled  # the scenario's arrays (positions, bodies' members, deals) the charts plot
    analysis: AnalysisResult
    search: SearchResult  # the ratifiable package with the highest Nash product
    repair: RepairResult | None  # repair of the reference deal when it is a deal that fails, else None
    planes: Mapping[str, WinsetGrid]  # space id -> win-set grid, in the scenario's order of spaces
    bdm: BdmTrajectories
    sweep: SweepResult | None  # with one_big_issue; None when draws == 0
    sweep_draws: SweepDraws | None  # None when draws == 0
    timeline: TimelineResult | None = (
        None  # the scenario's timeline (winset.services.timeline), if it has one
    )

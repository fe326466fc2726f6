"""Exact win-sets of the reversion point and the zone of possible agreement (ZOPA).

Putnam (1988) calls the set of level-I agreements that would win at home the *win-set*.  For a ratification
body with members ``m`` (weights ``w_m``, ideal points ``p_m``, saliences, a loss shape and an optional
``no_deal_cost``) and the reversion point ``r`` it is

    W_q(r) = { x : share of weight of members with u_m(x) > u_m(r) - c_m  passes the body's rule },

with the rules of :func:`winset.ratify.passes` (majority: share > 1/2, quota q: share >= q, unanimity: all).
Each module's docstring gives its method and citations:

* :mod:`.intervals`: 1-D, exact (:func:`quota_winset_1d`, :func:`body_winset_1d`): order statistics sweep.
* :mod:`.depth`: 2-D at ``r``: Tukey depth (:func:`tukey_depth`) and arc sweeps over improving directions.
* :mod:`.regions`: 2-D in general: vertex enumeration over the members' preferred regions
  (:func:`region_winset_2d`).
* :mod:`.emptiness`: the 2-D verdict for one draw (:func:`winset_empty_2d`, :class:`Verdict2D`).
* :mod:`.batch`: 2-D emptiness over the Monte Carlo batch (:func:`winset_empty_2d_batch`) and the plotting grid
  (:func:`body_grid_2d`).
* :mod:`.zopa`: the ZOPA in the full space (:func:`zopa`, :func:`veto_slack`).
* :mod:`.report`: the JSON-ready report of all of these (:func:`winset_report`).
* :mod:`.gains`: members' gains and yes-shares (the rule of :func:`winset.ratify.vote`), shared by the above.
"""

from __future__ import annotations

from winset.analysis.winsets.batch import (
    WinsetGrid,
    body_grid_2d,
    plane_grid,
    winset_empty_2d_batch,
    winset_grid,
)
from winset.analysis.winsets.depth import (
    ANGLE_TOL,
    arc_coverage_gaps,
    feasible_arc,
    improving_arcs,
    max_arc_coverage,
    max_arc_coverage_batch,
    max_open_halfplane,
    tukey_depth,
)
from winset.analysis.winsets.emptiness import Verdict2D, winset_empty_2d
from winset.analysis.winsets.intervals import (
    BodyWinset1D,
    Interval,
    body_winset_1d,
    contains_any,
    member_intervals_1d,
    quota_winset_1d,
)
from winset.analysis.winsets.regions import (
    BOUNDARY_TOL,
    KINK_SNAP,
    TANGENT_WIDTH,
    Regions2D,
    RegionSearch,
    member_regions_2d,
    region_candidates_2d,
    region_winset_2d,
)
from winset.analysis.winsets.report import winset_report, zopa_json
from winset.analysis.winsets.zopa import Zopa, veto_slack, zopa

__all__ = [
    "WinsetGrid",
    "winset_grid",
    "ANGLE_TOL",
    "BOUNDARY_TOL",
    "KINK_SNAP",
    "TANGENT_WIDTH",
    "BodyWinset1D",
    "Interval",
    "RegionSearch",
    "Regions2D",
    "Verdict2D",
    "Zopa",
    "arc_coverage_gaps",
    "body_grid_2d",
    "body_winset_1d",
    "contains_any",
    "feasible_arc",
    "improving_arcs",
    "max_arc_coverage",
    "max_arc_coverage_batch",
    "max_open_halfplane",
    "member_intervals_1d",
    "member_regions_2d",
    "plane_grid",
    "quota_winset_1d",
    "region_candidates_2d",
    "region_winset_2d",
    "tukey_depth",
    "veto_slack",
    "winset_empty_2d",
    "winset_empty_2d_batch",
    "winset_report",
    "zopa",
    "zopa_json",
]

"""Pareto frontiers and bargaining points.

* :mod:`~winset.analysis.pareto.enumerated`: the exact frontier of an enumerated utility matrix, and the one
  ``dominates``.
* :mod:`~winset.analysis.pareto.additive`: the exact frontier of an additive domain (utilities summed over
  issues) without enumerating its outcomes.
* :mod:`~winset.analysis.pareto.points`: Nash and the two Kalai–Smorodinsky points, computed on a frontier;
  the bargaining parties of a scenario.
"""

from winset.analysis.pareto.additive import AdditiveFrontier, additive_frontier
from winset.analysis.pareto.enumerated import dominated_by_any, dominates, pareto_frontier, pareto_mask
from winset.analysis.pareto.points import (
    KS_DEFINITIONS,
    MAX_OUTCOMES,
    bargaining_parties,
    domain_summary,
    kalai_smorodinsky_point,
    ks_maxmin,
    ks_spread,
    nash_point,
)

__all__ = [
    "KS_DEFINITIONS",
    "MAX_OUTCOMES",
    "AdditiveFrontier",
    "additive_frontier",
    "bargaining_parties",
    "dominated_by_any",
    "dominates",
    "domain_summary",
    "kalai_smorodinsky_point",
    "ks_maxmin",
    "ks_spread",
    "nash_point",
    "pareto_frontier",
    "pareto_mask",
]

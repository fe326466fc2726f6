"""winset: two-level negotiation analysis (forecasts, ratification win-sets, deals, sticking points).

The public API is what this module lists in ``__all__``: one function per use case (each validates its
arguments once and returns a typed, frozen result with ``to_dict()``), :func:`load` for scenarios, the result
types, and :class:`ScenarioError`, the one error raised for bad input.  Every other module is internal and
may change between versions (docs/architecture.md).

>>> import winset
>>> result = winset.analyze("panama-canal-1978")
>>> [d.id for d in result.deals if d.ratifiable]  # the Senate consented only with the DeConcini condition
['deconcini']
"""

from winset.htmlreport import report
from winset.scenario import Scenario, ScenarioError, load, loads
from winset.services import (
    analyze,
    delay,
    evaluate,
    forecast,
    pareto,
    repair,
    search,
    senate_history,
    sweep,
    timeline,
    validate,
    winsets,
)
from winset.services.results import (
    AnalysisResult,
    DelayResult,
    EvaluateResult,
    ForecastResult,
    ParetoResult,
    RepairResult,
    ReportResult,
    Result,
    SearchResult,
    SenateHistoryResult,
    SweepResult,
    TimelineResult,
    ValidationResult,
    WinsetsResult,
)

__version__ = "0.1.0"
__all__ = [
    "AnalysisResult",
    "DelayResult",
    "EvaluateResult",
    "ForecastResult",
    "ParetoResult",
    "RepairResult",
    "ReportResult",
    "Result",
    "Scenario",
    "ScenarioError",
    "SearchResult",
    "SenateHistoryResult",
    "SweepResult",
    "TimelineResult",
    "ValidationResult",
    "WinsetsResult",
    "__version__",
    "analyze",
    "delay",
    "evaluate",
    "forecast",
    "load",
    "loads",
    "pareto",
    "repair",
    "report",
    "search",
    "senate_history",
    "sweep",
    "timeline",
    "validate",
    "winsets",
]

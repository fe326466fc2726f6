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

from typing import TYPE_CHECKING, Any

if (
    TYPE_CHECKING
):  # the names below are imported at first use (``__getattr__``): ``import winset`` stays light
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

_HOMES = {
    "report": "winset.htmlreport",
    "Scenario": "winset.scenario",
    "ScenarioError": "winset.scenario",
    "load": "winset.scenario",
    "loads": "winset.scenario",
}


def __getattr__(name: str) -> Any:
    """Import a public name at its first use (PEP 562): services, result types, the report, the scenario."""
    if name not in __all__ or name == "__version__":
        raise AttributeError(f"module 'winset' has no attribute {name!r}")
    import importlib

    if name in _HOMES:
        home = _HOMES[name]
    elif name[0].isupper():
        home = "winset.services.results"
    else:
        home = "winset.services"
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

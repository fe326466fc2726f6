"""The service layer: one function per use case, each validating its arguments once and returning a typed,
frozen result with ``to_dict()``.

Presenters (the CLI, the web app, the HTML report) call these and only render what they return (the HTML
report renders what :func:`report_data` computes), so the same analysis has the same JSON everywhere.  Bad arguments raise :class:`~winset.scenario.errors.ScenarioError`
naming the function, the parameter, the value and the choices.
"""

from winset.services._analysis import (
    analyze,
    delay,
    forecast,
    repair,
    scenario_at,
    search,
    validate,
    winsets,
)
from winset.services._report import report_data
from winset.services._studies import evaluate, pareto, senate_calibration, senate_history, sweep
from winset.services._timeline import timeline
from winset.services._validation import validate_params

__all__ = [
    "analyze",
    "delay",
    "evaluate",
    "forecast",
    "pareto",
    "repair",
    "report_data",
    "scenario_at",
    "search",
    "senate_calibration",
    "senate_history",
    "sweep",
    "timeline",
    "validate",
    "validate_params",
    "winsets",
]

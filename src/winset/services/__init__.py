"""The service layer: one function per use case, each validating its arguments once and returning a typed,
frozen result with ``to_dict()``.

Presenters (the CLI, the web app, the HTML report) call these and only render what they return (the HTML
report renders what :func:`report_data` computes), so the same analysis has the same JSON everywhere.  Bad arguments raise :class:`~winset.scenario.errors.ScenarioError`
naming the function, the parameter, the value and the choices.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported at first use (``__getattr__``): a command loads only the services it calls
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

_HOMES = {
    **dict.fromkeys(
        ("analyze", "delay", "forecast", "repair", "scenario_at", "search", "validate", "winsets"),
        "_analysis",
    ),
    "report_data": "_report",
    **dict.fromkeys(("evaluate", "pareto", "senate_calibration", "senate_history", "sweep"), "_studies"),
    "timeline": "_timeline",
    "validate_params": "_validation",
}


def __getattr__(name: str) -> Any:
    """Import a service at its first use (PEP 562)."""
    if name not in _HOMES:
        raise AttributeError(f"module 'winset.services' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"winset.services.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

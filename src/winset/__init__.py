"""winset: two-level negotiation analysis (forecasts, ratification win-sets, deals).

Quick start::

    import winset
    sc = winset.load("anchorage-2025")
    result = winset.analyze(sc)
"""

from .analysis import analyze
from .scenario import Scenario, ScenarioError, compile_scenario, load, loads

__version__ = "0.1.0"
__all__ = ["Scenario", "ScenarioError", "__version__", "analyze", "compile_scenario", "load", "loads"]

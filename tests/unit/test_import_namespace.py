"""The public namespace of ``import winset`` is pinned (mesa's tests/test_import_namespace.py is the model):
adding or removing a public name is a deliberate change of this list, the README and docs/architecture.md."""

from __future__ import annotations

import inspect
import typing

import winset

PUBLIC = {
    # one function per use case (winset.services)
    "analyze", "delay", "evaluate", "forecast", "pareto", "repair", "report", "search", "senate_history",
    "sweep", "timeline", "validate", "winsets",
    # scenarios and the one error type for bad input
    "Scenario", "ScenarioError", "load", "loads",
    # the result types (winset.services.results)
    "AnalysisResult", "DelayResult", "EvaluateResult", "ForecastResult", "ParetoResult", "RepairResult",
    "ReportResult", "Result", "SearchResult", "SenateHistoryResult", "SweepResult", "TimelineResult", "ValidationResult",
    "WinsetsResult",
    "__version__",
}  # fmt: skip


def test_all_is_the_pinned_public_api():
    assert set(winset.__all__) == PUBLIC
    assert len(winset.__all__) == len(PUBLIC)  # no name listed twice


def test_every_public_name_resolves():
    for name in winset.__all__:
        assert getattr(winset, name) is not None, name


def test_no_public_module_attribute_shadows_a_service():
    """A submodule named like a service (``winset.winsets``, ``winset.report``) would replace the function on
    first import; importing every subpackage must leave the functions in place."""
    import importlib
    import pkgutil

    for mod in pkgutil.walk_packages(winset.__path__, "winset."):
        if mod.name.endswith("__main__"):
            continue
        importlib.import_module(mod.name)
    for name in winset.__all__:
        obj = getattr(winset, name)
        assert not inspect.ismodule(obj), f"winset.{name} is a module, not the public {name}"


def test_service_signatures_are_typed_without_any():
    """Every public function and its parameters carry annotations, and none of them is ``Any``."""
    for name in winset.__all__:
        fn = getattr(winset, name)
        if not inspect.isfunction(fn):
            continue
        hints = typing.get_type_hints(fn)
        params = [p for p in inspect.signature(fn).parameters if p not in ("self", "cls")]
        assert "return" in hints, f"{name} has no return annotation"
        for p in params:
            assert p in hints, f"{name}({p}) is not annotated"
        for k, t in hints.items():
            assert t is not typing.Any, f"{name}: {k} is Any"


def test_results_are_frozen_and_serialise():
    for name in winset.__all__:
        obj = getattr(winset, name)
        if inspect.isclass(obj) and issubclass(obj, winset.Result):
            assert obj.model_config.get("frozen") is True, name
            assert callable(obj.to_dict) and callable(obj.from_dict), name

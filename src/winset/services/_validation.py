"""Argument validation for the service functions, declared next to each function.

Modelled on scikit-learn's ``validate_params`` (``sklearn/utils/_param_validation.py``): a decorator takes a
mapping ``parameter -> constraint`` and checks the bound arguments once, before the function runs.  Every
failure is a :class:`~winset.scenario.errors.ScenarioError` (the one error type of winset for bad input)
whose problem names the function (``file``), the parameter (``field``), the bad value and the choices; the CLI
maps it to exit code 2 with its own option names, the web app to a 422 shown in place.

Constraints that depend on the scenario (a deal id, an actor id) are given the loaded scenario: the
decorator first turns the ``scenario`` argument (a :class:`~winset.scenario.schema.Scenario`, a built-in
name or a file path) into a scenario.

>>> @validate_params({"draws": Interval(int, 1, 100)})
... def f(draws: int) -> int:
...     return draws
>>> f(5)
5
>>> f(0)
Traceback (most recent call last):
...
winset.scenario.errors.ScenarioError: winset.f [draws]: must be between 1 and 100, got 0
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from winset.scenario.asof import at
from winset.scenario.errors import Problem, ScenarioError
from winset.scenario.schema import Scenario

F = TypeVar("F", bound=Callable[..., Any])


class Constraint(Protocol):
    """Checks one argument; returns the problem's message, or ``None`` when the value is valid."""

    def check(self, value: Any, scenario: Scenario | None) -> str | None: ...


def _n(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


@dataclass(frozen=True)
class Interval:
    """A number in ``[low, high]`` (either end may be ``None``: unbounded; ``open_low``: ``> low``)."""

    kind: type
    low: float | None = None
    high: float | None = None
    open_low: bool = False
    allow_none: bool = False

    def check(self, value: Any, scenario: Scenario | None) -> str | None:
        if value is None and self.allow_none:
            return None
        if self.kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            return f"must be an integer, got {value!r}"
        if self.kind is float and (isinstance(value, bool) or not isinstance(value, int | float)):
            return f"must be a number, got {value!r}"
        if not math.isfinite(value):
            return f"must be a finite number, got {value}"
        lo_ok = self.low is None or (value > self.low if self.open_low else value >= self.low)
        hi_ok = self.high is None or value <= self.high
        if lo_ok and hi_ok:
            return None
        if self.low is not None and self.high is not None:
            if self.kind is float:
                return f"must lie in {'(' if self.open_low else '['}{_n(self.low)}, {_n(self.high)}], got {value:g}"
            return f"must be between {_n(self.low)} and {_n(self.high)}, got {value}"
        if self.low == 0 and self.open_low:
            return f"must be positive, got {value}"
        if self.low == 0 and self.kind is int:
            return f"must be a non-negative integer, got {value}"
        if self.low is not None:
            return f"must be at least {_n(self.low)}, got {value}"
        return f"must be at most {_n(self.high or 0)}, got {value}"


@dataclass(frozen=True)
class Options:
    """One of a fixed set of words (or, with ``many``, a sequence of them)."""

    choices: tuple[str, ...]
    what: str = "value"
    many: bool = False
    allow_none: bool = False

    def check(self, value: Any, scenario: Scenario | None) -> str | None:
        if value is None and self.allow_none:
            return None
        values = list(value) if self.many and not isinstance(value, str) else [value]
        for v in values:
            if v not in self.choices:
                return f"unknown {self.what} '{v}' (known: {', '.join(self.choices)})"
        return None


@dataclass(frozen=True)
class ScenarioIds:
    """Ids the scenario declares: ``deal`` or ``actor`` ids, plus fixed ``extra`` words (e.g. ``reversion``).

    ``many``: a sequence (or a comma-separated string) of ids, each checked.
    """

    of: str
    extra: tuple[str, ...] = ()
    many: bool = False
    what: str = ""

    def ids(self, scenario: Scenario) -> list[str]:
        return [d.id for d in scenario.deals] if self.of == "deal" else list(scenario.actor_ids)

    def check(self, value: Any, scenario: Scenario | None) -> str | None:
        assert scenario is not None, "ScenarioIds needs a 'scenario' parameter"
        known = self.ids(scenario)
        if self.many:
            bad = [v for v in split_ids(value) if v not in known]
            if bad:
                return f"unknown {self.of}(s) {', '.join(bad)}; {self.of}s: {', '.join(known)}"
            return None
        if value in known or value in self.extra:
            return None
        if self.extra:
            return (
                f"unknown {self.what or self.of} '{value}': use {', '.join(self.extra)} or a {self.of} id "
                f"({', '.join(known)})"
            )
        return f"unknown {self.of} '{value}' ({self.of}s: {', '.join(known) or 'none'})"


def as_scenario(scenario: Scenario | str | Path | None) -> Scenario:
    """A scenario object from a scenario, a built-in name or a file path (YAML/JSON)."""
    from winset.scenario.loader import load

    return scenario if isinstance(scenario, Scenario) else load(scenario)


def validate_params(
    constraints: dict[str, Constraint], *, scenario: str | None = "scenario", snapshot: bool = True
) -> Callable[[F], F]:
    """Decorate a service function: load its ``scenario`` argument and check each constrained argument.

    A scenario with a timeline (docs/timeline.md) becomes its snapshot as of the function's ``as_of``
    argument (the latest when there is none or it is ``None``) before the other checks run, unless
    ``snapshot=False`` (a function that reads the whole timeline).  Every problem found is raised at once, as
    one :class:`ScenarioError` naming the function and parameters.
    """

    def deco(func: F) -> F:
        sig = inspect.signature(func)
        unknown = set(constraints) - set(sig.parameters)
        if unknown:  # a typo in a declaration fails at import, not at a user's call
            raise TypeError(f"{func.__name__}: no parameter(s) {', '.join(sorted(unknown))}")
        origin = f"winset.{func.__name__}"

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            sc = None
            problems = []
            if scenario is not None and scenario in bound.arguments:
                sc = bound.arguments[scenario] = as_scenario(bound.arguments[scenario])
                if snapshot:
                    try:
                        sc = bound.arguments[scenario] = at(sc, bound.arguments.get("as_of"))
                    except ValueError as e:
                        problems.append(Problem(str(e), file=origin, field="as_of"))
            problems += [
                Problem(msg, file=origin, field=name)
                for name, c in constraints.items()
                if (msg := c.check(bound.arguments[name], sc)) is not None
            ]
            if problems:
                raise ScenarioError(problems)
            return func(*bound.args, **bound.kwargs)

        wrapper.__winset_constraints__ = constraints  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return deco


def fail_on(problems: Iterable[Problem]) -> None:
    """Raise the problems, if any, as one :class:`ScenarioError`."""
    found = list(problems)
    if found:
        raise ScenarioError(found)


def split_ids(value: str | Sequence[str] | None) -> list[str]:
    """``"a, b"`` or ``["a", "b"]`` → ``["a", "b"]``; ``None`` or ``""`` → ``[]``."""
    if not value:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [s.strip() for s in items if s.strip()]

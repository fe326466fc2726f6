"""The domain words of winset, each defined once.

Every other place derives from these: the scenario schema (pydantic and JSON Schema), the loader's checks, the
sampler, the CLI's choices and the web forms.  Literal types are the single source; the tuples are read off them
with :func:`typing.get_args`, so a new word is added in one line here.

>>> INSTRUMENTS
('treaty', 'executive_agreement', 'political_declaration', 'legislation')
>>> RULES
('majority', 'quota', 'unanimity', 'referendum')
"""

from __future__ import annotations

from typing import Literal, get_args

Instrument = Literal["treaty", "executive_agreement", "political_declaration", "legislation"]
"""Legal form of a deal; ratification bodies apply to some instruments only (e.g. the US Senate to treaties)."""

Rule = Literal["majority", "quota", "unanimity", "referendum"]
"""Decision rule of a ratification body."""

Distribution = Literal["uniform", "triangular", "normal", "pert", "beta", "lognormal"]
"""Distribution of an uncertain quantity (see :mod:`winset.uncertainty`)."""

UtilityShape = Literal["linear", "quadratic"]
"""Loss in distance from an ideal point: city-block (linear) or squared Euclidean (quadratic)."""

BoundOp = Literal["ge", "gt", "le", "lt"]
"""Comparison of a bound on an issue: a red line (``control ge 45``: the deal's term must be at least 45)."""

Op = Literal[BoundOp, "changed"]
"""Comparison in a body's ``applies_when`` condition: a bound, or ``changed`` (differs from the reversion)."""

BOUND_SYMBOLS: dict[str, str] = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}
"""How tables print a bound's comparison ("RU: red line control ≥ 45")."""

RepairCost = Literal["distance", "concessions"]
"""What a deal repair minimises: the share of each scale moved, or the utility the actors concede."""

INSTRUMENTS: tuple[str, ...] = get_args(Instrument)
RULES: tuple[str, ...] = get_args(Rule)
DISTRIBUTIONS: tuple[str, ...] = get_args(Distribution)
UTILITY_SHAPES: tuple[str, ...] = get_args(UtilityShape)
OPS: tuple[str, ...] = get_args(Op)
BOUND_OPS: tuple[str, ...] = get_args(BoundOp)
REPAIR_COSTS: tuple[str, ...] = get_args(RepairCost)

__all__ = [
    "BOUND_OPS",
    "BOUND_SYMBOLS",
    "BoundOp",
    "DISTRIBUTIONS",
    "INSTRUMENTS",
    "OPS",
    "REPAIR_COSTS",
    "RULES",
    "UTILITY_SHAPES",
    "Distribution",
    "Instrument",
    "Op",
    "RepairCost",
    "Rule",
    "UtilityShape",
]

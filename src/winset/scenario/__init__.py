"""Scenario format, loaders and the array form used by the models."""

from winset.scenario.compiled import Compiled, compile_scenario
from winset.scenario.errors import Problem, ScenarioError
from winset.scenario.loader import builtin_scenarios, load, loads, resolve, validate_data
from winset.scenario.schema import Actor, Body, Deal, Issue, Member, Quantity, Scenario, json_schema

__all__ = [
    "Actor",
    "Body",
    "Compiled",
    "Deal",
    "Issue",
    "Member",
    "Problem",
    "Quantity",
    "Scenario",
    "ScenarioError",
    "builtin_scenarios",
    "compile_scenario",
    "json_schema",
    "load",
    "loads",
    "resolve",
    "validate_data",
]

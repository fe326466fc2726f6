"""Builders for small hand-worked scenarios used across tests."""

from __future__ import annotations

from typing import Any

from winset.scenario import Scenario, validate_data


def scenario(
    issues: list[str],
    actors: list[dict[str, Any]],
    reversion: dict[str, float],
    bodies: list[dict[str, Any]] | None = None,
    deals: list[dict[str, Any]] | None = None,
    veto: list[str] | None = None,
    **extra: Any,
) -> Scenario:
    data: dict[str, Any] = {
        "id": "t",
        "title": "test",
        "issues": [{"id": i, "name": i} for i in issues],
        "actors": actors,
        "reversion": reversion,
        "bodies": bodies or [],
        "deals": deals or [],
        "veto_players": veto if veto is not None else [a["id"] for a in actors],
    }
    data.update(extra)
    return validate_data(data)


def actor(
    aid: str, pos: dict[str, float], sal: dict[str, float] | None = None, cap: float = 1.0, **extra: Any
) -> dict[str, Any]:
    return {
        "id": aid,
        "name": aid,
        "capability": cap,
        "positions": pos,
        "salience": sal or {k: 1.0 for k in pos},
        **extra,
    }

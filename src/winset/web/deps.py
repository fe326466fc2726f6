"""What the routes share, taken from ``app.state`` (set by :func:`winset.web.app.create_app`): the store, the
templates, and loading a stored scenario."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from winset.scenario import Scenario, ScenarioError, loads
from winset.web.store import ScenarioRecord, Store


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
"""A route parameter receiving the app's :class:`~winset.web.store.Store`."""


def templates(request: Request) -> Jinja2Templates:
    tpl: Jinja2Templates = request.app.state.templates
    return tpl


def problems(e: ScenarioError) -> list[dict[str, Any]]:
    return [p.as_dict() for p in e.problems]


def load_slug(store: Store, slug: str) -> tuple[ScenarioRecord, Scenario]:
    rec = store.get(slug)
    return rec, loads(rec.text, file=f"{slug}.yaml")

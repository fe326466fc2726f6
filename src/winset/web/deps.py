"""What the routes share, taken from ``app.state`` (set by :func:`winset.web.app.create_app`): the store, the
templates, and loading a stored scenario."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
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


def as_request(e: ScenarioError, fields: Mapping[str, str] | None = None) -> ScenarioError:
    """A service's argument problems (file ``winset.<function>``, field = parameter) under the request's names:
    file ``<request>``, and the field as the request spells it (``fields``: parameter -> request field, for the
    few that differ).  Problems in the scenario itself keep their file, line and field."""
    names = fields or {}
    return ScenarioError(
        [
            replace(p, file="<request>", field=names.get(p.field, p.field))
            if p.file.startswith("winset.")
            else p
            for p in e.problems
        ]
    )


@contextmanager
def request_fields(**fields: str) -> Iterator[None]:
    """Within the block, a service's :class:`ScenarioError` names the request's fields (``model="models"``)."""
    try:
        yield
    except ScenarioError as e:
        raise as_request(e, fields) from None


def load_slug(store: Store, slug: str) -> tuple[ScenarioRecord, Scenario]:
    rec = store.get(slug)
    return rec, loads(rec.text, file=f"{slug}.yaml")

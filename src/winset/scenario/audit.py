"""Provenance audit: every judgement-based number must carry a source or be marked an assumption."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from .schema import Quantity, Scenario


def quantities(model: BaseModel, path: str = "") -> Iterator[tuple[str, Quantity]]:
    """Every :class:`Quantity` inside a model, with a dotted path that uses ids for list items."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        yield from _walk(value, f"{path}.{name}" if path else name)


def _walk(value: object, path: str) -> Iterator[tuple[str, Quantity]]:
    if isinstance(value, Quantity):
        yield path, value
    elif isinstance(value, BaseModel):
        yield from quantities(value, path)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for n, v in enumerate(value):
            ident = getattr(v, "id", None)
            yield from _walk(v, f"{path}[{ident if isinstance(ident, str) else n}]")


def undocumented(sc: Scenario) -> list[str]:
    """Paths of numbers that carry neither ``source`` nor ``assumption``.

    Numbers whose owner documents them collectively are accepted: a deal's terms (the deal is the object of
    study, described by its ``source``/``description``) and a member's ideal point and saliences when the
    member carries a ``source`` or ``assumption``.
    """
    out = []
    documented_members = {
        f"bodies[{b.id}].members[{m.id}]" for b in sc.bodies for m in b.members if m.source or m.assumption
    }
    for path, q in quantities(sc):
        if path.startswith("deals[") or path.startswith("issues["):
            continue
        if any(path.startswith(m + ".ideal.") or path.startswith(m + ".salience.") for m in documented_members):
            continue
        if path.endswith(".risk") and q.value == 1.0 and q.assumption == "risk neutral by default":
            continue
        if not q.documented:
            out.append(path)
    return out

"""Provenance audit: every judgement-based number must carry a source or be marked an assumption."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from winset.scenario.schema import Quantity, Scenario


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

    Numbers whose owner documents them collectively are accepted: a deal's terms when the deal carries an
    ``assumption`` saying how its terms were placed on the scales, and a member's ideal point and saliences
    when the member carries a ``source`` or ``assumption``, and a red line's bounds when the red line (or the
    bound) carries one.  The threshold of a body's ``applies_when``
    condition (e.g. "the EU Council votes only when sanctions relief exceeds 40") is a judgement too and
    needs a ``source`` or ``assumption`` of its own.
    """
    out = []
    documented_members = {
        f"bodies[{b.id}].members[{m.id}]" for b in sc.bodies for m in b.members if m.source or m.assumption
    }
    documented_deals = {f"deals[{d.id}].terms." for d in sc.deals if d.assumption}
    documented_deals |= _documented_red_lines(sc)
    changes = _undocumented_changes(sc, documented_deals)
    for path, q in quantities(sc):
        if path.startswith("issues["):
            continue
        if any(
            path.startswith(m + ".ideal.") or path.startswith(m + ".salience.") for m in documented_members
        ):
            continue
        if any(path.startswith(d) for d in documented_deals):
            continue
        if path.endswith(".risk") and q.value == 1.0 and q.assumption == "risk neutral by default":
            continue
        if not q.documented:
            out.append(path)
    for b in sc.bodies:
        for j, cond in enumerate(b.applies_when.any_of or []):
            if cond.value is not None and not (cond.source or cond.assumption):
                out.append(f"bodies[{b.id}].applies_when.any_of[{j}].value")
    return out + changes


def _undocumented_changes(sc: Scenario, documented_deals: set[str]) -> list[str]:
    """Timeline changes with neither ``source`` nor ``assumption`` (on the change, or on the quantity or deal
    it brings).  A deal added mid-timeline with its own ``source`` or ``assumption`` (or one on its change)
    documents its terms: a dated plan is placed on the scales from the text it cites.  (A deal in
    ``deals:`` still needs an ``assumption`` saying how the base's options were placed.)"""
    out = []
    for n, snap in enumerate(sc.timeline):
        for j, ch in enumerate(snap.changes):
            where = f"timeline[{n}].changes[{j}]"
            if ch.add_deal is not None:
                own = (ch.add_deal.source, ch.add_deal.assumption)
                if (
                    any(own) or ch.source or ch.assumption
                ):  # a dated plan's terms are read from its cited text
                    documented_deals.add(f"{where}.add_deal.terms.")
            else:
                value = ch.value if isinstance(ch.value, dict) else {}
                own = (value.get("source"), value.get("assumption"))
            if not (ch.source or ch.assumption or any(own)):
                out.append(where)
    return out


def _documented_red_lines(sc: Scenario) -> set[str]:
    """Path prefixes of the red-line bounds documented by their red line (``actors[RU].red_lines[0].``)."""
    owners = [(f"actors[{a.id}]", a.red_lines) for a in sc.actors]
    owners += [(f"bodies[{b.id}].members[{m.id}]", m.red_lines) for b in sc.bodies for m in b.members]
    out = set()
    for owner, lines in owners:
        for j, rl in enumerate(lines):
            if rl.source or rl.assumption:
                out.add(f"{owner}.red_lines[{j}].")
            for form, bounds in (("any_of", rl.any_of), ("all_of", rl.all_of)):
                for i, b in enumerate(bounds or []):
                    if b.source or b.assumption:
                        out.add(f"{owner}.red_lines[{j}].{form}[{i}].")
    return out

"""A scenario's timeline: dated snapshots, each a list of changes to the one before (docs/timeline.md).

The base scenario is the first snapshot, dated by its ``date``.  Snapshot *k* is built by applying its
changes to the plain data of snapshot *k-1* and validating the result with the same schema and
:func:`~winset.scenario.loader.cross_check` as any scenario, so the pydantic model stays the one truth.
A problem names the file, the line of the change (from the loader's line map) and the field
``timeline[DATE].changes[J] → PATH``.  :mod:`winset.scenario.asof` picks the snapshot of a date.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from pydantic import ValidationError

from winset.scenario.errors import Problem, ScenarioError
from winset.scenario.schema import Change, Scenario

Loc = tuple[str | int, ...]

ID_LISTS = {
    "issues": "issue",
    "actors": "actor",
    "bodies": "body",
    "members": "member",
    "deals": "deal",
    "sources": "source",
}
"""Lists whose items carry an ``id``: a path names their items by id (``actors.RU``)."""

PLAIN_NUMBERS = frozenset({"min", "max", "value"})
"""Keys whose bare number is not a quantity (a scale's ends, an anchor's or a condition's value)."""


@dataclass(frozen=True)
class State:
    """One snapshot: its date, title, note, sources, what changed (one line per change) and the scenario."""

    index: int
    date: dt.date
    title: str
    note: str | None
    sources: tuple[str, ...]
    changes: tuple[str, ...]
    scenario: Scenario


class _PathError(Exception):
    pass


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """An ISO date from text (``2025-11-20``) or a date; ``None`` stays ``None``; ValueError otherwise."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"expected an ISO date (YYYY-MM-DD), got '{value}'") from None


# ---------------------------------------------------------------------------------------------------------
# paths
# ---------------------------------------------------------------------------------------------------------
def _resolve(data: dict[str, Any], path: str) -> tuple[Any, str | int, Loc, bool]:
    """(container, key, location, exists) of a dotted path; a new last key (or id) is allowed."""
    parts = path.split(".")
    if not path or any(not p for p in parts):
        raise _PathError(f"'{path}' is not a dotted path (e.g. actors.RU.positions.control)")
    if parts[0] in ("timeline", "date"):
        raise _PathError(f"'{parts[0]}' is not changed by a change: each snapshot has its own date")
    node: Any = data
    loc: Loc = ()
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        where = ".".join(parts[:n]) or "the scenario"
        key: str | int
        if isinstance(node, dict):
            if part not in node:
                if last:
                    return node, part, loc + (part,), False
                raise _PathError(f"no '{part}' in {where} (keys: {', '.join(map(str, node)) or 'none'})")
            key = part
        elif isinstance(node, list):
            kind = loc[-1] if loc else None
            if isinstance(kind, str) and kind in ID_LISTS:
                ids = [it.get("id") if isinstance(it, dict) else None for it in node]
                if part not in ids:
                    if last:
                        return node, part, loc + (len(node),), False
                    raise _PathError(
                        f"unknown {ID_LISTS[kind]} '{part}' ({kind}: {', '.join(map(str, ids)) or 'none'})"
                    )
                key = ids.index(part)
            elif part.isdigit() and int(part) <= len(node) and (last or int(part) < len(node)):
                key = int(part)
                if key == len(node):
                    return node, key, loc + (key,), False
            else:
                raise _PathError(f"'{part}' is not a position in {where} (0 to {len(node) - 1})")
        else:
            raise _PathError(f"{where} is a single value, not a mapping or a list")
        if last:
            return node, key, loc + (key,), True
        node = node[key]
        loc = loc + (key,)
    raise _PathError(f"'{path}' is empty")  # pragma: no cover - parts is never empty


def _target(ch: Change) -> str:
    """What a change points at, as a path: ``actors.RU.positions.control`` or ``deals.ID``."""
    if ch.add_deal is not None:
        return f"deals.{ch.add_deal.id}"
    return ch.set or ch.unset or f"deals.{ch.withdraw_deal}"


def _provenance(ch: Change) -> dict[str, str]:
    return {"source": ch.source} if ch.source else {"assumption": ch.assumption} if ch.assumption else {}


def _is_number(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int | float):
        return True
    from winset.scenario.schema import parse_number

    return parse_number(v) is not None


def _new_value(ch: Change, container: Any, key: str | int, exists: bool) -> Any:
    """The value to store: a bare number set on a quantity becomes ``{value, source | assumption}``."""
    v = copy.deepcopy(ch.value)
    if isinstance(v, dict) and ("value" in v) and not v.get("source") and not v.get("assumption"):
        return {**v, **_provenance(ch)}
    if not _is_number(v):
        return v
    cur = container[key] if exists else None
    quantity = (isinstance(cur, dict) and "value" in cur) or (
        not exists and isinstance(container, dict) and key not in PLAIN_NUMBERS
    )
    return {"value": v, **_provenance(ch)} if quantity else v


def _apply(data: dict[str, Any], ch: Change) -> tuple[Loc, str, str]:
    """Apply one change in place; return the location it touched, its path and a one-line description."""
    why = f" ({ch.source or ch.assumption})" if (ch.source or ch.assumption) else ""
    if ch.set is not None:
        container, key, loc, exists = _resolve(data, ch.set)
        v = _new_value(ch, container, key, exists)
        if isinstance(container, list):
            kind = loc[-2] if len(loc) > 1 else None
            if not exists and isinstance(kind, str) and kind in ID_LISTS:
                if not isinstance(v, dict):
                    raise _PathError(f"a new {ID_LISTS[kind]} '{key}' needs a mapping as its value")
                v = {"id": key, **v}
                container.append(v)
            elif not exists:
                container.append(v)
            else:
                container[key] = v  # type: ignore[index]
        else:
            container[key] = v
        shown = v.get("value", v) if isinstance(v, dict) and "value" in v else v
        what = f"{ch.set} = {shown}" if not isinstance(shown, dict | list) else f"{ch.set} set"
        return loc, ch.set, what + why
    if ch.unset is not None:
        container, key, loc, exists = _resolve(data, ch.unset)
        if not exists:
            raise _PathError(f"unset: nothing at '{ch.unset}'")
        del container[key]
        return loc, ch.unset, f"{ch.unset} removed{why}"
    deals = data.setdefault("deals", [])
    ids = [d.get("id") for d in deals]
    if ch.add_deal is not None:
        deal = ch.add_deal.model_dump(mode="python", exclude_none=True, by_alias=True)
        if not deal.get("source") and not deal.get("assumption"):
            deal.update(_provenance(ch))
        if deal["id"] in ids:
            raise _PathError(
                f"add_deal: deal '{deal['id']}' is already on the table "
                f"(change its terms with set: deals.{deal['id']}.terms.ISSUE)"
            )
        deals.append(deal)
        return ("deals", len(deals) - 1), f"deals.{deal['id']}", f"deal added: {deal['name']}{why}"
    assert ch.withdraw_deal is not None
    if ch.withdraw_deal not in ids:
        raise _PathError(
            f"withdraw_deal: no deal '{ch.withdraw_deal}' on the table (deals: {', '.join(ids) or 'none'})"
        )
    k = ids.index(ch.withdraw_deal)
    name = deals[k].get("name", ch.withdraw_deal)
    del deals[k]
    return ("deals", k), f"deals.{ch.withdraw_deal}", f"deal withdrawn: {name}{why}"


# ---------------------------------------------------------------------------------------------------------
# building every snapshot
# ---------------------------------------------------------------------------------------------------------
class Checks(NamedTuple):
    """What the loader lends the timeline (it owns them; this module must not import it): the cross-checks of
    a validated scenario, the readable field of a location, and the line of a location in the file."""

    cross_check: Callable[[Scenario], Iterable[tuple[Loc, str]]]
    field: Callable[[Any, Loc], str]
    line_for: Callable[[dict[Loc, int], Loc], int | None]


def _errors(data: dict[str, Any], cross_check: Checks) -> tuple[Scenario | None, list[tuple[Loc, str]]]:
    """Validate plain data as a scenario: (scenario, []) or (None, [(location, message), ...])."""
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as e:
        out: list[tuple[Loc, str]] = []
        for err in e.errors(include_url=False):
            loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))
            msg = err["msg"].removeprefix("Value error, ")
            out.append((loc, f"unknown field '{loc[-1]}'" if err["type"] == "extra_forbidden" else msg))
        return None, out
    found = list(cross_check.cross_check(sc))
    return (None, found) if found else (sc, [])


def _base_data(sc: Scenario) -> dict[str, Any]:
    data: dict[str, Any] = sc.model_dump(
        mode="python", exclude_none=True, by_alias=True, exclude={"timeline"}
    )
    return data


def build(
    sc: Scenario, checks: Checks, file: str = "<input>", lines: dict[Loc, int] | None = None
) -> list[State]:
    """Every snapshot of ``sc`` (the base first), validated; ScenarioError naming file, line and field.

    The loader calls this (:func:`winset.scenario.loader.validate_data`) with its ``checks``;
    :func:`winset.scenario.asof.states` for a scenario built some other way."""
    _field, _line_for = checks.field, checks.line_for
    lines = lines or {}
    problems: list[Problem] = []

    def problem(msg: str, loc: Loc, field: str) -> None:
        problems.append(Problem(message=msg, file=file, line=_line_for(lines, loc), field=field))

    try:
        base_date = parse_date(sc.date)
    except ValueError as e:
        base_date = None
        problem(f"a scenario with a timeline needs an ISO base date: {e}", ("date",), "date")
    if base_date is None and not problems:
        problem("a scenario with a timeline needs its base `date` (YYYY-MM-DD)", ("timeline",), "date")
    prev = base_date
    for i, snap in enumerate(sc.timeline):
        if prev is not None and snap.date < prev:
            problem(
                f"{snap.date} is before the snapshot above it ({prev})",
                ("timeline", i, "date"),
                f"timeline[{snap.date}].date",
            )
        prev = snap.date
    if problems:
        raise ScenarioError(problems)
    assert base_date is not None
    base = sc.model_copy(update={"timeline": []})
    states = [State(0, base_date, "base", sc.description, (), (), base)]
    data = _base_data(sc)
    for i, snap in enumerate(sc.timeline):
        # ``data`` is changed in place: validation builds new containers, so no snapshot shares it
        touched: list[tuple[Loc, Loc, str]] = []  # (location in data, location in the file, field)
        described: list[str] = []
        for j, ch in enumerate(snap.changes):
            at: Loc = ("timeline", i, "changes", j)
            kind = "set" if ch.set is not None else "unset" if ch.unset is not None else None
            kind = kind or ("add_deal" if ch.add_deal is not None else "withdraw_deal")
            try:
                loc, path, what = _apply(data, ch)
            except _PathError as e:
                problem(str(e), at + (kind,), f"timeline[{snap.date}].changes[{j}] → {_target(ch)}")
                continue
            inner = at + (("value",) if kind == "set" else (kind,) if kind == "add_deal" else ())
            touched.append((loc, inner, f"timeline[{snap.date}].changes[{j}] → {path}"))
            described.append(what)
        if problems:
            raise ScenarioError(problems)
        data["date"] = snap.date.isoformat()
        built, errs = _errors(data, checks)
        for loc, msg in errs:
            hit = next((t for t in reversed(touched) if loc[: len(t[0])] == t[0]), None)
            hit = hit or next((t for t in reversed(touched) if t[0][: len(loc)] == loc), None)
            if hit is None:
                problem(msg, ("timeline", i), f"timeline[{snap.date}] → {_field(data, loc)}")
                continue
            suffix = loc[len(hit[0]) :]
            where = hit[2] + "".join(f".{x}" for x in suffix)
            problem(msg, hit[1] + suffix, where)
        if problems:
            raise ScenarioError(problems)
        assert built is not None
        state = State(
            i + 1,
            snap.date,
            snap.title,
            snap.note,
            tuple(([snap.source] if snap.source else []) + list(snap.sources)),
            tuple(described),
            built,
        )
        built._snapshot = state
        states.append(state)
    base._snapshot = states[0]
    return states

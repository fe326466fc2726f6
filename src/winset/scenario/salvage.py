"""Let the semantic checks run on what did parse, so a file shows every problem at once.

When pydantic rejects a scenario, :func:`salvage` patches a copy of the data: an unknown key is removed, and
every other rejected (or missing) value is replaced by a neutral placeholder of the type the schema expects at
that place (:func:`placeholder`: a number 1, an empty mapping, the widest issue scale, ...).  It validates the
copy again, a few rounds at most, and returns the scenario with the locations it replaced.  The loader then runs
its cross-checks on that scenario and keeps only the problems that do not touch a replaced location (those would
only repeat the pydantic error, or be about a placeholder), so a misspelt key, a quota above 1 and an unknown
veto player are reported together.

Nothing is removed from a list, so list indices (and the lines and ids the loader maps them to) stay those of
the user's file.  The walk follows the pydantic model's annotations, so a field added to the schema is covered
without a change here.  When a copy cannot be patched (a type with no placeholder, or still invalid after
:data:`MAX_ROUNDS` rounds) :func:`salvage` returns ``None`` and only the pydantic problems are shown.
"""

from __future__ import annotations

import copy
import types
from collections.abc import Iterable
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from winset.scenario.domains import LARGEST
from winset.scenario.schema import Quantity, Scale

Loc = tuple[str | int, ...]

MAX_ROUNDS = 4
"""Rounds of patching: a placeholder can itself fail a model-level check, which the next round patches."""

_SPECIAL: dict[type, dict[str, Any]] = {
    Quantity: {"value": 1.0},
    Scale: {"min": -LARGEST, "max": LARGEST},  # the widest scale: no position falls outside it
}


class _NoPlaceholder(Exception):
    pass


def clean_loc(loc: Iterable[str | int]) -> Loc:
    """A pydantic error location without the validator-function parts (``function-before[...]``)."""
    return tuple(x for x in loc if not (isinstance(x, str) and x.startswith("function-")))


def _strip(tp: Any) -> Any:
    """The type under ``Annotated[...]`` and ``X | None``."""
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
            continue
        if origin in (Union, types.UnionType):
            arms = [a for a in get_args(tp) if a is not type(None)]
            if len(arms) == 1:
                tp = arms[0]
                continue
        return tp


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _walk(model: type[BaseModel], loc: Loc) -> tuple[Any, FieldInfo | None, Loc] | None:
    """The expected type at ``loc``, its field (when ``loc`` ends at a model field) and the path in the data
    (``loc`` without the names pydantic puts in for the arms of a union)."""
    tp: Any = model
    info: FieldInfo | None = None
    path: list[str | int] = []
    for part in loc:
        tp = _strip(tp)
        origin = get_origin(tp)
        if _is_model(tp) and isinstance(part, str) and part in tp.model_fields:
            info = tp.model_fields[part]
            tp = info.annotation
            path.append(part)
        elif origin is list and isinstance(part, int):
            tp, info = get_args(tp)[0], None
            path.append(part)
        elif origin is dict and isinstance(part, str):
            tp, info = get_args(tp)[1], None
            path.append(part)
        elif origin in (Union, types.UnionType):  # pydantic names the arm it tried: step into it
            arm = next((a for a in get_args(tp) if getattr(_strip(a), "__name__", None) == part), None)
            if arm is None:
                return None
            tp = arm
        else:
            return None
    return tp, info, tuple(path)


def _min_length(info: FieldInfo | None) -> int:
    for m in info.metadata if info is not None else ():
        n = getattr(m, "min_length", None)
        if isinstance(n, int):
            return n
    return 0


def placeholder(tp: Any, info: FieldInfo | None = None, old: Any = None) -> Any:
    """A neutral valid value of type ``tp``; a model keeps the ``id`` of the value it replaces (so references
    to it still resolve)."""
    tp = _strip(tp)
    origin = get_origin(tp)
    if tp in _SPECIAL:
        return copy.deepcopy(_SPECIAL[tp])
    if _is_model(tp):
        out: dict[str, Any] = {}
        for name, f in tp.model_fields.items():
            if name == "id" and isinstance(old, dict) and isinstance(old.get("id"), str):
                out["id"] = old["id"]
            elif f.is_required():
                out[name] = placeholder(f.annotation, f)
        return out
    if origin is list:
        return [placeholder(get_args(tp)[0]) for _ in range(_min_length(info))]
    if origin is dict:
        return {}
    if origin is Literal:
        return get_args(tp)[0]
    if origin in (Union, types.UnionType):
        return placeholder(get_args(tp)[0])
    simple: dict[Any, Any] = {str: "x", bool: False, int: 1, float: 1.0}
    if tp in simple:
        return simple[tp]
    raise _NoPlaceholder(repr(tp))


def _patch(model: type[BaseModel], data: dict[str, Any], err: ErrorDetails) -> Loc | None:
    """Patch ``data`` in place for one pydantic error; the data path replaced (``()`` for a removed unknown
    key, which hides no other problem), or ``None`` when it cannot be patched."""
    walked = _walk(model, clean_loc(err["loc"]))
    if walked is None:
        if err["type"] != "extra_forbidden":
            return None
        path, tp, info = clean_loc(err["loc"]), None, None
    else:
        tp, info, path = walked
    if not path:
        return None
    parent: Any = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return None
    key = path[-1]
    if isinstance(parent, dict):
        if err["type"] == "extra_forbidden":
            parent.pop(key, None)
            return ()
        old = parent.get(key)
    elif isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent):
        old = parent[key]
    else:
        return None
    try:
        parent[key] = placeholder(tp, info, old)
    except _NoPlaceholder:
        return None
    return path


def salvage(
    model: type[BaseModel], data: dict[str, Any], errors: list[ErrorDetails]
) -> tuple[Any, list[Loc]] | None:
    """``model`` validated from a patched copy of ``data``, and the paths replaced; ``None`` if it cannot be."""
    patched = copy.deepcopy(data)
    replaced: list[Loc] = []
    for _ in range(MAX_ROUNDS):
        for err in errors:
            path = _patch(model, patched, err)
            if path is None:
                return None
            if path:
                replaced.append(path)
        try:
            return model.model_validate(patched), replaced
        except ValidationError as e:
            errors = e.errors(include_url=False)
    return None


def overlaps(loc: Loc, replaced: Iterable[Loc]) -> bool:
    """``loc`` lies inside a replaced value, or holds one (a check on it may be about the placeholder)."""
    return any(loc[: len(r)] == r or r[: len(loc)] == loc for r in replaced)

"""Load a scenario from YAML or JSON, reporting every problem with file, line and field.

Line numbers come from the YAML node tree (``yaml.compose``), which also parses JSON, so a pydantic
error location such as ``('actors', 2, 'positions', 'sovereignty')`` is mapped back to the line of
that key in the user's file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .errors import Problem, ScenarioError
from .schema import Scenario

# libyaml's C parser when present (several times faster), else the pure-Python one; both are safe loaders.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 5 * 1024 * 1024
"""Largest scenario file accepted (5 MiB): real scenarios are a few kB."""

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "scenarios"
DEFAULT_SCENARIO = "anchorage-2025"

Loc = tuple[str | int, ...]


def builtin_scenarios() -> list[str]:
    """Names of the scenarios shipped with winset."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))


def resolve(name_or_path: str | Path | None) -> Path:
    """A path to a scenario file: an existing path, or the name of a built-in scenario."""
    if name_or_path is None:
        name_or_path = DEFAULT_SCENARIO
    p = Path(name_or_path)
    if p.exists():
        return p
    for cand in (BUILTIN_DIR / f"{name_or_path}.yaml", BUILTIN_DIR / str(name_or_path)):
        if cand.exists():
            return cand
    raise ScenarioError.single(
        f"no such file, and not a built-in scenario (built-in: {', '.join(builtin_scenarios())})",
        file=str(name_or_path),
    )


# ---------------------------------------------------------------------------------------
# line numbers
# ---------------------------------------------------------------------------------------
def _line_map(text: str) -> dict[Loc, int]:
    """Map every key path in a YAML/JSON document to its 1-based line number."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    out: dict[Loc, int] = {}

    def walk(node: yaml.Node, path: Loc) -> None:
        out.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
                out[path + (key,)] = k.start_mark.line + 1
                walk(v, path + (key,))
                out[path + (key,)] = k.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                walk(v, path + (i,))

    if root is not None:
        walk(root, ())
    return out


def _line_for(lines: dict[Loc, int], loc: Iterable[str | int]) -> int | None:
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def _field(data: Any, loc: Loc) -> str:
    """A readable field path, using ids instead of list indices where the list holds objects with ids."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            item = node[part]
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(f"[{ident}]" if isinstance(ident, str) else f"[{part}]")
            node = item
        else:
            parts.append(("." if parts else "") + str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts)


# ---------------------------------------------------------------------------------------
# parsing
# ---------------------------------------------------------------------------------------
def parse_text(text: str, file: str = "<input>") -> tuple[Any, dict[Loc, int]]:
    """Parse YAML or JSON text to plain data and a line map; raise ScenarioError on syntax errors."""
    is_json = file.lower().endswith(".json") or text.lstrip().startswith("{")
    if is_json:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise ScenarioError.single(f"invalid JSON: {e.msg}", file=file, line=e.lineno, column=e.colno) from None
    else:
        try:
            data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            msg = getattr(e, "problem", None) or str(e)
            raise ScenarioError.single(
                f"invalid YAML: {msg}",
                file=file,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            ) from None
    if data is None:
        raise ScenarioError.single("the file is empty", file=file, line=1)
    if not isinstance(data, dict):
        raise ScenarioError.single("a scenario must be a mapping (key: value pairs) at the top level",
                                   file=file, line=1)
    return data, _line_map(text)


def _pydantic_problems(err: ValidationError, data: Any, lines: dict[Loc, int], file: str) -> list[Problem]:
    problems = []
    for e in err.errors(include_url=False):
        loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and x.startswith("function-")))
        msg = e["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        if e["type"] == "extra_forbidden":
            msg = f"unknown field '{loc[-1]}'"
        problems.append(Problem(message=msg, file=file, line=_line_for(lines, loc), field=_field(data, loc)))
    return problems


def cross_check(sc: Scenario) -> Iterator[tuple[Loc, str]]:
    """Yield (location, message) for every reference or range problem pydantic cannot see on its own."""
    issues = {i.id: i for i in sc.issues}
    seen: dict[str, str] = {}
    id_lists: tuple[tuple[str, list[str]], ...] = (
        ("issues", [x.id for x in sc.issues]), ("actors", [x.id for x in sc.actors]),
        ("bodies", [x.id for x in sc.bodies]), ("deals", [x.id for x in sc.deals]))
    for kind, id_list in id_lists:
        ids: set[str] = set()
        for n, ident in enumerate(id_list):
            if ident in ids:
                yield (kind, n, "id"), f"duplicate id '{ident}'"
            ids.add(ident)
            if kind in ("actors", "bodies"):
                if ident in seen and seen[ident] != kind:
                    yield (kind, n, "id"), f"id '{ident}' is used by both an actor and a body"
                seen[ident] = kind

    def in_scale(issue_id: str, value: float) -> bool:
        s = issues[issue_id].scale
        return s.min <= value <= s.max

    def check_map(loc: Loc, m: dict[str, Any], *, need_all: bool, check_scale: bool) -> Iterator[tuple[Loc, str]]:
        for k, q in m.items():
            if k not in issues:
                yield loc + (k,), f"unknown issue '{k}' (known: {', '.join(issues)})"
            elif check_scale and not in_scale(k, q.value):
                s = issues[k].scale
                yield loc + (k,), f"{q.value} is outside the scale of '{k}' [{s.min}, {s.max}]"
        if need_all:
            missing = [i for i in issues if i not in m]
            if missing:
                yield loc, f"missing value for issue(s): {', '.join(missing)}"

    for n, issue in enumerate(sc.issues):
        for j, anchor in enumerate(issue.anchors):
            if not (issue.scale.min <= anchor.value <= issue.scale.max):
                yield ("issues", n, "anchors", j, "value"), f"anchor {anchor.value} is outside the scale"
        if issue.discrete and not issue.anchors:
            yield ("issues", n, "discrete"), "a discrete issue needs anchors (its feasible values)"
    for n, sp in enumerate(sc.spaces):
        for j, iid in enumerate(sp.issues):
            if iid not in issues:
                yield ("spaces", n, "issues", j), f"unknown issue '{iid}'"
    for n, a in enumerate(sc.actors):
        yield from check_map(("actors", n, "positions"), a.positions, need_all=True, check_scale=True)
        yield from check_map(("actors", n, "salience"), a.salience, need_all=True, check_scale=False)
        for k, q in a.salience.items():
            if q.value < 0:
                yield ("actors", n, "salience", k), f"salience must be non-negative, got {q.value}"
        if a.salience and all(q.value == 0 for q in a.salience.values()):
            yield ("actors", n, "salience"), "at least one salience must be positive"
        if a.capability.value < 0:
            yield ("actors", n, "capability"), f"capability must be non-negative, got {a.capability.value}"
        if a.risk.value <= 0:
            yield ("actors", n, "risk"), f"risk exponent must be positive, got {a.risk.value}"
        if a.discount_factor_per_week is not None and not (0 < a.discount_factor_per_week.value < 1):
            yield ("actors", n, "discount_factor_per_week"), "discount factor must be in (0, 1)"
        if a.delay_cost_per_week is not None and a.delay_cost_per_week.value < 0:
            yield ("actors", n, "delay_cost_per_week"), "delay cost must be non-negative"
    yield from check_map(("reversion",), sc.reversion, need_all=True, check_scale=True)
    actor_ids = {a.id for a in sc.actors}
    for n, b in enumerate(sc.bodies):
        if b.actor is not None and b.actor not in actor_ids:
            yield ("bodies", n, "actor"), f"unknown actor '{b.actor}'"
        yield from check_map(("bodies", n, "salience"), b.salience, need_all=False, check_scale=False)
        for j, c in enumerate(b.applies_when.any_of or []):
            if c.issue not in issues:
                yield ("bodies", n, "applies_when", "any_of", j, "issue"), f"unknown issue '{c.issue}'"
        mids: set[str] = set()
        for j, m in enumerate(b.members):
            if m.id in mids:
                yield ("bodies", n, "members", j, "id"), f"duplicate member id '{m.id}'"
            mids.add(m.id)
            if m.weight.value < 0:
                yield ("bodies", n, "members", j, "weight"), f"weight must be non-negative, got {m.weight.value}"
            yield from check_map(("bodies", n, "members", j, "ideal"), m.ideal, need_all=False, check_scale=True)
            yield from check_map(("bodies", n, "members", j, "salience"), m.salience, need_all=False,
                                 check_scale=False)
            if not m.ideal:
                yield ("bodies", n, "members", j, "ideal"), "a member needs an ideal point on at least one issue"
        if sum(m.weight.value for m in b.members) <= 0:
            yield ("bodies", n, "members"), "total member weight must be positive"
    if sc.cost_of_delay is not None and sc.cost_of_delay.sides is not None:
        sides = sc.cost_of_delay.sides
        if len(sides) != 2 or not all(sides):
            yield ("cost_of_delay", "sides"), "give exactly two non-empty lists of actor ids, e.g. [[UA, EU], [RU]]"
        on_a_side: set[str] = set()
        for j, side in enumerate(sides):
            for pos, a_id in enumerate(side):
                if a_id not in actor_ids:
                    yield ("cost_of_delay", "sides", j, pos), f"unknown actor '{a_id}'"
                elif a_id in on_a_side:
                    yield ("cost_of_delay", "sides", j, pos), f"actor '{a_id}' is on both sides"
                on_a_side.add(a_id)
    body_ids = {b.id for b in sc.bodies}
    for j, v in enumerate(sc.veto_players):
        if v not in actor_ids and v not in body_ids:
            yield ("veto_players", j), f"unknown actor or body '{v}'"
    for n, d in enumerate(sc.deals):
        yield from check_map(("deals", n, "terms"), d.terms, need_all=True, check_scale=True)


def validate_data(data: Any, file: str = "<input>", lines: dict[Loc, int] | None = None) -> Scenario:
    """Validate already-parsed data; raise ScenarioError listing every problem."""
    lines = lines or {}
    if not isinstance(data, dict):
        raise ScenarioError.single("a scenario must be a mapping at the top level", file=file, line=1)
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as e:
        raise ScenarioError(_pydantic_problems(e, data, lines, file)) from None
    problems = [Problem(message=msg, file=file, line=_line_for(lines, loc), field=_field(data, loc))
                for loc, msg in cross_check(sc)]
    if problems:
        raise ScenarioError(problems)
    return sc


def loads(text: str, file: str = "<input>") -> Scenario:
    """Parse and validate scenario text (YAML or JSON)."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise ScenarioError.single(f"file is larger than the {MAX_BYTES // (1024 * 1024)} MiB limit", file=file)
    data, lines = parse_text(text, file)
    return validate_data(data, file, lines)


def load(name_or_path: str | Path | None = None) -> Scenario:
    """Load a scenario by path or built-in name (default: the Anchorage 2025 summit)."""
    path = resolve(name_or_path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError.single(f"file is larger than the {MAX_BYTES // (1024 * 1024)} MiB limit",
                                       file=str(path))
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError.single("file is not UTF-8 text", file=str(path)) from None
    except IsADirectoryError:
        raise ScenarioError.single("is a directory, not a scenario file", file=str(path)) from None
    except OSError as e:
        raise ScenarioError.single(f"cannot read file: {e.strerror}", file=str(path)) from None
    return loads(text, file=str(path))

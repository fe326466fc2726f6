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

from winset.scenario.domains import DISCOUNT, LARGEST, domain_of
from winset.scenario.errors import Problem, ScenarioError
from winset.scenario.salvage import clean_loc, overlaps, salvage
from winset.scenario.schema import Quantity, RedLine, Scenario
from winset.scenario.timeline import Checks
from winset.scenario.timeline import build as build_timeline
from winset.scenario.yaml12 import Yaml12Loader

# a safe loader with YAML 1.2 core-schema scalars (`no` is the string "no"; libyaml's C parser when present)
_Loader = Yaml12Loader

MAX_BYTES = 5 * 1024 * 1024
"""Largest scenario file accepted (5 MiB): real scenarios are a few kB."""

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "scenarios"
DEFAULT_SCENARIO = "ukraine-2025"

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
# parsing
# ---------------------------------------------------------------------------------------
MAX_NODES = 200_000
"""Largest document accepted, counted in YAML nodes after aliases are expanded (a real scenario has a few
thousand).  Bounds "billion laughs" alias bombs, which are tiny on disk but huge once expanded."""

MAX_DEPTH = 64
"""Deepest nesting accepted (a scenario nests at most six levels)."""


class _ParseError(Exception):
    def __init__(
        self, message: str, line: int | None = None, column: int | None = None, structural: bool = False
    ) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column
        self.structural = structural  # a well-formed document that is too big, too deep or repeats a key


def _check_tree(root: yaml.Node) -> dict[Loc, int]:
    """Check the size, depth and keys of a composed document and map every key path to its 1-based line.

    Each distinct node is visited once (an alias is a second reference to the same node object), so the
    work is linear in the file even when aliases would expand exponentially; the expanded size is counted
    with memoisation and rejected above :data:`MAX_NODES`.  A key repeated in one mapping is an error (YAML
    and JSON parsers silently keep the last one, which hides typos)."""
    size: dict[int, int] = {}
    out: dict[Loc, int] = {}
    # iterative post-order walk: (node, path, depth, expanded?)
    stack: list[tuple[yaml.Node, Loc | None, int, bool]] = [(root, (), 0, False)]
    while stack:
        node, path, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            raise _ParseError(
                f"nested more than {MAX_DEPTH} levels deep", node.start_mark.line + 1, structural=True
            )
        if done:
            children = (
                [v for _, v in node.value]
                if isinstance(node, yaml.MappingNode)
                else node.value
                if isinstance(node, yaml.SequenceNode)
                else []
            )
            size[id(node)] = 1 + sum(size[id(ch)] for ch in children)
            if size[id(node)] > MAX_NODES:
                raise _ParseError(
                    f"the document expands to more than {MAX_NODES:,} values "
                    "(YAML aliases repeated too often?)",
                    node.start_mark.line + 1,
                    structural=True,
                )
            continue
        if path is not None:
            out.setdefault(path, node.start_mark.line + 1)
        if id(node) in size:
            continue
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            size[id(node)] = 1
            continue
        size[id(node)] = 0  # visiting: a node reached again through an alias is not walked twice
        stack.append((node, path, depth, True))
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else str(k.value)
                if key in seen and key != "<<":
                    raise _ParseError(
                        f"key '{key}' appears twice in the same mapping (first on line {seen[key]})",
                        k.start_mark.line + 1,
                        k.start_mark.column + 1,
                        structural=True,
                    )
                seen[key] = k.start_mark.line + 1
                sub = None if path is None else path + (key,)
                if sub is not None:
                    out[sub] = k.start_mark.line + 1
                stack.append((v, sub, depth + 1, False))
        else:
            for i, v in enumerate(node.value):
                stack.append((v, None if path is None else path + (i,), depth + 1, False))
    return out


def _parse_yaml(text: str) -> tuple[Any, dict[Loc, int]]:
    loader = _Loader(text)
    try:
        try:
            root = loader.get_single_node()
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            msg = getattr(e, "problem", None) or str(e)
            raise _ParseError(
                f"invalid YAML: {msg}", mark.line + 1 if mark else None, mark.column + 1 if mark else None
            ) from None
        if root is None:
            return None, {}
        lines = _check_tree(root)
        try:
            data = loader.construct_document(root)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise _ParseError(
                f"invalid YAML: {getattr(e, 'problem', None) or e}", mark.line + 1 if mark else None
            ) from None
        return data, lines
    finally:
        loader.dispose()


def _parse_json(text: str) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                raise _ParseError(f"key '{k}' appears twice in the same object")
            out[k] = v
        return out

    try:
        return json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as e:
        raise _ParseError(f"invalid JSON: {e.msg}", e.lineno, e.colno) from None


def parse_text(text: str, file: str = "<input>") -> tuple[Any, dict[Loc, int]]:
    """Parse YAML or JSON text to plain data and a line map; raise ScenarioError on syntax errors.

    A ``.json`` file is read as JSON; anything else as YAML (which also reads JSON, and gives the line map).
    """
    try:
        try:
            if file.lower().endswith(".json"):
                try:  # JSON is YAML: its node tree gives line numbers and finds repeated keys
                    _, lines = _parse_yaml(text)
                except _ParseError as e:
                    if e.structural:
                        raise
                    lines = {}
                data = _parse_json(text)
            else:
                try:
                    data, lines = _parse_yaml(text)
                except _ParseError:
                    if not text.lstrip().startswith(("{", "[")):
                        raise
                    data, lines = _parse_json(text), {}  # JSON that YAML 1.1 does not read (rare escapes)
        except RecursionError:
            raise _ParseError(f"nested more than {MAX_DEPTH} levels deep") from None
    except _ParseError as e:
        raise ScenarioError.single(e.message, file=file, line=e.line, column=e.column) from None
    if data is None:
        raise ScenarioError.single("the file is empty", file=file, line=1)
    if not isinstance(data, dict):
        raise ScenarioError.single(
            "a scenario must be a mapping (key: value pairs) at the top level", file=file, line=1
        )
    return data, lines


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


def _pydantic_problems(err: ValidationError, data: Any, lines: dict[Loc, int], file: str) -> list[Problem]:
    problems = []
    for e in err.errors(include_url=False):
        loc = clean_loc(e["loc"])
        msg = e["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if e["type"] == "extra_forbidden":
            msg = f"unknown field '{loc[-1]}'"
        problems.append(Problem(message=msg, file=file, line=_line_for(lines, loc), field=_field(data, loc)))
    return problems


def cross_check(sc: Scenario) -> Iterator[tuple[Loc, str]]:
    """Yield (location, message) for every reference or range problem pydantic cannot see on its own."""
    issues = {i.id: i for i in sc.issues}
    seen: dict[str, str] = {}
    id_lists: tuple[tuple[str, list[str]], ...] = (
        ("issues", [x.id for x in sc.issues]),
        ("actors", [x.id for x in sc.actors]),
        ("bodies", [x.id for x in sc.bodies]),
        ("deals", [x.id for x in sc.deals]),
    )
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

    def bounded(loc: Loc, q: Quantity | None, what: str | None = None) -> Iterator[tuple[Loc, str]]:
        """The value and both ends of its range lie in the domain of the quantity at ``loc``."""
        if q is None:
            return
        dom = domain_of(sc, loc)
        for name, x in (("value", q.value), ("low", q.low), ("high", q.high)):
            if x is None or dom.contains(x):
                continue
            label = what or dom.label
            label = label if name == "value" else f"{label} ({name} end of its range)"
            yield loc + ((name,) if name != "value" else ()), f"{label} must be in {dom.interval}, got {x:g}"
            return
        if q.sd is not None and q.sd > LARGEST:
            yield loc + ("sd",), f"sd must be at most {LARGEST:g}, got {q.sd:g}"

    def check_map(loc: Loc, m: dict[str, Any], *, need_all: bool) -> Iterator[tuple[Loc, str]]:
        for k, q in m.items():
            if k not in issues:
                yield loc + (k,), f"unknown issue '{k}' (known: {', '.join(issues)})"
                continue
            dom = domain_of(sc, loc + (k,))
            if dom.name == "scale" and not dom.contains(q.value):
                s = issues[k].scale
                yield loc + (k,), f"{q.value} is outside the scale of '{k}' [{s.min}, {s.max}]"
            else:
                yield from bounded(loc + (k,), q, f"a value on '{k}'" if dom.name == "scale" else None)
        if need_all:
            missing = [i for i in issues if i not in m]
            if missing:
                yield loc, f"missing value for issue(s): {', '.join(missing)}"

    def check_party(
        loc: Loc, red_lines: list[RedLine], reversion: dict[str, Quantity], cost: Quantity | None
    ):
        """A party's red lines, own no-deal point and no-deal cost."""
        yield from check_map(loc + ("reversion",), reversion, need_all=False)
        yield from bounded(loc + ("no_deal_cost",), cost)
        yield from _check_red_lines(sc, loc + ("red_lines",), red_lines)

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
        if len(set(sp.issues)) < len(sp.issues):
            yield ("spaces", n, "issues"), "a 2-D space needs two different issues"
    for n, a in enumerate(sc.actors):
        yield from check_map(("actors", n, "positions"), a.positions, need_all=True)
        yield from check_map(("actors", n, "salience"), a.salience, need_all=True)
        if a.salience and all(q.value == 0 for q in a.salience.values()):
            yield ("actors", n, "salience"), "at least one salience must be positive"
        yield from check_party(("actors", n), a.red_lines, a.reversion, a.no_deal_cost)
        yield from bounded(("actors", n, "capability"), a.capability)
        yield from bounded(("actors", n, "risk"), a.risk)
        yield from bounded(("actors", n, "delay_cost_per_week"), a.delay_cost_per_week)
        q = a.discount_factor_per_week
        if q is not None and not all(DISCOUNT.contains(x) for x in (q.value, q.low, q.high) if x is not None):
            yield (
                ("actors", n, "discount_factor_per_week"),
                "discount factor (and its range) must be in (0, 1)",
            )
    if sc.actors and not any(a.capability.value > 0 for a in sc.actors):
        yield ("actors",), "at least one actor needs a positive capability"
    yield from check_map(("reversion",), sc.reversion, need_all=True)
    if sc.cost_of_delay is not None:
        yield from bounded(("cost_of_delay", "lives_per_week"), sc.cost_of_delay.lives_per_week)
        yield from bounded(("cost_of_delay", "horizon_weeks"), sc.cost_of_delay.horizon_weeks)
    actor_ids = {a.id for a in sc.actors}
    for n, b in enumerate(sc.bodies):
        if b.actor is not None and b.actor not in actor_ids:
            yield ("bodies", n, "actor"), f"unknown actor '{b.actor}'"
        yield from check_map(("bodies", n, "salience"), b.salience, need_all=False)
        yield from bounded(("bodies", n, "quota"), b.quota)
        yield from bounded(("bodies", n, "turnout_quorum"), b.turnout_quorum, "turnout quorum")
        yield from bounded(("bodies", n, "approval_quorum"), b.approval_quorum, "approval quorum")
        if b.concurrent:
            for j, m in enumerate(b.members):
                if m.community is None:
                    yield (
                        ("bodies", n, "members", j, "community"),
                        "concurrent: true needs a `community` for every member",
                    )
        for j, c in enumerate(b.applies_when.any_of or []):
            if c.issue not in issues:
                yield ("bodies", n, "applies_when", "any_of", j, "issue"), f"unknown issue '{c.issue}'"
        mids: set[str] = set()
        for j, m in enumerate(b.members):
            if m.id in mids:
                yield ("bodies", n, "members", j, "id"), f"duplicate member id '{m.id}'"
            mids.add(m.id)
            yield from bounded(("bodies", n, "members", j, "weight"), m.weight)
            yield from check_party(("bodies", n, "members", j), m.red_lines, m.reversion, m.no_deal_cost)
            yield from bounded(("bodies", n, "members", j, "cohesion"), m.cohesion)
            yield from bounded(("bodies", n, "members", j, "turnout"), m.turnout)
            yield from check_map(("bodies", n, "members", j, "ideal"), m.ideal, need_all=False)
            yield from check_map(("bodies", n, "members", j, "salience"), m.salience, need_all=False)
            if not m.ideal:
                yield (
                    ("bodies", n, "members", j, "ideal"),
                    "a member needs an ideal point on at least one issue",
                )
        if sum(m.weight.value for m in b.members) <= 0:
            yield ("bodies", n, "members"), "total member weight must be positive"
    if sc.cost_of_delay is not None and sc.cost_of_delay.sides is not None:
        sides = sc.cost_of_delay.sides
        if len(sides) != 2 or not all(sides):
            yield (
                ("cost_of_delay", "sides"),
                "give exactly two non-empty lists of actor ids, e.g. [[UA, EU], [RU]]",
            )
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
        elif v in sc.veto_players[:j]:
            yield ("veto_players", j), f"'{v}' is listed twice"
    for n, d in enumerate(sc.deals):
        yield from check_map(("deals", n, "terms"), d.terms, need_all=True)
    yield from _check_routes(sc, check_map, bounded)


def _check_routes(sc: Scenario, check_map: Any, bounded: Any) -> Iterator[tuple[Loc, str]]:
    """Ratification routes: every body, issue, deal and party they name exists; ``follows`` has no cycle."""
    issues = {i.id: i for i in sc.issues}
    bodies = {b.id: b for b in sc.bodies}
    deals = {d.id for d in sc.deals}
    actors = set(sc.actor_ids)

    def bloc_problem(name: str) -> str | None:
        body, _, member = name.partition("/")
        if body not in bodies:
            return f"unknown body '{body}' (known: {', '.join(bodies) or 'none'})"
        if member and member not in {m.id for m in bodies[body].members}:
            return f"unknown member '{member}' of body '{body}'"
        return None

    def declarations(loc: Loc, decls: list[Any]) -> Iterator[tuple[Loc, str]]:
        for i, dc in enumerate(decls):
            for j, bloc in enumerate(dc.blocs):
                if (msg := bloc_problem(bloc)) is not None:
                    yield loc + (i, "blocs", j), msg
            yield from check_map(loc + (i, "terms"), dc.terms, need_all=False)

    for n, b in enumerate(sc.bodies):
        if b.follows is None:
            continue
        if b.follows not in bodies:
            yield ("bodies", n, "follows"), f"unknown body '{b.follows}'"
            continue
        chain: list[str] = [b.id]
        nxt: str | None = b.follows
        while nxt is not None and nxt in bodies and nxt not in chain:
            chain.append(nxt)
            nxt = bodies[nxt].follows
        if nxt == b.id:
            yield ("bodies", n, "follows"), "a cycle of follows: " + " → ".join([*chain, b.id])
    for n, d in enumerate(sc.deals):
        yield from declarations(("deals", n, "declarations"), d.declarations)
        ids: set[str] = set()
        for r, rt in enumerate(d.routes):
            loc: Loc = ("deals", n, "routes", r)
            if rt.id in ids:
                yield loc + ("id",), f"duplicate route id '{rt.id}'"
            ids.add(rt.id)
            for j, bid in enumerate(rt.bodies or []):
                if bid not in bodies:
                    yield loc + ("bodies", j), f"unknown body '{bid}' (known: {', '.join(bodies) or 'none'})"
            for j, c in enumerate(rt.preconditions):
                pre: Loc = loc + ("preconditions", j)
                if c.issue is not None and c.issue not in issues:
                    yield pre + ("issue",), f"the precondition names an unknown issue '{c.issue}'"
                elif c.issue is not None and c.value is not None:
                    s = issues[c.issue].scale
                    if not s.min <= c.value <= s.max:
                        yield (
                            pre + ("value",),
                            f"{c.value:g} is outside the scale of '{c.issue}' [{s.min}, {s.max}]",
                        )
                if c.body is not None and c.body not in bodies:
                    yield pre + ("body",), f"the precondition names an unknown body '{c.body}'"
                if c.deal is not None and c.deal not in deals:
                    yield pre + ("deal",), f"the precondition names an unknown deal '{c.deal}'"
            for party, q in rt.legitimacy_cost.items():
                if party not in actors and (msg := bloc_problem(party)) is not None:
                    yield loc + ("legitimacy_cost", party), f"not an actor, body or body/member: {msg}"
                else:
                    yield from bounded(loc + ("legitimacy_cost", party), q)
            yield from declarations(loc + ("declarations",), rt.declarations)


def _check_red_lines(sc: Scenario, loc: Loc, red_lines: list[RedLine]) -> Iterator[tuple[Loc, str]]:
    """Every bound names a known issue and lies on its scale (value and range), and one party's red lines leave
    some value of every issue acceptable (``ge 60`` with ``le 40`` contradict each other)."""
    issues = {i.id: i for i in sc.issues}
    ok = True
    for j, rl in enumerate(red_lines):
        form = "any_of" if rl.any_of is not None else "all_of" if rl.all_of is not None else None
        for i, b in enumerate(rl.bounds):
            at = loc + (j,) + ((form, i) if form else ())
            if b.issue not in issues:
                ok = False
                yield at + ("issue",), f"unknown issue '{b.issue}' (known: {', '.join(issues)})"
                continue
            dom = domain_of(sc, at + ("value", b.issue))  # the issue's scale (winset.scenario.domains)
            for name, x in (("value", b.value.value), ("low", b.value.low), ("high", b.value.high)):
                if x is not None and not dom.contains(x):
                    ok = False
                    what = (
                        "red line bound" if name == "value" else f"red line bound ({name} end of its range)"
                    )
                    yield (
                        at + ("value",) + ((name,) if name != "value" else ()),
                        f"{what} {x:g} is outside the scale of '{b.issue}' {dom.interval}",
                    )
                    break
    if ok:
        yield from _contradictions(sc, loc, red_lines)


def _contradictions(sc: Scenario, loc: Loc, red_lines: list[RedLine]) -> Iterator[tuple[Loc, str]]:
    """One party's red lines that no value can keep together (their central values, within the issue scales)."""
    # per issue: the interval every single bound and all_of bound requires, with the red lines that set its ends
    need: dict[str, list[Any]] = {i.id: [i.scale.min, False, "", i.scale.max, False, ""] for i in sc.issues}

    def feasible(lo: float, lo_strict: bool, hi: float, hi_strict: bool) -> bool:
        return lo < hi or (lo == hi and not (lo_strict or hi_strict))

    def admits(b: Any) -> bool:
        lo, lo_s, _, hi, hi_s, _ = need[b.issue]
        x = b.value.value
        if b.op in ("ge", "gt"):
            return feasible(max(lo, x), lo_s if lo > x else (b.op == "gt" or (lo == x and lo_s)), hi, hi_s)
        return feasible(lo, lo_s, min(hi, x), hi_s if hi < x else (b.op == "lt" or (hi == x and hi_s)))

    for j, rl in enumerate(red_lines):
        if rl.combine == "any":
            continue
        for b in rl.bounds:
            if not admits(b):
                cur = need[b.issue]
                other = cur[5] if b.op in ("ge", "gt") else cur[2]
                with_ = f" and {other}" if other else f" and the scale of '{b.issue}'"
                yield (
                    loc + (j,),
                    f"red lines contradict each other: {rl.label}{with_} leave no value of '{b.issue}'",
                )
                return
            x = b.value.value
            cur = need[b.issue]
            if b.op in ("ge", "gt") and (x > cur[0] or (x == cur[0] and b.op == "gt")):
                cur[0], cur[1], cur[2] = x, b.op == "gt", rl.label
            elif b.op in ("le", "lt") and (x < cur[3] or (x == cur[3] and b.op == "lt")):
                cur[3], cur[4], cur[5] = x, b.op == "lt", rl.label
    for j, rl in enumerate(red_lines):
        if rl.combine == "any" and not any(admits(b) for b in rl.bounds):
            yield (
                loc + (j,),
                f"red lines contradict each other: no bound of {rl.label} can hold with the others",
            )
            return


def validate_data(data: Any, file: str = "<input>", lines: dict[Loc, int] | None = None) -> Scenario:
    """Validate already-parsed data; raise ScenarioError listing every problem.

    When pydantic rejects the data, the cross-checks still run on what did parse (:mod:`winset.scenario.salvage`),
    so the error lists the pydantic problems and every other problem together."""
    lines = lines or {}
    if not isinstance(data, dict):
        raise ScenarioError.single("a scenario must be a mapping at the top level", file=file, line=1)
    replaced: list[Loc] = []
    problems: list[Problem] = []
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as e:
        problems = _pydantic_problems(e, data, lines, file)
        # run the semantic checks on what did parse (every problem at once): see winset.scenario.salvage
        salvaged = salvage(Scenario, data, e.errors(include_url=False))
        if salvaged is None:
            raise ScenarioError(problems) from None
        sc, replaced = salvaged
    problems += [
        Problem(message=msg, file=file, line=_line_for(lines, loc), field=_field(data, loc))
        for loc, msg in cross_check(sc)
        if not overlaps(loc, replaced)
    ]
    if problems:
        raise ScenarioError(problems)
    if sc.timeline:  # every snapshot, validated now (file:line:field errors) and kept on the scenario
        sc._states = build_timeline(sc, timeline_checks(), file, lines)
    return sc


def timeline_checks() -> Checks:
    """The checks a timeline's snapshots go through (winset.scenario.timeline cannot import this module)."""
    return Checks(cross_check, _field, _line_for)


def loads(text: str, file: str = "<input>") -> Scenario:
    """Parse and validate scenario text (YAML or JSON)."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise ScenarioError.single(
            f"file is larger than the {MAX_BYTES // (1024 * 1024)} MiB limit", file=file
        )
    data, lines = parse_text(text, file)
    return validate_data(data, file, lines)


def load(name_or_path: str | Path | None = None) -> Scenario:
    """Load a scenario by path or built-in name (default: the Anchorage 2025 summit)."""
    path = resolve(name_or_path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError.single(
                f"file is larger than the {MAX_BYTES // (1024 * 1024)} MiB limit", file=str(path)
            )
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError.single("file is not UTF-8 text", file=str(path)) from None
    except IsADirectoryError:
        raise ScenarioError.single("is a directory, not a scenario file", file=str(path)) from None
    except OSError as e:
        raise ScenarioError.single(f"cannot read file: {e.strerror}", file=str(path)) from None
    return loads(text, file=str(path))

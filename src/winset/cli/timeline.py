"""``winset timeline``: how the forecast, the sticking point, the zone of agreement and each deal's chance of
ratification moved from snapshot to snapshot of a scenario's timeline (docs/timeline.md)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from winset import services
from winset.cli._app import JsonOpt, app, fail, out, print_json
from winset.scenario import ScenarioError
from winset.scenario.loader import DEFAULT_SCENARIO
from winset.services._timeline import TIMELINE_DRAWS


@app.command()
def timeline(
    scenario: Annotated[
        str, typer.Argument(help="Scenario file (YAML/JSON) or built-in name.")
    ] = DEFAULT_SCENARIO,
    draws: Annotated[
        int,
        typer.Option(
            "--draws", "-n", help="Monte Carlo draws per snapshot for each deal's chance (0 leaves it out)."
        ),
    ] = TIMELINE_DRAWS,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Random seed.")] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Per dated snapshot: what changed, the forecast, the sticking point, the ZOPA and each deal's chance."""
    try:
        res = services.timeline(scenario, draws=draws, seed=seed).to_dict()
    except ScenarioError as e:
        fail(e)
    if as_json:
        print_json(res)
        return
    render_timeline(res)


def _deals(snap: dict[str, Any]) -> str:
    """One line per deal on the table: verdict at the central values, chance, blockers."""
    lines = []
    for d in snap["deals"]:
        odds = snap["odds"].get(d["id"])
        chance = f" {odds['p_ratified']:.0%}" if odds else ""
        if d["ratifiable"]:
            lines.append(f"[green]✓[/] {escape(d['id'])}{chance}")
        else:
            lines.append(f"[red]✗[/] {escape(d['id'])}{chance} [dim]{escape(', '.join(d['blockers']))}[/]")
    return "\n".join(lines) or "[dim]none[/]"


def _moves(snap: dict[str, Any], before: dict[str, Any] | None, tol: float = 0.05) -> str:
    """The issues whose compromise forecast moved since the snapshot before (new issues marked new)."""
    now = snap["forecast"]["compromise"]
    if before is None:
        return ", ".join(f"{escape(i)} {v:.1f}" for i, v in now.items())
    was = before["forecast"]["compromise"]
    moved = [
        f"{escape(i)} {was[i]:.1f}→{v:.1f}" if i in was else f"{escape(i)} {v:.1f} (new)"
        for i, v in now.items()
        if i not in was or abs(v - was[i]) > tol
    ]
    return "\n".join(moved) or "[dim]unchanged[/]"


def _sticking(snap: dict[str, Any]) -> str:
    sp = snap["sticking_points"]
    big = sp["one_big_issue"]
    if big is None:
        return "[green]none[/]" if sp["reference_ratifiable"] else "[dim]no single issue[/]"
    it = next(i for i in sp["parties"] if i["issue"] == big)  # the one big issue is the parties' verdict
    if it["kind"] == "deadlock":
        why = " against ".join(it.get("red_line_clash") or []) or " vs ".join(it["binding"] or [])
        return f"{escape(it['name'])}: [red]deadlock[/] gap {it['gap']:g} ({escape(why)})"
    return f"{escape(it['name'])}: [yellow]{it['kind']}[/]"


def render_timeline(res: dict[str, Any]) -> None:
    snaps = res["snapshots"]
    out.rule(f"[bold]{escape(res['scenario']['title'])}: {len(snaps)} snapshot(s)")
    chance = f", chance of ratification over {res['draws']:,} draws" if res["draws"] else ""
    t = Table(
        title=f"Per snapshot: the sticking point, the zone of agreement, each deal (✓ ratifiable at the central "
        f"values{chance}, blocked by) and the compromise forecast where it moved",
        title_justify="left",
        show_lines=True,
    )
    t.add_column("date", no_wrap=True)
    t.add_column("snapshot", max_width=30)
    t.add_column("sticking point", max_width=34)
    t.add_column("ZOPA", max_width=10)
    t.add_column("deals", min_width=24)
    t.add_column("forecast moved", min_width=18)
    before = None
    for s in snaps:
        zopa = "[green]yes[/]" if s["zopa"]["nonempty"] else "[red]empty[/]"
        zopa += "" if s["zopa"]["exact"] else " [dim](sampled)[/]"
        t.add_row(s["date"] or "—", escape(s["title"]), _sticking(s), zopa, _deals(s), _moves(s, before))
        before = s
    out.print(t)
    names: dict[str, str] = {}
    for s in snaps:
        for d in s["deals"]:
            names.setdefault(d["id"], d["name"])
    out.print("[bold]Deals:[/] " + "; ".join(f"{escape(k)} = {escape(v)}" for k, v in names.items()))
    for s in snaps[1:]:
        out.print(f"[bold]{s['date']}[/] {escape(s['title'])}")
        for line in s["changes"]:
            out.print(f"  • {escape(line)}", highlight=False)

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


def _deal_cell(snap: dict[str, Any], deal: str) -> str:
    d = next((x for x in snap["deals"] if x["id"] == deal), None)
    if d is None:
        return "[dim]—[/]"
    odds = snap["odds"].get(deal)
    chance = f" {odds['p_ratified']:.0%}" if odds else ""
    if d["ratifiable"]:
        return f"[green]yes[/]{chance}"
    return f"[red]no[/]{chance} [dim]({', '.join(d['blockers'])})[/]"


def _sticking(snap: dict[str, Any]) -> str:
    sp = snap["sticking_points"]
    big = sp["one_big_issue"]
    if big is None:
        return "[green]none[/]" if sp["reference_ratifiable"] else "[dim]no single issue[/]"
    it = next(i for i in sp["issues"] if i["issue"] == big)
    if it["kind"] == "deadlock":
        return (
            f"{escape(it['name'])}: [red]deadlock[/] gap {it['gap']:g} ({' vs '.join(it['binding'] or [])})"
        )
    return f"{escape(it['name'])}: [yellow]{it['kind']}[/] move {it['move']:g}"


def render_timeline(res: dict[str, Any]) -> None:
    snaps = res["snapshots"]
    out.rule(f"[bold]{escape(res['scenario']['title'])}: {len(snaps)} snapshot(s)")
    deals: dict[str, str] = {}
    for s in snaps:
        for d in s["deals"]:
            deals.setdefault(d["id"], d["name"])
    chance = f"; chance of ratification over {res['draws']:,} draws" if res["draws"] else ""
    t = Table(title=f"Each deal: ratifiable at the central values (blocked by){chance}", title_justify="left")
    t.add_column("date", no_wrap=True)
    t.add_column("snapshot", max_width=28)
    t.add_column("sticking point", max_width=40)
    t.add_column("ZOPA")
    for name in deals.values():
        t.add_column(escape(name), max_width=22)
    for s in snaps:
        zopa = "[green]yes[/]" if s["zopa"]["nonempty"] else "[red]empty[/]"
        zopa += "" if s["zopa"]["exact"] else " [dim](sampled)[/]"
        t.add_row(
            s["date"] or "—",
            escape(s["title"]),
            _sticking(s),
            zopa,
            *[_deal_cell(s, d) for d in deals],
        )
    out.print(t)
    issues: list[str] = []
    for s in snaps:
        issues += [i for i in s["forecast"]["compromise"] if i not in issues]
    t = Table(title="Forecast per issue (compromise model)", title_justify="left")
    t.add_column("date", no_wrap=True)
    for i in issues:
        t.add_column(escape(i), justify="right")
    for s in snaps:
        fc = s["forecast"]["compromise"]
        t.add_row(s["date"] or "—", *[f"{fc[i]:.1f}" if i in fc else "—" for i in issues])
    out.print(t)
    for s in snaps[1:]:
        out.print(f"[bold]{s['date']}[/] {escape(s['title'])}")
        for line in s["changes"]:
            out.print(f"  • {escape(line)}", highlight=False)

"""``winset analyze``, ``validate``, ``schema`` and ``scenarios``: the default analysis and the scenario format."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from winset import services
from winset.cli._app import ScenarioArg, app, fail, out, print_json
from winset.formatting import fmt_on_scale, fmt_share
from winset.models.registry import LABELS
from winset.scenario import ScenarioError, json_schema, load
from winset.scenario.loader import DEFAULT_SCENARIO, builtin_scenarios


def _fmt_ranges(rg: list[list[float]], lo: float, hi: float) -> str:
    """Ranges of an issue on the scale ``[lo, hi]``, at the scale's precision."""
    if not rg:
        return "none"
    parts = [(fmt_on_scale(a, lo, hi), fmt_on_scale(b, lo, hi)) for a, b in rg]
    return " ∪ ".join(f"{a}–{b}" if a != b else a for a, b in parts)


@app.command()
def analyze(
    scenario: Annotated[
        str, typer.Argument(help="Scenario file (YAML/JSON) or built-in name.")
    ] = DEFAULT_SCENARIO,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    reference: Annotated[
        str,
        typer.Option(
            help="Package held fixed in the sticking-point sweep: auto (the deal "
            "nearest to agreement), a forecast model (compromise, "
            "weighted_median) or a deal id."
        ),
    ] = "auto",
) -> None:
    """Forecast the outcome, test every deal against each ratifier, and find the sticking point."""
    try:
        sc = load(scenario)
        res = services.analyze(sc, reference=reference).to_dict()
    except ScenarioError as e:
        fail(e)
    if as_json:
        print_json(res)
        return
    render_analysis(sc, res, scenario)


def render_analysis(sc: Any, res: dict[str, Any], scenario: str | None = None) -> None:
    out.rule(f"[bold]{sc.title}")
    t = Table(
        title="Forecast (compromise and median: capability × salience weighted; BDM: Bueno de Mesquita "
        "expected-utility model; Nash and others: winset forecast --model all)",
        title_justify="left",
    )
    t.add_column("issue")
    for m in ("compromise", "weighted_median", "bdm"):
        t.add_column(LABELS[m], justify="right")
    t.add_column("reversion (no deal)", justify="right")
    fc = res["forecast"]
    for i in sc.issues:
        t.add_row(
            i.name,
            f"{fc['compromise'][i.id]:.1f}",
            f"{fc['weighted_median'][i.id]:.1f}",
            f"{fc['bdm'][i.id]:.1f}",
            fmt_on_scale(sc.reversion[i.id].value, i.scale.min, i.scale.max),
        )
    out.print(t)

    actors = [a.id for a in sc.actors]
    t = Table(title="Deals: utility for each actor (✓ prefers the deal to no deal)", title_justify="left")
    t.add_column("deal", no_wrap=True, overflow="ellipsis", max_width=34)
    t.add_column("instrument")
    for a in actors:
        t.add_column(a, justify="right")
    t.add_column("ratifiable")
    t.add_column("blocked by", min_width=15)
    nd = res["deals"][0]["no_deal_utility"] if res["deals"] else {}
    if res["deals"]:
        t.add_row("[dim]no deal[/]", "", *[f"[dim]{nd[a]:.3f}[/]" for a in actors], "", "")
    for d in res["deals"]:
        cells = [f"{d['utility'][a]:.3f} {'✓' if d['accepts'][a] else '✗'}" for a in actors]
        t.add_row(
            d["name"],
            d["instrument"].replace("_", " "),
            *cells,
            "[green]yes[/]" if d["ratifiable"] else "[red]no[/]",
            ", ".join(d["blockers"]) or "—",
        )
    out.print(t)
    names = {d["id"]: d["name"] for d in res["deals"]}
    dominated = [d for d in res["deals"] if d["pareto_dominated_by"]]
    for d in dominated:
        out.print(
            f"[dim]Pareto:[/] every actor does at least as well, and one better, under "
            f"{' and '.join('“' + names[x] + '”' for x in d['pareto_dominated_by'])} than under “{d['name']}”."
        )
    if res["deals"] and not dominated:
        out.print(
            "[dim]Pareto:[/] no deal on the table is Pareto-dominated by another (each is best for someone)."
        )

    t = Table(title="Ratification at home (yes share against the threshold)", title_justify="left")
    t.add_column("deal", no_wrap=True, overflow="ellipsis", max_width=34)
    for b in sc.bodies:
        t.add_column(
            f"{b.name}\n({b.rule}{' ' + fmt_share(b.quota.value) if b.quota else ''})", justify="right"
        )
    for d in res["deals"]:
        cells = []
        for bv in d["bodies"]:
            if not bv["applies"]:
                cells.append("[dim]not needed[/]")
            else:
                mark = "[green]pass[/]" if bv["passed"] else "[red]fail[/]"
                cells.append(f"{bv['yes_share']:.0%} vs {bv['threshold']:.0%} {mark}")
        t.add_row(d["name"], *cells)
    if sc.bodies:
        out.print(t)

    sp = res["sticking_points"]
    ref_name = next((d.name for d in sc.deals if d.id == sp["reference"]), sp["reference"].replace("_", " "))
    t = Table(
        title=f"Sticking points: what each veto player accepts on one issue, the others held at '{ref_name}'",
        title_justify="left",
    )
    t.add_column("issue", no_wrap=True, overflow="ellipsis", max_width=30)
    t.add_column("status")
    t.add_column("score", justify="right")
    t.add_column("all accept")
    t.add_column("what each veto player accepts")
    for it in sp["issues"]:
        lo, hi = sc.issue(it["issue"]).scale.min, sc.issue(it["issue"]).scale.max
        rng = "; ".join(f"{v}: {_fmt_ranges(r, lo, hi)}" for v, r in it["ranges"].items())
        status = {
            "deadlock": f"[red]deadlock[/]: gap {fmt_on_scale(it['gap'], lo, hi)} "
            f"({' vs '.join(it['binding'] or [])})",
            "fixable": f"[yellow]fixable[/]: move {fmt_on_scale(it['reference_value'], lo, hi)} "
            f"by {fmt_on_scale(it['move'], lo, hi)}",
            "blocked_elsewhere": f"[dim]blocked elsewhere[/] ({', '.join(it['blocked_by'])})",
            "agreed": "[green]agreed[/]",
        }[it["kind"]]
        t.add_row(it["name"], status, f"{it['score']:.3f}", _fmt_ranges(it["overlap"], lo, hi), rng)
    out.print(t)
    big = sp["one_big_issue"]
    if big:
        top = sp["issues"][0]
        why = (
            "the veto players' acceptable ranges do not overlap"
            if top["kind"] == "deadlock"
            else "moving it alone would let every veto player accept; it needs the largest move × salience"
        )
        out.print(f"[bold]The one big issue:[/] {sc.issue(big).name} ({why}).")
    elif sp["reference_ratifiable"]:
        out.print("[bold]No sticking point:[/] every veto player accepts the reference package.")
    else:
        every = ", ".join(sp["blocked_on_every_issue"]) or "several veto players"
        out.print(
            f"[bold]No single sticking issue:[/] the veto players' ranges overlap issue by issue, but "
            f"{every} cannot be satisfied by moving any one issue; see the ranges above."
        )
    deals = res["deals"]
    if deals and not any(d["ratifiable"] for d in deals):
        ref = sp["reference"] if any(d["id"] == sp["reference"] for d in deals) else deals[0]["id"]
        name = sc.id if sc.id in builtin_scenarios() else (scenario or "SCENARIO")
        out.print(
            f"[bold]Next:[/] no deal on the table can be ratified. [cyan]winset repair {name} {ref}[/] finds the "
            f"smallest change that would; [cyan]winset search {name}[/] the best ratifiable package; "
            f"[cyan]winset winsets {name}[/] each body's win-set and the zone of agreement."
        )


@app.command()
def validate(scenario: ScenarioArg) -> None:
    """Check a scenario file; print every problem with file, line and field."""
    try:
        v = services.validate(scenario)
    except ScenarioError as e:
        fail(e)
    missing = v.undocumented

    def n(k: int, word: str) -> str:
        return f"{k} {word}" if k == 1 else f"{k} {word.replace('body', 'bodie')}s"

    out.print(
        f"[green]ok[/] {v.path}: {n(v.actors, 'actor')}, {n(v.issues, 'issue')}, "
        f"{n(v.bodies, 'ratification body')}, {n(v.deals, 'deal')}"
    )
    if missing:
        out.print(
            f"[yellow]note[/] {len(missing)} judgement-based numbers carry neither a source nor an "
            f"assumption, e.g. {escape(', '.join(missing[:5]))}"
        )


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to a file.")] = None,
) -> None:
    """Print the JSON Schema of the scenario format."""
    text = json.dumps(json_schema(), indent=2)
    if output:
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as e:
            fail(
                ScenarioError.single(
                    f"cannot write the schema ({e.strerror})", file=str(output), field="--output"
                )
            )
    else:
        sys.stdout.write(text + "\n")


@app.command()
def scenarios() -> None:
    """List the built-in scenarios."""
    for name in builtin_scenarios():
        try:
            sc = load(name)
            out.print(f"{name}: {sc.title}")
        except ScenarioError:
            out.print(f"{name}: (invalid)")

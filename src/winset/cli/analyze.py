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
from winset.cli._app import AsOfOpt, ScenarioArg, app, fail, out, print_json
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


BLOC_TABLE_MAX = 12
"""Bodies with more members than this (a senate of 100) are left out of the bloc table (see ``--json``)."""


def _vote_note(bv: dict[str, Any]) -> str:
    """Turnout, the quorums and the reason a vote fails, after the yes share (empty for a plain vote)."""
    parts = []
    if bv["turnout"] < 1 or bv["turnout_quorum"] is not None:
        q = bv["turnout_quorum"]
        parts.append(f"turnout {bv['turnout']:.0%}" + (f" (quorum {q:.0%})" if q is not None else ""))
    if bv["approval_quorum"] is not None:
        parts.append(f"yes {bv['approval']:.0%} of electorate (quorum {bv['approval_quorum']:.0%})")
    if not bv["passed"] and bv["reason"] != "rejected: yes share short of the threshold":
        parts.append(bv["reason"])
    return ("\n" + "; ".join(parts)) if parts else ""


def _bloc_table(deals: list[dict[str, Any]]) -> None:
    """How each bloc votes on each deal: one row per bloc (its share of the body and its turnout), one column
    per deal with the yes share among the bloc's voters (✓: its utility prefers the deal; —: body not needed)."""
    if not deals:
        return
    bodies = [bv for bv in deals[0]["bodies"] if len(bv["blocs"]) <= BLOC_TABLE_MAX]
    if not bodies:
        return
    t = Table(
        title="How each bloc votes (yes among its voters; ✓ its utility prefers the deal)",
        title_justify="left",
    )
    for col in ("body", "bloc", "share", "turnout"):
        t.add_column(col, justify="right" if col in ("share", "turnout") else "left")
    for d in deals:
        t.add_column(d["name"], justify="right", max_width=16)
    for n, bv in enumerate(bodies):
        for k, b in enumerate(bv["blocs"]):
            cells = []
            for d in deals:
                dv = next(x for x in d["bodies"] if x["id"] == bv["id"])
                db = dv["blocs"][k]
                mark = "[green]✓[/]" if db["prefers_deal"] else "[red]✗[/]"
                cells.append(f"{db['yes_share']:.0%} {mark}" if dv["applies"] else "[dim]—[/]")
            t.add_row(
                bv["name"] if k == 0 else "",
                b["id"] + (f" ({b['community']})" if b["community"] else ""),
                f"{b['share']:.0%}",
                f"{b['turnout']:.0%}",
                *cells,
                end_section=k == len(bv["blocs"]) - 1 and n < len(bodies) - 1,
            )
    out.print(t)


def _route_table(deals: list[dict[str, Any]]) -> None:
    """Each ratification route of each deal and its outcome (only when the scenario uses routes)."""
    rows = [(d, r) for d in deals for r in d.get("routes") or []]
    if not rows:
        return
    t = Table(title="Ratification routes (ratified if any open route passes)", title_justify="left")
    for col in ("deal", "route", "bodies", "outcome"):
        t.add_column(col)
    for d, r in rows:
        mark = "[green]✓ passed[/]" if r["passed"] else f"[red]✗[/] {escape(r['reason'])}"
        taken = " [bold](taken)[/]" if d.get("route") == r["id"] else ""
        t.add_row(d["name"], escape(r["name"]) + taken, ", ".join(r["bodies"]) or "—", mark)
    out.print(t)


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
    as_of: AsOfOpt = None,
) -> None:
    """Forecast the outcome, test every deal against each ratifier, and find the sticking point."""
    try:
        sc = services.scenario_at(scenario, as_of=as_of)
        res = services.analyze(sc, reference=reference).to_dict()
    except ScenarioError as e:
        fail(e)
    if as_json:
        print_json(res)
        return
    render_analysis(sc, res, scenario)


def render_analysis(sc: Any, res: dict[str, Any], scenario: str | None = None) -> None:
    when = res["scenario"].get("date")
    snap = res["scenario"].get("snapshot")
    out.rule(f"[bold]{escape(sc.title)}" + (f" — as of {when} ({escape(snap)})" if when else ""))
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
            _blocked_by(d) or "—",
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
                cells.append(f"{bv['yes_share']:.0%} vs {bv['threshold']:.0%} {mark}{_vote_note(bv)}")
        t.add_row(d["name"], *cells)
    if sc.bodies:
        out.print(t)
        _bloc_table(res["deals"])
        _route_table(res["deals"])

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
        top = next(p for p in sp["parties"] if p["issue"] == big)
        blo, bhi = sc.issue(big).scale.min, sc.issue(big).scale.max
        if top["kind"] == "deadlock" and top.get("red_line_clash"):
            why = (
                f"red lines clash: {' against '.join(top['red_line_clash'])}; no value meets both "
                f"({' vs '.join(top['binding'] or [])}, gap {fmt_on_scale(top['gap'], blo, bhi)})"
            )
        elif top["kind"] == "deadlock":
            why = (
                f"even with every other issue at each veto player's best attainable terms, their acceptable "
                f"ranges do not overlap: {' vs '.join(top['binding'] or [])}, gap {fmt_on_scale(top['gap'], blo, bhi)}"
            )
        else:
            who = ", ".join(
                f"{v} {x:g}" for v, x in sorted(top["concessions"].items(), key=lambda kv: -kv[1])
            )
            why = (
                f"with every other issue at each veto player's best attainable terms, all accept only "
                f"{_fmt_ranges(top['overlap'], blo, bhi)}; the salience-weighted concessions are largest here ({who})"
            )
        out.print(f"[bold]The one big issue:[/] {sc.issue(big).name} ({why}).")
    elif sp["reference_ratifiable"]:
        out.print("[bold]No sticking point:[/] every veto player accepts the reference package.")
    else:
        out.print(
            "[bold]No single sticking issue:[/] at their best attainable terms the veto players' ranges leave "
            "every one's best value acceptable to all, issue by issue; see the ranges above."
        )
    cd = sp.get("closest_deal")
    if cd and not cd["ratifiable"]:
        miss = "; ".join(
            f"{sc.issue(m['issue']).name} at {m['value']:g} "
            + (f"(move by {m['move']:g})" if m["kind"] == "fixable" else f"(deadlock, gap {m['gap']:g})")
            for m in cd["misses"]
        )
        out.print(
            f"[bold]Closest deal:[/] {cd['name']}, blocked by {_blocked_by(cd)}"
            + (f"; it misses on {miss}." if miss else "; no single issue fixes it.")
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


def _blocked_by(d: dict[str, Any]) -> str:
    """``RU: red line control ≥ 45, S``: each blocker, with the red lines that block where that is the reason."""
    why = d.get("blocking_red_lines", {})
    return ", ".join(f"{b}: {'; '.join(why[b])}" if why.get(b) else b for b in d["blockers"])


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
    if v.dates:
        out.print(f"timeline: {v.snapshots} snapshots, {v.dates[0]} to {v.dates[-1]} (each one checked)")
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

"""``winset winsets``: exact win-sets of the reversion point per body and issue, 2-D emptiness, and the ZOPA
(see :mod:`winset.analysis.winsets`)."""

from __future__ import annotations

from typing import Annotated

import typer

from winset import services
from winset.cli._app import AsOfOpt, app, fail, out, print_json
from winset.formatting import fmt_interval, fmt_on_scale, fmt_share
from winset.scenario import ScenarioError
from winset.scenario.loader import DEFAULT_SCENARIO


@app.command()
def winsets(
    scenario: Annotated[
        str, typer.Argument(help="Scenario file (YAML/JSON) or built-in name.")
    ] = DEFAULT_SCENARIO,
    reference: Annotated[
        str,
        typer.Option(
            help="Package the other issues are held at: 'reversion' (the "
            "classic win-set of the status quo) or a deal id."
        ),
    ] = "reversion",
    instrument: Annotated[
        str, typer.Option(help="Legal instrument assumed for body applicability.")
    ] = "treaty",
    samples: Annotated[int, typer.Option(help="Random packages tried in the ZOPA search.")] = 20_000,
    seed: Annotated[int, typer.Option(help="Seed of the ZOPA search.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    as_of: AsOfOpt = None,
) -> None:
    """Win-set of the reversion point for every ratification body and issue (exact), the 2-D emptiness test for
    each declared space (Tukey depth), and the zone of possible agreement across all veto players."""

    from rich.table import Table

    try:
        sc = services.scenario_at(scenario, as_of=as_of)
        res = services.winsets(
            sc, reference=reference, instrument=instrument, samples=samples, seed=seed
        ).to_dict()
    except ScenarioError as e:
        fail(e)
    if as_json:
        print_json(res)
        return
    out.rule(f"[bold]{sc.title}: win-sets")
    ref_txt = "the reversion point" if reference == "reversion" else f"deal '{reference}'"
    for b in sc.bodies:
        rule = b.rule + (f" {fmt_share(float(b.quota.value))}" if b.rule == "quota" and b.quota else "")
        t = Table(
            title=f"{b.name} ({rule}): win-set of the reversion point, one issue at a time (others at "
            f"{ref_txt}; exact)",
            title_justify="left",
        )
        t.add_column("issue")
        t.add_column("no deal", justify="right")
        t.add_column("passes the vote")
        t.add_column("lets through (incl. not needed)")
        for row in res["one_d"]:
            if row["body"] == b.id:
                s = sc.issue(row["issue"]).scale
                t.add_row(
                    row["issue"],
                    fmt_on_scale(row["reversion"], s.min, s.max),
                    row["text"],
                    row["text_through"],
                )
        out.print(t)
    if res["two_d"]:
        t = Table(
            title="2-D: is the body's win-set of the reversion point empty in the plane?",
            title_justify="left",
        )
        for col in ("space", "body", "verdict", "best share", "depth", "method"):
            t.add_column(col)
        for row in res["two_d"]:
            verdict = "[red]empty[/]" if row["empty"] else "[green]non-empty[/]"
            depth = "" if row["depth_share"] is None else f"{row['depth_share']:.3f}"
            t.add_row(
                row["space"],
                row["body"],
                verdict + ("" if row["exact"] else " (approx.)"),
                f"{row['best_share']:.3f}",
                depth,
                row["method"],
            )
        out.print(t)
    t = Table(
        title=f"ZOPA one issue at a time (others at {ref_txt}; exact, closures): values every veto player lets "
        "through",
        title_justify="left",
    )
    for col in ("issue", "all accept", "status", "binding pair / blocked by"):
        t.add_column(col)
    z = res["zopa"]
    for sl in z["slices"]:
        s = sc.issue(str(sl["issue"])).scale
        ov = " ∪ ".join(fmt_interval(a, b, s.min, s.max) for a, b in sl["overlap"]) or "none"  # type: ignore[attr-defined]
        who = ", ".join(sl["blocked_by"]) or (" vs ".join(sl["binding"]) if sl["binding"] else "")  # type: ignore[arg-type]
        t.add_row(str(sl["issue"]), ov, str(sl["kind"]).replace("_", " "), who)
    out.print(t)
    out.print(
        f"[bold]ZOPA[/] (all veto players: {', '.join(sc.veto_players)}): {z['verdict']}  [{z['method']}]"
    )
    if not z["nonempty"]:
        for r in z["reasons"]:
            out.print(f"  • {r}")

"""``winset delay``: cost of delay between two sides (Rubinstein 1982, war of attrition; see
:mod:`winset.analysis.delay`)."""

from __future__ import annotations

from typing import Annotated

import typer

from winset import services
from winset.cli._app import AsOfOpt, app, fail, out, print_json
from winset.scenario import ScenarioError
from winset.scenario.loader import DEFAULT_SCENARIO


@app.command()
def delay(
    scenario: Annotated[
        str, typer.Argument(help="Scenario file (YAML/JSON) or built-in name.")
    ] = DEFAULT_SCENARIO,
    side_a: Annotated[
        str,
        typer.Option(
            "--side-a",
            help="Actor ids of side 1, comma-separated (default: the actor with the largest capability).",
        ),
    ] = "",
    side_b: Annotated[
        str,
        typer.Option("--side-b", help="Actor ids of side 2, comma-separated (default: the next largest)."),
    ] = "",
    pie: Annotated[float, typer.Option(help="Utility at stake, in the units of delay_cost_per_week.")] = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")] = False,
    as_of: AsOfOpt = None,
) -> None:
    """Who gains from waiting (Rubinstein shares with discount factors and with fixed weekly costs), how long
    agreement may take (war of attrition), and what the wait costs (lives per week × weeks)."""
    try:
        sc = services.scenario_at(scenario, as_of=as_of)
        res = services.delay(sc, side_a, side_b, pie=pie).to_dict()
    except ScenarioError as e:
        fail(e)
    if as_json:
        print_json(res)
        return
    s1, s2 = res["sides"]
    at = res["attrition"]
    out.rule(f"[bold]{sc.title}: cost of delay")
    out.print(f"Sides ({res['note']}): [bold]{s1['name']}[/] vs [bold]{s2['name']}[/]")
    for s in (s1, s2):
        disc = s["discount_factor_per_week"]
        disc_text = "not given" if disc is None else f"{disc:.4g}/week"
        out.print(
            f"  {s['name']}: cost {_g(s['delay_cost_per_week'], '.4g')}/week, discount {disc_text}, "
            f"prize V = {_g(s['prize'], '.3f')}"
        )
    rd = res["rubinstein_discount"]
    if rd:
        x, y = rd["side1_proposes"]
        xr, yr = rd["side2_proposes"] or (float("nan"), float("nan"))
        out.print(
            f"Rubinstein, discount factors: {s1['name']} proposing first gets {x:.1%}, {s2['name']} {y:.1%}; "
            f"{s2['name']} proposing first: {s1['name']} {xr:.1%}, {s2['name']} {yr:.1%}."
        )
    else:
        out.print("Rubinstein, discount factors: not computed (discount_factor_per_week missing).")
    fs, fr = res["rubinstein_fixed_cost"]["side1_proposes"], res["rubinstein_fixed_cost"]["side2_proposes"]
    if fs["unique"]:
        out.print(
            f"Rubinstein, fixed weekly costs: {s1['name']} proposing first gets {fs['side1'][0]:.1%} "
            f"({fs['case']}); {s2['name']} proposing first gets {fr['side2'][0]:.1%} ({fr['case']})."
        )
    else:
        out.print(
            f"Rubinstein, fixed weekly costs: equal costs, any share for the proposer between "
            f"{fs['side1'][0]:.1%} and 100% is an equilibrium."
        )
    out.print("Both Rubinstein models: agreement at once (complete information), so no expected delay.")
    weeks = at["expected_weeks"]
    if weeks is None:
        out.print(
            "War of attrition: no weekly costs (delay_cost_per_week) given, so nothing pushes either side "
            "to concede: no finite estimate of the delay."
        )
        return
    out.print(
        "War of attrition (delay when neither side knows when the other gives in): agreement after "
        f"{weeks:.1f} weeks on average (median {at['median_weeks']:.1f}, 90% within {at['p90_weeks']:.1f}); "
        f"{s1['name']} concedes first with probability {at['p_side1_concedes']:.0%}."
    )
    out.print(
        "Expected utility each side burns while waiting: "
        + ", ".join(f"{s['name']} {_g(s['delay_cost_per_week'], '', weeks)}" for s in (s1, s2))
        + " (0-1 scale)."
    )
    lives = res["expected_lives_lost"]
    if lives is not None:
        out.print(
            f"Expected human cost of that wait: {res['lives_per_week']:,.0f} lives/week × "
            f"{weeks:.1f} weeks ≈ {float(f'{lives:.3g}'):,.0f} lives "
            "(three significant figures)."
        )
    out.print(
        "[dim]The delay follows from the weekly costs and stakes judged in the scenario (a stationary war "
        "of attrition): read it as an order of magnitude; it moves with each actor's delay_cost_per_week.[/]"
    )


def _g(x: float | None, fmt: str, times: float = 1.0) -> str:
    """A number as the table prints it; ``None`` (not finite in the JSON) as ``nan``; ``fmt=''`` with
    ``times``: the product to three decimals."""
    if x is None:
        return "nan"
    return f"{x * times:.3f}" if not fmt else f"{x:{fmt}}"

"""``winset delay``: cost of delay between two sides (Rubinstein 1982, war of attrition; see
:mod:`winset.delay`)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    from ..cli import DEFAULT_SCENARIO, fail, out, print_json

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
            typer.Option(
                "--side-b", help="Actor ids of side 2, comma-separated (default: the next largest)."
            ),
        ] = "",
        pie: Annotated[
            float, typer.Option(help="Utility at stake, in the units of delay_cost_per_week.")
        ] = 1.0,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print one JSON object instead of text.")
        ] = False,
    ) -> None:
        """Who gains from waiting (Rubinstein shares with discount factors and with fixed weekly costs), how long
        agreement may take (war of attrition), and what the wait costs (lives per week × weeks)."""
        from ..delay import analyse_delay
        from ..scenario import ScenarioError, compile_scenario, load

        a = [s.strip() for s in side_a.split(",") if s.strip()]
        b = [s.strip() for s in side_b.split(",") if s.strip()]
        try:
            sc = load(scenario)
            if not pie > 0:
                raise ScenarioError.single(f"must be positive, got {pie}", file="winset delay", field="--pie")
            for opt, ids in (("--side-a", a), ("--side-b", b)):
                bad = [x for x in ids if x not in sc.actor_ids]
                if bad:
                    raise ScenarioError.single(
                        f"unknown actor(s) {', '.join(bad)}; actors: {', '.join(sc.actor_ids)}",
                        file="winset delay",
                        field=opt,
                    )
            if set(a) & set(b):
                raise ScenarioError.single(
                    f"on both sides: {', '.join(sorted(set(a) & set(b)))}",
                    file="winset delay",
                    field="--side-b",
                )
            c = compile_scenario(sc)
            d = analyse_delay(sc, c, a or None, b or None, pie=pie)
        except ScenarioError as e:
            fail(e)
            return
        res = d.as_dict(sc.id, c.issue_ids)
        s1, s2 = d.side1, d.side2
        at = d.attrition
        if as_json:
            print_json(res)
            return
        out.rule(f"[bold]{sc.title}: cost of delay")
        out.print(f"Sides ({d.note}): [bold]{s1.name}[/] vs [bold]{s2.name}[/]")
        for s in (s1, s2):
            disc = "not given" if s.discount != s.discount else f"{s.discount:.4g}/week"
            out.print(f"  {s.name}: cost {s.delay_cost:.4g}/week, discount {disc}, prize V = {s.prize:.3f}")
        if d.discount_split:
            x, y = d.discount_split
            xr, yr = d.discount_split_responder or (float("nan"), float("nan"))
            out.print(
                f"Rubinstein, discount factors: {s1.name} proposing first gets {x:.1%}, {s2.name} {y:.1%}; "
                f"{s2.name} proposing first: {s1.name} {xr:.1%}, {s2.name} {yr:.1%}."
            )
        else:
            out.print("Rubinstein, discount factors: not computed (discount_factor_per_week missing).")
        fs, fr = d.fixed_split, d.fixed_split_responder
        if fs.unique:
            out.print(
                f"Rubinstein, fixed weekly costs: {s1.name} proposing first gets {fs.share1_low:.1%} "
                f"({fs.case}); {s2.name} proposing first gets {fr.share1_low:.1%} ({fr.case})."
            )
        else:
            out.print(
                f"Rubinstein, fixed weekly costs: equal costs, any share for the proposer between "
                f"{fs.share1_low:.1%} and 100% is an equilibrium."
            )
        out.print("Both Rubinstein models: agreement at once (complete information), so no expected delay.")
        if not float(at.expected_weeks) < float("inf"):
            out.print(
                "War of attrition: no weekly costs (delay_cost_per_week) given, so nothing pushes either side "
                "to concede: no finite estimate of the delay."
            )
            return
        out.print(
            f"War of attrition (delay when neither side knows when the other gives in): agreement after {at.expected_weeks:.1f} weeks on average "
            f"(median {at.median_weeks:.1f}, 90% within {at.p90_weeks:.1f}); {s1.name} concedes first with "
            f"probability {at.p_side1_concedes:.0%}."
        )
        out.print(
            "Expected utility each side burns while waiting: "
            + ", ".join(f"{s.name} {s.delay_cost * float(at.expected_weeks):.3f}" for s in (s1, s2))
            + " (0-1 scale)."
        )
        if d.expected_lives is not None:
            out.print(
                f"Expected human cost of that wait: {d.lives_per_week:,.0f} lives/week × "
                f"{at.expected_weeks:.1f} weeks ≈ {float(f'{d.expected_lives:.3g}'):,.0f} lives "
                "(three significant figures)."
            )
        out.print(
            "[dim]The delay follows from the weekly costs and stakes judged in the scenario (a stationary war "
            "of attrition): read it as an order of magnitude; it moves with each actor's delay_cost_per_week.[/]"
        )

"""``winset pareto``: Pareto frontier, Nash and Kalai–Smorodinsky points of a GENIUS negotiation domain."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    from ..cli import fail, out, print_json

    @app.command()
    def pareto(
        domain: Annotated[
            Path,
            typer.Argument(
                help="A GENIUS scenario folder (domain XML + utility-space XMLs) "
                "or a domain XML file given with --profile."
            ),
        ],
        profile: Annotated[
            list[Path] | None,
            typer.Option(
                "--profile",
                "-p",
                help="A utility-space XML (repeatable); default: every profile in the folder.",
            ),
        ] = None,
        top: Annotated[int, typer.Option(help="Frontier outcomes listed (by total utility).")] = 10,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print one JSON object instead of tables.")
        ] = False,
    ) -> None:
        """Pareto frontier (exact), Nash and Kalai–Smorodinsky outcomes of a GENIUS domain, as GENIUS and NegMAS
        compute them (additive utilities normalised per issue, reservation values as disagreement point)."""
        from rich.table import Table

        from ..io.genius import load_genius
        from ..pareto import MAX_OUTCOMES, domain_summary
        from ..scenario import ScenarioError

        try:
            if not domain.exists():
                raise ScenarioError.single("no such folder or file", file=str(domain))
            g = load_genius(domain, list[str | Path](profile) if profile else None)
            if len(g.profiles) < 2:
                raise ScenarioError.single(
                    f"needs at least two utility spaces, found {len(g.profiles)}",
                    file=str(domain),
                    field="profile",
                )
            if g.n_outcomes > MAX_OUTCOMES:
                raise ScenarioError.single(
                    f"{g.n_outcomes:,} outcomes: more than the {MAX_OUTCOMES:,} enumerated here",
                    file=str(domain),
                )
            if top < 0:
                raise ScenarioError.single(
                    f"must be non-negative, got {top}", file="winset pareto", field="--top"
                )
        except ScenarioError as e:
            fail(e)
            return
        u = g.utilities()
        s = domain_summary(u, g.reservation)
        names = [p.name for p in g.profiles]

        def row(i: int | None) -> dict[str, Any] | None:
            if i is None:
                return None
            return {
                "outcome": g.describe(g.outcome(i)),
                "utility": {n: round(float(x), 6) for n, x in zip(names, u[i], strict=True)},
            }

        res = {
            "domain": g.name,
            "parties": names,
            "issues": [i.name for i in g.issues],
            "n_outcomes": s["n_outcomes"],
            "rational": s["rational"],
            "disagreement": dict(zip(names, map(float, s["disagreement"]), strict=True)),
            "frontier_size": int(len(s["frontier"])),
            "frontier": [row(int(i)) for i in s["frontier"][:top]],
            "nash": row(s["nash"]),
            "kalai_smorodinsky": row(s["kalai_smorodinsky"]),
            "max_welfare": row(s["max_welfare"]),
        }
        if as_json:
            print_json(res)
            return
        out.rule(
            f"[bold]{g.name}: {len(names)} parties, {len(g.issues)} issues, {s['n_outcomes']:,} outcomes"
        )
        out.print(
            f"{s['rational']:,} individually rational outcomes; Pareto frontier: {len(s['frontier']):,} "
            "outcomes (exact)"
        )
        t = Table(
            title="Bargaining solutions and the best frontier outcomes by total utility", title_justify="left"
        )
        t.add_column("point")
        for n in names:
            t.add_column(n, justify="right")
        t.add_column("outcome")
        picks = [("Nash", res["nash"]), ("Kalai–Smorodinsky", res["kalai_smorodinsky"])]
        picks += [(f"frontier #{k + 1}", r) for k, r in enumerate(res["frontier"])]
        for label, r in picks:
            if r is None:
                t.add_row(label, *["—"] * len(names), "no individually rational outcome")
                continue
            t.add_row(
                label,
                *[f"{r['utility'][n]:.4f}" for n in names],
                ", ".join(f"{k}={v}" for k, v in r["outcome"].items()),
            )
        out.print(t)

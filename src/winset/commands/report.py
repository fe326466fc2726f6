"""``winset report``: a self-contained HTML report of a scenario (see :mod:`winset.report`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    from ..cli import DEFAULT_SCENARIO, err, fail, out

    @app.command()
    def report(
        scenario: Annotated[
            str, typer.Argument(help="Scenario file (YAML/JSON) or built-in name.")
        ] = DEFAULT_SCENARIO,
        output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path(
            "report.html"
        ),
        draws: Annotated[
            int,
            typer.Option(
                "--draws", "-n", help="Monte Carlo draws for the uncertainty section (0 leaves it out)."
            ),
        ] = 2000,
        seed: Annotated[
            int, typer.Option("--seed", "-s", help="Random seed of the uncertainty section.")
        ] = 0,
    ) -> None:
        """Write a self-contained HTML report: positions, forecast, deals, ratification, win-set, uncertainty."""
        from ..report import write_report
        from ..scenario import ScenarioError, load
        from ..uncertainty import MAX_DRAWS

        try:
            sc = load(scenario)
            if not 0 <= draws <= MAX_DRAWS:
                raise ScenarioError.single(
                    f"must be between 0 and {MAX_DRAWS:,}, got {draws}", file="winset report", field="--draws"
                )
            if seed < 0:
                raise ScenarioError.single(
                    f"must be a non-negative integer, got {seed}", file="winset report", field="--seed"
                )
            if output.is_dir():
                raise ScenarioError.single(
                    "is a directory; give a file name such as report.html", file=str(output), field="--output"
                )
        except ScenarioError as e:
            fail(e)
            return
        try:
            path = write_report(sc, output, draws=draws, seed=seed)
        except OSError as e:
            err.print(f"[bold red]error[/] {output}: cannot write the report ({e.strerror})")
            raise typer.Exit(code=2) from None
        out.print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")

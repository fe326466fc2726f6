"""``winset senate-history``: how well DW-NOMINATE ideal points predict US Senate treaty votes at two thirds
(see :mod:`winset.studies.senate_history`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..io.voteview import SENATE_W2


def _default_data() -> Path | None:
    for base in (Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parents[3]):
        for cand in (base / "shared" / "reference-data", base.parent / "shared" / "reference-data"):
            if (cand / "voteview-senate-treaties").is_dir():
                return cand / "voteview-senate-treaties"
    return None


def register(app: typer.Typer) -> None:
    from ..cli import fail, out, print_json

    @app.command("senate-history")
    def senate_history(
        data: Annotated[
            Path | None,
            typer.Option(
                help="Folder voteview-senate-treaties (Voteview extract); "
                "default: found under shared/reference-data."
            ),
        ] = None,
        w2: Annotated[
            float, typer.Option(help="Second-dimension weight of DW-NOMINATE distances.")
        ] = SENATE_W2,
        as_json: Annotated[
            bool, typer.Option("--json", help="Print one JSON object instead of tables.")
        ] = False,
    ) -> None:
        """Predict every Senate treaty-ratification roll call's pass/fail at two thirds from ideal points."""
        from rich.table import Table

        from ..io.voteview import ExtractError, load_treaties
        from ..scenario import ScenarioError
        from ..studies.senate_history import predict_treaties, predict_treaties_loo

        try:
            folder = data or _default_data()
            if folder is None or not folder.is_dir():
                raise ScenarioError.single(
                    "Voteview extract not found; give --data .../voteview-senate-treaties",
                    file=str(folder or "shared/reference-data"),
                    field="--data",
                )
            if not 0 <= w2 <= 2:
                raise ScenarioError.single(
                    f"must be between 0 and 2, got {w2}", file="winset senate-history", field="--w2"
                )
            try:
                d = load_treaties(folder)
            except ExtractError as e:
                raise ScenarioError.single(
                    f"cannot read the Voteview extract: {e.message}",
                    file=str(Path(folder) / e.file),
                    line=e.line,
                    field=e.column,
                ) from None
            except (OSError, KeyError, ValueError) as e:
                raise ScenarioError.single(
                    f"cannot read the Voteview extract: {e}", file=str(folder)
                ) from None
        except ScenarioError as e:
            fail(e)
            return
        p = predict_treaties(d, w2)
        loo = predict_treaties_loo(d)
        n = len(d.congress)
        rows: list[dict[str, Any]] = []
        for i in range(n):
            if p.scaled[i] or not p.actual_pass[i]:
                rows.append(
                    {
                        "congress": int(d.congress[i]),
                        "rollnumber": int(d.rollnumber[i]),
                        "date": d.date[i],
                        "actual": [int(d.yea_count[i]), int(d.nay_count[i])],
                        "predicted": [int(p.pred_yea[i]), int(p.pred_nay[i])],
                        "actual_pass": bool(p.actual_pass[i]),
                        "predicted_pass": bool(p.pred_pass[i]),
                        "vote_hit_rate": p.vote_hit_rate_of(i),
                        "description": d.description[i][:60],
                    }
                )
        summary = {
            "roll_calls": n,
            "scaled": int(p.scaled.sum()),
            "hit_rate": p.hit_rate,
            "hits": p.hits,
            "baseline_always_pass": p.baseline_hit_rate,
            "baseline_hits": p.baseline_hits,
            "beats_baseline": p.hits > p.baseline_hits,
            "scaled_hits": p.scaled_hits,
            "scaled_baseline_hits": p.scaled_baseline_hits,
            "failures": int(len(p.failures)),
            "failures_caught": p.failures_caught,
            "vote_hit_rate": p.vote_hit_rate,
            "votes_scored": int(p.vote_used.sum()),
            "w2": w2,
            "in_sample": True,
            "out_of_sample": {
                "method": "leave-one-out cutting point on DW-NOMINATE dim 1, fitted on the "
                "other treaty roll calls' votes",
                "hits": loo.hits,
                "hit_rate": loo.hits / n,
                "baseline_hits": loo.baseline_hits,
                "beats_baseline": loo.hits > loo.baseline_hits,
                "failures_caught": loo.failures_caught,
            },
        }
        if as_json:
            print_json({"summary": summary, "contested": rows})
            return
        t = Table(
            title="US Senate treaty votes: DW-NOMINATE prediction at two thirds (scaled roll calls and failures)",
            title_justify="left",
        )
        for col in ("congress/roll", "date", "actual", "predicted", "result", "votes right", "treaty"):
            t.add_column(col)
        for r in rows:
            ok = r["actual_pass"] == r["predicted_pass"]
            res = ("pass" if r["actual_pass"] else "FAIL") + (" [green]✓[/]" if ok else " [red]✗[/]")
            vh = r["vote_hit_rate"]
            t.add_row(
                f"{r['congress']}/{r['rollnumber']}",
                r["date"],
                "{}–{}".format(*r["actual"]),
                "{}–{}".format(*r["predicted"]),
                res,
                "" if vh != vh else f"{vh:.0%}",
                r["description"],
            )
        out.print(t)
        out.print(
            f"In-sample (Voteview's cutting lines, fitted to these very votes): roll calls right {p.hits}/{n} "
            f"({p.hit_rate:.1%}) against the always-'pass' baseline {p.baseline_hits}/{n} "
            f"({p.baseline_hit_rate:.1%}); on the {summary['scaled']} roll calls with a cutting line "
            f"{p.scaled_hits}/{summary['scaled']} against {p.scaled_baseline_hits}/{summary['scaled']}. "
            f"Failures caught: {p.failures_caught}/{len(p.failures)}. Individual votes right on the scaled roll "
            f"calls: {p.vote_hit_rate:.1%} ({summary['votes_scored']} votes)."
        )
        out.print(
            f"Out-of-sample (leave-one-out dim-1 cutting point from the other treaty votes): {loo.hits}/{n} "
            f"against the baseline {loo.baseline_hits}/{n}; failures caught {loo.failures_caught}/"
            f"{len(p.failures)}. "
            + ("Beats" if loo.hits > loo.baseline_hits else "Does not beat")
            + " the always-'pass' baseline."
        )

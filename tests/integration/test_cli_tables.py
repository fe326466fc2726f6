"""Every command's tables stay readable at 80 and 132 columns (issue 15, defect 7).

At 80 columns the deals table showed utilities as ``0.…`` and cut "blocked by"; at 132 a seven-actor scenario lost
its right-hand columns.  Each table the CLI prints is recorded before it is laid out, and every word of every cell
and heading (or every short cell whole, such as ``0.775 ✓``) must appear in the output, no line may be wider than
the terminal, and no ellipsis may stand in for cut text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

import winset.cli._app as cli_app
from helpers import actor, scenario, write_genius
from winset.cli import app
from winset.io.voteview import SENATE_W2

ACTORS = ["USA", "RUS", "UKR", "EUR", "CHN", "TUR", "GBR"]
ISSUES = ["control", "status", "guarantees"]


def _seven_actors() -> dict:
    """Seven actors, a body with long member names, four deals with long names."""
    pos = [0, 100, 20, 35, 60, 50, 30]
    actors = [
        actor(a, {i: float((pos[n] + 13 * k) % 101) for k, i in enumerate(ISSUES)}, delay_cost_per_week=0.01)
        for n, a in enumerate(ACTORS)
    ]
    sc = scenario(
        ISSUES,
        actors,
        {i: 50.0 for i in ISSUES},
        bodies=[
            {
                "id": "parliament_of_the_union",
                "name": "Parliament of the Union (three-fifths of the members present and voting)",
                "rule": "quota",
                "quota": 0.6,
                "members": [
                    {
                        "id": f"bloc_{k}",
                        "weight": 1 + k,
                        "ideal": {"control": 10.0 * k, "status": 80 - 7.0 * k},
                    }
                    for k in range(5)
                ],
            }
        ],
        deals=[
            {
                "id": f"d{k}",
                "name": f"Package {k}: a long descriptive name for the agreement",
                "terms": {i: float((17 * k + 29 * j) % 100) for j, i in enumerate(ISSUES)},
            }
            for k in range(4)
        ],
        veto=["USA", "RUS", "UKR", "parliament_of_the_union"],
        cost_of_delay={"horizon_weeks": 10, "lives_per_week": 100, "sides": [["USA", "UKR"], ["RUS"]]},
    )
    return sc.model_dump(mode="json", exclude_none=True)


def _units(cell: object) -> Iterator[str]:
    plain = (
        cell.plain
        if isinstance(cell, Text)
        else Text.from_markup(cell).plain
        if isinstance(cell, str)
        else ""
    )
    for line in plain.splitlines():
        yield from ([line] if len(line) <= 10 else line.split())


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("tables")
    sc = d / "seven.json"
    sc.write_text(json.dumps(_seven_actors()), encoding="utf-8")
    return {"sc": str(sc), "genius": str(write_genius(d))}


def _commands(files: dict[str, str], reference_data) -> dict[str, list[str]]:
    sc = files["sc"]
    return {
        "analyze": ["analyze", sc],
        "forecast": ["forecast", sc, "--model", "all"],
        "winsets": ["winsets", sc, "--samples", "1000"],
        "search": ["search", sc, "--samples", "512"],
        "repair": ["repair", sc, "d0", "--samples", "512"],
        "delay": ["delay", sc],
        "sweep": ["sweep", sc, "--draws", "200"],
        "evaluate": ["evaluate", "tests/data/deu-sample.csv"],
        "pareto": ["pareto", files["genius"]],
        "senate-history": [
            "senate-history",
            "--data",
            str(reference_data / "voteview-senate-treaties"),
            "--w2",
            str(SENATE_W2),
        ],
    }


NAMES = [
    "analyze",
    "forecast",
    "winsets",
    "search",
    "repair",
    "delay",
    "sweep",
    "evaluate",
    "pareto",
    "senate-history",
]


@pytest.mark.slow
@pytest.mark.parametrize("width", [80, 132])
@pytest.mark.parametrize("name", NAMES)
def test_every_cell_shows_in_full(name, width, files, reference_data, monkeypatch):
    seen: list[list[str]] = []
    fit = cli_app.fit

    def recording_fit(t: Table, console):
        units = [u for col in t.columns for cell in (col.header, *col._cells) for u in _units(cell)]
        seen.append(units)
        return fit(t, console)

    monkeypatch.setattr(cli_app, "fit", recording_fit)
    old = cli_app.out._width
    try:  # the output console reads $COLUMNS at each print
        r = CliRunner().invoke(app, _commands(files, reference_data)[name], env={"COLUMNS": str(width)})
    finally:
        cli_app.out._width = old
    assert r.exit_code in (0, 1), r.output  # search/repair exit 1 when nothing is ratifiable
    assert seen or name == "delay", f"{name} printed no table"  # delay prints text only
    lines = r.stdout.splitlines()
    assert max(len(line) for line in lines) <= width, "\n".join(x for x in lines if len(x) > width)
    missing = [u for units in seen for u in units if u not in r.stdout]
    assert not missing, (missing[:10], r.stdout)
    assert "…" not in r.stdout.replace("…", "", sum(u.count("…") for units in seen for u in units))

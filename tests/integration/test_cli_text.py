"""The words the CLI, the report and the docs show (issue 15, defect 11)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import actor, scenario
from winset import services
from winset.analysis.default import analyze
from winset.cli import app
from winset.formatting import plural, shorten
from winset.htmlreport.summary import summarize
from winset.io.voteview import SENATE_W2
from winset.models.registry import LABELS

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands)  # type: ignore[union-attr]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_type_for_a_flag(command):
    r = runner.invoke(app, [command, "--help"], env={"COLUMNS": "100"})
    assert r.exit_code == 0, r.output
    assert "--help" in r.output and "<bool>" not in r.output


def test_model_columns_use_the_registry_labels():
    r = runner.invoke(app, ["forecast", "panama-canal-1978", "--model", "all"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    header = next(line for line in r.output.splitlines() if "issue" in line and "┃" in line)
    cols = [c.strip() for c in header.strip("┃").split("┃")]
    shown = [c for c in cols if c in LABELS.values()]
    # every model column is named by its registry label, in the registry's order, and never by its raw name
    assert shown == [v for v in LABELS.values() if v in shown]
    assert {LABELS["compromise"], LABELS["weighted_median"], LABELS["bdm"], LABELS["smp"]} <= set(shown)
    assert not {n for n, v in LABELS.items() if n != v} & set(cols)
    assert f"{LABELS['bdm']} rounds" in cols
    r = runner.invoke(app, ["analyze", "panama-canal-1978"], env={"COLUMNS": "200"})
    header = next(line for line in r.output.splitlines() if line.startswith("┃") and "reversion" in line)
    cols = [c.strip() for c in header.strip("┃").split("┃")]
    assert {LABELS["compromise"], LABELS["weighted_median"], LABELS["bdm"]} <= set(cols)


def test_a_status_code_is_shown_in_words():
    for cmd in (["winsets", "anchorage-2025", "--samples", "2000"], ["analyze", "anchorage-2025"]):
        r = runner.invoke(app, cmd, env={"COLUMNS": "200"})
        assert r.exit_code == 0, r.output
        assert "blocked_elsewhere" not in r.output and "blocked elsewhere" in r.output


def test_plurals_and_shortening():
    assert [plural(n, "deal") for n in (0, 1, 2)] == ["0 deals", "1 deal", "2 deals"]
    text = "A RESOLUTION OF RATIFICATION OF THE PANAMA CANAL NEUTRALITY TREATY"
    short = shorten(text, 30)
    assert len(short) <= 30 and short.endswith("…")
    assert text.startswith(short[:-1]) and text[len(short) - 1] == " "  # cut between words
    assert shorten("short", 30) == "short"


def _one_deal(ratifiable: bool):
    return scenario(
        ["x"],
        [actor("A", {"x": 60}), actor("B", {"x": 60 if ratifiable else 0})],
        {"x": 20},
        deals=[{"id": "d", "name": "The deal", "terms": {"x": 60}}],
    )


def test_one_deal_is_not_called_the_1_deals():
    no = " ".join(summarize(_one_deal(False), analyze(_one_deal(False))))
    yes = " ".join(summarize(_one_deal(True), analyze(_one_deal(True))))
    assert "1 deals" not in no + yes
    assert "The one deal on the table would not be ratified at home as it stands." in no
    assert "The one deal on the table, “The deal”, would be ratified at home as it stands." in yes


def test_senate_history_names_are_whole_words(reference_data):
    folder = reference_data / "voteview-senate-treaties"
    res = services.senate_history(folder, SENATE_W2).to_dict()
    r = runner.invoke(app, ["senate-history", "--data", str(folder)], env={"COLUMNS": "132"})
    assert r.exit_code == 0, r.output
    for row in res["contested"]:
        desc = " ".join(row["description"].split())
        assert len(desc) > 0
        # the JSON keeps the whole description; the table shows it whole or cut between words with an ellipsis
        shown = shorten(desc, 60)
        prefix = shown[:-1]
        assert shown == desc or (
            shown.endswith("…") and desc.startswith(prefix) and desc[len(prefix)] in " ,;:-"
        )
    assert any(len(row["description"]) > 60 for row in res["contested"])


def test_docs_search_names_the_instrument_the_cli_finds():
    text = (ROOT / "docs" / "search.md").read_text(encoding="utf-8")
    m = re.search(r"the best is an? ([a-z ]+?) that", text)
    assert m, "docs/search.md: 'the best is a/an <instrument> that ...'"
    res = services.search("anchorage-2025").to_dict()
    assert m.group(1) == res["instrument"].replace("_", " ")


def test_readme_evaluate_example_names_a_file_that_exists_and_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [line] = [ln for ln in readme.splitlines() if ln.startswith("winset evaluate ")]
    args = shlex.split(line.split("#")[0])[1:]
    assert (ROOT / args[1]).is_file(), args[1]
    r = runner.invoke(app, [args[0], str(ROOT / args[1]), *args[2:]], env={"COLUMNS": "132"})
    assert r.exit_code == 0, r.output
    assert "mean and median absolute error" in " ".join(r.output.lower().split())  # the caption may wrap

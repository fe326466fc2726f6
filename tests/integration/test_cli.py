"""CLI: analyze (tables and --json), validate, schema, scenarios."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from winset.cli import app

runner = CliRunner()


def test_analyze_default_is_the_ukraine_timeline_as_of_its_latest_snapshot():
    res = runner.invoke(app, ["analyze"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "Ending the war in Ukraine" in res.output and "as of 2026-04-10" in res.output
    # the sticking point names the two red lines that clash on territory
    assert "red lines clash: RU: control ≥ 73 against UA: control ≤ 55" in res.output


def test_analyze_anchorage_tables():
    res = runner.invoke(app, ["analyze", "anchorage-2025"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    out = res.output
    assert "Anchorage summit 2025" in out
    for heading in ("Forecast", "Deals", "Ratification at home", "Sticking points", "The one big issue"):
        assert heading in out
    assert "US Senate" in out and "All-Ukrainian" in out
    # Russia's constitutional bar is its red line, named where it blocks
    assert "RU: red line" in out and "control ≥ 45" in out  # the table may wrap the cell


def test_analyze_json_top_level_keys_and_types():
    res = runner.invoke(app, ["analyze", "anchorage-2025", "--json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert {"forecast", "deals", "sticking_points"} <= set(data)
    assert set(data["forecast"]) == {"compromise", "weighted_median", "bdm"}
    deal_ids = [d["id"] for d in data["deals"]]
    assert deal_ids == ["lease", "neutral_zone", "conditional_recognition", "land_for_peace", "minerals_deal"]
    for d in data["deals"]:
        assert set(d["utility"]) == {"US", "RU", "UA", "EU"}
        assert isinstance(d["ratifiable"], bool)
        for b in d["bodies"]:
            assert 0 <= b["yes_share"] <= 1
            assert (
                b["margin"] == round(b["yes_share"] - b["threshold"], 4)
                or abs(b["margin"] - (b["yes_share"] - b["threshold"])) < 1e-3
            )
    sp = data["sticking_points"]
    assert sp["issues"] and sp["one_big_issue"] in {i["issue"] for i in sp["issues"]}


def test_analyze_reference_options():
    for ref in ("compromise", "weighted_median", "lease"):
        res = runner.invoke(app, ["analyze", "anchorage-2025", "--json", "--reference", ref])
        assert res.exit_code == 0
        assert json.loads(res.stdout)["sticking_points"]["reference"] == ref


def test_validate_and_scenarios():
    res = runner.invoke(app, ["validate", "panama-canal-1978"])
    # counts are the base snapshot's (the signing: the DeConcini deal came to the table in March 1978)
    assert res.exit_code == 0 and "2 actors, 3 issues, 2 ratification bodies, 2 deals" in res.output
    assert "timeline: 4 snapshots, 1977-09-07 to 1978-04-18" in res.output
    res = runner.invoke(app, ["scenarios"])
    assert "anchorage-2025" in res.output and "panama-canal-1978" in res.output


def test_schema_is_json_schema_of_the_format(tmp_path):
    res = runner.invoke(app, ["schema"])
    assert res.exit_code == 0
    schema = json.loads(res.stdout)
    assert schema["title"] == "winset scenario"
    assert {"issues", "actors", "reversion", "bodies", "deals", "veto_players"} <= set(schema["properties"])
    assert "Quantity" in schema["$defs"] and "Body" in schema["$defs"]
    out = tmp_path / "s.json"
    assert runner.invoke(app, ["schema", "-o", str(out)]).exit_code == 0
    assert json.loads(out.read_text()) == schema


def test_schema_accepts_every_shipped_scenario_and_rejects_a_bad_one():
    """An editor using the exported JSON Schema agrees with winset: bare numbers, fractions ('2/3') and
    {value, source} quantities are all valid; a misspelt field is not."""
    import jsonschema
    import yaml

    from winset.scenario import builtin_scenarios
    from winset.scenario.loader import BUILTIN_DIR

    schema = json.loads(runner.invoke(app, ["schema"]).stdout)
    check = jsonschema.Draft202012Validator(schema)
    for name in builtin_scenarios():
        data = yaml.safe_load((BUILTIN_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        assert [e.message for e in check.iter_errors(data)] == [], name
    bad = yaml.safe_load((BUILTIN_DIR / "panama-canal-1978.yaml").read_text(encoding="utf-8"))
    bad["actors"][0]["capabilty"] = 0.5
    assert any("capabilty" in e.message for e in check.iter_errors(bad))


def test_json_input_scenario(tmp_path):
    import yaml

    from winset.scenario.loader import BUILTIN_DIR

    data = yaml.safe_load((BUILTIN_DIR / "panama-canal-1978.yaml").read_text())
    f = tmp_path / "panama.json"
    f.write_text(json.dumps(data))
    a = json.loads(runner.invoke(app, ["analyze", str(f), "--json"]).stdout)
    b = json.loads(runner.invoke(app, ["analyze", "panama-canal-1978", "--json"]).stdout)
    assert a == b


def test_analyze_reports_pareto_dominance_and_yes_weights(tmp_path):
    """Hand-worked: A at 100 and B at 80 (linear utility, span 100); deal 'near' (x = 90) gives A 0.9 and B 0.9,
    deal 'far' (x = 60) gives A 0.6 and B 0.8: 'near' dominates 'far'.  The body's members weigh 30 (ideal 100)
    and 70 (ideal 0) against no deal at 0: only the first prefers either deal, so the yes weight is 30 of 100."""
    import yaml

    from helpers import actor, scenario

    sc = scenario(
        ["x"],
        [actor("A", {"x": 100}), actor("B", {"x": 80})],
        {"x": 0},
        bodies=[
            {
                "id": "P",
                "name": "P",
                "rule": "quota",
                "quota": "2/3",
                "members": [
                    {"id": "m1", "weight": 30, "ideal": {"x": 100}},
                    {"id": "m2", "weight": 70, "ideal": {"x": 0}},
                ],
            }
        ],
        deals=[
            {"id": "near", "name": "Near", "terms": {"x": 90}},
            {"id": "far", "name": "Far", "terms": {"x": 60}},
        ],
    )
    f = tmp_path / "p.yaml"
    f.write_text(yaml.safe_dump(sc.model_dump(mode="json", exclude_none=True)), encoding="utf-8")
    data = json.loads(runner.invoke(app, ["analyze", str(f), "--json"]).stdout)
    by = {d["id"]: d for d in data["deals"]}
    assert by["far"]["pareto_dominated_by"] == ["near"] and by["near"]["pareto_dominated_by"] == []
    assert (by["near"]["bodies"][0]["yes_weight"], by["near"]["bodies"][0]["total_weight"]) == (30, 100)
    text = runner.invoke(app, ["analyze", str(f)], env={"COLUMNS": "160"}).output
    assert "under “Near” than under “Far”" in text
    assert "(quota 2/3)" in text


def test_schema_to_a_missing_folder_exits_2_naming_the_file(tmp_path):
    target = tmp_path / "no-such-folder" / "x.json"
    res = runner.invoke(app, ["schema", "-o", str(target)])
    assert res.exit_code == 2, res.output
    assert f"{target} [--output]: cannot write the schema" in res.output.replace("\n", "")
    assert "Traceback" not in res.output and not target.exists()


@pytest.mark.slow
def test_timeline_defaults_to_the_ukraine_timeline_and_names_the_red_line_clash():
    res = runner.invoke(app, ["timeline", "-n", "0", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["scenario"]["id"] == "ukraine-2025"
    assert data["snapshots"][0]["date"] == "2025-08-15" and data["snapshots"][-1]["date"] == "2026-04-10"
    last = data["snapshots"][-1]
    top = next(p for p in last["sticking_points"]["parties"] if p["issue"] == "control")
    assert top["red_line_clash"] == ["RU: control ≥ 73", "UA: control ≤ 55"]
    assert not last["zopa"]["nonempty"] and last["zopa"]["exact"]  # proved empty by the clash

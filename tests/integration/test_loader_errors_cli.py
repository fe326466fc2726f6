"""Bad input through the CLI and the console script: exit code 2, the error named, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import line_of
from winset.cli import app
from winset.scenario.loader import BUILTIN_DIR

ANCHORAGE = (BUILTIN_DIR / "anchorage-2025.yaml").read_text(encoding="utf-8")


runner = CliRunner()


def _mutate(old: str, new: str) -> str:
    assert ANCHORAGE.count(old) == 1, old
    return ANCHORAGE.replace(old, new)


@pytest.mark.parametrize("command", ["validate", "analyze"])
def test_cli_exit_code_2_and_no_traceback(tmp_path: Path, command: str):
    bad = tmp_path / "bad.yaml"
    bad.write_text(_mutate("quota: {value: 2/3", "quota: {value: 1.5"), encoding="utf-8")
    res = runner.invoke(app, [command, str(bad)])
    assert res.exit_code == 2
    text = res.output
    assert "Traceback" not in text
    assert f"{bad}:{line_of(bad.read_text(), 'quota: {value: 1.5')}" in text
    assert "[bodies[us_senate].quota]" in text


def test_console_script_exit_code_2(tmp_path: Path):
    """The installed entry point (not just the typer app) turns input errors into exit code 2."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "winset.cli", "validate", str(bad)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "invalid YAML" in proc.stderr
    assert str(bad) in proc.stderr


def test_bad_reference_option():
    res = runner.invoke(app, ["analyze", "--reference", "nope"])
    assert res.exit_code == 2 and "unknown reference" in res.output


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefghi", "bcdefghij", strict=True)
)


CLI_BAD = {
    "alias bomb": BILLION_LAUGHS,
    "deep json": '{"id": ' + "[" * 5000 + "]" * 5000 + "}",
    "repeated key": "id: a\nid: b\n",
    "binary": "\x00\x01\x02",
    "negative weight": ANCHORAGE.replace("weight: {value: 47,", "weight: {value: -47,"),
}


@pytest.mark.parametrize("name", list(CLI_BAD))
def test_cli_every_class_exits_2_without_traceback(tmp_path: Path, name: str):
    f = tmp_path / ("bad.json" if name == "deep json" else "bad.yaml")
    f.write_text(CLI_BAD[name], encoding="utf-8")
    res = runner.invoke(app, ["validate", str(f)])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and "internal error" not in res.output
    assert str(f) in res.output

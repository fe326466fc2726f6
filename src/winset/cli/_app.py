"""The typer application, the consoles, and the mapping of service errors to exit code 2.

Every command module registers on :data:`app`; none imports another command module, and none checks an
option itself: the service function validates, and :func:`fail` prints its problems with the command's own
option names (``samples`` → ``--samples``, ``deal`` → ``DEAL``).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from winset.cli._tables import fit
from winset.scenario.errors import ScenarioError

try:  # typer >= 0.20 runs on its own copy of click
    from typer._click.globals import get_current_context
except ImportError:  # pragma: no cover - older typer on the public click
    from click import get_current_context  # type: ignore[no-redef]
from winset.scenario.loader import DEFAULT_SCENARIO


def _flag_shows_no_type() -> None:
    """Help lists a flag (``--json``, ``--help``) without a value type: typer 0.29 prints ``<bool>`` for it,
    as if it took a value."""
    try:
        from typer.core import TyperOption
    except ImportError:  # pragma: no cover - another typer layout: leave its help as it is
        return
    shown = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        return None if getattr(self, "is_flag", False) else shown(self, ctx)

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_flag_shows_no_type()

app = typer.Typer(
    name="winset",
    help="Two-level negotiation analysis: forecasts, ratification win-sets, deals and sticking points.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _width() -> int | None:
    """The terminal's width; when output goes to a file or pipe, $COLUMNS or 132 (the widest table fits)."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    return None if sys.stdout.isatty() else 132


class _Out(Console):
    """The console of the commands' output: every table is printed through :func:`winset.cli._tables.fit`,
    so it stays readable at the terminal's width (wrapped, or split into column groups)."""

    def print(self, *objects: Any, **kwargs: Any) -> None:  # type: ignore[override]
        width = _width()  # read at each print: $COLUMNS may change after import (a test runner, a resize)
        if width is not None:
            self.width = width
        if not any(isinstance(o, Table) for o in objects):
            super().print(*objects, **kwargs)
            return
        for o in objects:
            for part in fit(o, self) if isinstance(o, Table) else (o,):
                super().print(part, **kwargs)


out = _Out(soft_wrap=False, width=_width())
err = Console(stderr=True)

ScenarioArg = Annotated[str, typer.Argument(help="Scenario file (YAML/JSON) or built-in name.")]
DefaultScenarioArg = Annotated[str, typer.Argument(help="Scenario file (YAML/JSON) or built-in name.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="For a scenario with a timeline: the snapshot of this date (YYYY-MM-DD; default the latest).",
    ),
]

__all__ = ["DEFAULT_SCENARIO", "AsOfOpt", "JsonOpt", "ScenarioArg", "app", "err", "fail", "out", "print_json"]


def _cli_names() -> tuple[str, dict[str, str]]:
    """The running command (``winset repair``) and its parameters' names as a user types them."""
    ctx = get_current_context(silent=True)
    if ctx is None:
        return "winset", {}
    names: dict[str, str] = {}
    for p in ctx.command.params:
        if p.name is None:
            continue
        if p.param_type_name == "option":
            long = [o for o in p.opts if o.startswith("--")]
            names[p.name] = long[0] if long else p.opts[0]
        else:
            names[p.name] = p.name.upper()
    return f"winset {ctx.info_name}", names


def fail(e: ScenarioError) -> NoReturn:
    """Print input problems (a service's argument problems under the command's option names); exit 2."""
    cmd, names = _cli_names()
    for p in e.problems:
        if p.file.startswith("winset."):
            p = replace(p, file=cmd, field=names.get(p.field, p.field))
        err.print(f"[bold red]error[/] {escape(str(p))}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(code=2)


def print_json(obj: Any) -> None:
    """One JSON object on stdout (a result's ``to_dict()``)."""
    sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")

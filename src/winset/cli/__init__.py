"""Command line: a thin layer over :mod:`winset.services`.

Each command lives in its own module and registers on the one typer app of :mod:`winset.cli._app`; the
modules are imported here in the order ``winset --help`` lists them.  Bad input prints
``file:line [field]: message`` lines on stderr and exits with code 2, never a traceback.
"""

from __future__ import annotations

import os
import sys

from winset.cli import (
    analyze,
    delay,
    evaluate,
    forecast,
    pareto,
    repair,
    report,
    search,
    senate,
    serve,
    sweep,
    timeline,
    winsets,
)
from winset.cli._app import app, err
from winset.scenario.errors import ScenarioError

COMMAND_MODULES = (
    analyze,
    delay,
    evaluate,
    forecast,
    pareto,
    repair,
    report,
    search,
    senate,
    serve,
    sweep,
    timeline,
    winsets,
)
"""Each module registers its commands on :data:`app` when imported, in this order (``winset --help``)."""

__all__ = ["COMMAND_MODULES", "app", "main"]


def main() -> None:
    """Entry point: run the app; turn unexpected errors into one line (WINSET_DEBUG=1 shows the traceback)."""
    try:
        app()
    except ScenarioError as e:  # raised outside a command body
        for p in e.problems:
            err.print(f"error {p}", highlight=False, markup=False)
        sys.exit(2)
    except Exception as e:  # pragma: no cover - the last line of defence
        if os.environ.get("WINSET_DEBUG"):
            raise
        err.print(
            f"internal error: {type(e).__name__}: {e} (set WINSET_DEBUG=1 for the traceback)",
            markup=False,
            highlight=False,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()

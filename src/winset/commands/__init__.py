"""CLI command modules.  Each module defines ``register(app: typer.Typer) -> None``; ``winset.cli`` imports
every module here at start, so adding a command never means editing ``cli.py``."""

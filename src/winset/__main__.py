"""``python -m winset``: the command line."""

from winset.cli import main

main()

"""``python -m winset.cli``: the command line."""

from winset.cli import main

main()

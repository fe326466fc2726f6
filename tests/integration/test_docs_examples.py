"""The examples in the README, docs/*.md and the docstrings run (doctest), as Nashpy runs its documentation:
an example that stops working fails here."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import winset

ROOT = Path(__file__).resolve().parents[2]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
MODULES = sorted(
    m.name for m in pkgutil.walk_packages(winset.__path__, "winset.") if not m.name.endswith("__main__")
)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_markdown_examples_run(path: Path) -> None:
    res = doctest.testfile(str(path), module_relative=False, optionflags=FLAGS, verbose=False, report=True)
    assert res.failed == 0, f"{res.failed} of {res.attempted} examples in {path.name} failed"


def test_the_readme_has_a_library_example() -> None:
    res = doctest.testfile(str(ROOT / "README.md"), module_relative=False, optionflags=FLAGS, verbose=False)
    assert res.attempted >= 8


@pytest.mark.parametrize("name", ["winset", *MODULES])
def test_docstring_examples_run(name: str) -> None:
    res = doctest.testmod(importlib.import_module(name), optionflags=FLAGS, verbose=False, report=True)
    assert res.failed == 0, f"{res.failed} of {res.attempted} examples in {name} failed"

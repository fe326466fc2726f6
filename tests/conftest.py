"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference-data"


@pytest.fixture(scope="session")
def reference_data() -> Path:
    """../shared/reference-data (third-party data; read-only, never copied into the package)."""
    if not REFERENCE.is_dir():
        pytest.fail(f"reference data not found at {REFERENCE}: the checkout must sit beside shared/")
    return REFERENCE


@pytest.fixture(scope="session")
def anchorage():
    import winset

    return winset.load("anchorage-2025")

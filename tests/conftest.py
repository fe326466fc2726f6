"""Shared test fixtures, the tier markers, and where third-party reference data is read from.

Tiers are folders (see tests/README.md); each test gets its folder's marker here, so ``-m unit`` and
``-m "not e2e"`` select by tier.  Reference data: ``$WINSET_SHARED/reference-data/<name>`` (default: the
``shared/`` folder beside the checkout, which CI has); where that folder is missing, the small copy vendored in
``tests/data/<name>`` (licences allowing); otherwise the test is skipped with a one-line reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SHARED = Path(os.environ.get("WINSET_SHARED") or ROOT.parent / "shared")
REFERENCE = SHARED / "reference-data"
VENDORED = TESTS / "data"
TIERS = ("unit", "integration", "e2e", "reference")

# Reference folders the tests read and are not vendored (licence), with where to get them.
NOT_VENDORED = {
    "bdm-eum-examples": "GPL-3.0; GitHub decisionmechanics/eum, Simulator/Data/",
    "decide-climate-cop": "GPL-3.0; GitHub foarsitter/decide-exchange-model, data/input/",
    "negmas-genius-scenarios": "AGPL-3.0; GitHub yasserfarouk/negmas scenarios (GENIUS/ANAC domains)",
}


class ReferenceData:
    """``reference_data / "<folder>" / ...`` -> the shared copy, else the vendored one, else skip the test.

    A first component that is not a known data folder (tests of a missing-folder error) stays under the
    shared path untouched."""

    def __truediv__(self, rel: str | Path) -> Path:
        name, *rest = Path(rel).parts
        for base in (REFERENCE, VENDORED):
            if (base / name).is_dir():
                return base.joinpath(name, *rest)
        if name in NOT_VENDORED:
            pytest.skip(
                f"reference data {name}/ not found under {REFERENCE} ({NOT_VENDORED[name]}): "
                f"put shared/ beside the checkout or set WINSET_SHARED"
            )
        return REFERENCE.joinpath(name, *rest)


@pytest.fixture(scope="session")
def reference_data() -> ReferenceData:
    """Third-party data (read-only, never copied into the package): see :class:`ReferenceData`."""
    return ReferenceData()


@pytest.fixture(scope="session")
def anchorage():
    import winset

    return winset.load("anchorage-2025")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test with its tier, the first folder under tests/ (a test outside the tiers is an error)."""
    for item in items:
        rel = Path(str(item.path)).resolve().relative_to(TESTS)
        tier = rel.parts[0] if len(rel.parts) > 1 else None
        if tier not in TIERS:
            raise pytest.UsageError(f"{rel}: every test file belongs in one of tests/{{{','.join(TIERS)}}}/")
        item.add_marker(getattr(pytest.mark, tier))

"""Senate rules by hand: the NOMINATE yea/nay geometry and the two-thirds rule."""

from __future__ import annotations

import numpy as np

from winset.studies.senate_history import nominate_yea, two_thirds


def test_nominate_geometry_by_hand():
    # Yea at mid - spread = (0.3, 0.1), Nay at mid + spread = (0.7, -0.1); weights (1, 0.5)
    mid, spread = np.array([0.5, 0.0]), np.array([0.2, -0.1])
    x = np.array([[0.0, 0.0], [1.0, 0.0], [0.49, 5.0], [0.51, -5.0]])

    def closer_to_yea(p):
        dy = (p[0] - 0.3) ** 2 + 0.25 * (p[1] - 0.1) ** 2
        dn = (p[0] - 0.7) ** 2 + 0.25 * (p[1] + 0.1) ** 2
        return dy < dn

    assert list(nominate_yea(x, mid, spread, 0.5)) == [closer_to_yea(p) for p in x]
    assert list(nominate_yea(x, mid, spread, 0.5)) == [True, False, True, False]


def test_two_thirds_rule():
    assert list(two_thirds(np.array([68, 67, 49, 61, 48]), np.array([32, 34, 32, 38, 51]))) == [
        True,
        False,
        False,
        False,
        False,
    ]

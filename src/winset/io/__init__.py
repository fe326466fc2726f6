"""Input formats: each reader turns a third-party file into winset's objects, with file:line errors.

* :mod:`~winset.io.ktab`: KTAB CSV and XML (Spatial Model of Politics inputs);
* :mod:`~winset.io.xcs`: x/c/s tables (``name x c s``, Bueno de Mesquita's layout);
* :mod:`~winset.io.genius`: GENIUS XML domains and utility spaces;
* :mod:`~winset.io.deu`: DEU-layout CSV (EU decisions with outcomes);
* :mod:`~winset.io.voteview`: the Voteview extract of Senate treaty roll calls.

Scenario YAML/JSON, winset's own format, is read by :mod:`winset.scenario.loader`; :func:`load_any` picks the
reader for any file a command accepts.
"""

from __future__ import annotations

from pathlib import Path

from winset.scenario import Scenario, load


def load_any(name: str, fill: float | None = None) -> Scenario:
    """A scenario from a built-in name, a YAML/JSON file, a KTAB ``.csv``/``.xml`` file or an x/c/s
    ``.tsv``/``.txt`` table (detected by extension)."""
    from winset.io.ktab import scenario as ktab_scenario
    from winset.io.xcs import table_scenario

    low = name.lower()
    if Path(name).exists():
        if low.endswith((".csv", ".xml")):
            return ktab_scenario(name, fill=fill)
        if low.endswith((".tsv", ".txt")):
            return table_scenario(name)
    return load(name)


__all__ = ["load_any"]

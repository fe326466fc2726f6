"""Import the x/c/s tables used by BDM expected-utility programs (one issue per file).

Format (as in ``decisionmechanics/eum`` ``Simulator/Data/*.txt`` and ``minimalgeek/BDM-Expected-Utility-Model``):
tab-separated (commas are accepted too), a header row whose first column is the actor name (the header
cell may be empty or ``Name``/``Actor``) followed by the columns ``x`` (position), ``c`` (capability) and ``s``
(salience in [0, 1]) in any order; a UTF-8 byte-order mark is ignored.  ``Position``/``Capability``/
``Salience`` are accepted as column names as well.

:func:`read_table` returns plain arrays; :func:`table_scenario` a winset :class:`~winset.scenario.Scenario`
with one issue whose scale runs from the smallest to the largest position (Scholz et al.'s normalisation).
The files carry no status quo: the scenario's reversion point is set to the scale minimum and marked as an
assumption (it matters for the Nash-type solutions only, not for BDM or the compromise model).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from winset.scenario.errors import Problem, ScenarioError
from winset.scenario.schema import Scenario

ALIASES = {
    "x": "x",
    "position": "x",
    "c": "c",
    "capability": "c",
    "power": "c",
    "influence": "c",
    "s": "s",
    "salience": "s",
}
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Table:
    """One issue: actor ``names``, positions ``x``, capabilities ``c``, saliences ``s`` (arrays ``(n,)``)."""

    title: str
    names: tuple[str, ...]
    x: np.ndarray
    c: np.ndarray
    s: np.ndarray


def read_text(path: str | Path) -> str:
    """Read a small UTF-8 input file (BOM stripped); errors become :class:`ScenarioError`."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_BYTES:
            raise ScenarioError.single(
                f"file is larger than the {MAX_BYTES // (1024 * 1024)} MiB limit", file=str(p)
            )
        return p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError.single("file is not UTF-8 text", file=str(p)) from None
    except IsADirectoryError:
        raise ScenarioError.single("is a directory, not a data file", file=str(p)) from None
    except OSError as e:
        raise ScenarioError.single(f"cannot read file: {e.strerror}", file=str(p)) from None


def parse_table(text: str, file: str = "<input>") -> Table:
    """Parse the text of an x/c/s table; every bad cell is reported with its line and column name."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ScenarioError.single(
            "the file is empty (expected a header row: name, x, c, s)", file=file, line=1
        )
    delim = "\t" if "\t" in lines[0] else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    header = [h.strip().lstrip("\ufeff").lower() for h in rows[0]]
    cols: dict[str, int] = {}
    for j, h in enumerate(header[1:], start=1):
        if h in ALIASES:
            cols[ALIASES[h]] = j
    missing = [k for k in ("x", "c", "s") if k not in cols]
    if missing:
        raise ScenarioError.single(
            f"header lacks column(s) {', '.join(missing)} (found: {', '.join(header)})",
            file=file,
            line=1,
            field="header",
        )
    problems: list[Problem] = []
    names: list[str] = []
    vals: dict[str, list[float]] = {"x": [], "c": [], "s": []}
    for ln, row in enumerate(rows[1:], start=2):
        if not row or all(not c.strip() for c in row):
            continue
        name = row[0].strip()
        if not name:
            problems.append(Problem("missing actor name", file=file, line=ln, field="name"))
        for key, j in cols.items():
            cell = row[j].strip() if j < len(row) else ""
            try:
                v = float(cell)
                if not math.isfinite(v):
                    raise ValueError
            except ValueError:
                problems.append(
                    Problem(f"expected a number, got {cell!r}", file=file, line=ln, field=header[j])
                )
                v = math.nan
            if key == "c" and v < 0:
                problems.append(
                    Problem(f"capability must be non-negative, got {v}", file=file, line=ln, field=header[j])
                )
            if key == "s" and not (0.0 <= v <= 1.0) and not math.isnan(v):
                problems.append(
                    Problem(f"salience must lie in [0, 1], got {v}", file=file, line=ln, field=header[j])
                )
            vals[key].append(v)
        names.append(name)
    if len(names) < 2 and not problems:
        problems.append(Problem("need at least two actors", file=file, line=len(rows)))
    if problems:
        raise ScenarioError(problems)
    return Table(
        title=Path(file).stem,
        names=tuple(names),
        x=np.array(vals["x"]),
        c=np.array(vals["c"]),
        s=np.array(vals["s"]),
    )


def read_table(path: str | Path) -> Table:
    return parse_table(read_text(path), file=str(path))


def ident(name: str, taken: set[str]) -> str:
    """A scenario id (letter first, then letters, digits, ``_`` or ``-``) for a free-text name, unique in
    ``taken`` (which it updates)."""
    base = re.sub(r"[^A-Za-z0-9_\-]+", "_", name.strip()).strip("_") or "actor"
    if not base[0].isalpha():
        base = "a_" + base
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    taken.add(out)
    return out


def arrays_scenario(
    *,
    sid: str,
    title: str,
    names: list[str],
    codes: list[str] | None,
    issues: list[str],
    lo: np.ndarray,
    hi: np.ndarray,
    positions: np.ndarray,
    salience: np.ndarray,
    capability: np.ndarray,
    source: str,
    file: str,
    reversion: np.ndarray | None = None,
) -> Scenario:
    """Build a validated :class:`Scenario` from arrays (positions/salience ``(n, k)``, capability ``(n,)``)."""
    from winset.scenario.loader import validate_data

    taken: set[str] = set()
    iids = [ident(i, taken) for i in issues]
    taken_a: set[str] = set()
    aids = [ident(c, taken_a) for c in (codes or names)]
    rev = lo if reversion is None else reversion
    data: dict[str, Any] = {
        "id": ident(sid, set()),
        "title": title,
        "description": f"Imported from {Path(file).name}",
        "sources": [{"id": "input", "title": source}],
        "issues": [
            {"id": iid, "name": iname, "scale": {"min": float(a), "max": float(b)}}
            for iid, iname, a, b in zip(iids, issues, lo, hi, strict=True)
        ],
        "actors": [
            {
                "id": aid,
                "name": name,
                "capability": {"value": float(capability[i]), "source": source},
                "positions": {
                    iid: {"value": float(positions[i, j]), "source": source} for j, iid in enumerate(iids)
                },
                "salience": {
                    iid: {"value": float(salience[i, j]), "source": source} for j, iid in enumerate(iids)
                },
            }
            for i, (aid, name) in enumerate(zip(aids, names, strict=True))
        ],
        "reversion": {
            iid: {
                "value": float(rev[j]),
                "assumption": "the input file has no status quo; set to the lower end of the scale"
                if reversion is None
                else "given",
            }
            for j, iid in enumerate(iids)
        },
    }
    return validate_data(data, file=file)


def table_scenario(path: str | Path) -> Scenario:
    """The x/c/s table at ``path`` as a one-issue scenario (scale = range of positions)."""
    t = read_table(path)
    lo, hi = float(t.x.min()), float(t.x.max())
    if hi <= lo:
        hi = lo + 1.0
    return arrays_scenario(
        sid=t.title,
        title=f"{t.title} (x/c/s table)",
        names=list(t.names),
        codes=None,
        issues=["issue"],
        lo=np.array([lo]),
        hi=np.array([hi]),
        positions=t.x[:, None],
        salience=t.s[:, None],
        capability=t.c,
        source=f"{Path(path).name} (x/c/s table)",
        file=str(path),
    )

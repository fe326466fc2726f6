"""Import KTAB SMP inputs (KAPSARC Toolkit for Behavioral Analysis, MIT licence) as arrays or scenarios.

Two formats, both from KTAB's ``examples/smp/doc``:

* **CSV**: line 1 ``<scenario name>,<description>,<number of actors>,<number of dimensions>,``; line 2 a
  header ``Actor,Description,Influence|Power,<dim> Position,<dim> Salience,...``; then one line per actor:
  code, long name, influence, and one (position, salience) pair per dimension; positions and saliences on
  0-100; lines may end with a comma and pad cells with spaces.
* **XML** (schema ``smpSchema.xsd``): ``Scenario/name``, ``desc``, ``prngSeed``, ``ModelParameters/*``,
  ``Dimensions/dName``, ``Actors/Actor`` (``name``, ``description``, ``capability``, ``Position/dCoord``,
  ``Salience/dSal``) and ``IdealAdjustment/iaPair``.  Parsed with :mod:`defusedxml` (no entity expansion,
  no external DTDs).

An empty coordinate (``smpExample.xml`` leaves Alice's first one empty) is an error unless ``fill`` gives a
value; KTAB itself shows 52.8 for it in its reference log, which is not derivable from the input.

Saliences are divided by 100 in the scenario (winset saliences are weights; the BDM model needs [0, 1]);
issue scales are 0-100; the reversion point (absent from KTAB inputs) is set to 0 and marked as an assumption.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from winset.io.xcs import arrays_scenario, read_text
from winset.scenario.errors import Problem, ScenarioError
from winset.scenario.schema import Scenario


@dataclass(frozen=True)
class KTABData:
    """A KTAB SMP input: ``positions``/``salience`` ``(n, k)`` on 0-100, ``influence`` ``(n,)``."""

    name: str
    description: str
    actors: tuple[str, ...]
    descriptions: tuple[str, ...]
    dimensions: tuple[str, ...]
    influence: np.ndarray
    positions: np.ndarray
    salience: np.ndarray
    parameters: dict[str, str] = field(default_factory=dict)
    ideal_adjustment: tuple[tuple[str, str, float], ...] = ()


def _num(
    cell: str, problems: list[Problem], file: str, line: int | None, fld: str, fill: float | None = None
) -> float:
    c = cell.strip()
    if not c and fill is not None:
        return fill
    try:
        v = float(c)
        if not math.isfinite(v):
            raise ValueError
        return v
    except ValueError:
        problems.append(
            Problem(
                f"expected a number, got {c!r}" if c else "missing value", file=file, line=line, field=fld
            )
        )
        return math.nan


def parse_csv(text: str, file: str = "<input>") -> KTABData:
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 3:
        raise ScenarioError.single(
            "a KTAB CSV needs a title line, a header line and actor lines", file=file, line=len(rows) or 1
        )
    title = [c.strip() for c in rows[0]]
    problems: list[Problem] = []
    try:
        n_act, n_dim = int(title[2]), int(title[3])
    except (IndexError, ValueError):
        raise ScenarioError.single(
            "line 1 must be 'name,description,<number of actors>,<number of dimensions>,'", file=file, line=1
        ) from None
    header = [c.strip() for c in rows[1]]
    while header and not header[-1]:
        header.pop()
    if len(header) < 3 + 2 * n_dim:
        raise ScenarioError.single(
            f"header has {len(header)} columns, expected {3 + 2 * n_dim} for {n_dim} dimension(s)",
            file=file,
            line=2,
            field="header",
        )
    dims = []
    for d in range(n_dim):
        h = header[3 + 2 * d]
        dims.append(h[: -len(" Position")] if h.lower().endswith(" position") else h)
    codes, descs, infl, pos, sal = [], [], [], [], []
    for ln, row in enumerate(rows[2:], start=3):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if len(cells) < 3 + 2 * n_dim:
            problems.append(
                Problem(
                    f"expected {3 + 2 * n_dim} cells, got {len([c for c in cells if c])}", file=file, line=ln
                )
            )
            continue
        codes.append(cells[0])
        descs.append(cells[1])
        infl.append(_num(cells[2], problems, file, ln, header[2]))
        pos.append([_num(cells[3 + 2 * d], problems, file, ln, header[3 + 2 * d]) for d in range(n_dim)])
        sal.append([_num(cells[4 + 2 * d], problems, file, ln, header[4 + 2 * d]) for d in range(n_dim)])
    if len(codes) != n_act and not problems:
        problems.append(
            Problem(f"line 1 announces {n_act} actors, the file has {len(codes)}", file=file, line=1)
        )
    if problems:
        raise ScenarioError(problems)
    return KTABData(
        name=title[0],
        description=title[1],
        actors=tuple(codes),
        descriptions=tuple(descs),
        dimensions=tuple(dims),
        influence=np.array(infl),
        positions=np.array(pos),
        salience=np.array(sal),
    )


def parse_xml(text: str, file: str = "<input>", fill: float | None = None) -> KTABData:
    import defusedxml.ElementTree as ET  # noqa: N817
    from defusedxml import DefusedXmlException

    try:
        root = ET.fromstring(text.encode("utf-8"))
    except (ET.ParseError, DefusedXmlException) as e:
        where = getattr(e, "position", None)
        raise ScenarioError.single(f"invalid XML: {e}", file=file, line=where[0] if where else None) from None
    if root.tag != "Scenario":
        raise ScenarioError.single(f"root element must be <Scenario>, got <{root.tag}>", file=file)
    problems: list[Problem] = []

    def txt(el: Any, tag: str) -> str:
        c = el.find(tag)
        return (c.text or "").strip() if c is not None else ""

    dims = [(d.text or "").strip() for d in root.findall("Dimensions/dName")]
    actors = root.findall("Actors/Actor")
    codes: list[str] = []
    descs: list[str] = []
    infl: list[float] = []
    pos: list[list[float]] = []
    sal: list[list[float]] = []
    for a in actors:
        nm = txt(a, "name")
        where = f"Actors/Actor[{nm or len(codes) + 1}]"
        codes.append(nm)
        descs.append(txt(a, "description"))
        infl.append(_num(txt(a, "capability"), problems, file, None, f"{where}/capability"))
        pos.append(
            [
                _num(c.text or "", problems, file, None, f"{where}/Position/dCoord[{j + 1}]", fill)
                for j, c in enumerate(a.findall("Position/dCoord"))
            ]
        )
        sal.append(
            [
                _num(c.text or "", problems, file, None, f"{where}/Salience/dSal[{j + 1}]")
                for j, c in enumerate(a.findall("Salience/dSal"))
            ]
        )
    k = len(dims) or (len(pos[0]) if pos else 0)
    if not dims:
        dims = [f"dim{j + 1}" for j in range(k)]
    for nm, p, s in zip(codes, pos, sal, strict=True):
        if len(p) != k or len(s) != k:
            problems.append(
                Problem(
                    f"actor {nm} has {len(p)} coordinates and {len(s)} saliences for {k} dimensions",
                    file=file,
                    field=f"Actors/Actor[{nm}]",
                )
            )
    if len(codes) < 2:
        problems.append(Problem("need at least two actors", file=file, field="Actors"))
    if problems:
        raise ScenarioError(problems)
    params = {c.tag: (c.text or "").strip() for c in root.findall("ModelParameters/*")}
    params["prngSeed"] = txt(root, "prngSeed")
    ia = tuple(
        (
            txt(p, "adjustingIdeal"),
            txt(p, "referencePos"),
            _num(txt(p, "adjust"), problems, file, None, f"IdealAdjustment/iaPair[{j + 1}]/adjust")
            if txt(p, "adjust")
            else math.nan,
        )
        for j, p in enumerate(root.findall("IdealAdjustment/iaPair"))
    )
    if problems:
        raise ScenarioError(problems)
    return KTABData(
        name=txt(root, "name"),
        description=txt(root, "desc"),
        actors=tuple(codes),
        descriptions=tuple(descs),
        dimensions=tuple(dims),
        influence=np.array(infl),
        positions=np.array(pos),
        salience=np.array(sal),
        parameters=params,
        ideal_adjustment=ia,
    )


def read(path: str | Path, fill: float | None = None) -> KTABData:
    """Read a KTAB ``.csv`` or ``.xml`` file (by extension)."""
    text = read_text(path)
    if str(path).lower().endswith(".xml"):
        return parse_xml(text, file=str(path), fill=fill)
    return parse_csv(text, file=str(path))


def to_scenario(d: KTABData, file: str = "<input>") -> Scenario:
    k = len(d.dimensions)
    return arrays_scenario(
        sid=d.name or Path(file).stem,
        title=d.name or Path(file).stem,
        names=list(d.descriptions),
        codes=list(d.actors),
        issues=list(d.dimensions),
        lo=np.zeros(k),
        hi=np.full(k, 100.0),
        positions=d.positions,
        salience=d.salience / 100.0,
        capability=d.influence,
        source=f"{Path(file).name} (KTAB SMP input)",
        file=file,
    )


def scenario(path: str | Path, fill: float | None = None) -> Scenario:
    """A KTAB CSV/XML file as a winset scenario."""
    return to_scenario(read(path, fill=fill), file=str(path))

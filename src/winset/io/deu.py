"""DEU data (Thomson et al., *The European Union Decides*, 2006; DEU II, 2012): one CSV row per actor
and issue with position, salience and capability, and the observed outcome per issue.

Two layouts.  The DEU III file itself (tab-separated, one line per issue: :mod:`winset.io.deu_wide`), and this
long layout (header required; column order free; extra columns ignored)::

    issue,actor,position,salience,capability[,scale_min,scale_max]
    car-emissions,NL,4,0.8,0.08
    ...
    car-emissions,OUTCOME,8.5,,
    car-emissions,REVERSION,4,,

* one row per actor and issue; ``salience`` in [0, 1] (BDM treats it as a probability), ``capability`` >= 0;
* one row per issue whose ``actor`` is ``OUTCOME`` gives the observed outcome (required);
* an optional ``REVERSION`` row gives the status quo (the disagreement point of the Nash solution; without it
  the Nash model is not scored on that issue);
* ``scale_min``/``scale_max`` (optional, any row of the issue) give the issue scale, default 0-100.

Every bad row is reported with file, line and field (:class:`winset.scenario.errors.ScenarioError`).  The
accuracy study that scores models on these issues is :mod:`winset.studies.accuracy`.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

import numpy as np

from winset.io.deu_issue import IssueData

__all__ = ["IssueData", "parse", "read"]
from winset.io.xcs import read_text
from winset.scenario.errors import Problem, ScenarioError

REQUIRED = ("issue", "actor", "position", "salience", "capability")


def parse(text: str, file: str = "<input>", capability: str = "nice") -> list[IssueData]:
    """Parse a DEU file, the tab-separated DEU III layout (:mod:`winset.io.deu_wide`, capabilities by the
    ``capability`` scheme) or the long CSV layout; every bad row is reported with file, line and field."""
    first = text.split("\n", 1)[0]
    if "\t" in first and "prnr" in first.lower():
        from winset.io.deu_wide import parse_wide

        return parse_wide(text, file=file, capability=capability)
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ScenarioError.single("the file is empty", file=file, line=1)
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ScenarioError.single(
            f"header lacks column(s) {', '.join(missing)}; expected "
            f"{','.join(REQUIRED)}[,scale_min,scale_max]",
            file=file,
            line=1,
            field="header",
        )
    col = {h: j for j, h in enumerate(header)}
    problems: list[Problem] = []
    acc: dict[str, dict[str, Any]] = {}

    def num(row: list[str], name: str, ln: int, required: bool = True) -> float | None:
        j = col.get(name)
        cell = row[j].strip() if j is not None and j < len(row) else ""
        if not cell:
            if required:
                problems.append(Problem("missing value", file=file, line=ln, field=name))
            return None
        try:
            v = float(cell)
            if not math.isfinite(v):
                raise ValueError
            return v
        except ValueError:
            problems.append(Problem(f"expected a number, got {cell!r}", file=file, line=ln, field=name))
            return None

    for ln, row in enumerate(rows[1:], start=2):
        if not row or all(not c.strip() for c in row):
            continue
        issue = row[col["issue"]].strip() if col["issue"] < len(row) else ""
        actor = row[col["actor"]].strip() if col["actor"] < len(row) else ""
        if not issue:
            problems.append(Problem("missing issue id", file=file, line=ln, field="issue"))
            continue
        if not actor:
            problems.append(Problem("missing actor", file=file, line=ln, field="actor"))
            continue
        d = acc.setdefault(
            issue,
            {
                "actors": [],
                "x": [],
                "s": [],
                "c": [],
                "outcome": None,
                "rev": None,
                "lo": None,
                "hi": None,
                "line": ln,
                "lines": {},
            },
        )
        for name in ("scale_min", "scale_max"):
            if name in col:
                v = num(row, name, ln, required=False)
                if v is not None:
                    d["lo" if name == "scale_min" else "hi"] = v
        tag = actor.upper()
        if tag in ("OUTCOME", "REVERSION"):
            v = num(row, "position", ln)
            key = "outcome" if tag == "OUTCOME" else "rev"
            if d[key] is not None:
                problems.append(
                    Problem(f"second {tag} row for issue '{issue}'", file=file, line=ln, field="actor")
                )
            d[key] = v
            d["lines"][key] = ln
            continue
        x, s, c = num(row, "position", ln), num(row, "salience", ln), num(row, "capability", ln)
        if s is not None and not 0.0 <= s <= 1.0:
            problems.append(
                Problem(f"salience must lie in [0, 1], got {s}", file=file, line=ln, field="salience")
            )
        if c is not None and c < 0:
            problems.append(
                Problem(f"capability must be non-negative, got {c}", file=file, line=ln, field="capability")
            )
        if actor in d["actors"]:
            problems.append(
                Problem(
                    f"actor '{actor}' appears twice on issue '{issue}'", file=file, line=ln, field="actor"
                )
            )
        d["lines"][("position", len(d["actors"]))] = ln
        d["actors"].append(actor)
        d["x"].append(x if x is not None else math.nan)
        d["s"].append(s if s is not None else math.nan)
        d["c"].append(c if c is not None else math.nan)
    out: list[IssueData] = []
    for iid, d in acc.items():
        lo = 0.0 if d["lo"] is None else d["lo"]
        hi = 100.0 if d["hi"] is None else d["hi"]
        if hi <= lo:
            problems.append(
                Problem(
                    f"scale_max ({hi}) must be above scale_min ({lo})",
                    file=file,
                    line=d["line"],
                    field="scale_max",
                )
            )
        if d["outcome"] is None:
            problems.append(
                Problem(f"issue '{iid}' has no OUTCOME row", file=file, line=d["line"], field="issue")
            )
        if len(d["actors"]) < 2:
            problems.append(
                Problem(f"issue '{iid}' needs at least two actors", file=file, line=d["line"], field="issue")
            )
        values = [
            (d["outcome"], "outcome", d["lines"].get("outcome")),
            (d["rev"], "reversion", d["lines"].get("rev")),
            *[(x, "position", d["lines"][("position", n)]) for n, x in enumerate(d["x"])],
        ]
        for v, what, vline in values:
            if v is not None and not math.isnan(v) and not lo <= v <= hi:
                # the OUTCOME and REVERSION rows carry their value in the position column too
                problems.append(
                    Problem(
                        f"{what} {v} lies outside the scale [{lo}, {hi}] of issue '{iid}'",
                        file=file,
                        line=vline,
                        field="position",
                    )
                )
        out.append(
            IssueData(
                id=iid,
                actors=tuple(d["actors"]),
                position=np.array(d["x"]),
                salience=np.array(d["s"]),
                capability=np.array(d["c"]),
                outcome=float(d["outcome"]) if d["outcome"] is not None else math.nan,
                reversion=d["rev"],
                lo=lo,
                hi=hi,
                proposal=iid,
            )
        )
    if not out and not problems:
        problems.append(Problem("no data rows", file=file, line=2))
    if problems:
        raise ScenarioError(problems)
    return out


def read(path: str | Path, capability: str = "nice") -> list[IssueData]:
    """Read a DEU file of either layout (see :func:`parse`)."""
    return parse(read_text(path), file=str(path), capability=capability)

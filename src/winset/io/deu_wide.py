"""The DEU III data set in its own layout (Arregui & Perarnaud 2021, *JEPP*; doi:10.34810/data53): one
tab-separated line per issue.

Columns used: ``prnr`` proposal, ``isnr`` issue, ``proc`` (COD/CNS), ``counvte`` (QMV/Unan), ``intro``
(dd-mm-yy), ``p<actor>`` positions and ``s<actor>`` saliences on 0-100 (``com`` Commission, ``ep``
Parliament, then the member states), ``rp`` reference point (may be blank) and ``out`` outcome (blank: no
valid outcome; such issues are skipped).  A line with blank ``prnr`` and ``isnr`` carrying numbers in the
position columns is the GDP line (the ``gdp`` capability scheme).

Capability schemes (``capability=``): ``nice`` (Nice Council weights), ``lisbon`` (mean of member and
population shares, :func:`winset.io.eu_council.lisbon_capability`), ``population``, ``gdp`` (the file's GDP
line), ``equal`` (1 each) and ``treaty`` (Amsterdam, Nice or Lisbon by the proposal's introduction date).  The
Commission and the Parliament get the largest member state's capability (as in the DEU literature: Thomson
et al. 2006) except under ``gdp``, where the file gives theirs.  Saliences are divided by 100; an actor with a
position but no salience gets the mean salience of the issue's other actors (assumption: 7 of 3,467
positions of the development half lack one).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math

import numpy as np

from winset.io import eu_council as eu
from winset.io.deu_issue import IssueData
from winset.scenario.errors import Problem, ScenarioError

SCHEMES = ("nice", "lisbon", "population", "gdp", "equal", "treaty")
INSTITUTIONS = ("com", "ep")


def _date(text: str) -> dt.date | None:
    try:
        d, m, y = (int(v) for v in text.strip().split("-"))
        return dt.date(1900 + y if y >= 50 else 2000 + y, m, d)
    except ValueError:
        return None


def _scheme_weights(scheme: str, date: dt.date | None, gdp: dict[str, float]) -> dict[str, float]:
    if scheme == "gdp":
        return gdp
    if scheme == "treaty":
        t = eu.treaty_at(date)
        scheme = "nice" if t == "nice" else ("lisbon" if t == "lisbon" else "amsterdam")
    table: dict[str, float]
    if scheme == "nice":
        table = dict(eu.NICE)
    elif scheme == "amsterdam":
        table = {c: float(eu.AMSTERDAM.get(c, 0.0)) for c in eu.MEMBERS}
    elif scheme == "lisbon":
        table = {c: eu.lisbon_capability(c) for c in eu.MEMBERS}
    elif scheme == "population":
        table = dict(eu.POPULATION)
    else:
        table = {c: 1.0 for c in eu.MEMBERS}
    big = max(table.values())
    return {**table, "com": big, "ep": big}


def parse_wide(text: str, file: str = "<input>", capability: str = "nice") -> list[IssueData]:
    """Issues with an outcome, capabilities by ``capability`` (one of :data:`SCHEMES`)."""
    if capability not in SCHEMES:
        raise ScenarioError.single(
            f"unknown capability scheme '{capability}': use {', '.join(SCHEMES)}",
            file=file,
            field="capability",
        )
    rows = list(csv.reader(io.StringIO(text), delimiter="\t"))
    header = [h.strip().lower() for h in rows[0]]
    col = {h: j for j, h in enumerate(header)}
    for need in ("prnr", "isnr", "out", "rp"):
        if need not in col:
            raise ScenarioError.single(
                f"header lacks the DEU column '{need}'", file=file, line=1, column=len(header) + 1, field=need
            )
    actors = [h[1:] for h in header if h.startswith("p") and "s" + h[1:] in col and h[1:] not in ("r", "")]
    actors = [a for a in actors if a in INSTITUTIONS or a in eu.MEMBERS]
    problems: list[Problem] = []

    def cell(row: list[str], name: str) -> str:
        j = col.get(name)
        return row[j].strip() if j is not None and j < len(row) else ""

    def num(row: list[str], name: str, ln: int, lo: float = 0.0, hi: float = 100.0) -> float | None:
        c = cell(row, name)
        if not c:
            return None
        try:
            v = float(c)
        except ValueError:
            v = math.nan
        if not math.isfinite(v) or not lo <= v <= hi:
            problems.append(
                Problem(
                    f"expected a number in [{lo:g}, {hi:g}], got {c!r}",
                    file=file,
                    line=ln,
                    column=col[name] + 1,
                    field=name,
                )
            )
            return None
        return v

    gdp: dict[str, float] = {}
    out: list[IssueData] = []
    n_with_out = 0
    for ln, row in enumerate(rows[1:], start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if not cell(row, "prnr") and not cell(row, "isnr"):  # the GDP line
            for a in actors:
                v = num(row, "p" + a, ln, 0.0, math.inf)
                if v is not None:
                    gdp[a] = v
            continue
        y = num(row, "out", ln)
        if y is None:
            continue
        n_with_out += 1
        date = _date(cell(row, "intro"))
        if capability == "gdp" and not gdp:
            problems.append(Problem("no GDP line before the first issue", file=file, line=ln, field="gdp"))
            break
        weights = _scheme_weights(capability, date, gdp)
        ids, x, s = [], [], []
        for a in actors:
            p = num(row, "p" + a, ln)
            if p is None:
                continue
            ids.append(a)
            x.append(p)
            sv = num(row, "s" + a, ln)
            s.append(math.nan if sv is None else sv / 100.0)
        sal = np.array(s)
        if len(ids) < 2:
            problems.append(
                Problem("an issue needs at least two positions", file=file, line=ln, field="positions")
            )
            continue
        if np.isnan(sal).all():
            problems.append(
                Problem(
                    "no actor of this issue has a salience",
                    file=file,
                    line=ln,
                    column=col["s" + ids[0]] + 1,
                    field="s" + ids[0],
                )
            )
            continue
        sal = np.where(np.isnan(sal), np.nanmean(sal), sal)
        missing = [a for a in ids if a not in weights]
        if missing:
            problems.append(
                Problem(
                    f"no {capability} capability for {', '.join(missing)}",
                    file=file,
                    line=ln,
                    column=col["p" + missing[0]] + 1,
                    field="p" + missing[0],
                )
            )
            continue
        rp = num(row, "rp", ln)
        out.append(
            IssueData(
                id=cell(row, "isnr") or f"line{ln}",
                actors=tuple(ids),
                position=np.array(x),
                salience=sal,
                capability=np.array([weights[a] for a in ids], dtype=float),
                outcome=y,
                reversion=rp,
                lo=0.0,
                hi=100.0,
                proposal=cell(row, "prnr"),
                procedure=cell(row, "proc").upper(),
                rule=cell(row, "counvte"),
                date=date,
            )
        )
    if not problems and n_with_out == 0:
        problems.append(
            Problem(
                "no issue has an outcome (the 'out' column is blank on every line)",
                file=file,
                line=1,
                column=col["out"] + 1,
                field="out",
            )
        )
    if problems:
        raise ScenarioError(problems)
    return out

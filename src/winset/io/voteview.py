"""The Voteview extract of US Senate treaty roll calls (Lewis, Poole, Rosenthal, Boche, Rudkin & Sonnet,
*Voteview: Congressional Roll-Call Votes Database*, https://voteview.com/): roll calls with their DW-NOMINATE
cutting lines, senators' ideal points and individual votes, read into arrays.

A malformed value raises :class:`ExtractError` naming the CSV file, line and column.  The prediction study
that uses these arrays is :mod:`winset.studies.senate_history`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SENATE_W2 = 0.5638  # voteview.net: Senate second-dimension weight (DW-NOMINATE, 2015 release)
FOLDER = "voteview-senate-treaties"


@dataclass(frozen=True)
class TreatyData:
    """Arrays of the extract: one row per roll call, one row per (roll call, senator) vote."""

    congress: np.ndarray  # (R,)
    rollnumber: np.ndarray  # (R,)
    date: list[str]
    description: list[str]
    yea_count: np.ndarray  # (R,)
    nay_count: np.ndarray  # (R,)
    mid: np.ndarray  # (R, 2)
    spread: np.ndarray  # (R, 2)
    vote_rc: np.ndarray  # (V,) index of the roll call
    vote_yea: np.ndarray  # (V,) bool: cast yea (code 1); only codes 1 and 6 are kept
    vote_ideal: np.ndarray  # (V, 2) DW-NOMINATE ideal point (nan when missing)
    vote_icpsr: np.ndarray  # (V,)


class ExtractError(ValueError):
    """A value in the Voteview extract that cannot be read: names the CSV file, the line and the column."""

    def __init__(self, message: str, file: str, line: int | None = None, column: str = "") -> None:
        super().__init__(f"{file}:{line}: column '{column}': {message}" if line else f"{file}: {message}")
        self.message, self.file, self.line, self.column = message, file, line, column


def _read(
    path: Path, keep: Callable[[dict[str, str]], bool] | None = None
) -> list[tuple[int, dict[str, str]]]:
    """``(line number, row)`` of a CSV file (line numbers 1-based, the header is line 1)."""
    rows = []
    with open(path, newline="", encoding="utf-8") as f:
        rd = csv.DictReader(f)
        for row in rd:
            if keep is None or keep(row):
                rows.append((rd.line_num, row))
    return rows


def _num(
    path: Path, rows: list[tuple[int, dict[str, str]]], col: str, kind: str = "int", blank_nan: bool = False
) -> np.ndarray:
    """Column ``col`` as numbers; a value that is not a number raises :class:`ExtractError` naming the file,
    line and column.  ``int`` accepts ``"52.0"`` (Voteview writes some integer columns as floats)."""
    out = []
    for line, row in rows:
        v = row.get(col)
        if v is None:
            raise ExtractError(f"missing column '{col}'", path.name, line, col)
        v = v.strip()
        if v == "" and blank_nan:
            out.append(float("nan"))
            continue
        try:
            x = float(v)
            if kind == "int":
                if not float(x).is_integer():
                    raise ValueError
                x = int(x)
        except (ValueError, OverflowError):
            what = "an integer" if kind == "int" else "a number"
            raise ExtractError(f"expected {what}, got {v!r}", path.name, line, col) from None
        out.append(x)
    return np.array(out, dtype=int if kind == "int" else float)


def load_treaties(root: Path | str) -> TreatyData:
    """Read the three CSV files (``root`` is the folder itself or the reference-data folder holding it).

    A malformed value raises :class:`ExtractError` with the file name, line number and column."""
    root = Path(root)
    if not (root / "senate_treaty_rollcalls.csv").exists():
        root = root / FOLDER
    f_rc, f_mem, f_v = (
        root / "senate_treaty_rollcalls.csv",
        root / "senate_members_selected_congresses.csv",
        root / "senate_treaty_votes.csv",
    )
    rcs = _read(f_rc)
    mem = _read(f_mem, lambda r: r.get("chamber") == "Senate")
    votes = _read(f_v)
    congress = _num(f_rc, rcs, "congress")
    roll = _num(f_rc, rcs, "rollnumber")
    rc_key = congress * 100_000 + roll
    order = np.argsort(rc_key)
    m_key = _num(f_mem, mem, "congress") * 1_000_000 + _num(f_mem, mem, "icpsr")
    m_ideal = np.stack(
        [_num(f_mem, mem, "nominate_dim1", "float", True), _num(f_mem, mem, "nominate_dim2", "float", True)],
        -1,
    ).reshape(-1, 2)
    m_order = np.argsort(m_key)
    v_c = _num(f_v, votes, "congress")
    v_r = _num(f_v, votes, "rollnumber")
    v_i = _num(f_v, votes, "icpsr")
    v_code = _num(f_v, votes, "cast_code")
    keep = (v_i < 99_900) & np.isin(v_code, [1, 6])
    v_c, v_r, v_i, v_code = v_c[keep], v_r[keep], v_i[keep], v_code[keep]
    pos = np.searchsorted(rc_key[order], v_c * 100_000 + v_r)
    rc_idx = order[np.clip(pos, 0, len(order) - 1)]
    if not np.array_equal(rc_key[rc_idx], v_c * 100_000 + v_r):
        bad = int(np.flatnonzero(rc_key[rc_idx] != v_c * 100_000 + v_r)[0])
        line = [ln for ln, _ in votes][int(np.flatnonzero(keep)[bad])]
        raise ExtractError(
            f"roll call {v_c[bad]}/{v_r[bad]} is missing from {f_rc.name}", f_v.name, line, "rollnumber"
        )
    mk = v_c * 1_000_000 + v_i
    mpos = np.clip(np.searchsorted(m_key[m_order], mk), 0, len(m_order) - 1)
    found = m_key[m_order][mpos] == mk
    ideal = np.where(found[:, None], m_ideal[m_order][mpos], np.nan)
    rows = [r for _, r in rcs]
    return TreatyData(
        congress=congress,
        rollnumber=roll,
        date=[r["date"] for r in rows],
        description=[(r["vote_desc"] or r["dtl_desc"]).strip() for r in rows],
        yea_count=_num(f_rc, rcs, "yea_count"),
        nay_count=_num(f_rc, rcs, "nay_count"),
        mid=np.stack(
            [
                _num(f_rc, rcs, "nominate_mid_1", "float", True),
                _num(f_rc, rcs, "nominate_mid_2", "float", True),
            ],
            -1,
        ).reshape(-1, 2),
        spread=np.stack(
            [
                _num(f_rc, rcs, "nominate_spread_1", "float", True),
                _num(f_rc, rcs, "nominate_spread_2", "float", True),
            ],
            -1,
        ).reshape(-1, 2),
        vote_rc=rc_idx,
        vote_yea=v_code == 1,
        vote_ideal=ideal,
        vote_icpsr=v_i,
    )

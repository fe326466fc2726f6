"""Tables that stay readable at any terminal width (80 columns included).

Every table a command prints goes through :func:`fit` (the CLI's console, :data:`winset.cli._app.out`, calls it
for each :class:`rich.table.Table`), so a command only builds its table:

* no cell is ever cut: every column wraps between words (``overflow="fold"`` only for a single word longer than
  the terminal), whatever ``no_wrap``, ``max_width`` or ``overflow="ellipsis"`` the command asked for;
* when the table cannot fit even so (its narrowest rendering, each column as wide as its longest word, is wider
  than the terminal: a deals table with seven actors at 80 columns), it is split into several tables of the same
  rows, each with the first column (the row's label) and as many of the other columns as fit, titled
  ``(columns 2-5 of 9)``.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.table import Column, Table
from rich.text import Text


def _plain(cell: object) -> str:
    if isinstance(cell, Text):
        return cell.plain
    if isinstance(cell, str):
        return Text.from_markup(cell).plain
    return ""


SHORT = 10
"""A cell at most this wide (a number with its mark, ``0.775 ✓``) is never wrapped."""


def _longest_word(cells: list[object]) -> int:
    return max(
        (cell_len(w) for c in cells for line in _plain(c).splitlines() for w in _unit(line)),
        default=0,
    )


def _unit(line: str) -> list[str]:
    """What must stay on one line: a short cell whole, else each word."""
    return [line] if cell_len(line) <= SHORT else line.split()


def _loosen(t: Table) -> None:
    """Let every column wrap between words, never narrower than its longest word, instead of cutting cells."""
    for col in t.columns:
        col.no_wrap = False
        col.overflow = "fold"
        col.max_width = None
        col.min_width = max(col.min_width or 0, _longest_word([*col._cells]), _longest_word([col.header]))


def _ranges(console: Console, t: Table) -> list[Measurement]:
    """Each column's narrowest and widest rendering (padding included), not clamped to the console."""
    wide = console.options.update_width(1_000_000)
    return [t._measure_column(console, wide, c) for c in t.columns]


def _narrowest(console: Console, t: Table) -> int:
    """The width of ``t`` with every column as narrow as its longest word."""
    return sum(r.minimum for r in _ranges(console, t)) + t._extra_width


def _allocate(console: Console, t: Table, width: int) -> None:
    """Fix the column widths of a table that fits only when some columns wrap: each column gets its minimum
    and a fair share of the spare width, narrow columns filled first (rich's own shrinking can push a column
    below its longest word, and the table past the terminal)."""
    ranges = _ranges(console, t)
    avail = width - t._extra_width
    if sum(r.maximum for r in ranges) <= avail:
        return
    spare = avail - sum(r.minimum for r in ranges)
    want = [r.maximum - r.minimum for r in ranges]
    give = [0] * len(want)
    left = sorted(range(len(want)), key=lambda j: want[j])
    while (
        left
    ):  # max-min fair shares: a narrow column (a number) gets its full width before a wide text wraps
        j = left.pop(0)
        give[j] = min(want[j], spare // (len(left) + 1))
        spare -= give[j]
    for j, (col, r) in enumerate(zip(t.columns, ranges, strict=True)):
        col.width = r.minimum + give[j] - t._get_padding_width(j)


def _copy(t: Table, cols: list[int], title: str | None) -> Table:
    """A table with the rows of ``t`` and only the columns ``cols``."""
    part = Table(
        title=title,
        title_justify=t.title_justify,
        title_style=t.title_style,
        caption=t.caption,
        box=t.box,
        show_header=t.show_header,
        show_edge=t.show_edge,
        show_lines=t.show_lines,
        header_style=t.header_style,
        expand=t.expand,
        pad_edge=t.pad_edge,
    )
    for j in cols:
        c: Column = t.columns[j]
        part.add_column(
            c.header,
            footer=c.footer,
            justify=c.justify,
            style=c.style,
            header_style=c.header_style,
            vertical=c.vertical,
            overflow="fold",
            min_width=c.min_width,
        )
    cells = [list(t.columns[j]._cells) for j in cols]
    for r, row in enumerate(t.rows):
        part.add_row(*(cells[k][r] for k in range(len(cols))), style=row.style, end_section=row.end_section)
    return part


def fit(t: Table, console: Console) -> Iterator[RenderableType]:
    """``t`` (or its parts, split by columns) so that every cell shows in full at ``console.width``."""
    _loosen(t)
    width = console.width
    n = len(t.columns)
    if n <= 2 or _narrowest(console, t) <= width:
        _allocate(console, t, width)
        yield t
        return
    groups: list[list[int]] = []
    group: list[int] = []
    for j in range(1, n):
        trial = [0, *group, j]
        if group and _narrowest(console, _copy(t, trial, None)) > width:
            groups.append(group)
            group = [j]
        else:
            group.append(j)
    groups.append(group)
    title = str(t.title) if t.title is not None else None
    for g in groups:
        cols = f"columns {g[0] + 1}" + (f"-{g[-1] + 1}" if len(g) > 1 else "") + f" of {n}"
        part = _copy(t, [0, *g], None)
        _allocate(console, part, width)
        # the title above the part, as wide as the terminal (a table's own title wraps to the table's width)
        yield Text(f"{title} ({cols})" if title else f"({cols})", style="table.title")
        yield part

"""Cells of the virtual table: columns, widths, and text fitted to a width (literally, safely)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len, set_cell_size

from tui.core.safe_text import without_invisible

Tone = Literal["", "dim", "good", "warn", "bad", "accent"]
#: A cell is plain text, or text with a tone that maps to a themed component style.
Cell = str | tuple[str, Tone]

#: Remote text is data: control characters would reach the terminal as escape codes, and
#: the line and paragraph separators break a line; each is shown as a replacement character.
_CONTROL = {c: "\ufffd" for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)}


@dataclass(frozen=True, slots=True)
class Column:
    """One fixed column: `width` cells, or at least `width` plus a share of the spare width.

    A column that `wants` more (a name) is given spare width first, up to `wants`; what is
    left after every such column has what it wants is shared by `flex` among the others.
    """

    label: str
    width: int
    flex: int = 0
    align: Literal["left", "right"] = "left"
    wants: int = 0


def inert(text: str) -> str:
    """Text with its control characters replaced, so it can be drawn but never drive the
    terminal (an ESC in a company name would otherwise reach it as an escape sequence), and
    its invisible format characters dropped: a bidi override would reverse the rest of the
    row on a terminal that does bidi, and zero-width characters hide text (the CLI's rule,
    `tui.core.safe_text`)."""
    if text.isprintable():  # the common case; format characters are not printable
        return text
    return without_invisible(text).translate(_CONTROL)


def inert_lines(text: str) -> str:
    """`inert` line by line: a message's own line breaks kept, anything else made inert.
    For messages and titles that quote names or ids (toasts, dialogs)."""
    return "\n".join(map(inert, text.split("\n"))) if not text.isprintable() else text


def fit(text: str, width: int, align: Literal["left", "right"] = "left") -> str:
    """Pad or cut `text` to exactly `width` cells, with an ellipsis when cut, controls replaced."""
    if width <= 0:
        return ""
    text = inert(text)
    length = len(text) if text.isascii() else cell_len(text)
    if length <= width:
        pad = " " * (width - length)
        return pad + text if align == "right" else text + pad
    return set_cell_size(text, width - 1) + "…"


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Widths for `columns` in `total` cells (one space between columns).

    The spare width goes first to the columns that want more (the names), by their flex,
    up to what they want; the rest is shared by flex among the other flex columns (or, when
    there are none, among them all), so a wider terminal never shows names cut shorter.
    """
    fixed = sum(c.width for c in columns) + max(0, len(columns) - 1)
    spare = max(0, total - fixed)
    widths = [c.width for c in columns]
    wanting = [i for i, c in enumerate(columns) if c.wants > c.width and c.flex]
    while spare and wanting:
        given = _share(columns, widths, wanting, spare, cap=True)
        spare -= given
        wanting = [i for i in wanting if widths[i] < columns[i].wants]
        if not given:
            break
    rest = [i for i, c in enumerate(columns) if c.flex and not c.wants]
    rest = rest or [i for i, c in enumerate(columns) if c.flex]
    if spare and rest:
        _share(columns, widths, rest, spare, cap=False)
    return widths


def _share(
    columns: Sequence[Column], widths: list[int], indexes: list[int], spare: int, *, cap: bool
) -> int:
    """Add `spare` cells to the columns at `indexes` by flex (up to `wants` when `cap`);
    the last one takes the rounding. Returns the cells given."""
    flex_total = sum(columns[i].flex for i in indexes)
    given = 0
    for n, i in enumerate(indexes):
        share = spare - given if n == len(indexes) - 1 else spare * columns[i].flex // flex_total
        if cap:
            share = min(share, columns[i].wants - widths[i])
        widths[i] += share
        given += share
    return given

"""Cells of the virtual table: columns, widths, and text fitted to a width (literally, safely)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len, set_cell_size

Tone = Literal["", "dim", "good", "warn", "bad", "accent"]
#: A cell is plain text, or text with a tone that maps to a themed component style.
Cell = str | tuple[str, Tone]

#: Remote text is data: control characters would reach the terminal as escape codes.
_CONTROL = {c: "\ufffd" for c in (*range(0x20), *range(0x7F, 0xA0))}


@dataclass(frozen=True, slots=True)
class Column:
    """One fixed column: `width` cells, or at least `width` plus a share of the spare width."""

    label: str
    width: int
    flex: int = 0
    align: Literal["left", "right"] = "left"


def inert(text: str) -> str:
    """Text with its control characters replaced, so it can be drawn but never drive the
    terminal (an ESC in a company name would otherwise reach it as an escape sequence)."""
    return text if text.isprintable() else text.translate(_CONTROL)


def fit(text: str, width: int, align: Literal["left", "right"] = "left") -> str:
    """Pad or cut `text` to exactly `width` cells, with an ellipsis when cut, controls replaced."""
    if width <= 0:
        return ""
    if not text.isprintable():
        text = text.translate(_CONTROL)
    length = len(text) if text.isascii() else cell_len(text)
    if length <= width:
        pad = " " * (width - length)
        return pad + text if align == "right" else text + pad
    return set_cell_size(text, width - 1) + "…"


def column_widths(columns: Sequence[Column], total: int) -> list[int]:
    """Widths for `columns` in `total` cells (one space between columns), flex columns share."""
    fixed = sum(c.width for c in columns) + max(0, len(columns) - 1)
    spare = max(0, total - fixed)
    flex_total = sum(c.flex for c in columns)
    widths = [c.width for c in columns]
    if flex_total and spare:
        given = 0
        flex_indexes = [i for i, c in enumerate(columns) if c.flex]
        for i in flex_indexes:
            share = spare * columns[i].flex // flex_total
            widths[i] += share
            given += share
        widths[flex_indexes[-1]] += spare - given
    return widths

"""`TableMarks`: a `VirtualTable`'s marked rows, the keys that mark them, and what they select.

Mixed into `VirtualTable` (its actions must be the widget's own for its bindings to reach
them); a module of its own so the table's module keeps to rows, cursor, events and drawing.
The marks themselves (`marked`, and `_anchor` for `M`) stay the table's state: set_rows,
the subtitle and the drawing read them too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, Protocol, TypeVar

from textual.message import Message

K = TypeVar("K")

#: What a marked row shows in the narrow column before its cells.
MARK = "●"


class MarkedTable(Protocol[K]):
    """What `TableMarks` uses of its table (`VirtualTable` has each)."""

    marked: set[K]
    _anchor: K | None
    _keys: list[K]
    _visible: list[K]
    cursor: int

    @property
    def cursor_key(self) -> K | None: ...
    @property
    def _page_rows(self) -> int: ...
    def _move_to(
        self, index: int, *, force_message: bool = False, center: bool = False
    ) -> None: ...
    def _index_of(self, key: K) -> int | None: ...
    def _update_subtitle(self) -> None: ...
    def refresh_rows(self) -> None: ...
    def refresh_lines(self, y_start: int, line_count: int = 1) -> None: ...
    def post_message(self, message: Message) -> bool: ...
    def MarksChanged(self, table: Any) -> Message: ...  # the message class, made with the table
    def mark(self, keys: Iterable[K]) -> None: ...
    def _mark_through(self, index: int) -> None: ...
    def _mark_to_cursor(self, start: int) -> None: ...


class TableMarks(Generic[K]):
    """A table's marks: space, shift+arrows, `M` and `*` mark rows; actions take the selection."""

    # The table's state (set in its `__init__`), named here as the actions below set it.
    _anchor: K | None  # the row `M` marks from: the last one marked

    def selection(self: MarkedTable[K]) -> list[K]:
        """What an action applies to: the marked rows in table order, else the highlighted row."""
        if self.marked:
            return [k for k in self._keys if k in self.marked]
        key = self.cursor_key
        return [] if key is None else [key]

    def marks_out_of_view(self: MarkedTable[K]) -> int:
        """How many marked rows the view or the search hides: an action on the marks would
        reach rows the user cannot see, so the screen asks before it does."""
        if not self.marked:
            return 0
        return len(self.marked.difference(self._visible))

    def clear_marks(self: MarkedTable[K]) -> None:
        """Unmark every row."""
        if self.marked:
            self.marked.clear()
            self._anchor = None
            self.post_message(self.MarksChanged(self))
            self.refresh_rows()

    def action_toggle_mark(self: MarkedTable[K]) -> None:
        """Mark or unmark the highlighted row, then move down so space can mark a run."""
        key = self.cursor_key
        if key is None:
            return
        if key in self.marked:
            self.marked.discard(key)
        else:
            self.marked.add(key)
            self._anchor = key
        self.post_message(self.MarksChanged(self))
        self._update_subtitle()
        self.refresh_lines(self.cursor + 1)
        self._move_to(self.cursor + 1)

    def action_extend_marks(self: MarkedTable[K], delta: int) -> None:
        """Mark the highlighted row and the next one (shift+arrows)."""
        self._mark_through(self.cursor + delta)

    def action_extend_marks_page(self: MarkedTable[K], direction: int) -> None:
        """Mark every row from the highlighted one to a screenful away (shift+page keys),
        so a page moved while marking skips no row."""
        self._mark_through(self.cursor + direction * self._page_rows)

    def _mark_through(self: MarkedTable[K], index: int) -> None:
        """Move the highlight to `index`, marking every row it passes, both ends included."""
        if self.cursor_key is None:
            return
        start = self.cursor
        self._move_to(index)
        self._mark_to_cursor(start)

    def action_mark_range(self: MarkedTable[K]) -> None:
        """Mark every visible row between the last marked row and the highlighted one."""
        if self.cursor_key is None:
            return
        start = self._index_of(self._anchor) if self._anchor is not None else None
        self._mark_to_cursor(self.cursor if start is None else start)

    def _mark_to_cursor(self: MarkedTable[K], start: int) -> None:
        """Mark the visible rows from `start` to the highlighted one, both included; the
        highlighted row becomes the anchor of the next range."""
        low, high = sorted((start, self.cursor))
        self.marked.update(self._visible[low : high + 1])
        self._anchor = self.cursor_key
        self.post_message(self.MarksChanged(self))
        self.refresh_rows()

    def action_mark_shown(self: MarkedTable[K]) -> None:
        """Mark exactly the rows shown (all the search results, or the whole view): marks
        on rows the search hides are dropped, so the next action cannot reach them unseen."""
        self.marked.clear()
        self.mark(self._visible)

    def mark(self: MarkedTable[K], keys: Iterable[K]) -> None:
        """Mark rows by key (for the screen's own bulk selections)."""
        self.marked.update(keys)
        self.post_message(self.MarksChanged(self))
        self.refresh_rows()

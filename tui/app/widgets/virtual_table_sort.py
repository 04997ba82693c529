"""`TableSort`: a `VirtualTable`'s sort as its user picks it: `o`, `~`, or a click on a label.

Mixed into `VirtualTable` (its actions must be the widget's own for its bindings to reach
them); the order itself, and the arrow on the sorted column's label, are `RowOrder`'s
(row_order.py).
"""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar

from textual.geometry import Region

from tui.app.widgets.row_order import RowOrder
from tui.app.widgets.virtual_table_cells import Column
from tui.app.widgets.virtual_table_marks import MARK

K = TypeVar("K")


class SortedTable(Protocol[K]):
    """What `TableSort` uses of its table (`VirtualTable` has each)."""

    columns: tuple[Column, ...]
    _order: RowOrder[K]

    @property
    def scrollable_content_region(self) -> Region: ...
    def _column_widths(self, width: int) -> list[int]: ...
    def refilter(self) -> None: ...
    def set_sort(self, column: int | None, *, descending: bool = False) -> None: ...


class TableSort(Generic[K]):
    """A table's sort: by any column either way, or the order the rows were given in."""

    @property
    def sort(self: SortedTable[K]) -> tuple[int, bool] | None:
        """The sort: (column index, descending), None for the order the rows were given in."""
        return self._order.sort

    def set_sort(self: SortedTable[K], column: int | None, *, descending: bool = False) -> None:
        """Order the rows by `column` (None: as given), keeping the highlighted row.

        The order is taken now: rows whose values change later (a record just linked) stay
        where they are until the sort is set again, so nothing jumps under the cursor.
        """
        if column is not None and not 0 <= column < len(self.columns):
            raise IndexError(f"no column {column}")
        self._order.set_sort(column, descending=descending)
        self.refilter()

    def action_sort_next(self: SortedTable[K]) -> None:
        """Sort by the next column, ascending (after the last: back to the order as given)."""
        if self._order.sortable:
            column, descending = self._order.next_sort(len(self.columns))
            self.set_sort(column, descending=descending)

    def action_sort_flip(self: SortedTable[K]) -> None:
        """Flip the sort direction (unsorted: sort by the first column, descending)."""
        if self._order.sortable:
            column, descending = self._order.flipped()
            self.set_sort(column, descending=descending)

    def _header_clicked(self: SortedTable[K], x: int) -> None:
        """A click on a column's label sorts by it; a second click flips the direction."""
        if not self._order.sortable:
            return
        left = len(MARK) + 1  # the mark column
        for column, width in enumerate(self._column_widths(self.scrollable_content_region.width)):
            if left <= x < left + width:
                column, descending = self._order.clicked(column)
                self.set_sort(column, descending=descending)
                return
            left += width + 1

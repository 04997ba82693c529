"""The order of a virtual table's rows: as given, or sorted by one column either way.

Sorting permutes an index of the rows by one value a row (asked for all rows at once, so
the table's owner reads them in one pass), never the rows' cells; no Textual here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from tui.app.widgets.virtual_table_cells import fit

K = TypeVar("K")

#: What a column sorts by for one row: comparable within the column; None sorts last
#: whichever the direction (a record without a score is never "the best").
SortValue = Any
#: The sort values of one column for the given keys, in their order.
SortValues = Callable[[int, Sequence[K]], list[SortValue]]

_ARROWS = {False: " ▲", True: " ▼"}


class RowOrder(Generic[K]):
    """Rows (keys with their casefolded search texts) in the order the table shows them."""

    def __init__(self, sort_values: SortValues[K] | None) -> None:
        self._sort_values = sort_values
        self.keys: list[K] = []
        self.texts: list[str] = []
        #: (column index, descending), or None for the order the rows were given in.
        self.sort: tuple[int, bool] | None = None
        # The same key and text objects in sort order (permuted references, not copies);
        # the texts only once a search needs them.
        self.sorted_keys: list[K] = self.keys
        self._order: list[int] | None = None
        self._sorted_texts: list[str] | None = self.texts

    @property
    def sorted_texts(self) -> list[str]:
        """The search texts in sort order (permuted on first use after a sort)."""
        if self._sorted_texts is None:
            order = self._order if self._order is not None else range(len(self.texts))
            self._sorted_texts = list(map(self.texts.__getitem__, order))
        return self._sorted_texts

    @property
    def sortable(self) -> bool:
        """Whether the table knows its rows' values (some tables are only ever as given)."""
        return self._sort_values is not None

    def set_rows(self, keys: list[K], texts: list[str]) -> None:
        """New rows, sorted as the current sort says."""
        self.keys, self.texts = keys, texts
        self._apply()

    def set_sort(self, column: int | None, *, descending: bool = False) -> None:
        """Sort by `column` (None: as given), taking the values as they are now."""
        self.sort = None if column is None or not self.sortable else (column, descending)
        self._apply()

    def next_sort(self, columns: int) -> tuple[int | None, bool]:
        """The sort after this one in the cycle: each column ascending, then as given."""
        following = 0 if self.sort is None else self.sort[0] + 1
        return (following if following < columns else None), False

    def flipped(self) -> tuple[int, bool]:
        """The same column the other way (unsorted: the first column, descending)."""
        column, descending = self.sort if self.sort is not None else (0, False)
        return column, not descending

    def clicked(self, column: int) -> tuple[int, bool]:
        """A click on a column's label: sort by it, or flip it when it is the sort already."""
        if self.sort is not None and self.sort[0] == column:
            return column, not self.sort[1]
        return column, False

    def labels(self, labels: Sequence[str], widths: Sequence[int]) -> list[str]:
        """Column labels, the sort column's marked ▲ (ascending) or ▼ (descending); a label
        too long for its width is cut before the arrow, never the arrow."""
        shown = list(labels)
        if self.sort is not None:
            column, descending = self.sort
            arrow = _ARROWS[descending]
            room = widths[column] - len(arrow) if column < len(widths) else len(shown[column])
            label = shown[column]
            shown[column] = (label if len(label) <= room else fit(label, room)) + arrow
        return shown

    def _apply(self) -> None:
        sort, values_of = self.sort, self._sort_values
        if sort is None or values_of is None:
            self.sorted_keys, self._order, self._sorted_texts = self.keys, None, self.texts
            return
        column, descending = sort
        keys = self.keys
        values = values_of(column, keys)
        if any(v is None for v in values):
            present = [i for i, v in enumerate(values) if v is not None]
            present.sort(key=values.__getitem__, reverse=descending)  # stable either way
            order = present + [i for i, v in enumerate(values) if v is None]
        else:
            order = sorted(range(len(values)), key=values.__getitem__, reverse=descending)
        self._order, self._sorted_texts = order, None
        self.sorted_keys = list(map(keys.__getitem__, order))

"""What a `VirtualTable` tells its screen: the highlight moved, Enter, marks, visible rows.

Each names its table as `control`, so `@on(VirtualTable.Highlighted, "#records")` picks
one pane's messages; the namespace keeps the handler names they had as nested classes
(`on_virtual_table_highlighted`).
"""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class Highlighted(Message, namespace="virtual_table"):
    """The cursor moved to another row (`key` is None when the table is empty)."""

    def __init__(self, table: Widget, key: object) -> None:
        super().__init__()
        self.table = table
        self.key = key

    @property
    def control(self) -> Widget:
        """The table, so `@on(VirtualTable.Highlighted, "#id")` works."""
        return self.table


class Selected(Highlighted, namespace="virtual_table"):
    """Enter was pressed on a row."""


class MarksChanged(Message, namespace="virtual_table"):
    """The set of marked rows changed."""

    def __init__(self, table: Widget) -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> Widget:
        """The table, so `@on(VirtualTable.MarksChanged, "#id")` works."""
        return self.table


class Filtered(Message, namespace="virtual_table"):
    """The visible rows changed (search, view or new rows)."""

    def __init__(self, table: Widget) -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> Widget:
        """The table, so `@on(VirtualTable.Filtered, "#id")` works."""
        return self.table

"""A `VirtualTable`'s keys: moving, marking and searching, each with an id for `[keys]`."""

from __future__ import annotations

from textual.binding import Binding, BindingType

#: Every table's bindings, in the order `?` lists them.
TABLE_BINDINGS: list[BindingType] = [
    Binding("up,k", "cursor(-1)", "Up", show=False, id="table.up"),
    Binding("down,j", "cursor(1)", "Down", show=False, id="table.down"),
    Binding("pageup", "page(-1)", "Page up", show=False, id="table.page-up"),
    Binding("pagedown", "page(1)", "Page down", show=False, id="table.page-down"),
    Binding("home,g", "cursor_to(0)", "First row", show=False, id="table.first"),
    Binding("end,G", "cursor_to(-1)", "Last row", show=False, id="table.last"),
    Binding("enter", "select", "Select", show=False, id="table.select"),
    Binding("space", "toggle_mark", "Mark", show=False, id="table.mark"),
    Binding("shift+down", "extend_marks(1)", "Mark down", show=False, id="table.mark-down"),
    Binding("shift+up", "extend_marks(-1)", "Mark up", show=False, id="table.mark-up"),
    Binding("shift+pagedown", "extend_marks_page(1)", "Mark a page down", show=False,
            id="table.mark-page-down"),
    Binding("shift+pageup", "extend_marks_page(-1)", "Mark a page up", show=False,
            id="table.mark-page-up"),
    Binding("M", "mark_range", "Mark range", show=False, id="table.mark-range"),
    Binding("asterisk", "mark_shown", "Mark all shown", show=False, id="table.mark-shown"),
    Binding("o", "sort_next", "Sort by the next column", show=False, id="table.sort"),
    Binding("tilde", "sort_flip", "Flip the sort direction", show=False, id="table.sort-flip"),
    Binding("slash", "search", "Search", id="table.search"),
    Binding("ctrl+u", "search_erase_all", "Erase the search text", show=False,
            id="table.search-erase"),
    Binding("ctrl+w", "search_erase_word", "Erase the search's last word", show=False,
            id="table.search-erase-word"),
    Binding("escape", "clear", "Clear search/marks", show=False, id="table.clear"),
]  # fmt: skip

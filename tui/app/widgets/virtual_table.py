"""`VirtualTable`: a Line-API table that renders only the visible rows of a Python list.

The stock `DataTable` measures every cell when rows are added and freezes the UI for
seconds at 50,000 rows; this table keeps rows as plain keys, asks a callback for the cells
of the dozen rows on screen, and filters a pre-casefolded list when the user searches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, TypeAlias, TypeVar

import textual.scrollbar  # noqa: F401  (Textual imports it at a table's first paint: ~1 ms of the loop)
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.actions import SkipAction
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.widgets import virtual_table_messages as messages
from tui.app.widgets.row_order import RowOrder, SortValue, SortValues
from tui.app.widgets.virtual_table_cells import Cell, Column, Tone, column_widths, fit
from tui.app.widgets.virtual_table_keys import TABLE_BINDINGS
from tui.app.widgets.virtual_table_marks import MARK, TableMarks
from tui.app.widgets.virtual_table_search import TableSearch, TableSearchKeys
from tui.app.widgets.virtual_table_sort import TableSort

__all__ = [
    "Cell",
    "Column",
    "SortValue",
    "SortValues",
    "Tone",
    "VirtualTable",
    "column_widths",
    "fit",
]

K = TypeVar("K")


# The marks, the sort and the search's actions are mixins (see their modules), after
# `ScrollView`: they replace none of its names, and Textual's own classes keep their order.
class VirtualTable(ScrollView, TableMarks[K], TableSort[K], TableSearchKeys, can_focus=True):
    """A keyboard-first table over a list of keys: cursor, marks and type-to-search."""

    DEFAULT_CSS = """
    VirtualTable {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        background: $surface;
        & > .virtual-table--header { text-style: bold; color: $text-primary; }
        & > .virtual-table--cursor { background: $block-cursor-blurred-background; }
        & > .virtual-table--marked { color: $text-accent; }
        & > .virtual-table--dim { color: $text-muted; }
        & > .virtual-table--good { color: $text-success; }
        & > .virtual-table--warn { color: $text-warning; }
        & > .virtual-table--bad { color: $text-error; }
        & > .virtual-table--accent { color: $text-accent; }
        &:focus > .virtual-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--marked",
        "virtual-table--dim",
        "virtual-table--good",
        "virtual-table--warn",
        "virtual-table--bad",
        "virtual-table--accent",
    }

    BINDINGS: ClassVar[list[BindingType]] = TABLE_BINDINGS

    # The messages a table posts, for `@on(VirtualTable.Highlighted, "#id")`.
    Highlighted: TypeAlias = messages.Highlighted
    Selected: TypeAlias = messages.Selected
    MarksChanged: TypeAlias = messages.MarksChanged
    Filtered: TypeAlias = messages.Filtered

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[K], Sequence[Cell]],
        *,
        sort_values: SortValues[K] | None = None,
        noun: str = "rows",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = tuple(columns)
        self._cells = cells
        self.noun = noun
        self._keys: list[K] = []
        #: False until the first `set_rows`: see `check_action`.
        self._filled = False
        self._texts: list[str] = []
        self._order: RowOrder[K] = RowOrder(sort_values)
        self._view: Callable[[K], bool] | None = None
        self._visible: list[K] = []
        self.cursor = 0
        self.marked: set[K] = set()
        self._anchor: K | None = None
        self.query_text = ""
        self._search = TableSearch(self, self)
        self._last_highlighted: object = object()
        self._style_cache: dict[str, Style] = {}
        self._widths: list[int] = []
        self._widths_for = -1

    # -- data ---------------------------------------------------------------------------------

    def set_rows(self, keys: Sequence[K], texts: Sequence[str], *, folded: bool = False) -> None:
        """Replace every row; `texts` are the searchable strings, one per key.

        Pass `folded=True` when the texts are already casefolded (e.g. in a worker thread,
        so 50,000 rows cost the event loop nothing but this assignment).
        """
        self._keys = list(keys)
        self._filled = True
        self._texts = list(texts) if folded else [t.casefold() for t in texts]
        if self.marked:  # building a set of 50,000 keys for nothing was ~1 ms
            self.marked.intersection_update(self._keys)
        self._order.set_rows(self._keys, self._texts)
        self.refilter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """None of the table's keys before its rows are given: a table focused while it
        waits for them (see `MappingLayout._mount_panes`) lets every key through to the
        screen, and its keys stay out of the footer."""
        return self._filled

    def set_view(self, view: Callable[[K], bool] | None) -> None:
        """Show only rows whose key passes `view` (None shows every row), then search within."""
        self._view = view
        self.refilter()

    def refilter(self) -> None:
        """Recompute the visible rows from the view and the search, keeping the cursor's row."""
        current = self.cursor_key
        terms = self.query_text.casefold().split()
        view = self._view
        if terms:
            # The first word scans every row (~3 ms for 50,000); later words scan the survivors.
            first = terms[0]
            pairs = zip(self._order.sorted_keys, self._order.sorted_texts, strict=True)
            rows = [(k, t) for k, t in pairs if first in t]
            for term in terms[1:]:
                rows = [(k, t) for k, t in rows if term in t]
            visible = [k for k, _ in rows]
        else:
            visible = list(self._order.sorted_keys)
        if view is not None:
            visible = [k for k in visible if view(k)]
        self._visible = visible
        self.virtual_size = Size(0, len(visible) + 1)
        index = self._index_of(current) if current is not None else None
        self._move_to(index if index is not None else self.cursor, force_message=True)
        self._update_subtitle()
        self.refresh()
        self.post_message(self.Filtered(self))

    def refresh_rows(self) -> None:
        """Repaint the rows on screen: their cells changed but the set of rows did not."""
        self._update_subtitle()
        self.refresh()

    @property
    def visible_keys(self) -> Sequence[K]:
        """Keys of the rows that pass the view and the search, in display order."""
        return self._visible

    @property
    def row_count(self) -> int:
        """How many rows are in the table (before view and search)."""
        return len(self._keys)

    @property
    def cursor_key(self) -> K | None:
        """Key of the highlighted row, None when nothing is visible."""
        if 0 <= self.cursor < len(self._visible):
            return self._visible[self.cursor]
        return None

    @property
    def cursor_in_sight(self) -> bool:
        """Whether the highlighted row is on screen (not filtered out, not scrolled away)."""
        if self.cursor_key is None or not self.display:
            return False
        rows = self.scrollable_content_region.height - 1  # below the header line
        top = round(self.scroll_y)
        return rows > 0 and top <= self.cursor < top + rows

    def move_cursor_to_key(self, key: K) -> bool:
        """Highlight the row of `key`; False when it is not visible."""
        index = self._index_of(key)
        if index is None:
            return False
        self._move_to(index, center=True)
        return True

    def _index_of(self, key: K) -> int | None:
        try:
            return self._visible.index(key)
        except ValueError:
            return None

    # -- cursor and scrolling -------------------------------------------------------------------

    @property
    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _move_to(self, index: int, *, force_message: bool = False, center: bool = False) -> None:
        count = len(self._visible)
        old = self.cursor
        self.cursor = max(0, min(index, count - 1)) if count else 0
        self._scroll_to_cursor(center=center)
        if old != self.cursor:
            self.refresh_lines(old + 1)
            self.refresh_lines(self.cursor + 1)
        key = self.cursor_key
        if force_message or key != self._last_highlighted:
            self._last_highlighted = key
            self.post_message(self.Highlighted(self, key))

    def _scroll_to_cursor(self, *, center: bool = False) -> None:
        """Scroll just enough to show the cursor's row (or to the middle, after a jump)."""
        top = round(self.scroll_y)
        page = self._page_rows
        if top <= self.cursor < top + page:
            return
        if center:
            y = self.cursor - page // 2
        else:
            y = self.cursor if self.cursor < top else self.cursor - page + 1
        self.scroll_to(y=max(0, y), animate=False, immediate=True)

    def _on_resize(self, event: events.Resize) -> None:
        # A table shown after being hidden (or resized) keeps its highlighted row in view.
        self.call_after_refresh(self._scroll_to_cursor, center=True)

    def action_cursor(self, delta: int) -> None:
        """Move the highlight up or down."""
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        """Move the highlight by one screenful."""
        self._move_to(self.cursor + direction * self._page_rows)

    def action_cursor_to(self, index: int) -> None:
        """Jump to the first (0) or last (-1) row."""
        self._move_to(len(self._visible) - 1 if index < 0 else index)

    def action_select(self) -> None:
        """Tell the screen that Enter was pressed on the highlighted row."""
        if self.searching:
            self._end_search()
            return
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    # -- search -------------------------------------------------------------------------------

    def action_clear(self) -> None:
        """Escape: clear the search first, then the marks; with neither, let the screen have it."""
        if self.has_search:
            self.clear_search()
        elif self.marked:
            self.clear_marks()
        else:
            raise SkipAction()

    async def _on_key(self, event: events.Key) -> None:
        # The search's keys, in the order they are typed: see `TableSearch`.
        if await self._search.on_key(event):
            return
        await super()._on_key(event)

    def _on_paste(self, event: events.Paste) -> None:
        if self.searching:
            event.stop()
            self.set_search(self.query_text + " ".join(event.text.split()))

    def _on_blur(self, event: events.Blur) -> None:
        if self.searching:
            self._search.stop()
            self._update_subtitle()
        self._style_cache.clear()
        self.refresh()

    def _on_focus(self, event: events.Focus) -> None:
        self._style_cache.clear()
        self.refresh()

    def count_text(self) -> str:
        """The subtitle's count: rows shown of rows held."""
        return f"{len(self._visible):,} of {len(self._keys):,} {self.noun}"

    def _update_subtitle(self) -> None:
        parts = [self.count_text()]
        if self.marked:
            parts.append(f"{len(self.marked):,} marked")
        if not (self.searching or self.query_text):
            self.border_subtitle = Content(" · ".join(parts))
            return
        # The query is typed text, never markup; a kept search that the next key replaces
        # is shown selected.
        query = (self.query_text, "reverse") if self._search.replacing else self.query_text
        caret = "▏" if self.searching else ""
        self.border_subtitle = Content.assemble(" · ".join([*parts, "/"]), query, caret)

    # -- mouse --------------------------------------------------------------------------------

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < 1:
            self._header_clicked(offset.x)
            return
        self._move_to(round(self.scroll_y) + offset.y - 1)

    # -- rendering ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Drop cached styles when the theme or CSS changes."""
        super().notify_style_update()
        self._style_cache.clear()

    def _style(self, role: str) -> Style:
        style = self._style_cache.get(role)
        if style is None:
            base = self.rich_style
            style = base if not role else base + self.get_component_rich_style(role, partial=True)
            self._style_cache[role] = style
        return style

    def _column_widths(self, width: int) -> list[int]:
        if width != self._widths_for:
            self._widths = column_widths(self.columns, width - 2)
            self._widths_for = width
        return self._widths

    def render_line(self, y: int) -> Strip:
        """Line 0 is the header; the others are rows from the scroll position on."""
        width = self.scrollable_content_region.width
        if y == 0:
            widths = self._column_widths(width)
            labels = self._order.labels([c.label for c in self.columns], widths)
            return self._render_cells("  ", labels, width, self._style("virtual-table--header"))
        index = round(self.scroll_y) + y - 1
        if index >= len(self._visible):
            return Strip.blank(width, self._style(""))
        key = self._visible[index]
        marked = key in self.marked
        if index == self.cursor:
            style = self._style("virtual-table--cursor")
        elif marked:
            style = self._style("virtual-table--marked")
        else:
            style = self._style("")
        return self._render_cells(MARK + " " if marked else "  ", self._cells(key), width, style)

    def _render_cells(self, prefix: str, cells: Sequence[Cell], width: int, style: Style) -> Strip:
        segments = [Segment(prefix, style)]
        for column, cell_width, cell in zip(
            self.columns, self._column_widths(width), cells, strict=False
        ):
            if isinstance(cell, tuple):
                text, tone = cell
                cell_style = style + self._tone(tone) if tone else style
            else:
                text, cell_style = cell, style
            segments.append(Segment(fit(text, cell_width, column.align), cell_style))
            segments.append(Segment(" ", style))
        return Strip(segments).crop_extend(0, width, style)

    def _tone(self, tone: str) -> Style:
        key = f"tone:{tone}"
        style = self._style_cache.get(key)
        if style is None:
            style = self.get_component_rich_style(f"virtual-table--{tone}", partial=True)
            self._style_cache[key] = style
        return style

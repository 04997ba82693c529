"""A checklist of statuses or types: tick box, literal name, live company count and a small bar.

A Line-API widget rather than `SelectionList`: each row lays out its count and bar to the
pane's width, the tick reads `[x]`/`[ ]` so it survives NO_COLOR, and names are drawn as
plain segments, so remote text can never be taken as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.widgets.virtual_table_cells import inert

#: Bar glyphs by eighths, so small differences still show in a few cells.
_EIGHTHS = " ▏▎▍▌▋▊▉"


@dataclass(slots=True)
class ChecklistItem:
    """One row: a status or type by id, its count once known, and whether it is ticked."""

    id: int
    name: str
    note: str = ""
    count: int | None = None
    count_failed: bool = False
    checked: bool = False
    folded_name: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.name = inert(self.name)  # a status or type name is remote text
        self.folded_name = self.name.casefold()

    def matches(self, folded_query: str) -> bool:
        """Case-insensitive substring match on the name (the `/` search)."""
        return folded_query in self.folded_name


def bar(fraction: float, width: int) -> str:
    """A left-aligned bar of `width` cells filled to `fraction`; any non-zero shows a sliver."""
    if width <= 0:
        return ""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    if fraction > 0 and eighths == 0:
        eighths = 1
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text.ljust(width)


def ellipsize(text: str, width: int) -> str:
    """Cut `text` to `width` cells with a trailing ellipsis when it does not fit."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1) + "…"


class Checklist(ScrollView, can_focus=True):
    """Tickable rows with counts; posts `Checklist.Changed` whenever the ticked set changes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "space",
            "toggle_item",
            "Toggle",
            tooltip="Tick or untick the highlighted item",
            id="checklist.toggle",
        ),
        Binding(
            "a",
            "select_all",
            "All",
            tooltip="Tick every item shown in this list",
            id="checklist.select-all",
        ),
        Binding(
            "n",
            "select_none",
            "None",
            tooltip="Untick every item shown in this list",
            id="checklist.select-none",
        ),
        Binding("up,k", "cursor_up", "Up", show=False, id="checklist.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="checklist.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="checklist.page-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="checklist.page-down"),
        Binding("home", "first", "First", show=False, id="checklist.first"),
        Binding("end", "last", "Last", show=False, id="checklist.last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "checklist--cursor",
        "checklist--cursor-blurred",
        "checklist--tick",
        "checklist--note",
        "checklist--count",
        "checklist--bar",
        "checklist--empty",
    }

    DEFAULT_CSS = """
    Checklist {
        height: 1fr;
        background: $surface;
        overflow-x: hidden;
        padding-left: 1;
        & > .checklist--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .checklist--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .checklist--tick { color: $success; text-style: bold; }
        & > .checklist--note { color: $text-muted; text-style: italic; }
        & > .checklist--count { color: $text; }
        & > .checklist--bar { color: $accent; }
        & > .checklist--empty { color: $text-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(0, init=False)
    search: reactive[str] = reactive("", init=False)

    class Changed(Message):
        """The ticked set changed (by key or mouse)."""

        def __init__(self, checklist: Checklist) -> None:
            super().__init__()
            self.checklist = checklist

        @property
        def control(self) -> Checklist:
            """The checklist that changed."""
            return self.checklist

    def __init__(
        self, *, empty_text: str = "Nothing here.", id: str | None = None, name: str | None = None
    ) -> None:
        super().__init__(id=id, name=name)
        self.empty_text = empty_text
        self._items: list[ChecklistItem] = []
        self._shown: list[ChecklistItem] = []
        self._by_id: dict[int, ChecklistItem] = {}
        self._most = 0

    # -- data -------------------------------------------------------------------------------

    @property
    def items(self) -> list[ChecklistItem]:
        """Every item, shown or not."""
        return list(self._items)

    @property
    def shown(self) -> list[ChecklistItem]:
        """The items the current search shows, in order."""
        return list(self._shown)

    @property
    def checked_ids(self) -> frozenset[int]:
        """Ids of the ticked items (including any the search hides)."""
        return frozenset(item.id for item in self._items if item.checked)

    @property
    def highlighted(self) -> ChecklistItem | None:
        """The item under the cursor."""
        return self._shown[self.cursor] if 0 <= self.cursor < len(self._shown) else None

    def set_items(self, items: list[ChecklistItem]) -> None:
        """Replace every row (the cursor goes back to the top)."""
        self._items = list(items)
        self._by_id = {item.id: item for item in self._items}
        self._most = max((i.count for i in self._items if i.count is not None), default=0)
        self.cursor = 0
        self._reshow()

    def set_count(self, item_id: int, count: int | None, *, failed: bool = False) -> None:
        """Record an item's company count (or that fetching it failed)."""
        item = self._by_id.get(item_id)
        if item is not None:
            item.count = count
            item.count_failed = failed
            self._most = max((i.count for i in self._items if i.count is not None), default=0)
            self.refresh()

    # -- actions ----------------------------------------------------------------------------

    def action_toggle_item(self) -> None:
        """Flip the item under the cursor."""
        item = self.highlighted
        if item is not None:
            self._apply({item.id: not item.checked})

    def action_select_all(self) -> None:
        """Tick every shown item (a search narrows "all" to what it shows)."""
        self._apply({item.id: True for item in self._shown})

    def action_select_none(self) -> None:
        """Untick every shown item."""
        self._apply({item.id: False for item in self._shown})

    def action_cursor_up(self) -> None:
        """Move the cursor up one row."""
        self._move_to(self.cursor - 1)

    def action_cursor_down(self) -> None:
        """Move the cursor down one row."""
        self._move_to(self.cursor + 1)

    def action_page_up(self) -> None:
        """Move the cursor up a page."""
        self._move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        """Move the cursor down a page."""
        self._move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        """Move the cursor to the first row."""
        self._move_to(0)

    def action_last(self) -> None:
        """Move the cursor to the last row."""
        self._move_to(len(self._shown) - 1)

    async def _on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < len(self._shown):
            self.cursor = row
            self.action_toggle_item()

    # -- internals --------------------------------------------------------------------------

    def _apply(self, wanted: dict[int, bool]) -> None:
        changed = False
        for item_id, checked in wanted.items():
            item = self._by_id[item_id]
            if item.checked != checked:
                item.checked = checked
                changed = True
        if changed:
            self.refresh()
            self.post_message(self.Changed(self))

    def _move_to(self, row: int) -> None:
        if self._shown:
            self.cursor = max(0, min(len(self._shown) - 1, row))

    def watch_cursor(self) -> None:
        self.scroll_to_region(
            Region(0, self.cursor, 1, 1), animate=False, force=True, immediate=True
        )
        self.refresh()

    def watch_search(self) -> None:
        self._reshow()

    def _reshow(self) -> None:
        query = self.search.strip().casefold()
        self._shown = [i for i in self._items if i.matches(query)] if query else list(self._items)
        self.virtual_size = Size(0, max(1, len(self._shown)))
        self._move_to(self.cursor)
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        """Draw row `y` of the viewport: tick, name (+ note), count and bar fitted to the width."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        row = y + self.scroll_offset.y
        if not self._shown:
            if y == 0:
                text = ellipsize(self.empty_text if not self.search else "No match.", width)
                style = self.get_component_rich_style("checklist--empty")
                return Strip([Segment(text, style)]).adjust_cell_length(width, style)
            return Strip.blank(width, base)
        if row >= len(self._shown):
            return Strip.blank(width, base)
        item = self._shown[row]
        if row == self.cursor:
            name = "checklist--cursor" if self.has_focus else "checklist--cursor-blurred"
            base = self.get_component_rich_style(name)
        return Strip(self._row_segments(item, width, base)).adjust_cell_length(width, base)

    def _row_segments(self, item: ChecklistItem, width: int, base: Style) -> list[Segment]:
        most = self._most
        count_width = max(len(f"{most:,}"), 1)
        bar_width = 8 if width >= 44 else 5 if width >= 32 else 0
        tail_width = 1 + count_width + (1 + bar_width if bar_width else 0) + 1
        name_width = max(1, width - 4 - tail_width)

        if item.count is not None:
            count_text = f"{item.count:,}"
        else:
            count_text = "?" if item.count_failed else "…"

        note = f" ({item.note})" if item.note else ""
        note_style = base + self.get_component_rich_style("checklist--note", partial=True)
        name_style = base
        if note and cell_len(item.name + note) <= name_width:
            name = item.name
        elif note and name_width >= cell_len(note) + 2:
            name = ellipsize(item.name, name_width - cell_len(note))
        else:
            # Too narrow for the word: the muted style alone marks the row.
            name, note = ellipsize(item.name, name_width), ""
            name_style = note_style if item.note else base

        tick_style = base + self.get_component_rich_style("checklist--tick", partial=True)
        segments = [
            Segment("[x] " if item.checked else "[ ] ", tick_style if item.checked else base),
            Segment(name, name_style),
        ]
        if note:
            segments.append(Segment(note, note_style))
        used = 4 + cell_len(name) + cell_len(note)
        segments.append(Segment(" " * max(0, width - tail_width - used), base))
        count_style = base + self.get_component_rich_style("checklist--count", partial=True)
        segments.append(Segment(" " + count_text.rjust(count_width), count_style))
        if bar_width:
            fraction = (item.count or 0) / most if most else 0.0
            bar_style = base + self.get_component_rich_style("checklist--bar", partial=True)
            segments.append(Segment(" " + bar(fraction, bar_width), bar_style))
        segments.append(Segment(" ", base))
        return segments

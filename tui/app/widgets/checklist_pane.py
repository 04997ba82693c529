"""A titled pane around a `Checklist`, with the `/` search box that narrows a long list."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input

from tui.app.widgets.checklist import Checklist
from tui.app.widgets.type_ahead import SearchTypeAhead


class ChecklistPane(Vertical):
    """One of the filter screen's two lists; its border title says how many items are ticked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Search this list (a and n then act on the matches)",
            id="checklist.search",
        ),
        Binding("escape", "end_search", "Clear search", id="checklist.clear-search"),
    ]

    DEFAULT_CSS = """
    ChecklistPane {
        height: 1fr;
        border: round $foreground 30%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        &:focus-within { border: round $accent; border-title-style: bold; }
        & > Input { display: none; border: none; height: 1; padding: 0 1; }
        &.-searching > Input { display: block; }
    }
    """

    def __init__(
        self, title: str, *, empty_text: str, note: str = "", id: str | None = None
    ) -> None:
        """`note` sits in the bottom border (e.g. what the counts count) unless a search does."""
        super().__init__(id=id)
        self.title = title
        self.note = note
        self._empty_text = empty_text
        # Keys typed right behind `/` go to the search box until the list has the focus
        # again; otherwise "a" (tick all) or "n" (tick none) would fire.
        self._type_ahead = SearchTypeAhead(
            self,
            start=self.action_search,
            type_text=lambda text: self.search_box.insert_text_at_cursor(text),
        )

    def compose(self) -> ComposeResult:
        yield Checklist(empty_text=self._empty_text)
        yield Input(placeholder="search (enter: keep, esc: clear)", compact=True)

    @property
    def checklist(self) -> Checklist:
        """The list inside this pane."""
        return self.query_one(Checklist)

    @property
    def search_box(self) -> Input:
        """The search input (hidden until `/`)."""
        return self.query_one(Input)

    def on_mount(self) -> None:
        self.update_title()

    def on_key(self, event: events.Key) -> None:
        """`/` opens the search in key order; the keys right behind it are search text."""
        self._type_ahead.on_key(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.checklist:
            self._type_ahead.stop()

    def update_title(self) -> None:
        """Show "Statuses 5/7" so the choice is readable even when the list scrolls."""
        items = self.checklist.items
        ticked = sum(1 for item in items if item.checked)
        self.border_title = Content(f"{self.title} {ticked}/{len(items)}" if items else self.title)
        search = self.checklist.search.strip()
        if search:
            self.border_subtitle = Content(f"search: {search}")
        else:
            self.border_subtitle = Content(self.note) if self.note and items else None

    @on(Checklist.Changed)
    def _ticked_changed(self) -> None:
        self.update_title()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape only clears a search when one is open; otherwise it goes on to the screen."""
        if action == "search":
            return not self.search_box.has_focus
        if action == "end_search":
            return self.has_class("-searching") or bool(self.checklist.search)
        return True

    def action_search(self) -> None:
        """Open the search box over the bottom of the pane."""
        self.add_class("-searching")
        self.search_box.focus()

    def action_end_search(self) -> None:
        """Clear and close the search, back to the full list."""
        self.search_box.value = ""
        self.checklist.search = ""
        self.remove_class("-searching")
        self.checklist.focus()
        self.update_title()

    @on(Input.Changed)
    def _narrow(self, event: Input.Changed) -> None:
        event.stop()
        self.checklist.search = event.value
        self.update_title()

    @on(Input.Submitted)
    def _keep_search(self, event: Input.Submitted) -> None:
        """Enter keeps the narrowed list (named in the border) and goes back to it.

        Space, `a` and `n` then act on what it shows; escape on the list clears the search.
        """
        event.stop()
        self.remove_class("-searching")
        self.checklist.focus()

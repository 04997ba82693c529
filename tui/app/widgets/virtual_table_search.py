"""`TableSearch`: a `VirtualTable`'s search as its keys see it, in the order they are typed.

`/` opens the search and the keys typed behind it are its text (`SearchTypeAhead`).
While it is open, backspace, ctrl+u (erase all) and ctrl+w (erase the last word) edit
it, and Enter (keep the result) or Escape (clear it) close it, all in key order: a
binding would run only after the keys already typed behind it. The keys typed in the
same burst behind that Enter or Escape were typed before the result was on screen, so
they run nothing (`a` would accept, `l` link, a second Escape leave the screen) and a
notice names them.

`TableSearchKeys` holds the table's search actions and is mixed into `VirtualTable` (a
binding reaches only the widget's own actions); the key, paste and focus events that
route to the search stay the widget's own handlers.
"""

from __future__ import annotations

from typing import Protocol

from textual import events
from textual.widget import Widget

from tui.app.widgets.type_ahead import SearchTypeAhead

#: The table's actions that run in key order while a search is typed.
SEARCH_EDITS = frozenset({"select", "clear", "search_erase_all", "search_erase_word"})


class SearchedTable(Protocol):
    """What `TableSearch` uses of its table."""

    query_text: str

    def set_search(self, text: str) -> None: ...
    def action_search(self) -> None: ...
    async def run_action(self, action: str) -> None: ...


def without_last_word(text: str) -> str:
    """`text` less its last word and the spaces after it (as ctrl+w erases in a shell)."""
    kept = text.rstrip()
    words = kept.split()
    return kept[: len(kept) - len(words[-1])] if words else ""


class SearchingTable(Protocol):
    """What `TableSearchKeys` uses of its table (`VirtualTable` has each)."""

    query_text: str
    _search: TableSearch

    @property
    def searching(self) -> bool: ...
    def refilter(self) -> None: ...
    def set_search(self, text: str) -> None: ...
    def _update_subtitle(self) -> None: ...


class TableSearchKeys:
    """A table's search: `/` opens it, ctrl+u and ctrl+w edit it, Escape clears it."""

    def set_search(self: SearchingTable, text: str) -> None:
        """Search for `text` (every word must appear); empty shows every row of the view."""
        self.query_text = text
        self.refilter()

    @property
    def searching(self: SearchingTable) -> bool:
        """Whether typed keys are going into the search (between `/` and Enter or Escape)."""
        return self._search.typing

    @property
    def has_search(self: SearchingTable) -> bool:
        """Whether Escape has a search to clear here (see `TableSearch.pending`)."""
        return self._search.pending

    def action_search(self: SearchingTable) -> None:
        """Start typing to narrow the rows; Enter keeps the result, Escape clears it."""
        self._search.open()
        self._update_subtitle()

    def action_search_erase_all(self: SearchingTable) -> None:
        """Erase the search text (ctrl+u: clear to the start), still searching."""
        if self.searching or self.query_text:
            self.set_search("")

    def action_search_erase_word(self: SearchingTable) -> None:
        """Erase the search's last word and the spaces after it (ctrl+w)."""
        if self.searching or self.query_text:
            self.set_search(without_last_word(self.query_text))

    def clear_search(self: SearchingTable) -> None:
        """Close and clear the search: every row of the view again."""
        self._search.close(cleared=True)
        self.set_search("")

    def _end_search(self: SearchingTable) -> None:
        self._search.close()
        self._update_subtitle()


class TableSearch:
    """The search state of one table: typing or not, opened since the last clear, and the
    keys dropped because they were typed before the search closed."""

    def __init__(self, owner: Widget, table: SearchedTable) -> None:
        self._owner = owner
        self._table = table
        self._type_ahead = SearchTypeAhead(
            owner,
            start=table.action_search,
            type_text=self._typed,
        )
        self._opened = False  # a search was opened and Escape has not cleared it yet
        self._replacing = False  # `/` reopened a kept search: the next text replaces it
        self._unrun: list[str] = []  # keys dropped and not yet named in a notice

    @property
    def typing(self) -> bool:
        """Whether printable keys are going into the search (between `/` and Enter/Escape)."""
        return self._type_ahead.typing

    @property
    def pending(self) -> bool:
        """Whether Escape has a search to clear: one being typed, one narrowing the rows,
        or one opened (even if its text is empty now) and not cleared since."""
        return self.typing or bool(self._table.query_text) or self._opened

    @property
    def replacing(self) -> bool:
        """Whether the text shown is a kept search that the next typed text replaces (shown
        selected); backspace and ctrl+w edit it instead, to refine it."""
        return self._replacing

    def open(self) -> None:
        """Typed keys are search text from now on; a kept search stays shown, selected, so
        `/` starts a new search as in `less` or vim, and backspace still refines it."""
        self._replacing = bool(self._table.query_text)
        self._type_ahead.begin()
        self._opened = True

    def _typed(self, text: str) -> None:
        kept = "" if self._replacing else self._table.query_text
        self._replacing = False
        self._table.set_search(kept + text)

    def close(self, *, cleared: bool = False) -> None:
        """Keys are commands again, except those typed before now; `cleared` when Escape
        took the search away (nothing left for the next Escape to clear)."""
        self._type_ahead.close()
        self._replacing = False
        if cleared:
            self._opened = False

    def stop(self) -> None:
        """The table lost the focus: keys are its commands again once it has it back."""
        self._type_ahead.stop()

    async def on_key(self, event: events.Key) -> bool:
        """Route one key; True when it was the search's (then nothing else sees it)."""
        type_ahead = self._type_ahead
        if type_ahead.on_key(event):
            return True
        if self.typing:
            if event.key == "backspace" or type_ahead.bound_action(event.key) in SEARCH_EDITS:
                self._replacing = False  # editing the kept search, not replacing it
            if event.key == "backspace":
                _consume(event)
                self._table.set_search(self._table.query_text[:-1])
                return True
            action = type_ahead.bound_action(event.key)
            if action in SEARCH_EDITS:
                _consume(event)
                await self._table.run_action(action)
                return True
            return False
        if type_ahead.typed_before_close(event):
            _consume(event)
            if not self._unrun:
                self._owner.call_later(self._report_unrun)
            printed = event.character if event.is_printable else None
            self._unrun.append(printed or event.key)
            return True
        return False

    def _report_unrun(self) -> None:
        keys, self._unrun = " ".join(self._unrun), []
        self._owner.notify(f"Not run (typed before the search closed): {keys}", markup=False)


def _consume(event: events.Key) -> None:
    event.stop()
    event.prevent_default()

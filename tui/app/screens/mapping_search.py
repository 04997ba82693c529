"""Searching from the mapping screen: `f` finds the highlighted record's company, and
Escape clears a search left in either pane before it ever leaves the screen.

(`/`, the type-ahead behind it and the search's editing keys are each pane's own:
`VirtualTable`.)
"""

from __future__ import annotations

from tui.app.screens.mapping_layout import MappingLayout
from tui.app.widgets.virtual_table import VirtualTable
from tui.core.search_words import SearchWords


class SearchKeys(MappingLayout):
    """The mapping screen's search keys."""

    _search_words: SearchWords | None = None  # built on the first `f`

    def action_find(self) -> None:
        """Search the companies pane for the highlighted record's rarest word (one key);
        the cursor lands on the first company found, ready for `l`."""
        session = self.session
        record_id = self.records_table.cursor_key
        if session is None or record_id is None:
            return
        if self._search_words is None:
            self._search_words = SearchWords(c.name for c in session.companies)
        text = self._search_words.for_record(session.record_by_id[record_id].name)
        companies = self.companies_table
        companies.focus()
        companies.set_search(text)
        companies.action_cursor_to(0)

    def clear_searches(self) -> bool:
        """Clear the search of each pane that has one; True when there was any (then this
        Escape did that, and does not also leave the screen)."""
        # The panes as mounted (none yet in the loading view's first frame): records, companies.
        cleared = [pane for pane in self.query(VirtualTable) if pane.has_search]
        for pane in cleared:
            pane.clear_search()
        if cleared:
            names = " and ".join(pane.noun for pane in cleared)
            self.notify(f"Search cleared ({names}); Escape again goes back", markup=False)
        return bool(cleared)

"""Which records the mapping screen shows and which count as ready: the view and threshold keys."""

from __future__ import annotations

from tui.app.screens.mapping_layout import MappingLayout
from tui.core.session import VIEWS


class ViewKeys(MappingLayout):
    """`v` cycles the view, `+`/`-` move the accept-all threshold, `n` finds the next undecided."""

    def action_threshold(self, delta: int) -> None:
        """Raise or lower the accept-all threshold; the counts line shows how many are ready."""
        self.threshold = max(50.0, min(100.0, self.threshold + delta))
        self.records_table.threshold = self.threshold
        self.records_table.refresh_rows()
        self.refresh_counts()

    def action_cycle_view(self) -> None:
        """Show all records, then only unmapped, conflicts, drift."""
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self.apply_view()
        self.refresh_counts()

    def action_next_unmapped(self) -> None:
        """Jump to the next record that is neither mapped nor ignored."""
        if self.session is None:
            return
        table = self.records_table
        found = self.session.next_unmapped(table.cursor_key, table.visible_keys)
        if found is None:
            self.notify("Every record shown is mapped or ignored", markup=False)
            return
        table.move_cursor_to_key(found)
        table.focus()

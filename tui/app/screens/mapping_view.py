"""Which records the mapping screen shows and which count as ready: the view and threshold keys."""

from __future__ import annotations

from tui.app.screens.mapping_layout import MappingLayout
from tui.core.session import VIEWS, View


class ViewKeys(MappingLayout):
    """`v` cycles the view (`O`: the orphans), `+`/`-` move the accept-all threshold, `n`
    finds the next undecided."""

    def action_threshold(self, delta: int) -> None:
        """Raise or lower the accept-all threshold; the counts line shows how many are ready."""
        self.threshold = max(50.0, min(100.0, self.threshold + delta))
        self.records_table.threshold = self.threshold
        self.records_table.refresh_rows()
        self.refresh_counts()

    def action_cycle_view(self) -> None:
        """Show all records, then only unmapped, conflicts, drift, renamed, orphans."""
        self.action_view(VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)])

    def action_view(self, view: View) -> None:
        """Show one view of the records (the same one again: back to all)."""
        self.view = "all" if view == self.view else view
        self.records_table.clear_marks()  # marks never reach into rows no longer shown
        self.apply_view()
        self.refresh_counts()
        self.refresh_bindings()  # the keys offered differ in the orphans view

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

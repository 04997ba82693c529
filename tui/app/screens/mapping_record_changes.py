"""Records that changed since they were mapped: remove orphans' entries, confirm new names.

An orphan (its record left the records file) keeps its entry until the user removes it
here, in the orphans view; a renamed record keeps the name it was mapped under until the
user confirms the new one (re-linking it does the same). Both are undoable session
actions, saved like any other. The rule for both is `tui.core.record_drift`, `check`'s.
"""

from __future__ import annotations

from tui.app.screens.mapping_layout import MappingLayout


class RecordChangesKeys(MappingLayout):
    """`D` removes the highlighted (or marked) orphans' entries; `R` confirms new names."""

    def action_remove_orphans(self) -> None:
        """Remove the highlighted (or marked) orphans' entries (undo brings them back)."""
        session = self.session
        if session is None:
            return
        ids = [rid for rid in self.records_table.selection() if session.is_orphan(rid)]
        if not ids:
            self.notify("No orphan here: every entry's record is in the file", markup=False)
            return
        changed = session.remove_orphans(ids)
        self.after_change(f"Removed {changed:,} orphan entr{'y' if changed == 1 else 'ies'}")

    def action_confirm_names(self) -> None:
        """Save the new name of the highlighted (or marked) renamed records in the mapping."""
        session = self.session
        if session is None:
            return
        ids = [rid for rid in self.records_table.selection() if session.is_renamed(rid)]
        if not ids:
            self.notify("Not renamed: its name is the one the mapping saved", markup=False)
            return
        changed = session.confirm_names(ids)
        self.after_change(f"Confirmed {changed:,} new name{'s' if changed != 1 else ''}")

"""The mapping screen: local records on the left, filtered PSA companies on the right.

The screen is a view of a `MappingSession` (tui/core/session.py): each key runs one
session action, then the tables repaint the few rows on screen and the counts line
updates. Loading and saving are an object the screen owns: `MappingFlow` (what happens,
mapping_flow.py) run and shown by `MappingFlowUI` (mapping_flow_ui.py).

The screen is put together from parts with one job each, all on `MappingLayout`
(mapping_layout.py: widgets and shared state): `DecisionKeys` (mapping_decisions.py),
`RecordChangesKeys` (mapping_record_changes.py: orphans, renamed records),
`SearchKeys` (mapping_search.py), `ViewKeys` (mapping_view.py) and `DetailFollowsCursor`
(mapping_detail.py). What is left here is loading, saving, leaving and the PSA side.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.worker import Worker

from tui.app.screen_memory import collect_when_left
from tui.app.screens.mapping_decisions import DecisionKeys
from tui.app.screens.mapping_detail import DetailFollowsCursor
from tui.app.screens.mapping_keys import MAPPING_BINDINGS
from tui.app.screens.mapping_record_changes import RecordChangesKeys
from tui.app.screens.mapping_search import SearchKeys
from tui.app.screens.mapping_view import ViewKeys


class MappingScreen(DecisionKeys, RecordChangesKeys, SearchKeys, ViewKeys, DetailFollowsCursor):
    """Match the user's records to the filtered PSA companies and save the mapping file."""

    # Default CSS, not a CSS_PATH file: see `tui.app.screens`.
    DEFAULT_CSS = """
    MappingScreen {
        layout: vertical;

        /* Shown once loaded (`_reveal_panes`: on the widgets, not by a class on the screen,
           which would restyle every widget of it). */
        #panes {
            display: none;
            height: 1fr;
            layout: vertical;
        }
        &.-wide #panes { layout: horizontal; }

        #panes > VirtualTable {
            width: 1fr;
            height: 1fr;
            border: round $foreground 30%;
            border-title-color: $text;
            border-subtitle-color: $text-muted;
            &:focus { border: round $accent; border-title-style: bold; }
        }

        #detail { display: none; }
    }
    """
    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = MAPPING_BINDINGS

    # -- loading, saving, leaving: the flow's ----------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failed load or save becomes a visible message."""
        self.flow_ui.on_worker_failed(event.worker)

    def action_retry(self) -> None:
        """Try the load again after a failure."""
        self.flow_ui.retry()

    def action_save(self) -> None:
        """Write the mapping file (atomic, keeps .bak); never over a file changed on disk."""
        self.flow_ui.save()

    def action_save_as(self) -> None:
        """Write the mapping to another file and keep working with that one."""
        self.flow_ui.save(ask_path=True)

    def confirm_quit(self, *, back: bool = False) -> bool:
        """Ask before leaving with unsaved changes; True means "I asked, do not leave yet"."""
        return self.flow_ui.confirm_quit(back=back)

    def action_leave(self) -> None:
        """Quit psamap, asking first when there are unsaved changes."""
        if not self.confirm_quit():
            self.app.exit()

    def action_back(self) -> None:
        """Back to the filter screen (to choose other statuses or types), asking if unsaved;
        a search left in either pane is cleared first, and that takes this Escape."""
        if self.clear_searches():
            return
        if not self.confirm_quit(back=True):
            self.dismiss()

    def on_unmount(self) -> None:
        """Left for good: collect this screen with its session and companies (the load
        froze them out of the collector's way)."""
        collect_when_left(self)

    # -- the PSA side ---------------------------------------------------------------------------

    def action_create(self) -> None:
        """Create PSA companies for the marked records, else for the unmapped ones in view."""
        self.psa_side.create_from(self.records_table)

    def action_export_unmapped(self) -> None:
        """Write the filter's companies that no record maps to as a records file."""
        self.psa_side.export_unmapped()

"""How a mapping is loaded and saved: a plain object the mapping screen owns, with no widgets.

The flow's parts each have one module: the load sequence (`mapping_load.py`), saving
and conflicts (`mapping_save.py`), the recovery journal (`mapping_recovery.py`); what
they share, and the `MappingFlowView` they talk to the screen through, is
`mapping_flow_state.py`. This class is the one object the screen (and the tests) hold.
"""

from __future__ import annotations

from tui.app.screens import mapping_load, mapping_recovery, mapping_save
from tui.app.screens.mapping_flow_state import Choice, FlowState, MappingFlowView, PaneRows
from tui.core.session import MappingSession

__all__ = ["Choice", "MappingFlow", "MappingFlowView", "PaneRows"]


class MappingFlow(FlowState):
    """Loads the data behind a mapping screen and saves its mapping file."""

    async def load(self) -> None:
        """Ask for what is missing, load, match and show the session (`mapping_load`)."""
        await mapping_load.load(self)

    async def save(self, session: MappingSession, *, ask_path: bool = False) -> bool:
        """Write the mapping file, asking on a conflict; True once saved (`mapping_save`)."""
        return await mapping_save.save(self, session, ask_path=ask_path)

    async def reload(self, session: MappingSession) -> None:
        """Read the mapping file again, dropping unsaved work (`mapping_save`)."""
        await mapping_save.reload(self, session)

    def write_journal(self, session: MappingSession) -> None:
        """Keep the session's unsaved changes on disk (`mapping_recovery`)."""
        mapping_recovery.write_journal(self, session)

    def discard_journal(self) -> None:
        """The user dropped the unsaved work on purpose (`mapping_recovery`)."""
        mapping_recovery.discard_journal(self)

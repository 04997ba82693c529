"""The filter screen's ticks kept in the state file: the tenant opens with them next time.

The screen notes each new choice as it is made (`_choice_changed`); this writes it, off the
event loop after a toggle and at once when the screen is left, and says so when it cannot.
"""

from __future__ import annotations

from textual import work
from textual.screen import Screen

from tui.app.problems import Problem
from tui.app.screens.filter_model import ChoiceMemory


class RemembersChoice(Screen[Problem | None]):
    """Writes the choice `_memory` holds; a failed write is a warning, never a crash."""

    _memory: ChoiceMemory  # the screen's own (set in `FilterScreen.__init__`)

    @work(exclusive=True, group="filter-remember", exit_on_error=False)
    async def _remember_later(self) -> None:
        """Write the choice off the event loop; a newer toggle supersedes a pending write."""
        try:
            await self._memory.write_pending()
        except OSError as exc:
            self._warn_not_remembered(exc)

    def remember_now(self) -> None:
        """Write the choice straight away if it changed (leaving the screen, continuing)."""
        try:
            self._memory.write_now()
        except OSError as exc:
            self._warn_not_remembered(exc)

    def _warn_not_remembered(self, exc: OSError) -> None:
        self.notify(f"Could not remember the choice: {exc}", severity="warning", markup=False)

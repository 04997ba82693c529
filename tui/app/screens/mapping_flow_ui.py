"""The mapping screen's side of loading and saving: progress, dialogs, workers, leaving.

`MappingFlow` (mapping_flow.py) decides what happens; this object shows it on the screen
(the loading step, its progress bar, a failure with `r: retry`), asks the questions with
the mapping dialogs, runs the flow in workers (so a failure becomes a message, never a
crash) and asks before leaving with unsaved changes. The screen owns one and delegates
its load, save and leave actions to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from tui.app.problems import explain
from tui.app.screens.mapping_dialogs import ChoiceDialog, PathDialog
from tui.app.screens.mapping_flow import Choice, MappingFlow, MappingFlowView, PaneRows
from tui.app.widgets.loading_view import LoadingView
from tui.core.journal import JOURNAL_DELAY_SECONDS

if TYPE_CHECKING:
    from tui.core.session import MappingSession

LOAD_GROUP = "mapping-load"
SAVE_GROUP = "mapping-save"


class MappingPanes(Protocol):
    """What the flow's screen does with a session: the mapping screen fills its panes."""

    session: MappingSession | None

    def show_session(self, session: MappingSession, rows: PaneRows | None = None) -> None:
        """Fill both panes from a (new or reloaded) session."""

    def refresh_counts(self) -> None:
        """Repaint the counts line (after a save clears the unsaved mark)."""


class MappingFlowUI:
    """Runs a `MappingFlow` on a screen; implements the flow's `MappingFlowView`."""

    def __init__(
        self,
        screen: Screen,
        panes: MappingPanes,
        flow: Callable[[MappingFlowView], MappingFlow],
    ) -> None:
        """`flow` builds the flow with this object as its view."""
        self.screen = screen
        self.panes = panes
        self.failed = False
        self.flow = flow(self)
        self._journal_timer: Timer | None = None

    # -- the flow's view -----------------------------------------------------------------------

    def step(self, text: str, done: float | None = None, total: float | None = None) -> None:
        """Show the loading step and its progress."""
        self.screen.query_one(LoadingView).show_step(text, done, total)

    def tell(self, message: str) -> None:
        """A toast; remote text (paths, names) is never markup."""
        self.screen.notify(message, markup=False)

    def show(self, session: MappingSession, rows: PaneRows | None) -> None:
        """Hand the session to the panes."""
        self.failed = False
        self.panes.show_session(session, rows)

    def fail(self, headline: str, detail: str = "") -> None:
        """Show why loading stopped; `r` retries."""
        self.failed = True
        text = f"{headline}: {detail}" if detail else headline
        self.screen.query_one(LoadingView).show_error(text)
        self.screen.refresh_bindings()

    def go_back(self) -> None:
        """Back to the filter screen."""
        self.screen.dismiss()

    async def choose(self, title: str, message: str, choices: Sequence[Choice]) -> str | None:
        """A `ChoiceDialog`, waited for."""
        return await self.screen.app.push_screen_wait(ChoiceDialog(title, message, choices))

    async def ask_path(
        self, title: str, message: str, *, value: str = "", error: str = "",
        must_exist: bool = True,
    ) -> Path | None:  # fmt: skip
        """A `PathDialog` (with completion), waited for."""
        dialog = PathDialog(title, message, value=value, error=error, must_exist=must_exist)
        return await self.screen.app.push_screen_wait(dialog)

    # -- the recovery journal -------------------------------------------------------------------

    def note_change(self) -> None:
        """A session action happened: journal it within `JOURNAL_DELAY_SECONDS` (one write
        per burst of actions, so holding a key does not write on every repeat)."""
        if self._journal_timer is None:
            self._journal_timer = self.screen.set_timer(JOURNAL_DELAY_SECONDS, self.flush_journal)

    def flush_journal(self) -> None:
        """Write the journal now (also what SIGTERM/SIGHUP do before exiting)."""
        if self._journal_timer is not None:
            self._journal_timer.stop()
            self._journal_timer = None
        session = self.panes.session
        if session is None:
            return
        try:
            self.flow.write_journal(session)
        except OSError as exc:  # a full disk must not stop the user working: say so once
            problem = explain(exc)
            self.screen.notify(problem.detail, title="Recovery journal not written",
                               severity="warning", markup=False)  # fmt: skip

    # -- running the flow ---------------------------------------------------------------------

    def start_loading(self) -> None:
        """(Re)start the load sequence in a worker."""
        self.failed = False
        self.screen.query_one(LoadingView).show_error("")
        self.screen.refresh_bindings()
        self.screen.run_worker(
            self.flow.load(), group=LOAD_GROUP, exclusive=True, exit_on_error=False
        )

    def retry(self) -> None:
        """Try the load again after a failure."""
        if self.failed:
            self.start_loading()

    def save(self, *, ask_path: bool = False, then_leave: str = "") -> None:
        """Save in a worker; then repaint, say so, and leave if asked ("back" or "quit")."""
        session = self.panes.session
        if session is None:
            return

        async def saving() -> None:
            if not await self.flow.save(session, ask_path=ask_path):
                return
            self.panes.refresh_counts()
            self.screen.refresh_bindings()
            self.tell(f"Saved {self.flow.mapping_path}")
            if then_leave:
                self.leave(back=then_leave == "back")

        self.screen.run_worker(saving(), group=SAVE_GROUP, exclusive=True, exit_on_error=False)

    def on_worker_failed(self, worker: Worker[object]) -> None:
        """A failed load or save becomes a visible message (never a crash)."""
        if worker.state is not WorkerState.ERROR or worker.error is None:
            return
        problem = explain(worker.error)
        if worker.group == LOAD_GROUP:
            self.fail(problem.headline, problem.detail)
        else:
            self.screen.notify(
                problem.detail, title=problem.headline, severity="error", markup=False
            )

    # -- leaving ------------------------------------------------------------------------------

    def confirm_quit(self, *, back: bool = False) -> bool:
        """Ask before leaving with unsaved changes; True means "I asked, do not leave yet"."""
        session = self.panes.session
        if session is None or not session.dirty:
            return False
        verb = "go back" if back else "quit"

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.save(then_leave="back" if back else "quit")
            elif answer == "discard":
                self.flow.discard_journal()
                self.leave(back=back)

        self.screen.app.push_screen(
            ChoiceDialog(
                "Unsaved changes",
                f"The mapping has changes not saved to {self.flow.mapping_path}.",
                [
                    ("save", "s", f"Save and {verb}"),
                    ("discard", "d", f"{verb.capitalize()} without saving"),
                    ("cancel", "c", "Cancel"),
                ],
            ),
            answered,
        )
        return True

    def leave(self, *, back: bool) -> None:
        """Back to the filter screen, or quit psamap."""
        session = self.panes.session
        if session is None or not session.dirty:
            self.flow.discard_journal()
        if back:
            self.screen.dismiss()
        else:
            self.screen.app.exit()

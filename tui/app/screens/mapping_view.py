"""Which records the mapping screen shows, in what order, and which count as ready: the view,
review-queue, score-band and threshold keys."""

from __future__ import annotations

from collections.abc import Callable

from tui.app.screens.mapping_dialogs import TextDialog
from tui.app.screens.mapping_layout import MappingLayout
from tui.app.screens.mapping_views import QUEUE
from tui.core.review import NotAScore, parse_band, parse_score
from tui.core.session import View


class ViewKeys(MappingLayout):
    """`v` cycles the view (`O`: the orphans), `Q` opens the review queue, `B` a score band;
    `+`/`-` (`>`/`<` by 5, `t` typed) move the accept-all threshold; `n` finds the next
    undecided record."""

    def action_threshold(self, delta: int) -> None:
        """Raise or lower the accept-all threshold; the counts line shows how many are ready."""
        self._show_threshold(self.views.step_threshold(delta))

    def action_type_threshold(self) -> None:
        """Type the threshold (a whole score 0..100)."""

        def answered(text: str | None) -> None:
            if text is not None:
                self._show_threshold(self.views.set_threshold(parse_score(text)))

        dialog = TextDialog(
            "Threshold",
            "Accept-all takes the clear suggestions scoring this or more (0 to 100):",
            value=f"{self.threshold:g}",
            check=_problem(parse_score),
        )
        self.app.push_screen(dialog, answered)

    def _show_threshold(self, threshold: float) -> None:
        self.records_table.threshold = threshold
        self.records_table.refresh_rows()
        self.refresh_counts()

    def action_cycle_view(self) -> None:
        """Show all records, then only unmapped, conflicts, drift, renamed, orphans (then
        the score band, once one is set)."""
        self._show_view(self.views.following())

    def action_view(self, view: View) -> None:
        """Show one view of the records (the same one again: back to all)."""
        self._show_view("all" if view == self.views.name else view)

    def action_review_queue(self) -> None:
        """The review queue (undecided records, best score first), or back to all records."""
        self._show_view("all" if self.views.name == QUEUE else QUEUE)
        table = self.records_table
        if self.views.name == QUEUE and table.visible_keys:
            table.action_cursor_to(0)  # the surest first
            table.focus()

    def action_score_band(self) -> None:
        """Show only the records whose best score lies in a band typed as `70-85`."""

        def answered(text: str | None) -> None:
            if text is not None:
                self.views.set_band(parse_band(text))
                self._show_view(self.views.name)

        dialog = TextDialog(
            "Score band",
            "Show the records whose best score lies in (two scores, as in 70-85):",
            value=str(self.views.band),
            check=_problem(parse_band),
        )
        self.app.push_screen(dialog, answered)

    def _show_view(self, name: str) -> None:
        self.views.name = name
        self.records_table.clear_marks()  # marks never reach into rows no longer shown
        self.apply_view()
        self.refresh_counts()
        self.refresh_bindings()  # the keys offered differ in the orphans view

    def action_next_unmapped(self) -> None:
        """Jump to the next record that is neither mapped nor ignored (in the pane's order:
        the review queue's, best score first, when it is on)."""
        if self.session is None:
            return
        table = self.records_table
        found = self.session.next_unmapped(table.cursor_key, table.visible_keys)
        if found is None:
            self.notify("Every record shown is mapped or ignored", markup=False)
            return
        table.move_cursor_to_key(found)
        table.focus()


def _problem(parse: Callable[[str], object]) -> Callable[[str], str]:
    """A dialog check made of a parser: what `NotAScore` says, or "" when the text parses."""

    def check(text: str) -> str:
        try:
            parse(text)
        except NotAScore as exc:
            return str(exc)
        return ""

    return check

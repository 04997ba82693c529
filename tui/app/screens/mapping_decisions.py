"""Deciding records on the mapping screen: accept, link, pick a candidate, unmap, ignore, undo.

Each key runs one `MappingSession` action on the highlighted (or marked) records, then
`after_change` repaints and says what happened; a key that cannot apply says why.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on

from tui.app.screens.mapping_dialogs import ChoiceDialog, TextDialog, confirm
from tui.app.screens.mapping_layout import MappingLayout
from tui.app.widgets.virtual_table import VirtualTable


class DecisionKeys(MappingLayout):
    """The mapping screen's decision keys (`a`/`y`, `1`-`3`, `l`, `A`, `u`, `i`, `z`, `Z`)."""

    _last_ignore_reason = "no PSA company"  # offered again for the next record

    @on(VirtualTable.Selected, "#records")
    def _record_selected(self) -> None:
        if self.check_action("accept_best", ()):  # not on an orphan's row
            self.action_accept_best()

    @on(VirtualTable.Selected, "#companies")
    def _company_selected(self) -> None:
        if self.check_action("link", ()):
            self.action_link()

    def action_accept_best(self) -> None:
        """Accept the best suggestion of the highlighted (or marked) records."""
        session = self.session
        if session is None or not self.records_table.selection():
            return

        def accept(ids: list[str]) -> None:
            changed = session.accept_best(ids)
            if changed:
                self.after_change(f"Accepted {changed:,} of {len(ids):,}", advance=True)
            else:
                many = "Nothing to accept: ambiguous, already decided or without suggestion"
                self.notify(self._why_not(ids[0]) if len(ids) == 1 else many, markup=False)

        self._on_selection("Accept the best suggestion of", accept)

    def _on_selection(self, verb: str, act: Callable[[list[str]], None]) -> None:
        """Run `act` on the records the key applies to; when some marks are hidden by the
        search or the view, ask first whether they count: an action must never reach rows
        the user cannot see without saying so."""
        table = self.records_table
        ids = table.selection()
        hidden = table.marks_out_of_view()
        if not hidden:
            act(ids)
            return
        visible = set(table.visible_keys)
        shown = [rid for rid in ids if rid in visible]
        choices = [("all", "a", f"All {len(ids):,}")]
        if shown:
            choices.append(("shown", "s", f"Only the {len(shown):,} shown"))
        choices.append(("no", "n", "Cancel"))
        question = (
            f"{verb} {len(ids):,} marked records? {hidden:,} of them are hidden by the "
            "search or the view."
        )

        def answered(answer: str | None) -> None:
            if answer == "all":
                act(ids)
            elif answer == "shown" and shown:
                act(shown)

        self.app.push_screen(ChoiceDialog("Marked records out of view", question, choices),
                             answered)  # fmt: skip

    def action_pick(self, number: int) -> None:
        """Link the highlighted record to candidate `number` (as numbered below the panes),
        then move on to the next undecided record: the review queue's one key a record."""
        session = self.session
        record_id = self.records_table.cursor_key
        if session is None or record_id is None:
            return
        # The next undecided record in the pane's order (the queue's, when it is on), taken
        # before the link: a view of undecided records drops this one from the order.
        following = session.next_unmapped(record_id, self.records_table.visible_keys)
        if not session.accept_candidate(record_id, number):
            shown = len(found.suggestions) if (found := session.matches.get(record_id)) else 0
            why = (
                self._why_not(record_id)
                if not session.is_unmapped(record_id) or not shown
                else f"{record_id} has {shown} candidate{'s' if shown > 1 else ''}, not {number}"
            )
            self.notify(why, markup=False)
            return
        entry = session.entry(record_id)
        name = session.company_by_id[entry.psa_id].name if entry else record_id
        self.after_change(f"Linked {record_id} to {name}")
        if following is not None and following != record_id:
            self.records_table.move_cursor_to_key(following)

    def _why_not(self, record_id: str) -> str:
        session = self.session
        assert session is not None
        if not session.is_unmapped(record_id):
            return f"{record_id} is already decided: unmap it (u) first, or link (l) another"
        found = session.matches.get(record_id)
        if found is not None and found.ambiguous:
            return f"{record_id} is ambiguous: highlight the right company and press l"
        return f"{record_id} has no suggestion: search the companies (/) and press l"

    def action_link(self) -> None:
        """Map the highlighted (or marked) records to the highlighted company."""
        session = self.session
        psa_id = self.companies_table.cursor_key
        ids = self.records_table.selection()
        if session is None or psa_id is None or not ids:
            self.notify(self._no_company_shown() if ids else "Highlight a record first",
                        markup=False)  # fmt: skip
            return
        if not self.companies_table.cursor_in_sight:
            name = session.company_by_id[psa_id].name
            self.notify(f"Not linked: the highlighted company ({name}) is out of sight in the "
                        "companies pane; move to it first", markup=False)  # fmt: skip
            return
        from_companies = self.focused is self.companies_table
        name = session.company_by_id[psa_id].name

        def link(targets: list[str]) -> None:
            changed = session.associate(targets, psa_id)
            if from_companies:
                self.records_table.focus()
            self.after_change(f"Linked {changed:,} to {name}", advance=not from_companies)

        self._on_selection(f"Link to {name}", link)

    def _no_company_shown(self) -> str:
        query = self.companies_table.query_text
        if query:
            return f'Not linked: no company matches the search "{query}" (Escape clears it)'
        return "Not linked: no company is shown in the companies pane"

    def action_accept_all(self) -> None:
        """Accept every clear suggestion at or above the threshold in this view, after asking."""
        session = self.session
        if session is None:
            return
        ids = list(self.records_table.visible_keys)
        count = session.would_accept(self.threshold, ids)
        if not count:
            self.notify(f"No clear suggestion scores {self.threshold:g} or more here", markup=False)
            return

        def answered(answer: str | None) -> None:
            if answer == "yes":
                changed = session.accept_all(self.threshold, ids)
                self.after_change(f"Accepted {changed:,} suggestions")

        question = (
            f"Accept {count:,} suggestions scoring {self.threshold:g} or more "
            f"in this view ({len(ids):,} records shown)? Undo (z) takes them back."
        )
        self.app.push_screen(confirm("Accept all", question, yes=f"Accept {count:,}"), answered)

    def action_unmap(self) -> None:
        """Take the highlighted (or marked) records back to undecided."""
        session = self.session
        if session is None:
            return

        def unmap(ids: list[str]) -> None:
            changed = session.unmap(ids)
            if changed:
                self.after_change(f"Unmapped {changed:,}")

        self._on_selection("Unmap", unmap)

    def action_ignore(self) -> None:
        """Leave the highlighted (or marked) records unmapped on purpose, with a reason."""
        session = self.session
        if session is None or not self.records_table.selection():
            return

        def ignore(ids: list[str]) -> None:
            def answered(reason: str | None) -> None:
                if reason is not None:
                    self._last_ignore_reason = reason
                    changed = session.ignore(ids, reason)
                    self.after_change(f"Ignored {changed:,}", advance=True)

            what = ids[0] if len(ids) == 1 else f"{len(ids):,} records"
            dialog = TextDialog(
                "Ignore",
                f"Why is {what} left without a PSA company? (saved in the mapping file)",
                value=self._last_ignore_reason,
            )
            self.app.push_screen(dialog, answered)

        self._on_selection("Ignore", ignore)

    def action_undo(self) -> None:
        """Undo the last mapping action."""
        label = self.session.undo() if self.session else None
        if label is None:
            self.notify("Nothing to undo", markup=False)
        else:
            self.after_change(f"Undone: {label}")

    def action_redo(self) -> None:
        """Redo the last undone action."""
        label = self.session.redo() if self.session else None
        if label is None:
            self.notify("Nothing to redo", markup=False)
        else:
            self.after_change(f"Redone: {label}")

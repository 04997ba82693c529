"""The mapping screen: local records on the left, filtered PSA companies on the right.

The screen is a view of a `MappingSession` (tui/core/session.py): each key runs one
session action, then the tables repaint the few rows on screen and the counts line
updates. Loading and saving are an object the screen owns: `MappingFlow` (what happens,
mapping_flow.py) run and shown by `MappingFlowUI` (mapping_flow_ui.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar
from textual.worker import Worker

from tui.app.screens.mapping_create import CompanyExport
from tui.app.screens.mapping_dialogs import TextDialog, confirm
from tui.app.screens.mapping_flow import MappingFlow, MappingFlowView, PaneRows
from tui.app.screens.mapping_flow_ui import MappingFlowUI
from tui.app.screens.mapping_keys import MAPPING_BINDINGS, action_state
from tui.app.widgets.mapping_panes import CompaniesTable, RecordsTable
from tui.app.widgets.mapping_status import (
    CountsBar,
    RecordDetail,
    company_preview,
    counts_line,
    record_detail,
    records_title,
)
from tui.app.widgets.virtual_table import VirtualTable
from tui.app.widgets.virtual_table_cells import inert
from tui.core.scores import DEFAULT_MIN_SCORE
from tui.core.search_words import SearchWords
from tui.core.session import VIEWS, MappingSession, PsaCompany, View

if TYPE_CHECKING:
    from tui.core.cache import CompanySource
    from tui.core.config import TenantConfig
    from tui.psa.client import ConnectWiseClient
    from tui.psa.filter import CompanyFilter
    from tui.psa.models import CompanyStatus, CompanyType

T = TypeVar("T")

#: Below this width the panes stack (wider rows matter more than more rows); at or above
#: it they sit side by side.
WIDE = 160


class FromFlow(Generic[T]):
    """A read-only screen attribute that is its `MappingFlow`'s: the state has one owner."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, screen: MappingScreen | None, owner: type | None = None) -> T:
        if screen is None:  # read on the class (introspection): the descriptor itself
            return cast(T, self)
        return cast(T, getattr(screen.flow, self._name))


class MappingScreen(Screen):
    """Match the user's records to the filtered PSA companies and save the mapping file."""

    CSS_PATH = "mapping.tcss"
    AUTO_FOCUS = None

    BINDINGS: ClassVar[list[BindingType]] = MAPPING_BINDINGS

    # What the filter screen handed over and what the flow has found: the flow's, read here.
    client: FromFlow[ConnectWiseClient] = FromFlow()
    tenant: FromFlow[TenantConfig] = FromFlow()
    statuses: FromFlow[list[CompanyStatus]] = FromFlow()
    types: FromFlow[list[CompanyType]] = FromFlow()
    flt: FromFlow[CompanyFilter] = FromFlow()
    demo: FromFlow[bool] = FromFlow()
    expected_count: FromFlow[int | None] = FromFlow()
    records_path: FromFlow[Path | None] = FromFlow()
    mapping_path: FromFlow[Path | None] = FromFlow()
    companies: FromFlow[list[PsaCompany] | None] = FromFlow()

    def __init__(
        self,
        *,
        client: ConnectWiseClient,
        tenant: TenantConfig,
        statuses: list[CompanyStatus],
        types: list[CompanyType],
        flt: CompanyFilter,
        records_path: Path | None,
        mapping_path: Path | None,
        demo: bool,
        expected_count: int | None = None,
        source: CompanySource | None = None,
    ) -> None:
        super().__init__()

        def flow(view: MappingFlowView) -> MappingFlow:
            return MappingFlow(
                view, client=client, tenant=tenant, statuses=statuses, types=types, flt=flt,
                records_path=records_path, mapping_path=mapping_path, demo=demo,
                expected_count=expected_count, source=source,
            )  # fmt: skip

        self.flow_ui = MappingFlowUI(self, self, flow)
        self.flow = self.flow_ui.flow
        self.session: MappingSession | None = None
        self.threshold = DEFAULT_MIN_SCORE
        self.view: View = "all"
        self.psa_side = CompanyExport(self)
        self._search_words: SearchWords | None = None  # built on the first `f`
        self._last_ignore_reason = "no PSA company"  # offered again for the next record

    def flush_journal(self) -> None:
        """Write the unsaved work to the recovery journal now (the app calls this on SIGTERM)."""
        self.flow_ui.flush_journal()

    @property
    def failed(self) -> bool:
        """Loading stopped with a message; `r` retries."""
        return self.flow_ui.failed

    # -- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield CountsBar(Content("Loading…"), id="counts")
        with Vertical(id="loading"):
            yield Label(Content("Starting…"), id="loading-step")
            yield ProgressBar(id="loading-bar", show_eta=False)
            yield Label(Content(""), id="loading-error")
        with Container(id="panes"):
            yield RecordsTable(id="records")
            yield CompaniesTable(id="companies")
        yield RecordDetail(Content(""), id="detail")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def records_table(self) -> RecordsTable:
        """The left pane."""
        return self.query_one("#records", RecordsTable)

    @property
    def companies_table(self) -> CompaniesTable:
        """The right pane."""
        return self.query_one("#companies", CompaniesTable)

    def on_mount(self) -> None:
        self.records_table.border_title = "Records"
        self.companies_table.border_title = Content(inert(f"{self.tenant.label} · PSA companies"))
        self.set_class(self.app.size.width >= WIDE, "-wide")
        self.flow_ui.start_loading()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= WIDE, "-wide")

    def show_session(self, session: MappingSession, rows: PaneRows | None = None) -> None:
        """Fill both panes from a (new or reloaded) session and focus the records."""
        self.session = session
        self.records_table.fill(session, rows[0] if rows else None)
        self.companies_table.fill(session, rows[1] if rows else None)
        self._apply_view()
        self.add_class("-loaded")
        self.records_table.focus()
        first = session.next_unmapped(None, self.records_table.visible_keys)
        if first is not None:
            self.records_table.move_cursor_to_key(first)
        self.refresh_counts()
        self.refresh_bindings()

    def refresh_counts(self) -> None:
        """Repaint the counts line and the records title (its ready count follows the view)."""
        session = self.session
        if session is None:
            return
        table = self.records_table
        ready = session.would_accept(self.threshold, table.visible_keys)
        table.border_title = records_title(self.view, threshold=self.threshold, ready=ready)
        self.query_one(CountsBar).update(counts_line(session.counts(), dirty=session.dirty))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide mapping keys until the data is loaded; `r` only after a failure."""
        return action_state(action, self.session, failed=self.failed)

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
        """Back to the filter screen (to choose other statuses or types), asking if unsaved."""
        if not self.confirm_quit(back=True):
            self.dismiss()

    # -- events -------------------------------------------------------------------------------

    @on(VirtualTable.Highlighted, "#records")
    def _record_highlighted(self, event: VirtualTable.Highlighted) -> None:
        if self.session is None:
            return
        record_id = event.key if isinstance(event.key, str) else None
        self.query_one(RecordDetail).update(record_detail(self.session, record_id))
        target = self._target_company(record_id)
        if target is not None and not self.companies_table.query_text:
            self.companies_table.move_cursor_to_key(target)

    @on(VirtualTable.Highlighted, "#companies")
    def _company_highlighted(self, event: VirtualTable.Highlighted) -> None:
        """While the companies pane has the focus, the detail previews the highlighted one."""
        if self.session is None or self.focused is not self.companies_table:
            return
        if isinstance(event.key, int):
            record_id = self.records_table.cursor_key
            preview = company_preview(self.session, record_id, event.key)
            self.query_one(RecordDetail).update(preview)

    @on(events.DescendantFocus)
    def _focus_moved(self) -> None:
        """The detail follows the focus: the company preview in the companies pane, the
        record and its candidates elsewhere."""
        session = self.session
        if session is None:
            return
        record_id = self.records_table.cursor_key
        psa_id = self.companies_table.cursor_key
        if self.focused is self.companies_table and psa_id is not None:
            detail = company_preview(session, record_id, psa_id)
        else:
            detail = record_detail(session, record_id)
        self.query_one(RecordDetail).update(detail)

    @on(VirtualTable.Filtered, "#records")
    def _records_filtered(self) -> None:
        self.refresh_counts()

    @on(VirtualTable.Selected, "#records")
    def _record_selected(self) -> None:
        self.action_accept_best()

    @on(VirtualTable.Selected, "#companies")
    def _company_selected(self) -> None:
        self.action_link()

    def _target_company(self, record_id: str | None) -> int | None:
        """The company to show beside a record: the one it maps to, else its best suggestion."""
        if record_id is None or self.session is None:
            return None
        entry = self.session.entry(record_id)
        if entry is not None:
            return entry.psa_id
        best = self.session.best(record_id)
        return None if best is None else best.psa_id

    def after_change(self, message: str, *, advance: bool = False) -> None:
        """Repaint after a session action and say what happened."""
        records = self.records_table
        had_marks = bool(records.marked)
        records.clear_marks()
        if self.view != "all":
            records.refilter()
        else:
            records.refresh_rows()
            if advance and not had_marks:
                records.action_cursor(1)
        self.companies_table.refresh_rows()
        session = self.session
        if session is not None:
            self.query_one(RecordDetail).update(record_detail(session, records.cursor_key))
        self.refresh_counts()
        self.refresh_bindings()
        self.notify(message, markup=False, timeout=3)
        self.flow_ui.note_change()

    # -- actions ------------------------------------------------------------------------------

    def action_accept_best(self) -> None:
        """Accept the best suggestion of the highlighted (or marked) records."""
        session = self.session
        ids = self.records_table.selection()
        if session is None or not ids:
            return
        changed = session.accept_best(ids)
        if changed:
            self.after_change(f"Accepted {changed:,} of {len(ids):,}", advance=True)
        else:
            many = "Nothing to accept: ambiguous, already decided or without suggestion"
            self.notify(self._why_not(ids[0]) if len(ids) == 1 else many, markup=False)

    def action_pick(self, number: int) -> None:
        """Link the highlighted record to candidate `number` (as numbered below the panes),
        then move on to the next undecided record: the review queue's one key a record."""
        session = self.session
        record_id = self.records_table.cursor_key
        if session is None or record_id is None:
            return
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
        following = session.next_unmapped(record_id, self.records_table.visible_keys)
        if following is not None:
            self.records_table.move_cursor_to_key(following)

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
            self.notify("Highlight a record and a company first", markup=False)
            return
        from_companies = self.focused is self.companies_table
        changed = session.associate(ids, psa_id)
        if from_companies:
            self.records_table.focus()
        name = session.company_by_id[psa_id].name
        self.after_change(f"Linked {changed:,} to {name}", advance=not from_companies)

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

    def action_threshold(self, delta: int) -> None:
        """Raise or lower the accept-all threshold; the counts line shows how many are ready."""
        self.threshold = max(50.0, min(100.0, self.threshold + delta))
        self.records_table.threshold = self.threshold
        self.records_table.refresh_rows()
        self.refresh_counts()

    def action_unmap(self) -> None:
        """Take the highlighted (or marked) records back to undecided."""
        if self.session is None:
            return
        changed = self.session.unmap(self.records_table.selection())
        if changed:
            self.after_change(f"Unmapped {changed:,}")

    def action_ignore(self) -> None:
        """Leave the highlighted (or marked) records unmapped on purpose, with a reason."""
        session = self.session
        ids = self.records_table.selection()
        if session is None or not ids:
            return

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

    def action_cycle_view(self) -> None:
        """Show all records, then only unmapped, conflicts, drift."""
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self._apply_view()
        self.refresh_counts()

    def _apply_view(self) -> None:
        session = self.session
        table = self.records_table
        if session is None:
            return
        view = self.view
        table.set_view(None if view == "all" else lambda rid: session.in_view(view, rid))

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

    def action_create(self) -> None:
        """Create PSA companies for the marked records, else for the unmapped ones in view."""
        self.psa_side.create_from(self.records_table)

    def action_export_unmapped(self) -> None:
        """Write the filter's companies that no record maps to as a records file."""
        self.psa_side.export_unmapped()

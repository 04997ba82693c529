"""The mapping screen's layout and state: counts on top, the two panes, the detail below.

`MappingLayout` is the base every part of the mapping screen builds on (the decision keys,
the search keys, the view keys, the detail that follows the cursor; `mapping.py` puts them
together). It owns what they share: the session, the panes, the threshold and the view,
and `after_change`, the one repaint after a decision.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Container
from textual.content import Content
from textual.screen import Screen

from tui.app.screens.mapping_create import CompanyExport
from tui.app.screens.mapping_flow import MappingFlow, MappingFlowView, PaneRows
from tui.app.screens.mapping_flow_ui import MappingFlowUI
from tui.app.screens.mapping_keys import action_state
from tui.app.screens.mapping_opening import MappingOpening
from tui.app.screens.mapping_sites import CompanySites
from tui.app.screens.mapping_views import RecordsViews
from tui.app.widgets.keys_footer import KeysFooter
from tui.app.widgets.loading_view import LoadingView
from tui.app.widgets.mapping_panes import CompaniesTable, RecordsTable
from tui.app.widgets.mapping_status import (
    CountsBar,
    RecordDetail,
    counts_line,
    record_detail,
    records_title,
)
from tui.app.widgets.virtual_table import VirtualTable
from tui.app.widgets.virtual_table_cells import inert
from tui.core.session import MappingSession, PsaCompany

if TYPE_CHECKING:
    from tui.core.config import TenantConfig
    from tui.psa.client import ConnectWiseClient
    from tui.psa.filter import CompanyFilter
    from tui.psa.models import CompanyStatus, CompanyType

T = TypeVar("T")

#: The worker that reveals the loaded panes in stages (`MappingLayout._reveal_in_stages`).
REVEAL_GROUP = "mapping-reveal"
#: How long a step of the screen's opening waits before the next: long enough for the
#: loop to take its due timers and keys first (a zero wait runs ahead of them).
LET_THE_LOOP_IN_S = 0.001

#: Below this width the panes stack (wider rows matter more than more rows: side by side,
#: names would be cut shorter than at 120 columns); at or above it they sit side by side.
WIDE = 240


class FromFlow(Generic[T]):
    """A read-only screen attribute that is its `MappingFlow`'s: the state has one owner."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, screen: MappingLayout | None, owner: type | None = None) -> T:
        if screen is None:  # read on the class (introspection): the descriptor itself
            return cast(T, self)
        return cast(T, getattr(screen.flow, self._name))


class FromOpening(Generic[T]):
    """A read-only screen attribute that is its `MappingOpening`'s (fixed while open)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, screen: MappingLayout | None, owner: type | None = None) -> T:
        if screen is None:  # read on the class (introspection): the descriptor itself
            return cast(T, self)
        return cast(T, getattr(screen.opening, self._name))


class MappingLayout(Screen):
    """The mapping screen's widgets and shared state (see the module docstring)."""

    # What the filter screen handed over: the opening's, read here.
    client: FromOpening[ConnectWiseClient] = FromOpening()
    tenant: FromOpening[TenantConfig] = FromOpening()
    statuses: FromOpening[list[CompanyStatus]] = FromOpening()
    types: FromOpening[list[CompanyType]] = FromOpening()
    flt: FromOpening[CompanyFilter] = FromOpening()
    demo: FromOpening[bool] = FromOpening()
    expected_count: FromOpening[int | None] = FromOpening()
    # What the flow has found (paths chosen, companies loaded): the flow's, read here.
    records_path: FromFlow[Path | None] = FromFlow()
    mapping_path: FromFlow[Path | None] = FromFlow()
    companies: FromFlow[list[PsaCompany] | None] = FromFlow()

    def __init__(self, opening: MappingOpening) -> None:
        super().__init__()
        #: What the filter screen chose, built once: this screen and its flow read it.
        self.opening = opening

        def flow(view: MappingFlowView) -> MappingFlow:
            return MappingFlow(view, opening)

        self.flow_ui = MappingFlowUI(self, self, flow)
        self.flow = self.flow_ui.flow
        self.session: MappingSession | None = None
        #: The records pane's view (the review queue and a score band among them) and the
        #: accept-all threshold.
        self.views = RecordsViews()
        #: The highlighted company's sites for its preview, asked for on demand.
        self.sites = CompanySites(self, lambda: self.client, self.sites_arrived)
        self.psa_side = CompanyExport(self)
        self._counts_due = False  # a recount is queued (see `_records_filtered`)
        #: The panes: None before the first session, False while revealed in stages, True.
        self._revealed: bool | None = None

    def flush_journal(self) -> None:
        """Write the unsaved work to the recovery journal now (the app calls this on SIGTERM)."""
        self.flow_ui.flush_journal()

    @property
    def view(self) -> str:
        """The records pane's view by name: a session's view, "queue" or "band"."""
        return self.views.name

    @property
    def threshold(self) -> float:
        """The accept-all threshold: a clear suggestion scoring this or more is "ready"."""
        return self.views.threshold

    def sites_arrived(self, psa_id: int) -> None:
        """A company's sites arrived (the detail part repaints its preview)."""

    @property
    def failed(self) -> bool:
        """Loading stopped with a message; `r` retries."""
        return self.flow_ui.failed

    def compose(self) -> ComposeResult:
        """What shows while loading; the panes and the detail come after its first frame
        (`_mount_panes`), so the screen's first restyle, layout and paint cover only this."""
        yield CountsBar(Content("Loading…"), id="counts")
        yield LoadingView(id="loading")
        yield KeysFooter(palette_hint=False)

    @property
    def records_table(self) -> RecordsTable:
        """The left pane."""
        return self.query_one("#records", RecordsTable)

    @property
    def companies_table(self) -> CompaniesTable:
        """The right pane."""
        return self.query_one("#companies", CompaniesTable)

    def on_mount(self) -> None:
        self.set_class(self.app.size.width >= WIDE, "-wide")
        self.call_after_refresh(self._mount_panes)

    async def _mount_panes(self) -> None:
        """Mount the panes and the detail (hidden until `_reveal_panes`), then load.

        Mounted with the rest they made opening the screen one ~12 ms turn of the event
        loop (styling, laying out and painting every widget at once); now the loading
        view is painted first and these are styled in a turn of their own. The load waits
        for them: it ends by filling them.
        """
        if self not in self.app.screen_stack:
            return  # left before its first frame (Escape): nothing to load
        records, companies = RecordsTable(id="records"), CompaniesTable(id="companies")
        records.border_title = "Records"
        companies.border_title = Content(inert(f"{self.tenant.label} · PSA companies"))
        detail = RecordDetail(Content(""), id="detail")
        panes = Container(records, companies, id="panes")
        await self.mount(panes, detail, before=self.query_one(KeysFooter))
        # Focused now, while hidden and empty (its keys off until filled): the restyle a
        # focus brings (~3 ms of the event loop with its messages) is then no part of the
        # busy turns that show the loaded session.
        self.set_focus(records, scroll_visible=False)
        self.flow_ui.start_loading()

    async def on_resize(self, event: events.Resize) -> None:
        """Stack or place side by side the panes; then let a turn of the event loop pass
        before `Screen` lays the screen out again for this Resize and paints it whole.

        Pushing the screen restyles and lays it out (ScreenResume), and that layout posts
        the screen this Resize: Textual handles both in one turn unless a handler waits,
        and the two made the longest callback of the opening (~9 ms at 80x24). This
        handler runs before `Screen`'s own, so waiting here splits them.
        """
        self.set_class(event.size.width >= WIDE, "-wide")
        await asyncio.sleep(LET_THE_LOOP_IN_S)

    def show_session(self, session: MappingSession, rows: PaneRows | None = None) -> None:
        """Fill both panes from a (new or reloaded) session and focus the records; the
        first time, reveal the panes in stages (`_reveal_in_stages`)."""
        self.session = session
        first = self._revealed is None
        if first:
            self._revealed = False
        self.records_table.fill(session, rows[0] if rows else None)
        self.companies_table.fill(session, rows[1] if rows else None)
        self.apply_view()
        # Focused now, not in a later turn (`focus()`): keys typed from here on reach the
        # records pane, and the footer reads its keys once, for the loaded screen.
        self.set_focus(self.records_table)
        unmapped = session.next_unmapped(None, self.records_table.visible_keys)
        if unmapped is not None:
            self.records_table.move_cursor_to_key(unmapped)
        self.refresh_bindings()  # the counts follow the panes' Filtered message
        if first:
            self.run_worker(self._reveal_in_stages(), group=REVEAL_GROUP, exit_on_error=False)

    async def _reveal_in_stages(self) -> None:
        """The loaded screen's heavy steps, each in a frame of its own: the session shown
        (the panes filled, still hidden, the counts and the footer's keys painted), the
        panes laid out and the records pane drawn, then the companies pane and the detail
        drawn (a first paint of all three was ~9 ms).

        Textual runs the callbacks queued "after refresh" right behind a paint: the
        session, a paint and the next step made one ~20 ms run of the event loop. Waiting
        here for each paint, in this worker's own task, lets the loop take its timers and
        keys between the steps. Keys typed meanwhile already go to the focused records pane.
        """
        await self._after_paint()
        self._reveal_records()
        await self._after_paint()
        self._reveal_panes()

    async def _after_paint(self) -> None:
        """Return after the screen's next paint, once the loop has also had a turn for its
        timers and keys (this worker's next step would otherwise run right behind the
        callbacks Textual queues after a paint)."""
        await self.wait_for_refresh()
        await asyncio.sleep(LET_THE_LOOP_IN_S)

    def apply_view(self) -> None:
        """Show the records of the current view (all, unmapped, conflicts, drift, renamed,
        orphans, the review queue, a score band), in its order: the orphans' rows only in
        theirs."""
        if self.session is not None:
            self.views.apply(self.records_table, self.session)

    def refresh_counts(self) -> None:
        """Repaint the counts line and the records title (its ready count follows the view)."""
        session = self.session
        if session is None:
            return
        table = self.records_table
        ready = session.would_accept(self.threshold, table.visible_keys)
        title = records_title(self.views.label, threshold=self.threshold, ready=ready)
        table.border_title = title
        self.query_one(CountsBar).update(counts_line(session.counts(), dirty=session.dirty))

    @on(VirtualTable.Filtered, "#records")
    def _records_filtered(self) -> None:
        """Recount once per burst: filling and viewing post one Filtered each, and counting
        the ready records of 10,000 takes ~5 ms of the event loop every time."""
        if not self._counts_due:
            self._counts_due = True
            self.call_later(self._refresh_due_counts)

    async def _refresh_due_counts(self) -> None:
        # After the screen's queued messages, not inside their turn: a zero wait lets the
        # work already ready (a key read, another widget's messages) run first. A due
        # timer (a frame) still waits: only a real wait lets timers in (see the reveal).
        await asyncio.sleep(0)
        self._counts_due = False
        self.refresh_counts()

    def _reveal_records(self) -> None:
        """Hide the loading step and lay out the filled panes and the detail, with only the
        records pane drawn (see `_reveal_in_stages`): the companies pane and the detail take
        their places unseen, and `_reveal_panes` draws them in the next frame. Each
        widget's `display` is set, not a class on the screen: a class on the screen
        restyles every widget on it (~7 ms of the loop at the first reveal)."""
        self.companies_table.styles.visibility = "hidden"
        detail = self.query_one(RecordDetail)
        detail.styles.visibility = "hidden"
        loading = self.query_one(LoadingView)
        loading.display = False
        loading.finish()
        self.query_one("#panes").display = True
        detail.display = True

    def _reveal_panes(self) -> None:
        """Draw the companies pane and the detail, laid out already (`_reveal_records`)."""
        self._revealed = True
        self.companies_table.styles.visibility = "visible"
        self.query_one(RecordDetail).styles.visibility = "visible"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide mapping keys until the data is loaded; `r` only after a failure."""
        return action_state(action, self.session, failed=self.failed, view=self.views.of_records)

    def after_change(self, message: str, *, advance: bool = False) -> None:
        """Repaint after a session action and say what happened."""
        records = self.records_table
        had_marks = bool(records.marked)
        records.clear_marks()
        if self.views.name != "all":
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

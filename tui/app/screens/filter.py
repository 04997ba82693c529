"""The filter screen: tick a tenant's statuses and types, see live counts and the conditions.

Every request runs in a worker with its own group, so loading the lists, counting each
item and counting the total never cancel one another, while a new total cancels the
stale one. Per-item counts and totals are cached for as long as the tenant is open.

The screen is put together from parts with one job each: `FilterCounts`
(filter_counts.py: the counts, the total, the progress line) and `RemembersChoice`
(filter_memory.py: the ticks written to the state file). What is left here is loading the
lists, the ticks, and the keys.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Static
from textual.worker import Worker, WorkerState

from tui.app.prepared import MAPPING_MODULES, import_frozen
from tui.app.problems import Problem, explain, problem_content
from tui.app.screen_memory import collect_when_left
from tui.app.screens.filter_cache import CachedLists, FilterCache
from tui.app.screens.filter_counts import FilterCounts
from tui.app.screens.filter_memory import RemembersChoice
from tui.app.screens.filter_model import ChoiceMemory, both, copy_text, status_items, type_items
from tui.app.widgets.checklist import Checklist
from tui.app.widgets.checklist_pane import ChecklistPane
from tui.app.widgets.filter_summary import FilterSummary
from tui.app.widgets.keys_footer import KeysFooter
from tui.app.widgets.virtual_table_cells import inert
from tui.core.gc_pause import freeze_all
from tui.core.state import FilterChoice, StateStore, tenant_key

if TYPE_CHECKING:
    from tui.core.config import TenantConfig
    from tui.psa.client import ConnectWiseClient
    from tui.psa.models import CompanyStatus, CompanyType
    from tui.psa.retry import OnWait

#: A burst of toggles waits this long for the last one; a lone toggle asks at once.
DEBOUNCE_SECONDS = 0.1


class FilterScreen(RemembersChoice, FilterCounts):
    """Pick the statuses and types that matter for one tenant; dismissed with its last problem."""

    # Default CSS, not a CSS_PATH file: see `tui.app.screens`.
    DEFAULT_CSS = """
    FilterScreen {
        layout: vertical;

        #panes {
            height: 1fr;
        }

        #panes > ChecklistPane {
            width: 1fr;
        }

        #problem {
            height: 1fr;
            padding: 1 2;
            border: round $error;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "continue",
            "Map records",
            tooltip="Map records to the selected companies",
            id="filter.continue",
        ),
        Binding(
            "c",
            "copy_conditions",
            "Copy",
            tooltip="Copy conditions and childConditions (OSC 52)",
            id="filter.copy-conditions",
        ),
        Binding("r", "retry", "Retry", tooltip="Retry what failed", id="filter.retry"),
        Binding("escape", "back", "Back", tooltip="Back to the tenants", id="filter.back"),
    ]

    def __init__(
        self,
        tenant: TenantConfig,
        *,
        connect: Callable[[OnWait], Awaitable[ConnectWiseClient]],
        state: StateStore,
        records_path: Path | None = None,
        mapping_path: Path | None = None,
        demo: bool = False,
        use_cache: bool = False,
    ) -> None:
        super().__init__()
        self._cache = FilterCache(tenant.site, tenant.company_id, enabled=use_cache)
        self.tenant = tenant
        self.client: ConnectWiseClient | None = None
        self.statuses: list[CompanyStatus] = []
        self.types: list[CompanyType] = []
        self._connect = connect
        self._memory = ChoiceMemory(state, tenant_key(tenant.site, tenant.company_id))
        self._records_path = records_path
        self._mapping_path = mapping_path
        self._demo = demo
        self._problem: Problem | None = None  # the lists could not be loaded
        self._last_change = 0.0

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Horizontal(id="panes"):
            yield ChecklistPane(
                "Statuses", empty_text="No statuses.", note="counts: any type", id="statuses"
            )
            yield ChecklistPane(
                "Types", empty_text="No types.", note="counts: any status", id="types"
            )
        yield Static(id="problem", markup=False)
        yield FilterSummary(id="summary")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "psamap"
        self.sub_title = inert(self.tenant.label)
        self.query_one("#problem").display = False
        self._load()

    # -- loading ----------------------------------------------------------------------------

    @work(exclusive=True, group="filter-load", exit_on_error=False)
    async def _load(self) -> None:
        """Sign in (build the client) and load statuses and types at once."""
        panes = self.query_one("#panes")
        self._problem = None
        self.query_one("#problem").display = False
        panes.display = True
        panes.loading = True
        self._show_total(None)
        self.summary.show_conditions(None)
        self.summary.show_progress(f"Loading statuses and types from {self.tenant.label}…")
        self.refresh_bindings()
        cached = await self._cache.open(self._cache_notice)
        if cached is not None:
            panes.loading = False
            self._show_cached(cached, refill=True)
            self.summary.show_progress(f"Refreshing from {self.tenant.label}…")
        try:
            if self.client is None:
                self.client = await self._connect(self._waiting)
                self.refresh_bindings()  # Enter maps once there is a client
            if cached is not None:
                fresh = await self._cache.refresh(self.client)
                if fresh is not None:
                    self._show_cached(fresh, refill=_lists_differ(cached, fresh))
                    self._show_progress()
                    self._prepare_mapping()
                    return
            statuses, types = await both(self.client.statuses(), self.client.types())
        except Exception as exc:
            self._show_load_problem(explain(exc))
            return
        finally:
            panes.loading = False
            self._show_requests()
        self.statuses, self.types = statuses, types
        self._fill_lists()
        self._show_progress()
        self.refresh_bindings()
        self._choice_changed(remember=False)
        self._count_items([("status", s.id) for s in statuses] + [("type", t.id) for t in types])
        self._fill_cache()
        self._prepare_mapping()

    @work(thread=True, group="prepare-mapping", exit_on_error=False)
    def _prepare_mapping(self) -> None:
        """The lists are shown and the user reads them: import the mapping screen now (see
        `tui.app.prepared`), not in the Enter's turn."""
        import_frozen(MAPPING_MODULES)

    def _show_cached(self, lists: CachedLists, *, refill: bool) -> None:
        """Lists and per-item counts from the cache (no request); totals counted anew."""
        self.statuses, self.types = lists.statuses, lists.types
        if refill:
            self._fill_lists()
        for checklist, counts, items in (
            (self.status_list, lists.status_counts, self.statuses),
            (self.type_list, lists.type_counts, self.types),
        ):
            for item in items:
                checklist.set_count(item.id, counts.get(item.id, 0))
        self._totals.clear()
        self._failed_counts = []
        self.refresh_bindings()
        self._choice_changed(remember=False)

    @work(group="filter-cache", exit_on_error=False)
    async def _fill_cache(self) -> None:
        """First opening with a cache: read the tenant into it for next time, in the background."""
        if self.client is None:
            return
        try:
            await self._cache.refresh(self.client)
        except Exception:  # the live lists and counts are on screen; the cache can wait
            return
        finally:
            self._show_requests()

    def _cache_notice(self, message: str) -> None:
        self.notify(message, severity="warning", markup=False, timeout=10)

    def _show_load_problem(self, problem: Problem) -> None:
        """Replace the lists with what went wrong, naming the tenant, and offer a retry."""
        self._problem = problem
        self.query_one("#panes").display = False
        panel = self.query_one("#problem", Static)
        panel.update(problem_content(self.tenant, problem))
        panel.display = True
        self.set_focus(None)  # the lists are hidden: their keys would do nothing
        self._show_progress()
        self.refresh_bindings()

    def _fill_lists(self) -> None:
        """Fill both lists: the remembered choice, else active statuses and every type."""
        remembered = self._memory.recall()
        self.status_list.set_items(status_items(self.statuses, remembered))
        self.type_list.set_items(type_items(self.types, remembered))
        for pane in self.query(ChecklistPane):
            pane.update_title()
        self.status_list.focus()

    # -- the choice -------------------------------------------------------------------------

    @on(Checklist.Changed)
    def _ticks_changed(self) -> None:
        self._choice_changed()

    def _choice_changed(self, *, remember: bool = True) -> None:
        """Show the new conditions now, the total from cache or (debounced) from the PSA."""
        now = time.monotonic()
        burst = now - self._last_change < DEBOUNCE_SECONDS
        self._last_change = now
        flt = self.current_filter()
        self.summary.show_conditions(flt)
        if self._total_problem is not None:
            self._total_problem = None
            self._show_progress()
        if flt is None:
            self.workers.cancel_group(self, "filter-total")
            what = "status" if not self.status_list.checked_ids else "type"
            self.summary.show_nothing_selected(what)
            self._shown_total, self._shown_for = 0, None
        elif flt in self._totals:
            self.workers.cancel_group(self, "filter-total")
            self._show_total(self._totals[flt])
        else:
            self._fetch_total(flt, DEBOUNCE_SECONDS if burst else 0.0)
        if remember:
            self._memory.note(
                FilterChoice(
                    status_ids=self.status_list.checked_ids,
                    type_ids=self.type_list.checked_ids,
                    known_status_ids=frozenset(s.id for s in self.statuses),
                    known_type_ids=frozenset(t.id for t in self.types),
                )
            )
            self._remember_later()
        self.refresh_bindings()

    # -- leaving ----------------------------------------------------------------------------

    async def on_unmount(self) -> None:
        """Remember the choice, close the tenant's connections, and collect what the
        tenant held (see `tui.app.screen_memory`)."""
        self.remember_now()
        self._cache.close()
        if self.client is not None:
            await self.client.aclose()
        collect_when_left(self)

    # -- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Retry only when something failed; copy once there is a choice; continue once there
        is a choice and a connected client."""
        if action == "retry":
            failed = self._problem or self._total_problem or self._failed_counts
            return bool(failed)
        if action in ("continue", "copy_conditions"):
            if not self.statuses and not self.types:
                return False
            if action == "continue" and self.client is None:
                return None  # lists from the cache, the tenant still connecting: dimmed
            return None if self.current_filter() is None else True
        return True

    def action_retry(self) -> None:
        """Retry whatever failed: the whole load, the failed counts, the total."""
        if self._problem is not None:
            self._load()
            return
        if self._failed_counts:
            self._count_items(list(self._failed_counts))
        if self._total_problem is not None:
            self._total_problem = None
            self._show_progress()
            flt = self.current_filter()
            if flt is not None:
                self._fetch_total(flt, 0.0)
        self.refresh_bindings()

    def action_copy_conditions(self) -> None:
        """Copy the conditions (OSC 52, which works over SSH) for pasting into an integration."""
        flt = self.current_filter()
        if flt is None:
            return
        self.app.copy_to_clipboard(copy_text(flt))
        self.notify("Copied the conditions to the clipboard.", title="Copied", markup=False)

    def action_back(self) -> None:
        """Back to the tenant picker (the tenant's connection closes)."""
        self.dismiss(self._problem)

    def action_continue(self) -> None:
        """On to mapping records against the companies this choice selects."""
        flt = self.current_filter()
        if flt is None or self.client is None:
            return
        self.remember_now()
        from tui.app.screens.mapping import MappingScreen
        from tui.app.screens.mapping_opening import MappingOpening

        opening = MappingOpening(
            client=self.client,
            tenant=self.tenant,
            statuses=list(self.statuses),
            types=list(self.types),
            flt=flt,
            records_path=self._records_path,
            mapping_path=self._mapping_path,
            demo=self._demo,
            expected_count=self.total,
            source=self._cache.source if self._cache.fresh else None,
        )
        screen = MappingScreen(opening)

        def left(_: object) -> None:
            # The records the user chose there (a file, or the demo's sample) stay this
            # tenant's: coming back from another choice of filter does not ask again.
            if screen.records_path is not None:
                self._records_path = screen.records_path

        freeze_all()  # no full collection over this screen's objects in the next one's
        self.app.push_screen(screen, callback=left)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in a worker still ends as a message on screen, never a crash or silence."""
        if event.state != WorkerState.ERROR or event.worker.error is None:
            return
        problem = explain(event.worker.error)
        if event.worker.group == "filter-load":
            self._show_load_problem(problem)
        else:
            self.summary.show_progress(str(problem), error=True)

    def on_screen_resume(self) -> None:
        self._show_requests()


def _lists_differ(before: CachedLists, after: CachedLists) -> bool:
    """Whether a refresh changed the lists themselves (not just their counts)."""
    return before.statuses != after.statuses or before.types != after.types

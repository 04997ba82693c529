"""The filter screen's numbers: each status's and type's count, the choice's total, and the
progress line and request count that report them.

A part of `FilterScreen` (see its module), with the look-ups of the widgets the numbers
are shown in. A count or total known once is kept in `_totals` while the tenant is open.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from tui.app.problems import Problem, explain
from tui.app.screens.filter_model import Kind, choice_filter, item_filter
from tui.app.widgets.checklist import Checklist
from tui.app.widgets.checklist_pane import ChecklistPane
from tui.app.widgets.filter_summary import FilterSummary

if TYPE_CHECKING:
    from tui.app.screens.filter_cache import FilterCache
    from tui.core.config import TenantConfig
    from tui.psa.client import ConnectWiseClient
    from tui.psa.filter import CompanyFilter
    from tui.psa.models import CompanyStatus, CompanyType


class FilterCounts(Screen[Problem | None]):
    """Counts each status and type, and the companies the ticked choice selects."""

    # The screen's own (set in `FilterScreen.__init__`), read here.
    client: ConnectWiseClient | None
    statuses: list[CompanyStatus]
    types: list[CompanyType]
    _cache: FilterCache
    tenant: TenantConfig
    _problem: Problem | None  # the lists could not be loaded

    def __init__(self) -> None:
        super().__init__()
        self._totals: dict[CompanyFilter, int] = {}
        self._total_problem: Problem | None = None
        self._failed_counts: list[tuple[Kind, int]] = []
        self._counted = self._to_count = 0
        self._shown_total: int | None = None
        self._shown_for: CompanyFilter | None = None

    # -- the widgets the numbers are shown in ------------------------------------------------

    @property
    def status_list(self) -> Checklist:
        """The statuses checklist."""
        return self.query_one("#statuses", ChecklistPane).checklist

    @property
    def type_list(self) -> Checklist:
        """The types checklist."""
        return self.query_one("#types", ChecklistPane).checklist

    @property
    def summary(self) -> FilterSummary:
        """The summary under the lists."""
        return self.query_one(FilterSummary)

    # -- per-item counts and progress --------------------------------------------------------

    @work(group="filter-item-counts", exit_on_error=False)
    async def _count_items(self, wanted: list[tuple[Kind, int]]) -> None:
        """Count the companies of each status and each type, all at once (the client queues)."""
        assert self.client is not None
        client = self.client
        self._failed_counts = []

        async def count_one(kind: Kind, item_id: int) -> None:
            flt = item_filter(kind, item_id)
            checklist = self.status_list if kind == "status" else self.type_list
            try:
                count = self._totals.get(flt)
                if count is None:
                    count = await client.count_companies(flt)
            except Exception:
                self._failed_counts.append((kind, item_id))
                checklist.set_count(item_id, None, failed=True)
            else:
                self._totals[flt] = count
                checklist.set_count(item_id, count)
            self._counted += 1
            self._show_requests()
            self._show_progress()

        self._counted, self._to_count = 0, len(wanted)
        self._show_progress()
        await asyncio.gather(*(count_one(kind, item_id) for kind, item_id in wanted))
        self.refresh_bindings()

    def _show_progress(self) -> None:
        """The summary's progress line, from the screen's state: the worst news first."""
        if self._problem is not None:
            text, error = f"{self._problem.headline} (r: retry)", True
        elif self._total_problem is not None:
            text, error = f"Total not counted: {self._total_problem} (r: retry)", True
        elif self._counted < self._to_count:
            text = f"Counting companies per status and type: {self._counted}/{self._to_count}"
            error = False
        elif self._failed_counts:
            text, error = f"{len(self._failed_counts)} count(s) failed, shown as ? (r: retry)", True
        elif self._cache.showing:  # the cache's lists, its refresh still on the way
            text, error = f"Refreshing from {self.tenant.label}…", False
        else:
            text, error = "", False
        self.summary.show_progress(text, error=error)

    # -- the choice's total -----------------------------------------------------------------

    def current_filter(self) -> CompanyFilter | None:
        """The filter the ticks make (None when a list has nothing ticked)."""
        return choice_filter(
            self.status_list.checked_ids,
            [s.id for s in self.statuses],
            self.type_list.checked_ids,
            [t.id for t in self.types],
        )

    @work(exclusive=True, group="filter-total", exit_on_error=False)
    async def _fetch_total(self, flt: CompanyFilter, delay: float) -> None:
        """Count what the choice selects; a newer choice cancels this one (exclusive group).

        Lists reopened from the cache are shown before the tenant is connected (building its
        client may run a secret's command): their totals come from the cache. A choice the
        cache cannot count waits, shown as updating, for the load to count it once the
        client is there (the load's `_choice_changed`)."""
        self.summary.show_total(self._shown_total, pending=True)
        if delay:
            await asyncio.sleep(delay)
        try:
            total = await self._cache.count(flt)
            if total is None:
                if self.client is None:
                    return
                total = await self.client.count_companies(flt)
        except Exception as exc:
            if flt == self.current_filter():
                self._total_problem = explain(exc)
                self._show_total(None)
                self._show_progress()
                self.refresh_bindings()
            return
        finally:
            self._show_requests()
        self._totals[flt] = total
        if flt == self.current_filter():
            self._show_total(total)
            self._show_progress()  # clears a "retrying" note

    @property
    def total(self) -> int | None:
        """The total on screen for the current choice; None while it is being counted."""
        current = self.current_filter()
        if current is None:
            return 0 if self.statuses or self.types else None
        return self._shown_total if self._shown_for == current else None

    def _show_total(self, total: int | None) -> None:
        self._shown_total = total
        self._shown_for = self.current_filter() if total is not None else None
        self.summary.show_total(total)

    def _waiting(self, seconds: float, reason: str) -> None:
        """The client backs off before a retry: say so, or the screen would look stuck."""
        self.summary.show_progress(f"A request failed ({reason}); retrying in {seconds:.1f} s…")

    def _show_requests(self) -> None:
        if self.client is not None:
            self.summary.show_requests(self.client.stats.requests)

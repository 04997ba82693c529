"""The filter screen's company cache: open the tenant from it at once, refresh, count from it.

Kept apart from the screen's widgets. With a complete cache the screen shows the lists
and every count at once (no request), says "refreshing" while the incremental refresh
runs (statuses, types, the companies changed since, the total), then shows the fresh
lists and counts. Without one, the screen loads live as before and the cache is filled
in the background, so the next opening is instant. Once fresh, every total the screen
shows and the mapping screen's company list come from the cache: no request at all.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a tenant opens, not before the picker's first frame
    from tui.core.cache import CompanyCache, CompanySource
    from tui.psa.client import ConnectWiseClient
    from tui.psa.filter import CompanyFilter
    from tui.psa.models import CompanyStatus, CompanyType


@dataclass(frozen=True, slots=True)
class CachedLists:
    """What the cache says about the tenant: its lists and the per-item counts."""

    statuses: list[CompanyStatus]
    types: list[CompanyType]
    status_counts: dict[int, int]
    type_counts: dict[int, int]


class FilterCache:
    """One tenant's cache as the filter screen uses it (None-safe: `enabled` False = no cache)."""

    def __init__(self, site: str, company_id: str, *, enabled: bool) -> None:
        self._site, self._company_id = site, company_id
        self._enabled = enabled
        self._cache: CompanyCache | None = None
        self._on_notice: Callable[[str], None] | None = None
        self.source: CompanySource | None = None
        #: True once a refresh has landed in this session: the cache is then exact.
        self.fresh = False
        #: True while the screen shows the cache's lists before its refresh lands: totals
        #: come from the cache too (shown as such), never a request the refresh would void.
        self.showing = False

    async def open(self, on_notice: Callable[[str], None]) -> CachedLists | None:
        """Open the cache file; the lists and counts it holds when complete, else None."""
        if not self._enabled:
            return None
        from tui.core.cache.source import STORAGE_ERRORS, open_cache

        self._on_notice = on_notice
        if self._cache is None:
            loop = asyncio.get_running_loop()

            def notice_on_loop(message: str) -> None:  # open_cache runs in a thread
                loop.call_soon_threadsafe(on_notice, message)

            self._cache = await asyncio.to_thread(
                open_cache, self._site, self._company_id, notice_on_loop
            )
        cache = self._cache
        if cache is None:
            return None
        try:
            if not await asyncio.to_thread(lambda: cache.complete):
                return None
            lists = await asyncio.to_thread(self._lists)
        except STORAGE_ERRORS as error:
            await self._set_aside(cache, error)
            return None  # the lists come from the PSA, and the refresh fills the cache
        self.showing = True
        return lists

    async def _set_aside(self, cache: CompanyCache, error: BaseException) -> None:
        """A file that failed to answer: rebuilt (with a notice) when it is damaged, else
        closed and left unused this time (the PSA answers)."""
        from tui.core.cache.source import STORAGE_ERRORS, replace_damaged

        try:
            self._cache = await replace_damaged(cache, error, self._on_notice)
        except STORAGE_ERRORS:
            self._cache = None
        if self._cache is None:
            with contextlib.suppress(*STORAGE_ERRORS):
                await asyncio.to_thread(cache.close)

    def _lists(self) -> CachedLists:
        cache = self._cache
        assert cache is not None
        return CachedLists(
            cache.statuses(), cache.types(), cache.status_counts(), cache.type_counts()
        )

    async def refresh(self, client: ConnectWiseClient) -> CachedLists | None:
        """Refresh (incrementally when the cache is complete); the fresh lists, or None."""
        if self._cache is None:
            return None
        from tui.core.cache import CompanySource
        from tui.core.cache.codebase import kept_codebase

        if self.source is None or self.source.client is not client:
            self.source = CompanySource(client, self._cache, on_notice=self._on_notice)
            # What companyinfo said last time (kept in the cache): one request fewer.
            client.assume_codebase(await asyncio.to_thread(kept_codebase, self._cache))
        try:
            fresh = await self.source.fresh()
        finally:
            self.showing = False
        if fresh is None:  # the cache cannot be written: read the PSA
            self._cache, self.source = None, None
            return None
        self._cache = self.source.cache  # a new file, if the old one was found damaged
        self.fresh = True
        return await asyncio.to_thread(self._lists)

    async def count(self, flt: CompanyFilter) -> int | None:
        """How many companies the filter selects, from the cache; None unless it is fresh
        (or on screen while its refresh runs)."""
        if not (self.fresh or self.showing) or self._cache is None:
            return None
        cache = self._cache
        return await asyncio.to_thread(cache.count, flt)

    def close(self) -> None:
        """Close the cache file (leaving the tenant)."""
        if self._cache is not None:
            self._cache.close()
            self._cache, self.source, self.fresh = None, None, False

"""`CompanySource`: where a command or screen gets statuses, types and companies.

With a cache, the first question refreshes it (incrementally after the first time) and
every answer then comes from it; without one (`--no-cache`, or a cache dir that cannot
be written) every question goes to the PSA as before. Both answer exactly the same.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Callable, Collection, Iterator

from tui.core.cache.cache_file import CacheUnusable, damaged
from tui.core.cache.codebase import plausible
from tui.core.cache.refresh import RefreshResult, refresh
from tui.core.cache.store import CompanyCache
from tui.psa.client import ConnectWiseClient
from tui.psa.filter import CompanyFilter
from tui.psa.models import AnyCompany, CompanyStatus, CompanyType, PsaCompany

OnNotice = Callable[[str], None]


#: What a cache that cannot be stored raises (disk full, read-only, I/O error): the cache is
#: an economy, never a reason to fail, so these fall back to reading the PSA, quietly (the
#: answers are the same; a user who must know runs `psamap sync`, which says so).
STORAGE_ERRORS = (OSError, sqlite3.Error, CacheUnusable)


def open_cache(site: str, company_id: str, on_notice: OnNotice) -> CompanyCache | None:
    """The tenant's cache, or None when it cannot be stored; a rebuilt one says so once."""
    try:
        cache = CompanyCache.open(site, company_id)
    except STORAGE_ERRORS:
        return None
    if cache.notice:
        on_notice(cache.notice)
    return cache


async def replace_damaged(
    cache: CompanyCache, error: BaseException, on_notice: OnNotice | None
) -> CompanyCache | None:
    """An empty cache in place of one that `error` found damaged, the user told (the next
    refresh fills it); None when the file is not damaged, only unwritable or busy."""
    if not damaged(error):
        return None
    rebuilt = await asyncio.to_thread(cache.rebuilt, error)
    if on_notice is not None and rebuilt.notice:
        on_notice(rebuilt.notice)
    return rebuilt


class CompanySource:
    """Statuses, types and companies of one tenant, from its refreshed cache or the PSA."""

    def __init__(
        self,
        client: ConnectWiseClient,
        cache: CompanyCache | None = None,
        *,
        opener: Callable[[], CompanyCache | None] | None = None,
        on_notice: OnNotice | None = None,
    ) -> None:
        """`opener` opens the cache on first use instead: bad input found before any
        company is asked for leaves no cache file behind. `on_notice` is told when a
        damaged cache had to be rebuilt (on the event loop)."""
        self.client = client
        self._cache = cache
        self._opener = opener
        self._on_notice = on_notice
        #: The refresh this source made (None until one ran, or without a cache).
        self.refreshed: RefreshResult | None = None
        self._refreshing: asyncio.Task[RefreshResult] | None = None
        self._statuses: list[CompanyStatus] | None = None
        self._types: list[CompanyType] | None = None

    @property
    def cache(self) -> CompanyCache | None:
        """The cache (opened now if it was left to `opener`), or None: read the PSA."""
        if self._opener is not None:
            self._cache, self._opener = self._opener(), None
        return self._cache

    async def fresh(self) -> RefreshResult | None:
        """Refresh the cache once for this source (concurrent callers share the refresh).

        None without a cache, or when the cache cannot be written (then it is dropped and
        every answer comes from the PSA); PSA failures are raised as they are.
        """
        cache = self.cache
        if cache is None:
            return None
        if self._refreshing is None:
            self._refreshing = asyncio.ensure_future(self._refresh(cache))
        try:
            self.refreshed = await asyncio.shield(self._refreshing)
        except STORAGE_ERRORS:
            self._drop()
            return None
        except BaseException:
            if self._refreshing.done():
                self._refreshing = None  # a failed refresh may be tried again
            raise
        await asyncio.to_thread(self.keep_codebase)
        return self.refreshed

    async def _fresh_cache(self) -> CompanyCache | None:
        """The cache once refreshed (a new file if the old one was found damaged), or None:
        read the PSA."""
        if self.cache is None or await self.fresh() is None:
            return None
        return self._cache

    async def _refresh(self, cache: CompanyCache) -> RefreshResult:
        """Refresh `cache`; one found damaged on the way (a malformed page) is rebuilt, with
        a notice, and filled again from the PSA: never used as it is, never left broken."""
        try:
            return await refresh(cache, self.client, statuses=self._statuses, types=self._types)
        except STORAGE_ERRORS as error:
            rebuilt = await replace_damaged(cache, error, self._on_notice)
            if rebuilt is None:
                raise
        self._cache = rebuilt
        return await refresh(rebuilt, self.client, statuses=self._statuses, types=self._types)

    async def statuses(self) -> list[CompanyStatus]:
        """The tenant's statuses, by id: read live (one request), and reused by the refresh."""
        if self._statuses is None:
            self._statuses = await self.client.statuses()
        return self._statuses

    async def types(self) -> list[CompanyType]:
        """The tenant's types, by id: read live (one request), and reused by the refresh."""
        if self._types is None:
            self._types = await self.client.types()
        return self._types

    async def companies(self, flt: CompanyFilter) -> list[PsaCompany]:
        """Every company the filter selects, by id: the same list a full fetch returns."""
        cache = await self._fresh_cache()
        if cache is None:
            return await self.client.companies(flt)
        return await asyncio.to_thread(cache.companies, flt)

    async def iter_companies(self, flt: CompanyFilter) -> Iterator[AnyCompany]:
        """The same as an iterator: from the cache it streams (bounded memory)."""
        cache = await self._fresh_cache()
        if cache is None:
            return iter(await self.client.companies(flt))
        return cache.iter_companies(flt)

    async def companies_by_id(self, ids: Collection[int]) -> dict[int, AnyCompany]:
        """The tenant's companies with these ids, deleted ones included (absent: gone).

        From the cache, a look-up; without one, every company is read (the vendor's
        conditions could name the ids, but a mapping's thousands of them would not fit
        in URLs, and `--no-cache` is the rare path).
        """
        cache = await self._fresh_cache()
        if cache is not None:
            return dict(await asyncio.to_thread(cache.companies_by_id, ids))
        wanted = set(ids)
        everything = await self.client.companies(CompanyFilter(include_deleted=True))
        return {c.id: c for c in everything if c.id in wanted}

    async def count(self, flt: CompanyFilter) -> int:
        """How many companies the filter selects (from the cache once it is fresh)."""
        if self.refreshed is None or self.cache is None:
            return await self.client.count_companies(flt)
        return await asyncio.to_thread(self.cache.count, flt)

    def _drop(self) -> None:
        """Stop using a cache that cannot be written; its next open rebuilds it if damaged."""
        cache, self._cache, self._refreshing, self.refreshed = self._cache, None, None, None
        if cache is not None:
            with contextlib.suppress(*STORAGE_ERRORS):
                cache.close()

    def keep_codebase(self) -> None:
        """Keep the codebase the client had to ask companyinfo for in the open cache, so
        the next process skips that request (`cache.codebase`); quietly, as the cache is
        only an economy."""
        found, cache = self.client.discovered_codebase, self._cache
        if cache is None or not plausible(found):
            return
        assert found is not None
        with contextlib.suppress(*STORAGE_ERRORS):
            if cache.codebase() != found:
                cache.remember_codebase(found)

    def close(self) -> None:
        """Keep what is worth keeping, then close the cache file (if it was ever opened)."""
        self._opener = None
        if self._cache is not None:
            self.keep_codebase()
            self._cache.close()

"""`CompanySource`: where a command or screen gets statuses, types and companies.

With a cache, the first question refreshes it (incrementally after the first time) and
every answer then comes from it; without one (`--no-cache`, or a cache dir that cannot
be written) every question goes to the PSA as before. Both answer exactly the same.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterator, Sequence

from tui.core.cache.refresh import RefreshResult, refresh
from tui.core.cache.store import CompanyCache
from tui.core.session import AnyCompany
from tui.psa.client import ConnectWiseClient
from tui.psa.filter import CompanyFilter
from tui.psa.models import CompanyStatus, CompanyType

OnNotice = Callable[[str], None]


def open_cache(site: str, company_id: str, on_notice: OnNotice) -> CompanyCache | None:
    """The tenant's cache, or None (with a notice) when its folder cannot be used."""
    try:
        cache = CompanyCache.open(site, company_id)
    except OSError as exc:
        on_notice(f"company cache unavailable ({exc.strerror or exc}); reading the PSA directly")
        return None
    if cache.notice:
        on_notice(cache.notice)
    return cache


class CompanySource:
    """Statuses, types and companies of one tenant, from its refreshed cache or the PSA."""

    def __init__(
        self,
        client: ConnectWiseClient,
        cache: CompanyCache | None = None,
        *,
        opener: Callable[[], CompanyCache | None] | None = None,
    ) -> None:
        """`opener` opens the cache on first use instead: bad input found before any
        company is asked for leaves no cache file behind."""
        self.client = client
        self._cache = cache
        self._opener = opener
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
        """Refresh the cache once for this source (concurrent callers share the refresh)."""
        cache = self.cache
        if cache is None:
            return None
        if self._refreshing is None:
            self._refreshing = asyncio.ensure_future(
                refresh(cache, self.client, statuses=self._statuses, types=self._types)
            )
        try:
            self.refreshed = await asyncio.shield(self._refreshing)
        except BaseException:
            if self._refreshing.done():
                self._refreshing = None  # a failed refresh may be tried again
            raise
        return self.refreshed

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

    async def companies(self, flt: CompanyFilter) -> Sequence[AnyCompany]:
        """Every company the filter selects, by id: the same list a full fetch returns."""
        if self.cache is None:
            return await self.client.companies(flt)
        await self.fresh()
        return await asyncio.to_thread(self.cache.companies, flt)

    async def iter_companies(self, flt: CompanyFilter) -> Iterator[AnyCompany]:
        """The same as an iterator: from the cache it streams (bounded memory)."""
        if self.cache is None:
            return iter(await self.client.companies(flt))
        await self.fresh()
        return self.cache.iter_companies(flt)

    async def count(self, flt: CompanyFilter) -> int:
        """How many companies the filter selects (from the cache once it is fresh)."""
        if self.refreshed is None or self.cache is None:
            return await self.client.count_companies(flt)
        return await asyncio.to_thread(self.cache.count, flt)

    def close(self) -> None:
        """Close the cache file (if it was ever opened)."""
        self._opener = None
        if self._cache is not None:
            self._cache.close()


def print_notice(message: str) -> None:
    """A cache notice as the CLI shows it: one line on stderr."""
    print(f"psamap: notice: {message}", file=sys.stderr)

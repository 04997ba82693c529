"""Bring a tenant's cache up to date with the fewest requests, and prove it exact.

First time: statuses, types and every company (deleted included) in one concurrent round.
After that, when the cache was proven exact well after its newest change (the usual
re-open): statuses, types and one question, "the newest company, and how many in all"
(`tui.psa.newest`). The cache's own newest company on top, with the same stamp and the
same total, proves nothing changed: three requests. Anything else is read as below, the
total already known.

Otherwise: statuses, types, the companies changed since the newest `lastUpdated` held
(without the status/type filter, deleted included, so a company that left any filter is
seen), and the tenant's total, all at once. If the cache's total then disagrees with the
PSA's (a company purged or merged away leaves no `lastUpdated` behind), every company is
read again and the difference applied: never trusted, always exact.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

from tui.core.cache.changes import ChangeSet, Kind, net_kind
from tui.core.cache.rows import epoch, stamp
from tui.core.cache.store import CompanyCache
from tui.psa.client import ConnectWiseClient
from tui.psa.concurrent import gather
from tui.psa.errors import InvalidRequest
from tui.psa.filter import CompanyFilter
from tui.psa.models import CompanyStatus, CompanyType, PsaCompany
from tui.psa.newest import Newest
from tui.psa.paging import PAGE_SIZE

T = TypeVar("T")

#: Re-read this much before the newest `lastUpdated` held: a change committed a little
#: after a later one (two writers) is still seen. Re-reading a company changes nothing.
OVERLAP_SECONDS = 60
#: How long before the moment the cache was proven exact its newest change must be for
#: "the newest company" to prove nothing changed since: a change committed after that moment
#: was stamped at most this much earlier (it commits a little after its stamp, and the
#: PSA's `Date` and its stamps may come from two machines' clocks).
SETTLED_SECONDS = 300
#: Every company of the tenant, deleted ones included: what the cache mirrors.
EVERYTHING = CompanyFilter(include_deleted=True)

Mode = Literal["full", "incremental", "recount"]
InThread = Callable[..., Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class RefreshResult:
    """What one refresh did: how (`full`, `incremental`, or `recount` after a count
    mismatch), what it changed, and how many requests it cost."""

    mode: Mode
    changes: ChangeSet
    requests: int


async def refresh(
    cache: CompanyCache,
    client: ConnectWiseClient,
    *,
    statuses: Sequence[CompanyStatus] | None = None,
    types: Sequence[CompanyType] | None = None,
    in_thread: InThread = asyncio.to_thread,
) -> RefreshResult:
    """Refresh `cache` from the PSA; SQLite work runs through `in_thread` (off the loop).

    `statuses` / `types` just read by the caller are used instead of asking again.
    """
    first = client.stats.requests
    with client.psa_times() as times:
        result = await _refresh(cache, client, (statuses, types), in_thread)
    if times:  # proven exact as of the earliest answer (each read ran before its answer)
        await in_thread(cache.prove, min(times))
    return RefreshResult(result[0], result[1], client.stats.requests - first)


async def _refresh(
    cache: CompanyCache,
    client: ConnectWiseClient,
    known: tuple[Sequence[CompanyStatus] | None, Sequence[CompanyType] | None],
    in_thread: InThread,
) -> tuple[Mode, ChangeSet]:
    mark, links, settled = await in_thread(
        lambda: (cache.watermark(), cache.sends_links, _settled(cache))
    )
    # Made once the cache has answered: a coroutine made before a failure is never awaited.
    lookups = [_known(known[0], client.statuses), _known(known[1], client.types)]
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if mark is None:
        statuses, types, _ = await gather([*lookups, _full_read(cache, client, in_thread)])
        changes = await in_thread(
            lambda: cache.land_full_read(lookups=(statuses, types), refreshed_at=now)
        )
        await _learn_links(cache, client, links, in_thread)
        return "full", changes

    since = CompanyFilter(include_deleted=True, changed_since=stamp(mark - OVERLAP_SECONDS))
    total: int | None = None
    if settled:
        statuses, types, newest = await gather([*lookups, _newest(cache, client, links, in_thread)])
        if newest is not None:
            if await in_thread(_unchanged, cache, newest, mark):
                changes = await in_thread(
                    lambda: cache.apply(
                        (), complete=False, lookups=(statuses, types), refreshed_at=now
                    )
                )
                return "incremental", changes
            if await in_thread(_useless, cache, newest, mark):
                await in_thread(cache.note_newest_unusable)
            total = newest.total
        lookups = [_known(statuses, client.statuses), _known(types, client.types)]
    # few=True: the changes (usually a handful, or a page's worth) cost one request and no
    # count of their own when the page proves itself the last (see `paging.CompanyLoader`).
    counted = _known(total, lambda: client.count_companies(EVERYTHING))
    statuses, types, changed, total = await gather(
        [*lookups, client.companies(since, few=True, links=links), counted]
    )
    changes = await in_thread(
        lambda: cache.apply(changed, complete=False, lookups=(statuses, types), refreshed_at=now)
    )
    await _learn_links(cache, client, links, in_thread)
    if await in_thread(cache.total) == total:
        return "incremental", changes
    await _full_read(cache, client, in_thread, expected=total)
    more = await in_thread(cache.land_full_read)
    await _learn_links(cache, client, links, in_thread)
    return "recount", merged(changes, more)


def _settled(cache: CompanyCache) -> bool:
    """Whether "the newest company" can prove this cache unchanged: it was proven exact
    `SETTLED_SECONDS` after its newest change, on a PSA whose answer to the question was
    never useless, and its lowest id is not also its newest (see
    `CompanyCache.first_is_newest`). The answer names its own `last` page or proves
    nothing, so a PSA need not have been seen sending Link headers, except one with more
    companies than a page: its full read would have shown one, so none means a proxy
    strips them (and asking would only waste a request)."""
    proven, mark = cache.proven_at(), cache.watermark()
    if proven is None or mark is None or mark > proven - SETTLED_SECONDS:
        return False
    if not cache.sends_links and cache.total() > PAGE_SIZE:
        return False
    return not cache.newest_unusable and not cache.first_is_newest()


async def _newest(
    cache: CompanyCache, client: ConnectWiseClient, links: bool, in_thread: InThread
) -> Newest | None:
    """The newest-company answer, or None from a PSA that refuses `orderBy` on the stamp
    (remembered, as a useless answer is: it is not asked again)."""
    try:
        return await client.newest_company(links=links)
    except InvalidRequest as error:
        if error.status != 400:
            raise
        await in_thread(cache.note_newest_unusable)
        return None


def _useless(cache: CompanyCache, newest: Newest, mark: int) -> bool:
    """Whether this answer shows the PSA cannot answer the question: no total, no stamp, or
    a company older than the newest held on top with nothing purged (the order dropped).
    Asking again would only add a request to every refresh."""
    top = newest.company
    if newest.total is None:  # with two or more companies a Link must name the last page
        return cache.total() > 1
    if top is not None and top.last_updated is None:
        return True
    stamp_now = None if top is None else epoch(top.last_updated)
    return stamp_now is not None and stamp_now < mark and newest.total == cache.total()


def _unchanged(cache: CompanyCache, newest: Newest, mark: int) -> bool:
    """Whether the answer proves the cache exact: the newest company is the cache's newest,
    as held (so nothing was stamped since), and no company was purged (the same total)."""
    top = newest.company
    if top is None or newest.total is None or newest.total != cache.total():
        return False
    stamp_now = epoch(top.last_updated)
    return stamp_now == mark and cache.stamp_of(top.id) == mark


async def _full_read(
    cache: CompanyCache, client: ConnectWiseClient, in_thread: InThread, expected: int | None = None
) -> int:
    """Every company of the tenant, staged in the cache page by page as it arrives (see
    `staging`): it becomes the cache only with `land_full_read`, once this returns."""
    await in_thread(cache.begin_full_read)

    async def sink(page: list[PsaCompany]) -> None:
        await in_thread(cache.stage, page)

    return await client.stream_companies(EVERYTHING, sink, expected=expected)


async def _learn_links(
    cache: CompanyCache, client: ConnectWiseClient, known: bool, in_thread: InThread
) -> None:
    """Keep, once, that this PSA names a next page in a Link header (a full read of more
    than one page shows it), so later refreshes may trust a page that carries none."""
    if client.stats.next_links and not known:
        await in_thread(cache.note_links)


async def _known(value: Any, read: Callable[[], Awaitable[Any]]) -> Any:
    """`value` when the caller already has it, else read (the answers of one `gather`
    are of several types)."""
    return value if value is not None else await read()


def merged(earlier: ChangeSet, later: ChangeSet) -> ChangeSet:
    """Two change sets one after the other, as one."""
    kinds: dict[int, tuple[Kind, Kind]] = {}
    for changes in (earlier, later):
        for kind in ("added", "changed", "deleted"):
            for cid in getattr(changes, kind):
                first = kinds[cid][0] if cid in kinds else kind
                kinds[cid] = (first, kind)
    net = {cid: net_kind(a, b) for cid, (a, b) in kinds.items()}
    return ChangeSet.of({cid: k for cid, k in net.items() if k is not None})

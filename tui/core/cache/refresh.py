"""Bring a tenant's cache up to date with the fewest requests, and prove it exact.

First time: statuses, types and every company (deleted included) in one concurrent round.
After that: statuses, types, the companies changed since the newest `lastUpdated` held
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
from tui.core.cache.rows import stamp
from tui.core.cache.store import CompanyCache
from tui.psa.client import ConnectWiseClient
from tui.psa.filter import CompanyFilter
from tui.psa.models import CompanyStatus, CompanyType, PsaCompany
from tui.psa.paging import gather

T = TypeVar("T")

#: Re-read this much before the newest `lastUpdated` held: a change committed a little
#: after a later one (two writers) is still seen. Re-reading a company changes nothing.
OVERLAP_SECONDS = 60
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
    lookups = [_known(statuses, client.statuses), _known(types, client.types)]
    mark, links = await in_thread(lambda: (cache.watermark(), cache.sends_links))
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if mark is None:
        statuses, types, _ = await gather([*lookups, _full_read(cache, client, in_thread)])
        changes = await in_thread(
            lambda: cache.land_full_read(lookups=(statuses, types), refreshed_at=now)
        )
        await _learn_links(cache, client, links, in_thread)
        return RefreshResult("full", changes, client.stats.requests - first)

    since = CompanyFilter(include_deleted=True, changed_since=stamp(mark - OVERLAP_SECONDS))
    # few=True: the changes (usually a handful, or a page's worth) cost one request and no
    # count of their own when the page proves itself the last (see `paging.CompanyLoader`).
    statuses, types, changed, total = await gather(
        [
            *lookups,
            client.companies(since, few=True, links=links),
            client.count_companies(EVERYTHING),
        ]
    )
    changes = await in_thread(
        lambda: cache.apply(changed, complete=False, lookups=(statuses, types), refreshed_at=now)
    )
    await _learn_links(cache, client, links, in_thread)
    if await in_thread(cache.total) == total:
        return RefreshResult("incremental", changes, client.stats.requests - first)
    await _full_read(cache, client, in_thread, expected=total)
    more = await in_thread(cache.land_full_read)
    await _learn_links(cache, client, links, in_thread)
    return RefreshResult("recount", merged(changes, more), client.stats.requests - first)


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


async def _known(items: Sequence[T] | None, read: Callable[[], Awaitable[list[T]]]) -> Any:
    return items if items is not None else await read()


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

"""Company cache benchmark: what re-opening a tenant and refreshing it cost, cache vs none.

Against the demo tenant (50,000 companies) served on loopback with 150 ms added to every
request. "Re-open" is what the filter screen needs: statuses, types, a count per status
and per type and the total (no cache), or the incremental refresh with every count from
the cache. "1% changed" edits 500 companies (names, statuses, deletions) between two
refreshes. Every cached answer is compared with a full fetch: the figures count only if
it is exact.
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from pathlib import Path

from bench.table import BenchRow
from tui.core.cache import CompanyCache, CompanySource, refresh
from tui.core.cache.codebase import kept_codebase
from tui.core.gc_pause import gc_paused
from tui.demo.tenants import demo_sandbox
from tui.psa.auth import Credentials
from tui.psa.client import ConnectWiseClient
from tui.psa.filter import CompanyFilter
from tui.sandbox import DEMO_CLIENT_ID, DEMO_CODEBASE, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY

CREDS = Credentials("demo", DEMO_PUBLIC_KEY, DEMO_PRIVATE_KEY, DEMO_CLIENT_ID)
LATENCY_MS = 150
CHANGED = 500  # 1% of the demo tenant
CHECKED = [CompanyFilter(), CompanyFilter.of([1], [5]), CompanyFilter(include_deleted=True)]


def rows() -> list[BenchRow]:
    """The cache rows of the README's benchmark table."""
    sandbox = demo_sandbox(latency_ms=LATENCY_MS)
    tenant = sandbox.tenants["demo"]
    with tempfile.TemporaryDirectory() as folder, sandbox.serving() as base:
        cache = CompanyCache.open(base, "demo", Path(folder))

        async def run() -> dict[str, tuple[int, float, bool]]:
            out: dict[str, tuple[int, float, bool]] = {}
            async with _client(base) as client:
                out["first"] = await _timed(client, lambda: refresh(cache, client))
                out["no cache"] = await _timed(client, lambda: _reopen_live(client))
                out["nothing"] = await _timed(client, lambda: _reopen_cached(cache, client))
                out["asked"], out["kept"] = await _codebase_runs(cache, base)
                _change(tenant, random.Random(12))
                out["1%"] = await _timed(client, lambda: _reopen_cached(cache, client))
                exact = await _exact(cache, client)
                out = {k: (n, s, exact) for k, (n, s, _) in out.items()}
            return out

        with gc_paused():
            found = asyncio.run(run())
        cache.close()
    live_n, live_s, _ = found["no cache"]
    first_n, first_s, _ = found["first"]
    same_n, same_s, exact = found["nothing"]
    changed_n, changed_s, _ = found["1%"]
    asked_n, kept_n = found["asked"][0], found["kept"][0]
    pages = -(-CHANGED // 1000)
    return [
        BenchRow(
            "re-open a tenant and its filter, nothing changed: requests (wall at 150 ms)",
            f"{same_n} ({same_s:.2f} s), exact: {'yes' if exact else 'NO'}",
            f"{live_n} ({live_s:.2f} s) without the cache; first fill {first_n} ({first_s:.2f} s)",
            "<= 3 requests, exact",
            same_n <= 3 and exact,
        ),
        BenchRow(
            f"re-open after 1% of companies changed ({CHANGED:,}): requests (wall)",
            f"{changed_n} ({changed_s:.2f} s), exact: {'yes' if exact else 'NO'}",
            f"{live_n} ({live_s:.2f} s) without the cache",
            f"<= 3 + changed pages ({3 + pages}), exact",
            changed_n <= 3 + pages and exact,
        ),
        BenchRow(
            "a CLI run, nothing changed, codebase not configured: requests",
            f"{kept_n} (the codebase companyinfo named last run is kept in the cache)",
            f"{asked_n} (companyinfo asked again by every process)",
            "one request fewer",
            kept_n == asked_n - 1,
        ),
    ]


def _client(base: str) -> ConnectWiseClient:
    return ConnectWiseClient(base, CREDS, codebase=DEMO_CODEBASE)


async def _codebase_runs(
    cache: CompanyCache, base: str
) -> tuple[tuple[int, float, bool], tuple[int, float, bool]]:
    """Two processes' refreshes with no codebase configured, as a CLI run makes them: one
    that must ask companyinfo (as every run did), then one that takes the cache's."""
    async with ConnectWiseClient(base, CREDS) as client:
        asked = await _timed(client, lambda: CompanySource(client, cache).fresh())
    async with ConnectWiseClient(base, CREDS) as client:
        client.assume_codebase(kept_codebase(cache))
        kept = await _timed(client, lambda: CompanySource(client, cache).fresh())
    return asked, kept


async def _timed(client: ConnectWiseClient, work) -> tuple[int, float, bool]:
    before = client.stats.requests
    start = time.perf_counter()
    await work()
    return client.stats.requests - before, time.perf_counter() - start, True


async def _reopen_live(client: ConnectWiseClient) -> None:
    """The filter screen without a cache: both lists, a count per item, the total."""
    statuses, types = await asyncio.gather(client.statuses(), client.types())
    flts = [CompanyFilter.of([s.id], []) for s in statuses]
    flts += [CompanyFilter.of([], [t.id]) for t in types]
    flts.append(CompanyFilter.of([s.id for s in statuses if not s.inactive_flag], []))
    await asyncio.gather(*(client.count_companies(f) for f in flts))


async def _reopen_cached(cache: CompanyCache, client: ConnectWiseClient) -> None:
    """The same with the cache: the incremental refresh, then every count from the cache."""
    await refresh(cache, client)
    cache.status_counts()
    cache.type_counts()
    cache.count(CompanyFilter.of([1, 17], []))


def _change(tenant, rng: random.Random) -> None:
    """Edit 1% of the companies: renames, status moves and deletions, as an admin would."""
    for row in rng.sample(list(tenant.rows), CHANGED):
        kind = rng.randrange(3)
        if kind == 0:
            tenant.update_company(row.id, name=f"{row.name} (renamed)")
        elif kind == 1:
            tenant.update_company(row.id, status_id=44)
        else:
            tenant.delete_company(row.id)


async def _exact(cache: CompanyCache, client: ConnectWiseClient) -> bool:
    """Whether the cache answers what a full fetch returns, for a few filters."""
    for flt in CHECKED:
        live = await client.companies(flt)
        held = cache.companies(flt)
        if [(c.id, c.name, c.status, c.types, c.deleted_flag) for c in live] != [
            (c.id, c.name, c.status, c.types, c.deleted_flag) for c in held
        ]:
            return False
    return True

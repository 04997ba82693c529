"""Re-opening a settled cache: statuses, types and "the newest company, and how many in all"
prove nothing changed in three requests. Whatever that answer cannot prove (a change, a
purge, a PSA that drops or refuses the order, no clock) is read the long way, exact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from tests.core.cache.helpers import assert_exact, client_for
from tui.core.cache import CompanyCache, RefreshResult, refresh
from tui.core.cache.refresh import SETTLED_SECONDS
from tui.psa.client import ConnectWiseClient
from tui.sandbox import DEMO_SITE, Quirks, Sandbox, SandboxTenant, make_tenant

NEWEST = "orderBy=_info/lastUpdated desc"


def companies_asked(asked: list[str]) -> list[str]:
    """The company lists and counts asked for (statuses and types left out)."""
    return [a for a in asked if a.startswith("company/companies") and "/statuses" not in a
            and "/types" not in a]  # fmt: skip


async def test_nothing_changed_is_proven_by_the_newest_company_and_the_total(
    sandbox, cache
) -> None:
    asked: list[str] = []
    async with client_for(sandbox, asked) as client:
        await refresh(cache, client)
        asked.clear()
        result = await refresh(cache, client)
    assert (result.mode, result.requests, len(result.changes)) == ("incremental", 3, 0)
    [newest] = companies_asked(asked)
    assert newest.startswith("company/companies?") and NEWEST in newest
    assert "pageSize=1" in newest.split("&")
    await assert_exact(sandbox, cache)


async def test_a_change_since_costs_its_page_and_no_count(sandbox, tenant, cache) -> None:
    asked: list[str] = []
    async with client_for(sandbox, asked) as client:
        await refresh(cache, client)
        moved = tenant.rows[700].id
        tenant.update_company(moved, status_id=44)
        asked.clear()
        result = await refresh(cache, client)
    # statuses, types, the newest company (a newer stamp: changes), the page of changes
    assert (result.mode, result.requests, result.changes.changed) == ("incremental", 4, [moved])
    assert not [a for a in asked if "/count" in a]
    await assert_exact(sandbox, cache)


async def test_a_cache_proven_right_after_a_change_waits_to_settle(sandbox, tenant, cache) -> None:
    async with client_for(sandbox) as client:
        await refresh(cache, client)
        tenant.update_company(tenant.rows[3].id, name="Just Now Renamed Ltd")
        await refresh(cache, client)  # proven at the change's own minute
        unsettled = await refresh(cache, client)
        tenant.pass_time(SETTLED_SECONDS + 1)
        await refresh(cache, client)  # proven long after the newest change
        settled = await refresh(cache, client)
    # a change may commit a little after its stamp: the long way until the cache settles
    assert (unsettled.mode, unsettled.requests) == ("incremental", 4)
    assert (settled.mode, settled.requests) == ("incremental", 3)
    await assert_exact(sandbox, cache)


async def test_a_purge_and_an_addition_together_are_both_seen(sandbox, tenant, cache) -> None:
    async with client_for(sandbox) as client:
        await refresh(cache, client)
        gone = tenant.rows[10].id
        tenant.purge_company(gone)  # the total stays as it was
        new = tenant.add_company("Quite New Holdings", 1, [5])["id"]
        result = await refresh(cache, client)
    assert (result.mode, result.changes.added, result.changes.deleted) == ("recount", [new], [gone])
    await assert_exact(sandbox, cache)


async def test_a_psa_that_drops_the_order_is_not_taken_at_its_word(
    sandbox: Sandbox, tenant: SandboxTenant, cache: CompanyCache
) -> None:
    first = tenant.rows[0].id
    async with client_for(sandbox) as client:
        await refresh(cache, client)
        tenant.update_company(first, name="First And Newest Ltd")  # the lowest id, newest
        tenant.pass_time(SETTLED_SECONDS + 1)
        await refresh(cache, client)
        sandbox.quirks = Quirks(order_by_ignored=True)  # a proxy drops orderBy from now on
        later = tenant.rows[900].id
        tenant.update_company(later, name="Changed Behind The Proxy Ltd")
        result = await refresh(cache, client)
    # id order put the lowest id on top: it bears the newest stamp held, yet proves nothing
    assert later in result.changes.changed
    await assert_exact(sandbox, cache)


async def test_a_dropped_order_shows_an_older_company_on_top_and_proves_nothing(
    sandbox: Sandbox, tenant: SandboxTenant, cache: CompanyCache
) -> None:
    async with client_for(sandbox) as client:
        await refresh(cache, client)
        sandbox.quirks = Quirks(order_by_ignored=True)
        later = tenant.rows[900].id
        tenant.update_company(later, name="Changed Behind The Proxy Ltd")
        tenant.pass_time(SETTLED_SECONDS + 1)
        result = await refresh(cache, client)
        assert cache.newest_unusable  # an older company on top, the same total: not asked again
        asked: list[str] = []
        async with client_for(sandbox, asked) as again:
            await refresh(cache, again)
    assert (result.mode, result.changes.changed) == ("incremental", [later])
    assert not [a for a in asked if NEWEST in a]
    await assert_exact(sandbox, cache)


async def test_a_psa_that_refuses_the_order_is_asked_once(sandbox, tenant, cache) -> None:
    sandbox.quirks = Quirks(unsortable=frozenset({"_info/lastUpdated"}))
    asked: list[str] = []
    async with client_for(sandbox, asked) as client:
        await refresh(cache, client)
        refused = await refresh(cache, client)
        asked.clear()
        tenant.update_company(tenant.rows[5].id, name="Renamed Anyway Ltd")
        tenant.pass_time(SETTLED_SECONDS + 1)
        later = await refresh(cache, client)
    assert cache.newest_unusable
    # statuses, types, the refused question, the changes, the count; then never asked again
    assert (refused.requests, later.requests) == (5, 4)
    assert not [a for a in asked if NEWEST in a]
    await assert_exact(sandbox, cache)


class Proxy(httpx.AsyncBaseTransport):
    """A front end that edits each answer's headers on its way back."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, edit: Callable[[httpx.Headers], object]
    ) -> None:
        self.inner, self.edit = inner, edit

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        self.edit(response.headers)
        return response


def undated(inner: httpx.AsyncBaseTransport) -> Proxy:
    """A front end that sends no `Date` header."""
    return Proxy(inner, lambda headers: headers.pop("date", None))


def lastless(inner: httpx.AsyncBaseTransport) -> Proxy:
    """A PSA whose Link header names a next page but never the last."""

    def edit(headers: httpx.Headers) -> None:
        if link := headers.get("link"):
            headers["link"] = ", ".join(p for p in link.split(", ") if 'rel="last"' not in p)

    return Proxy(inner, edit)


async def asked_once_then(
    cache: CompanyCache, client: ConnectWiseClient, asked: list[str]
) -> tuple[RefreshResult, RefreshResult]:
    """Fill the cache, refresh it (the question asked once), then again (what is asked
    now is left in `asked`)."""
    await refresh(cache, client)
    first = await refresh(cache, client)
    asked.clear()
    return first, await refresh(cache, client)


async def test_without_the_psa_clock_the_cache_is_never_settled(sandbox, cache) -> None:
    asked: list[str] = []
    async with client_for(sandbox, asked, between=undated) as client:
        await refresh(cache, client)
        result = await refresh(cache, client)
    assert cache.proven_at() is None
    assert (result.mode, result.requests) == ("incremental", 4)
    assert not [a for a in asked if NEWEST in a]


async def test_an_answer_without_a_total_is_not_asked_again(sandbox, cache) -> None:
    asked: list[str] = []
    async with client_for(sandbox, asked, between=lastless) as client:
        # asked once: no total, so counted as well
        first, later = await asked_once_then(cache, client, asked)
    assert cache.newest_unusable
    assert (first.requests, later.requests) == (5, 4)
    assert not [a for a in asked if NEWEST in a]
    await assert_exact(sandbox, cache)


async def test_a_small_tenant_behind_a_proxy_that_strips_links_is_asked_once(
    tmp_path: Path,
) -> None:
    # 300 companies fit one page: the full read cannot show whether Link headers come
    sandbox = Sandbox([make_tenant("acme", 300, seed=3)], quirks=Quirks(link_headers=False))
    asked: list[str] = []
    with CompanyCache.open(DEMO_SITE, "acme", tmp_path) as cache:
        async with client_for(sandbox, asked) as client:
            first, later = await asked_once_then(cache, client, asked)
        assert cache.newest_unusable
        # statuses, types, the newest company (no Link: no total), the changes, the count
        assert (first.requests, later.requests) == (5, 4)
        assert not [a for a in asked if NEWEST in a]
        await assert_exact(sandbox, cache)

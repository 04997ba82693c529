"""The filter screen with the company cache: a tenant opens from it at once and refreshes."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.pilot import Pilot

from tests.support.filter_fixtures import (
    ACTIVE,
    CLIENT,
    FORMER,
    make_app,
    open_tenant,
    sandbox_total,
    small_tenant,
    tenant_config,
)
from tests.support.pilot import screen_text, settle, toast_text
from tui.app.app import PsamapApp
from tui.app.screens.filter import FilterScreen
from tui.core.config import TenantConfig
from tui.psa.client import ConnectWiseClient
from tui.sandbox import Sandbox, SandboxTenant


def cached_app(tenant: SandboxTenant, sandbox: Sandbox) -> PsamapApp:
    app = make_app(tenant, sandbox=sandbox)
    app.use_cache = True
    return app


async def reopen(pilot: Pilot, name: str) -> FilterScreen:
    """Back to the picker (closing the tenant), then open it again."""
    await pilot.press("escape")
    await settle(pilot)
    return await open_tenant(pilot, name)


def shown_counts(screen: FilterScreen) -> dict[tuple[str, int], int | None]:
    return {
        **{("status", i.id): i.count for i in screen.status_list.items},
        **{("type", i.id): i.count for i in screen.type_list.items},
    }


async def test_second_opening_comes_from_the_cache_with_three_requests() -> None:
    tenant = small_tenant()
    sandbox = Sandbox([tenant])
    async with cached_app(tenant, sandbox).run_test(size=(80, 24)) as pilot:
        first = await open_tenant(pilot, "acme")
        live_counts = shown_counts(first)
        live_total = first.total
        screen = await reopen(pilot, "acme")
        assert screen.client is not None
        # statuses, types, and the newest company with the tenant's total (its Link
        # header); no count per status or type and no count for the total
        assert screen.client.stats.requests == 3
        assert shown_counts(screen) == live_counts
        assert screen.total == live_total
        assert "3 API requests" in screen_text(pilot)


async def test_a_discovered_codebase_is_kept_so_reopening_skips_companyinfo() -> None:
    tenant = small_tenant()
    sandbox = Sandbox([tenant])
    paths: list[str] = []
    sandbox.on_request.append(lambda request, _n: paths.append(request.url.path))
    config = tenant_config(tenant, codebase=None)  # found through companyinfo
    app = make_app(tenant, configs=[config], sandbox=sandbox)
    app.use_cache = True
    async with app.run_test(size=(80, 24)) as pilot:
        await open_tenant(pilot, "acme")
        assert sum("/login/companyinfo/" in p for p in paths) == 1
        paths.clear()
        screen = await reopen(pilot, "acme")
        assert screen.client is not None and screen.client.stats.requests == 3
        assert not any("/login/companyinfo/" in p for p in paths)


async def test_changes_between_openings_show_in_counts_and_totals() -> None:
    tenant = small_tenant()
    sandbox = Sandbox([tenant])
    async with cached_app(tenant, sandbox).run_test(size=(80, 24)) as pilot:
        first = await open_tenant(pilot, "acme")
        active = [i.id for i in first.status_list.items].index(ACTIVE)
        assert active >= 0
        moved = tenant.select(f"status/id = {ACTIVE} and deletedFlag = false")[0]["id"]
        tenant.update_company(moved, status_id=FORMER)
        tenant.add_company("Fresh Client Ltd", ACTIVE, [CLIENT])
        screen = await reopen(pilot, "acme")
        counts = shown_counts(screen)
        for status in (ACTIVE, FORMER):
            assert counts[("status", status)] == sandbox_total(tenant, {status}, None)
        assert counts[("type", CLIENT)] == sandbox_total(tenant, None, {CLIENT})
        ticked = set(screen.status_list.checked_ids)
        assert screen.total == sandbox_total(tenant, ticked, None)
        before = screen.client.stats.requests if screen.client else 0
        await pilot.press("space")  # a new choice: its total comes from the cache
        await settle(pilot)
        assert screen.client is not None and screen.client.stats.requests == before
        ticked ^= {screen.status_list.items[0].id}
        assert screen.total == sandbox_total(tenant, ticked, None)


async def test_without_the_cache_nothing_is_kept() -> None:
    from tui.core.cache import cache_dir

    tenant = small_tenant()
    async with make_app(tenant).run_test(size=(80, 24)) as pilot:
        await open_tenant(pilot, "acme")
        screen = await reopen(pilot, "acme")
        assert screen.client is not None and screen.client.stats.requests > 4
    assert not cache_dir().exists() or not any(cache_dir().iterdir())


async def test_a_corrupt_cache_is_rebuilt_and_the_screen_says_so() -> None:
    """The notice comes from the thread that opens the cache: it must reach the screen."""
    from tests.support.filter_fixtures import DEMO_SITE
    from tui.core.cache.cache_file import cache_path

    tenant = small_tenant()
    path = cache_path(DEMO_SITE, tenant.company_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not an SQLite database" * 100)
    app = cached_app(tenant, Sandbox([tenant]))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_tenant(pilot, "acme")
        await settle(pilot)
        shown = toast_text(pilot)
        assert shown.startswith("company cache ")
        assert "(file is not a database); rebuilt it from the PSA" in shown
        assert screen.total is not None


async def test_a_cache_damaged_mid_file_is_rebuilt_and_the_screen_says_so() -> None:
    """A file whose header is whole but whose pages are not: the screen loads live, says
    the cache was rebuilt, and the next opening comes from the new cache."""
    from tests.core.cache.helpers import damage_pages
    from tests.support.filter_fixtures import DEMO_SITE
    from tui.core.cache.cache_file import cache_path

    tenant = small_tenant()
    sandbox = Sandbox([tenant])
    async with cached_app(tenant, sandbox).run_test(size=(80, 24)) as pilot:
        live = await open_tenant(pilot, "acme")
        live_counts, live_total = shown_counts(live), live.total
    damage_pages(cache_path(DEMO_SITE, tenant.company_id))
    app = cached_app(tenant, sandbox)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_tenant(pilot, "acme")
        await settle(pilot)
        shown = toast_text(pilot)
        assert shown.startswith("company cache ") and " was damaged (" in shown
        assert shown.endswith("rebuilt it from the PSA")
        assert (shown_counts(screen), screen.total) == (live_counts, live_total)
        again = await reopen(pilot, "acme")
        assert again.client is not None and again.client.stats.requests == 3
        assert (shown_counts(again), again.total) == (live_counts, live_total)


async def test_the_cached_lists_shown_while_the_tenant_connects_say_no_unexpected_error() -> None:
    """Reopened from the cache, the screen shows the lists and the total at once, while the
    connection (a secret `command` may take seconds) and the refresh are on their way. The
    total was counted by a worker that asserted a connected client: the AssertionError read
    "Unexpected error" on the progress line until the PSA answered, and Enter, shown in the
    footer, silently did nothing."""
    tenant = small_tenant()
    sandbox = Sandbox([tenant])
    app = cached_app(tenant, sandbox)
    connect = app.connect
    connecting = asyncio.Event()

    async def slow_connect(config: TenantConfig, **kw: Any) -> ConnectWiseClient:
        await connecting.wait()
        return await connect(config, **kw)

    async with app.run_test(size=(80, 24)) as pilot:
        first = await open_tenant(pilot, "acme")
        live_total = first.total
        await pilot.press("escape")
        await settle(pilot)
        app.connect = slow_connect  # type: ignore[method-assign,assignment]
        app.open_tenant(app.config.tenants["acme"])
        for _ in range(10):
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, FilterScreen) and screen.client is None
        text = screen_text(pilot)
        assert "Unexpected error" not in text
        assert screen.total == live_total
        assert f"Selected {live_total:,} companies" in text
        assert "Refreshing from" in text
        # Enter cannot map before the connection: the footer dims it.
        assert screen.check_action("continue", ()) is None
        connecting.set()
        await settle(pilot)
        assert screen.client is not None
        assert screen.check_action("continue", ()) is True
        assert "Unexpected error" not in screen_text(pilot)
        assert screen.total == live_total

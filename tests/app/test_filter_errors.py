"""Failures on the filter screen: named, explained, retryable, never a crash or a secret."""

from __future__ import annotations

import httpx

from tests.support.filter_fixtures import (
    ACTIVE,
    HandlerTransport,
    make_app,
    open_tenant,
    sandbox_total,
    small_tenant,
    tenant_config,
)
from tests.support.pilot import screen_text, settle
from tui.app.screens.filter import FilterScreen
from tui.app.screens.tenants import TenantsScreen
from tui.sandbox import DEMO_PRIVATE_KEY, Sandbox


async def test_a_tenant_refusing_the_credentials_shows_why_and_names_the_tenant() -> None:
    locked = small_tenant("locked", public_key="SomeOtherKey1234")
    async with make_app(locked).run_test(size=(80, 24)) as pilot:
        await open_tenant(pilot, "locked")
        text = screen_text(pilot)
        assert "Could not open tenant 'locked' (Locked MSP)" in text
        assert "Sign-in refused (401)" in text
        assert "r Retry" in text
        assert DEMO_PRIVATE_KEY not in text

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TenantsScreen)
        assert "last try: Sign-in refused (401)" in screen_text(pilot)


async def test_a_missing_secret_is_a_config_problem_naming_tenant_and_field() -> None:
    tenant = small_tenant()
    config = tenant_config(tenant, private_key={"env": "PSAMAP_TEST_UNSET_KEY"})
    async with make_app(tenant, configs=[config]).run_test(size=(120, 40)) as pilot:
        await open_tenant(pilot, "acme")
        text = screen_text(pilot)
        assert "Config problem" in text
        assert "tenant 'acme': private_key" in text
        assert "PSAMAP_TEST_UNSET_KEY" in text


async def test_an_unknown_company_is_reported_not_crashed_on() -> None:
    tenant = small_tenant()
    stranger = tenant_config(tenant, name="stranger", company_id="nobody-here")
    async with make_app(tenant, configs=[stranger]).run_test(size=(120, 40)) as pilot:
        screen = await open_tenant(pilot, "stranger")
        text = screen_text(pilot)
        assert "Could not open tenant 'stranger'" in text
        assert "Not found (404)" in text
        assert "company id 'nobody-here' is not known" in text
        assert screen.check_action("retry", ()) is True


async def test_retry_after_a_refused_load_opens_the_tenant() -> None:
    tenant = small_tenant()
    refusing = True

    async def flaky(request: httpx.Request) -> httpx.Response:
        if refusing:
            return httpx.Response(403, json={"code": "Forbidden", "message": "role"})
        return await inner.handle_async_request(request)

    inner = Sandbox([tenant]).transport()
    app = make_app(tenant, transport=HandlerTransport(flaky))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        assert "Permission denied (403)" in screen_text(pilot)
        refusing = False
        await pilot.press("r")
        await settle(pilot)
        assert screen.status_list.items[0].count == sandbox_total(tenant, {ACTIVE}, None)
        assert "Could not open" not in screen_text(pilot)


async def test_a_failed_total_shows_an_error_and_retry_counts_it() -> None:
    tenant = small_tenant()
    refuse_total = False

    async def picky(request: httpx.Request) -> httpx.Response:
        if refuse_total and "(17,23)" in request.url.params.get("conditions", ""):
            return httpx.Response(400, json={"code": "InvalidObject", "message": "nope"})
        return await inner.handle_async_request(request)

    inner = Sandbox([tenant]).transport()
    app = make_app(tenant, transport=HandlerTransport(picky))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        assert isinstance(screen, FilterScreen)
        refuse_total = True
        await pilot.press("space")  # untick Active: asks for status/id in (17,23)
        await settle(pilot)
        assert "Total not counted: Request refused" in screen_text(pilot)
        refuse_total = False
        await pilot.press("r")
        await settle(pilot)
        expected = sandbox_total(tenant, {17, 23}, None)
        text = screen_text(pilot)
        assert f"Selected {expected:,} companies" in text
        assert "Total not counted" not in text

"""The filter choice is remembered per tenant and restored the next time it is opened."""

from __future__ import annotations

import pytest

from tests.support.filter_fixtures import (
    ACTIVE,
    CREDIT_HOLD,
    INACTIVE,
    NOT_APPROVED,
    PROSPECT,
    make_app,
    open_tenant,
    small_tenant,
)
from tests.support.pilot import settle
from tui.app.screens.tenants import TenantsScreen
from tui.core.state import StateStore, tenant_key
from tui.sandbox import DEMO_SITE


@pytest.mark.slow
async def test_the_last_choice_is_restored_for_that_tenant_only() -> None:
    acme, globex = small_tenant("acme"), small_tenant("globex")
    every_type = {t["id"] for t in acme.types}
    async with make_app(acme, globex).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        await pilot.press("down", "space", "tab", "down", "space")  # tick Inactive, untick Prospect
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, TenantsScreen)

        again = await open_tenant(pilot, "acme")
        assert again is not screen
        assert again.status_list.checked_ids == {ACTIVE, INACTIVE, CREDIT_HOLD, NOT_APPROVED}
        assert again.type_list.checked_ids == every_type - {PROSPECT}
        await pilot.press("escape")
        await settle(pilot)

        other = await open_tenant(pilot, "globex")
        assert other.status_list.checked_ids == {ACTIVE, CREDIT_HOLD, NOT_APPROVED}
        assert other.type_list.checked_ids == every_type

    remembered = StateStore().filter_choice(tenant_key(DEMO_SITE, "acme"))
    assert remembered is not None
    assert remembered.status_ids == {ACTIVE, INACTIVE, CREDIT_HOLD, NOT_APPROVED}

"""The tenant picker: lists tenants with site and company id, narrows as you type, opens one."""

from __future__ import annotations

import pytest

from tests.support.filter_fixtures import make_app, small_tenant, tenant_config
from tests.support.pilot import screen_text, settle
from tui.app.app import PsamapApp
from tui.app.screens.filter import FilterScreen
from tui.app.screens.tenants import TenantsScreen
from tui.core.config import Config
from tui.demo.tenants import shared_demo_sandbox
from tui.psa.filter import CompanyFilter


def three_tenants(keys: dict[str, str] | None = None) -> PsamapApp:
    tenants = [small_tenant("acme"), small_tenant("globex"), small_tenant("initech")]
    configs = [
        tenant_config(tenants[0], label="Acme Corp [prod]"),
        tenant_config(tenants[1], label="Globex [b]Corp[/b]"),
        tenant_config(tenants[2], label="Initech (staging)"),
    ]
    return make_app(*tenants, configs=configs, keys=keys)


async def test_the_picker_lists_each_tenant_with_site_and_company_id() -> None:
    async with three_tenants().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert "3 tenants" in text
        assert "Acme Corp [prod]" in text  # literal, not markup
        assert "Globex [b]Corp[/b]" in text
        assert "globex · company globex · http://127.0.0.1:8099" in text
        assert "Initech (staging)" in text
        assert "⏎ Open" in text


async def test_typing_narrows_the_list_and_enter_opens_the_match() -> None:
    app = three_tenants()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"stag")
        picker = app.screen
        assert isinstance(picker, TenantsScreen)
        assert [t.name for t in picker._shown] == ["initech"]
        assert "Acme" not in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        assert app.screen.tenant.name == "initech"
        assert "Initech (staging)" in screen_text(pilot)  # header names the tenant


async def test_escape_clears_the_search_and_arrows_pick_another_tenant() -> None:
    app = three_tenants()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"glo", "escape")
        assert "3 tenants" in screen_text(pilot)
        assert "Acme Corp [prod]" in screen_text(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        assert app.screen.tenant.name == "initech"


async def test_without_tenants_the_picker_says_how_to_add_one() -> None:
    app = PsamapApp(config=Config(None, {}))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert "No tenants configured" in text
        assert "psamap --demo" in text
        await pilot.press("enter")  # nothing to open: nothing happens
        assert isinstance(app.screen, TenantsScreen)


@pytest.mark.slow
async def test_demo_offers_two_tenants_whose_statuses_differ() -> None:
    """The one test on the real 50,000-company demo tenant."""
    app = PsamapApp(config=Config(None, {}), demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert "Demo MSP (embedded sandbox)" in text
        assert "Northwind (embedded sandbox)" in text

        await pilot.press("enter")
        await settle(pilot)
        demo = app.screen
        assert isinstance(demo, FilterScreen)
        demo_statuses = {(i.id, i.name) for i in demo.status_list.items}
        tenant = shared_demo_sandbox().tenants["demo"]
        active = next(i for i in demo.status_list.items if i.name == "Active")
        flt = CompanyFilter.of({active.id})
        assert active.count == tenant.count(flt.conditions())

        await pilot.press("escape", "down", "enter")
        await settle(pilot)
        northwind = app.screen
        assert isinstance(northwind, FilterScreen)
        assert northwind.tenant.name == "northwind"
        assert {(i.id, i.name) for i in northwind.status_list.items}.isdisjoint(demo_statuses)


async def test_a_name_typed_in_one_burst_narrows_by_every_letter() -> None:
    from textual import events
    from textual.widgets import Input

    app = three_tenants()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for letter in "stag":  # queued at once, as a burst from the terminal
            app.post_message(events.Key(letter, letter))
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, TenantsScreen)
        assert picker.query_one("#search", Input).value == "stag"
        assert [t.name for t in picker._shown] == ["initech"]


async def test_the_keys_right_behind_a_remapped_search_key_are_the_query() -> None:
    """The search key is whatever `[keys]` says; `?` typed right behind it is text, not help."""
    from textual import events
    from textual.widgets import Input

    app = three_tenants(keys={"tenants.search": "f"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, character in (("f", "f"), ("s", "s"), ("t", "t"), ("question_mark", "?")):
            app.post_message(events.Key(key, character))  # queued at once, as one burst
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, TenantsScreen)
        assert picker.query_one("#search", Input).value == "st?"


async def test_ctrl_w_and_ctrl_u_edit_the_tenant_search_box() -> None:
    from textual.widgets import Input

    app = three_tenants()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash", "s", "t", "space", "a", "g")
        box = app.screen.query_one("#search", Input)
        await pilot.press("ctrl+w")
        assert box.value == "st "
        await pilot.press("ctrl+u")
        assert box.value == ""
        picker = app.screen
        assert isinstance(picker, TenantsScreen)
        assert len(picker._shown) == 3

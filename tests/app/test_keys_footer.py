"""The footer: rebuilt when the keys it shows change, and only then."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from tests.support.filter_fixtures import make_app, small_tenant, tenant_config
from tests.support.pilot import screen_text, settle
from tui.app.problems import Problem
from tui.app.screens.tenants import TenantsScreen
from tui.app.widgets.keys_footer import KeysFooter


def two_tenants():
    tenants = [small_tenant("acme"), small_tenant("globex")]
    return make_app(*tenants, configs=[tenant_config(t) for t in tenants])


async def test_a_burst_of_unchanged_bindings_rebuilds_no_key() -> None:
    async with two_tenants().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, TenantsScreen)
        keys = list(picker.query_one(KeysFooter).query(FooterKey))
        assert [k.description for k in keys][:2] == ["Open", "Search"]

        for _ in range(3):
            picker.refresh_bindings()
        picker.option_list.focus()
        await settle(pilot)

        assert list(picker.query_one(KeysFooter).query(FooterKey)) == keys


async def test_a_key_that_appears_is_shown() -> None:
    async with two_tenants().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, TenantsScreen)
        assert "Check connection" not in screen_text(pilot)

        picker.record_problem(picker.tenants[0], Problem("cannot sign in", "bad keys"))
        await settle(pilot)

        shown = [k.description for k in picker.query_one(KeysFooter).query(FooterKey)]
        assert "Check connection" in shown
        assert "Check connection" in screen_text(pilot)

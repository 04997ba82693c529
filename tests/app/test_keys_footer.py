"""The footer: one line, repainted when the keys it shows change and only then; a key
clicked runs, a disabled one rings the bell, a hovered one explains itself."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.filter_fixtures import make_app, small_tenant, tenant_config
from tests.support.pilot import screen_text, settle
from tui.app.problems import Problem
from tui.app.screens.tenants import TenantsScreen
from tui.app.widgets.keys_footer import KeysFooter


def two_tenants():
    tenants = [small_tenant("acme"), small_tenant("globex")]
    return make_app(*tenants, configs=[tenant_config(t) for t in tenants])


def descriptions(footer: KeysFooter) -> list[str]:
    return [item.description for item in footer.items]


def bottom_line(pilot: Any) -> str:
    return screen_text(pilot).splitlines()[-1]


async def test_a_burst_of_unchanged_bindings_repaints_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with two_tenants().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, TenantsScreen)
        footer = picker.query_one(KeysFooter)
        assert descriptions(footer)[:2] == ["Open", "Search"]
        items = footer.items
        repaints: list[object] = []
        refresh = footer.refresh

        def noted_refresh(*args: Any, **kwargs: Any) -> Any:
            repaints.append(args)
            return refresh(*args, **kwargs)

        monkeypatch.setattr(footer, "refresh", noted_refresh)

        for _ in range(3):
            picker.refresh_bindings()
        picker.option_list.focus()
        await settle(pilot)

        assert footer.items is items
        assert repaints == []


async def test_a_key_that_appears_is_shown() -> None:
    async with two_tenants().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, TenantsScreen)
        assert "Check connection" not in screen_text(pilot)

        picker.record_problem(picker.tenants[0], Problem("cannot sign in", "bad keys"))
        await settle(pilot)

        assert "Check connection" in descriptions(picker.query_one(KeysFooter))
        assert "d Check connection" in bottom_line(pilot)


async def test_the_palette_hint_shows_on_the_right_only_when_wide() -> None:
    async with two_tenants().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "palette" not in bottom_line(pilot)
        assert pilot.app.screen.query_one(KeysFooter).palette is None

        await pilot.resize_terminal(120, 30)
        await settle(pilot)

        line = bottom_line(pilot)
        assert line.rstrip().endswith("^p palette")
        assert line.startswith("⏎ Open / Search")
        assert len(line) == 120 and line.endswith(" ")


async def test_clicking_a_key_runs_it() -> None:
    async with two_tenants().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        picker = pilot.app.screen
        assert isinstance(picker, TenantsScreen)
        footer = picker.query_one(KeysFooter)
        x = bottom_line(pilot).index("? Keys")
        item = footer.item_at(x)
        assert item is not None and item.description == "Keys"

        await pilot.click(KeysFooter, offset=(x + 3, 0))
        await settle(pilot)

        assert pilot.app.screen is not picker  # the keys screen is up
        assert "Open" in screen_text(pilot)


async def test_the_gap_between_keys_is_no_key() -> None:
    async with two_tenants().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = pilot.app.screen.query_one(KeysFooter)
        line = bottom_line(pilot)
        gap = line.index(" / Search")  # the margin after "⏎ Open"
        assert footer.item_at(gap) is None
        assert footer.item_at(len(line) - 1) is None
        assert footer.item_at(0) is not None and footer.item_at(0).description == "Open"


async def test_hovering_a_key_explains_it_and_leaving_forgets_it() -> None:
    async with two_tenants().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = pilot.app.screen.query_one(KeysFooter)
        x = bottom_line(pilot).index("/ Search")

        await pilot.hover(KeysFooter, offset=(x, 0))
        await settle(pilot)
        assert footer.tooltip and "Search" in str(footer.tooltip)

        await pilot.hover(KeysFooter, offset=(79, 0))
        await settle(pilot)
        assert footer.tooltip is None


async def test_clicking_a_disabled_key_rings_the_bell(monkeypatch: pytest.MonkeyPatch) -> None:
    async with two_tenants().run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = pilot.app.screen.query_one(KeysFooter)
        first = footer.items[0]
        footer.items = (type(first)(**{**first.__dict__, "enabled": False}), *footer.items[1:])
        footer.refresh()
        await settle(pilot)
        rung: list[bool] = []
        pressed: list[str] = []
        monkeypatch.setattr(pilot.app, "bell", lambda: rung.append(True))
        monkeypatch.setattr(pilot.app, "simulate_key", pressed.append)

        await pilot.click(KeysFooter, offset=(0, 0))

        assert rung == [True] and pressed == []

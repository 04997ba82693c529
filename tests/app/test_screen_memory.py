"""Screens left for good are freed, and opening the mapping screen runs no full collection
over what came before it (see `tui.core.gc_pause`)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.support.filter_fixtures import make_app, open_tenant, small_tenant
from tests.support.pilot import settle
from tui.app.app import PsamapApp
from tui.app.screen_memory import LEFT_SCREEN_COLLECT_S
from tui.app.screens.filter import FilterScreen
from tui.app.screens.mapping import MappingScreen


def app_with_records(tmp_path: Path) -> PsamapApp:
    records = tmp_path / "records.csv"
    records.write_text("id,name\nC-1,Some Company Ltd\nC-2,Another One\n", encoding="utf-8")
    app = make_app(small_tenant(n=400))
    app.records_path, app.mapping_path = records, tmp_path / "acme.mapping.toml"
    return app


async def loaded_mapping(pilot: Pilot[Any]) -> MappingScreen:
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MappingScreen) and screen.session is not None
    return screen


async def test_mapping_screens_left_are_freed_with_their_sessions(tmp_path: Path) -> None:
    """The load freezes the screen and its session out of the collector's way; leaving
    must hand them back, or each visit would keep its records and companies for good.
    (Textual itself holds the screen last left a little longer: its message loop ends
    later, so only the earlier visits are checked.)"""
    async with app_with_records(tmp_path).run_test(size=(80, 24)) as pilot:
        await open_tenant(pilot, "acme")
        left: list[weakref.ref[object]] = []
        for _ in range(3):
            screen = await loaded_mapping(pilot)
            left += [weakref.ref(screen), weakref.ref(screen.session)]
            del screen
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(pilot.app.screen, FilterScreen)
            await pilot.pause(LEFT_SCREEN_COLLECT_S + 0.2)  # the app's own collection
        assert [ref() for ref in left[:4]] == [None] * 4


async def test_opening_the_mapping_screen_freezes_what_came_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app_with_records(tmp_path).run_test(size=(80, 24)) as pilot:
        filter_screen = await open_tenant(pilot, "acme")
        frozen_at_push: list[bool] = []
        push = pilot.app.push_screen

        def noted(screen: object, *args: Any, **kwargs: Any) -> Any:
            if isinstance(screen, MappingScreen):
                # The filter screen is among the frozen: no full pass will scan it now.
                frozen_at_push.append(gc.get_freeze_count() > 0 and gc.is_tracked(filter_screen))
                frozen_at_push.append(not any(o is filter_screen for o in gc.get_objects()))
            return push(screen, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(pilot.app, "push_screen", noted)
        await loaded_mapping(pilot)
        assert frozen_at_push == [True, True]

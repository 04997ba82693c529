"""The mapping screen's opening is spread over turns of the event loop, and still complete.

Textual runs every message a widget has queued in one turn of the loop unless a handler
really waits; the screen splits its heaviest steps (see `MappingLayout`) so that no turn
lays out and paints the screen twice. These tests count turns, never time: each turn is
one `asyncio` callback.
"""

from __future__ import annotations

import asyncio
import asyncio.events
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.filter_fixtures import HandlerTransport, tenant_config
from tests.support.mapping_fixtures import MappingWorld, open_mapping
from tests.support.pilot import screen_text, settle
from tui.app.screens.mapping import MappingScreen
from tui.app.widgets.keys_footer import KeysFooter


class Turns:
    """Numbers each turn of the event loop (each callback `asyncio` runs) while installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = 0
        run = asyncio.events.Handle._run

        def counted(handle: asyncio.events.Handle) -> None:
            self.now += 1
            run(handle)

        monkeypatch.setattr(asyncio.events.Handle, "_run", counted)


def noted_layouts(
    screen: MappingScreen, monkeypatch: pytest.MonkeyPatch, note: Any = lambda: None
) -> list[Any]:
    """Each layout of the screen from now on, as `note()` names it (its turn, say)."""
    layouts: list[Any] = []
    relayout = screen._refresh_layout

    def noted(*args: Any, **kwargs: Any) -> None:
        layouts.append(note())
        relayout(*args, **kwargs)

    monkeypatch.setattr(screen, "_refresh_layout", noted)
    return layouts


def stalled_client(world: MappingWorld) -> Any:
    """A client whose PSA never answers: the load stays on its loading view."""
    never = asyncio.Event()

    async def stalled(request: httpx.Request) -> httpx.Response:
        await never.wait()
        raise AssertionError("never answered")

    return tenant_config(world.tenant).client(transport=HandlerTransport(stalled))


async def test_the_screen_is_laid_out_for_its_resume_and_for_its_resize_in_two_turns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Pushing a screen restyles and lays it out (ScreenResume), then posts it a Resize
    # that lays it out again and paints it whole: in one turn, that was the longest
    # callback of the opening (~9 ms at 80x24).
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = world.screen(app)
        turns = Turns(monkeypatch)
        layouts = noted_layouts(screen, monkeypatch, lambda: turns.now)
        await open_mapping(pilot, screen)
        assert len(layouts) >= 2
        assert layouts[0] < layouts[1]
        assert "40 of 40 records" in screen_text(pilot)
        assert screen.has_class("-wide") is False


def footer_keys(screen: MappingScreen) -> list[str]:
    """The descriptions of the keys the footer shows."""
    return [item.description for item in screen.query_one(KeysFooter).items]


async def test_after_each_paint_of_the_reveal_the_loop_takes_its_timers_before_the_next_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The session shown (with the footer's keys), the panes laid out with the records
    # drawn, the companies and the detail drawn: each step is ~4-8 ms of the event loop.
    # Run as the callbacks Textual queues right behind a paint, two of them and the paint
    # made one ~20 ms run with no frame or key in between. A timer that falls due at a
    # paint must now run before the step that follows it.
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = world.screen(app)
        loop = asyncio.get_running_loop()
        steps: list[str] = []
        display = app._display

        def shown(target: Any, renderable: Any) -> None:
            display(target, renderable)
            if target is screen and renderable is not None and screen.session is not None:
                steps.append("paint")
                loop.call_later(0, steps.append, "timer")

        records, reveal = screen._reveal_records, screen._reveal_panes

        def noted_records() -> None:
            steps.append("records")
            records()

        records_at: list[Any] = []  # where the records pane was before the others appeared

        def noted_reveal() -> None:
            steps.append("reveal")
            records_at.append(screen.records_table.region)
            reveal()

        monkeypatch.setattr(app, "_display", shown)
        monkeypatch.setattr(screen, "_reveal_records", noted_records)
        monkeypatch.setattr(screen, "_reveal_panes", noted_reveal)
        await open_mapping(pilot, screen)

        # Each step waits for a paint, then lets the loop take its due timers: a timer due
        # at the first paint after the previous step runs before this one. (Another paint
        # may land just before a step, inside that wait: only the awaited one is promised.)
        before = -1
        for step in ("records", "reveal"):
            at = steps.index(step)
            painted = min(i for i in range(before + 1, at) if steps[i] == "paint")
            assert "timer" in steps[painted:at], steps
            before = at
        assert steps.index("records") < steps.index("reveal")
        assert "Accept" in footer_keys(screen)
        assert screen.query_one("#panes").display
        assert screen.companies_table.visible and screen.query_one("#detail").visible
        # Their room was kept while they were not drawn: the records pane did not move or
        # change size when they appeared.
        assert records_at == [screen.records_table.region] and records_at[0].area


async def test_keys_typed_while_the_panes_are_revealed_are_not_lost(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = world.screen(app)
        await app.push_screen(screen)
        for _ in range(1_000_000):  # turns of the loop, not time: the load runs meanwhile
            if screen.session is not None:
                break
            await asyncio.sleep(0)
        table = screen.records_table
        start = table.cursor
        assert not screen.query_one("#panes").display  # still being revealed
        assert "Accept" not in footer_keys(screen)
        await pilot.press("down", "down")
        await settle(pilot)
        assert table.cursor == start + 2
        assert screen.query_one("#panes").display and screen.query_one("#detail").display
        assert not screen.query_one("#loading").display
        assert "Accept" in footer_keys(screen)
        assert "40 of 40 records" in screen_text(pilot)


async def test_a_loading_step_is_shown_whole_and_is_a_repaint_not_a_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The loading view fills the room the panes will take, so a step (~30 in a load),
    # short or wrapping (a long path), repaints it and never lays the screen out again.
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = world.screen(app, client=stalled_client(world))
        await app.push_screen(screen)
        await pilot.pause()
        layouts = noted_layouts(screen, monkeypatch)
        long_path = "Reading /" + "/".join(["a-rather-long-folder-name"] * 6) + "/records.csv"
        steps = [
            ("Loading companies… 1,000 of 50,000", 1_000, 50_000, "2%"),
            ("Loading companies… 12,000 of 50,000", 12_000, 50_000, "24%"),
            (long_path, None, None, "--%"),
            ("Matching… 10 of 10 records", 10, 10, "100%"),
        ]
        for step, done, total, percent in steps:
            screen.flow_ui.step(step, done, total)
            await pilot.pause()
            text = screen_text(pilot)
            shown = "".join(text.split())  # a wrapped line breaks anywhere
            assert "".join(step.split()) in shown, step
            assert percent in text.split(), (percent, text)
        assert layouts == []


async def test_while_loading_the_focused_empty_pane_lets_every_key_through_to_the_screen(
    tmp_path: Path,
):
    # The records pane is focused as soon as it is mounted (hidden, empty) so the focus
    # costs nothing when the session shows; until filled, its keys (/ search, o sort,
    # escape clears) are off: the footer does not offer them and Escape goes back.
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        before = app.screen
        screen = world.screen(app, client=stalled_client(world))
        await app.push_screen(screen)
        for _ in range(5):
            await pilot.pause()
        assert screen.focused is screen.records_table
        assert not screen.query_one("#panes").display
        assert "Search" not in footer_keys(screen)
        await pilot.press("slash", "o")
        assert not screen.records_table.searching and screen.records_table.sort is None
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is before


async def test_a_highlight_and_an_accept_repaint_the_detail_and_counts_without_a_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The counts line and the detail have fixed sizes: their new text is a repaint, where
    # a `Static.update` laid the whole screen out again (~6 ms of the loop each time).
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        layouts = noted_layouts(screen, monkeypatch)
        before = screen_text(pilot)
        await pilot.press("down")
        await settle(pilot)
        moved = screen_text(pilot)
        await pilot.press("a")
        await settle(pilot)
        accepted = screen_text(pilot)
        assert before.splitlines()[-5:] != moved.splitlines()[-5:]  # the detail changed
        assert "mapped 1" in accepted and "mapped 0" in moved
        assert layouts == []

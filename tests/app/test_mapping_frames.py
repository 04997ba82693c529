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

import pytest

from tests.support.mapping_fixtures import MappingWorld, open_mapping
from tests.support.pilot import screen_text


class Turns:
    """Numbers each turn of the event loop (each callback `asyncio` runs) while installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = 0
        run = asyncio.events.Handle._run

        def counted(handle: asyncio.events.Handle) -> None:
            self.now += 1
            run(handle)

        monkeypatch.setattr(asyncio.events.Handle, "_run", counted)


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
        layouts: list[int] = []
        relayout = screen._refresh_layout

        def noted(*args: Any, **kwargs: Any) -> None:
            layouts.append(turns.now)
            relayout(*args, **kwargs)

        monkeypatch.setattr(screen, "_refresh_layout", noted)
        await open_mapping(pilot, screen)
        assert len(layouts) >= 2
        assert layouts[0] < layouts[1]
        assert "40 of 40 records" in screen_text(pilot)
        assert screen.has_class("-wide") is False

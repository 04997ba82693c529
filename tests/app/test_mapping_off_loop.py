"""The mapping screen's heavy load steps run on the CPU lane, not the event loop.

Decoding pages and matching records happen on `tui.psa.offload`'s thread. These tests pin
what must not change with it: the same session, the same failure text on the screen, and
leaving the screen mid-load still stops the work (the matcher stops at its next step).
Every company page here is forced through the lane (`OFF_LOOP_BYTES = 0`): the small test
tenant's pages would otherwise be decoded in place.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from tests.support.mapping_fixtures import MappingWorld, open_failing
from tests.support.pilot import screen_text
from tui.app.screens.mapping import MappingScreen
from tui.core import matching
from tui.core.matching import Matcher
from tui.psa import calls as calls_module
from tui.psa import offload
from tui.psa.errors import PSAError
from tui.psa.responses import decode_body


@pytest.fixture
def world(tmp_path: Path) -> MappingWorld:
    return MappingWorld.build(tmp_path)


def run_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every CPU-lane step on the event loop itself: what the code did before the lane."""

    async def inline(fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    monkeypatch.setattr(offload, "off_loop", inline)


async def loaded_session(world: MappingWorld) -> tuple[Any, str]:
    async with world.opened(size=(120, 40)) as (pilot, screen):
        assert screen.session is not None, screen_text(pilot)
        return screen.session, screen_text(pilot)


async def test_the_lane_loads_the_same_session_as_the_loop(
    world: MappingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(calls_module, "OFF_LOOP_BYTES", 0)
    lane, lane_text = await loaded_session(world)
    with monkeypatch.context() as inline:
        run_inline(inline)
        loop, loop_text = await loaded_session(world)

    assert [c.id for c in lane.companies] == [c.id for c in loop.companies]
    assert [c.id for c in lane.companies] == [c.id for c in world.companies]
    assert lane.matches == loop.matches
    assert lane.counts() == loop.counts()
    assert lane_text == loop_text


async def failed_load_text(world: MappingWorld) -> str:
    app = world.app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_failing(pilot, world.screen(app))
        # Above the error, the progress bar shows how far the load got and where its
        # animation was when it failed ("0 of 83", "--%"): timing, not where pages decode.
        # The error and everything below it is what is compared.
        text = " ".join(screen_text(pilot).split())
        return text[text.index("PSA error") :]


async def test_a_page_failing_to_decode_on_the_lane_shows_the_same_message(
    world: MappingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded_on: list[int] = []

    def broken(response: Any, decode: Any, where: str, scrub: Any) -> Any:
        if where == "company/companies":
            decoded_on.append(threading.get_ident())
            raise PSAError(f"unexpected response on {where}: 3.name Input should be a string")
        return decode_body(response, decode, where, scrub)

    monkeypatch.setattr(calls_module, "decode_body", broken)
    monkeypatch.setattr(calls_module, "OFF_LOOP_BYTES", 0)
    on_lane = await failed_load_text(world)
    assert decoded_on and threading.get_ident() not in decoded_on
    with monkeypatch.context() as inline:
        run_inline(inline)
        on_loop = await failed_load_text(world)

    assert "unexpected response on company/companies: 3.name Input should be a string" in on_lane
    assert on_lane == on_loop


async def test_leaving_the_screen_while_matching_stops_the_matcher(
    world: MappingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matching, "_PROGRESS_STEP", 1)  # a progress step after every record
    started, release = threading.Event(), threading.Event()
    ranked: list[str] = []
    real_rank = Matcher.rank

    def held_rank(self: Matcher, record: Any) -> Any:
        ranked.append(record.id)
        started.set()
        release.wait(10)
        return real_rank(self, record)

    monkeypatch.setattr(Matcher, "rank", held_rank)
    app = world.app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = world.screen(app)
            await pilot.app.push_screen(screen)
            for _ in range(500):
                if started.is_set():
                    break
                await pilot.pause(0.02)
            assert started.is_set(), "matching never started"
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(pilot.app.screen, MappingScreen)
            release.set()
            await offload.off_loop(lambda: None)  # the lane is one thread: the matcher is done
    finally:
        release.set()
    assert screen.session is None
    assert len(ranked) == 1, f"the matcher went on after the screen closed: {len(ranked)}"

"""Leaving the mapping screen, or quitting, while the records file is still being read
stops the read: the TUI hands the reader a cancel hook, as every long read must take.

The reader here is slow on purpose (a share or a sleeping disk): it reads nothing until
it is told to stop, and gives up on its own after a bound so a failing test cannot hang.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

import tui.core.records
from tests.support.mapping_fixtures import MappingWorld
from tui.core.files import ReadCancelled, read_regular

#: How long the slow reader waits for a cancel before it reads the file after all.
GIVE_UP_SECONDS = 5.0


class SlowReader:
    """Stands in for `read_regular`: waits, checking the caller's cancel hook, as it does."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.cancelled = threading.Event()
        self._real = read_regular

    def __call__(
        self, path: Path, *, limit: int, cancelled: Callable[[], bool] | None = None
    ) -> tuple[bytes, object]:
        self.started.set()
        waited = threading.Event()
        for _ in range(int(GIVE_UP_SECONDS / 0.01)):
            if cancelled is not None and cancelled():
                self.cancelled.set()
                raise ReadCancelled(path, "reading was cancelled")
            waited.wait(0.01)
        return self._real(path, limit=limit, cancelled=cancelled)


@pytest.fixture
def slow_reader(monkeypatch: pytest.MonkeyPatch) -> SlowReader:
    reader = SlowReader()
    monkeypatch.setattr(tui.core.records, "read_regular", reader)
    return reader


async def wait_until_reading(pilot: Pilot, reader: SlowReader) -> None:
    for _ in range(500):
        if reader.started.is_set():
            return
        await pilot.pause(0.01)
    raise AssertionError("the records file was never read")


@pytest.mark.parametrize("leave", ["escape", "ctrl+q"])
async def test_leaving_during_a_slow_records_read_stops_it(
    tmp_path: Path, slow_reader: SlowReader, leave: str
):
    world = MappingWorld.build(tmp_path, n_records=12)
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = world.screen(app)
        await pilot.app.push_screen(screen)
        await wait_until_reading(pilot, slow_reader)
        assert screen.session is None
        await pilot.press(leave)  # back to the filter, or quit psamap
        await pilot.pause()
    # The reader's thread saw the hook turn true (it would otherwise read on for seconds).
    assert slow_reader.cancelled.wait(GIVE_UP_SECONDS)

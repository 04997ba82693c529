"""The TUI with files it must not use: another tenant's mapping file, a named pipe as records.

The TUI used to open a mapping file of another tenant with the same company id and save
this tenant's ids into it, and hung for good (Ctrl+Q leaving a live process) on a named
pipe given as the records file.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.support.mapping_fixtures import MappingWorld
from tests.support.pilot import screen_text
from tui.core.atomic import backup_path
from tui.core.journal import journal_path


async def test_another_tenants_mapping_is_never_written_whatever_the_user_presses(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    text = 'format = 1\ntenant = "acme-test"\ncompany_id = "acme"\n'  # same PSA company
    world.mapping_path.write_text(text, encoding="utf-8")
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = world.screen(app)
        await pilot.app.push_screen(screen)
        for _ in range(100):
            await pilot.pause(0.02)
            if screen.failed:
                break
        await pilot.press("A", "y", "a", "s", "S")  # accept all, accept, save, save as
        await pilot.pause(0.2)
        assert screen.failed and screen.session is None
    assert world.mapping_path.read_text(encoding="utf-8") == text
    assert not backup_path(world.mapping_path).exists()
    assert not journal_path(world.mapping_path).exists()


async def test_a_named_pipe_as_records_file_is_refused_and_the_app_still_quits(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = world.screen(app, records_path=pipe)
        await pilot.app.push_screen(screen)
        for _ in range(100):
            await pilot.pause(0.02)
            if "named pipe" in screen_text(pilot):
                break
        assert "is a named pipe (FIFO), not a regular file" in " ".join(screen_text(pilot).split())
        await pilot.press("escape", "escape", "ctrl+q")
        await pilot.pause(0.2)
    assert not app.is_running

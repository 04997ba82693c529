"""SVG snapshots of the mapping screen at 80x24, 120x40 and 200x50 (panes stacked below 240).

Deterministic: fixed theme, seeded sandbox tenant and sample records, every worker
finished before the picture. Regenerate deliberately after a Textual upgrade:
`pytest tests/app/test_mapping_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.support.mapping_fixtures import MappingWorld, mapped_entry, open_mapping
from tui.app.app import PsamapApp

SIZES = [(80, 24), (120, 40), (200, 50)]


def world_app(folder: Path) -> tuple[MappingWorld, PsamapApp]:
    world = MappingWorld.build(folder)
    return world, world.app()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_mapping_screen_loaded(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    world, app = world_app(tmp_path)

    async def run_before(pilot: Pilot) -> None:
        await open_mapping(pilot, world.screen(app))

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_mapping_screen_after_bulk_accept_and_marks(snap_compare, tmp_path: Path) -> None:
    world, app = world_app(tmp_path)

    async def run_before(pilot: Pilot) -> None:
        await open_mapping(pilot, world.screen(app))
        await pilot.press("A", "y", "v", "space", "space")
        pilot.app.clear_notifications()  # toasts expire by the clock: keep the picture stable
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_mapping_accept_all_confirmation(snap_compare, tmp_path: Path) -> None:
    world, app = world_app(tmp_path)

    async def run_before(pilot: Pilot) -> None:
        await open_mapping(pilot, world.screen(app))
        await pilot.press("A")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_mapping_orphans_view(snap_compare, tmp_path: Path) -> None:
    """Two entries whose records left the file, one renamed record: the orphans view."""
    world, app = world_app(tmp_path)
    first = world.labelled[0].record
    c1, c2, c3 = world.companies[:3]
    world.write_mapping({
        first["id"]: mapped_entry(first["id"], "Its Old Name Ltd", c1),
        "C-9001": mapped_entry("C-9001", "Left Us Ltd", c2),
        "C-9002": mapped_entry("C-9002", "Moved Away Inc", c3),
    })  # fmt: skip

    async def run_before(pilot: Pilot) -> None:
        await open_mapping(pilot, world.screen(app))
        await pilot.press("O", "home")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)

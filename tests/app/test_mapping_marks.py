"""Marking rows in the mapping panes: the count is on screen, `*` marks exactly the search
results, shift+page keys mark every row they pass, and both panes move with j/k/g/G."""

from __future__ import annotations

from pathlib import Path

from tests.support.mapping_fixtures import MappingWorld, open_mapping
from tests.support.pilot import screen_text


async def test_the_marked_count_is_on_screen(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_mapping(pilot, world.screen(app))
        await pilot.press("space", "space", "space")
        assert "3 marked" in screen_text(pilot)
        await pilot.press("up", "space")  # unmark the last one
        assert "2 marked" in screen_text(pilot)


async def test_star_marks_exactly_the_rows_shown_and_no_row_hidden(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        table = screen.records_table
        assert table.move_cursor_to_key("C-1020")
        await pilot.press("space")  # marked, then hidden by the search below
        await pilot.press("slash", "c", "minus", "1", "0", "0", "enter", "asterisk")
        shown = list(table.visible_keys)
        assert len(shown) == 9
        assert table.selection() == shown  # what `u`, `i`, `l` would act on
        assert "9 marked" in screen_text(pilot)
        await pilot.press("i", "enter")  # ignore, with the reason offered
        assert screen.session is not None
        assert screen.session.counts().ignored == 9
        assert screen.session.is_unmapped("C-1020")  # out of sight, so not touched


async def test_shift_page_keys_mark_every_row_they_pass(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(80, 30)) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        table = screen.records_table
        order = list(table.visible_keys)
        await pilot.press("home", "shift+down", "shift+pagedown")
        end = order.index(table.cursor_key) if table.cursor_key else -1
        assert end > 2  # a page is more than one row here
        assert table.marked == set(order[: end + 1])  # no row skipped
        await pilot.press("shift+pagedown")
        further = order.index(table.cursor_key) if table.cursor_key else -1
        assert further > end and table.marked == set(order[: further + 1])
        assert f"{further + 1} marked" in screen_text(pilot)
        # Back up from the last row: every row passed is marked, down to where it started.
        await pilot.press("escape", "G", "shift+pageup")
        start = order.index(table.cursor_key) if table.cursor_key else -1
        assert 0 < start < len(order) - 2
        assert table.marked == set(order[start:])


async def test_j_k_g_and_shift_g_move_in_the_companies_pane(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        table = screen.companies_table
        order = list(table.visible_keys)
        await pilot.press("tab", "g", "j", "j")
        assert app.focused is table and table.cursor_key == order[2]
        await pilot.press("k")
        assert table.cursor_key == order[1]
        await pilot.press("G")
        assert table.cursor_key == order[-1]
        await pilot.press("g")
        assert table.cursor_key == order[0]

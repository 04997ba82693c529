"""Marking rows in the mapping panes: the count is on screen, `*` marks exactly the search
results, shift+page keys mark every row they pass, and both panes move with j/k/g/G.

What is checked is what the screen shows (marked rows start with ●, the pane's border
counts them) and what the mapping file holds after acting on the marks.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.pilot import Pilot

from tests.support.mapping_fixtures import MappingWorld, read_toml
from tests.support.pilot import screen_lines, screen_text, settle

_ROW = re.compile(r"│(●| ) (C-\d+) ")


def marked_rows(pilot: Pilot) -> list[str]:
    """The record ids shown with a mark (●), top to bottom."""
    return [m[2] for line in screen_lines(pilot) if (m := _ROW.match(line)) and m[1] == "●"]


def shown_rows(pilot: Pilot) -> list[str]:
    """Every record id shown in the records pane, top to bottom."""
    return [m[2] for line in screen_lines(pilot) if (m := _ROW.match(line))]


async def test_the_marked_count_is_on_screen(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, _):
        await pilot.press("space", "space", "space")
        assert "40 of 40 records · 3 marked" in screen_text(pilot)
        await pilot.press("up", "space")  # unmark the last one
        assert "40 of 40 records · 2 marked" in screen_text(pilot)
        assert marked_rows(pilot) == ["C-1001", "C-1002"]


async def test_star_marks_exactly_the_rows_shown_and_no_row_hidden(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, _):
        await pilot.press("slash", *"c-1020", "enter", "space", "escape")  # mark C-1020
        assert "40 of 40 records · 1 marked" in screen_text(pilot)
        await pilot.press("slash", *"c-100", "enter", "asterisk")
        assert "9 of 40 records · 9 marked · /c-100" in screen_text(pilot)
        assert marked_rows(pilot) == shown_rows(pilot) == [f"C-100{i}" for i in range(1, 10)]
        await pilot.press("i", "enter", "s")  # ignore the marked, with the reason offered
        await settle(pilot)
        ignored = read_toml(world.mapping_path)["ignored"]
        assert sorted(ignored) == [f"C-100{i}" for i in range(1, 10)]  # not C-1020, unseen


def marked_count(pilot: Pilot) -> int:
    """The "N marked" count the records pane's border shows."""
    return int(re.findall(r"· (\d+) marked", screen_text(pilot))[0])


async def test_shift_page_keys_mark_every_row_they_pass(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 30)) as (pilot, screen):
        order = list(screen.records_table.visible_keys)
        await pilot.press("home", "shift+down", "shift+pagedown")
        down = marked_count(pilot)
        assert down > 2  # a page is more than a row here
        await pilot.press("i", "enter")  # ignore the marked, with the reason offered
        assert f"ignored {down} ·" in screen_text(pilot)
        await pilot.press("G", "shift+pageup")
        up = marked_count(pilot)
        assert up > 2
        await pilot.press("i", "enter", "s")
        await settle(pilot)
        ignored = read_toml(world.mapping_path)["ignored"]
        # Exactly the rows passed: an unbroken run from the first row, and one up from the last.
        assert sorted(ignored) == sorted(set(order[:down]) | set(order[-up:]))


async def test_j_k_g_and_shift_g_move_in_the_companies_pane(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, screen):
        app = pilot.app
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


async def test_marks_hidden_by_a_search_are_acted_on_only_when_asked(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, _):
        await pilot.press("space", "space", "space")  # C-1001..C-1003
        await pilot.press("slash", *"c-1002", "enter")  # two of the marks out of view
        assert "1 of 40 records · 3 marked · /c-1002" in screen_text(pilot)
        await pilot.press("i")
        await settle(pilot)
        question = screen_text(pilot)
        assert "Ignore 3 marked records? 2 of them are hidden" in question
        assert "s Only the 1 shown" in question
        await pilot.press("n")  # cancel: nothing happens
        await pilot.press("i", "s", "enter", "s")  # only the one shown, reason offered, save
        await settle(pilot)
        assert sorted(read_toml(world.mapping_path)["ignored"]) == ["C-1002"]
        await pilot.press("u", "a", "s")  # unmap all three marked (two hidden), save
        await settle(pilot)
        assert read_toml(world.mapping_path).get("ignored", {}) == {}

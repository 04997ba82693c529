"""Searching in the mapping panes as a fast typist does: keys typed in the same burst as
Enter run no command, ctrl+u / ctrl+w edit the search, Escape clears a search before it
leaves the screen, and `l` refuses a company the user cannot see."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.widget import Widget

from tests.support.mapping_fixtures import MappingWorld, open_mapping, read_toml
from tests.support.pilot import screen_text, settle

#: Key names for the characters the tests type.
_NAMES = {"-": "minus", " ": "space", "/": "slash"}


def burst(app: App[Any], *keys: str) -> None:
    """Queue keys at once, as a terminal delivers a fast typist's (or a paste's) burst.

    Each argument is a key name (`enter`, `ctrl+u`) or, when it is one character, that
    character typed.
    """
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(_NAMES.get(key, key), key))
        else:
            app.post_message(events.Key(key, None))


def typed(text: str) -> list[str]:
    """`text` as one key per character, for `burst`."""
    return list(text)


async def test_keys_typed_in_the_burst_after_enter_run_no_command(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        records = screen.records_table
        # Enter keeps the search; every key behind it was typed before the screen showed the
        # result: accept, accept all, link, ignore, save, back, Enter (accept) run nothing.
        burst(app, "/", *typed("c-100"), "enter", "a", "A", "l", "i", "s", "escape", "enter")
        await settle(pilot)
        assert app.screen is screen  # no accept-all or ignore dialog, still on the screen
        assert (records.query_text, records.searching) == ("c-100", False)
        assert len(records.visible_keys) == 9  # C-1001 .. C-1009
        assert screen.session is not None and screen.session.counts().mapped == 0
        assert not world.mapping_path.exists()
        shown = screen_text(pilot)  # the notice, as its toast wraps it
        assert "Not run (typed before the search closed): a A l i s" in shown
        assert "escape enter" in shown
        # Once the result is on screen the same keys are commands again.
        await pilot.press("a")
        assert screen.session.counts().mapped == 1


async def test_in_the_companies_pane_l_typed_behind_enter_links_nothing(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        record_id = screen.records_table.cursor_key
        company = world.companies[5]
        await pilot.press("tab")
        burst(app, "/", *typed(str(company.id)), "enter", "l")
        await settle(pilot)
        companies = screen.companies_table
        assert companies.cursor_key == company.id and not companies.searching
        assert screen.session is not None and record_id is not None
        assert screen.session.entry(record_id) is None
        await pilot.press("l", "s")
        await settle(pilot)
        assert read_toml(world.mapping_path)["mappings"][record_id]["psa_id"] == company.id


async def test_ctrl_u_and_ctrl_w_edit_the_search_in_both_panes(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        name = world.companies[0].name
        for pane, text in ((screen.records_table, "c-1001 smith"), (screen.companies_table, name)):
            every = len(pane.visible_keys)
            pane.focus()
            await pilot.press("slash", *typed(text))
            assert pane.query_text == text and len(pane.visible_keys) < every
            await pilot.press("ctrl+w")  # the last word goes, the words before it stay
            kept = text[: text.rindex(" ") + 1]
            assert pane.query_text == kept
            await pilot.press("ctrl+u")  # everything before the cursor goes: every row again
            assert (pane.query_text, pane.searching) == ("", True)
            assert len(pane.visible_keys) == every
            await pilot.press("escape")
        # In key order within one burst: the edit lands between the keys typed around it.
        screen.records_table.focus()
        burst(app, "/", *typed("smith jones"), "ctrl+w", *typed("zz"), "ctrl+u", *typed("c-1002"))
        await settle(pilot)
        assert screen.records_table.query_text == "c-1002"
        assert list(screen.records_table.visible_keys) == ["C-1002"]


async def test_escape_clears_a_search_before_it_leaves_the_screen(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        records, companies = screen.records_table, screen.companies_table
        every = len(records.visible_keys)

        # A search whose box was emptied again still takes the first Escape.
        await pilot.press("slash", "c", "backspace", "enter", "escape")
        assert app.screen is screen and not records.has_search
        # A search left in the other pane (focus back in the records after linking) too.
        await pilot.press("tab", "slash", *typed(world.companies[3].name), "enter", "l")
        assert app.focused is records and companies.query_text
        await pilot.press("escape")
        assert app.screen is screen
        assert companies.query_text == "" and len(records.visible_keys) == every
        # With nothing left to clear Escape goes back (asking, as the link is unsaved).
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
        assert "Go back without saving" in screen_text(pilot)


async def test_l_refuses_a_company_out_of_sight_and_says_why(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        session = screen.session
        record_id = screen.records_table.cursor_key
        assert session is not None and record_id is not None
        companies = screen.companies_table

        # Scrolled away with the mouse wheel: the highlight is no longer on screen.
        await pilot.press("tab", "home")
        for _ in range(10):
            companies.post_message(wheel_down(companies))
        await settle(pilot)
        assert companies.scroll_y > 5 and companies.cursor == 0
        for key in ("l", "enter"):
            await pilot.press(key)
            assert session.entry(record_id) is None
        assert "Not linked: the highlighted company" in screen_text(pilot)
        assert "is out of sight in the companies pane" in screen_text(pilot)

        # Filtered out by a search: no company is shown at all.
        await pilot.press("slash", *typed("no such company"), "enter", "l")
        assert session.entry(record_id) is None
        assert 'Not linked: no company matches the search "no such' in screen_text(pilot)

        # In sight again, the same key links.
        await pilot.press("escape", "home", "l")
        entry = session.entry(record_id)
        assert entry is not None and entry.psa_id == companies.visible_keys[0]


def wheel_down(widget: Widget) -> events.MouseScrollDown:
    """One turn of the mouse wheel over `widget`."""
    return events.MouseScrollDown(widget, 2, 2, 0, 1, 0, shift=False, meta=False, ctrl=False)

"""Searching in the mapping panes as a fast typist does: keys typed in the same burst as
Enter run no command, ctrl+u / ctrl+w edit the search, Escape clears a search before it
leaves the screen, and `l` refuses a company the user cannot see.

What is checked is what the user sees (the panes' borders name the search and the rows
shown, the counts line, the notices) and what the mapping file holds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget

from tests.support.mapping_fixtures import MappingWorld, read_toml
from tests.support.pilot import screen_lines, screen_text, settle

#: Key names for the characters the tests type.
_NAMES = {"-": "minus", " ": "space", "/": "slash"}

#: The typing cursor a pane's border shows while its search is being typed.
TYPING = "▏"


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
    """`text` as one key per character, for `burst` or `pilot.press`."""
    return list(text)


def company_row_shown(pilot: Pilot, psa_id: int) -> bool:
    """Whether the companies pane shows the row of `psa_id` (its first column is the id)."""
    return any(re.match(rf"│ *{psa_id} ", line) for line in screen_lines(pilot))


def previewed(pilot: Pilot) -> int | None:
    """The id of the company the detail below the panes previews (`#id name · ...`)."""
    found = [m[1] for line in screen_lines(pilot) if (m := re.match(r" #(\d+) ", line))]
    return int(found[0]) if found else None


def shown_reversed(pilot: Pilot, text: str) -> bool:
    """Whether `text` is drawn in reverse video somewhere (as selected text is)."""
    strips = pilot.app.screen._compositor.render_strips()  # what is on the screen
    return any(
        text in segment.text and segment.style is not None and segment.style.reverse
        for strip in strips
        for segment in strip
    )


def wheel_down(widget: Widget) -> events.MouseScrollDown:
    """One turn of the mouse wheel over `widget`."""
    return events.MouseScrollDown(widget, 2, 2, 0, 1, 0, shift=False, meta=False, ctrl=False)


async def test_keys_typed_in_the_burst_after_enter_run_no_command(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40), notifications=True) as (pilot, screen):
        app = pilot.app
        # Enter keeps the search; every key behind it was typed before the screen showed the
        # result: accept, accept all, link, ignore, save, back, Enter (accept) run nothing.
        burst(app, "/", *typed("c-100"), "enter", "a", "A", "l", "i", "s", "escape", "enter")
        await settle(pilot)
        shown = screen_text(pilot)
        assert app.screen is screen  # no accept-all or ignore dialog, not back at the filter
        assert "9 of 40 records · /c-100 " in shown  # kept, no longer typed into
        assert "mapped 0 · ignored 0 · unmapped 40" in shown
        assert "Not run (typed before the search closed): a A l i s" in shown  # a toast
        assert "escape enter" in shown
        assert not world.mapping_path.exists()
        # Once the result is on screen the same keys are commands again.
        await pilot.press("a", "s")
        await settle(pilot)
        assert "mapped 1 · ignored 0 · unmapped 39" in screen_text(pilot)
        assert list(read_toml(world.mapping_path)["mappings"]) == ["C-1001"]


async def test_in_the_companies_pane_l_typed_behind_enter_links_nothing(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, _):
        app = pilot.app
        company = world.companies[5]
        await pilot.press("tab")
        burst(app, "/", *typed(str(company.id)), "enter", "l")
        await settle(pilot)
        assert f"1 of {len(world.companies)} companies · /{company.id} " in screen_text(pilot)
        assert "mapped 0 · ignored 0" in screen_text(pilot)
        await pilot.press("l", "s")
        await settle(pilot)
        assert read_toml(world.mapping_path)["mappings"]["C-1001"]["psa_id"] == company.id


async def test_ctrl_u_and_ctrl_w_edit_the_search_in_both_panes(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, _):
        app = pilot.app
        every = {"records": "40 of 40 records", "companies": f"{len(world.companies)} of"}
        name = world.companies[0].name  # more than one word
        for pane, text in (("records", "c-1001 smith"), ("companies", name)):
            if pane == "companies":
                await pilot.press("tab")
            await pilot.press("slash", *typed(text))
            assert f"/{text}{TYPING}" in screen_text(pilot)
            assert every[pane] not in screen_text(pilot)
            await pilot.press("ctrl+w")  # the last word goes, the words before it stay
            assert f"/{text[: text.rindex(' ') + 1]}{TYPING}" in screen_text(pilot)
            await pilot.press("ctrl+u")  # all of it goes: every row again, still typing
            assert f"{every[pane]}" in screen_text(pilot)
            assert f"/{TYPING}" in screen_text(pilot)
            await pilot.press("escape")
        # In key order within one burst: each edit lands between the keys typed around it.
        await pilot.press("shift+tab")
        burst(app, "/", *typed("smith jones"), "ctrl+w", *typed("zz"), "ctrl+u", *typed("c-1002"))
        await settle(pilot)
        assert f"1 of 40 records · /c-1002{TYPING}" in screen_text(pilot)


async def test_slash_on_a_kept_search_starts_a_new_one_and_backspace_refines_it(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, _):
        await pilot.press("slash", *typed("c-1001"), "enter")
        assert "1 of 40 records · /c-1001 ─" in screen_text(pilot)
        # `/` again: the kept search is shown selected; the first key typed replaces it
        await pilot.press("slash")
        assert f"/c-1001{TYPING}" in screen_text(pilot)
        assert shown_reversed(pilot, "c-1001")  # as a selection is
        await pilot.press(*typed("c-1002"), "enter")
        assert "1 of 40 records · /c-1002 ─" in screen_text(pilot)
        # ... and backspace edits it instead, to refine the search kept
        await pilot.press("slash", "backspace", *typed("3"), "enter")
        assert "1 of 40 records · /c-1003 ─" in screen_text(pilot)
        assert not shown_reversed(pilot, "c-1003")


async def test_escape_clears_a_search_before_it_leaves_the_screen(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, screen):
        app = pilot.app
        n = len(world.companies)

        # A search whose box was emptied again still takes the first Escape.
        await pilot.press("slash", "c", "backspace", "enter", "escape")
        assert app.screen is screen and "40 of 40 records ─" in screen_text(pilot)
        # So does one left in the other pane (the focus is back in the records after `l`).
        await pilot.press("tab", "slash", *typed(world.companies[3].name), "enter", "l")
        assert f"1 of {n} companies · /" in screen_text(pilot)
        await pilot.press("escape")
        assert app.screen is screen
        assert f"{n} of {n} companies ─" in screen_text(pilot)
        # With nothing left to clear Escape goes back (asking, as the link is unsaved).
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
        assert "Go back without saving" in screen_text(pilot)


async def test_l_refuses_a_company_out_of_sight_and_says_why(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40), notifications=True) as (pilot, screen):
        companies = screen.companies_table

        # Scrolled away with the mouse wheel: the highlighted row is no longer on screen.
        await pilot.press("tab", "home")
        first = next(c for c in world.companies if c.id == companies.cursor_key)
        assert company_row_shown(pilot, first.id)
        for _ in range(10):
            companies.post_message(wheel_down(companies))
        await settle(pilot)
        assert not company_row_shown(pilot, first.id)
        for key in ("l", "enter"):
            await pilot.press(key)
        shown = screen_text(pilot)
        assert "mapped 0 · ignored 0" in shown
        assert "Not linked: the highlighted company" in shown
        assert "is out of sight in the companies pane" in shown

        # Filtered out by a search: no company is shown at all (nor previewed below).
        await pilot.press("home")
        assert previewed(pilot) == first.id
        await pilot.press("slash", *typed("no such company"), "enter", "l")
        assert "mapped 0 · ignored 0" in screen_text(pilot)
        assert not previewed(pilot)
        assert 'Not linked: no company matches the search "no such' in screen_text(pilot)

        # In sight again, the same key links (and the file holds it).
        await pilot.press("escape", "home", "l", "s")
        await settle(pilot)
        assert read_toml(world.mapping_path)["mappings"]["C-1001"]["psa_id"] == first.id

"""The review keys: 1/2/3 link a shown candidate and move on, y accepts, x skips, j/k/g/G
move, and a link made by hand says "manual" instead of a score of 0."""

from __future__ import annotations

from pathlib import Path

from tests.support.mapping_fixtures import MappingWorld, open_mapping, read_toml
from tests.support.pilot import screen_text, settle
from tui.core.session import MappingSession


def with_candidates(session: MappingSession, at_least: int) -> str:
    """An undecided record showing at least `at_least` candidates."""
    return next(rid for rid, found in session.matches.items() if len(found.suggestions) >= at_least)


async def test_a_number_links_that_candidate_and_moves_to_the_next_undecided_record(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, screen):
        session = screen.session
        assert session is not None
        record_id = with_candidates(session, 2)
        second = session.matches[record_id].suggestions[1]
        screen.records_table.move_cursor_to_key(record_id)
        await pilot.press("2")
        entry = session.entry(record_id)
        assert entry is not None and entry.psa_id == second.psa_id
        assert (entry.method, entry.score) == (second.method, second.score)
        following = screen.records_table.cursor_key
        assert following != record_id and following is not None
        assert session.is_unmapped(following)
        await pilot.press("s")
        await settle(pilot)
        assert read_toml(world.mapping_path)["mappings"][record_id]["psa_id"] == second.psa_id


async def test_a_number_beyond_the_candidates_shown_changes_nothing_and_says_why(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40), notifications=True) as (pilot, screen):
        session = screen.session
        assert session is not None
        record_id = next(
            rid for rid, found in session.matches.items() if len(found.suggestions) == 1
        )
        screen.records_table.move_cursor_to_key(record_id)
        await pilot.press("3")
        await settle(pilot)
        assert session.entry(record_id) is None
        assert screen.records_table.cursor_key == record_id
        assert f"{record_id} has 1 candidate, not 3" in screen_text(pilot)


async def test_y_accepts_the_best_and_x_skips_to_the_next_undecided(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, screen):
        session = screen.session
        assert session is not None
        table = screen.records_table
        record_id = next(rid for rid, f in session.matches.items() if f.confident(0) is not None)
        table.move_cursor_to_key(record_id)
        await pilot.press("y")
        best = session.best(record_id)
        entry = session.entry(record_id)
        assert best is not None and entry is not None and entry.psa_id == best.psa_id
        order = list(table.visible_keys)
        start = table.cursor_key
        assert start is not None
        await pilot.press("x")
        skipped_to = table.cursor_key
        assert skipped_to is not None and session.is_unmapped(skipped_to)
        assert order.index(skipped_to) > order.index(start) or skipped_to == start


async def test_j_k_g_and_shift_g_move_in_the_records_pane(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, screen):
        table = screen.records_table
        order = list(table.visible_keys)
        await pilot.press("g", "j", "j")
        assert table.cursor_key == order[2]
        await pilot.press("k")
        assert table.cursor_key == order[1]
        await pilot.press("G")
        assert table.cursor_key == order[-1]


async def test_a_link_made_by_hand_shows_manual_not_a_score_of_zero(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    target = world.companies[5]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        session = screen.session
        assert session is not None
        record_id = next(
            rid
            for rid, found in session.matches.items()
            if target.id not in {s.psa_id for s in found.suggestions}
        )
        screen.records_table.move_cursor_to_key(record_id)
        await pilot.press("tab", "slash", *list(target.identifier.lower()), "enter", "l")
        await settle(pilot)
        entry = session.entry(record_id)
        assert entry is not None and (entry.method, entry.score) == ("manual", 0.0)
        row = next(line for line in screen_text(pilot).splitlines() if record_id in line)
        assert "manual" in row and " 0 " not in row


async def test_f_searches_the_companies_for_the_records_rarest_word_then_l_links(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    app = world.app()
    target = world.companies[7]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        session = screen.session
        assert session is not None
        record_id = screen.records_table.cursor_key
        assert record_id is not None
        # the record as a user might have typed it, with a qualifier and a slip
        first, *rest = target.name.split(" ")
        session.record_by_id[record_id] = session.record_by_id[record_id].__class__(
            record_id, " ".join([first, *rest]) + " (Billing)"
        )
        await pilot.press("f")
        companies = screen.companies_table
        assert app.focused is companies
        assert companies.query_text and companies.query_text in target.name.casefold()
        assert target.id in companies.visible_keys
        assert companies.cursor_key == companies.visible_keys[0]
        companies.move_cursor_to_key(target.id)
        await pilot.press("l")
        entry = session.entry(record_id)
        assert entry is not None and entry.psa_id == target.id


async def test_the_companies_pane_previews_the_highlighted_company_beside_the_record(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, screen):
        session = screen.session
        assert session is not None
        record_id = screen.records_table.cursor_key
        assert record_id is not None
        await pilot.press("tab", "down")
        psa_id = screen.companies_table.cursor_key
        assert psa_id is not None
        company = session.company_by_id[psa_id]
        bottom = "\n".join(screen_text(pilot).splitlines()[-5:])  # the detail, above the footer
        assert f"#{company.id} {company.name}" in bottom
        assert company.status is not None and company.status.name in bottom
        if company.city:
            assert company.city in bottom
        assert record_id in bottom
        await pilot.press("tab")  # back to the records: their detail again
        bottom = "\n".join(screen_text(pilot).splitlines()[-5:])  # the detail, above the footer
        assert f"#{company.id} {company.name}" not in bottom


async def test_ignore_offers_the_last_reason_given_for_the_next_record(tmp_path: Path) -> None:
    from textual.widgets import Input

    from tui.app.screens.mapping_dialogs import TextDialog

    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, screen):
        app = pilot.app
        session = screen.session
        assert session is not None
        first = screen.records_table.cursor_key
        await pilot.press("i")
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(Input).value = "duplicate of C-1002"
        await pilot.press("enter")
        second = screen.records_table.cursor_key
        assert second != first
        await pilot.press("i")
        assert isinstance(app.screen, TextDialog)
        assert app.screen.query_one(Input).value == "duplicate of C-1002"
        await pilot.press("enter")
        assert {first, second} <= set(session.view_ids("all"))
        assert "ignored 2" in screen_text(pilot)


async def test_star_marks_every_search_result(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, screen):
        table = screen.records_table
        await pilot.press("slash", "l", "t", "d", "enter", "asterisk")
        shown = list(table.visible_keys)
        assert 0 < len(shown) < 40
        assert set(table.selection()) == set(shown)
        assert f"{len(shown)} marked" in screen_text(pilot)

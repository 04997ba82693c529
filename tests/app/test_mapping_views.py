"""Reviewing the hard tail: the review queue, three candidates a record, threshold steps and
a typed threshold, the score-band view, sorting either pane, and name widths."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tests.support.mapping_fixtures import MappingWorld, mapped_entry, open_mapping, read_toml
from tests.support.pilot import screen_lines, screen_text, settle
from tui.app.screens.mapping_dialogs import TextDialog
from tui.app.widgets.mapping_status import score_text
from tui.core.match_results import MatchSuggestion, RecordMatches
from tui.core.session import MappingSession

#: Records as a consultant's export has them: typos, words left out, one with no counterpart.
HARD_RECORDS = """id,name
H-01,Fernhill Paving
H-02,Wilmore Langcot Parsons
H-03,Premier Nutrition
H-04,Abxela Window & Door
H-05,Elite Family Medecine of Marshbrok
H-06,Knottwood Construction
H-07,Carpenter Sanitation
H-08,Pemmore
H-09,Maplestead Bio
H-10,Tatigo Wireles Corp
H-11,Kitchens Fairwell
H-12,Zebulon Quartz Works
H-13,Thornfeld Power
H-14,Mistpoint Tire
H-15,Logan Sanitation Services
"""


def hard_world(tmp_path: Path) -> MappingWorld:
    world = MappingWorld.build(tmp_path)
    world.records_path.write_text(HARD_RECORDS, encoding="utf-8")
    return world


def best_score(session: MappingSession, record_id: str) -> float | None:
    best = session.best(record_id)
    return None if best is None else best.score


def queue_order(session: MappingSession) -> list[str]:
    """Undecided records, best score first (ties in file order), no suggestion last."""
    undecided = [r.id for r in session.records if session.is_unmapped(r.id)]
    scored = [rid for rid in undecided if best_score(session, rid) is not None]
    scored.sort(key=lambda rid: -(best_score(session, rid) or 0))
    return scored + [rid for rid in undecided if best_score(session, rid) is None]


async def type_into_dialog(pilot: Pilot, text: str) -> None:
    dialog = pilot.app.screen
    assert isinstance(dialog, TextDialog)
    dialog.query_one(Input).value = ""
    await pilot.press(*text, "enter")
    await pilot.pause()


async def test_the_review_queue_walks_the_undecided_records_best_score_first(
    tmp_path: Path,
) -> None:
    world = hard_world(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        session = screen.session
        assert session is not None
        table = screen.records_table
        await pilot.press("y")  # the first record decided before the queue opens
        await pilot.press("Q")
        expected = queue_order(session)
        assert list(table.visible_keys) == expected
        assert expected != [r.id for r in session.records if session.is_unmapped(r.id)]
        text = screen_text(pilot)
        assert "Records · queue" in text and "Score ▼" in text
        assert table.cursor_key == expected[0]
        first_best = session.best(expected[0])
        assert first_best is not None
        await pilot.press("1")  # link the surest, then on down the queue
        assert table.cursor_key == expected[1]
        await pilot.press("x")  # skip: the next one in the queue, not in the file
        assert table.cursor_key == expected[2]
        await pilot.press("n")
        assert table.cursor_key == expected[3]
        await pilot.press("s")
        await settle(pilot)
        assert read_toml(world.mapping_path)["mappings"][expected[0]]["psa_id"] == first_best.psa_id
        await pilot.press("Q")  # again: every record in file order
        assert list(table.visible_keys) == [r.id for r in session.records]
        assert "Score ▼" not in screen_text(pilot)


async def test_each_record_shows_its_three_best_candidates_one_a_line_at_80x24(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        session = screen.session
        assert session is not None
        record_id = screen.records_table.cursor_key
        assert record_id is not None
        short = [c for c in world.companies if len(c.name) <= 16 and c.city][:3]
        suggestions = tuple(
            MatchSuggestion(c.id, score, "fuzzy", f"typo {n}")
            for n, (c, score) in enumerate(zip(short, (88.0, 81.0, 74.0), strict=True), 1)
        )
        session.matches[record_id] = RecordMatches(record_id, suggestions)
        await pilot.press("down", "up")  # the detail follows the cursor
        detail = screen_lines(pilot)[-5:-1]
        for number, (company, suggestion) in enumerate(zip(short, suggestions, strict=True), 1):
            line = next(row for row in detail if row.lstrip().startswith(f"{number})"))
            assert f"{score_text(suggestion.score)} {company.name}" in line
            assert company.status is not None and company.status.name in line
            assert all(t.name in line for t in company.types)
            assert company.city is not None and company.city in line
            assert f"typo {number}" in line
        await pilot.press("3")
        await pilot.press("s")
        await settle(pilot)
        assert read_toml(world.mapping_path)["mappings"][record_id]["psa_id"] == short[2].id


async def test_the_threshold_steps_by_five_and_takes_a_typed_value_from_0_to_100(
    tmp_path: Path,
) -> None:
    world = hard_world(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        app = pilot.app
        session = screen.session
        assert session is not None
        every = [r.id for r in session.records]
        await pilot.press("greater_than_sign")
        assert f"≥97: {session.would_accept(97, every)} ready" in screen_text(pilot)
        await pilot.press("less_than_sign", "less_than_sign")
        assert f"≥87: {session.would_accept(87, every)} ready" in screen_text(pilot)
        await pilot.press("t")
        await type_into_dialog(pilot, "150")
        assert isinstance(app.screen, TextDialog)  # refused: it stays, saying why
        assert "150 is outside 0..100" in screen_text(pilot)
        await type_into_dialog(pilot, "74")
        assert not isinstance(app.screen, TextDialog)
        assert f"≥74: {session.would_accept(74, every)} ready" in screen_text(pilot)


async def test_a_record_shown_at_the_threshold_is_counted_and_accepted_at_it(
    tmp_path: Path,
) -> None:
    world = hard_world(tmp_path)
    async with world.opened(size=(120, 50)) as (pilot, screen):
        session = screen.session
        assert session is not None
        await pilot.press("t")
        await type_into_dialog(pilot, "91")
        lines = screen_lines(pilot)
        how = next(line for line in lines if "Score" in line).index(" How")
        shown: dict[str, float] = {}
        for line in lines:
            cells = line.strip("│ ").split()
            if cells and cells[0].startswith("H-") and "~" in line:
                shown[cells[0]] = float(line[how - 7 : how])  # the Score column as shown
        assert shown["H-10"] == 91 and shown["H-11"] == 92  # (the data has these)
        clear = {
            rid
            for rid in shown
            if not session.matches[rid].ambiguous and not session.matches[rid].held
        }
        at_or_above = {rid for rid in clear if shown[rid] >= 91}
        assert "H-10" in at_or_above
        assert f"≥91: {len(at_or_above)} ready" in screen_text(pilot)
        await pilot.press("A", "y", "s")
        await settle(pilot)
        assert set(read_toml(world.mapping_path)["mappings"]) == at_or_above


async def test_a_score_band_view_shows_only_records_whose_best_score_lies_in_it(
    tmp_path: Path,
) -> None:
    world = hard_world(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        app = pilot.app
        session = screen.session
        assert session is not None
        table = screen.records_table
        await pilot.press("B")
        await type_into_dialog(pilot, "seventy")
        assert isinstance(app.screen, TextDialog)
        assert "not a band" in screen_text(pilot)
        await type_into_dialog(pilot, "85-70")
        in_band = [r.id for r in session.records if 70 <= (best_score(session, r.id) or -1) <= 85]
        assert len(in_band) >= 3
        assert list(table.visible_keys) == in_band
        assert "Records · band 70-85" in screen_text(pilot)
        await pilot.press("1")  # linked in the band: still shown, as linked
        assert in_band[0] in table.visible_keys and session.entry(in_band[0]) is not None
        titles = []
        for _ in range(7):
            await pilot.press("v")
            titles.append(str(table.border_title).split(" · ≥")[0])
        assert titles == [
            "Records",
            "Records · unmapped",
            "Records · conflicts",
            "Records · drift",
            "Records · renamed",
            "Records · orphans",
            "Records · band 70-85",  # in the `v` cycle once set
        ]


async def test_o_sorts_the_focused_pane_by_its_next_column_and_tilde_flips_it(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(120, 40)) as (pilot, screen):
        session = screen.session
        assert session is not None
        companies = screen.companies_table
        await pilot.press("tab", "down", "down")
        here = companies.cursor_key
        await pilot.press("o", "o", "o")  # Id, Identifier, Company
        names = [session.company_by_id[k].name.casefold() for k in companies.visible_keys]
        assert names == sorted(names)
        assert "Company ▲" in screen_text(pilot)
        assert companies.cursor_key == here
        await pilot.press("tilde")
        names = [session.company_by_id[k].name.casefold() for k in companies.visible_keys]
        assert names == sorted(names, reverse=True)
        assert "Company ▼" in screen_text(pilot)
        assert companies.cursor_key == here
        records = screen.records_table
        await pilot.press("shift+tab")
        await pilot.press("o", "o", "o", "o")  # Id, Record, suggestion, Score
        scores = [best_score(session, rid) for rid in records.visible_keys]
        present = [s for s in scores if s is not None]
        assert present == sorted(present)
        assert scores[: len(present)] == present  # no score: last
        assert "Score ▲" in screen_text(pilot)


async def test_at_120_columns_and_wider_the_names_get_the_room(tmp_path: Path) -> None:
    world = MappingWorld.build(tmp_path)
    widths: dict[int, tuple[int, int]] = {}
    for size in ((120, 40), (200, 50)):
        app = world.app()
        async with app.run_test(size=size) as pilot:
            screen = await open_mapping(pilot, world.screen(app))
            session = screen.session
            assert session is not None
            lines = screen_lines(pilot)
            rows = {line.strip("│ ").split(" ", 1)[0]: line for line in lines}
            companies = [session.company_by_id[k] for k in screen.companies_table.visible_keys]
            shown = [c for c in companies if str(c.id) in rows]
            assert len(shown) >= 10
            cut = [c.name for c in shown if c.name not in rows[str(c.id)]]
            assert not cut, f"company names cut at {size}: {cut}"
            records = [session.record_by_id[k] for k in screen.records_table.visible_keys]
            in_view = [r for r in records if r.id in rows]
            assert len(in_view) >= 10
            assert [r.name for r in in_view if r.name not in rows[r.id]] == [], size
            header = next(line for line in lines if "Record" in line and "Score" in line)
            record_width = header.index("PSA company") - header.index("Record")
            company_header = next(line for line in lines if "Identifier" in line)
            company_width = company_header.index("Status") - company_header.index("Company")
            widths[size[0]] = (record_width, company_width)
    assert widths[200][0] >= widths[120][0] and widths[200][1] >= widths[120][1]


async def test_orphans_sort_by_their_saved_names_and_stay_out_of_the_queue(
    tmp_path: Path,
) -> None:
    world = MappingWorld.build(tmp_path, n_records=12)
    world.write_mapping(
        {
            "C-9001": mapped_entry("C-9001", "Zulu Left Us Ltd", world.companies[1]),
            "C-9002": mapped_entry("C-9002", "Alpha Moved Away Inc", world.companies[2]),
        }
    )
    async with world.opened(size=(120, 40)) as (pilot, screen):
        session = screen.session
        assert session is not None
        table = screen.records_table
        await pilot.press("Q")
        assert "C-9001" not in table.visible_keys and "C-9002" not in table.visible_keys
        await pilot.press("Q", "O", "o", "o")  # the orphans view, sorted by Record
        assert list(table.visible_keys) == ["C-9002", "C-9001"]
        assert "Record ▲" in screen_text(pilot)

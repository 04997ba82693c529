"""The mapping screen driven by keys: map, bulk-accept, undo, save, reload, and what is written."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from textual.widgets import Input

from tests.support.filter_fixtures import HandlerTransport, tenant_config
from tests.support.mapping_fixtures import MappingWorld, open_mapping, read_toml
from tests.support.pilot import screen_text, settle, toast_text
from tui.app.screens.mapping import MappingScreen
from tui.app.screens.mapping_dialogs import ChoiceDialog, PathDialog, TextDialog
from tui.app.widgets.loading_view import LoadingView
from tui.core.session import MappingSession


def clear_suggestion(session: MappingSession) -> str:
    """A record whose best suggestion is clear (not ambiguous)."""
    return next(
        rid
        for rid, found in session.matches.items()
        if found.best is not None and not found.ambiguous and found.best.score >= 92
    )


async def test_the_screen_loads_companies_records_and_suggestions_with_counts(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        assert screen.session is not None
        assert len(screen.session.companies) == len(world.companies)
        text = screen_text(pilot)
        assert "mapped 0 · ignored 0 · unmapped 40 · conflicts 0" in text
        assert "40 of 40 records" in text
        assert f"{len(world.companies)} of {len(world.companies)} companies" in text


async def test_once_the_panes_show_nothing_hidden_keeps_redrawing_itself(tmp_path: Path):
    # The loading view's last step has no total: its bar animates (a timer redraws it 15
    # times a second), and hidden with the view it went on doing so for the screen's life.
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (_, screen):
        assert not screen.query_one("#loading").display
        animated = [w for w in screen.query("#loading, #loading *") if w.auto_refresh is not None]
        assert animated == []
        assert not screen.query_one(LoadingView).sweeping


async def test_escape_before_the_panes_are_mounted_goes_back_without_loading(tmp_path: Path):
    # The panes are mounted after the loading view's first frame: Escape (which clears the
    # panes' searches first) and the deferred mount must both cope with a screen left
    # before that.
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        before = app.screen
        screen = world.screen(app)
        await app.push_screen(screen)
        screen.action_back()
        await settle(pilot)
        assert app.screen is before
        assert screen.session is None and not screen.query("#records")


async def test_accept_best_then_save_writes_the_suggestion_to_the_toml(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        session = screen.session
        assert session is not None
        record_id = clear_suggestion(session)
        screen.records_table.move_cursor_to_key(record_id)
        await pilot.press("a", "s")
        await settle(pilot)
        best = session.best(record_id)
        assert best is not None
        written = read_toml(world.mapping_path)
        entry = written["mappings"][record_id]
        assert entry["psa_id"] == best.psa_id
        assert entry["method"] == best.method
        assert entry["score"] == round(best.score, 1)
        assert written["tenant"] == "acme"
        assert written["filter"]["conditions"] == "deletedFlag = false and status/id = 1"
        assert written["records"] == str(world.records_path)
        assert "unsaved" not in screen_text(pilot)


async def test_accept_all_asks_with_the_count_and_undo_redo_replay_it(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        app = pilot.app
        session = screen.session
        assert session is not None
        ready = session.would_accept(92, [r.id for r in session.records])
        assert ready > 10
        await pilot.press("A")
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert f"Accept {ready} suggestions scoring 92 or more" in screen_text(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert session.counts().mapped == ready
        assert f"mapped {ready} ·" in screen_text(pilot)
        await pilot.press("z")
        assert session.counts().mapped == 0
        await pilot.press("Z")
        assert session.counts().mapped == ready
        await pilot.press("s")
        await settle(pilot)
        assert len(read_toml(world.mapping_path)["mappings"]) == ready


async def test_declining_accept_all_changes_nothing(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        await pilot.press("A", "n")
        assert screen.session is not None and screen.session.counts().mapped == 0


async def test_the_threshold_keys_change_the_ready_count_live(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        session = screen.session
        assert session is not None
        every = [r.id for r in session.records]
        await pilot.press("minus", "minus")
        assert f"≥90: {session.would_accept(90, every)} ready" in screen_text(pilot)
        await pilot.press(*["plus"] * 10)
        assert f"≥100: {session.would_accept(100, every)} ready" in screen_text(pilot)


@pytest.mark.slow
async def test_marked_records_link_to_the_company_found_by_search(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    app = world.app()
    target = world.companies[5]
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        records = screen.records_table
        await pilot.press("home", "space", "space")
        marked = records.selection()
        assert len(marked) == 2
        await pilot.press("tab", "slash", *list(target.identifier.lower()), "enter")
        assert screen.companies_table.cursor_key == target.id
        await pilot.press("l")
        assert app.focused is records
        await pilot.press("s")
        await settle(pilot)
        written = read_toml(world.mapping_path)["mappings"]
        for record_id in marked:
            assert written[record_id]["psa_id"] == target.id
            assert written[record_id]["method"] == "manual"
        assert "conflicts 1" in screen_text(pilot)


async def test_ignore_asks_for_a_reason_and_saves_it(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        app = pilot.app
        record_id = screen.records_table.cursor_key
        await pilot.press("i")
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one(Input).value = "closed [2024]"
        await pilot.press("enter")
        await pilot.press("s")
        await settle(pilot)
        assert read_toml(world.mapping_path)["ignored"] == {record_id: "closed [2024]"}


async def test_unmap_and_views_show_only_what_is_left(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        session = screen.session
        assert session is not None
        await pilot.press("A", "y", "v")  # view: unmapped
        unmapped = session.counts().unmapped
        assert len(screen.records_table.visible_keys) == unmapped
        assert "Records · unmapped · ≥92: 0 ready" in screen_text(pilot)
        await pilot.press("v")  # conflicts
        assert list(screen.records_table.visible_keys) == session.view_ids("conflicts")
        await pilot.press("v", "v", "v", "v")  # drift, renamed, orphans, then all again
        assert len(screen.records_table.visible_keys) == 40
        first = screen.records_table.visible_keys[0]
        was_mapped = session.entry(first) is not None
        await pilot.press("home", "u")
        assert session.entry(first) is None
        assert session.counts().unmapped == unmapped + (1 if was_mapped else 0)


async def test_next_unmapped_skips_decided_records(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        session = screen.session
        assert session is not None
        await pilot.press("A", "y", "home", "n")
        current = screen.records_table.cursor_key
        assert current is not None and session.is_unmapped(current)
        order = list(screen.records_table.visible_keys)
        assert all(not session.is_unmapped(r) for r in order[: order.index(current)][1:])


async def test_an_existing_mapping_file_is_resumed_and_drift_is_flagged(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    renamed = world.companies[0]
    first, second = (item.record["id"] for item in world.labelled[:2])
    world.mapping_path.write_text(
        f"""format = 1
tenant = "acme"
company_id = "acme"
saved_at = 2026-01-01T00:00:00Z
records = "customers.csv"

[filter]
statuses = [{{ id = 1, name = "Active" }}]
types = []
conditions = "deletedFlag = false and status/id = 1"
child_conditions = ""

[mappings."{first}"]
local_name = "Old name"
psa_id = {renamed.id}
psa_identifier = "{renamed.identifier}"
psa_name = "Name Before The Rename"
method = "manual"
score = 0.0

[ignored]
"{second}" = "not a customer"
""",
        encoding="utf-8",
    )
    async with world.opened(size=(80, 24)) as (pilot, screen):
        session = screen.session
        assert session is not None
        counts = session.counts()
        assert (counts.mapped, counts.ignored, counts.drift) == (1, 1, 1)
        assert "drift 1" in screen_text(pilot)
        await pilot.press("v", "v", "v")  # the drift view
        assert list(screen.records_table.visible_keys) == [first]
        assert "renamed" in screen_text(pilot)


async def test_a_file_changed_on_disk_is_not_overwritten_and_can_be_reloaded(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        app = pilot.app
        await pilot.press("s")
        await settle(pilot)
        outside = read_toml(world.mapping_path)
        changed = world.mapping_path.read_text().replace("[filter]", "# edited\n[filter]")
        world.mapping_path.write_text(changed + '\n[ignored]\n"C-1001" = "edited elsewhere"\n')
        assert "mappings" not in outside
        await pilot.press("a", "s")
        await pilot.pause()  # the save waits for an answer: do not wait for it to finish
        assert isinstance(app.screen, ChoiceDialog)
        assert "changed on disk" in screen_text(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert screen.session is not None
        assert screen.session.state("C-1001") is not None
        assert "edited elsewhere" in world.mapping_path.read_text()
        assert not screen.session.dirty


async def test_save_as_after_a_conflict_writes_the_other_file(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    app = world.app()
    other = tmp_path / "mine.mapping.toml"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_mapping(pilot, world.screen(app))
        world.mapping_path.write_text("format = 1\n")
        record_id = clear_suggestion(screen.session)  # type: ignore[arg-type]
        screen.records_table.move_cursor_to_key(record_id)
        await pilot.press("a", "s")
        await pilot.pause()
        await pilot.press("a")  # "Save as…"
        assert isinstance(app.screen, PathDialog)
        app.screen.query_one(Input).value = str(other)
        await pilot.press("enter")
        await settle(pilot)
        assert world.mapping_path.read_text() == "format = 1\n"
        assert record_id in read_toml(other)["mappings"]
        assert screen.mapping_path == other


async def test_quit_asks_when_there_are_unsaved_changes(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        app = pilot.app
        assert screen.session is not None
        record_id = clear_suggestion(screen.session)
        screen.records_table.move_cursor_to_key(record_id)
        await pilot.press("a", "q")
        assert isinstance(app.screen, ChoiceDialog)
        assert "not saved" in screen_text(pilot)
        await pilot.press("c")
        assert app.screen is screen and app.is_running
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("s")  # save and quit
        for _ in range(50):
            if not app.is_running:
                break
            await pilot.pause(0.02)
        assert not app.is_running
    assert record_id in read_toml(world.mapping_path)["mappings"]


async def test_quit_without_changes_just_quits(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, _):
        app = pilot.app
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_a_bad_records_file_is_explained_and_another_can_be_chosen(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nC-1,Acme\nC-1,Globex\n", encoding="utf-8")
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = world.screen(app, records_path=bad)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        assert "duplicate id" in screen_text(pilot)
        app.screen.query_one(Input).value = str(world.records_path)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.session is not None
        assert screen.records_path == world.records_path


async def test_cancelling_the_records_prompt_leaves_a_visible_error(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nC-1,\n", encoding="utf-8")
    app = world.app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = world.screen(app, records_path=bad)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        text = screen_text(pilot)
        assert "Records file problem" in text and "bad.csv:2" in text
        assert screen.failed


async def test_without_records_the_demo_offers_a_generated_sample(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = world.screen(app, records_path=None, demo=True)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("g")
        await settle(pilot)
        assert screen.session is not None
        assert screen.records_path is not None and screen.records_path.exists()
        assert screen.records_path.name == "acme-sample-records.csv"
        assert len(screen.session.records) == len(world.companies)  # fewer companies than 3,000
        assert screen.session.counts().unmapped == len(screen.session.records)


async def test_without_records_an_existing_mapping_resumes_with_its_records_file(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, first):
        app = pilot.app
        assert first.session is not None
        record_id = clear_suggestion(first.session)
        first.records_table.move_cursor_to_key(record_id)
        await pilot.press("a", "s")
        await settle(pilot)
        app.pop_screen()
        await pilot.pause()
        again = world.screen(app, records_path=None, demo=True)
        await pilot.app.push_screen(again)
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "was made from" in screen_text(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert again.records_path == world.records_path
        assert again.session is not None
        assert again.session.counts().mapped == 1


async def test_without_records_a_path_is_asked_for_with_completion(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    world = MappingWorld.build(tmp_path)
    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = world.screen(app, records_path=None)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        await pilot.press("c", "u")
        await pilot.pause()
        await pilot.press("tab")
        assert app.screen.query_one(Input).value == "customers.csv"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.records_path == Path("customers.csv")
        assert screen.session is not None


async def test_the_mapping_file_defaults_to_the_tenant_name_in_the_current_folder(
    tmp_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24), mapping_path=None) as (pilot, screen):
        await pilot.press("a", "s")
        await settle(pilot)
        assert screen.mapping_path == tmp_path / "acme.mapping.toml"
        assert (tmp_path / "acme.mapping.toml").exists()


async def test_a_failing_psa_is_shown_and_r_retries(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    app = world.app()
    refuse = [True]
    inner = world.sandbox.transport()

    async def handler(request: httpx.Request) -> httpx.Response:
        if refuse[0] and request.url.path.endswith("/company/companies"):
            return httpx.Response(403, json={"code": "Forbidden", "message": "no access"})
        return await inner.handle_async_request(request)

    async with app.run_test(size=(80, 24)) as pilot:
        screen = world.screen(app, client=tenant_config(world.tenant).client(
            transport=HandlerTransport(handler)))  # fmt: skip
        await pilot.app.push_screen(screen)
        for _ in range(50):
            await pilot.pause(0.02)
            if screen.failed:
                break
        assert screen.failed
        text = screen_text(pilot)
        assert "Permission denied (403)" in text and "r: retry" in text
        refuse[0] = False
        await pilot.press("r")
        await settle(pilot)
        assert not screen.failed and screen.session is not None


async def test_remote_names_render_literally(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    tricky = world.tenant.add_company(name="Foo [/] Bar [b]Ltd[/b]", status_id=1)
    async with world.opened(size=(120, 40)) as (pilot, screen):
        screen.companies_table.move_cursor_to_key(tricky["id"])
        await pilot.pause()
        assert "Foo [/] Bar [b]Ltd[/b]" in screen_text(pilot)


def test_the_screen_and_its_flow_take_one_opening_built_by_the_filter_screen():
    import dataclasses
    import inspect

    from tui.app.screens.mapping_flow import MappingFlow
    from tui.app.screens.mapping_opening import MappingOpening

    assert list(inspect.signature(MappingScreen).parameters) == ["opening"]
    assert list(inspect.signature(MappingFlow).parameters) == ["view", "opening"]
    assert [f.name for f in dataclasses.fields(MappingOpening)] == [
        "client", "tenant", "statuses", "types", "flt", "records_path", "mapping_path", "demo",
        "expected_count", "source",
    ]  # fmt: skip
    assert MappingOpening.__dataclass_params__.frozen  # type: ignore[attr-defined]


async def test_escape_clears_the_search_then_goes_back_asking_about_unsaved_work(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        app = pilot.app
        assert screen.session is not None
        record_id = clear_suggestion(screen.session)
        screen.records_table.move_cursor_to_key(record_id)
        await pilot.press("enter")  # Enter on a record accepts its suggestion
        assert screen.session.entry(record_id) is not None
        await pilot.press("slash", "x", "escape")
        assert app.screen is screen and screen.records_table.query_text == ""
        await pilot.press("escape")
        assert isinstance(app.screen, ChoiceDialog)
        assert "Go back without saving" in screen_text(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is not screen
        assert not world.mapping_path.exists()


async def test_enter_on_a_company_links_the_highlighted_record(tmp_path: Path):
    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        app = pilot.app
        record_id = screen.records_table.cursor_key
        assert screen.session is not None and record_id is not None
        await pilot.press("tab", "end", "enter")
        target = screen.companies_table.cursor_key
        entry = screen.session.entry(record_id)
        assert entry is not None and entry.psa_id == target and entry.method == "manual"
        assert app.focused is screen.records_table


async def test_keys_typed_right_behind_slash_become_the_query_not_commands(tmp_path: Path):
    """A pasted or fast-typed "/asi" must search for "asi", not accept, save and ignore."""
    from textual import events

    world = MappingWorld.build(tmp_path)
    async with world.opened(size=(80, 24)) as (pilot, screen):
        app = pilot.app
        for key in ("slash", "a", "s", "i"):  # queued at once, as a burst from the terminal
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await settle(pilot)
        table = screen.records_table
        assert (table.searching, table.query_text) == (True, "asi")
        assert screen.session is not None and screen.session.counts().mapped == 0
        assert not world.mapping_path.exists()
        assert app.screen is screen


async def test_bidi_overrides_and_invisible_characters_in_names_never_reach_the_terminal(
    tmp_path: Path,
) -> None:
    # A record name is someone else's text: a right-to-left override (U+202E) in it reversed
    # the rest of the row, the score and the reason included, on a terminal that does bidi,
    # and zero-width characters hid text; both were drawn as they came, in the panes and in
    # the detail under them.
    world = MappingWorld.build(tmp_path)
    world.records_path.write_text(
        "id,name\nR-1,\u202eevil\u2066 override Ltd\nR-2,Zero\u200bWidth\u2060 Co\n",
        encoding="utf-8",
    )
    async with world.opened(size=(80, 24)) as (pilot, screen):
        text = screen_text(pilot)
        assert "evil override Ltd" in text
        assert "ZeroWidth Co" in text
        for invisible in ("\u202e", "\u2066", "\u200b", "\u2060"):
            assert invisible not in text
        await pilot.press("down")
        await pilot.pause()
        assert "ZeroWidth Co" in screen.query_one("#detail").render().plain  # type: ignore[union-attr]


async def test_toasts_and_dialogs_quoting_names_and_ids_never_pass_escape_codes(
    tmp_path: Path,
) -> None:
    # "Linked 1 to <company name>" and "Why is <record id> left without a PSA company?"
    # quote someone else's text: a PSA company named with an OSC 52 sequence wrote the
    # clipboard (or, its BEL dropped by the renderer, swallowed the screen into an unfinished
    # escape) through the toast, and an ESC in a record id reached the terminal the same way
    # through the dialog; the panes showed both made inert.
    world = MappingWorld.build(tmp_path)
    company = world.companies[0]
    world.tenant.update_company(company.id, name="Evil\x1b]52;c;SGVsbG8=\x07 \u202eCo")
    world.records_path.write_text("id,name\nR\x1b[2J1,Somebody Ltd\n", encoding="utf-8")
    async with world.opened(size=(80, 24), notifications=True) as (pilot, screen):
        screen.companies_table.move_cursor_to_key(company.id)
        await pilot.press("l")
        await pilot.pause()
        shown = toast_text(pilot)
        assert "Linked 1 to Evil" in shown
        assert "\x1b" not in shown and "\u202e" not in shown
        await pilot.press("u", "i")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TextDialog)
        text = screen_text(pilot)
        assert "Why is R" in text
        assert "\x1b" not in text

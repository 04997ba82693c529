"""Keyboard on the filter screen: panes, help, command palette, remapping, continue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.support.filter_fixtures import (
    CREDIT_HOLD,
    NOT_APPROVED,
    make_app,
    open_tenant,
    small_tenant,
)
from tests.support.pilot import screen_text, settle
from tui.app.screens.help import HelpScreen
from tui.app.widgets.checklist import Checklist
from tui.psa.filter import CompanyFilter


async def test_tab_moves_between_the_two_lists() -> None:
    async with make_app(small_tenant()).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        assert pilot.app.focused is screen.status_list
        await pilot.press("tab")
        assert pilot.app.focused is screen.type_list
        await pilot.press("shift+tab")
        assert pilot.app.focused is screen.status_list


async def test_the_footer_shows_the_keys_that_fit_in_80_columns() -> None:
    async with make_app(small_tenant()).run_test(size=(80, 24)) as pilot:
        await open_tenant(pilot, "acme")
        footer = screen_text(pilot).splitlines()[-1]
        for hint in ("space Toggle", "a All", "n None", "/ Search", "Map records", "c Copy"):
            assert hint in footer
        assert "esc Back" in footer
        assert "? Keys" in footer


async def test_question_mark_lists_every_key_with_its_remappable_id() -> None:
    async with make_app(small_tenant()).run_test(size=(80, 24)) as pilot:
        await open_tenant(pilot, "acme")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = screen_text(pilot)
        for row in (
            "Map records to the selected companies",
            "filter.continue",
            "checklist.toggle",
            "checklist.select-all",
            "filter.copy-conditions",
            "Next / previous pane",
        ):
            assert row in text
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, HelpScreen)


async def test_keys_remapped_in_the_config_take_effect() -> None:
    tenant = small_tenant()
    app = make_app(tenant, keys={"filter.copy-conditions": "y", "checklist.toggle": "x"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        await pilot.press("x", "y")  # untick Active, copy
        await settle(pilot)
        assert screen.status_list.checked_ids == {CREDIT_HOLD, NOT_APPROVED}
        assert app.clipboard == "conditions=deletedFlag = false and status/id in (17,23)"
        assert "y Copy" in screen_text(pilot)


async def test_the_command_palette_runs_the_screens_actions() -> None:
    app = make_app(small_tenant())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_tenant(pilot, "acme")
        await pilot.press("ctrl+p", *"copy")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.clipboard.startswith("conditions=deletedFlag = false")


async def test_enter_continues_to_mapping_with_the_chosen_filter() -> None:
    from tui.app.screens.mapping import MappingScreen

    app = make_app(small_tenant())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        assert isinstance(pilot.app.focused, Checklist)
        await pilot.press("space", "enter")  # untick Active, continue
        await pilot.pause()
        [mapping] = [s for s in pilot.app.screen_stack if isinstance(s, MappingScreen)]
        assert mapping.flt == CompanyFilter.of({CREDIT_HOLD, NOT_APPROVED})
        assert mapping.client is screen.client
        assert mapping.tenant is screen.tenant
        assert [s.id for s in mapping.statuses] == [s.id for s in screen.statuses]
        assert mapping.flow.opening is mapping.opening  # built once, shared by screen and flow


async def test_continue_is_disabled_while_nothing_is_ticked() -> None:
    async with make_app(small_tenant()).run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        await pilot.press("n", "enter")
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_the_mapping_load_reuses_the_filter_total_instead_of_counting_again(
    tmp_path: Path,
) -> None:
    from tui.app.screens.mapping import MappingScreen
    from tui.sandbox import Sandbox

    records = tmp_path / "records.csv"
    records.write_text("id,name\nC-1,Some Company Ltd\n", encoding="utf-8")
    tenant = small_tenant(n=6000)
    sandbox = Sandbox([tenant])
    paths: list[str] = []
    app = make_app(tenant, sandbox=sandbox)
    app.records_path = records
    app.mapping_path = tmp_path / "acme.mapping.toml"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tenant(pilot, "acme")
        assert screen.total is not None and screen.total > 2000  # a concurrent load
        sandbox.on_request.append(lambda request, _n: paths.append(request.url.path))
        await pilot.press("enter")
        await settle(pilot)
        [mapping] = [s for s in pilot.app.screen_stack if isinstance(s, MappingScreen)]
        assert mapping.expected_count == screen.total
        assert mapping.companies is not None and len(mapping.companies) == screen.total
        assert paths and not [p for p in paths if p.endswith("/count")]


async def test_records_chosen_on_the_mapping_screen_are_kept_for_the_next_visit(
    tmp_path: Path,
) -> None:
    """Without --records the mapping screen asks for a file; back on the filter screen
    (another choice of statuses) and on to mapping again, it does not ask twice."""
    from textual.widgets import Input

    from tui.app.screens.mapping import MappingScreen
    from tui.app.screens.mapping_dialogs import PathDialog

    records = tmp_path / "records.csv"
    records.write_text("id,name\nC-1,Some Company Ltd\n", encoding="utf-8")
    app = make_app(small_tenant())
    app.mapping_path = tmp_path / "acme.mapping.toml"

    async def until(done: Callable[[], bool]) -> None:
        """The load waits for an answer, so `settle` (every worker done) would wait forever."""
        for _ in range(200):
            if done():
                return
            await pilot.pause(0.02)
        raise AssertionError(f"still on {app.screen!r}")

    async with app.run_test(size=(80, 24)) as pilot:
        await open_tenant(pilot, "acme")
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, PathDialog))  # not a demo: a path, asked
        app.screen.query_one(Input).value = str(records)
        await pilot.press("enter")
        await settle(pilot)
        first = app.screen
        assert isinstance(first, MappingScreen) and first.session is not None
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, MappingScreen)
        await pilot.press("enter")
        # Nothing to answer this time (a dialog would stop here): the load runs to the end.
        await until(
            lambda: isinstance(app.screen, MappingScreen) and app.screen.session is not None
        )
        again = app.screen
        assert isinstance(again, MappingScreen) and again is not first
        assert again.records_path == records

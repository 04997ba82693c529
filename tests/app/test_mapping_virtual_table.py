"""The virtual table: lazy rows, cursor, marks, type-to-search, and remote text shown literally."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType

from tests.support.pilot import screen_lines
from tui.app.widgets.virtual_table import Column, VirtualTable, column_widths, fit

COLUMNS = (Column("Id", 6, align="right"), Column("Name", 10, flex=1))


def test_fit_pads_cuts_with_an_ellipsis_and_aligns():
    assert fit("Acme", 6) == "Acme  "
    assert fit("Acme", 6, "right") == "  Acme"
    assert fit("Contoso Limited", 8) == "Contoso…"
    assert fit("anything", 0) == ""


def test_fit_counts_wide_characters_as_two_cells():
    assert fit("日本語の会社", 7) == "日本語…"


def test_fit_replaces_control_characters_so_remote_text_cannot_drive_the_terminal():
    assert fit("Evil\x1b[2J Co\n", 13) == "Evil\ufffd[2J Co\ufffd "


def test_flex_columns_share_the_spare_width():
    columns = (Column("a", 4), Column("b", 5, flex=1), Column("c", 5, flex=3))
    assert column_widths(columns, 4 + 5 + 5 + 2 + 8) == [4, 7, 11]
    assert column_widths(columns, 10) == [4, 5, 5]


class TableApp(App[None]):
    """One table of `count` rows; an app-level `a` binding proves search swallows letters."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("a", "pressed_a", "A")]

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names
        self.cell_calls = 0
        self.a_presses = 0
        self.highlighted: list[object] = []
        self.selected: list[object] = []

    def cells(self, key: int) -> tuple[str, str]:
        self.cell_calls += 1
        return (str(key), self.names[key])

    def compose(self) -> ComposeResult:
        yield VirtualTable(COLUMNS, self.cells, noun="companies")

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.set_rows(range(len(self.names)), self.names)
        table.focus()

    def action_pressed_a(self) -> None:
        self.a_presses += 1

    def on_virtual_table_highlighted(self, event: VirtualTable.Highlighted) -> None:
        self.highlighted.append(event.key)

    def on_virtual_table_selected(self, event: VirtualTable.Selected) -> None:
        self.selected.append(event.key)


async def test_fifty_thousand_rows_render_only_the_rows_on_screen():
    app = TableApp([f"Company {i}" for i in range(50_000)])
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(VirtualTable)
        assert table.row_count == 50_000
        assert app.cell_calls < 100
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_key == 49_999
        assert any("Company 49999" in line for line in screen_lines(app))
        assert app.cell_calls < 200


async def test_cursor_keys_move_the_highlight_and_enter_selects():
    app = TableApp([f"Company {i}" for i in range(100)])
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("down", "down", "pagedown", "up")
        table = app.query_one(VirtualTable)
        page = table.scrollable_content_region.height - 1
        assert table.cursor_key == 2 + page - 1
        await pilot.press("home", "enter")
        assert app.highlighted[-1] == 0
        assert app.selected == [0]


async def test_search_filters_as_you_type_without_triggering_other_keys():
    names = ["Acme Ltd", "Contoso", "Acme Holdings", "Fabrikam", "ACME [UK]"]
    app = TableApp(names)
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.press("slash", "a", "c", "m", "e")
        assert list(table.visible_keys) == [0, 2, 4]
        assert app.a_presses == 0
        assert "/acme" in str(table.border_subtitle)
        await pilot.press("space", "u", "k")
        assert list(table.visible_keys) == [4]
        await pilot.press("enter")  # keep the result, stop typing
        await pilot.press("a")
        assert app.a_presses == 1
        assert list(table.visible_keys) == [4]
        await pilot.press("escape")
        assert list(table.visible_keys) == [0, 1, 2, 3, 4]


async def test_backspace_widens_the_search_again():
    app = TableApp(["Acme", "Acorn", "Beta"])
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.press("slash", "a", "c", "m")
        assert list(table.visible_keys) == [0]
        await pilot.press("backspace")
        assert list(table.visible_keys) == [0, 1]


async def test_space_shift_arrows_and_range_mark_rows_and_selection_follows_marks():
    app = TableApp([f"Company {i}" for i in range(20)])
    async with app.run_test(size=(40, 14)) as pilot:
        table = app.query_one(VirtualTable)
        assert table.selection() == [0]
        await pilot.press("space", "space")  # marks 0 and 1, cursor moves on to 2
        assert table.marked == {0, 1}
        await pilot.press("shift+down")  # marks 2 and 3
        assert table.marked == {0, 1, 2, 3}
        await pilot.press("down", "down", "down", "M")  # range from 3 to 6
        assert table.selection() == [0, 1, 2, 3, 4, 5, 6]
        assert "7 marked" in str(table.border_subtitle)
        await pilot.press("space")  # unmarks 6
        assert 6 not in table.marked
        await pilot.press("escape")
        assert table.marked == set()
        assert table.selection() == [table.cursor_key]


async def test_a_view_narrows_rows_and_search_applies_within_it():
    app = TableApp(["Acme 1", "Acme 2", "Beta 3", "Acme 4"])
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_view(lambda key: key % 2 == 1)
        assert list(table.visible_keys) == [1, 3]
        await pilot.press("slash", "a", "c", "m", "e")
        assert list(table.visible_keys) == [1, 3]
        table.set_view(None)
        assert list(table.visible_keys) == [0, 1, 3]


async def test_remote_text_is_shown_literally_never_as_markup():
    names = ["Foo [/] Bar", "[b]Bold[/b] Ltd", "Acme [UK] Ltd"]
    app = TableApp(names)
    async with app.run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        for name in names:
            assert name in text


def test_fit_drops_bidi_overrides_and_invisible_characters():
    # U+202E reverses what follows on a terminal that does bidi ("Trojan Source"); zero-width
    # and tag characters hide text. The CLI drops them (tui.core.safe_text); so does the TUI.
    assert fit("\u202eevil\u200b Co\u2028x\U000e0041", 12) == "evil Co\ufffdx   "

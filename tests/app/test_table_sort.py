"""Sorting a virtual table by a column (keys, a header click), and who gets the spare width."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult

from tests.support.pilot import screen_lines
from tui.app.widgets.row_order import RowOrder
from tui.app.widgets.virtual_table import Column, VirtualTable, column_widths

COLUMNS = (Column("Id", 4, align="right"), Column("Name", 10, flex=1), Column("City", 8))
ROWS = {0: ("Contoso", "Leeds"), 1: ("acme", None), 2: ("Fabrikam", "York"), 3: ("Acme", "Bath")}


def sort_value(column: int, key: int) -> object:
    if column == 0:
        return key
    name, city = ROWS[key]
    return name.casefold() if column == 1 else city


def sort_values(column: int, keys: Sequence[int]) -> list[object]:
    return [sort_value(column, key) for key in keys]


class SortApp(App[None]):
    def compose(self) -> ComposeResult:
        yield VirtualTable(COLUMNS, self.cells, sort_values=sort_values)

    def cells(self, key: int) -> tuple[str, str, str]:
        name, city = ROWS[key]
        return (str(key), name, city or "")

    def on_mount(self) -> None:
        table = self.query_one(VirtualTable)
        table.set_rows(list(ROWS), [" ".join(filter(None, ROWS[k])) for k in ROWS])
        table.focus()


async def test_o_cycles_the_sort_column_and_tilde_flips_it_keeping_the_cursor_row() -> None:
    app = SortApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.press("down", "down")  # on Fabrikam
        assert table.cursor_key == 2
        await pilot.press("o", "o")  # by Id, then by Name
        assert table.sort == (1, False)
        assert list(table.visible_keys) == [1, 3, 0, 2]  # acme, Acme (ties as given), ...
        assert table.cursor_key == 2
        assert "Name ▲" in screen_lines(app)[0]
        await pilot.press("tilde")
        assert list(table.visible_keys) == [2, 0, 1, 3]  # ties stay as given either way
        assert "Name ▼" in screen_lines(app)[0]
        assert table.cursor_key == 2
        await pilot.press("o")  # by City: a row without one goes last, whichever way
        assert list(table.visible_keys) == [3, 0, 2, 1]
        await pilot.press("tilde")
        assert list(table.visible_keys) == [2, 0, 3, 1]
        await pilot.press("o")  # past the last column: the order the rows came in
        assert table.sort is None and list(table.visible_keys) == [0, 1, 2, 3]
        assert "▲" not in screen_lines(app)[0] and "▼" not in screen_lines(app)[0]
        assert table.cursor_key == 2


async def test_a_click_on_a_label_sorts_by_that_column_and_a_second_flips_it() -> None:
    app = SortApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(VirtualTable)
        header = screen_lines(app)[0]
        x = header.index("City")
        await pilot.click(VirtualTable, offset=(x, 0))
        assert table.sort == (2, False)
        await pilot.click(VirtualTable, offset=(x, 0))
        assert table.sort == (2, True)
        assert "City ▼" in screen_lines(app)[0]


async def test_search_keeps_the_sort_order() -> None:
    app = SortApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(VirtualTable)
        table.set_sort(1, descending=True)
        await pilot.press("slash", "a")
        assert list(table.visible_keys) == [2, 1, 3]  # Fabrikam, acme, Acme
        await pilot.press("c")
        assert list(table.visible_keys) == [1, 3]


def test_sorting_fifty_thousand_rows_permutes_an_index_not_the_rows() -> None:
    keys = list(range(50_000))
    texts = [f"company {k}" for k in keys]
    calls: list[int] = []

    def values(column: int, asked: Sequence[int]) -> list[object]:
        calls.append(len(asked))
        return [-key for key in asked]

    order = RowOrder(values)
    order.set_rows(keys, texts)
    order.set_sort(0)
    assert calls == [50_000]  # every row's value asked for at once
    assert order.sorted_keys[:3] == [49_999, 49_998, 49_997]
    assert order.sorted_texts[0] is texts[49_999]  # the same objects, reordered
    assert order.keys is keys  # the rows as given are untouched


def test_a_sorted_label_too_long_for_its_column_keeps_its_arrow() -> None:
    order = RowOrder(sort_values)
    order.set_sort(2, descending=True)
    assert order.labels(["Id", "Name", "Mapped by"], [4, 10, 8]) == ["Id", "Name", "Mappe… ▼"]
    assert order.labels(["Id", "Name", "City"], [4, 10, 8])[2] == "City ▼"


def test_names_take_the_spare_width_first_up_to_what_they_want() -> None:
    columns = (
        Column("Id", 8),
        Column("Record", 12, flex=3, wants=50),
        Column("Company", 12, flex=3, wants=50),
        Column("How", 9, flex=1),
    )
    fixed = 8 + 12 + 12 + 9 + 3
    narrow = column_widths(columns, fixed + 20)
    assert narrow == [8, 22, 22, 9]  # all of it to the names
    wide = column_widths(columns, fixed + 100)
    assert wide == [8, 50, 50, 9 + 24]  # names whole; the rest to the others
    for total in range(fixed, fixed + 120):
        widths = column_widths(columns, total)
        assert sum(widths) + 3 == max(total, fixed)
        assert widths[1] <= 50 and widths[2] <= 50
        wider = column_widths(columns, total + 1)
        assert wider[1] >= widths[1] and wider[2] >= widths[2]  # never cut shorter when wider

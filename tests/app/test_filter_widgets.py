"""The checklist widget: rows fit the pane, counts line up, clicks and keys tick, search narrows."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult

from tui.app.widgets.checklist import Checklist, ChecklistItem


class OneList(App[None]):
    """A bare app around one checklist of the given width."""

    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width
        self.changes = 0

    def compose(self) -> ComposeResult:
        checklist = Checklist(empty_text="Nothing.")
        checklist.styles.width = self.width
        yield checklist

    def on_mount(self) -> None:
        self.query_one(Checklist).set_items(
            [
                ChecklistItem(1, "Active", count=27_364, checked=True),
                ChecklistItem(2, "A status with a very long name indeed", note="inactive", count=5),
                ChecklistItem(3, "日本語の会社", count=0),
                ChecklistItem(4, "Pending"),
            ]
        )
        self.query_one(Checklist).focus()

    def on_checklist_changed(self) -> None:
        self.changes += 1


def rows(app: OneList) -> list[str]:
    checklist = app.query_one(Checklist)
    return [checklist.render_line(y).text for y in range(4)]


@pytest.mark.parametrize("width", [24, 40, 60])
async def test_every_row_fits_the_width_and_counts_line_up(width: int) -> None:
    app = OneList(width)
    async with app.run_test(size=(80, 10)):
        lines = rows(app)
        inner = app.query_one(Checklist).scrollable_content_region.width
        assert all(cell_len(line) == inner for line in lines)
        assert lines[0].startswith("[x] Active")
        assert lines[1].startswith("[ ] A ")
        ends = {line.index("27,364") + 6 for line in lines[:1]}
        ends |= {line.rindex(" 5") + 2 for line in lines[1:2]}
        assert len(ends) == 1  # right-aligned in one column
        assert "…" in lines[3]  # count not known yet


async def test_the_inactive_note_survives_when_there_is_room() -> None:
    app = OneList(60)
    async with app.run_test(size=(80, 10)):
        assert "… (inactive)" in rows(app)[1]


async def test_space_and_clicks_toggle_and_report_a_change() -> None:
    app = OneList(40)
    async with app.run_test(size=(80, 10)) as pilot:
        checklist = app.query_one(Checklist)
        await pilot.press("space")
        assert checklist.checked_ids == set()
        await pilot.click(Checklist, offset=(5, 2))
        assert checklist.checked_ids == {3}
        await pilot.pause()
        assert app.changes == 2


async def test_search_narrows_and_all_ticks_only_the_matches() -> None:
    app = OneList(40)
    async with app.run_test(size=(80, 10)) as pilot:
        checklist = app.query_one(Checklist)
        checklist.search = "pend"
        await pilot.press("a")
        assert [i.name for i in checklist.shown] == ["Pending"]
        assert checklist.checked_ids == {1, 4}
        checklist.search = "zzz"
        assert rows(app)[0].strip() == "No match."

"""A load's pages as read: distinct counts, id order, and no step that grows a big table."""

from __future__ import annotations

import tracemalloc

from pydantic import TypeAdapter

from tests.psa.fakes import company
from tui.psa.models import PsaCompany
from tui.psa.page_runs import PageRuns

_ROWS = TypeAdapter(list[PsaCompany])


def page(*ids: int, name: str = "Company") -> list[PsaCompany]:
    rows = [company(i) | {"name": f"{name} {i}"} for i in ids]
    return _ROWS.validate_python(rows)


def test_disjoint_pages_arriving_out_of_order_come_out_in_id_order() -> None:
    runs = PageRuns(keep_rows=True)
    for ids in ([21, 25, 30], [1, 2, 3], [10, 11, 12]):
        runs.add(page(*ids))

    assert runs.count == 9
    assert runs.top == 30
    assert [c.id for c in runs.ordered()] == [1, 2, 3, 10, 11, 12, 21, 25, 30]


def test_a_company_read_on_two_pages_counts_once_and_keeps_its_later_read() -> None:
    runs = PageRuns(keep_rows=True)
    runs.add(page(1, 2, 3, 4))
    runs.add(page(4, 5, 6, name="Renamed"))  # offset paging shifted: 4 is read again
    runs.add(page(2, 7, name="Again"))  # spans both earlier pages

    assert runs.count == 7
    ordered = runs.ordered()
    assert [c.id for c in ordered] == [1, 2, 3, 4, 5, 6, 7]
    assert [c.name for c in ordered if c.id in (2, 4)] == ["Again 2", "Renamed 4"]


def test_overlapping_spans_without_shared_ids_count_every_id() -> None:
    runs = PageRuns(keep_rows=True)
    runs.add(page(1, 5, 9))
    runs.add(page(2, 6, 10))  # interleaved ids, as a gap-fill round returns them

    assert runs.count == 6
    assert [c.id for c in runs.ordered()] == [1, 2, 5, 6, 9, 10]


def test_without_keep_rows_only_the_ids_are_held() -> None:
    runs = PageRuns(keep_rows=False)
    runs.add(page(1, 2, 3))
    runs.add(page(3, 4))

    assert (runs.count, runs.top, runs.rows_held) == (4, 4, 0)


def test_an_empty_page_changes_nothing() -> None:
    runs = PageRuns(keep_rows=True)
    runs.add([])

    assert (runs.count, runs.top, runs.ordered()) == (0, None, [])


def test_no_page_of_a_50_page_load_allocates_more_than_a_page_worth() -> None:
    """A dict or set of every id read outgrows its table in one step (~2 MB at 43,690
    ids), which held the event loop for milliseconds; each page here costs its own."""
    pages = [page(*range(n * 1000 + 1, n * 1000 + 1001)) for n in range(50)]
    runs = PageRuns(keep_rows=True)
    biggest = 0
    tracemalloc.start()
    try:
        for rows in pages:
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            runs.add(rows)
            biggest = max(biggest, tracemalloc.get_traced_memory()[1] - before)
    finally:
        tracemalloc.stop()

    assert runs.count == 50_000
    assert biggest < 64 * 1024, f"one page's add allocated {biggest:,} bytes at its peak"

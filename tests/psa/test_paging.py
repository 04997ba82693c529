"""Company loading: fewest requests, and a list proven complete while the tenant changes."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable

import httpx
import pytest
import respx
from pydantic import TypeAdapter

from tests.psa.fakes import API, BASE, CREDS, SITE, FakeCompanies, FakeTime, company
from tui.psa.client import ConnectWiseClient
from tui.psa.errors import IncompleteResult
from tui.psa.filter import CompanyFilter
from tui.psa.gaps import Span, gap_clauses
from tui.psa.models import PsaCompany
from tui.psa.paging import CompanyLoader, FetchPage, Page

ACTIVE_CLIENTS = CompanyFilter.of([1], [5])
FILTER = "deletedFlag = false and status/id = 1"
_ROWS = TypeAdapter(list[PsaCompany])


def loader(
    fake: FakeCompanies, flt: CompanyFilter = ACTIVE_CLIENTS, page_size: int = 10, **kw
) -> CompanyLoader:
    """A loader over the fake, small pages so a few dozen rows exercise many pages."""

    async def fetch(params: dict[str, str]) -> list[PsaCompany]:
        rows = _ROWS.validate_python(fake.select(params))
        return Page(rows, fake.more) if fake.links else rows

    async def count() -> int:
        return fake.count(flt.params())

    def url_length(params: dict[str, str]) -> int:
        return len(str(httpx.URL(f"{API}/company/companies", params=params)))

    async def quiet() -> bool:
        return fake.quiet()

    kw.setdefault("quiet", quiet)
    return CompanyLoader(flt, fetch, count, url_length, page_size=page_size, **kw)


def ids(companies: list[PsaCompany]) -> list[int]:
    return [c.id for c in companies]


# --- gap arithmetic ----------------------------------------------------------------------


def test_touching_spans_ending_open_leave_nothing_to_check() -> None:
    spans = [Span(None, 10), Span(11, 20), Span(21, None)]
    assert gap_clauses(spans, 25) == []


def test_gaps_between_spans_and_after_the_last_are_listed() -> None:
    spans = [Span(None, 10), Span(14, 20), Span(22, 30), Span(31, None)]
    assert gap_clauses(spans, 35) == ["(id > 10 and id < 14)", "id = 21", "id > 35"]


def test_a_full_last_page_leaves_the_tail_open() -> None:
    assert gap_clauses([Span(None, 10), Span(11, 20)], 20) == ["id > 20"]


def test_overlapping_spans_merge_in_any_order() -> None:
    spans = [Span(15, 30), Span(None, 20), Span(31, None)]
    assert gap_clauses(spans, 30) == []


# --- request counts ----------------------------------------------------------------------


async def test_small_unknown_load_is_keyset_pages_with_the_count_asked_alongside() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 16)])
    result = await loader(fake).load()

    assert ids(result) == list(range(1, 16))
    assert [p.get("conditions") for p in fake.pages] == [FILTER, f"({FILTER}) and id > 10"]
    assert all(p["orderBy"] == "id asc" and p["pageSize"] == "10" for p in fake.pages)
    assert all("page" not in p for p in fake.pages)
    assert fake.counts == [ACTIVE_CLIENTS.params()]


async def test_the_count_is_asked_alongside_the_first_page_not_after_it() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 16)])
    order: list[str] = []
    load = loader(fake)
    fetch, count = load._fetch, load._count_now

    async def fetch_logged(params: dict[str, str]) -> list[PsaCompany]:
        order.append("page start")
        await asyncio.sleep(0)
        rows = await fetch(params)
        order.append("page end")
        return rows

    async def count_logged() -> int:
        order.append("count start")
        await asyncio.sleep(0)
        return await count()

    load._fetch, load._count_now = fetch_logged, count_logged
    await load.load()
    assert order[:3] == ["page start", "count start", "page end"]


async def test_one_short_page_is_one_request() -> None:
    fake = FakeCompanies([company(i) for i in (3, 9)])
    assert ids(await loader(fake).load()) == [3, 9]
    assert len(fake.pages) == 1


async def test_an_exactly_full_page_is_the_end_when_the_count_agrees() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 11)])
    assert ids(await loader(fake).load()) == list(range(1, 11))
    assert len(fake.pages) == 1
    assert len(fake.counts) == 1


async def test_known_large_count_fetches_navigable_pages_and_no_check_when_ids_touch() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 56)])
    result = await loader(fake).load(expected=55)

    assert ids(result) == list(range(1, 56))
    assert sorted(int(p["page"]) for p in fake.pages) == [1, 2, 3, 4, 5, 6]
    assert all(p["conditions"] == FILTER for p in fake.pages)


async def test_sparse_ids_cost_one_gap_request_which_comes_back_empty() -> None:
    fake = FakeCompanies([company(i) for i in range(3, 166, 3)])  # 55 companies
    result = await loader(fake).load(expected=55)

    assert ids(result) == list(range(3, 166, 3))
    assert len(fake.pages) == 7
    gap = fake.pages[-1]
    assert "page" not in gap
    assert gap["conditions"] == (
        f"({FILTER}) and ((id > 30 and id < 33) or (id > 60 and id < 63) or "
        "(id > 90 and id < 93) or (id > 120 and id < 123) or (id > 150 and id < 153) or id > 165)"
    )


async def test_unknown_large_load_goes_concurrent_right_after_the_first_page() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 36)])
    assert ids(await loader(fake).load()) == list(range(1, 36))
    assert len(fake.counts) == 1
    assert [p.get("page") for p in fake.pages] == [None, "2", "3", "4"]


async def test_unknown_load_with_one_page_left_finishes_with_one_keyset_page() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 19)])
    assert ids(await loader(fake).load()) == list(range(1, 19))
    assert len(fake.counts) == 1
    assert [p.get("page") for p in fake.pages] == [None, None]


async def test_stale_low_expectation_still_loads_everything() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 48)])
    assert ids(await loader(fake).load(expected=12)) == list(range(1, 48))


async def test_stale_high_expectation_wastes_empty_pages_but_is_exact() -> None:
    fake = FakeCompanies([company(i) for i in range(2, 60, 2)])
    assert ids(await loader(fake).load(expected=60)) == list(range(2, 60, 2))


async def test_many_sparse_pages_are_proven_by_one_count_not_a_growing_gap_request() -> None:
    fake = FakeCompanies([company(i) for i in range(5, 5 * 601, 5)])  # 600 sparse ids, 60 pages
    result = await loader(fake).load(expected=600)

    assert ids(result) == list(range(5, 3005, 5))
    assert [p for p in fake.pages if "page" not in p] == []
    assert len(fake.counts) == 1  # the count did not move, and the list meets it
    assert fake.quiet_asked == 1  # and nothing changed meanwhile (same round)


async def test_a_deletion_among_many_sparse_pages_falls_back_to_split_gap_requests() -> None:
    rows = [company(i) for i in range(5, 5 * 601, 5)]
    fake = FakeCompanies(list(rows))
    fake.before_page = lambda n: fake.rows.remove(rows[3]) if n == 2 else None
    load = loader(fake)
    result = await load.load(expected=600)

    assert set(ids(result)) >= {r["id"] for r in fake.rows}
    gap_requests = [p for p in fake.pages if "page" not in p]
    assert len(gap_requests) == 2
    assert all(load._url_length(p) <= 2000 for p in gap_requests)
    assert sum(p["conditions"].count(" or ") for p in gap_requests) == 60 - 2  # 59 gaps + tail


async def test_many_sparse_pages_cost_the_same_gap_check_at_any_size() -> None:
    requests = []
    for n in (600, 1200):
        fake = FakeCompanies([company(i) for i in range(5, 5 * (n + 1), 5)])
        await loader(fake).load(expected=n)
        requests.append(len(fake.pages) - n // 10 + len(fake.counts) + fake.quiet_asked)
    assert requests == [2, 2]  # a count and "anything changed?" beyond the pages, any size


async def test_a_deletion_and_an_addition_among_many_sparse_pages_lose_no_company() -> None:
    rows = [company(i) for i in range(5, 5 * 601, 5)]
    fake = FakeCompanies(list(rows))

    def swap(n: int) -> None:
        if n == 2:  # the count stays 600 while company 35 slips between pages 1 and 2
            fake.rows.remove(rows[3])
            fake.rows.append(company(99_999))

    fake.before_page = swap
    result = await loader(fake).load(expected=600)

    assert {r["id"] for r in fake.rows} <= set(ids(result))
    assert fake.quiet_asked == 1 and len(fake.counts) == 1
    assert len([p for p in fake.pages if "page" not in p]) == 2  # the split gap round


async def test_without_a_way_to_ask_for_changes_a_count_never_proves_many_gaps() -> None:
    fake = FakeCompanies([company(i) for i in range(5, 5 * 601, 5)])
    result = await loader(fake, quiet=None).load(expected=600)

    assert ids(result) == list(range(5, 3005, 5))
    assert len([p for p in fake.pages if "page" not in p]) == 2
    assert fake.quiet_asked == 0


# --- completeness while the tenant changes -----------------------------------------------


async def test_a_deletion_between_pages_is_found_in_the_gap_and_filled() -> None:
    rows = [company(i) for i in range(1, 36)]
    fake = FakeCompanies(list(rows))

    def delete_after_page_one(n: int) -> None:
        if n == 2:  # page 1 is read; company 4 goes, so page 2 now starts at 12, not 11
            fake.rows.remove(rows[3])

    fake.before_page = delete_after_page_one
    result = await loader(fake).load(expected=35)

    assert ids(result) == list(range(1, 36))  # 11 was skipped by offset paging, then fetched
    gap = fake.pages[-1]
    assert gap["conditions"] == f"({FILTER}) and (id = 11 or id > 35)"


async def test_an_insertion_between_pages_is_not_duplicated() -> None:
    fake = FakeCompanies([company(i) for i in range(10, 360, 10)])  # 35 companies

    def insert_low_id_after_page_one(n: int) -> None:
        if n == 2:  # an id inside page 1's span shifts page 2 by one: its first row repeats
            fake.rows.append(company(15))

    fake.before_page = insert_low_id_after_page_one
    result = await loader(fake).load(expected=35)

    assert ids(result) == list(range(10, 360, 10))  # 100 read twice, kept once


async def test_a_company_added_at_the_end_mid_load_is_picked_up_once() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 36)])

    def add_new_company(n: int) -> None:
        if n == 3:
            fake.rows.append(company(36))

    fake.before_page = add_new_company
    result = await loader(fake).load(expected=35)
    assert ids(result) == list(range(1, 37))


async def test_deletions_on_every_page_never_lose_a_survivor() -> None:
    rows = [company(i) for i in range(1, 101)]
    fake = FakeCompanies(list(rows))
    deleted: list[int] = []

    def delete_one_per_page(n: int) -> None:
        victim = next((r for r in fake.rows if r["id"] % 7 == 0 and r["id"] > 10 * (n - 1)), None)
        if victim is not None and n > 1:
            fake.rows.remove(victim)
            deleted.append(victim["id"])

    fake.before_page = delete_one_per_page
    result = await loader(fake).load(expected=100)

    assert len(ids(result)) == len(set(ids(result)))
    survivors = {r["id"] for r in fake.rows}
    assert survivors <= set(ids(result))
    assert deleted  # the test did delete while loading


async def test_rows_out_of_order_cannot_be_proven_complete() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 36)])
    load = loader(fake)

    async def shuffled(params: dict[str, str]) -> list[PsaCompany]:
        return list(reversed(_ROWS.validate_python(fake.select(params))))

    load._fetch = shuffled
    with pytest.raises(IncompleteResult, match="out of id order"):
        await load.load(expected=35)


async def test_progress_is_reported_per_page_and_finishes_at_the_total() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 36)])
    seen: list[tuple[int, int]] = []
    await loader(fake, on_progress=lambda done, total: seen.append((done, total))).load(35)

    assert seen[-1] == (35, 35)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert all(total == 35 for _, total in seen)


# --- a server that caps the page size, or lists fewer than it counts ---------------------


async def test_a_server_capping_page_size_is_read_whole_when_the_count_is_unknown() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 292)], cap=5)  # asked 10, gets 5
    load = loader(fake)
    assert ids(await load.load()) == list(range(1, 292))
    assert load.page_size == 5
    assert all(p["pageSize"] == "5" for p in fake.pages[1:])  # asks for what it will get


async def test_a_server_capping_page_size_is_read_whole_when_the_count_is_known() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 292)], cap=5)
    assert ids(await loader(fake).load(expected=291)) == list(range(1, 292))


async def test_a_capped_small_known_load_does_not_stop_at_the_first_short_page() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 16)], cap=4)
    assert ids(await loader(fake).load(expected=15)) == list(range(1, 16))


async def test_a_capped_server_with_sparse_ids_is_read_whole() -> None:
    fake = FakeCompanies([company(i) for i in range(3, 3 * 200, 3)], cap=7)
    assert ids(await loader(fake).load()) == list(range(3, 600, 3))


async def test_a_row_counted_but_never_listed_is_an_error_naming_both_numbers() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 36)], unlisted=frozenset({17}))
    with pytest.raises(IncompleteResult, match="listed 34 companies but counts 35"):
        await loader(fake).load()


async def test_a_row_missing_from_a_middle_page_of_a_known_load_is_an_error() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 56)], unlisted=frozenset({23}))
    with pytest.raises(IncompleteResult, match="listed 54 companies but counts 55"):
        await loader(fake).load(expected=55)


async def test_a_stale_count_from_the_caller_is_asked_again_before_failing() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 31)])
    assert ids(await loader(fake).load(expected=45)) == list(range(1, 31))
    assert len(fake.counts) == 1


# --- through the client: real HTTP parameters ----------------------------------------------


async def test_client_pages_active_clients_with_keyset_and_fields() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 1501)])
    with respx.mock:
        respx.get(f"{BASE}/login/companyinfo/contoso").respond(json={"Codebase": "v2025_1/"})
        route = respx.get(f"{API}/company/companies").mock(side_effect=fake.page_response)
        respx.get(f"{API}/company/companies/count").mock(side_effect=fake.count_response)
        async with ConnectWiseClient(SITE, CREDS, retry=FakeTime().policy()) as client:
            result = await client.companies(ACTIVE_CLIENTS)
            requests = client.stats.requests

    assert ids(result) == list(range(1, 1501))
    assert requests == 4  # companyinfo + the count asked alongside page one + two pages
    second = route.calls[1].request.url.params
    assert second["conditions"] == f"({FILTER}) and id > 1000"
    assert second["childConditions"] == "types/id = 5"
    assert second["fields"] == (
        "id,identifier,name,status/id,status/name,types,website,phoneNumber,deletedFlag,"
        "city,state,zip,_info/lastUpdated"
    )
    assert second["pageSize"] == "1000"


async def test_client_fills_a_gap_left_by_a_deletion_over_http() -> None:
    rows = [company(i) for i in range(1, 3501)]
    fake = FakeCompanies(list(rows))
    fake.before_page = lambda n: fake.rows.remove(rows[10]) if n == 2 else None
    with respx.mock:
        respx.get(f"{BASE}/login/companyinfo/contoso").respond(json={"Codebase": "v2025_1/"})
        respx.get(f"{API}/company/companies").mock(side_effect=fake.page_response)
        respx.get(f"{API}/company/companies/count").mock(side_effect=fake.count_response)
        async with ConnectWiseClient(
            SITE, CREDS, retry=FakeTime().policy(), concurrency=1
        ) as client:
            result = await client.companies(ACTIVE_CLIENTS, expected=3500)

    assert ids(result) == list(range(1, 3501))
    assert len(fake.pages) == 5  # four pages and one gap request


def dated(fake: FakeCompanies, date: str | None) -> Callable[[httpx.Request], httpx.Response]:
    """The fake's pages, each with the PSA's `Date` header (or none)."""

    def respond(request: httpx.Request) -> httpx.Response:
        response = fake.page_response(request)
        if date is not None:
            response.headers["Date"] = date
        return response

    return respond


async def many_sparse_pages_over_http(date: str | None, changed: int) -> tuple[list, list]:
    """600 sparse ids from a server capping pages at 10: more gaps than one URL holds.
    Returns the ids loaded and the conditions of each "changed since" count asked."""
    fake = FakeCompanies([company(i) for i in range(5, 5 * 601, 5)], cap=10)
    asked: list[str] = []

    def count(request: httpx.Request) -> httpx.Response:
        conditions = request.url.params.get("conditions", "")
        if "lastUpdated" in conditions:
            asked.append(conditions)
            return httpx.Response(200, json={"count": changed})
        return fake.count_response(request)

    with respx.mock:
        respx.get(f"{BASE}/login/companyinfo/contoso").respond(json={"Codebase": "v2025_1/"})
        respx.get(f"{API}/company/companies").mock(side_effect=dated(fake, date))
        respx.get(f"{API}/company/companies/count").mock(side_effect=count)
        async with ConnectWiseClient(SITE, CREDS, retry=FakeTime().policy()) as client:
            result = await client.companies(ACTIVE_CLIENTS)
    gaps = [p for p in fake.pages if "page" not in p and p["conditions"] != FILTER]
    return [ids(result), gaps], asked


async def test_the_psa_clock_bounds_the_changes_asked_for_when_gaps_do_not_fit() -> None:
    (loaded, gaps), asked = await many_sparse_pages_over_http("Tue, 01 Dec 2026 03:00:00 GMT", 0)
    assert loaded == list(range(5, 3005, 5))
    assert gaps == []  # quiet: the count proves it
    assert asked == ["_info/lastUpdated >= [2026-12-01T02:59:00Z]"]  # a minute early, deleted too


async def test_a_change_during_the_load_or_no_clock_means_the_gap_requests() -> None:
    (loaded, gaps), asked = await many_sparse_pages_over_http("Tue, 01 Dec 2026 03:00:00 GMT", 1)
    assert loaded == list(range(5, 3005, 5)) and len(gaps) >= 2 and len(asked) == 1
    (loaded, gaps), asked = await many_sparse_pages_over_http(None, 0)
    assert loaded == list(range(5, 3005, 5)) and len(gaps) >= 2 and asked == []


async def test_paging_leaves_the_cyclic_gc_to_the_caller() -> None:
    """Library code never changes process-wide GC state: the caller owns that policy
    (`tui.core.gc_pause`, tested in tests/core/test_gc_pause.py)."""
    fake = FakeCompanies([company(i) for i in range(1, 36)])
    load = loader(fake)
    seen: list[bool] = []
    fetch = load._fetch

    async def watching(params: dict[str, str]) -> list[PsaCompany]:
        seen.append(gc.isenabled())
        return await fetch(params)

    load._fetch = watching
    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    assert ids(await load.load(expected=35)) == list(range(1, 36))
    assert seen and all(seen)
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


# --- few expected (an incremental refresh) -------------------------------------------------


async def test_few_expected_and_few_found_costs_one_request_and_no_count() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 8)])
    assert ids(await loader(fake, page_size=100).load(few=True)) == list(range(1, 8))
    assert (len(fake.pages), fake.counts) == (1, [])


async def test_few_expected_but_a_capped_page_is_counted_and_read_whole() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 91)], cap=30)
    assert ids(await loader(fake, page_size=100).load(few=True)) == list(range(1, 91))
    assert len(fake.counts) == 1


async def test_few_expected_a_page_whose_link_names_no_next_is_the_end_without_a_count() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 61)])
    load = loader(fake, page_size=100)
    load._fetch = _saying(load._fetch, False)
    assert ids(await load.load(few=True)) == list(range(1, 61))
    assert (len(fake.pages), fake.counts) == (1, [])


async def test_few_expected_a_capped_page_whose_link_names_a_next_is_counted_and_read_whole() -> (
    None
):
    fake = FakeCompanies([company(i) for i in range(1, 91)], cap=30, links=True)
    assert ids(await loader(fake, page_size=100).load(few=True, links=True)) == list(range(1, 91))
    assert len(fake.counts) == 1


async def test_few_expected_a_page_without_link_is_the_end_only_from_a_server_that_sends_them() -> (
    None
):
    # 60 rows, one page: the vendor's Link names no other page, and a single page has none
    for links, counts in ((True, 0), (False, 1)):
        fake = FakeCompanies([company(i) for i in range(1, 61)], links=True)
        assert ids(await loader(fake, page_size=100).load(few=True, links=links)) == list(
            range(1, 61)
        )
        assert (len(fake.pages), len(fake.counts)) == (1, counts), links


def _saying(fetch: FetchPage, more: bool) -> FetchPage:
    """`fetch` whose pages carry a Link header that says `more`."""

    async def said(params: dict[str, str]) -> list[PsaCompany]:
        return Page(await fetch(params), more)

    return said


# --- streamed loads (a first cache fill) --------------------------------------------------


class Pages:
    """A sink that records each page handed over, as a cache's staging would store it."""

    def __init__(self) -> None:
        self.pages: list[list[int]] = []

    async def __call__(self, rows: list[PsaCompany]) -> None:
        self.pages.append(ids(rows))

    def ids(self) -> list[int]:
        return sorted({i for page in self.pages for i in page})


async def test_a_streamed_load_hands_over_every_page_and_keeps_only_the_ids() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 46)])
    sink = Pages()
    load = loader(fake, sink=sink)

    assert await load.stream() == 45
    assert sink.ids() == list(range(1, 46))
    assert all(0 < len(page) <= 10 for page in sink.pages)
    assert load._seen.rows_held == 0  # nothing held but the ids


async def test_a_streamed_load_counts_a_company_repeated_between_pages_once() -> None:
    fake = FakeCompanies([company(i) for i in range(10, 360, 10)])  # 35 companies

    def insert_low_id_after_page_one(n: int) -> None:
        if n == 2:  # an id inside page 1's span shifts page 2 by one: its first row repeats
            fake.rows.append(company(15))

    fake.before_page = insert_low_id_after_page_one
    sink = Pages()
    assert await loader(fake, sink=sink).stream(expected=35) == 35
    handed = [i for page in sink.pages for i in page]
    assert handed.count(100) == 2  # handed over twice (the later read wins in the cache)
    assert sink.ids() == list(range(10, 360, 10))


async def test_a_streamed_load_fills_the_gap_a_deletion_leaves() -> None:
    rows = [company(i) for i in range(1, 36)]
    fake = FakeCompanies(list(rows))

    def delete_after_page_one(n: int) -> None:
        if n == 2:
            fake.rows.remove(rows[3])

    fake.before_page = delete_after_page_one
    sink = Pages()
    assert await loader(fake, sink=sink).stream(expected=35) == 35
    assert sink.ids() == list(range(1, 36))  # 11, skipped by the shift, came from the gap


async def test_a_streamed_load_that_falls_short_raises_as_a_kept_one_does() -> None:
    fake = FakeCompanies([company(i) for i in range(1, 56)], unlisted=frozenset({23}))
    with pytest.raises(IncompleteResult, match="listed 54 companies but counts 55"):
        await loader(fake, sink=Pages()).stream(expected=55)

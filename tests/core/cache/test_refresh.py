"""The cache's refresh: first a full read, then only what changed, proven by count, always exact."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.cache.helpers import STATUSES, TYPES, assert_exact, client_for
from tui.core.cache import CompanyCache, refresh
from tui.core.cache.refresh import SETTLED_SECONDS
from tui.psa.filter import CompanyFilter
from tui.sandbox import DEMO_SITE, Quirks, Sandbox, SandboxTenant, make_tenant


async def test_first_refresh_reads_everything_then_answers_exactly(sandbox, cache) -> None:
    async with client_for(sandbox) as client:
        result = await refresh(cache, client)
    assert result.mode == "full"
    assert len(result.changes.added) == 1_500
    await assert_exact(sandbox, cache)


async def test_nothing_changed_costs_three_requests_and_changes_nothing(sandbox, cache) -> None:
    async with client_for(sandbox) as client:
        await refresh(cache, client)
        result = await refresh(cache, client)
    # statuses, types, and the newest company with the total (see test_refresh_newest)
    assert (result.mode, result.requests, len(result.changes)) == ("incremental", 3, 0)
    await assert_exact(sandbox, cache)


async def test_changes_are_read_without_the_filter_and_reported(sandbox, tenant, cache) -> None:
    async with client_for(sandbox) as client:
        await refresh(cache, client)
        active_client = cache.companies(CompanyFilter.of([1], [5]))[0].id
        tenant.update_company(active_client, status_id=44)  # leaves the Active filter
        tenant.update_company(active_client + 1, name="Renamed Holdings Ltd")
        tenant.delete_company(active_client + 2)
        new = tenant.add_company("Brand New Company LLC", 1, [5])["id"]
        result = await refresh(cache, client)
    assert result.mode == "incremental"
    assert result.requests == 4
    assert result.changes.added == [new]
    assert result.changes.changed == [active_client, active_client + 1]
    assert result.changes.deleted == [active_client + 2]
    assert active_client not in [c.id for c in cache.companies(CompanyFilter.of([1], [5]))]
    await assert_exact(sandbox, cache)


def rename_first(tenant: SandboxTenant, n: int) -> list[int]:
    ids = [row.id for row in tenant.rows[:n]]
    for cid in ids:
        tenant.update_company(cid, name=f"Renamed Company {cid}")
    return ids


async def test_a_page_of_changes_costs_no_count_once_the_psa_showed_its_link_headers(
    sandbox, tenant, cache
) -> None:
    async with client_for(sandbox) as client:
        await refresh(cache, client)  # 1,500 companies: page 1's Link named a next page
        assert cache.sends_links
        renamed = rename_first(tenant, 40)  # one page of 40: no Link, as a single page
        result = await refresh(cache, client)
    # statuses, types, the one page of changes, the total count: no count of the changes
    assert (result.mode, result.requests, result.changes.changed) == ("incremental", 4, renamed)
    await assert_exact(sandbox, cache)


async def test_changes_past_a_capped_page_are_counted_and_read_whole(
    sandbox, tenant, cache
) -> None:
    async with client_for(sandbox) as client:
        await refresh(cache, client)
        sandbox.quirks = Quirks(page_size_cap=30)  # a proxy put in front since the first read
        renamed = rename_first(tenant, 40)
        result = await refresh(cache, client)
    assert result.changes.changed == renamed
    assert result.requests >= 6  # the first page said "next": counted, then read on
    await assert_exact(sandbox, cache)


async def test_without_link_headers_a_page_of_changes_is_proven_by_its_count(
    sandbox, tenant, cache
) -> None:
    sandbox.quirks = Quirks(link_headers=False)
    async with client_for(sandbox) as client:
        await refresh(cache, client)
        assert not cache.sends_links
        renamed = rename_first(tenant, 40)
        result = await refresh(cache, client)
    assert (result.requests, result.changes.changed) == (5, renamed)
    await assert_exact(sandbox, cache)


async def test_a_purged_company_is_caught_by_count_and_read_again(sandbox, tenant, cache) -> None:
    # the cache is settled here: the total comes with the newest company, not from /count
    async with client_for(sandbox) as client:
        await refresh(cache, client)
        gone = tenant.rows[10].id
        tenant.purge_company(gone)
        result = await refresh(cache, client)
    assert result.mode == "recount"
    assert result.changes.deleted == [gone]
    await assert_exact(sandbox, cache)


async def test_a_renamed_status_shows_its_new_name_without_touching_companies(
    sandbox, tenant, cache
) -> None:
    async with client_for(sandbox) as client:
        await refresh(cache, client)
        tenant.rename_status(17, "On Hold [finance]")
        result = await refresh(cache, client)
    assert (result.mode, len(result.changes)) == ("incremental", 0)
    held = cache.companies(CompanyFilter.of([17], []))
    assert held and {c.status.name for c in held if c.status} == {"On Hold [finance]"}
    await assert_exact(sandbox, cache)


change = st.one_of(
    st.tuples(st.just("name"), st.integers(0, 10**6), st.text(min_size=1, max_size=20)),
    st.tuples(st.just("status"), st.integers(0, 10**6), st.sampled_from(STATUSES)),
    st.tuples(
        st.just("types"),
        st.integers(0, 10**6),
        st.lists(st.sampled_from(TYPES), max_size=3),
    ),
    st.tuples(st.just("delete"), st.integers(0, 10**6), st.none()),
    st.tuples(st.just("undelete"), st.integers(0, 10**6), st.none()),
    st.tuples(st.just("purge"), st.integers(0, 10**6), st.none()),
    st.tuples(st.just("add"), st.integers(0, 10**6), st.sampled_from(STATUSES)),
    # hours pass with nothing changed: the next refresh may ask only for the newest company
    st.tuples(st.just("wait"), st.integers(0, 10**6), st.none()),
)


def apply_change(tenant: SandboxTenant, what: tuple[str, int, object]) -> None:
    kind, pick, value = what
    row = tenant.rows[pick % len(tenant.rows)]
    if kind == "wait":
        tenant.pass_time(SETTLED_SECONDS + pick % 7200)
    elif kind == "name":
        tenant.update_company(row.id, name=str(value).strip() or "Blank Name Co")
    elif kind == "status":
        tenant.update_company(row.id, status_id=value)  # type: ignore[arg-type]
    elif kind == "types":
        tenant.update_company(row.id, type_ids=value)  # type: ignore[arg-type]
    elif kind == "delete":
        tenant.update_company(row.id, deleted=True)
    elif kind == "undelete":
        tenant.update_company(row.id, deleted=False)
    elif kind == "purge":
        tenant.purge_company(row.id)
    else:
        tenant.add_company(f"Added Company {pick}", value, [5])  # type: ignore[arg-type]


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rounds=st.lists(st.lists(change, max_size=8), min_size=1, max_size=3))
async def test_any_changes_refresh_to_exactly_a_full_fetch(
    rounds: list[list[tuple[str, int, object]]], tmp_path: Path
) -> None:
    tenant = make_tenant("acme", 400, seed=9)
    sandbox = Sandbox([tenant])
    folder = tmp_path / str(id(rounds))
    with CompanyCache.open(DEMO_SITE, "acme", folder) as cache:
        async with client_for(sandbox) as client:
            await refresh(cache, client)
            for batch in rounds:
                for what in batch:
                    apply_change(tenant, what)
                await refresh(cache, client)
        await assert_exact(sandbox, cache)

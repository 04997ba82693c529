"""ConnectWiseClient against the embedded sandbox: real query engine, paging, faults, changes."""

from __future__ import annotations

import gc
import tracemalloc

import httpx
import pytest

from tests.psa.fakes import FakeTime
from tui.psa.auth import Credentials
from tui.psa.client import ConnectWiseClient
from tui.psa.errors import AuthError, NotFound
from tui.psa.filter import CompanyFilter
from tui.psa.models import PsaCompany
from tui.sandbox import (
    DEMO_CLIENT_ID,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    DEMO_SITE,
    Sandbox,
    make_tenant,
)

CREDS = Credentials("sandbox", DEMO_PUBLIC_KEY, DEMO_PRIVATE_KEY, DEMO_CLIENT_ID)
ACTIVE, CREDIT_HOLD, CLIENT, MANAGED = 1, 17, 5, 77  # the demo profile's ids


@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox([make_tenant("sandbox", 4_000, seed=3)])


def client_for(sandbox: Sandbox, **kw) -> ConnectWiseClient:
    kw.setdefault("retry", FakeTime().policy())
    return ConnectWiseClient(DEMO_SITE, kw.pop("creds", CREDS), transport=sandbox.transport(), **kw)


def selected_ids(sandbox: Sandbox, flt: CompanyFilter) -> list[int]:
    tenant = sandbox.tenants["sandbox"]
    return [c["id"] for c in tenant.select(flt.conditions(), flt.child_conditions())]


FILTERS = [
    CompanyFilter.of([ACTIVE], [CLIENT]),
    CompanyFilter.of([ACTIVE, CREDIT_HOLD], [CLIENT, MANAGED]),
    CompanyFilter.of([], [MANAGED]),
    CompanyFilter.of([CREDIT_HOLD], []),
    CompanyFilter(),
    CompanyFilter(include_deleted=True),
]


@pytest.mark.parametrize("flt", FILTERS, ids=lambda f: f.conditions() or "everything")
async def test_companies_equal_the_sandbox_selection(sandbox: Sandbox, flt: CompanyFilter) -> None:
    async with client_for(sandbox) as client:
        companies = await client.companies(flt)
    assert [c.id for c in companies] == selected_ids(sandbox, flt)


async def test_known_count_loads_concurrently_and_equals_selection(sandbox: Sandbox) -> None:
    flt = CompanyFilter()
    async with client_for(sandbox) as client:
        total = await client.count_companies(flt)
        companies = await client.companies(flt, expected=total)
    assert [c.id for c in companies] == selected_ids(sandbox, flt)
    assert total > 3_000


async def test_lookups_and_a_small_filter_cost_the_physical_minimum(sandbox: Sandbox) -> None:
    async with client_for(sandbox) as client:
        statuses = await client.statuses()
        types = await client.types()
        flt = CompanyFilter.of(
            [s.id for s in statuses if s.name == "Active"],
            [t.id for t in types if t.name == "Client"],
        )
        companies = await client.companies(flt)
        pages = max(1, -(-len(companies) // 1000))
        # companyinfo, two lookups, the count (asked alongside page one), the pages
        assert client.stats.requests == 1 + 2 + 1 + pages
    assert [c.id for c in companies] == selected_ids(sandbox, flt)
    assert all(c.status and c.status.name == "Active" for c in companies)


def faulty_sandbox() -> Sandbox:
    """25% of API requests fail (429, 5xx, cut-off bodies, drops), the first two included."""
    for seed in range(1000):
        sandbox = Sandbox([make_tenant("sandbox", 4_000, seed=3)], fault_rate=0.25, seed=seed)
        if sandbox.faults.decide(2) and sandbox.faults.decide(3):  # 1 is companyinfo
            return sandbox
    raise AssertionError("no seed makes the first API requests fail")


@pytest.mark.parametrize("flt", FILTERS[:2] + FILTERS[4:5], ids=["small", "two-each", "all"])
async def test_a_quarter_of_requests_failing_changes_nothing(flt: CompanyFilter) -> None:
    sandbox = faulty_sandbox()
    async with client_for(sandbox, retry=FakeTime().policy(attempts=12)) as client:
        companies = await client.companies(flt, expected=None)
        retries = client.stats.retries
    assert [c.id for c in companies] == selected_ids(sandbox, flt)
    assert retries > 0
    assert sandbox.stats.faults_injected > 0


async def test_changes_during_a_concurrent_load_neither_skip_nor_duplicate(
    sandbox: Sandbox,
) -> None:
    flt = CompanyFilter()
    tenant = sandbox.tenants["sandbox"]
    before = set(selected_ids(sandbox, flt))
    low_ids = sorted(before)[:400:40]  # ten companies early in the id order
    deleted: list[int] = []
    added: list[int] = []

    def meddle(request: httpx.Request, number: int) -> None:
        if "company/companies" in request.url.path and 2 <= number <= 6:
            victim = low_ids[number]
            tenant.delete_company(victim)
            deleted.append(victim)
            added.append(tenant.add_company(f"Newco {number} Ltd", ACTIVE, [CLIENT])["id"])

    sandbox.on_request.append(meddle)
    async with client_for(sandbox) as client:
        companies = await client.companies(flt, expected=len(before))
    ids = [c.id for c in companies]
    after = set(selected_ids(sandbox, flt))

    assert len(ids) == len(set(ids)) and ids == sorted(ids)
    assert after <= set(ids)  # every company that still matches is there...
    assert set(ids) <= after | set(deleted)  # ...and nothing else but what was deleted mid-way
    assert deleted and set(added) <= set(ids)


async def test_unknown_company_is_not_found(sandbox: Sandbox) -> None:
    creds = Credentials("nosuch", DEMO_PUBLIC_KEY, DEMO_PRIVATE_KEY, DEMO_CLIENT_ID)
    async with client_for(sandbox, creds=creds) as client:
        with pytest.raises(NotFound, match="'nosuch'"):
            await client.statuses()


async def test_wrong_private_key_is_an_auth_error_without_the_key(sandbox: Sandbox) -> None:
    creds = Credentials("sandbox", DEMO_PUBLIC_KEY, "not-the-key-xyz", DEMO_CLIENT_ID)
    async with client_for(sandbox, creds=creds) as client:
        with pytest.raises(AuthError) as caught:
            await client.types()
    assert str(caught.value).startswith("401 Unauthorized on company/companies/types")
    assert "not-the-key-xyz" not in str(caught.value)
    assert DEMO_CLIENT_ID not in str(caught.value)


async def test_stale_codebase_is_rediscovered(sandbox: Sandbox) -> None:
    async with client_for(sandbox, codebase="v2019_4/") as client:
        statuses = await client.statuses()
        assert client.codebase == sandbox.tenants["sandbox"].codebase
    assert statuses


async def test_a_companys_sites_are_one_request_trimmed_by_fields(sandbox: Sandbox) -> None:
    tenant = sandbox.tenants["sandbox"]
    row = tenant.rows[0]
    async with client_for(sandbox) as client:
        await client.company_sites(tenant.rows[1].id)  # the codebase found on the way
        before = client.stats.requests
        sites = await client.company_sites(row.id)
        assert client.stats.requests == before + 1
    assert sites[0].name == "Main" and sites[0].city == tenant.record(row)["city"]
    assert not sites[0].inactive_flag


async def test_pages_read_while_the_collector_is_paused_are_not_kept(sandbox: Sandbox) -> None:
    """httpx's response and its stream refer to each other: a body kept on the response
    (`.content`) would outlive the page until a collection, which a big load pauses and
    then freezes for good. Over real loopback HTTP, so no test transport keeps bodies."""

    async def sink(page: list[PsaCompany]) -> None:
        pass

    everything = CompanyFilter(include_deleted=True)
    with sandbox.serving() as base:
        async with ConnectWiseClient(base, CREDS, codebase="v2025_1/") as client:
            await client.stream_companies(everything, sink)  # the sandbox's caches warm up
            received = client.stats.bytes_received
            gc.collect()
            gc.disable()
            tracemalloc.start()
            try:
                before = tracemalloc.get_traced_memory()[0]
                assert await client.stream_companies(everything, sink) == 4_000
                kept = tracemalloc.get_traced_memory()[0] - before
            finally:
                tracemalloc.stop()
                gc.enable()
    assert received > 1_000_000  # four pages of ~400 KB
    assert kept < received / 4

"""A sandbox that reuses encoded company JSON answers the very bytes one that rebuilds it does."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import httpx
import pytest

from tests.sandbox.conftest import COMPANIES, auth_headers
from tui.psa.models import COMPANY_FIELDS
from tui.sandbox import DEMO_SITE, Sandbox, SandboxTenant, make_tenant
from tui.sandbox.data.records import RecordBuilder
from tui.sandbox.data.rows import CompanyRow
from tui.sandbox.http.projected import ProjectedJson
from tui.sandbox.http.quirks import Quirks

PAGES = [
    {"fields": COMPANY_FIELDS, "pageSize": "50", "page": "2", "orderBy": "id asc"},
    {"fields": "id,name,status/name,types", "pageSize": "40", "conditions": "status/id = 1"},
    {"fields": "id,name,_info", "pageSize": "1000"},
]


@pytest.fixture
def tenant() -> SandboxTenant:
    return make_tenant("acme", 300, seed=3)


def _client(sandbox: Sandbox) -> httpx.Client:
    return httpx.Client(
        transport=sandbox.sync_transport(), base_url=DEMO_SITE, headers=auth_headers()
    )


@pytest.fixture
def pair(tenant: SandboxTenant) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    """The same tenant behind a rebuilding sandbox and a reusing one."""
    reusing = Sandbox([tenant], seed=11, reuse_json=True)
    with _client(Sandbox([tenant], seed=11)) as one, _client(reusing) as two:
        yield one, two


def _same(pair: tuple[httpx.Client, httpx.Client], params: dict[str, str]) -> bytes:
    plain, reusing = pair
    one, two = plain.get(COMPANIES, params=params), reusing.get(COMPANIES, params=params)
    assert one.status_code == two.status_code == 200
    assert two.content == one.content
    assert two.headers.get("link") == one.headers.get("link")
    assert two.headers["content-type"] == one.headers["content-type"]
    return two.content


@pytest.mark.parametrize("params", PAGES)
def test_pages_are_byte_identical_first_and_second_time(
    pair: tuple[httpx.Client, httpx.Client], params: dict[str, str]
) -> None:
    first = _same(pair, params)
    assert _same(pair, params) == first
    assert first.startswith(b"[{") and first.endswith(b"}]")


def test_changes_show_at_once(
    pair: tuple[httpx.Client, httpx.Client], tenant: SandboxTenant
) -> None:
    params = {"fields": COMPANY_FIELDS, "pageSize": "1000"}
    before = _same(pair, params)
    target = tenant.rows[5].id
    tenant.update_company(target, name="Renamed Meanwhile", type_ids=[1, 5])
    tenant.rename_status(1, "Active Renamed")
    tenant.purge_company(tenant.rows[9].id)
    tenant.add_company("Brand New Co", 1, [5])
    after = _same(pair, params)
    assert after != before
    assert b"Renamed Meanwhile" in after and b"Active Renamed" in after
    assert b"Brand New Co" in after


def test_empty_pages_and_explicit_nulls_match(tenant: SandboxTenant) -> None:
    nulls = Quirks(explicit_nulls=True)
    plain = Sandbox([tenant], seed=11)
    reusing = Sandbox([tenant], seed=11, reuse_json=True)
    with _client(plain) as one, _client(reusing) as two:
        assert _same((one, two), {"fields": "id,name", "conditions": "id < 0"}) == b"[]"
        plain.quirks = reusing.quirks = nulls
        assert b"null" in _same((one, two), {"fields": COMPANY_FIELDS, "pageSize": "100"})


def test_each_company_is_built_once_per_selection(
    tenant: SandboxTenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []
    build = RecordBuilder.build

    def counting(
        self: RecordBuilder, row: CompanyRow, base: str, keys: Iterable[str] | None = None
    ) -> dict[str, Any]:
        built.append(row.id)
        return build(self, row, base, keys)

    monkeypatch.setattr(RecordBuilder, "build", counting)
    with _client(Sandbox([tenant], reuse_json=True)) as client:
        params = {"fields": "id,name", "pageSize": "1000"}
        for _ in range(3):
            client.get(COMPANIES, params=params).raise_for_status()
        assert len(built) == 300
        tenant.update_company(tenant.rows[0].id, name="Changed")  # builds its answer
        built.clear()
        client.get(COMPANIES, params=params).raise_for_status()
        assert built == [tenant.rows[0].id]  # only the changed row is built again


def test_only_a_few_selections_are_kept(tenant: SandboxTenant) -> None:
    kept = ProjectedJson(max_selections=2)
    rows = tenant.rows[:3]
    for fields in ("id", "id,name", "name"):
        kept.page(tenant, rows, fields, "http://x", lambda row: {"id": row.id})
    assert len(kept._selections) == 2

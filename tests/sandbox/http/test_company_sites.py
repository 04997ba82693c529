"""`company/companies/{id}/sites`: a company's sites as the vendor lists them."""

from __future__ import annotations

import httpx

from tests.sandbox.conftest import COMPANIES
from tui.psa.models import SITE_FIELDS
from tui.sandbox import SandboxTenant


def test_every_company_has_its_main_site_at_its_own_address(
    client: httpx.Client, tenant: SandboxTenant
) -> None:
    for row in tenant.rows[:20]:
        company = tenant.record(row)
        sites = client.get(f"{COMPANIES}/{row.id}/sites").json()
        main = sites[0]
        assert main["id"] == company["site"]["id"]  # the site the company JSON names
        assert main["name"] == "Main" and main["primaryAddressFlag"] is True
        assert main["city"] == company["city"] and main["zip"] == company["zip"]
        assert main["company"]["id"] == row.id
        assert [s["id"] for s in sites] == sorted(s["id"] for s in sites)


def test_some_companies_have_sites_elsewhere(client: httpx.Client, tenant: SandboxTenant) -> None:
    counts = [len(client.get(f"{COMPANIES}/{r.id}/sites").json()) for r in tenant.rows[:60]]
    assert {1, 2, 3} <= set(counts)
    assert max(counts) <= 3


def test_fields_trim_the_sites_to_what_the_preview_reads(
    client: httpx.Client, tenant: SandboxTenant
) -> None:
    row = tenant.rows[0]
    sites = client.get(f"{COMPANIES}/{row.id}/sites", params={"fields": SITE_FIELDS}).json()
    assert sites and all(set(s) <= {"id", "name", "city", "inactiveFlag"} for s in sites)
    assert all({"id", "name", "inactiveFlag"} <= set(s) for s in sites)


def test_sites_page_and_count_like_any_collection(
    client: httpx.Client, tenant: SandboxTenant
) -> None:
    row = next(r for r in tenant.rows if len(client.get(f"{COMPANIES}/{r.id}/sites").json()) > 1)
    path = f"{COMPANIES}/{row.id}/sites"
    every = client.get(path).json()
    assert client.get(f"{path}/count").json() == {"count": len(every)}
    assert client.get(path, params={"pageSize": 1, "page": 2}).json() == every[1:2]
    one = client.get(f"{path}/{every[1]['id']}").json()
    assert one == every[1]


def test_sites_of_an_unknown_company_are_a_404(client: httpx.Client) -> None:
    answer = client.get(f"{COMPANIES}/999999/sites")
    assert answer.status_code == 404
    assert "999999" in answer.json()["message"]

"""POST /company/companies: the vendor's validation errors; faults that strike after processing."""

from __future__ import annotations

import contextlib

import httpx

from tests.sandbox.conftest import COMPANIES, auth_headers
from tui.sandbox import DEMO_SITE, Sandbox, SandboxTenant


def client(sandbox: Sandbox) -> httpx.Client:
    return httpx.Client(
        transport=sandbox.sync_transport(), base_url=DEMO_SITE, headers=auth_headers()
    )


def test_a_company_without_any_address_field_is_refused(tenant: SandboxTenant) -> None:
    with client(Sandbox([tenant])) as c:
        response = c.post(COMPANIES, json={"identifier": "NoAddr", "name": "No Address"})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["code"], error["field"]) == ("MissingRequiredField", "addressLine1")
    assert tenant.rows[-1].name != "No Address"


def test_field_lengths_are_refused_all_at_once_with_the_tenant_own_checks(
    tenant: SandboxTenant,
) -> None:
    body = {
        "identifier": "X" * 31,
        "name": "Fine",
        "zip": "1234567890123",
        "city": "C" * 51,
        "phoneNumber": "5" * 31,
    }
    with client(Sandbox([tenant])) as c:
        response = c.post(COMPANIES, json=body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [
        ("MaxLengthField", "identifier"),
        ("MaxLengthField", "city"),
        ("MaxLengthField", "zip"),
        ("MaxLengthField", "phoneNumber"),
    ]


def test_drop_after_processing_creates_the_company_and_loses_the_answer(
    tenant: SandboxTenant,
) -> None:
    sandbox = Sandbox([tenant], fault_rate=1.0, fault_kinds=("drop-after-processing",))
    before = len(tenant.rows)
    with client(sandbox) as c:
        try:
            c.post(COMPANIES, json={"identifier": "Lost", "name": "Lost Answer", "city": "Oslo"})
            answered = True
        except httpx.RemoteProtocolError:
            answered = False
    assert not answered
    assert len(tenant.rows) == before + 1 and tenant.rows[-1].identifier == "Lost"
    assert sandbox.stats.processed_then_lost == 1


def test_a_post_meeting_a_drop_or_5xx_was_processed_first_about_half_of_the_time(
    tenant: SandboxTenant,
) -> None:
    sandbox = Sandbox([tenant], seed=3, fault_rate=1.0, fault_kinds=("drop", "500", "503"))
    before = len(tenant.rows)
    with client(sandbox) as c:
        for i in range(40):
            body = {"identifier": f"Try{i}", "name": f"Try {i}", "city": "Oslo"}
            with contextlib.suppress(httpx.RemoteProtocolError):
                assert c.post(COMPANIES, json=body).status_code in (500, 503)
    created = len(tenant.rows) - before
    assert created == sandbox.stats.processed_then_lost
    assert 10 <= created <= 30


def test_reads_meeting_a_drop_are_never_processed(tenant: SandboxTenant) -> None:
    sandbox = Sandbox([tenant], seed=3, fault_rate=1.0, fault_kinds=("drop", "500"))
    with client(sandbox) as c:
        for _ in range(10):
            with contextlib.suppress(httpx.RemoteProtocolError):
                c.get(f"{COMPANIES}/count")
    assert sandbox.stats.processed_then_lost == 0

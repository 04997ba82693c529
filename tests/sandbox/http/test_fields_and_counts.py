"""`fields=` projection, `/count` endpoints, statuses and types, single companies."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.conftest import API, COMPANIES
from tui.psa.models import COMPANY_FIELDS
from tui.sandbox import SandboxTenant
from tui.sandbox.data.records import REFERENCE_NOW
from tui.sandbox.http.listing import parse_fields, project


def test_full_records_carry_the_vendor_fields(client: httpx.Client) -> None:
    company = client.get(COMPANIES, params={"pageSize": 1}).json()[0]
    for key in (
        "identifier",
        "name",
        "addressLine1",
        "city",
        "zip",
        "phoneNumber",
        "market",
        "dateAcquired",
        "deletedFlag",
        "isVendorFlag",
        "site",
        "customFields",
    ):
        assert key in company, key
    assert set(company["status"]) == {"id", "name", "_info"}
    assert set(company["_info"]) >= {"lastUpdated", "updatedBy"}
    assert company["_info"]["lastUpdated"].endswith("Z")
    assert {"id", "identifier", "name", "_info"} <= set(company["country"])


def test_fields_keeps_only_the_named_keys(client: httpx.Client) -> None:
    body = client.get(COMPANIES, params={"fields": "id,name", "pageSize": 3}).json()
    assert [set(c) for c in body] == [{"id", "name"}] * 3


def test_nested_fields_trim_reference_objects(client: httpx.Client) -> None:
    body = client.get(
        COMPANIES, params={"fields": "id,status/name,_info/lastUpdated", "pageSize": 2}
    ).json()
    for company in body:
        assert set(company) == {"id", "status", "_info"}
        assert set(company["status"]) == {"name"}
        assert set(company["_info"]) == {"lastUpdated"}


def test_array_fields_come_back_whole(client: httpx.Client) -> None:
    body = client.get(
        COMPANIES, params={"fields": "id,types/name", "childConditions": "types/id = 5"}
    ).json()
    assert body
    for company in body:
        assert all(set(t) == {"id", "name", "_info"} for t in company["types"])


@pytest.mark.parametrize(
    "fields",
    [
        COMPANY_FIELDS,
        "id,status/name,_info/lastUpdated",
        "ID,Types/Name,Country/Identifier,website",
        "name/first,id,deletedFlag",
        "id,phoneNumber,noSuchField,customFields",
    ],
)
def test_trimmed_pages_are_the_full_records_projected(
    client: httpx.Client, tenant: SandboxTenant, fields: str
) -> None:
    tenant.add_company("Posted Fields Ltd", 1, [5], website="posted.example", faxNumber="5550101")
    params: dict[str, str | int] = {"pageSize": 1000, "orderBy": "id desc"}
    full = client.get(COMPANIES, params=params).json()
    trimmed = client.get(COMPANIES, params={**params, "fields": fields}).json()
    tree = parse_fields(fields)
    assert tree is not None
    assert trimmed == [project(company, tree) for company in full]


def test_field_names_are_case_insensitive_but_keys_keep_vendor_case(client: httpx.Client) -> None:
    body = client.get(COMPANIES, params={"fields": "ID,PhoneNumber,DELETEDFLAG"}).json()
    assert set().union(*(set(c) for c in body)) == {"id", "phoneNumber", "deletedFlag"}


def test_null_fields_are_left_out(client: httpx.Client, tenant: SandboxTenant) -> None:
    body = client.get(
        COMPANIES, params={"conditions": "website = null", "fields": "id,website"}
    ).json()
    assert body
    assert all(set(c) == {"id"} for c in body)


def test_count_answers_the_same_filter(client: httpx.Client, tenant: SandboxTenant) -> None:
    params = {
        "conditions": "deletedFlag = false and status/id in (1,17)",
        "childConditions": "types/id = 5 or types/id = 77",
    }
    count = client.get(f"{COMPANIES}/count", params=params)
    assert count.status_code == 200
    assert count.json() == {
        "count": len(tenant.select(params["conditions"], params["childConditions"]))
    }
    assert count.headers["content-type"].startswith("application/vnd.connectwise.com+json")


def test_count_of_bad_conditions_is_a_400(client: httpx.Client) -> None:
    assert client.get(f"{COMPANIES}/count", params={"conditions": "id = x"}).status_code == 400


def test_statuses_and_types_lists(client: httpx.Client) -> None:
    statuses = client.get(f"{COMPANIES}/statuses", params={"pageSize": 1000}).json()
    assert [(s["id"], s["name"], s["inactiveFlag"]) for s in statuses] == [
        (1, "Active", False),
        (2, "Inactive", True),
        (17, "Credit Hold", False),
        (23, "Not Approved", False),
        (31, "Imported", True),
        (44, "Former", True),
    ]
    types = client.get(f"{COMPANIES}/types", params={"pageSize": 1000}).json()
    assert [(t["id"], t["name"]) for t in types] == [
        (5, "Client"),
        (9, "Prospect"),
        (12, "Vendor"),
        (14, "Former Client"),
        (21, "Competitor"),
        (77, "Managed Client"),
        (88, "Partner"),
    ]
    assert [t["vendorFlag"] for t in types].count(True) == 1


def test_statuses_filter_count_and_fetch_one(client: httpx.Client) -> None:
    active = client.get(f"{COMPANIES}/statuses", params={"conditions": "inactiveFlag = false"})
    assert [s["name"] for s in active.json()] == ["Active", "Credit Hold", "Not Approved"]
    assert client.get(f"{COMPANIES}/statuses/count").json() == {"count": 6}
    assert client.get(f"{COMPANIES}/types/count").json() == {"count": 7}
    one = client.get(f"{COMPANIES}/types/77", params={"fields": "name"})
    assert one.json() == {"name": "Managed Client"}
    assert client.get(f"{COMPANIES}/statuses/999").status_code == 404


def test_status_list_pages_like_any_collection(client: httpx.Client) -> None:
    first = client.get(f"{COMPANIES}/statuses", params={"pageSize": 4})
    assert len(first.json()) == 4
    assert 'rel="next"' in first.headers["link"]


def test_one_company_by_id(client: httpx.Client, tenant: SandboxTenant) -> None:
    row = tenant.rows[42]
    body = client.get(f"{COMPANIES}/{row.id}", params={"fields": "id,identifier"}).json()
    assert body == {"id": row.id, "identifier": row.identifier}
    missing = client.get(f"{COMPANIES}/999999")
    assert missing.status_code == 404
    assert missing.json()["code"] == "NotFound"


def test_post_creates_a_company_with_the_next_id(
    client: httpx.Client, tenant: SandboxTenant
) -> None:
    before = client.get(f"{COMPANIES}/count").json()["count"]
    response = client.post(
        COMPANIES,
        json={
            "identifier": "NewCo",
            "name": "New Co",
            "status": {"id": 17},
            "types": [{"id": 5}],
            "website": "newco.example",
            "city": "Springfield",
        },
    )
    assert response.status_code == 201
    created = response.json()
    assert created["id"] == tenant.rows[-2].id + 1
    assert (created["status"]["name"], created["types"][0]["name"]) == ("Credit Hold", "Client")
    assert created["website"] == "newco.example"
    assert created["_info"]["lastUpdated"] > "2025-11-20"
    assert client.get(f"{COMPANIES}/count").json()["count"] == before + 1
    assert tenant.builder.last_updated(tenant.rows[-1]) > REFERENCE_NOW


def test_post_refuses_a_duplicate_identifier_like_the_vendor(
    client: httpx.Client, tenant: SandboxTenant
) -> None:
    taken = tenant.rows[0].identifier.upper()
    response = client.post(COMPANIES, json={"identifier": taken, "name": "Clash", "zip": "1"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "InvalidObject",
        "message": "company object is invalid",
        "errors": [
            {
                "code": "ObjectExists",
                "message": "Company ID already in use.",
                "resource": "company",
                "field": "identifier",
            }
        ],
    }


def test_post_requires_identifier_and_name(client: httpx.Client) -> None:
    response = client.post(COMPANIES, json={"status": {"id": 999}})
    fields = [e["field"] for e in response.json()["errors"]]
    assert response.status_code == 400
    assert fields == ["name", "identifier", "status/id", "addressLine1"]


def test_delete_soft_deletes(client: httpx.Client, tenant: SandboxTenant) -> None:
    row = next(r for r in tenant.rows if not r.deleted)
    assert client.delete(f"{COMPANIES}/{row.id}").status_code == 204
    after = client.get(f"{COMPANIES}/{row.id}").json()
    assert after["deletedFlag"] is True
    assert "dateDeleted" in after
    gone = client.get(
        f"{COMPANIES}/count", params={"conditions": f"id = {row.id} and deletedFlag = false"}
    )
    assert gone.json() == {"count": 0}


def test_changes_invalidate_cached_queries(tenant: SandboxTenant) -> None:
    before = len(tenant.query("status/id = 17"))
    tenant.add_company("Late Arrival", status_id=17, type_ids=[5])
    assert len(tenant.query("status/id = 17")) == before + 1
    tenant.update_company(tenant.rows[-1].id, status_id=1)
    assert len(tenant.query("status/id = 17")) == before


def test_system_info(client: httpx.Client) -> None:
    info = client.get(f"{API}/system/info").json()
    assert set(info) == {"version", "isCloud", "serverTimeZone"}
    assert info["isCloud"] is False

"""`childConditions` over the `types` array and `customFieldConditions` over custom fields."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.conftest import COMPANIES
from tui.sandbox import ConditionError, SandboxTenant


def type_ids(record: dict) -> set[int]:
    return {t["id"] for t in record.get("types", [])}


def test_or_of_type_ids_selects_companies_holding_any_of_them(tenant: SandboxTenant) -> None:
    got = [r["id"] for r in tenant.select("", "types/id = 5 or types/id = 77")]
    expected = [r["id"] for r in tenant.companies if type_ids(r) & {5, 77}]
    assert got == expected
    assert any(type_ids(r) == {77} for r in tenant.companies if r["id"] in got)


def test_type_names_match_like_strings(tenant: SandboxTenant) -> None:
    by_name = tenant.select("", "types/name = 'client'")
    by_id = tenant.select("", "types/id = 5")
    assert [r["id"] for r in by_name] == [r["id"] for r in by_id]
    assert by_id


def test_the_expression_is_evaluated_per_array_item(tenant: SandboxTenant) -> None:
    assert tenant.select("", "types/id = 5 and types/id = 77") == []
    same_item = tenant.select("", "types/id = 5 and types/name = 'Client'")
    assert [r["id"] for r in same_item] == [r["id"] for r in tenant.select("", "types/id = 5")]


def test_companies_without_types_never_match(tenant: SandboxTenant) -> None:
    tenant.add_company("Typeless Ltd", status_id=1, type_ids=[])
    got = tenant.select("", "types/id != 5")
    assert "Typeless Ltd" not in {r["name"] for r in got}
    assert all(type_ids(r) - {5} for r in got)


def test_child_and_plain_conditions_combine(tenant: SandboxTenant) -> None:
    got = tenant.select("status/id = 1 and deletedFlag = false", "types/id = 5 or types/id = 77")
    expected = [
        r["id"]
        for r in tenant.companies
        if r["status"]["id"] == 1 and not r["deletedFlag"] and type_ids(r) & {5, 77}
    ]
    assert [r["id"] for r in got] == expected


def test_in_is_refused_in_child_conditions(tenant: SandboxTenant) -> None:
    with pytest.raises(ConditionError, match="'in' is not supported"):
        tenant.select("", "types/id in (5, 77)")


def test_in_inside_child_conditions_is_a_400(client: httpx.Client) -> None:
    response = client.get(COMPANIES, params={"childConditions": "types/id in (5,77)"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "InvalidObject"
    assert body["errors"] is None
    assert "'in'" in body["message"]


def test_child_conditions_must_name_an_array(tenant: SandboxTenant) -> None:
    with pytest.raises(ConditionError, match="not an array"):
        tenant.select("", "status/id = 1")


def test_custom_field_conditions_match_one_custom_field(client: httpx.Client) -> None:
    gold = client.get(
        COMPANIES,
        params={
            "customFieldConditions": 'caption = "Customer Tier" and value = "Gold"',
            "fields": "id,customFields",
            "pageSize": 1000,
        },
    ).json()
    assert gold
    for company in gold:
        tier = next(f for f in company["customFields"] if f["caption"] == "Customer Tier")
        assert tier["value"] == "Gold"
    every = client.get(f"{COMPANIES}/count").json()["count"]
    assert len(gold) < every

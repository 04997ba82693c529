"""Navigable paging with Link headers, pageSize limits, forward-only paging, orderBy."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.conftest import COMPANIES
from tui.sandbox import DEMO_SITE, SandboxTenant

BASE = f"{DEMO_SITE}{COMPANIES}"


def test_default_page_is_25_companies_ordered_by_id(
    client: httpx.Client, tenant: SandboxTenant
) -> None:
    body = client.get(COMPANIES).json()
    assert [c["id"] for c in body] == [r.id for r in tenant.rows[:25]]


def test_first_page_links_to_next_and_last_only(client: httpx.Client) -> None:
    response = client.get(COMPANIES, params={"pageSize": 100})
    assert response.headers["link"] == (
        f'<{BASE}?pageSize=100&page=2>; rel="next", <{BASE}?pageSize=100&page=3>; rel="last"'
    )


def test_middle_page_links_every_way(client: httpx.Client) -> None:
    response = client.get(COMPANIES, params={"pageSize": 100, "page": 2})
    assert response.headers["link"] == (
        f'<{BASE}?pageSize=100&page=1>; rel="first", <{BASE}?pageSize=100&page=1>; rel="prev", '
        f'<{BASE}?pageSize=100&page=3>; rel="next", <{BASE}?pageSize=100&page=3>; rel="last"'
    )


def test_last_page_has_no_next(client: httpx.Client) -> None:
    response = client.get(COMPANIES, params={"pageSize": 100, "page": 3})
    assert len(response.json()) == 100
    assert response.headers["link"] == (
        f'<{BASE}?pageSize=100&page=1>; rel="first", <{BASE}?pageSize=100&page=2>; rel="prev"'
    )


def test_a_single_page_has_no_link_header(client: httpx.Client) -> None:
    response = client.get(COMPANIES, params={"pageSize": 1000})
    assert len(response.json()) == 300
    assert "link" not in response.headers


def test_link_urls_repeat_the_filter_parameters(client: httpx.Client) -> None:
    params: dict[str, str | int] = {
        "conditions": "status/id = 1",
        "childConditions": "types/id = 9",
        "pageSize": 5,
    }
    response = client.get(COMPANIES, params=params)
    next_url = response.headers["link"].split(">")[0].lstrip("<")
    assert next_url == (
        f"{BASE}?conditions=status/id%20%3D%201&childConditions=types/id%20%3D%209"
        "&pageSize=5&page=2"
    )
    following = client.get(next_url.removeprefix(DEMO_SITE))
    assert {c["status"]["id"] for c in following.json()} == {1}


def test_walking_next_links_visits_every_match_once(
    client: httpx.Client, tenant: SandboxTenant
) -> None:
    url: str | None = f"{COMPANIES}?conditions=deletedFlag%20%3D%20false&pageSize=40"
    seen: list[int] = []
    while url:
        response = client.get(url)
        seen += [c["id"] for c in response.json()]
        links = response.headers.get("link", "")
        nxt = [p for p in links.split(", ") if p.endswith('rel="next"')]
        url = nxt[0].split(">")[0].lstrip("<").removeprefix(DEMO_SITE) if nxt else None
    assert seen == [r.id for r in tenant.rows if not r.deleted]


def test_page_size_is_clamped_to_1000(sandbox, client: httpx.Client) -> None:
    from tui.sandbox import make_tenant

    sandbox.tenants["acme"] = big = make_tenant("acme", 1200, seed=3)
    response = client.get(COMPANIES, params={"pageSize": 5000})
    assert len(response.json()) == 1000
    assert response.headers["link"] == (
        f'<{BASE}?pageSize=1000&page=2>; rel="next", <{BASE}?pageSize=1000&page=2>; rel="last"'
    )
    assert len(big.rows) == 1200


def test_a_page_past_the_end_is_empty(client: httpx.Client) -> None:
    response = client.get(COMPANIES, params={"pageSize": 100, "page": 9})
    assert response.json() == []
    assert 'rel="next"' not in response.headers["link"]


@pytest.mark.parametrize("params", [{"page": "0"}, {"page": "two"}, {"pageSize": "many"}])
def test_nonsense_paging_is_a_400(client: httpx.Client, params: dict[str, str]) -> None:
    response = client.get(COMPANIES, params=params)
    assert response.status_code == 400
    assert response.json()["code"] == "InvalidObject"


def test_forward_only_acts_as_id_greater_than_page_id(
    client: httpx.Client, tenant: SandboxTenant
) -> None:
    pivot = tenant.rows[10].id
    response = client.get(
        COMPANIES,
        params={"pageSize": 5, "pageId": pivot, "page": 7},
        headers={"pagination-type": "forward-only"},
    )
    got = [c["id"] for c in response.json()]
    assert got == [r.id for r in tenant.rows[11:16]]
    assert response.headers["link"] == f'<{BASE}?pageSize=5&pageId={got[-1]}>; rel="next"'


def test_forward_only_always_links_next_even_at_the_end(
    client: httpx.Client, tenant: SandboxTenant
) -> None:
    last = tenant.rows[-1].id
    response = client.get(
        COMPANIES, params={"pageId": last}, headers={"Pagination-Type": "Forward-Only"}
    )
    assert response.json() == []
    assert response.headers["link"] == f'<{BASE}?pageSize=25&pageId={last}>; rel="next"'


def test_forward_only_walk_returns_the_filtered_companies(
    client: httpx.Client, tenant: SandboxTenant
) -> None:
    page_id, seen = 0, []
    while True:
        batch = client.get(
            COMPANIES,
            params={"conditions": "status/id = 1", "pageSize": 50, "pageId": page_id},
            headers={"pagination-type": "forward-only"},
        ).json()
        seen += [c["id"] for c in batch]
        if len(batch) < 50:
            break
        page_id = batch[-1]["id"]
    assert seen == [r.id for r in tenant.rows if r.status_id == 1]


def test_forward_only_refuses_order_by(client: httpx.Client) -> None:
    response = client.get(
        COMPANIES, params={"orderBy": "name asc"}, headers={"pagination-type": "forward-only"}
    )
    assert response.status_code == 400
    assert "orderBy" in response.json()["message"]


def test_order_by_sorts_with_id_as_tie_break(client: httpx.Client, tenant: SandboxTenant) -> None:
    body = client.get(
        COMPANIES, params={"orderBy": "name desc, id asc", "pageSize": 1000, "fields": "id,name"}
    ).json()
    expected = sorted(tenant.rows, key=lambda r: r.id)
    expected = sorted(expected, key=lambda r: r.name.lower(), reverse=True)
    assert [c["id"] for c in body] == [r.id for r in expected]


def test_order_by_an_unknown_field_is_a_400(client: httpx.Client) -> None:
    response = client.get(COMPANIES, params={"orderBy": "colour asc"})
    assert response.status_code == 400
    assert "colour" in response.json()["message"]

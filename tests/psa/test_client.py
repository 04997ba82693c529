"""ConnectWiseClient against respx: the exact requests it sends and how it handles failures."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
import respx

from tests.psa.fakes import API, BASE, CREDS, SITE, company
from tui.psa.client import ConnectWiseClient
from tui.psa.errors import (
    AuthError,
    InvalidRequest,
    NotFound,
    PSAError,
    RateLimited,
    ServiceUnavailable,
)
from tui.psa.filter import CompanyFilter
from tui.psa.models import COMPANY_FIELDS

AUTH = "Basic " + base64.b64encode(b"contoso+pub123:priv-SECRET-456").decode()


def secrets_absent(text: str) -> bool:
    return all(s not in text for s in ("priv-SECRET-456", "client-GUID-789", AUTH.split()[1]))


# --- the requests themselves -------------------------------------------------------------


async def test_count_sends_filter_auth_and_pinned_headers(psa, client) -> None:
    route = psa.get(f"{API}/company/companies/count").respond(json={"count": 42})
    flt = CompanyFilter.of([1, 17], [5, 77])

    assert await client.count_companies(flt) == 42

    request = route.calls.last.request
    assert request.url.path == "/v2025_1/apis/3.0/company/companies/count"
    assert dict(request.url.params) == {
        "conditions": "deletedFlag = false and status/id in (1,17)",
        "childConditions": "types/id = 5 or types/id = 77",
    }
    assert request.headers["Authorization"] == AUTH
    assert request.headers["clientId"] == "client-GUID-789"
    assert request.headers["Accept"] == "application/vnd.connectwise.com+json; version=2025.1"
    assert request.headers["User-Agent"].startswith("psamap/")


async def test_codebase_discovery_is_unauthenticated_and_cached(psa, client) -> None:
    psa.get(f"{API}/company/companies/count").respond(json={"count": 1})
    await client.count_companies(CompanyFilter())
    await client.count_companies(CompanyFilter())

    assert psa["info"].call_count == 1
    info_request = psa["info"].calls.last.request
    assert "Authorization" not in info_request.headers
    assert "clientId" not in info_request.headers
    assert client.codebase == "v2025_1/"


async def test_configured_codebase_skips_discovery(psa, clock) -> None:
    psa.get(f"{BASE}/v2024_2/apis/3.0/company/companies/count").respond(json={"count": 3})
    async with ConnectWiseClient(SITE, CREDS, codebase="v2024_2", retry=clock.policy()) as c:
        assert await c.count_companies(CompanyFilter()) == 3
    assert psa["info"].call_count == 0


async def test_404_discovers_the_codebase_again_once_and_retries(psa, clock) -> None:
    psa.get(f"{BASE}/v2024_1/apis/3.0/company/companies/count").respond(404, text="Not Found")
    moved = psa.get(f"{API}/company/companies/count").respond(json={"count": 9})
    async with ConnectWiseClient(SITE, CREDS, codebase="v2024_1/", retry=clock.policy()) as c:
        assert await c.count_companies(CompanyFilter()) == 9
        assert c.codebase == "v2025_1/"
    assert psa["info"].call_count == 1
    assert moved.call_count == 1


async def test_an_assumed_codebase_skips_discovery_and_is_not_reported_as_found(psa, clock) -> None:
    counted = psa.get(f"{API}/company/companies/count").respond(json={"count": 4})
    async with ConnectWiseClient(SITE, CREDS, retry=clock.policy()) as c:
        c.assume_codebase("v2025_1")
        assert await c.count_companies(CompanyFilter()) == 4
        assert (c.codebase, c.discovered_codebase) == ("v2025_1/", None)
    assert (psa["info"].call_count, counted.call_count) == (0, 1)


async def test_a_stale_assumed_codebase_is_discovered_again_on_404(psa, clock) -> None:
    stale = psa.get(f"{BASE}/v2024_1/apis/3.0/company/companies/count").respond(
        404, text="Cannot route. Codebase/company is invalid"
    )
    psa.get(f"{API}/company/companies/count").respond(json={"count": 9})
    async with ConnectWiseClient(SITE, CREDS, retry=clock.policy()) as c:
        c.assume_codebase("v2024_1/")
        assert await c.count_companies(CompanyFilter()) == 9
        assert c.discovered_codebase == "v2025_1/"  # for the caller to keep
    assert (stale.call_count, psa["info"].call_count) == (1, 1)


async def test_a_configured_codebase_wins_over_an_assumed_one(psa, clock) -> None:
    psa.get(f"{BASE}/v2024_2/apis/3.0/company/companies/count").respond(json={"count": 3})
    async with ConnectWiseClient(SITE, CREDS, codebase="v2024_2", retry=clock.policy()) as c:
        c.assume_codebase("v2025_1/")
        c.assume_codebase(None)
        assert await c.count_companies(CompanyFilter()) == 3
    assert psa["info"].call_count == 0


async def test_discovery_reports_the_codebase_found(psa, client) -> None:
    psa.get(f"{API}/company/companies/count").respond(json={"count": 1})
    assert client.discovered_codebase is None
    await client.count_companies(CompanyFilter())
    assert client.discovered_codebase == "v2025_1/"


async def test_404_with_unchanged_codebase_is_final(psa, client) -> None:
    psa.get(f"{API}/company/companies/count").respond(
        404, json={"code": "NotFound", "message": "Resource not found"}
    )
    with pytest.raises(NotFound, match="404 Not Found on company/companies/count"):
        await client.count_companies(CompanyFilter())
    with pytest.raises(NotFound):
        await client.count_companies(CompanyFilter())
    assert psa["info"].call_count == 2  # first discovery, then the one re-check after a 404


async def test_unknown_company_null_body_is_not_found_naming_it(clock) -> None:
    with respx.mock:
        respx.get(f"{BASE}/login/companyinfo/nobody").respond(content=b"null")
        creds = type(CREDS)("nobody", "p", "s", "c")
        async with ConnectWiseClient(SITE, creds, retry=clock.policy()) as c:
            with pytest.raises(NotFound, match="company id 'nobody' is not known"):
                await c.statuses()


async def test_cannot_route_plain_text_is_not_found(clock) -> None:
    with respx.mock:
        respx.get(f"{BASE}/login/companyinfo/contoso").respond(
            text="Cannot route. Codebase/company is invalid"
        )
        async with ConnectWiseClient(SITE, CREDS, retry=clock.policy()) as c:
            with pytest.raises(NotFound, match=r"Cannot route\. Codebase/company is invalid"):
                await c.types()


async def test_statuses_and_types_are_paged_by_id_at_1000(psa, client) -> None:
    first = [{"id": i, "name": f"S{i}"} for i in range(1, 1001)]
    route = psa.get(f"{API}/company/companies/statuses").mock(
        side_effect=[
            httpx.Response(200, json=first),
            httpx.Response(200, json=[{"id": 1001, "name": "Last", "inactiveFlag": True}]),
        ]
    )
    statuses = await client.statuses()

    assert len(statuses) == 1001
    assert statuses[-1].inactive_flag is True
    params = [dict(call.request.url.params) for call in route.calls]
    assert params == [
        {"orderBy": "id asc", "pageSize": "1000"},
        {"orderBy": "id asc", "pageSize": "1000", "conditions": "id > 1000"},
    ]

    psa.get(f"{API}/company/companies/types").respond(
        json=[{"id": 5, "name": "Client", "vendorFlag": False, "_info": {}}]
    )
    assert [(t.id, t.name) for t in await client.types()] == [(5, "Client")]


async def test_companies_request_trims_fields_and_orders_by_id(psa, client) -> None:
    route = psa.get(f"{API}/company/companies").respond(json=[company(3), company(8)])
    psa.get(f"{API}/company/companies/count").respond(json={"count": 2})
    companies = await client.companies(CompanyFilter.of([1], [5, 77]))

    assert [c.id for c in companies] == [3, 8]
    assert companies[0].status is not None and companies[0].status.name == "Active"
    assert dict(route.calls.last.request.url.params) == {
        "conditions": "deletedFlag = false and status/id = 1",
        "childConditions": "types/id = 5 or types/id = 77",
        "orderBy": "id asc",
        "pageSize": "1000",
        "fields": COMPANY_FIELDS,
    }


# --- failures and retries ----------------------------------------------------------------


async def test_429_waits_for_retry_after_then_succeeds(psa, clock) -> None:
    waits: list[tuple[float, str]] = []
    route = psa.get(f"{API}/company/companies/count").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "3"}, json={"error": "x", "message": "y"}),
            httpx.Response(200, json={"count": 7}),
        ]
    )
    async with ConnectWiseClient(
        SITE, CREDS, retry=clock.policy(), on_wait=lambda s, r: waits.append((s, r))
    ) as c:
        assert await c.count_companies(CompanyFilter()) == 7
        assert c.stats.retries == 1
        assert c.stats.requests == 3  # companyinfo + the refused call + the retry
    assert waits == [(3.0, "rate limit")]
    assert clock.sleeps == [3.0]
    assert route.call_count == 2


async def test_429_http_date_is_honoured(psa, clock, client) -> None:
    psa.get(f"{API}/company/companies/count").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "Tue, 14 Nov 2023 22:13:25 GMT"}),
            httpx.Response(200, json={"count": 7}),
        ]
    )
    assert await client.count_companies(CompanyFilter()) == 7
    assert clock.sleeps == [5.0]  # the fake wall clock reads 22:13:20


async def test_429_without_hint_backs_off_and_finally_raises_rate_limited(psa, clock) -> None:
    body = {"error": "ConnectWiseAPI", "message": "Too many requests. Please try again later."}
    psa.get(f"{API}/company/companies/count").respond(429, json=body)
    async with ConnectWiseClient(SITE, CREDS, retry=clock.policy(attempts=3)) as c:
        with pytest.raises(RateLimited) as caught:
            await c.count_companies(CompanyFilter())
    assert caught.value.code == "ConnectWiseAPI"
    assert "Too many requests" in str(caught.value)
    assert clock.sleeps == pytest.approx([2.0, 4.0])  # a cooldown, not a blip


async def test_5xx_backs_off_exponentially(psa, client, clock) -> None:
    psa.get(f"{API}/company/companies/count").mock(
        side_effect=[httpx.Response(503)] * 3 + [httpx.Response(200, json={"count": 1})]
    )
    assert await client.count_companies(CompanyFilter()) == 1
    assert clock.sleeps == pytest.approx([0.2, 0.4, 0.8])


@pytest.mark.parametrize(
    ("retry_after", "waited"),
    [("7", 7.0), ("Tue, 14 Nov 2023 22:13:32 GMT", 12.0)],  # the fake wall clock: 22:13:20
)
async def test_a_5xx_with_retry_after_waits_as_long_as_the_server_says(
    psa, client, clock, retry_after: str, waited: float
) -> None:
    """RFC 9110: a 503 (or any answer) may say when to come back; coming back sooner only
    spends the retry budget against a server that said it is not ready yet."""
    busy = httpx.Response(503, headers={"Retry-After": retry_after}, text="Service Unavailable")
    psa.get(f"{API}/company/companies/count").mock(
        side_effect=[busy, httpx.Response(200, json={"count": 1})]
    )
    assert await client.count_companies(CompanyFilter()) == 1
    assert clock.sleeps == pytest.approx([waited])


@pytest.mark.parametrize(
    ("status", "body", "cls"),
    [
        (401, {"code": "Unauthorized", "message": "Bad keys"}, AuthError),
        (400, {"code": "InvalidObject", "message": "conditions invalid"}, InvalidRequest),
    ],
)
async def test_client_errors_are_never_retried(psa, client, clock, status, body, cls) -> None:
    route = psa.get(f"{API}/company/companies/count").respond(status, json=body)
    with pytest.raises(cls) as caught:
        await client.count_companies(CompanyFilter())
    assert route.call_count == 1
    assert clock.sleeps == []
    assert str(caught.value).startswith(f"{status} ")
    assert body["message"] in str(caught.value)
    assert secrets_absent(str(caught.value))


async def test_401_message_reads_status_path_and_vendor_text(psa, client) -> None:
    psa.get(f"{API}/company/companies/count").respond(
        401, json={"code": "Unauthorized", "message": "Invalid credentials"}
    )
    with pytest.raises(AuthError) as caught:
        await client.count_companies(CompanyFilter())
    assert str(caught.value) == (
        "401 Unauthorized on company/companies/count: Invalid credentials"
        " (company 'contoso' at https://api-na.myconnectwise.net); likely: public_key/private_key"
        " refused, the API member is inactive, or company_id is wrong"
    )
    assert caught.value.code == "Unauthorized"


async def test_truncated_json_is_retried(psa, client, clock) -> None:
    whole = json.dumps([company(1), company(2)]).encode()
    psa.get(f"{API}/company/companies").mock(
        side_effect=[httpx.Response(200, content=whole[:40]), httpx.Response(200, content=whole)]
    )
    psa.get(f"{API}/company/companies/count").respond(json={"count": 2})
    assert [c.id for c in await client.companies(CompanyFilter())] == [1, 2]
    assert clock.sleeps == pytest.approx([0.2])


async def test_a_lone_surrogate_in_a_name_is_replaced_not_mistaken_for_truncation(
    psa, client, clock
) -> None:
    body = json.dumps([company(1), company(2)]).replace('"name": "', '"name": "\\ud800', 1)
    assert "\\ud800" in body
    psa.get(f"{API}/company/companies").respond(200, content=body.encode())
    psa.get(f"{API}/company/companies/count").respond(json={"count": 2})
    companies = await client.companies(CompanyFilter())
    assert [c.id for c in companies] == [1, 2]
    assert companies[0].name.startswith("\ufffd")
    assert clock.sleeps == []  # no retry: the body was whole


async def test_html_502_is_summarised_after_retries(psa, clock) -> None:
    page = "<html><head><title>502 Bad Gateway</title></head><body>" + "<p>cf</p>" * 300
    psa.get(f"{API}/company/companies/count").respond(502, html=page)
    async with ConnectWiseClient(SITE, CREDS, retry=clock.policy(attempts=2)) as c:
        with pytest.raises(ServiceUnavailable) as caught:
            await c.count_companies(CompanyFilter())
    assert str(caught.value) == (
        "502 Bad Gateway on company/companies/count: 502 Bad Gateway (gave up after 2 attempts)"
        " (company 'contoso' at https://api-na.myconnectwise.net); likely: the PSA is failing "
        "or overloaded; retry later"
    )


async def test_dropped_connections_and_timeouts_are_retried(psa, client, clock) -> None:
    psa.get(f"{API}/company/companies/count").mock(
        side_effect=[
            httpx.RemoteProtocolError("peer closed connection"),
            httpx.ReadTimeout("read timed out"),
            httpx.ConnectError("connection refused"),
            httpx.Response(200, json={"count": 4}),
        ]
    )
    waits = []
    client.on_wait = lambda s, r: waits.append(r)
    assert await client.count_companies(CompanyFilter()) == 4
    assert waits == ["connection error", "timeout", "connection error"]


async def test_a_bad_certificate_is_not_retried(psa, client, clock) -> None:
    psa.get(f"{API}/company/companies/count").mock(
        side_effect=httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    )
    with pytest.raises(ServiceUnavailable, match="CERTIFICATE_VERIFY_FAILED"):
        await client.count_companies(CompanyFilter())
    assert clock.sleeps == []


async def test_unexpected_json_shape_is_a_final_error(psa, client) -> None:
    psa.get(f"{API}/company/companies/count").respond(json={"total": 3})
    with pytest.raises(PSAError, match="unexpected response on company/companies/count: count"):
        await client.count_companies(CompanyFilter())


async def test_stats_count_requests_and_bytes(psa, client) -> None:
    psa.get(f"{API}/company/companies/count").respond(content=b'{"count": 12}')
    await client.count_companies(CompanyFilter())
    assert client.stats.requests == 2
    info_bytes = len(psa["info"].calls.last.response.content)
    assert client.stats.bytes_received == info_bytes + len(b'{"count": 12}')


def test_client_repr_hides_secrets() -> None:
    text = repr(ConnectWiseClient(SITE, CREDS))
    assert text == "ConnectWiseClient('https://api-na.myconnectwise.net', company_id='contoso')"
    assert secrets_absent(text)


async def test_a_request_held_back_after_a_429_is_reported_as_waiting(psa, clock) -> None:
    waits: list[tuple[float, str]] = []
    psa.get(f"{API}/company/companies/count").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "3"}, json={"error": "x", "message": "y"}),
            httpx.Response(200, json={"count": 7}),
            httpx.Response(200, json={"count": 8}),
        ]
    )
    async with ConnectWiseClient(
        SITE, CREDS, retry=clock.policy(), on_wait=lambda s, r: waits.append((s, r))
    ) as c:
        assert await c.count_companies(CompanyFilter()) == 7
        assert await c.count_companies(CompanyFilter()) == 8  # paced: the PSA allowed ~1/s
    assert waits[0] == (3.0, "rate limit")
    assert len(waits) == 2 and waits[1][1] == "rate limit" and waits[1][0] >= 1.0


# --- statuses and types from a server that caps pageSize ----------------------------------


def _setup_rows(ids: range) -> list[dict[str, object]]:
    return [{"id": i, "name": f"S{i}"} for i in ids]


async def test_statuses_are_read_whole_from_a_server_that_caps_page_size(psa, client) -> None:
    """A proxy or an older PSA may cap pageSize below the 1,000 asked (at 25, the vendor's
    default): a short page of 25 or more is not the end until the next page says so."""

    def capped(request: httpx.Request) -> httpx.Response:
        after = int(request.url.params.get("conditions", "id > 0").rpartition("> ")[2])
        return httpx.Response(200, json=_setup_rows(range(after + 1, min(after + 25, 60) + 1)))

    route = psa.get(f"{API}/company/companies/statuses").mock(side_effect=capped)

    statuses = await client.statuses()

    assert [s.id for s in statuses] == list(range(1, 61))
    assert [call.request.url.params.get("conditions") for call in route.calls] == [
        None,
        "id > 25",
        "id > 50",
    ]


async def test_a_short_setup_page_is_the_end_when_fewer_than_25_or_its_link_says_so(
    psa, client
) -> None:
    statuses = psa.get(f"{API}/company/companies/statuses").respond(json=_setup_rows(range(1, 8)))
    link = {"Link": f'<{API}/company/companies/types?page=1>; rel="first"'}
    types = psa.get(f"{API}/company/companies/types").respond(
        json=_setup_rows(range(1, 31)), headers=link
    )

    assert len(await client.statuses()) == 7
    assert len(await client.types()) == 30
    assert (statuses.call_count, types.call_count) == (1, 1)


async def test_a_server_that_ignores_the_keyset_condition_is_an_error_not_a_loop(
    psa, client
) -> None:
    psa.get(f"{API}/company/companies/types").respond(json=_setup_rows(range(1, 26)))

    with pytest.raises(PSAError, match="id > 25"):
        await client.types()


@pytest.mark.parametrize("status", [301, 302, 307, 308])
async def test_a_redirect_is_not_followed_and_names_where_it_points(psa, client, status) -> None:
    """Credentials never follow a redirect (clientId would go to any host), so the answer is
    an error that says where the PSA points, for the user to set `site` to it."""
    moved = "https://api-eu.myconnectwise.net/v2025_1/apis/3.0/company/companies/count?t=x1"
    route = psa.get(f"{API}/company/companies/count").respond(status, headers={"Location": moved})

    with pytest.raises(InvalidRequest) as caught:
        await client.count_companies(CompanyFilter())

    text = str(caught.value)
    assert route.call_count == 1
    assert (
        "redirected to https://api-eu.myconnectwise.net/v2025_1/apis/3.0/company/companies" in text
    )
    assert "t=x1" not in text
    assert "site" in caught.value.causes

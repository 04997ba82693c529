"""Errors that send people the right way: the tenant, the likely causes, `psamap doctor`;
codebase hints and re-discovery; rate limits without Retry-After, on a virtual clock."""

from __future__ import annotations

import httpx
import pytest
import respx

from tests.psa.fakes import API, BASE, CREDS, SITE, FakeTime
from tui.psa.client import ConnectWiseClient
from tui.psa.errors import AuthError, InvalidRequest, NotFound
from tui.psa.filter import CompanyFilter
from tui.psa.retry import RetryPolicy, parse_retry_in_body

COUNT = f"{API}/company/companies/count"
SECRETS = ("priv-SECRET-456", "client-GUID-789")


def client(clock: FakeTime | None = None, **kw) -> ConnectWiseClient:
    policy = (clock or FakeTime()).policy()
    return ConnectWiseClient(SITE, CREDS, retry=policy, tenant="contoso-prod", **kw)


async def failure(psa, status: int, **body) -> Exception:
    psa.get(COUNT).respond(status, **body)
    async with client() as c:
        with pytest.raises(Exception) as caught:
            await c.count_companies(CompanyFilter())
    return caught.value


async def test_a_401_names_the_tenant_the_causes_and_doctor(psa) -> None:
    error = await failure(psa, 401, json={"code": "Unauthorized", "message": "Bad keys"})
    text = str(error)
    assert isinstance(error, AuthError)
    assert text.startswith("401 Unauthorized on company/companies/count: Bad keys")
    assert "tenant 'contoso-prod' at https://api-na.myconnectwise.net" in text
    assert "public_key/private_key" in text
    assert text.endswith("check with: psamap doctor contoso-prod")
    assert not any(secret in text for secret in SECRETS)


async def test_a_cloud_404_for_bad_keys_lists_the_keys_first(psa) -> None:
    error = await failure(psa, 404, json={"code": "NotFound", "message": "Not found"})
    assert isinstance(error, NotFound)
    assert "likely: public_key/private_key or company_id wrong" in str(error)
    assert psa["info"].call_count == 2  # the 404 made it check the codebase once more


async def test_a_400_for_an_unknown_client_id_names_client_id(psa) -> None:
    body = {"code": "InvalidClientId", "message": "The clientId is not valid", "errors": None}
    error = await failure(psa, 400, json=body)
    assert isinstance(error, InvalidRequest)
    assert "likely: client_id is not registered" in str(error)
    assert "psamap doctor contoso-prod" in str(error)


async def test_a_bare_400_still_lists_client_id_among_the_causes(psa) -> None:
    error = await failure(psa, 400, text="Bad Request")
    assert "client_id not registered" in str(error)


async def test_cannot_route_as_400_rediscovers_the_codebase_and_retries(psa) -> None:
    stale = f"{BASE}/v2024_1/apis/3.0/company/companies/count"
    psa.get(stale).respond(400, text="Cannot route. Codebase/company is invalid")
    psa.get(COUNT).respond(json={"count": 4})
    async with client(codebase="v2024_1/") as c:
        assert await c.count_companies(CompanyFilter()) == 4
        assert c.codebase == "v2025_1/"
    assert psa["info"].call_count == 1


async def test_cannot_route_that_persists_names_company_id_and_site(psa) -> None:
    psa.get(COUNT).respond(400, text="Cannot route. Codebase/company is invalid")
    async with client() as c:
        with pytest.raises(InvalidRequest) as caught:
            await c.count_companies(CompanyFilter())
    assert "likely: company_id (the login company) or site is wrong" in str(caught.value)


async def test_an_unknown_company_id_at_discovery_names_company_id() -> None:
    with respx.mock:
        respx.get(f"{BASE}/login/companyinfo/contoso").respond(content=b"null")
        async with client() as c:
            with pytest.raises(NotFound) as caught:
                await c.statuses()
    assert "company id 'contoso' is not known" in str(caught.value)
    assert "likely: company_id" in str(caught.value)
    assert "psamap doctor contoso-prod" in str(caught.value)


# --- a codebase named in the site is a hint that companyinfo confirms ---------------------


async def test_companyinfo_wins_over_the_codebase_the_site_names(psa) -> None:
    psa.get(COUNT).respond(json={"count": 2})
    site = "https://api-na.myconnectwise.net/v4_6_release/apis/3.0/"
    async with ConnectWiseClient(site, CREDS, retry=FakeTime().policy()) as c:
        assert await c.count_companies(CompanyFilter()) == 2
        assert c.codebase == "v2025_1/"
    assert psa["info"].call_count == 1


async def test_the_sites_codebase_is_used_when_companyinfo_is_not_served() -> None:
    with respx.mock:
        respx.get("https://cw.contoso.com/psa/login/companyinfo/contoso").respond(404)
        route = respx.get(
            "https://cw.contoso.com/psa/v4_6_release/apis/3.0/company/companies/count"
        ).respond(json={"count": 5})
        site = "https://cw.contoso.com/psa/v4_6_release/apis/3.0"
        async with ConnectWiseClient(site, CREDS, retry=FakeTime().policy()) as c:
            assert await c.count_companies(CompanyFilter()) == 5
    assert route.call_count == 1


async def test_api_version_is_pinned_in_accept(psa) -> None:
    route = psa.get(COUNT).respond(json={"count": 1})
    async with client(api_version="2024.3") as c:
        await c.count_companies(CompanyFilter())
    accept = route.calls.last.request.headers["Accept"]
    assert accept == "application/vnd.connectwise.com+json; version=2024.3"


# --- 429 without Retry-After: wait out a cooldown, on a virtual clock ---------------------


def test_try_again_in_n_seconds_is_read_from_the_body() -> None:
    body = (
        b'{"error":"ConnectWiseAPI","message":"Too many requests. Please try again in 30 seconds."}'
    )
    assert parse_retry_in_body(body) == 30.0
    assert parse_retry_in_body(b"Slow down. Try again in 2 minutes") == 120.0
    assert parse_retry_in_body(b'{"message":"Too many requests"}') is None


async def test_a_429_body_saying_try_again_in_30_seconds_waits_30(psa) -> None:
    clock = FakeTime()
    body = {
        "error": "ConnectWiseAPI",
        "message": "Too many requests. Please try again in 30 seconds.",
    }
    psa.get(COUNT).mock(
        side_effect=[httpx.Response(429, json=body), httpx.Response(200, json={"count": 3})]
    )
    async with client(clock) as c:
        assert await c.count_companies(CompanyFilter()) == 3
    assert clock.sleeps == [30.0]


@pytest.mark.parametrize("jitter", [0.0, 0.5, 1.0])
async def test_a_bare_429_outlasts_a_30_second_cooldown_within_the_deadline(psa, jitter) -> None:
    clock = FakeTime()
    policy = RetryPolicy(
        sleep=clock.sleep, clock=lambda: clock.now, wall_clock=lambda: clock.wall,
        random=lambda: jitter,
    )  # fmt: skip
    cooldown_ends = clock.now + 30.0

    def answer(request: httpx.Request) -> httpx.Response:
        if clock.now < cooldown_ends:
            return httpx.Response(
                429, json={"error": "ConnectWiseAPI", "message": "Too many requests."}
            )
        return httpx.Response(200, json={"count": 8})

    psa.get(COUNT).mock(side_effect=answer)
    async with ConnectWiseClient(SITE, CREDS, retry=policy) as c:
        assert await c.count_companies(CompanyFilter()) == 8
    assert sum(clock.sleeps) >= 30.0
    assert sum(clock.sleeps) <= policy.deadline

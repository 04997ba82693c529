"""`ConnectWiseClient.create_company`: one POST, never repeated when it may have been processed."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.psa.fakes import API
from tui.psa.errors import AuthError, CompanyRejected, OutcomeUnknown, ServiceUnavailable

URL = f"{API}/company/companies"
BODY = {"identifier": "Alpha", "name": "Alpha", "status": {"id": 1}, "city": "Oslo"}
CREATED = {"id": 250, "identifier": "Alpha", "name": "Alpha", "status": {"id": 1, "name": "A"}}


async def test_post_sends_the_json_body_with_auth_and_returns_the_company(psa, client):
    route = psa.post(URL).respond(201, json=CREATED)
    company = await client.create_company(BODY)
    assert company.id == 250 and company.identifier == "Alpha"
    request = route.calls.last.request
    assert json.loads(request.content) == BODY
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["clientId"] == "client-GUID-789"


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(500, json={"code": "ConnectWiseApi", "message": "oops"}),
        httpx.Response(502, text="<html><title>502 Bad Gateway</title></html>"),
        httpx.Response(201, content=b'{"id": 250, "ident'),
    ],
    ids=["500", "502", "truncated-201"],
)
async def test_an_answer_that_leaves_the_outcome_open_is_never_retried(psa, client, answer):
    route = psa.post(URL).mock(return_value=answer)
    with pytest.raises(OutcomeUnknown):
        await client.create_company(BODY)
    assert route.call_count == 1


@pytest.mark.parametrize(
    "error",
    [httpx.RemoteProtocolError("Server disconnected"), httpx.ReadTimeout("timed out")],
    ids=["dropped", "timeout"],
)
async def test_a_dropped_or_timed_out_post_is_never_retried(psa, client, error):
    route = psa.post(URL).mock(side_effect=error)
    with pytest.raises(OutcomeUnknown, match="may have been processed"):
        await client.create_company(BODY)
    assert route.call_count == 1


async def test_a_connection_that_never_opened_is_retried(psa, client):
    route = psa.post(URL).mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(201, json=CREATED)]
    )
    assert (await client.create_company(BODY)).id == 250
    assert route.call_count == 2


async def test_a_connection_that_never_opens_fails_as_not_sent(psa, client):
    psa.post(URL).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(ServiceUnavailable) as caught:
        await client.create_company(BODY)
    assert not isinstance(caught.value, OutcomeUnknown)


async def test_429_is_retried_after_retry_after(psa, client, clock):
    route = psa.post(URL).mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "3"}, json={"error": "x", "message": "y"}),
            httpx.Response(201, json=CREATED),
        ]
    )
    assert (await client.create_company(BODY)).id == 250
    assert route.call_count == 2
    assert 3.0 in clock.sleeps


async def test_400_gives_each_field_error(psa, client):
    psa.post(URL).respond(
        400,
        json={
            "code": "InvalidObject",
            "message": "company object is invalid",
            "errors": [
                {"code": "ObjectExists", "message": "Company ID already in use.",
                 "resource": "company", "field": "identifier"},
                {"code": "MaxLengthField", "message": "Too long.", "field": "name"},
            ],
        },
    )  # fmt: skip
    with pytest.raises(CompanyRejected) as caught:
        await client.create_company(BODY)
    rejected = caught.value
    assert [(e.field, e.code) for e in rejected.fields] == [
        ("identifier", "ObjectExists"),
        ("name", "MaxLengthField"),
    ]
    assert rejected.has("identifier", "ObjectExists")
    assert str(rejected.fields[0]) == "identifier: Company ID already in use."


async def test_401_is_final(psa, client):
    route = psa.post(URL).respond(401, json={"code": "Unauthorized", "message": "no"})
    with pytest.raises(AuthError):
        await client.create_company(BODY)
    assert route.call_count == 1


async def test_look_up_by_identifier_quotes_it_and_compares_without_case(psa, client):
    route = psa.get(URL).respond(json=[{"id": 7, "identifier": "ALPHA", "name": "Alpha"}])
    found = await client.company_by_identifier("Alpha")
    assert found is not None and found.id == 7
    assert route.calls.last.request.url.params["conditions"] == 'identifier = "Alpha"'
    psa.get(URL).respond(json=[])
    assert await client.company_by_identifier("Beta") is None


async def test_look_up_refuses_an_identifier_with_a_quote(client):
    with pytest.raises(ValueError):
        await client.company_by_identifier('a"b')

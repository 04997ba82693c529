"""Authentication, clientId, codebase routing, companyinfo, headers and unknown paths."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.conftest import API, COMPANIES, auth_headers
from tui.sandbox import DEMO_CLIENT_ID, DEMO_SITE, Sandbox, make_tenant


def get(sandbox: Sandbox, path: str, headers: dict[str, str] | None = None) -> httpx.Response:
    with httpx.Client(transport=sandbox.sync_transport(), base_url=DEMO_SITE) as c:
        return c.get(path, headers=headers or {})


def test_companyinfo_needs_no_auth_and_names_the_codebase(sandbox: Sandbox) -> None:
    response = get(sandbox, "/login/companyinfo/ACME")
    assert response.status_code == 200
    assert response.json() == {
        "CompanyName": "Sandbox Demo MSP",
        "Codebase": "v2025_1/",
        "VersionCode": "v2025.1",
        "VersionNumber": "v4.6.117473",
        "CompanyID": "acme",
        "IsCloud": False,
    }


def test_companyinfo_of_an_unknown_company_is_json_null(sandbox: Sandbox) -> None:
    response = get(sandbox, "/login/companyinfo/nobody")
    assert response.status_code == 200
    assert response.content == b"null"


def test_correct_credentials_are_accepted(sandbox: Sandbox) -> None:
    assert get(sandbox, f"{COMPANIES}/count", auth_headers()).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer abc"},
        {"Authorization": "Basic not-base64!"},
        auth_headers(private="wrong"),
        auth_headers(public="wrong"),
    ],
)
def test_bad_credentials_are_401_with_a_vendor_body(
    sandbox: Sandbox, headers: dict[str, str]
) -> None:
    response = get(sandbox, f"{COMPANIES}/count", {"clientId": DEMO_CLIENT_ID, **headers})
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "Unauthorized"
    assert body["errors"] is None
    assert "wrong" not in body["message"]


def test_missing_client_id_is_401_naming_the_header(sandbox: Sandbox) -> None:
    response = get(sandbox, f"{COMPANIES}/count", auth_headers(client_id=None))
    assert response.status_code == 401
    assert "clientId" in response.json()["message"]


def test_unregistered_client_id_is_401(sandbox: Sandbox) -> None:
    headers = auth_headers(client_id="00000000-0000-0000-0000-000000000000")
    response = get(sandbox, f"{COMPANIES}/count", headers)
    assert response.status_code == 401
    assert "not a registered clientId" in response.json()["message"]


def test_a_tenant_with_other_keys_refuses_the_demo_keys() -> None:
    locked = make_tenant("locked", 20, public_key="OtherPublic", private_key="OtherPrivate")
    sandbox = Sandbox([locked])
    assert get(sandbox, f"{COMPANIES}/count", auth_headers("locked")).status_code == 401
    good = auth_headers("locked", "OtherPublic", "OtherPrivate")
    assert get(sandbox, f"{COMPANIES}/count", good).json() == {"count": 20}


@pytest.mark.parametrize(
    ("path", "company"),
    [
        ("/v2024_1/apis/3.0/company/companies", "acme"),
        ("/apis/3.0/company/companies", "acme"),
        ("/v2025_1/apis/3.0/company/companies", "nobody"),
    ],
)
def test_wrong_codebase_or_company_cannot_route(sandbox: Sandbox, path: str, company: str) -> None:
    response = get(sandbox, path, auth_headers(company))
    assert response.status_code == 404
    assert response.text == "Cannot route. Codebase/company is invalid"
    assert response.headers["content-type"].startswith("text/plain")


def test_unknown_api_path_is_a_json_404(sandbox: Sandbox) -> None:
    response = get(sandbox, f"{API}/service/tickets", auth_headers())
    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"


@pytest.mark.parametrize("tail", ["%C2%B2", "%C2%B2/sites"])
def test_a_company_id_of_digit_like_signs_is_a_json_404(sandbox: Sandbox, tail: str) -> None:
    # "²" passes str.isdigit() but int() refuses it: the sandbox answered with a crash.
    response = get(sandbox, f"{COMPANIES}/{tail}", headers=auth_headers())
    assert response.status_code == 404
    assert response.json()["code"]


def test_answers_carry_version_and_request_id_headers(sandbox: Sandbox) -> None:
    response = get(sandbox, f"{COMPANIES}/count", auth_headers())
    assert response.headers["api-current-version"] == "2025.1"
    assert len(response.headers["x-cw-request-id"]) == 36
    assert response.headers["content-type"] == (
        "application/vnd.connectwise.com+json; version=2025.1"
    )


def test_content_type_echoes_the_pinned_accept_version(sandbox: Sandbox) -> None:
    headers = {**auth_headers(), "Accept": "application/vnd.connectwise.com+json; version=2023.2"}
    response = get(sandbox, f"{COMPANIES}/count", headers)
    assert response.headers["content-type"].endswith("version=2023.2")


def test_request_ids_differ_per_request_and_replay_per_seed(tenant) -> None:
    def ids(seed: int) -> list[str]:
        sandbox = Sandbox([tenant], seed=seed)
        return [
            get(sandbox, f"{COMPANIES}/count", auth_headers()).headers["x-cw-request-id"]
            for _ in range(3)
        ]

    first = ids(5)
    assert len(set(first)) == 3
    assert ids(5) == first
    assert ids(6) != first


def test_unknown_query_parameters_are_ignored(sandbox: Sandbox) -> None:
    response = get(sandbox, f"{COMPANIES}/count?whatever=1&Conditions=id%20%3C%200", auth_headers())
    assert response.json() == {"count": 0}

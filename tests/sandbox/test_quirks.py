"""The sandbox imitates real servers on request: each `Quirks` option, as a client sees it."""

from __future__ import annotations

import httpx

from tests.sandbox.conftest import API, COMPANIES, auth_headers
from tui.sandbox import DEMO_SITE, Quirks, Sandbox, SandboxTenant


def get(sandbox: Sandbox, path: str, headers: dict[str, str] | None = None, **params: str):
    with httpx.Client(transport=sandbox.sync_transport(), base_url=DEMO_SITE) as http:
        return http.get(path, params=params, headers=auth_headers() if headers is None else headers)


def test_a_page_size_cap_answers_fewer_rows_than_asked(tenant: SandboxTenant) -> None:
    sandbox = Sandbox([tenant], quirks=Quirks(page_size_cap=40))
    first = get(sandbox, COMPANIES, pageSize="100", orderBy="id asc").json()
    second = get(sandbox, COMPANIES, pageSize="100", page="2", orderBy="id asc").json()
    assert (len(first), len(second)) == (40, 40)
    assert first[-1]["id"] < second[0]["id"]  # page 2 is the next 40, as a clamping server does
    assert get(sandbox, f"{COMPANIES}/count").json() == {"count": len(tenant.query("", ""))}


def test_explicit_nulls_replace_empty_values(tenant: SandboxTenant) -> None:
    plain = get(Sandbox([tenant]), COMPANIES, pageSize="300").json()
    nulls = get(Sandbox([tenant], quirks=Quirks(explicit_nulls=True)), COMPANIES, pageSize="300")
    rows = nulls.json()
    assert [r["id"] for r in rows] == [r["id"] for r in plain]
    assert all(r["deletedFlag"] is None for r in rows if not r.get("deletedFlag"))
    assert any(row.get("deletedFlag") is False for row in plain)
    assert "false" not in nulls.text and '""' not in nulls.text and "[]" not in nulls.text
    statuses = get(Sandbox([tenant], quirks=Quirks(explicit_nulls=True)), f"{COMPANIES}/statuses")
    assert any(s["inactiveFlag"] is None for s in statuses.json())


def test_cloud_errors_answer_bad_keys_404_unknown_client_id_400_and_cannot_route_400(
    tenant: SandboxTenant,
) -> None:
    sandbox = Sandbox([tenant], quirks=Quirks(cloud_errors=True))
    bad_keys = get(sandbox, COMPANIES, headers=auth_headers(private="wrong"))
    assert bad_keys.status_code == 404
    stranger = get(sandbox, COMPANIES, headers=auth_headers(client_id="0000-not-registered"))
    assert (stranger.status_code, stranger.json()["code"]) == (400, "InvalidClientId")
    stale = get(sandbox, "/v2019_1/apis/3.0/company/companies")
    assert (stale.status_code, stale.text) == (400, "Cannot route. Codebase/company is invalid")


def test_a_throttled_request_without_retry_after_says_how_long_in_the_body(
    tenant: SandboxTenant,
) -> None:
    now = [0.0]
    sandbox = Sandbox(
        [tenant], requests_per_second=1, clock=lambda: now[0],
        quirks=Quirks(retry_after_header=False),
    )  # fmt: skip
    answers = [get(sandbox, f"{COMPANIES}/count") for _ in range(3)]
    refused = [a for a in answers if a.status_code == 429]
    assert refused
    assert all("retry-after" not in a.headers for a in refused)
    assert all("try again in" in a.json()["message"] for a in refused)


def test_an_unlisted_row_is_counted_but_never_listed(tenant: SandboxTenant) -> None:
    victim = tenant.query("", "")[10].id
    sandbox = Sandbox([tenant], quirks=Quirks(unlisted_ids=frozenset({victim})))
    listed = [r["id"] for r in get(sandbox, COMPANIES, pageSize="1000").json()]
    assert victim not in listed
    assert get(sandbox, f"{COMPANIES}/count").json()["count"] == len(listed) + 1


def test_an_older_server_version_is_reported(tenant: SandboxTenant) -> None:
    sandbox = Sandbox([tenant], quirks=Quirks(server_version="2024.3"))
    info = get(sandbox, "/login/companyinfo/acme", headers={}).json()
    assert info["VersionCode"] == "v2024.3"
    assert get(sandbox, f"{API}/system/info").json()["version"] == "v2024.3"


def test_a_forbidden_collection_is_403_and_the_others_still_read(tenant: SandboxTenant) -> None:
    sandbox = Sandbox([tenant], quirks=Quirks(forbidden=frozenset({"companies"})))
    assert get(sandbox, COMPANIES).status_code == 403
    assert get(sandbox, f"{COMPANIES}/count").status_code == 403
    assert get(sandbox, f"{COMPANIES}/statuses").status_code == 200

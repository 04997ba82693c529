"""The loopback HTTP server: real sockets on 127.0.0.1, keep-alive, dropped connections."""

from __future__ import annotations

import _thread
import signal
import threading
from email.utils import parsedate_to_datetime

import httpx
import pytest

from tests.sandbox.conftest import COMPANIES, auth_headers
from tui.sandbox import Sandbox, SandboxTenant
from tui.sandbox.data.records import REFERENCE_NOW, iso


def test_serves_the_api_over_real_http(sandbox: Sandbox) -> None:
    with sandbox.serving() as base_url, httpx.Client(base_url=base_url) as c:
        assert base_url.startswith("http://127.0.0.1:")
        info = c.get("/login/companyinfo/acme").json()
        assert info["Codebase"] == "v2025_1/"
        response = c.get(COMPANIES, params={"pageSize": 100}, headers=auth_headers())
        assert response.status_code == 200
        assert len(response.json()) == 100
        assert response.headers["link"].startswith(f"<{base_url}{COMPANIES}?pageSize=100&page=2>")
        assert response.json()[0]["status"]["_info"]["status_href"].startswith(base_url)


def test_api_answers_carry_one_date_on_the_tenants_own_clock(
    sandbox: Sandbox, tenant: SandboxTenant
) -> None:
    with sandbox.serving() as base_url, httpx.Client(base_url=base_url) as c:
        first = c.get(f"{COMPANIES}/count", headers=auth_headers())
        tenant.update_company(tenant.rows[0].id, name="Changed Meanwhile")
        second = c.get(COMPANIES, params={"fields": "id,_info/lastUpdated", "pageSize": 1000},
                       headers=auth_headers())  # fmt: skip
        info = c.get("/login/companyinfo/acme")
    assert [len(r.headers.get_list("date")) for r in (first, second, info)] == [1, 1, 1]
    stamps = [parsedate_to_datetime(r.headers["date"]).timestamp() for r in (first, second)]
    assert stamps == [REFERENCE_NOW, REFERENCE_NOW + 60]
    newest = max(row["_info"]["lastUpdated"] for row in second.json())
    assert newest == iso(REFERENCE_NOW + 60)  # the change, stamped on the same clock


def test_keeps_the_connection_alive_between_requests(sandbox: Sandbox) -> None:
    with sandbox.serving() as base_url, httpx.Client(base_url=base_url) as c:
        first = c.get(f"{COMPANIES}/count", headers=auth_headers())
        second = c.get(f"{COMPANIES}/count", headers=auth_headers())
        addresses = [
            r.extensions["network_stream"].get_extra_info("client_addr") for r in (first, second)
        ]
    assert first.http_version == "HTTP/1.1"
    assert addresses[0] == addresses[1]


def test_posts_a_company_over_http(sandbox: Sandbox, tenant: SandboxTenant) -> None:
    with sandbox.serving() as base_url, httpx.Client(base_url=base_url) as c:
        body = {"identifier": "WireCo", "name": "Wire Co", "city": "Oslo"}
        response = c.post(COMPANIES, json=body, headers=auth_headers())
    assert response.status_code == 201
    assert tenant.rows[-1].name == "Wire Co"


def test_errors_keep_their_bodies_over_http(sandbox: Sandbox) -> None:
    with sandbox.serving() as base_url, httpx.Client(base_url=base_url) as c:
        response = c.get(COMPANIES, headers=auth_headers(private="nope"))
        routed = c.get("/v1999_1/apis/3.0/company/companies", headers=auth_headers())
    assert (response.status_code, response.json()["code"]) == (401, "Unauthorized")
    assert (routed.status_code, routed.text) == (404, "Cannot route. Codebase/company is invalid")


def test_a_drop_fault_really_closes_the_socket(tenant: SandboxTenant) -> None:
    sandbox = Sandbox([tenant], fault_rate=1.0, fault_kinds=("drop",))
    with sandbox.serving() as base_url, httpx.Client(base_url=base_url) as c:
        with pytest.raises(httpx.RemoteProtocolError):
            c.get(COMPANIES, headers=auth_headers())
        assert c.get("/login/companyinfo/acme").status_code == 200  # a fresh connection works


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.com"])
def test_refuses_to_listen_beyond_loopback(sandbox: Sandbox, host: str) -> None:
    with pytest.raises(ValueError, match="loopback"), sandbox.serving(host=host):
        pass


def test_serve_blocks_until_interrupted_and_reports_its_url(sandbox: Sandbox) -> None:
    # Ctrl+C as Python's own handler delivers it, whatever an earlier test in this worker
    # left installed (once the suite hung here: `interrupt_main` never stopped the server);
    # and the server is interrupted even when the visit fails, so a failure is reported.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    seen: list[str] = []

    def visit(url: str) -> None:
        try:
            with httpx.Client(base_url=url) as c:
                seen.append(c.get("/login/companyinfo/acme").json()["CompanyID"])
        finally:
            _thread.interrupt_main()  # what Ctrl+C does to the blocking call

    def ready(url: str) -> None:
        seen.append(url)
        threading.Thread(target=visit, args=(url,), daemon=True).start()

    try:
        sandbox.serve(port=0, on_ready=ready)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen[0].startswith("http://127.0.0.1:")
    assert seen[1] == "acme"

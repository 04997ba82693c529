"""Injected faults, latency, throttling, stats and request hooks."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from tests.sandbox.conftest import COMPANIES, auth_headers
from tui.sandbox import DEMO_SITE, Sandbox, SandboxTenant


def outcomes(sandbox: Sandbox, n: int) -> list[str]:
    """Status of each of n requests ("drop" for a closed connection)."""
    seen: list[str] = []
    with httpx.Client(
        transport=sandbox.sync_transport(), base_url=DEMO_SITE, headers=auth_headers()
    ) as c:
        for _ in range(n):
            try:
                seen.append(str(c.get(f"{COMPANIES}/count").status_code))
            except httpx.RemoteProtocolError:
                seen.append("drop")
    return seen


def test_the_same_seed_replays_the_same_faults(tenant: SandboxTenant) -> None:
    first = outcomes(Sandbox([tenant], seed=4, fault_rate=0.5), 60)
    assert outcomes(Sandbox([tenant], seed=4, fault_rate=0.5), 60) == first
    assert outcomes(Sandbox([tenant], seed=5, fault_rate=0.5), 60) != first
    assert "200" in first
    assert {"429", "500", "502", "503", "drop"} <= set(first)


def test_fault_rate_is_roughly_honoured(tenant: SandboxTenant) -> None:
    sandbox = Sandbox([tenant], seed=1, fault_rate=0.2, fault_kinds=("500",))
    statuses = outcomes(sandbox, 200)
    assert 20 <= statuses.count("500") <= 60
    assert sandbox.stats.faults_injected == statuses.count("500")
    assert sandbox.stats.by_status[500] == statuses.count("500")


@pytest.mark.parametrize(
    ("kind", "status", "content_type"),
    [
        ("429", 429, "application/json"),
        ("429-no-retry-after", 429, "application/json"),
        ("500", 500, "application/json"),
        ("502", 502, "text/html"),
        ("503", 503, "text/plain"),
    ],
)
def test_each_error_fault_has_its_status_and_body_style(
    tenant: SandboxTenant, kind: str, status: int, content_type: str
) -> None:
    sandbox = Sandbox([tenant], fault_rate=1.0, fault_kinds=(kind,))
    with httpx.Client(transport=sandbox.sync_transport(), base_url=DEMO_SITE) as c:
        response = c.get(f"{COMPANIES}/count", headers=auth_headers())
    assert response.status_code == status
    assert response.headers["content-type"].startswith(content_type)
    if kind == "429":
        assert response.headers["retry-after"] == "1"
        assert response.json() == {
            "error": "ConnectWiseAPI",
            "message": "Too many requests. Please try again in 1 seconds.",
        }
    if kind == "429-no-retry-after":
        assert "retry-after" not in response.headers


def test_truncated_answer_is_a_200_with_broken_json(tenant: SandboxTenant) -> None:
    sandbox = Sandbox([tenant], fault_rate=1.0, fault_kinds=("truncated",))
    with httpx.Client(transport=sandbox.sync_transport(), base_url=DEMO_SITE) as c:
        response = c.get(COMPANIES, headers=auth_headers())
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_dropped_connection_is_a_protocol_error_in_process(tenant: SandboxTenant) -> None:
    sandbox = Sandbox([tenant], fault_rate=1.0, fault_kinds=("drop",))
    async with httpx.AsyncClient(transport=sandbox.transport(), base_url=DEMO_SITE) as c:
        with pytest.raises(httpx.RemoteProtocolError):
            await c.get(COMPANIES, headers=auth_headers())
    assert sandbox.stats.by_fault["drop"] == 1


def test_companyinfo_is_never_faulted(tenant: SandboxTenant) -> None:
    sandbox = Sandbox([tenant], fault_rate=1.0)
    with httpx.Client(transport=sandbox.sync_transport(), base_url=DEMO_SITE) as c:
        assert all(c.get("/login/companyinfo/acme").status_code == 200 for _ in range(20))
    assert sandbox.stats.faults_injected == 0


def test_latency_and_slow_answers_are_delays_not_errors(tenant: SandboxTenant) -> None:
    request = httpx.Request("GET", f"{DEMO_SITE}{COMPANIES}/count", headers=auth_headers())
    plain = Sandbox([tenant], latency_ms=250).process(request)
    assert (plain.delay, plain.response.status_code) == (0.25, 200)  # type: ignore[union-attr]
    slow = Sandbox([tenant], fault_rate=1.0, slow_seconds=3.0, fault_kinds=("slow",))
    outcome = slow.process(request)
    assert outcome.delay == 3.0
    assert outcome.response is not None
    assert outcome.response.json() == {"count": 300}


def test_slow_is_off_by_default() -> None:
    assert "slow" not in Sandbox([]).faults.kinds
    assert "slow" in Sandbox([], slow_seconds=1).faults.kinds


def test_unknown_fault_kinds_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown fault kinds"):
        Sandbox([], fault_kinds=("teapot",))


def test_healing_by_setting_the_fault_rate(tenant: SandboxTenant) -> None:
    sandbox = Sandbox([tenant], fault_rate=1.0, fault_kinds=("503",))
    assert outcomes(sandbox, 2) == ["503", "503"]
    sandbox.fault_rate = 0.0
    assert outcomes(sandbox, 2) == ["200", "200"]


class FakeClock:
    """A clock tests move by hand, so throttling needs no sleeping and no timing asserts."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttling_answers_429_with_retry_after_over_the_rate(tenant: SandboxTenant) -> None:
    clock = FakeClock()
    sandbox = Sandbox([tenant], requests_per_second=2, clock=clock)
    assert outcomes(sandbox, 3) == ["200", "200", "429"]
    request = httpx.Request("GET", f"{DEMO_SITE}{COMPANIES}/count", headers=auth_headers())
    throttled = sandbox.process(request).response
    assert throttled is not None
    assert throttled.headers["retry-after"] == "1"
    assert throttled.json()["error"] == "ConnectWiseAPI"
    clock.now += 1.0
    assert outcomes(sandbox, 2) == ["200", "200"]
    assert sandbox.stats.throttled == 2
    assert sandbox.stats.max_requests_per_second == 4


def test_stats_count_requests_and_bytes(sandbox: Sandbox, client: httpx.Client) -> None:
    sizes = [len(client.get(COMPANIES, params={"pageSize": n}).content) for n in (1, 5, 9)]
    assert sandbox.stats.requests == 3
    assert sandbox.stats.bytes_sent == sum(sizes)
    assert sandbox.stats.by_status == {200: 3}


def test_request_hooks_can_change_data_mid_load(
    sandbox: Sandbox, client: httpx.Client, tenant: SandboxTenant
) -> None:
    seen: list[int] = []

    def hook(request: httpx.Request, number: int) -> None:
        seen.append(number)
        if number == 2:
            tenant.add_company("Mid Load Inc", status_id=1, type_ids=[5])

    sandbox.on_request.append(hook)
    counts = [client.get(f"{COMPANIES}/count").json()["count"] for _ in range(3)]
    assert counts == [300, 301, 301]
    assert seen == [1, 2, 3]


async def test_fifty_concurrent_pages_cost_one_evaluation(
    sandbox: Sandbox, tenant: SandboxTenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    evaluate = tenant._evaluate

    def counting(*args: str):
        nonlocal calls
        calls += 1
        return evaluate(*args)

    monkeypatch.setattr(tenant, "_evaluate", counting)
    params: dict[str, str | int] = {"conditions": "deletedFlag = false", "pageSize": 5}
    async with httpx.AsyncClient(
        transport=sandbox.transport(), base_url=DEMO_SITE, headers=auth_headers()
    ) as c:
        pages = await asyncio.gather(
            *(c.get(COMPANIES, params={**params, "page": p}) for p in range(1, 51))
        )
    ids = [company["id"] for page in pages for company in page.json()]
    assert ids == [r.id for r in tenant.rows if not r.deleted][:250]
    assert calls == 1


async def test_in_process_answers_count_as_downloaded_bytes(
    sandbox: Sandbox, tenant: SandboxTenant
) -> None:
    async with httpx.AsyncClient(transport=sandbox.transport(), base_url=DEMO_SITE) as c:
        response = await c.get(COMPANIES, headers=auth_headers())
    assert response.num_bytes_downloaded == len(response.content) == sandbox.stats.bytes_sent
    assert len(response.json()) == 25

"""Fixtures for the sandbox tests: a small tenant, a sandbox around it, an authenticated client."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import httpx
import pytest

from tui.sandbox import (
    DEMO_CLIENT_ID,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    DEMO_SITE,
    Sandbox,
    SandboxTenant,
    make_tenant,
)

API = "/v2025_1/apis/3.0"
COMPANIES = f"{API}/company/companies"


def auth_headers(
    company: str = "acme",
    public: str = DEMO_PUBLIC_KEY,
    private: str = DEMO_PRIVATE_KEY,
    client_id: str | None = DEMO_CLIENT_ID,
) -> dict[str, str]:
    """The headers a correct client sends."""
    token = base64.b64encode(f"{company}+{public}:{private}".encode()).decode()
    headers = {"Authorization": f"Basic {token}"}
    if client_id is not None:
        headers["clientId"] = client_id
    return headers


@pytest.fixture
def tenant() -> SandboxTenant:
    """A fresh 300-company tenant with the demo profile's ids (Active=1, Client=5...)."""
    return make_tenant("acme", 300, seed=3)


@pytest.fixture
def sandbox(tenant: SandboxTenant) -> Sandbox:
    """A sandbox serving only `tenant`, no faults."""
    return Sandbox([tenant], seed=11)


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[httpx.Client]:
    """A blocking client wired to the sandbox in-process, already authenticated."""
    with httpx.Client(
        transport=sandbox.sync_transport(), base_url=DEMO_SITE, headers=auth_headers()
    ) as c:
        yield c

"""Builders for the tenant picker and filter screen tests: small sandbox tenants, an app, waits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from textual.pilot import Pilot

from tests.support.pilot import settle
from tui.app.app import PsamapApp
from tui.app.screens.filter import FilterScreen
from tui.core.config import Config, TenantConfig
from tui.psa.filter import CompanyFilter
from tui.sandbox import (
    DEMO_CLIENT_ID,
    DEMO_CODEBASE,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    DEMO_SITE,
    Sandbox,
    SandboxTenant,
    make_tenant,
)

#: Small tenants keep the suite fast; ids and names follow the sandbox's "demo" profile.
ACTIVE, INACTIVE, CREDIT_HOLD, NOT_APPROVED, IMPORTED, FORMER = 1, 2, 17, 23, 31, 44
CLIENT, PROSPECT, VENDOR, FORMER_CLIENT, COMPETITOR, MANAGED, PARTNER = 5, 9, 12, 14, 21, 77, 88


def small_tenant(company_id: str = "acme", n: int = 300, **kw: Any) -> SandboxTenant:
    """A 300-company tenant (same statuses and types as the demo tenant)."""
    return make_tenant(company_id, n, seed=3, **kw)


def tenant_config(tenant: SandboxTenant, *, label: str | None = None, **kw: Any) -> TenantConfig:
    """Config for a sandbox tenant, signing in with the demo credentials."""
    fields: dict[str, Any] = {
        "name": tenant.company_id,
        "label": label or f"{tenant.company_id.title()} MSP",
        "site": DEMO_SITE,
        "company_id": tenant.company_id,
        "public_key": DEMO_PUBLIC_KEY,
        "private_key": DEMO_PRIVATE_KEY,
        "client_id": DEMO_CLIENT_ID,
        "codebase": DEMO_CODEBASE,
    }
    return TenantConfig(**{**fields, **kw})


def make_app(
    *tenants: SandboxTenant,
    configs: list[TenantConfig] | None = None,
    keys: dict[str, str] | None = None,
    sandbox: Sandbox | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> PsamapApp:
    """An app whose tenants are served by an in-process sandbox (no sockets)."""
    if transport is None:
        transport = (sandbox or Sandbox(tenants)).transport()
    configs = configs if configs is not None else [tenant_config(t) for t in tenants]
    config = Config(None, {c.name: c for c in configs}, keys or {})
    app = PsamapApp(config=config, transport=transport)
    app.theme = "textual-dark"
    return app


async def open_tenant(pilot: Pilot, name: str) -> FilterScreen:
    """Open a tenant as the picker's Enter does, and wait for lists, counts and total.

    (Typing in the picker is covered by its own tests; each simulated key costs ~0.1 s.)
    """
    app = pilot.app
    assert isinstance(app, PsamapApp)
    app.open_tenant(app.config.tenants[name])
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FilterScreen), f"expected the filter screen, got {screen!r}"
    return screen


def sandbox_total(tenant: SandboxTenant, statuses: set[int] | None, types: set[int] | None) -> int:
    """What the sandbox's own data holds for a choice (None = every status / every type)."""
    flt = CompanyFilter.of(statuses or (), types or ())
    return len(tenant.select(flt.conditions(), flt.child_conditions()))


class HandlerTransport(httpx.AsyncBaseTransport):
    """Runs each request through `handler`, so a test can fail chosen requests."""

    def __init__(self, handler: Callable[[httpx.Request], Awaitable[httpx.Response]]) -> None:
        self.handler = handler

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.handler(request)

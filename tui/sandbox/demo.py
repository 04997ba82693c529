"""Ready-made tenants: the `demo` and `northwind` tenants, and a small factory for tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from tui.sandbox.constants import (
    DEMO_CLIENT_ID,
    DEMO_CODEBASE,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
)
from tui.sandbox.data import generate_rows
from tui.sandbox.profiles import PROFILES
from tui.sandbox.sandbox import Sandbox
from tui.sandbox.tenant import SandboxTenant

DEMO_COMPANIES = 50_000
NORTHWIND_COMPANIES = 8_000


def make_tenant(
    company_id: str = "sandbox",
    n_companies: int = 300,
    seed: int = 0,
    *,
    profile: str = "demo",
    public_key: str = DEMO_PUBLIC_KEY,
    private_key: str = DEMO_PRIVATE_KEY,
    client_id: str = DEMO_CLIENT_ID,
    codebase: str = DEMO_CODEBASE,
    company_name: str | None = None,
    status_names: Mapping[int, str] | Sequence[str] | None = None,
    type_names: Mapping[int, str] | Sequence[str] | None = None,
) -> SandboxTenant:
    """A generated tenant of `n_companies` (rows cached per profile, size and seed).

    `profile` picks the ids, names and mix ("demo" or "northwind"). `status_names` /
    `type_names` rename statuses or types, by id (mapping) or in order (sequence), e.g.
    `status_names={17: "Foo [/] Bar"}`. Different keys make a tenant that answers 401 to
    the demo credentials.
    """
    return SandboxTenant(
        company_id=company_id,
        profile=PROFILES[profile],
        rows=generate_rows(profile, n_companies, seed),
        seed=seed,
        public_key=public_key,
        private_key=private_key,
        client_id=client_id,
        codebase=codebase,
        company_name=company_name,
        status_names=status_names,
        type_names=type_names,
    )


def demo_tenants(seed: int = 7) -> list[SandboxTenant]:
    """Fresh `demo` (50,000 companies) and `northwind` (8,000) tenants over cached rows."""
    return [
        make_tenant("demo", DEMO_COMPANIES, seed, profile="demo"),
        make_tenant("northwind", NORTHWIND_COMPANIES, seed, profile="northwind"),
    ]


def demo_sandbox(seed: int = 7, **faults: Any) -> Sandbox:
    """The sandbox `--demo` uses; keyword arguments go to `Sandbox` (latency_ms, fault_rate...)."""
    return Sandbox(demo_tenants(seed), seed=seed, **faults)

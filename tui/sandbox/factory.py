"""`make_tenant`: a generated tenant from a profile, a size and a seed (tests, bench, demo)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tui.sandbox.constants import (
    DEMO_CLIENT_ID,
    DEMO_CODEBASE,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
)
from tui.sandbox.data.profiles import PROFILES
from tui.sandbox.data.rows import generate_rows
from tui.sandbox.tenant import SandboxTenant


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

"""The refresh tests' tenant (1,500 companies), its sandbox and an empty cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.cache import CompanyCache
from tui.sandbox import DEMO_SITE, Sandbox, SandboxTenant, make_tenant


@pytest.fixture
def tenant() -> SandboxTenant:
    return make_tenant("acme", 1_500, seed=5)


@pytest.fixture
def sandbox(tenant: SandboxTenant) -> Sandbox:
    return Sandbox([tenant])


@pytest.fixture
def cache(tmp_path: Path) -> CompanyCache:
    return CompanyCache.open(DEMO_SITE, "acme", tmp_path)

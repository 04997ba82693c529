"""The demo's tenants and the one in-process sandbox every `--demo` client talks to.

Seeds and sizes here fix the demo data (and so the screenshots and snapshots): change
them and every generated company changes.
"""

from __future__ import annotations

import functools
from typing import Any

from tui.sandbox import Sandbox, SandboxTenant, make_tenant

DEMO_COMPANIES = 50_000
NORTHWIND_COMPANIES = 8_000
DEMO_SEED = 7


def demo_tenants(seed: int = DEMO_SEED) -> list[SandboxTenant]:
    """Fresh `demo` (50,000 companies) and `northwind` (8,000) tenants over cached rows."""
    return [
        make_tenant("demo", DEMO_COMPANIES, seed, profile="demo"),
        make_tenant("northwind", NORTHWIND_COMPANIES, seed, profile="northwind"),
    ]


def demo_sandbox(seed: int = DEMO_SEED, **faults: Any) -> Sandbox:
    """The sandbox `--demo` uses; keyword arguments go to `Sandbox` (latency_ms, fault_rate...)."""
    return Sandbox(demo_tenants(seed), seed=seed, **faults)


@functools.cache
def shared_demo_sandbox() -> Sandbox:
    """One demo sandbox per process, so every demo client sees the same companies."""
    return demo_sandbox()

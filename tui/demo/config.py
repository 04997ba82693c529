"""The demo tenants as config: what `--demo` adds to (or uses instead of) the config file.

A demo tenant is a `TenantConfig` whose client talks to the shared in-process sandbox;
core knows only the `demo` flag (for the UI), never the sandbox behind it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from tui.core.config import Config, TenantConfig
from tui.sandbox.constants import (
    DEMO_CLIENT_ID,
    DEMO_CODEBASE,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    DEMO_SITE,
)

if TYPE_CHECKING:
    import httpx

    from tui.psa.client import ConnectWiseClient

_LABELS = {"demo": "Demo MSP (embedded sandbox)", "northwind": "Northwind (embedded sandbox)"}


class DemoTenantConfig(TenantConfig):
    """A demo tenant: served by the shared in-process sandbox, not over the network."""

    def client(
        self, transport: httpx.AsyncBaseTransport | None = None, **kw: Any
    ) -> ConnectWiseClient:
        """A client on the shared demo sandbox (unless a test passes its own transport)."""
        if transport is None:
            from tui.demo.tenants import shared_demo_sandbox  # built after the first frame

            transport = shared_demo_sandbox().transport()
        return super().client(transport, **kw)


def demo_config() -> Config:
    """The embedded sandbox's tenants, for `--demo`: no config file, no real credentials."""
    tenants: dict[str, TenantConfig] = {
        name: DemoTenantConfig(
            name=name,
            label=label,
            site=DEMO_SITE,
            company_id=name,
            public_key=DEMO_PUBLIC_KEY,
            private_key=DEMO_PRIVATE_KEY,
            client_id=DEMO_CLIENT_ID,
            codebase=DEMO_CODEBASE,
            demo=True,
        )
        for name, label in _LABELS.items()
    }
    return Config(None, tenants)


def with_demo(config: Config) -> Config:
    """`config` plus the demo tenants (which win over same-named configured ones)."""
    return dataclasses.replace(config, tenants={**config.tenants, **demo_config().tenants})

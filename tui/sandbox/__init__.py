"""The embedded ConnectWise-like sandbox PSA (no Textual; imports only `tui.psa`).

`data/` generates tenants' companies, `query/` is the conditions engine, `http/` the
vendor-shaped API, faults, in-process transports and loopback server; `Sandbox` and
`SandboxTenant` tie them together. The `--demo` wiring lives above, in `tui.demo`.

Only the constants are imported with the package: the rest (httpx, the generators) loads
on first use of a name, so `psamap --demo` can list the demo tenants without it and draw
the picker before the sandbox is built.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tui.sandbox.constants import (
    DEMO_CLIENT_ID,
    DEMO_CODEBASE,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    DEMO_SITE,
)

if TYPE_CHECKING:
    from tui.sandbox.factory import make_tenant
    from tui.sandbox.http.faults import DEFAULT_FAULT_KINDS, FAULT_KINDS
    from tui.sandbox.http.outcome import Outcome
    from tui.sandbox.http.quirks import Quirks
    from tui.sandbox.query.conditions import ConditionError
    from tui.sandbox.sandbox import Sandbox, SandboxStats
    from tui.sandbox.tenant import CompanyInvalid, SandboxTenant

#: Where each lazily loaded name lives.
_HOMES = {
    "make_tenant": "tui.sandbox.factory",
    "DEFAULT_FAULT_KINDS": "tui.sandbox.http.faults",
    "FAULT_KINDS": "tui.sandbox.http.faults",
    "Outcome": "tui.sandbox.http.outcome",
    "Quirks": "tui.sandbox.http.quirks",
    "ConditionError": "tui.sandbox.query.conditions",
    "Sandbox": "tui.sandbox.sandbox",
    "SandboxStats": "tui.sandbox.sandbox",
    "CompanyInvalid": "tui.sandbox.tenant",
    "SandboxTenant": "tui.sandbox.tenant",
}


def __getattr__(name: str) -> Any:
    """Load `name` from its module on first use (PEP 562), then keep it here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_FAULT_KINDS",
    "DEMO_CLIENT_ID",
    "DEMO_CODEBASE",
    "DEMO_PRIVATE_KEY",
    "DEMO_PUBLIC_KEY",
    "DEMO_SITE",
    "FAULT_KINDS",
    "CompanyInvalid",
    "ConditionError",
    "Outcome",
    "Quirks",
    "Sandbox",
    "SandboxStats",
    "SandboxTenant",
    "make_tenant",
]

"""The embedded ConnectWise-like sandbox PSA (no Textual; imports only `tui.psa`).

`data/` generates tenants' companies, `query/` is the conditions engine, `http/` the
vendor-shaped API, faults, in-process transports and loopback server; `Sandbox` and
`SandboxTenant` tie them together. The `--demo` wiring lives above, in `tui.demo`.
"""

from tui.sandbox.constants import (
    DEMO_CLIENT_ID,
    DEMO_CODEBASE,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    DEMO_SITE,
)
from tui.sandbox.factory import make_tenant
from tui.sandbox.http.faults import DEFAULT_FAULT_KINDS, FAULT_KINDS
from tui.sandbox.http.outcome import Outcome
from tui.sandbox.http.quirks import Quirks
from tui.sandbox.query.conditions import ConditionError
from tui.sandbox.sandbox import Sandbox, SandboxStats
from tui.sandbox.tenant import CompanyInvalid, SandboxTenant

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

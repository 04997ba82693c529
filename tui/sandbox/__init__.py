"""The embedded ConnectWise-like sandbox PSA: data, query engine, transport, server (no Textual)."""

from tui.sandbox.conditions import ConditionError
from tui.sandbox.constants import (
    DEMO_CLIENT_ID,
    DEMO_CODEBASE,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    DEMO_SITE,
)
from tui.sandbox.demo import demo_sandbox, demo_tenants, make_tenant
from tui.sandbox.faults import DEFAULT_FAULT_KINDS, FAULT_KINDS
from tui.sandbox.sandbox import Outcome, Sandbox, SandboxStats
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
    "Sandbox",
    "SandboxStats",
    "SandboxTenant",
    "demo_sandbox",
    "demo_tenants",
    "make_tenant",
]

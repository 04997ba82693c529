"""Shared pieces of the cache tests: a sandbox client and a comparable view of companies."""

from __future__ import annotations

from collections.abc import Iterable

from tests.psa.fakes import FakeTime
from tui.core.session import AnyCompany
from tui.psa.auth import Credentials
from tui.psa.client import ConnectWiseClient
from tui.sandbox import DEMO_CLIENT_ID, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY, DEMO_SITE, Sandbox

CREDS = Credentials("acme", DEMO_PUBLIC_KEY, DEMO_PRIVATE_KEY, DEMO_CLIENT_ID)
STATUSES = (1, 2, 17, 23, 31, 44)  # the demo profile's: Active, Inactive, Credit Hold...
TYPES = (5, 9, 12, 14, 21, 77, 88)  # Client, Prospect, Vendor...


def client_for(sandbox: Sandbox) -> ConnectWiseClient:
    """A client on the sandbox, in process, with a virtual retry clock."""
    return ConnectWiseClient(
        DEMO_SITE, CREDS, transport=sandbox.transport(), retry=FakeTime().policy()
    )


def view(companies: Iterable[AnyCompany]) -> list[tuple[object, ...]]:
    """Everything a full fetch returns about each company, comparable with `==`."""
    return [
        (
            c.id,
            c.identifier,
            c.name,
            None if c.status is None else (c.status.id, c.status.name),
            tuple((t.id, t.name) for t in c.types),
            c.website,
            c.phone_number,
            c.deleted_flag,
        )
        for c in companies
    ]

"""Shared pieces of the cache tests: a sandbox client and a comparable view of companies."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import httpx

from tests.psa.fakes import FakeTime
from tui.core.cache import CompanyCache
from tui.core.session import AnyCompany
from tui.psa.auth import Credentials
from tui.psa.client import ConnectWiseClient
from tui.psa.filter import CompanyFilter
from tui.sandbox import DEMO_CLIENT_ID, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY, DEMO_SITE, Sandbox

CREDS = Credentials("acme", DEMO_PUBLIC_KEY, DEMO_PRIVATE_KEY, DEMO_CLIENT_ID)
STATUSES = (1, 2, 17, 23, 31, 44)  # the demo profile's: Active, Inactive, Credit Hold...
TYPES = (5, 9, 12, 14, 21, 77, 88)  # Client, Prospect, Vendor...


def client_for(
    sandbox: Sandbox,
    asked: list[str] | None = None,
    between: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] | None = None,
) -> ConnectWiseClient:
    """A client on the sandbox, in process, with a virtual retry clock; each request it
    sends is noted in `asked` (when given) as its API path and query, and `between` puts
    a transport of its own (a proxy) in front of the sandbox."""
    transport = sandbox.transport()
    if asked is not None:
        transport = Noting(transport, asked)
    if between is not None:
        transport = between(transport)
    return ConnectWiseClient(DEMO_SITE, CREDS, transport=transport, retry=FakeTime().policy())


class Noting(httpx.AsyncBaseTransport):
    """A transport that notes each request (path after `apis/3.0/`, decoded query)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, asked: list[str]) -> None:
        self.inner, self.asked = inner, asked

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.split("/apis/3.0/")[-1]
        query = "&".join(f"{k}={v}" for k, v in request.url.params.multi_items())
        self.asked.append(f"{path}?{query}" if query else path)
        return await self.inner.handle_async_request(request)


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


#: Filters a refreshed cache must answer exactly as a full fetch does.
FILTERS = [
    CompanyFilter(),
    CompanyFilter(include_deleted=True),
    CompanyFilter.of([1], [5]),
    CompanyFilter.of([1, 17], [5, 77]),
    CompanyFilter.of([44], []),
    CompanyFilter.of([], [9], include_deleted=True),
]


async def assert_exact(sandbox: Sandbox, cache: CompanyCache) -> None:
    """Every filter answers from the cache exactly what a full fetch answers."""
    async with client_for(sandbox) as client:
        for flt in FILTERS:
            assert view(cache.companies(flt)) == view(await client.companies(flt)), flt
            assert cache.count(flt) == await client.count_companies(flt)
        assert [s.name for s in cache.statuses()] == [s.name for s in await client.statuses()]
        assert [t.name for t in cache.types()] == [t.name for t in await client.types()]


def damage_pages(path: Path, start: float = 0.3, end: float = 0.8) -> None:
    """Overwrite the file's pages from `start` to `end` (shares of its length) with junk,
    leaving its header and schema whole: SQLite opens it and fails only when it reads
    there (a disk fault, a copy cut short), as `PRAGMA integrity_check` would show."""
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big") or 65_536  # the page size (1 means 65,536)
    first, last = int(len(data) * start) // size, int(len(data) * end) // size
    assert first >= 2 and last > first, "too small a file to damage in its middle"
    for page in range(first, last):
        data[page * size : (page + 1) * size] = bytes([0xA5]) * size
    path.write_bytes(bytes(data))

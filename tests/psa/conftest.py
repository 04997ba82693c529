"""The respx PSA and the client most `tui.psa` tests start from: companyinfo answered for
the Contoso tenant, and a client on a virtual retry clock (no test waits for real)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import respx

from tests.psa.fakes import BASE, CREDS, SITE, FakeTime
from tui.psa.client import ConnectWiseClient

INFO = {"CompanyName": "Contoso", "Codebase": "v2025_1/", "CompanyID": "contoso", "IsCloud": True}


@pytest.fixture
def psa() -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        router.get(f"{BASE}/login/companyinfo/contoso", name="info").respond(json=INFO)
        yield router


@pytest.fixture
def clock() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def client(clock: FakeTime) -> AsyncIterator[ConnectWiseClient]:
    async with ConnectWiseClient(SITE, CREDS, retry=clock.policy()) as c:
        yield c

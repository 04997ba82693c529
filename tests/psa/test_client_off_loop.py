"""Big response bodies are decoded off the event loop, with the same results and errors.

A page of 1,000 companies is tens of milliseconds of CPU: decoded on the event loop it
froze the UI. These tests pin where the decode runs (the CPU lane thread, not the loop's)
and that nothing else changed: the companies, a retried cut-off page, a final error's
words, and that a load waiting on a decode can still be cancelled.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.machinery
import json
import sys
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.psa.fakes import API, FakeTime, company
from tui.psa.auth import Credentials
from tui.psa.calls import OFF_LOOP_BYTES
from tui.psa.client import ConnectWiseClient
from tui.psa.errors import PSAError
from tui.psa.filter import CompanyFilter
from tui.psa.responses import decode_body
from tui.sandbox import DEMO_CLIENT_ID, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY, Sandbox, make_tenant

#: Enough companies for a body over OFF_LOOP_BYTES.
BIG = 400


def big_page() -> bytes:
    body = json.dumps([company(i) for i in range(1, BIG + 1)]).encode()
    assert len(body) >= OFF_LOOP_BYTES
    return body


@pytest.fixture
def decoded_on(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """(path, thread id) of every body the client decodes."""
    seen: list[tuple[str, int]] = []
    real = decode_body

    def spy(raw: bytes, decode: Callable[[bytes], Any], where: str, scrub: Any):
        seen.append((where, threading.get_ident()))
        return real(raw, decode, where, scrub)

    monkeypatch.setattr("tui.psa.calls.decode_body", spy)
    return seen


async def test_a_big_page_is_decoded_off_the_loop_thread(psa, client, decoded_on) -> None:
    psa.get(f"{API}/company/companies").respond(200, content=big_page())
    psa.get(f"{API}/company/companies/count").respond(json={"count": BIG})
    companies = await client.companies(CompanyFilter())

    assert [c.id for c in companies] == list(range(1, BIG + 1))
    assert companies[0].name == "Company 1" and companies[0].status is not None
    loop_thread = threading.get_ident()
    threads = dict(decoded_on)
    assert threads["company/companies"] != loop_thread
    assert threads["company/companies/count"] == loop_thread  # a few bytes: decoded in place


async def test_a_cut_off_big_page_is_still_retried(psa, client, clock) -> None:
    whole = big_page()
    psa.get(f"{API}/company/companies").mock(
        side_effect=[
            httpx.Response(200, content=whole[: OFF_LOOP_BYTES + 10]),
            httpx.Response(200, content=whole),
        ]
    )
    psa.get(f"{API}/company/companies/count").respond(json={"count": BIG})
    assert len(await client.companies(CompanyFilter())) == BIG
    assert clock.sleeps == pytest.approx([0.2])


async def test_a_big_page_of_the_wrong_shape_is_the_same_final_error(psa, client) -> None:
    rows = [company(i) for i in range(1, BIG + 1)]
    rows[7]["id"] = "eight"
    psa.get(f"{API}/company/companies").respond(200, content=json.dumps(rows).encode())
    psa.get(f"{API}/company/companies/count").respond(json={"count": BIG})
    with pytest.raises(PSAError) as caught:
        await client.companies(CompanyFilter())
    assert str(caught.value).startswith(
        "unexpected response on company/companies: 7.id Input should be a valid integer"
    )


async def test_a_load_waiting_on_a_decode_can_be_cancelled(
    psa, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    real = decode_body

    def slow(raw: bytes, decode: Any, where: str, scrub: Any) -> Any:
        if where == "company/companies":
            started.set()
            release.wait(10)
        return real(raw, decode, where, scrub)

    monkeypatch.setattr("tui.psa.calls.decode_body", slow)
    psa.get(f"{API}/company/companies").respond(200, content=big_page())
    psa.get(f"{API}/company/companies/count").respond(json={"count": BIG})
    task = asyncio.ensure_future(client.companies(CompanyFilter()))
    try:
        while not started.is_set():
            await asyncio.sleep(0.001)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    finally:
        release.set()
    assert task.cancelled()


async def test_requests_over_a_real_connection_look_up_no_missing_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """httpcore imports sniffio on every request: a missing one must not cost a sys.path walk
    per request (each stat call hands the GIL to the decoding thread; see client.py)."""
    looked_up: list[str] = []
    real_find_spec = importlib.machinery.PathFinder.find_spec

    def find_spec(name: str, path: Any = None, target: Any = None) -> Any:
        looked_up.append(name)
        return real_find_spec(name, path, target)

    creds = Credentials("sandbox", DEMO_PUBLIC_KEY, DEMO_PRIVATE_KEY, DEMO_CLIENT_ID)
    with Sandbox([make_tenant("sandbox", 300, seed=3)]).serving() as url:
        async with ConnectWiseClient(url, creds, retry=FakeTime().policy()) as client:
            first = await client.companies(CompanyFilter())
            monkeypatch.setattr(importlib.machinery.PathFinder, "find_spec", find_spec)
            again = await client.companies(CompanyFilter())
    assert [c.id for c in again] == [c.id for c in first] and len(again) > 0
    assert looked_up == []


async def test_the_first_request_imports_the_http_backend_on_the_lane(
    psa, client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """httpcore's first lock imports anyio's asyncio backend (~20 ms): not on the loop."""
    backend = "anyio._backends._asyncio"
    loaded = sys.modules.get(backend) or importlib.import_module(backend)
    imported_on: list[int] = []

    def import_backend() -> None:  # stands in for the real import: puts the module back
        imported_on.append(threading.get_ident())
        sys.modules[backend] = loaded

    monkeypatch.setattr("tui.psa.calls._import_http_backend", import_backend)
    monkeypatch.delitem(sys.modules, backend)
    psa.get(f"{API}/company/companies/count").respond(json={"count": 3})
    assert await client.count_companies(CompanyFilter()) == 3
    assert await client.count_companies(CompanyFilter()) == 3
    assert len(imported_on) == 1 and imported_on[0] != threading.get_ident()

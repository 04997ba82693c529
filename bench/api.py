"""API benchmark: requests, bytes, wall time and decode CPU of psamap's client vs naive paging.

Against the demo tenant (50,000 companies). The naive baseline is what most integrations
do: every full record, no `fields`, no filter, `pageSize=1000`, one page after another,
then filter locally. Wall times use the loopback server with 150 ms added per request,
so the sandbox's own CPU runs beside the client as a real PSA's would.
"""

from __future__ import annotations

import asyncio
import gc
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import httpx

from bench.table import BenchRow
from tui.core.gc_pause import gc_paused
from tui.demo.tenants import demo_sandbox
from tui.psa.auth import Credentials, common_headers
from tui.psa.client import _COMPACT, COMPANIES, ConnectWiseClient
from tui.psa.filter import CompanyFilter
from tui.psa.models import COMPANY_FIELDS
from tui.psa.site import api_url
from tui.sandbox import (
    DEMO_CLIENT_ID,
    DEMO_CODEBASE,
    DEMO_PRIVATE_KEY,
    DEMO_PUBLIC_KEY,
    Sandbox,
)

CREDS = Credentials("demo", DEMO_PUBLIC_KEY, DEMO_PRIVATE_KEY, DEMO_CLIENT_ID)
LATENCY_MS = 150
RUNS = 3
PAGE = 1000


def rows() -> list[BenchRow]:
    """The API rows of the README's benchmark table."""
    sandbox = demo_sandbox()
    out = _traffic_rows(sandbox)
    with _served_elsewhere(LATENCY_MS) as base:
        out += _wall_rows(base)
    out.append(_decode_row(sandbox))
    return out


@contextmanager
def _served_elsewhere(latency_ms: int) -> Iterator[str]:
    """`psamap sandbox` in its own process: its CPU runs beside the client's, as a PSA's does."""
    command = [sys.executable, "-m", "tui", "sandbox", "--port", "0"]
    command += ["--latency-ms", str(latency_ms)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        for line in server.stdout:
            if line.startswith("site = "):
                yield line.split('"')[1]
                break
        else:
            raise RuntimeError("psamap sandbox did not start")
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- what each way costs in requests and bytes -------------------------------------------


async def _ours_active_clients(client: ConnectWiseClient) -> int:
    """What the app does: both lookups (concurrently), then the filtered load."""
    statuses, types = await asyncio.gather(client.statuses(), client.types())
    flt = CompanyFilter.of(
        [s.id for s in statuses if s.name == "Active"], [t.id for t in types if t.name == "Client"]
    )
    with gc_paused():  # as the CLI command and the app's load flow do
        return len(await client.companies(flt))


async def _naive(base: str, transport: httpx.AsyncBaseTransport | None = None) -> tuple[int, int]:
    """Every full record, page after page until a short one: (requests, bytes)."""
    headers = {**common_headers(), **CREDS.headers()}
    url = api_url(base, DEMO_CODEBASE, COMPANIES)
    requests = received = 0
    async with httpx.AsyncClient(transport=transport, headers=headers, timeout=60) as http:
        for page in range(1, 10_000):
            response = await http.get(url, params={"page": str(page), "pageSize": str(PAGE)})
            response.raise_for_status()
            requests += 1
            received += response.num_bytes_downloaded
            if len(response.json()) < PAGE:
                return requests, received
    raise AssertionError("unreachable")


def _client(base: str, transport: httpx.AsyncBaseTransport | None = None) -> ConnectWiseClient:
    return ConnectWiseClient(base, CREDS, codebase=DEMO_CODEBASE, transport=transport)


def _traffic_rows(sandbox: Sandbox) -> list[BenchRow]:
    base = "http://127.0.0.1:8099"

    async def ours() -> tuple[int, int, int]:
        async with _client(base, sandbox.transport()) as client:
            n = await _ours_active_clients(client)
            return client.stats.requests, client.stats.bytes_received, n

    requests, received, n = asyncio.run(ours())
    naive_requests, naive_bytes = asyncio.run(_naive(base, sandbox.transport()))
    # Pages, the count that proves a short page is the end (a server may cap pageSize),
    # and the two lookups.
    minimum = max(1, -(-n // PAGE)) + 1 + 2
    ratio = naive_bytes / received
    return [
        BenchRow(
            f"requests: Active+Client ({n:,} companies) incl. status/type lookups",
            f"{requests}",
            f"{naive_requests} (all full records, sequential)",
            f"= physical minimum ({minimum}: pages + count + lookups)",
            requests == minimum,
        ),
        BenchRow(
            "bytes received: Active+Client incl. lookups",
            f"{received / 1e6:.2f} MB",
            f"{naive_bytes / 1e6:.1f} MB ({ratio:.0f}x more)",
            ">= 100x fewer",
            ratio >= 100,
        ),
    ]


# --- wall time with 150 ms per request ---------------------------------------------------


async def _ours_everything(base: str, expected: int | None) -> None:
    """All 50,000; `expected` is the count the filter screen already shows (None: unknown)."""
    async with _client(base) as client:
        flt = CompanyFilter(include_deleted=True)
        with gc_paused():  # as the CLI command and the app's load flow do
            assert len(await client.companies(flt, expected=expected)) == 50_000


async def _sequential_everything(base: str) -> None:
    """Sequential paging of the same trimmed records: same bytes, same decoding, one at a time."""
    headers = {**common_headers(), **CREDS.headers()}
    url = api_url(base, DEMO_CODEBASE, COMPANIES)
    loaded = []
    async with httpx.AsyncClient(headers=headers, timeout=60) as http:
        with gc_paused():
            for page in range(1, 10_000):
                params = {"page": str(page), "pageSize": str(PAGE), "fields": COMPANY_FIELDS}
                response = await http.get(url, params=params)
                loaded += _COMPACT.validate_json(response.content)
                if len(loaded) < PAGE * page:
                    return


async def _ours_active(base: str) -> None:
    async with _client(base) as client:
        await _ours_active_clients(client)


def _median_wall(make: Callable[[], Awaitable[object]], runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        asyncio.run(make())  # type: ignore[arg-type]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _wall_rows(base: str) -> list[BenchRow]:
    # Untimed: the served sandbox encodes each company's JSON once per `fields` selection
    # and reuses it, as a real server answers from its own caches; the first load fills it.
    asyncio.run(_ours_everything(base, 50_000))
    active = _median_wall(lambda: _ours_active(base))
    naive = _median_wall(lambda: _naive(base), runs=1)  # ~10 s a run: one is enough
    everything = _median_wall(lambda: _ours_everything(base, 50_000))
    unknown = _median_wall(lambda: _ours_everything(base, None))
    sequential = _median_wall(lambda: _sequential_everything(base), runs=1)
    return [
        BenchRow(
            f"wall time, Active+Client incl. lookups, {LATENCY_MS} ms/request",
            f"{active:.2f} s",
            f"{naive:.2f} s (naive full download)",
            "<= 0.25x",
            active <= 0.25 * naive,
        ),
        BenchRow(
            f"wall time, all 50,000 companies (count known), {LATENCY_MS} ms/request",
            f"{everything:.2f} s ({everything / sequential:.2f}x); count unknown: "
            f"{unknown:.2f} s ({unknown / sequential:.2f}x)",
            f"{sequential:.2f} s (sequential pages)",
            "<= 0.25x (count unknown: <= 0.2x)",
            everything <= 0.25 * sequential and unknown <= 0.2 * sequential,
        ),
    ]


# --- CPU to decode and validate ----------------------------------------------------------


def _decode_row(sandbox: Sandbox) -> BenchRow:
    """CPU to turn 50 raw pages into 50,000 compact companies (`PsaCompany`, validated at the
    edge), as the client does (GC paused, then frozen) against the same with the cyclic GC
    running."""
    sandbox.latency_ms = 0
    headers = {**common_headers(), **CREDS.headers()}
    url = api_url("http://127.0.0.1:8099", DEMO_CODEBASE, COMPANIES)
    with httpx.Client(transport=sandbox.sync_transport(), headers=headers) as http:
        pages = [
            http.get(url, params={"page": str(p), "pageSize": str(PAGE), "fields": COMPANY_FIELDS})
            .raise_for_status()
            .content
            for p in range(1, 51)
        ]

    def decode(paused: bool, read: Callable[[bytes], list[Any]] = _COMPACT.validate_json) -> float:
        """Seconds of CPU to decode every page, keeping all models alive as a load does."""
        start = time.process_time()
        with gc_paused() if paused else nullcontext():
            loaded = [read(raw) for raw in pages]
        elapsed = time.process_time() - start
        assert sum(map(len, loaded)) == 50_000
        del loaded
        gc.unfreeze()  # each run starts from the same collector state
        gc.collect()
        return elapsed

    ours = statistics.median(decode(True) for _ in range(5))
    gc_on = statistics.median(decode(False) for _ in range(3))
    # The floor on this machine: the standard library's parser alone, nothing validated.
    parsed = statistics.median(decode(True, json.loads) for _ in range(5))
    return BenchRow(
        "CPU: decode + validate 50,000 companies",
        f"{ours:.2f} s ({ours / parsed:.1f}x `json.loads` alone)",
        f"{gc_on:.2f} s (cyclic GC running); `json.loads` alone, nothing validated: {parsed:.2f} s",
        "< 0.5 s",
        ours < 0.5,
    )

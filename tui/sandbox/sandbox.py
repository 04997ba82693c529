"""`Sandbox`: the tenants plus what sits in front of them (latency, faults, throttling, stats).

Both the in-process transport and the loopback server call `Sandbox.process`, so a test
sees the same behaviour whichever it uses.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

from tui.sandbox.data.records import mix
from tui.sandbox.http import api
from tui.sandbox.http.faults import (
    DEFAULT_FAULT_KINDS,
    ERROR_KINDS,
    LOSES_ANSWERS,
    FaultPlan,
    RateMeter,
    Throttle,
    error_fault,
    too_many_requests,
    truncate,
)
from tui.sandbox.http.listing import NO_QUIRKS
from tui.sandbox.http.outcome import Outcome
from tui.sandbox.http.projected import ProjectedJson
from tui.sandbox.http.quirks import Quirks
from tui.sandbox.http.responses import api_headers
from tui.sandbox.http.server import background_server, serve_forever
from tui.sandbox.http.transport import SandboxSyncTransport, SandboxTransport
from tui.sandbox.tenant import SandboxTenant

RequestHook = Callable[[httpx.Request, int], None]


@dataclass
class SandboxStats:
    """What the sandbox served; tests and benchmarks read it."""

    requests: int = 0
    bytes_sent: int = 0
    faults_injected: int = 0
    throttled: int = 0
    by_status: Counter[int] = field(default_factory=Counter)
    by_fault: Counter[str] = field(default_factory=Counter)
    #: The most requests that arrived within any one second.
    max_requests_per_second: int = 0
    #: Requests carried out whose answer a fault then replaced (a 5xx) or dropped.
    processed_then_lost: int = 0


class Sandbox:
    """An embedded ConnectWise-like PSA serving one or more tenants."""

    def __init__(
        self,
        tenants: Iterable[SandboxTenant] | Mapping[str, SandboxTenant],
        *,
        latency_ms: float = 0,
        fault_rate: float = 0.0,
        seed: int = 0,
        requests_per_second: float | None = None,
        fault_kinds: Sequence[str] | None = None,
        slow_seconds: float = 0.0,
        clock: Callable[[], float] = time.monotonic,
        quirks: Quirks = NO_QUIRKS,
        reuse_json: bool = False,
    ) -> None:
        """`reuse_json` keeps each company's encoded JSON per `fields` selection between
        requests, as a server process does (`psamap sandbox`): pages cost ~1 ms instead of
        ~25 ms, for ~25 MB per 50,000 companies; off in-process (`--demo`), where memory
        counts more than the sandbox's CPU."""
        values = tenants.values() if isinstance(tenants, Mapping) else tenants
        self.tenants: dict[str, SandboxTenant] = {t.company_id: t for t in values}
        self.latency_ms = latency_ms
        #: Real-world behaviours to imitate (settable mid-test; see `Quirks`).
        self.quirks = quirks
        #: Encoded company JSON kept between requests (None: built for every request).
        self.projected = ProjectedJson() if reuse_json else None
        self.seed = seed
        self.slow_seconds = slow_seconds
        kinds = fault_kinds
        if kinds is None:
            kinds = (*DEFAULT_FAULT_KINDS, "slow") if slow_seconds > 0 else DEFAULT_FAULT_KINDS
        self.faults = FaultPlan(seed, fault_rate, kinds)
        self.throttle = Throttle(requests_per_second, clock) if requests_per_second else None
        self.stats = SandboxStats()
        #: Called with each request and its number (from 1) before it is answered.
        self.on_request: list[RequestHook] = []
        self._meter = RateMeter(clock)
        self._lock = threading.Lock()
        self._count = 0

    def __repr__(self) -> str:
        return f"Sandbox(tenants={sorted(self.tenants)}, fault_rate={self.faults.rate})"

    @property
    def fault_rate(self) -> float:
        """The fraction of API requests that fail (settable, e.g. to heal mid-test)."""
        return self.faults.rate

    @fault_rate.setter
    def fault_rate(self, rate: float) -> None:
        self.faults = FaultPlan(self.seed, rate, self.faults.kinds)

    def request_id(self, request_number: int) -> str:
        """The `x-cw-request-id` of a request (deterministic per seed)."""
        return str(uuid.UUID(int=(mix(self.seed ^ request_number) << 64) | mix(request_number)))

    def process(self, request: httpx.Request) -> Outcome:
        """Decide and build the answer to one request (faults, throttling, then the API)."""
        with self._lock:
            self._count += 1
            number = self._count
            self._meter.arrive()
            wait = self.throttle.take() if self.throttle and _is_api(request) else 0
        for hook in list(self.on_request):
            hook(request, number)
        headers = api_headers(self.request_id(number))
        kind = self.faults.decide(number) if _is_api(request) else None
        delay = self.latency_ms / 1000.0
        response: httpx.Response | None
        if wait:
            kind = None
            response = too_many_requests(wait, headers, header=self.quirks.retry_after_header)
        elif kind in LOSES_ANSWERS or kind == "drop-after-processing":
            if kind == "drop-after-processing" or (
                request.method not in _READS and self.faults.after_processing(number)
            ):
                self._answer(request, headers)
                with self._lock:
                    self.stats.processed_then_lost += 1
            response = (
                None if kind in ("drop", "drop-after-processing") else error_fault(kind, headers)
            )
        elif kind in ERROR_KINDS:
            response = error_fault(kind, headers)
        else:
            response = self._answer(request, headers)
            if kind == "truncated":
                response = truncate(response)
            elif kind == "slow":
                delay += self.slow_seconds
        self._record(response, kind, bool(wait))
        return Outcome(response, delay, number)

    def _answer(self, request: httpx.Request, headers: dict[str, str]) -> httpx.Response:
        request_id = headers["x-cw-request-id"]
        return api.handle(self.tenants, request, request_id, self.quirks, self.projected)

    def _record(self, response: httpx.Response | None, kind: str | None, throttled: bool) -> None:
        with self._lock:
            stats = self.stats
            stats.requests += 1
            stats.max_requests_per_second = self._meter.max_per_second
            if kind:
                stats.faults_injected += 1
                stats.by_fault[kind] += 1
            if throttled:
                stats.throttled += 1
            if response is not None:
                stats.by_status[response.status_code] += 1
                stats.bytes_sent += len(response.content)

    def transport(self) -> httpx.AsyncBaseTransport:
        """An in-process async transport (no sockets) for `httpx.AsyncClient(transport=...)`."""
        return SandboxTransport(self)

    def sync_transport(self) -> httpx.BaseTransport:
        """The same for a blocking `httpx.Client`."""
        return SandboxSyncTransport(self)

    def serve(
        self,
        host: str = "127.0.0.1",
        port: int = 8099,
        *,
        on_ready: Callable[[str], None] | None = None,
    ) -> None:
        """Serve over HTTP on a loopback address until interrupted (Ctrl+C).

        `on_ready` gets the base URL once the socket is bound (port 0 picks a free port).
        Raises `ValueError` for a non-loopback host and `OSError` if the port is taken.
        """
        serve_forever(self, host, port, on_ready=on_ready)

    @contextmanager
    def serving(self, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
        """Serve in a background thread; yields the base URL (`http://127.0.0.1:PORT`)."""
        with background_server(self, host, port) as base_url:
            yield base_url


#: Methods that change nothing: a fault never needs to process them first.
_READS = ("GET", "HEAD", "OPTIONS")


def _is_api(request: httpx.Request) -> bool:
    """Faults and throttling hit the API, not the unauthenticated companyinfo lookup."""
    return "/apis/3.0" in request.url.path.lower()

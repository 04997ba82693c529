"""`Calls`: one logical request to the PSA, through the retry policy, the rate-limit pacing
and the connection pool, with what it cost counted and every error body scrubbed.

The client (`tui.psa.client`) knows the endpoints and the codebase; this knows how a
request leaves and comes back: how many may be in flight, when a 429 holds every request,
which failures are tried again, where a big body is decoded, and the PSA's clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import importlib.util
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

import httpx

from tui.psa import offload
from tui.psa.creating import created_company, unsent_or_unknown
from tui.psa.encoding import utf8_body
from tui.psa.errors import PSAError, RateLimited, error_for_status, redirected
from tui.psa.models import Company
from tui.psa.pacing import Pace
from tui.psa.responses import decode_body, transport_failure
from tui.psa.retry import (
    OnWait,
    RetryPolicy,
    TryAgain,
    is_retryable_status,
    parse_retry_after,
    parse_retry_in_body,
)
from tui.psa.scrub import Scrubber
from tui.psa.server_time import response_time

T = TypeVar("T")

#: Bodies at least this big are decoded off the event loop (`tui.psa.offload`): a page of
#: 1,000 companies is ~200 KB and 10-40 ms of CPU; a status list or a count stays inline.
OFF_LOOP_BYTES = 32_768

#: Holds at least this long (after a 429) are reported through `on_wait`.
PACING_NOTICE_SECONDS = 1.0


@dataclass(slots=True)
class ClientStats:
    """What the client cost: requests sent (retries included), bytes read, retries, waits."""

    requests: int = 0
    bytes_received: int = 0
    retries: int = 0
    waits: int = 0
    #: Company pages whose `Link` header named a next page: the server sends Link headers.
    next_links: int = 0


def _remember_missing_sniffio() -> None:
    """Make httpcore's per-request `import sniffio` cheap when sniffio is not installed.

    httpcore asks which async library runs by importing sniffio, several times per request.
    Without it each ask is a failed import: a walk over sys.path whose stat calls each give
    the GIL away, and while a worker thread decodes a page (`tui.psa.offload`) the event
    loop then waits up to a switch interval (5 ms) to get it back, per call: 30-90 ms
    stalls. A None in sys.modules is Python's own "known missing" mark: the import then
    fails at once, and httpcore falls back to asyncio as before. An installed sniffio is
    left alone.
    """
    if "sniffio" not in sys.modules and importlib.util.find_spec("sniffio") is None:
        sys.modules["sniffio"] = None  # type: ignore[assignment]  # the documented mark


def _import_http_backend() -> None:
    """Import what httpcore imports on a process's first request, on the CPU lane.

    Its first connection-pool lock loads anyio's asyncio backend (~25 modules, ~20 ms of
    CPU): on the event loop that was the longest stall of opening a tenant. A later
    httpcore that loads it otherwise only makes this a no-op.
    """
    with contextlib.suppress(ImportError):
        importlib.import_module("anyio._backends._asyncio")


class Calls:
    """The requests of one client: pooled, paced, retried, counted (`stats`)."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        concurrency: int,
        retry: RetryPolicy,
        scrubber: Scrubber,
        on_wait: OnWait | None,
    ) -> None:
        self.http = http
        self.retry = retry
        self.on_wait = on_wait
        self.stats = ClientStats()
        self._scrubber = scrubber
        self._slots = asyncio.Semaphore(concurrency)
        self._resume_at = 0.0  # after a 429, no request leaves before this (retry clock)
        self._pace = Pace()
        self._time_watchers: list[list[float]] = []  # see `psa_times`
        _remember_missing_sniffio()

    @contextlib.contextmanager
    def psa_times(self) -> Iterator[list[float]]:
        """The PSA's clock (each answer's `Date`) for every answer while the block runs."""
        times: list[float] = []
        self._time_watchers.append(times)
        try:
            yield times
        finally:
            self._time_watchers[:] = [w for w in self._time_watchers if w is not times]

    async def get(
        self,
        url: str,
        where: str,
        params: dict[str, str],
        decode: Callable[[bytes], T],
        *,
        headers: dict[str, str] | None,
        seen: Callable[[httpx.Response], None] | None = None,
    ) -> T:
        """One logical GET through the retry policy; `where` names it in error messages,
        `headers` None means unauthenticated (the login lookup, not paced like the API).
        `seen` is shown the successful response (its headers: `Date`, `Link`)."""
        if "anyio._backends._asyncio" not in sys.modules:
            await offload.off_loop(_import_http_backend)
        request = object()  # this logical request, for pacing its attempts

        async def attempt() -> T:
            async with self._leaving(request) as sent_at:
                try:
                    response, body = await self._read(url, params, headers)
                except httpx.HTTPError as exc:
                    raise transport_failure(exc, where) from None
            self.stats.bytes_received += response.num_bytes_downloaded
            if response.is_success:
                if headers is not None:  # the login lookup is not rate limited like the API
                    self._pace.succeeded(sent_at)
                if seen is not None:
                    seen(response)
                self._note_time(response)
                if len(body) < OFF_LOOP_BYTES:
                    return decode_body(body, decode, where, self.scrub)
                return await offload.off_loop(decode_body, body, decode, where, self.scrub)
            if response.status_code == 429:
                self._pace.refused(self.retry.clock())
            raise self._failure(response, where, body)

        return await self.retry.run(attempt, self.waiting)

    async def post_company(
        self, url: str, where: str, content: bytes, headers: dict[str, str]
    ) -> Company:
        """One company POST: never repeated blindly (see `tui.psa.creating`)."""
        request = object()

        async def attempt() -> Company:
            async with self._leaving(request) as sent_at:
                try:
                    response = await self.http.post(url, content=content, headers=headers)
                except httpx.HTTPError as exc:
                    raise unsent_or_unknown(exc, where) from None
            self.stats.bytes_received += response.num_bytes_downloaded
            if response.status_code == 429:
                self._pace.refused(self.retry.clock())
                raise self._failure(response, where)
            if response.is_success:
                self._pace.succeeded(sent_at)
            return created_company(response, where, self.scrub)

        return await self.retry.run(attempt, self.waiting)

    @contextlib.asynccontextmanager
    async def _leaving(self, request: object) -> AsyncIterator[float]:
        """One attempt of `request` leaving: after any 429 hold, in a free connection slot,
        counted; yields when it left (the retry clock), for pacing."""
        await self._respect_rate_limit(request)
        async with self._slots:
            self.stats.requests += 1
            yield self.retry.clock()

    def _note_time(self, response: httpx.Response) -> None:
        if self._time_watchers and (at := response_time(response)) is not None:
            for times in self._time_watchers:
                times.append(at)

    async def _read(
        self, url: str, params: dict[str, str], headers: dict[str, str] | None
    ) -> tuple[httpx.Response, bytes]:
        """GET `url`; the response and its whole body as UTF-8 (see `tui.psa.encoding`),
        which only the caller holds.

        Not `response.content`: httpx's response and its stream refer to each other, so a
        body kept on the response lives until the cyclic collector runs. A big load pauses
        the collector (`tui.core.gc_pause`) and then freezes what is alive, which kept
        every page read (~90 MB at 200,000 companies) for good.
        """
        request = self.http.build_request("GET", url, params=params, headers=headers)
        response = await self.http.send(request, stream=True)
        try:
            body = b"".join([part async for part in response.aiter_bytes()])
        finally:
            await response.aclose()
        return response, utf8_body(body, response.charset_encoding)

    def _failure(
        self, response: httpx.Response, where: str, content: bytes | None = None
    ) -> PSAError | TryAgain:
        """What a failed answer means; `content` is its body when it was read apart."""
        status = response.status_code
        body = self.scrub(response.content if content is None else content)
        error = error_for_status(status, response.reason_phrase, where, body)
        if status == 429:
            wait = parse_retry_after(response.headers.get("Retry-After"), self.retry.wall_clock())
            if wait is None:  # "Please try again in 30 seconds." in the body, when it says so
                wait = parse_retry_in_body(body)
            if isinstance(error, RateLimited):  # always, for a 429
                error.retry_after = wait
            if wait is not None:
                wait = min(wait, self.retry.retry_after_cap)
                self._resume_at = max(self._resume_at, self.retry.clock() + wait)
            return TryAgain("rate limit", error, wait, rate_limited=True)
        if response.is_redirect:  # a 3xx naming where: say it (credentials never follow)
            return redirected(error, str(response.request.url.join(response.headers["Location"])))
        if is_retryable_status(status):
            # A 503 may say when the server expects to be back (RFC 9110 `Retry-After`):
            # a retry sooner would only spend the budget against a server not ready yet.
            hint = parse_retry_after(response.headers.get("Retry-After"), self.retry.wall_clock())
            return TryAgain(f"server error {status}", error, hint)
        return error

    async def _respect_rate_limit(self, request: object) -> None:
        """After a 429, hold every request (not just the refused one) until the PSA is ready,
        then let them leave paced rather than all at once."""
        now = self.retry.clock()
        delay = self._pace.start(max(now, self._resume_at), request) - now
        if delay > 0:
            self.stats.waits += 1
            # A long hold is worth showing ("waiting, not frozen"); short pacing gaps are not.
            if delay >= PACING_NOTICE_SECONDS and self.on_wait is not None:
                self.on_wait(delay, "rate limit")
            await self.retry.sleep(delay)

    def scrub(self, body: bytes) -> bytes:
        """A body without our own secrets, before any of it goes into an error message: a
        proxy may echo the request headers (Authorization, clientId) in its error page,
        raw, decoded, JSON-escaped or URL-encoded (see `tui.psa.scrub`)."""
        return self._scrubber.body(body)

    def waiting(self, seconds: float, reason: str) -> None:
        """A retry's wait: counted, and shown through `on_wait`."""
        self.stats.retries += 1
        self.stats.waits += 1
        if self.on_wait is not None:
            self.on_wait(seconds, reason)

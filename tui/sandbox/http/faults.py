"""Injected faults and throttling: what a real PSA behind a proxy does on a bad day.

Which request fails, and how, is a pure function of the sandbox seed and the request
number, so a test run replays exactly. Kinds:

- "429": Too Many Requests with `Retry-After: 1` and the vendor's body
  `{"error":"ConnectWiseAPI","message":"Too many requests. Please try again in 1 seconds."}`
- "429-no-retry-after": the same status with no Retry-After header
- "500": JSON `ErrorResponseMessage`; "502": an HTML proxy page; "503": a plain-text body
- "truncated": a 200 whose JSON body is cut in half
- "drop": the connection closes without an answer
- "slow": the normal answer after `slow_seconds` (only when `slow_seconds` > 0)
- "drop-after-processing": the request is carried out, then the connection closes
  without an answer (a company POST that created the company, its answer lost)

A request that changes data (POST, PUT, PATCH, DELETE) meets "drop", "500", "502" and
"503" either before the server processed it or after, half of each (`after_processing`):
a proxy that times out or a connection that breaks does not know whether the server
behind it committed. GET requests are unaffected by that choice.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Sequence

import httpx

from tui.sandbox.data.records import mix
from tui.sandbox.http.responses import PLAIN_JSON_TYPE, encode

ERROR_KINDS = ("429", "429-no-retry-after", "500", "502", "503")
FAULT_KINDS = (*ERROR_KINDS, "truncated", "drop", "slow")
#: Kinds that only differ from the others on a request that changes data.
WRITE_FAULT_KINDS = ("drop-after-processing",)
#: Kinds that, on a request that changes data, may come after the server processed it.
LOSES_ANSWERS = ("500", "502", "503", "drop")
DEFAULT_FAULT_KINDS = (*ERROR_KINDS, "truncated", "drop")

_PROXY_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body>\n"
    "<center><h1>502 Bad Gateway</h1></center>\n<hr><center>cloudflare</center>\n"
    "</body></html>\n"
)


class FaultPlan:
    """Decides, per request number, whether and how a request fails."""

    def __init__(self, seed: int, rate: float, kinds: Sequence[str]) -> None:
        known = (*FAULT_KINDS, *WRITE_FAULT_KINDS)
        unknown = sorted(set(kinds) - set(known))
        if unknown:
            raise ValueError(f"unknown fault kinds {unknown}; choose from {list(known)}")
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"fault_rate must be between 0 and 1, not {rate}")
        self.seed = seed
        self.rate = rate
        self.kinds = tuple(kinds)

    def decide(self, request_number: int) -> str | None:
        """The fault kind for this request, or None for a normal answer."""
        if not self.kinds or self.rate <= 0.0:
            return None
        h = mix((self.seed << 32) ^ request_number ^ 0x5EED_FA17)
        if (h >> 11) / float(1 << 53) >= self.rate:
            return None
        return self.kinds[mix(h) % len(self.kinds)]

    def after_processing(self, request_number: int) -> bool:
        """For a data-changing request meeting a `LOSES_ANSWERS` fault: was it processed first?"""
        return bool(mix((self.seed << 32) ^ request_number ^ 0xAF7E_D0E5) & 1)


def too_many_requests(
    retry_after: int | None, headers: dict[str, str], *, header: bool = True
) -> httpx.Response:
    """The vendor's 429 (its body uses `error`, not `code`); `header=False` leaves out
    `Retry-After` and lets only the body say how long, as some cloud answers do."""
    out = {"content-type": PLAIN_JSON_TYPE, **headers}
    if retry_after is None:
        message = "Too many requests. Please try again later."
    else:
        if header:
            out["retry-after"] = str(retry_after)
        message = f"Too many requests. Please try again in {retry_after} seconds."
    body = {"error": "ConnectWiseAPI", "message": message}
    return httpx.Response(429, headers=out, content=encode(body))


def error_fault(kind: str, headers: dict[str, str]) -> httpx.Response:
    """The canned answer of an error fault kind (see `ERROR_KINDS`)."""
    if kind == "429":
        return too_many_requests(1, headers)
    if kind == "429-no-retry-after":
        return too_many_requests(None, headers)
    if kind == "500":
        body = {
            "code": "ConnectWiseApi",
            "message": "An unexpected error occurred.",
            "errors": None,
        }
        out = {"content-type": PLAIN_JSON_TYPE, **headers}
        return httpx.Response(500, headers=out, content=encode(body))
    if kind == "502":
        out = {"content-type": "text/html; charset=utf-8"}
        return httpx.Response(502, headers=out, content=_PROXY_PAGE.encode())
    if kind == "503":
        out = {"content-type": "text/plain; charset=utf-8"}
        return httpx.Response(503, headers=out, content=b"Service Unavailable")
    raise ValueError(f"{kind!r} is not an error fault")


def truncate(response: httpx.Response) -> httpx.Response:
    """The same answer with its body cut in half (Content-Length matches the cut body)."""
    body = response.content
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "content-length"]
    return httpx.Response(response.status_code, headers=headers, content=body[: len(body) // 2])


class Throttle:
    """A token bucket of `rate` requests per second (burst `rate`); over it, wait this long."""

    def __init__(self, rate: float, clock: Callable[[], float]) -> None:
        if rate <= 0:
            raise ValueError("requests_per_second must be positive")
        self.rate = rate
        self.capacity = max(1.0, rate)
        self.tokens = self.capacity
        self.clock = clock
        self.last = clock()

    def take(self) -> int:
        """0 when the request may pass, else the whole seconds to wait (Retry-After)."""
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0
        return max(1, math.ceil((1.0 - self.tokens) / self.rate))


class RateMeter:
    """The most requests seen within any one-second window."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.window: deque[float] = deque()
        self.max_per_second = 0

    def arrive(self) -> None:
        """Record one request now."""
        now = self.clock()
        self.window.append(now)
        while self.window and now - self.window[0] >= 1.0:
            self.window.popleft()
        self.max_per_second = max(self.max_per_second, len(self.window))

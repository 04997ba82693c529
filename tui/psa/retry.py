"""The one retry policy every PSA request goes through.

What is retried follows the vendor's guidance: 429 waits for `Retry-After` (capped), or
for the "try again in N seconds" its body states, or else long enough in all for the
vendor's typical 30-second cooldown; 5xx, timeouts, dropped connections and truncated
bodies back off exponentially with full jitter; any other 4xx is final. Sleep, clocks
and randomness are injectable so tests can record the delays instead of waiting them out.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TypeVar

from tui.psa.errors import PSAError

T = TypeVar("T")

#: `on_wait(seconds, reason)`: tells the UI why it is waiting, e.g. (3.0, "rate limit").
OnWait = Callable[[float, str], None]


class TryAgain(Exception):
    """Raised by one attempt that may succeed if repeated.

    `error` is what the caller sees if the budget runs out; `retry_after` is the server's
    hint in seconds (429 only); `rate_limited` marks a 429, which waits for a cooldown
    rather than a blip when the server gives no hint.
    """

    def __init__(
        self,
        reason: str,
        error: PSAError,
        retry_after: float | None = None,
        *,
        rate_limited: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error = error
        self.retry_after = retry_after
        self.rate_limited = rate_limited


def is_retryable_status(status: int) -> bool:
    """429 and 5xx may pass; every other 4xx is the request's own fault and never retried."""
    return status == 429 or status >= 500


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from `Retry-After` (delta-seconds or HTTP-date); None when absent."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - now)


_TRY_AGAIN_IN = re.compile(
    r"try again in\s+(\d+(?:\.\d+)?)\s*(second|sec|s|minute|min)", re.IGNORECASE
)


def parse_retry_in_body(body: bytes) -> float | None:
    """Seconds from a 429 body such as "Please try again in 30 seconds."; None when absent."""
    match = _TRY_AGAIN_IN.search(body[:2000].decode("utf-8", "replace"))
    if match is None:
        return None
    seconds = float(match.group(1))
    return seconds * 60 if match.group(2).lower().startswith("min") else seconds


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry; `deadline` bounds one logical request end to end.

    A 429 without any hint waits `rate_limit_base * factor**retry`, half of it jittered:
    2, 4, 8, 16 s... so five attempts outlast a 30-second cooldown even at the least jitter.
    """

    attempts: int = 6
    base: float = 0.2
    factor: float = 2.0
    cap: float = 10.0
    rate_limit_base: float = 2.0
    retry_after_cap: float = 60.0
    deadline: float = 120.0
    sleep: Callable[[float], Awaitable[object]] = field(default=asyncio.sleep, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    wall_clock: Callable[[], float] = field(default=time.time, compare=False)
    random: Callable[[], float] = field(default=random.random, compare=False)

    def backoff(self, retry: int) -> float:
        """Full jitter: uniform in [0, min(cap, base * factor**retry)] for retry 0, 1, 2..."""
        return self.random() * min(self.cap, self.base * self.factor**retry)

    def rate_limit_backoff(self, retry: int) -> float:
        """Equal jitter for a bare 429: in [d/2, d], d = rate_limit_base * factor**retry, capped."""
        full = min(self.retry_after_cap, self.rate_limit_base * self.factor**retry)
        return full / 2 + self.random() * full / 2

    def delay(self, failure: TryAgain, retry: int) -> float:
        """The wait before retry number `retry`: the server's hint if it gave one, else backoff."""
        if failure.retry_after is not None:
            return min(failure.retry_after, self.retry_after_cap)
        if failure.rate_limited:
            return self.rate_limit_backoff(retry)
        return self.backoff(retry)

    async def run(self, attempt: Callable[[], Awaitable[T]], on_wait: OnWait | None = None) -> T:
        """Call `attempt` until it returns, raises a final error, or the budget is spent.

        Out of budget, the last attempt's `TryAgain.error` is raised (with the attempt count).
        """
        started = self.clock()
        retry = 0
        while True:
            try:
                return await attempt()
            except TryAgain as failure:
                wait = self.delay(failure, retry)
                retry += 1
                spent = self.clock() - started
                if retry >= self.attempts or spent + wait > self.deadline:
                    raise _gave_up(failure, retry) from None
                if on_wait is not None:
                    on_wait(wait, failure.reason)
                await self.sleep(wait)


def _gave_up(failure: TryAgain, attempts: int) -> PSAError:
    """The final error, saying how many attempts it took so the user knows it was not one blip."""
    error = failure.error
    if attempts > 1:
        error.args = (f"{error.message} (gave up after {attempts} attempts)",)
        error.message = error.args[0]
    return error

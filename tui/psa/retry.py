"""The one retry policy every PSA request goes through.

What is retried follows the vendor's guidance: 429 waits for `Retry-After` (capped);
5xx, timeouts, dropped connections and truncated bodies back off exponentially with
full jitter; any other 4xx is final. Sleep, clocks and randomness are injectable so
tests can record the delays instead of waiting them out.
"""

from __future__ import annotations

import asyncio
import random
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
    hint in seconds (429 only).
    """

    def __init__(self, reason: str, error: PSAError, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error = error
        self.retry_after = retry_after


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


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry; `deadline` bounds one logical request end to end."""

    attempts: int = 6
    base: float = 0.2
    factor: float = 2.0
    cap: float = 10.0
    retry_after_cap: float = 60.0
    deadline: float = 120.0
    sleep: Callable[[float], Awaitable[object]] = field(default=asyncio.sleep, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)
    wall_clock: Callable[[], float] = field(default=time.time, compare=False)
    random: Callable[[], float] = field(default=random.random, compare=False)

    def backoff(self, retry: int) -> float:
        """Full jitter: uniform in [0, min(cap, base * factor**retry)] for retry 0, 1, 2..."""
        return self.random() * min(self.cap, self.base * self.factor**retry)

    def delay(self, failure: TryAgain, retry: int) -> float:
        """The wait before retry number `retry`: the server's hint if it gave one, else backoff."""
        if failure.retry_after is not None:
            return min(failure.retry_after, self.retry_after_cap)
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

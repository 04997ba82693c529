"""The one retry policy: what waits how long, and when it gives up."""

from __future__ import annotations

import pytest

from tests.psa.fakes import FakeTime
from tui.psa.errors import AuthError, ServiceUnavailable
from tui.psa.retry import RetryPolicy, TryAgain, is_retryable_status, parse_retry_after


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    now = 1_700_000_000.0  # Tue, 14 Nov 2023 22:13:20 GMT
    assert parse_retry_after("3", now) == 3.0
    assert parse_retry_after(" 1.5 ", now) == 1.5
    assert parse_retry_after("Tue, 14 Nov 2023 22:13:27 GMT", now) == 7.0
    assert parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now) == 0.0
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after("-4", now) == 0.0


def test_only_429_and_5xx_statuses_are_retryable() -> None:
    assert [s for s in (400, 401, 403, 404, 409, 429, 500, 502, 503) if is_retryable_status(s)] == [
        429,
        500,
        502,
        503,
    ]


def test_backoff_is_exponential_full_jitter_and_capped() -> None:
    top = RetryPolicy(random=lambda: 1.0, base=0.2, factor=2, cap=10)
    assert [top.backoff(n) for n in range(8)] == pytest.approx(
        [0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 10.0, 10.0]
    )
    assert RetryPolicy(random=lambda: 0.25).backoff(3) == pytest.approx(0.4)


async def test_retries_until_success_reporting_each_wait() -> None:
    clock = FakeTime()
    waits: list[tuple[float, str]] = []
    outcomes = iter(["boom", "boom", "ok"])

    async def attempt() -> str:
        if next(outcomes) == "boom":
            raise TryAgain("server error 503", ServiceUnavailable("503 on x"))
        return "ok"

    result = await clock.policy().run(attempt, lambda s, r: waits.append((s, r)))
    assert result == "ok"
    assert waits == [
        (pytest.approx(0.2), "server error 503"),
        (pytest.approx(0.4), "server error 503"),
    ]
    assert clock.sleeps == pytest.approx([0.2, 0.4])


async def test_server_hint_is_honoured_but_capped() -> None:
    clock = FakeTime()
    outcomes = iter([3.0, 500.0, None])

    async def attempt() -> str:
        hint = next(outcomes)
        if hint is not None:
            raise TryAgain("rate limit", ServiceUnavailable("429"), retry_after=hint)
        return "ok"

    assert await clock.policy(retry_after_cap=60).run(attempt) == "ok"
    assert clock.sleeps == [3.0, 60.0]


async def test_gives_up_after_attempts_with_the_last_error() -> None:
    clock = FakeTime()
    calls = 0

    async def attempt() -> str:
        nonlocal calls
        calls += 1
        raise TryAgain("timeout", ServiceUnavailable(f"timed out (call {calls})"))

    with pytest.raises(ServiceUnavailable, match=r"call 4\) \(gave up after 4 attempts\)"):
        await clock.policy(attempts=4).run(attempt)
    assert calls == 4
    assert len(clock.sleeps) == 3


async def test_deadline_bounds_the_whole_request() -> None:
    clock = FakeTime()

    async def attempt() -> str:
        raise TryAgain("rate limit", ServiceUnavailable("429"), retry_after=30)

    with pytest.raises(ServiceUnavailable):
        await clock.policy(attempts=100, deadline=100).run(attempt)
    assert clock.sleeps == [30, 30, 30]


async def test_final_errors_pass_straight_through() -> None:
    clock = FakeTime()

    async def attempt() -> str:
        raise AuthError("401 Unauthorized on x", status=401)

    with pytest.raises(AuthError, match=r"^401 Unauthorized on x$"):
        await clock.policy().run(attempt)
    assert clock.sleeps == []

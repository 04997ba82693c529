"""The PSA's own clock, from its responses' `Date` header: when a load began, as it saw it.

A load's completeness check (`paging`) may ask "did any company change since this load
began?" as `_info/lastUpdated >= [t]`. That `t` must be on the PSA's clock, not ours (they
may disagree by minutes), and a little early: a change is stamped when it starts and may
commit later, so a minute's overlap is taken (as the company cache's refresh does). A
response without a readable `Date` gives no time, and then the question is not asked.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from email.utils import parsedate_to_datetime

import httpx

#: How much earlier than the first answer "since the load began" starts.
OVERLAP_SECONDS = 60


def response_time(response: httpx.Response) -> float | None:
    """The epoch seconds of the response's `Date` header, or None when it has none."""
    raw = response.headers.get("date")
    if not raw:
        return None
    try:
        return parsedate_to_datetime(raw).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def began_stamp(times: Iterable[float]) -> str | None:
    """`_info/lastUpdated` bound for "since the earliest of these answers" (less the
    overlap), in the vendor's datetime form; None when no answer had a time."""
    earliest = min(times, default=None)
    if earliest is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(earliest - OVERLAP_SECONDS))

"""Real-world behaviours the sandbox can imitate, each off by default.

Real ConnectWise servers, and what sits in front of them, differ from the tidy sandbox in
ways a client must survive: a proxy or an older version caps `pageSize`; tenants send
explicit `null`s where the schema allows them; the cloud answers bad keys with 404, an
unregistered clientId with 400 and a stale codebase with a 400 "Cannot route"; a 429 may
come without `Retry-After` (its body says "try again in N seconds"); a row may be counted
but never listed; the server may run an older version than a client pins; an API member
may lack a permission; `orderBy` may be dropped, or refused for some fields. Tests and
`psamap doctor` checks turn these on one by one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Quirks:
    """Which real-world behaviours to imitate (all off: the tidy sandbox)."""

    #: Never more rows per page than this, whatever `pageSize` asks (a proxy, an old PSA).
    page_size_cap: int | None = None
    #: Whether pages carry the vendor's `Link` header (False: a proxy that strips it).
    link_headers: bool = True
    #: Empty strings, false flags and empty arrays are sent as explicit `null`.
    explicit_nulls: bool = False
    #: Cloud-style statuses: 404 for bad keys, 400 for an unknown clientId, 400 "Cannot route".
    cloud_errors: bool = False
    #: A throttled request gets 429 without `Retry-After` (the body still says how long).
    retry_after_header: bool = True
    #: Company ids `/count` includes but the list never returns.
    unlisted_ids: frozenset[int] = frozenset()
    #: The version companyinfo and `/system/info` report, e.g. "2024.3" (None: the sandbox's).
    server_version: str | None = None
    #: Collections the API member may not read (403): "companies", "statuses", "types".
    forbidden: frozenset[str] = frozenset()
    #: `orderBy` is dropped on the way (rows stay in id order), as by a proxy or an old PSA.
    order_by_ignored: bool = False
    #: Fields `orderBy` refuses with a 400 (a PSA that sorts by fewer fields than it filters).
    unsortable: frozenset[str] = frozenset()


def with_nulls(value: Any) -> Any:
    """`value` with every empty string, false flag and empty array as `None` (ids kept)."""
    if isinstance(value, dict):
        return {k: with_nulls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_nulls(v) for v in value] if value else None
    if value is False or value == "":
        return None
    return value

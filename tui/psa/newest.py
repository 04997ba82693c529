"""The tenant's newest company and its total, from one request.

Asked as every company (deleted included) ordered by `_info/lastUpdated desc`, one to a
page: the one row is the newest change, and the `Link` header's `rel="last"` page number
is the total, as the vendor documents its Link header (`first`, `prev`, `next`, `last`;
`next` and `prev` left out when there is no such page). A re-open that finds the cache's
own newest company on top and the same total knows nothing changed, with no list of
changes and no count (see `tui.core.cache.refresh`).

What cannot be read from the answer is None, never guessed: no Link header from a PSA not
known to send them, a `last` link that names another page size, more rows than asked.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from tui.psa.models import PsaCompany
from tui.psa.responses import link_relations

#: The order that puts the newest change first (one key: the vendor documents `orderBy` as
#: `field asc|desc`, not a list).
NEWEST_FIRST = "_info/lastUpdated desc"


@dataclass(frozen=True, slots=True)
class Newest:
    """What the probe saw: the newest company (None for an empty tenant), the tenant's
    total, and the PSA's clock when it answered (its `Date`), each None when unknown."""

    company: PsaCompany | None
    total: int | None
    at: float | None


def total_from_links(response: httpx.Response, rows: int, links: bool) -> int | None:
    """The total of a one-a-page answer: its `last` page number, or the rows of a page that
    names no next page from a PSA known to send Link headers (`links`); else None."""
    if rows > 1:
        return None  # the PSA did not page one at a time: its pages count something else
    if "link" not in response.headers:
        return rows if links else None
    named = link_relations(response)  # relation types in any case (RFC 8288)
    last = named.get("last")
    if last is None:
        return None if "next" in named else rows
    query: dict[str, str] = {}
    for key, value in httpx.URL(last).params.multi_items():
        query.setdefault(key.lower(), value)  # `pageSize`, `PageSize`: the vendor's are any case
    size, page = query.get("pagesize", "1"), query.get("page")
    if size != "1" or page is None or not page.isdecimal():  # isdigit takes "²", int() not
        return None
    return int(page)

"""The highlighted company's sites in the preview: asked for on demand, one company at a time.

Loading sites for 50,000 companies would cost 50,000 requests, so the mapping load never
asks; the preview asks for the one company the cursor rests on, once the cursor has been
still for `SETTLE_SECONDS` (each move starts a short wait in a worker; a wait that ends
with the cursor elsewhere asks nothing, and no worker is ever cancelled, so waiting for
the screen's workers stays safe), and keeps the answer for the rest of the session. A
failure is shown as "sites: unavailable", never raised: sites only help a person decide.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

from tui.psa.models import CompanySite

#: How long the cursor must rest on a company before its sites are asked for.
SETTLE_SECONDS = 0.25
SITES_GROUP = "company-sites"
#: Sites named in the preview line (the count says how many more there are).
SITES_NAMED = 4


class _Client(Protocol):
    async def company_sites(self, company_id: int) -> list[CompanySite]: ...


class _Host(Protocol):
    """The screen that runs the worker (a Textual `DOMNode`)."""

    def run_worker(self, work: Any, *, group: str, exclusive: bool, exit_on_error: bool) -> Any: ...


#: What is known of one company's sites: its sites, or None when asking failed.
Known = tuple[CompanySite, ...] | None


class CompanySites:
    """Sites per company, fetched when the preview rests on one; `on_ready(psa_id)` repaints."""

    def __init__(
        self, host: _Host, client: Callable[[], _Client], on_ready: Callable[[int], None]
    ) -> None:
        self._host = host
        self._client = client
        self._on_ready = on_ready
        self._known: dict[int, Known] = {}
        self._wanted: int | None = None  # the company the preview shows now
        self._asking: set[int] = set()
        #: How many times sites were asked for (each one request): what the preview cost.
        self.requests = 0

    def line(self, psa_id: int) -> str:
        """The preview's sites line: `sites: Main (Leeds) · Warehouse (York)`, `sites: …`
        while asking, `sites: unavailable` when the PSA did not answer."""
        if psa_id not in self._known:
            return "sites: …"
        sites = self._known[psa_id]
        if sites is None:
            return "sites: unavailable"
        if not sites:
            return "sites: none"
        named = [
            f"{s.name or '?'} ({s.city})" if s.city else (s.name or "?")
            for s in sites[:SITES_NAMED]
        ]
        more = len(sites) - SITES_NAMED
        tail = f" · +{more} more" if more > 0 else ""
        return f"sites: {' · '.join(named)}{tail}"

    def want(self, psa_id: int) -> None:
        """The preview shows this company now: ask for its sites unless they are known."""
        self._wanted = psa_id
        if psa_id in self._known or psa_id in self._asking:
            return
        self._host.run_worker(
            self._fetch(psa_id), group=SITES_GROUP, exclusive=False, exit_on_error=False
        )

    async def _fetch(self, psa_id: int) -> None:
        await asyncio.sleep(SETTLE_SECONDS)
        if psa_id != self._wanted or psa_id in self._known or psa_id in self._asking:
            return  # the cursor moved on (or another wait asks already)
        self._asking.add(psa_id)
        self.requests += 1
        try:
            sites: Known = tuple(await self._client().company_sites(psa_id))
        except asyncio.CancelledError:
            raise
        except Exception:  # any failure (HTTP, timeout, odd JSON) only costs the sites line
            sites = None
        finally:
            self._asking.discard(psa_id)
        self._known[psa_id] = sites
        self._on_ready(psa_id)

"""`ConnectWiseClient`: the one way psamap talks to a ConnectWise PSA tenant.

It knows the endpoints, the codebase and what each answer means; how a request leaves
(one `httpx.AsyncClient` sized to the concurrency, one retry policy, pacing after a 429)
is `tui.psa.calls`. The transport is the seam: tests and the embedded sandbox pass their
own `httpx.AsyncBaseTransport`, and nothing else changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

import httpx
from pydantic import TypeAdapter

from tui.psa.auth import API_VERSION, Credentials, common_headers
from tui.psa.calls import Calls
from tui.psa.errors import (
    IncompleteResult,
    NotFound,
    PSAError,
    explain_for,
    is_cannot_route,
    summarise_body,
)
from tui.psa.filter import CompanyFilter
from tui.psa.models import (
    COMPANY_FIELDS,
    SITE_FIELDS,
    Company,
    CompanyInfo,
    CompanySite,
    CompanyStatus,
    CompanyType,
    Count,
    PsaCompany,
)
from tui.psa.newest import NEWEST_FIRST, Newest, total_from_links
from tui.psa.page_pieces import decode_in_pieces
from tui.psa.paging import (
    PAGE_SIZE,
    VENDOR_DEFAULT_PAGE_SIZE,
    CompanyLoader,
    OnProgress,
    Page,
    Sink,
)
from tui.psa.responses import names_next_page
from tui.psa.retry import OnWait, RetryPolicy
from tui.psa.scrub import Scrubber, credential_forms
from tui.psa.server_time import began_stamp, response_time
from tui.psa.site import api_url, companyinfo_url, normalise_codebase, resolve_site

T = TypeVar("T")


class _Listed(Protocol):
    """A row of a small id-ordered collection (a status, a type): keyset paging needs its id."""

    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=_Listed)

DEFAULT_TIMEOUT = httpx.Timeout(30, connect=10)
COMPANIES = "company/companies"

# Module-level adapters: building one costs more than validating a page with it.
_COMPANIES = TypeAdapter(list[Company])
#: Company pages are read straight into the compact form psamap holds (no model per company).
_COMPACT = TypeAdapter(list[PsaCompany])
_STATUSES = TypeAdapter(list[CompanyStatus])
_TYPES = TypeAdapter(list[CompanyType])
_COUNT = TypeAdapter(Count)
_SITES = TypeAdapter(list[CompanySite])


def _decode_page(raw: bytes) -> list[PsaCompany]:
    """A page of companies, decoded a piece at a time (see `tui.psa.page_pieces`)."""
    return decode_in_pieces(raw, _COMPACT.validate_json)


#: Sites asked for in the one request a preview makes (a company with more shows these).
SITES_SHOWN_MAX = 50
_INFO = TypeAdapter(CompanyInfo)


class ConnectWiseClient:
    """Read a tenant's company statuses, types and filtered companies.

    The codebase (`v2025_1/`) is found via the unauthenticated companyinfo call unless
    configured (a codebase named in the site's path is only a hint, used when companyinfo
    is not served), cached, and looked up once more when an API call answers 404 or
    "Cannot route" (tenants move codebase on upgrade). Errors are `PSAError` subclasses
    that name the tenant and its likely causes, and never carry secrets.
    """

    def __init__(
        self,
        site: str,
        credentials: Credentials,
        *,
        codebase: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        concurrency: int = 8,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen, safe to share
        on_wait: OnWait | None = None,
        tenant: str | None = None,
        api_version: str = API_VERSION,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        address = resolve_site(site)
        self.base = address.base
        self.codebase_hint = address.codebase_hint
        self.tenant = tenant
        self.api_version = api_version
        self.credentials = credentials
        scrubber = Scrubber(
            [
                *credential_forms(
                    credentials.company_id, credentials.public_key, credentials.private_key
                ),
                credentials.client_id,
            ]
        )
        self._codebase = normalise_codebase(codebase) if codebase else None
        self._found: str | None = None  # the codebase companyinfo named to this client
        self._confirmed: str | None = None  # a codebase re-discovery confirmed after a 404
        self._discovery = asyncio.Lock()
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        http = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            limits=limits,
            headers=common_headers(api_version),
            follow_redirects=False,
        )
        self._calls = Calls(
            http, concurrency=concurrency, retry=retry, scrubber=scrubber, on_wait=on_wait
        )
        self.stats = self._calls.stats

    def __repr__(self) -> str:
        return f"ConnectWiseClient({self.base!r}, company_id={self.credentials.company_id!r})"

    async def __aenter__(self) -> ConnectWiseClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._calls.http.aclose()

    @property
    def retry_policy(self) -> RetryPolicy:
        """The policy every request retries by (a caller pacing its own repeats uses it too)."""
        return self._calls.retry

    @property
    def on_wait(self) -> OnWait | None:
        """Told of every wait (a retry's, a long rate-limit hold): "waiting, not frozen"."""
        return self._calls.on_wait

    @on_wait.setter
    def on_wait(self, on_wait: OnWait | None) -> None:
        self._calls.on_wait = on_wait

    @property
    def codebase(self) -> str | None:
        """The codebase in use (`v2025_1/`), None until configured or discovered."""
        return self._codebase

    @property
    def discovered_codebase(self) -> str | None:
        """The codebase companyinfo named during this client's life (None: never asked), for
        a caller to keep so the next process need not ask (`assume_codebase`)."""
        return self._found

    def assume_codebase(self, codebase: str | None) -> None:
        """Use a codebase companyinfo named before (a cache keeps it) instead of asking again.

        It is treated exactly as a discovered one: a 404 or "Cannot route" looks it up
        afresh. A codebase already configured or found wins; None changes nothing.
        """
        if codebase and self._codebase is None:
            self._codebase = normalise_codebase(codebase)

    async def company_info(self) -> CompanyInfo:
        """The unauthenticated `/login/companyinfo/{company}` answer (NotFound if unknown)."""
        try:
            return await self._company_info()
        except PSAError as error:
            raise self._explained(error, discovery=True) from None

    async def _company_info(self) -> CompanyInfo:
        company = self.credentials.company_id
        where = f"login/companyinfo/{company}"
        url = companyinfo_url(self.base, company)

        def decode(raw: bytes) -> CompanyInfo:
            text = raw.strip()
            if text == b"null" or not text:
                raise NotFound(f"company id {company!r} is not known at {self.base}", status=200)
            if text[:1] != b"{":
                _, said = summarise_body(self._calls.scrub(raw))
                raise NotFound(f"company id {company!r} at {self.base}: {said}", status=200)
            info = _INFO.validate_json(raw)
            if not info.codebase:
                raise NotFound(f"company id {company!r} at {self.base}: no codebase", status=200)
            return info

        return await self._calls.get(url, where, {}, decode, headers=None)

    async def statuses(self) -> list[CompanyStatus]:
        """Every company status of the tenant, ordered by id."""
        return await self._all(f"{COMPANIES}/statuses", _STATUSES.validate_json)

    async def types(self) -> list[CompanyType]:
        """Every company type of the tenant, ordered by id."""
        return await self._all(f"{COMPANIES}/types", _TYPES.validate_json)

    async def count_companies(self, flt: CompanyFilter) -> int:
        """How many companies the filter selects (one `/count` request)."""
        counted = await self._api_get(f"{COMPANIES}/count", flt.params(), _COUNT.validate_json)
        return counted.count

    async def newest_company(self, *, links: bool = False) -> Newest:
        """The newest company of the tenant (deleted ones included) and the tenant's total,
        in one request (see `tui.psa.newest`); `links` says this PSA was seen to send Link
        headers, so an answer without one is a lone page."""
        answers: list[httpx.Response] = []
        params = {"orderBy": NEWEST_FIRST, "page": "1", "pageSize": "1", "fields": COMPANY_FIELDS}
        rows = await self._api_get(COMPANIES, params, _COMPACT.validate_json, answers.append)
        answer = answers[-1]
        total = total_from_links(answer, len(rows), links)
        return Newest(rows[0] if rows else None, total, response_time(answer))

    def psa_times(self) -> contextlib.AbstractContextManager[list[float]]:
        """The PSA's clock (each answer's `Date`) for every answer while the block runs: the
        company cache keeps the earliest as the moment its copy was proven exact."""
        return self._calls.psa_times()

    async def system_info(self) -> dict[str, object]:
        """`/system/info`: the server's `version`, `isCloud` and time zone (for `doctor`)."""

        def decode(raw: bytes) -> dict[str, object]:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise NotFound("unexpected answer on system/info", status=200)
            return data

        return await self._api_get("system/info", {}, decode)

    async def companies(
        self,
        flt: CompanyFilter,
        *,
        on_progress: OnProgress | None = None,
        expected: int | None = None,
        few: bool = False,
        links: bool = False,
    ) -> list[PsaCompany]:
        """Every company the filter selects, ordered by id, proven complete (see `paging`).

        `expected` is a count the caller already has (the filter screen shows one); it lets
        a large load go concurrent at once. `few` says the caller expects few or none (an
        incremental refresh): a page that proves itself the last costs no count; `links`
        says this server was seen to send Link headers (`stats.next_links`, kept by the
        caller). Raises IncompleteResult rather than return less.
        """
        loader = self._loader(flt, on_progress)
        try:
            return await loader.load(expected, few=few, links=links)
        except IncompleteResult as error:
            raise self._explained(error) from None

    async def stream_companies(
        self,
        flt: CompanyFilter,
        sink: Sink,
        *,
        on_progress: OnProgress | None = None,
        expected: int | None = None,
    ) -> int:
        """The same list as `companies`, handed to `sink` page by page as it arrives (a
        company repeated between offset pages may come twice: its later read wins);
        returns how many companies it has. Only the ids are held, so a first cache fill
        of 200,000 companies never holds them all; the pages are the whole list only
        once this returns (IncompleteResult otherwise, as for `companies`)."""
        loader = self._loader(flt, on_progress, sink)
        try:
            return await loader.stream(expected)
        except IncompleteResult as error:
            raise self._explained(error) from None

    def _loader(
        self, flt: CompanyFilter, on_progress: OnProgress | None, sink: Sink | None = None
    ) -> CompanyLoader:
        answered: list[float] = []  # the PSA's clock at each page (see `server_time`)

        async def fetch(params: dict[str, str]) -> Page:
            more: list[bool | None] = []

            def seen(response: httpx.Response) -> None:
                if (at := response_time(response)) is not None:
                    answered.append(at)
                more.append(names_next_page(response))

            params = {**params, "fields": COMPANY_FIELDS}
            rows = await self._api_get(COMPANIES, params, _decode_page, seen)
            said = more[-1] if more else None
            if said:
                self.stats.next_links += 1
            return Page(rows, said)

        async def quiet() -> bool:
            """Whether no company at all (deleted ones included) changed since the load's
            first answer; False when the PSA's answers carried no time."""
            stamp = began_stamp(answered)
            if stamp is None:
                return False
            since = CompanyFilter(include_deleted=True, changed_since=stamp)
            return await self.count_companies(since) == 0

        def url_length(params: dict[str, str]) -> int:
            url = api_url(self.base, self._codebase or "v2025_1/", COMPANIES)
            return len(str(httpx.URL(url, params={**params, "fields": COMPANY_FIELDS})))

        return CompanyLoader(
            flt,
            fetch,
            lambda: self.count_companies(flt),
            url_length,
            on_progress=on_progress,
            quiet=quiet,
            sink=sink,
        )

    async def create_company(self, body: Mapping[str, Any]) -> Company:
        """POST one new company; the company as the PSA stored it.

        Never repeated blindly: only a 429 (refused before processing) or a connection that
        never opened is retried. An answer that leaves open whether the company was created
        raises `OutcomeUnknown` (look the identifier up before trying again); a 400 raises
        `CompanyRejected` with the vendor's `errors[].field`.
        """
        codebase = await self._ensure_codebase()
        url = api_url(self.base, codebase, COMPANIES)
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {**self.credentials.headers(), "Content-Type": "application/json"}
        return await self._calls.post_company(url, COMPANIES, content, headers)

    async def company_by_identifier(self, identifier: str) -> Company | None:
        """The company with this identifier (compared case-insensitively), deleted or not."""
        if '"' in identifier or not identifier.strip():
            raise ValueError(f"cannot look up the identifier {identifier!r}")
        params = {
            "conditions": f'identifier = "{identifier}"',
            "fields": COMPANY_FIELDS,
            "pageSize": "25",
        }
        found = await self._api_get(COMPANIES, params, _COMPANIES.validate_json)
        wanted = identifier.casefold()
        return next((c for c in found if c.identifier.casefold() == wanted), None)

    async def company_sites(self, company_id: int) -> list[CompanySite]:
        """The first sites of one company, by id (one request: the preview of one company
        asks for it, never a load, so its cost is one request per company looked at)."""
        params = {"fields": SITE_FIELDS, "orderBy": "id asc", "pageSize": str(SITES_SHOWN_MAX)}
        path = f"{COMPANIES}/{company_id}/sites"
        return await self._api_get(path, params, _SITES.validate_json)

    async def _all(self, path: str, decode: Callable[[bytes], list[R]]) -> list[R]:
        """A small collection, keyset-paged by id at 1,000 so even a huge one is read whole.

        A page shorter than asked is the end only when it proves it (see `_last_setup_page`):
        a proxy or an older PSA may cap `pageSize` (at the vendor's default of 25, say), and
        a tenant with 30 types would otherwise lose five. A server that answers the keyset
        condition with ids it should have left out would page forever: that is an error.
        """
        rows: list[R] = []
        after: int | None = None
        while True:
            params = {"orderBy": "id asc", "pageSize": str(PAGE_SIZE)}
            if after is not None:
                params["conditions"] = f"id > {after}"
            answers: list[httpx.Response] = []
            page = await self._api_get(path, params, decode, answers.append)
            if after is not None and any(row.id <= after for row in page):
                raise self._explained(
                    IncompleteResult(
                        f"the PSA answered 'id > {after}' on {path} with ids up to {after}; "
                        "cannot read the list whole"
                    )
                )
            rows.extend(page)
            if _last_setup_page(len(page), names_next_page(answers[-1])):
                return rows
            after = page[-1].id

    async def _api_get(
        self,
        path: str,
        params: dict[str, str],
        decode: Callable[[bytes], T],
        seen: Callable[[httpx.Response], None] | None = None,
    ) -> T:
        """An authenticated API call; a 404 or "Cannot route" (whatever its status) triggers
        one codebase re-discovery and one retry. Errors leave with the tenant and causes.
        `seen` is shown the successful response (its headers: `Date`, `Link`)."""
        codebase = await self._ensure_codebase()
        headers = self.credentials.headers()

        async def get(codebase: str) -> T:
            url = api_url(self.base, codebase, path)
            return await self._calls.get(url, path, params, decode, headers=headers, seen=seen)

        try:
            try:
                return await get(codebase)
            except PSAError as error:
                if not (isinstance(error, NotFound) or is_cannot_route(error)):
                    raise
                fresh = await self._rediscover(codebase)
                if fresh is None:
                    raise
                return await get(fresh)
        except PSAError as error:
            raise self._explained(error) from None

    def _explained(self, error: PSAError, *, discovery: bool = False) -> PSAError:
        """`error` with the tenant, the site, the likely causes and `psamap doctor` added."""
        return explain_for(
            error, tenant=self.tenant, company_id=self.credentials.company_id, base=self.base,
            discovery=discovery,
        )  # fmt: skip

    async def _ensure_codebase(self) -> str:
        if self._codebase is None:
            async with self._discovery:
                if self._codebase is None:
                    self._codebase = await self._discover()
        return self._codebase

    async def _discover(self) -> str:
        """companyinfo's codebase; the site's hint only when companyinfo is not served (404)."""
        try:
            self._found = normalise_codebase((await self.company_info()).codebase)
            return self._found
        except NotFound as error:
            if self.codebase_hint is None or error.status != 404:
                raise
            return self.codebase_hint

    async def _rediscover(self, stale: str) -> str | None:
        """A new codebase after a 404, or None when the PSA still names the one that failed."""
        async with self._discovery:
            if self._codebase != stale:
                return self._codebase  # another request already moved on
            if self._confirmed == stale:
                return None
            self._codebase = await self._discover()
            if self._codebase == stale:
                self._confirmed = stale
                return None
            return self._codebase


def _last_setup_page(rows: int, more: bool | None) -> bool:
    """Whether a page of statuses or types (asked `PAGE_SIZE` at a time) is the last: it is
    shorter than the vendor's default page size (no server caps a page below it), or
    shorter than asked while its `Link` header names no next page. A full page, or a short
    one that proves nothing, is followed by one more keyset page (empty when it was the end).
    """
    if rows < VENDOR_DEFAULT_PAGE_SIZE:
        return True
    return rows < PAGE_SIZE and more is False

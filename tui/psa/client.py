"""`ConnectWiseClient`: the one way psamap talks to a ConnectWise PSA tenant.

One `httpx.AsyncClient` (HTTP/1.1 keep-alive, sized to the concurrency), one retry
policy, typed errors. The transport is the seam: tests and the embedded sandbox pass
their own `httpx.AsyncBaseTransport`, and nothing else changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import importlib.util
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import httpx
from pydantic import TypeAdapter

from tui.psa import offload
from tui.psa.auth import API_VERSION, Credentials, common_headers
from tui.psa.creating import created_company, unsent_or_unknown
from tui.psa.errors import (
    IncompleteResult,
    NotFound,
    PSAError,
    RateLimited,
    error_for_status,
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
from tui.psa.pacing import Pace
from tui.psa.paging import PAGE_SIZE, CompanyLoader, OnProgress, Page, Sink
from tui.psa.responses import decode_body, names_next_page, transport_failure
from tui.psa.retry import (
    OnWait,
    RetryPolicy,
    TryAgain,
    is_retryable_status,
    parse_retry_after,
    parse_retry_in_body,
)
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
#: Sites asked for in the one request a preview makes (a company with more shows these).
SITES_SHOWN_MAX = 50
_INFO = TypeAdapter(CompanyInfo)


@dataclass(slots=True)
class ClientStats:
    """What the client cost: requests sent (retries included), bytes read, retries, waits."""

    requests: int = 0
    bytes_received: int = 0
    retries: int = 0
    waits: int = 0
    #: Company pages whose `Link` header named a next page: the server sends Link headers.
    next_links: int = 0


#: Bodies at least this big are decoded off the event loop (`tui.psa.offload`): a page of
#: 1,000 companies is ~200 KB and 10-40 ms of CPU; a status list or a count stays inline.
OFF_LOOP_BYTES = 32_768

#: Holds at least this long (after a 429) are reported through `on_wait`.
PACING_NOTICE_SECONDS = 1.0


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
        self._scrubber = Scrubber(
            [
                *credential_forms(
                    credentials.company_id, credentials.public_key, credentials.private_key
                ),
                credentials.client_id,
            ]
        )
        self.stats = ClientStats()
        self._codebase = normalise_codebase(codebase) if codebase else None
        self._found: str | None = None  # the codebase companyinfo named to this client
        self._confirmed: str | None = None  # a codebase re-discovery confirmed after a 404
        self._discovery = asyncio.Lock()
        self._slots = asyncio.Semaphore(concurrency)
        self._retry = retry
        self._on_wait = on_wait
        self._resume_at = 0.0  # after a 429, no request leaves before this (retry clock)
        self._pace = Pace()
        self._time_watchers: list[list[float]] = []  # see `psa_times`
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        _remember_missing_sniffio()
        self._http = httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            limits=limits,
            headers=common_headers(api_version),
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"ConnectWiseClient({self.base!r}, company_id={self.credentials.company_id!r})"

    async def __aenter__(self) -> ConnectWiseClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the pooled connections."""
        await self._http.aclose()

    @property
    def retry_policy(self) -> RetryPolicy:
        """The policy every request retries by (a caller pacing its own repeats uses it too)."""
        return self._retry

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
                _, said = summarise_body(self._scrub(raw))
                raise NotFound(f"company id {company!r} at {self.base}: {said}", status=200)
            info = _INFO.validate_json(raw)
            if not info.codebase:
                raise NotFound(f"company id {company!r} at {self.base}: no codebase", status=200)
            return info

        return await self._get(url, where, {}, decode, authenticated=False)

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

    @contextlib.contextmanager
    def psa_times(self) -> Iterator[list[float]]:
        """The PSA's clock (each answer's `Date`) for every answer while the block runs: the
        company cache keeps the earliest as the moment its copy was proven exact."""
        times: list[float] = []
        self._time_watchers.append(times)
        try:
            yield times
        finally:
            self._time_watchers[:] = [w for w in self._time_watchers if w is not times]

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
            rows = await self._api_get(COMPANIES, params, _COMPACT.validate_json, seen)
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
        request = object()

        async def attempt() -> Company:
            await self._respect_rate_limit(request)
            async with self._slots:
                self.stats.requests += 1
                sent_at = self._retry.clock()
                try:
                    response = await self._http.post(url, content=content, headers=headers)
                except httpx.HTTPError as exc:
                    raise unsent_or_unknown(exc, COMPANIES) from None
            self.stats.bytes_received += response.num_bytes_downloaded
            if response.status_code == 429:
                self._pace.refused(self._retry.clock())
                raise self._failure(response, COMPANIES)
            if response.is_success:
                self._pace.succeeded(sent_at)
            return created_company(response, COMPANIES, self._scrub)

        return await self._retry.run(attempt, self._waiting)

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
        """A small collection, keyset-paged by id at 1,000 so even a huge one is read whole."""
        rows: list[R] = []
        after: int | None = None
        while True:
            params = {"orderBy": "id asc", "pageSize": str(PAGE_SIZE)}
            if after is not None:
                params["conditions"] = f"id > {after}"
            page = await self._api_get(path, params, decode)
            rows.extend(page)
            if len(page) < PAGE_SIZE:
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
        try:
            try:
                url = api_url(self.base, codebase, path)
                return await self._get(url, path, params, decode, seen=seen)
            except PSAError as error:
                if not (isinstance(error, NotFound) or is_cannot_route(error)):
                    raise
                fresh = await self._rediscover(codebase)
                if fresh is None:
                    raise
                url = api_url(self.base, fresh, path)
                return await self._get(url, path, params, decode, seen=seen)
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

    async def _get(
        self,
        url: str,
        where: str,
        params: dict[str, str],
        decode: Callable[[bytes], T],
        *,
        authenticated: bool = True,
        seen: Callable[[httpx.Response], None] | None = None,
    ) -> T:
        """One logical GET through the retry policy; `where` names it in error messages."""
        if "anyio._backends._asyncio" not in sys.modules:
            await offload.off_loop(_import_http_backend)
        headers = self.credentials.headers() if authenticated else None

        request = object()  # this logical request, for pacing its attempts

        async def attempt() -> T:
            await self._respect_rate_limit(request)
            async with self._slots:
                self.stats.requests += 1
                sent_at = self._retry.clock()
                try:
                    response, body = await self._read(url, params, headers)
                except httpx.HTTPError as exc:
                    raise transport_failure(exc, where) from None
            self.stats.bytes_received += response.num_bytes_downloaded
            if response.is_success:
                if authenticated:  # the login lookup is not rate limited like the API
                    self._pace.succeeded(sent_at)
                if seen is not None:
                    seen(response)
                if self._time_watchers and (at := response_time(response)) is not None:
                    for times in self._time_watchers:
                        times.append(at)
                if len(body) < OFF_LOOP_BYTES:
                    return decode_body(body, decode, where, self._scrub)
                return await offload.off_loop(decode_body, body, decode, where, self._scrub)
            if response.status_code == 429:
                self._pace.refused(self._retry.clock())
            raise self._failure(response, where, body)

        return await self._retry.run(attempt, self._waiting)

    async def _read(
        self, url: str, params: dict[str, str], headers: dict[str, str] | None
    ) -> tuple[httpx.Response, bytes]:
        """GET `url`; the response and its whole body, which only the caller holds.

        Not `response.content`: httpx's response and its stream refer to each other, so a
        body kept on the response lives until the cyclic collector runs. A big load pauses
        the collector (`tui.core.gc_pause`) and then freezes what is alive, which kept
        every page read (~90 MB at 200,000 companies) for good.
        """
        request = self._http.build_request("GET", url, params=params, headers=headers)
        response = await self._http.send(request, stream=True)
        try:
            body = b"".join([part async for part in response.aiter_bytes()])
        finally:
            await response.aclose()
        return response, body

    def _failure(
        self, response: httpx.Response, where: str, content: bytes | None = None
    ) -> PSAError | TryAgain:
        """What a failed answer means; `content` is its body when it was read apart."""
        status = response.status_code
        body = self._scrub(response.content if content is None else content)
        error = error_for_status(status, response.reason_phrase, where, body)
        if status == 429:
            wait = parse_retry_after(response.headers.get("Retry-After"), self._retry.wall_clock())
            if wait is None:  # "Please try again in 30 seconds." in the body, when it says so
                wait = parse_retry_in_body(body)
            if isinstance(error, RateLimited):  # always, for a 429
                error.retry_after = wait
            if wait is not None:
                wait = min(wait, self._retry.retry_after_cap)
                self._resume_at = max(self._resume_at, self._retry.clock() + wait)
            return TryAgain("rate limit", error, wait, rate_limited=True)
        if is_retryable_status(status):
            return TryAgain(f"server error {status}", error)
        return error

    async def _respect_rate_limit(self, request: object) -> None:
        """After a 429, hold every request (not just the refused one) until the PSA is ready,
        then let them leave paced rather than all at once."""
        now = self._retry.clock()
        delay = self._pace.start(max(now, self._resume_at), request) - now
        if delay > 0:
            self.stats.waits += 1
            # A long hold is worth showing ("waiting, not frozen"); short pacing gaps are not.
            if delay >= PACING_NOTICE_SECONDS and self._on_wait is not None:
                self._on_wait(delay, "rate limit")
            await self._retry.sleep(delay)

    def _scrub(self, body: bytes) -> bytes:
        """A body without our own secrets, before any of it goes into an error message: a
        proxy may echo the request headers (Authorization, clientId) in its error page,
        raw, decoded, JSON-escaped or URL-encoded (see `tui.psa.scrub`)."""
        return self._scrubber.body(body)

    def _waiting(self, seconds: float, reason: str) -> None:
        self.stats.retries += 1
        self.stats.waits += 1
        if self._on_wait is not None:
            self._on_wait(seconds, reason)

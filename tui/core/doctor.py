"""`psamap doctor`: check one tenant's connection step by step and say exactly what to fix.

The steps follow the order in which a first connection fails: the config (file,
permissions, secrets resolvable), the site (which API base URL psamap will call, and
whether it answers), companyinfo (codebase, version, cloud), auth (the API member's
keys), the clientId, permissions (statuses, types and companies readable, with counts)
and the version pin against the server's. A step that cannot run because an earlier one
failed says so. The CLI prints the steps and the TUI's tenant picker shows them; neither
ever shows a secret: every detail is scrubbed of the keys, the clientId and the Basic
token in every spelling a server might echo them in (`tui.psa.scrub`).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.psa.errors import (
    AuthError,
    InvalidRequest,
    NotFound,
    PermissionDenied,
    PSAError,
    ServiceUnavailable,
    is_cannot_route,
)
from tui.psa.filter import CompanyFilter
from tui.psa.scrub import Scrubber, credential_forms
from tui.psa.site import api_url, resolve_site

if TYPE_CHECKING:
    import httpx

    from tui.core.config import TenantConfig
    from tui.psa.auth import Credentials
    from tui.psa.client import ConnectWiseClient
    from tui.psa.models import CompanyInfo

STEPS = ("config", "site", "companyinfo", "auth", "client_id", "permissions", "version")
_VERSION = re.compile(r"(\d{4})\.(\d+)")


@dataclass(frozen=True, slots=True)
class Step:
    """One check: its name, whether it passed, what was found, and the exact fix if not."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    #: Not run because an earlier step failed (it counts as not passed).
    skipped: bool = False


@dataclass(slots=True)
class Checkup:
    """Every step for one tenant, in order; `ok` when all passed."""

    tenant: str
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    def failed(self) -> list[Step]:
        """The steps that did not pass (the first is the one to fix first)."""
        return [step for step in self.steps if not step.ok]

    def as_json(self) -> dict[str, Any]:
        """`{"tenant", "ok", "steps": [{"name", "ok", "detail", "fix"}]}` (the contract's)."""
        return {
            "tenant": self.tenant,
            "ok": self.ok,
            "steps": [
                {"name": s.name, "ok": s.ok, "detail": s.detail, "fix": s.fix} for s in self.steps
            ],
        }


def skipped(name: str, after: str) -> Step:
    """A step left out because `after` failed."""
    return Step(name, False, f"not checked: {after} failed", f"fix {after} first", skipped=True)


class _Stop(Exception):
    """A step failed in a way that leaves the later steps nothing to check."""


async def check_tenant(
    tenant: TenantConfig,
    *,
    config_path: Path | None,
    warnings: Iterable[str] = (),
    client_factory: Callable[[], ConnectWiseClient] | None = None,
) -> Checkup:
    """Run every step against `tenant`; never raises for a PSA or config problem."""
    checkup = _Run(tenant, config_path, list(warnings), client_factory)
    await checkup.run()
    return checkup.result


class _Run:
    """One doctor run: the steps so far and what earlier steps learnt for later ones."""

    def __init__(
        self,
        tenant: TenantConfig,
        config_path: Path | None,
        warnings: list[str],
        client_factory: Callable[[], ConnectWiseClient] | None,
    ) -> None:
        self.tenant = tenant
        self.config_path = config_path
        self.warnings = warnings
        self.client_factory = client_factory or tenant.client
        self.result = Checkup(tenant.name)
        self.credentials: Credentials | None = None
        self.info: CompanyInfo | None = None
        self.server_version: str | None = None
        self.scrubber: Scrubber | None = None

    def add(self, name: str, ok: bool, detail: str, fix: str = "") -> None:
        scrub = self._scrub
        self.result.steps.append(Step(name, ok, scrub(detail), scrub(fix)))

    def skip_rest(self, after: str) -> None:
        for name in STEPS[len(self.result.steps) :]:
            self.result.steps.append(skipped(name, after))

    async def run(self) -> None:
        try:
            self._config()
            client = self.client_factory()
            async with client:
                await self._site_and_companyinfo(client)
                await self._auth_and_client_id(client)
                await self._permissions(client)
                self._version()
        except _Stop as stop:
            self.skip_rest(str(stop))

    # --- the steps -----------------------------------------------------------------------

    def _config(self) -> None:
        from tui.core.config import ConfigError

        where = f"[tenants.{self.tenant.name}]" + (
            f" in {self.config_path}"
            if self.config_path
            else " (built-in demo)"
            if self.tenant.demo
            else ""
        )
        try:
            self.credentials = self.tenant.credentials()
        except ConfigError as error:
            fix = f"set the {error.field or 'secret'} source so psamap can read it"
            self.add("config", False, f"{where}: {error.problem}", fix)
            raise _Stop("config") from None
        for warning in self.warnings:
            if self.config_path is not None and str(self.config_path) in warning:
                self.add("config", False, f"{where}: {warning}", f"chmod 600 {self.config_path}")
                return
        self.add("config", True, f"{where}: secrets resolved (private_key, client_id)")

    async def _site_and_companyinfo(self, client: ConnectWiseClient) -> None:
        address = resolve_site(self.tenant.site)
        try:
            info = await client.company_info()
        except ServiceUnavailable as error:
            self.add(
                "site",
                False,
                f"{address.base} does not answer: {_first_part(error)}",
                "check site: the host name (a cloud site is na/eu/au/aus/za"
                ".myconnectwise.net), the network, a proxy or the TLS certificate",
            )
            raise _Stop("site") from None
        except NotFound as error:
            if error.status == 404 and client.codebase_hint is None:
                self.add(
                    "site",
                    False,
                    f"{address.base} answers, but not as ConnectWise PSA (no /login/companyinfo)",
                    "check site: give the PSA's host, or its "
                    "full API base URL (https://HOST/v4_6_release/apis/3.0)",
                )
                raise _Stop("site") from None
            if error.status == 404:
                self._site_ok(client, address.base, client.codebase_hint)
                self.add(
                    "companyinfo",
                    True,
                    "not served at this site; using the codebase the "
                    f"site names ({client.codebase_hint})",
                )
                return
            self._site_ok(client, address.base, None)
            self.add(
                "companyinfo",
                False,
                _first_part(error).replace("company id", "company_id", 1),
                "set company_id to the company you type on the PSA login page, and check "
                "site is that PSA's",
            )
            raise _Stop("companyinfo") from None
        except PSAError as error:
            self._site_ok(client, address.base, None)
            self.add("companyinfo", False, _first_part(error), "check site and company_id")
            raise _Stop("companyinfo") from None
        self.info = info
        codebase = self.tenant.codebase or info.codebase
        self._site_ok(client, address.base, codebase)
        cloud = "cloud" if str(info.is_cloud).lower() == "true" else "on-premise"
        version = info.version_code or info.version_number or "unknown version"
        detail = f"codebase {info.codebase}, {version}, {cloud}"
        if self.tenant.codebase and self.tenant.codebase != info.codebase:
            self.add(
                "companyinfo",
                False,
                f"{detail}; the config pins codebase {self.tenant.codebase}",
                f"remove codebase from [tenants."
                f"{self.tenant.name}] (psamap finds it) or set it to {info.codebase!r}",
            )
            return
        self.add("companyinfo", True, detail)

    def _site_ok(self, client: ConnectWiseClient, base: str, codebase: str | None) -> None:
        url = api_url(base, codebase or "<codebase>", "").rstrip("/")
        note = "" if base.startswith("http://") or "://api-" not in base else " (cloud API host)"
        self.add("site", True, f"API base URL {url}{note}")

    async def _auth_and_client_id(self, client: ConnectWiseClient) -> None:
        try:
            info = await client.system_info()
        except AuthError as error:
            self._auth_failed(error)
        except NotFound as error:
            if is_cannot_route(error):
                self.add("auth", False, error.message, "check company_id and site")
                raise _Stop("auth") from None
            self._auth_failed(error)  # the cloud answers bad keys with 404
        except InvalidRequest as error:
            if is_cannot_route(error):
                self.add("auth", False, error.message, "check company_id and site")
                raise _Stop("auth") from None
            self.add("auth", True, "keys not refused (the PSA stopped at the clientId)")
            self._client_id_failed(error)
        except PermissionDenied:
            self.add("auth", True, "keys accepted")
            self.add("client_id", True, "accepted")
        except PSAError as error:
            self.add("auth", False, error.message, "retry later; the PSA is failing")
            raise _Stop("auth") from None
        else:
            version = info.get("version")
            self.server_version = str(version) if version else None
            self.add("auth", True, f"keys accepted for company {self.tenant.company_id!r}")
            self.add("client_id", True, "accepted")

    def _auth_failed(self, error: PSAError) -> None:
        text = error.message.lower()
        if "clientid" in text or "client id" in text:
            self.add("auth", True, "keys not refused (the PSA stopped at the clientId)")
            self._client_id_failed(error)
        self.add(
            "auth",
            False,
            _first_part(error),
            f"check public_key and private_key in [tenants.{self.tenant.name}]: they are "
            "an API member's keys (System > Members > API Members), made for company "
            f"{self.tenant.company_id!r}; the cloud answers bad keys with 404 or 401",
        )
        raise _Stop("auth")

    def _client_id_failed(self, error: PSAError) -> None:
        self.add(
            "client_id",
            False,
            _first_part(error),
            "set client_id to the clientId registered for this integration at "
            "https://developer.connectwise.com/ClientID",
        )
        raise _Stop("client_id")

    async def _permissions(self, client: ConnectWiseClient) -> None:
        async def count(what: str) -> int:
            if what == "companies":
                return await client.count_companies(CompanyFilter())
            items = await (client.statuses() if what == "statuses" else client.types())
            return len(items)

        names = ("statuses", "types", "companies")
        results = await asyncio.gather(*(count(n) for n in names), return_exceptions=True)
        found: list[str] = []
        refused: list[str] = []
        for name, result in zip(names, results, strict=True):
            if isinstance(result, PermissionDenied):
                refused.append(name)
            elif isinstance(result, BaseException):
                self.add(
                    "permissions",
                    False,
                    f"{name}: {_first_part(result)}",
                    "retry; if it persists, see the message",
                )
                raise _Stop("permissions")
            else:
                found.append(
                    f"{name} {result:,}" + (" (not deleted)" if name == "companies" else "")
                )
        if refused:
            self.add(
                "permissions",
                False,
                f"not readable: {', '.join(refused)}"
                + (f" (readable: {', '.join(found)})" if found else ""),
                "give the API member's security role Inquire on Companies > Company "
                "Maintenance (companies) and System > Table Setup (statuses, types)",
            )
            return
        self.add("permissions", True, "readable: " + ", ".join(found))

    def _version(self) -> None:
        pin = self.tenant.api_version
        candidates = [
            self.info.version_code if self.info else None,
            self.server_version,
            self.info.version_number if self.info else None,
        ]
        server = next((v for v in candidates if v and _VERSION.search(v)), None)
        if server is None:
            self.add("version", True, f"pinned {pin}; the server's version is not reported")
            return
        server_version = _as_tuple(server)
        pinned = _as_tuple(pin)
        if pinned is not None and server_version is not None and server_version < pinned:
            short = ".".join(map(str, server_version))
            self.add(
                "version",
                False,
                f"the server runs {server} (API {short}), older than the pinned api_version {pin}",
                f'set api_version = "{short}" in [tenants.{self.tenant.name}]',
            )
            return
        self.add("version", True, f"pinned {pin}; the server runs {server}")

    # --- never a secret ------------------------------------------------------------------

    def _scrub(self, text: str) -> str:
        creds = self.credentials
        if creds is None:
            return text
        if self.scrubber is None:
            forms = credential_forms(creds.company_id, creds.public_key, creds.private_key)
            self.scrubber = Scrubber([*forms, creds.client_id])
        return self.scrubber.text(text)


def _as_tuple(version: str) -> tuple[int, int] | None:
    match = _VERSION.search(version)
    return None if match is None else (int(match.group(1)), int(match.group(2)))


def _first_part(error: BaseException) -> str:
    """An error's own words, without the tenant/causes tail the client adds."""
    return str(error).split(" (tenant ")[0]


def client_for_doctor(
    tenant: TenantConfig, transport: httpx.AsyncBaseTransport | None = None
) -> Callable[[], ConnectWiseClient]:
    """A client factory that fails fast: a doctor should not wait out a long retry budget."""
    from tui.psa.retry import RetryPolicy

    quick = RetryPolicy(attempts=2, deadline=20.0)
    return lambda: tenant.client(transport, retry=quick)
